//! What `POST /queryOrderDetails.do` sends besides its body and reads of its
//! answer, checked against the generated operation (see `crate::declared`).

use atlas_pay_gen::operations::query_order::QueryOrder;

use crate::declared::{Declared, JSON_POST_WITH_CREDENTIALS};

impl Declared for QueryOrder {
    const SENDS: atlas_pay_gen::drift::Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "currency",
        "msg",
        "orderNo",
        "orderStatus",
        "paxTicketInfos",
        "paxTicketInfos[].airlinePNRs",
        "paxTicketInfos[].birthday",
        "paxTicketInfos[].cardNum",
        "paxTicketInfos[].contactEmails",
        "paxTicketInfos[].contactPhones",
        "paxTicketInfos[].name",
        "paxTicketInfos[].passengerType",
        "paxTicketInfos[].ticketNos",
        "paymentAttempted",
        "paymentMethod",
        "pnrCode",
        "status",
        "ticketStatus",
        "tktLimitTime",
        "totalPrice",
    ];
}
