//! What `POST /updateWebhookURL.do` sends besides its body and reads of its
//! answer, checked against the generated operation (see `crate::declared`).

use atlas_pay_gen::operations::register_webhook::RegisterWebhook;

use crate::declared::{Declared, JSON_POST_WITH_CREDENTIALS};

impl Declared for RegisterWebhook {
    const SENDS: atlas_pay_gen::drift::Sends = JSON_POST_WITH_CREDENTIALS;
    const READS: &'static [&'static str] = &["msg", "status"];
}
