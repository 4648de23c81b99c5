//! What `POST /balance.do` sends besides its body and reads of its answer,
//! checked against the generated operation (see `crate::declared`).

use atlas_pay_gen::operations::balance::Balance;

use crate::declared::{Declared, JSON_POST_WITH_CREDENTIALS};

impl Declared for Balance {
    const SENDS: atlas_pay_gen::drift::Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &[
        "accountBalance",
        "accountBalance.amount",
        "accountBalance.currency",
        "msg",
        "status",
    ];
}
