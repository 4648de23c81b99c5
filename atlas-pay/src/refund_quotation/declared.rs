//! What `POST /refundQuotation.do` sends besides its body and reads of its
//! answer, checked against the generated operation (see `crate::declared`).

use atlas_pay_gen::operations::refund_quotation::RefundQuotation;

use crate::declared::{Declared, JSON_POST_WITH_CREDENTIALS};

impl Declared for RefundQuotation {
    const SENDS: atlas_pay_gen::drift::Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "expectedRefundDate",
        "isRefundable",
        "msg",
        "orderNo",
        "refundFareAmount",
        "refundFareAmount.currency",
        "refundFareAmount.estimatedRefundAmount",
        "refundMethod",
        "refundOfferId",
        "refundQuoteType",
        "serviceFee",
        "serviceFee.currency",
        "serviceFee.transactionFee",
        "status",
    ];
}
