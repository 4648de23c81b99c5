//! What `POST /queryRefundOrders.do` sends besides its body and reads of its
//! answer, checked against the generated operation (see `crate::declared`).

use atlas_pay_gen::operations::query_refund::QueryRefund;

use crate::declared::{Declared, JSON_POST_WITH_CREDENTIALS};

impl Declared for QueryRefund {
    const SENDS: atlas_pay_gen::drift::Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "msg",
        "refundOrders",
        "refundOrders[].cancelReason",
        "refundOrders[].expectedRefundDate",
        "refundOrders[].orderNo",
        "refundOrders[].refundCode",
        "refundOrders[].refundFareAmount",
        "refundOrders[].refundFareAmount.currency",
        "refundOrders[].refundFareAmount.estimatedRefundAmount",
        "refundOrders[].refundMethod",
        "refundOrders[].refundStatus",
        "status",
    ];
}
