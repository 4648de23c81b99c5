//! What `POST /event/getPageList.do` sends besides its body and reads of its
//! answer, checked against the generated operation (see `crate::declared`).

use atlas_pay_gen::operations::list_incidents::ListIncidents;

use crate::declared::{Declared, JSON_POST_WITH_CREDENTIALS};

impl Declared for ListIncidents {
    const SENDS: atlas_pay_gen::drift::Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "msg",
        "records",
        "records[].airline",
        "records[].eventId",
        "records[].eventStatus",
        "records[].eventType",
        "records[].orderNo",
        "records[].pnr",
        "status",
        "total",
    ];
}
