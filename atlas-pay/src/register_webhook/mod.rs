//! `POST /updateWebhookURL.do`: registering the URL Atlas POSTs its
//! notifications to. [`Client::register_webhook`] is the entry point; the
//! notifications are read with [`Event::from_slice`](crate::Event::from_slice)
//! (and, with the `webhook` feature, received by
//! `atlas_pay::webhook::router`).
//!
//! Atlas signs nothing and promises nothing (best effort): put the URL behind
//! the service's own protection (a secret path segment, an allow-list), and
//! confirm every notification by query before acting on it.

mod declared;

use atlas_pay_gen::operations::register_webhook::RegisterWebhook;
use atlas_pay_gen::types::{RegisterWebhookBody, RegisterWebhookResponse};

use crate::answer::{AtlasAnswer, VendorMessage};
use crate::client::Client;
use crate::error::{Code, Error, Refusal};
use crate::transport;

/// A registration that did not succeed. Its page documents no status codes
/// of its own ([`Code`]).
pub type RegisterWebhookError = Error<Code>;

impl AtlasAnswer for RegisterWebhookResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// Atlas registered the URL: notifications go there from now on.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WebhookRegistered {
    /// The URL registered, as sent.
    pub url: String,
    /// Atlas's message (for humans; masked).
    pub message: Option<VendorMessage>,
}

impl Client {
    /// Registers the URL Atlas POSTs its notifications to
    /// (`POST /updateWebhookURL.do`), replacing any earlier one.
    ///
    /// Refused before sending: a URL that is not absolute `http` or `https`,
    /// or that carries a user name or password (they would travel to Atlas
    /// and back in every notification request). Not resent by the client.
    pub async fn register_webhook(
        &self,
        url: &str,
    ) -> Result<WebhookRegistered, RegisterWebhookError> {
        transport::traced(
            atlas_pay_gen::operations::register_webhook::OPERATION_ID,
            "webhook",
            None,
            send(self.http(), url),
        )
        .await
    }
}

async fn send(
    http: &transport::Http,
    url: &str,
) -> Result<WebhookRegistered, RegisterWebhookError> {
    check(url).map_err(|why| Error::NotSent(Refusal::Argument(why)))?;
    let body = RegisterWebhookBody::new(url.to_owned());
    let answer = transport::send::<RegisterWebhook, Code>(http, &body, None).await?;
    Ok(WebhookRegistered {
        url: url.to_owned(),
        message: answer.message().map(VendorMessage::from),
    })
}

/// Why a URL cannot be registered, if it cannot.
fn check(url: &str) -> Result<(), &'static str> {
    let parsed = url::Url::parse(url).map_err(|_| "the webhook URL is not an absolute URL")?;
    if !matches!(parsed.scheme(), "http" | "https") || parsed.host_str().is_none() {
        return Err("the webhook URL must be http or https, with a host");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err("the webhook URL must not carry a user name or password");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Declared;

    #[test]
    fn only_absolute_http_urls_without_credentials_are_sent() {
        assert!(check("https://example.com/atlas/7f3a9c").is_ok());
        assert!(check("http://127.0.0.1:8080/hooks").is_ok());
        for bad in [
            "",
            "/relative",
            "ftp://example.com/x",
            "https://user:secret@example.com/x",
            "mailto:ops@example.com",
        ] {
            assert!(check(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_declared_reads_are_what_the_registration_view_reads() {
        let sample = serde_json::json!({"status": 0, "msg": "success"});
        crate::answer::assert_reads_are_honest(
            <RegisterWebhook as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <RegisterWebhook as Declared>::READS,
            &sample,
            |answer| {
                let answer: RegisterWebhookResponse = serde_json::from_value(answer.clone()).ok()?;
                Some(format!("{} {:?}", answer.status_code(), answer.message()))
            },
        );
    }
}
