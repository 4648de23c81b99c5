//! `POST /balance.do`: the deposit account's balance in one settlement
//! currency. [`Client::balance`] is the entry point.

mod declared;

use std::fmt;

use atlas_pay_gen::operations::balance::Balance as BalanceOperation;
use atlas_pay_gen::types::{BalanceBody, BalanceResponse};

use crate::answer::AtlasAnswer;
use crate::client::Client;
use crate::error::{Code, Error, Refusal, UnknownReason};
use crate::transport;

/// A deposit-balance call that did not succeed. Its page documents no
/// status codes of its own ([`Code`]).
pub type BalanceError = Error<Code>;

impl AtlasAnswer for BalanceResponse {
    fn status_code(&self) -> i64 {
        self.status
    }

    fn message(&self) -> Option<&str> {
        self.msg.as_ref().map(|msg| msg.0.as_str())
    }
}

/// A deposit account's balance, as Atlas answered it.
///
/// Atlas advises using the amount for operational checks only (is there
/// enough for the payments about to be made?), not for accounting.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Balance {
    /// The amount left in the deposit account (a JSON number in Atlas's
    /// answer).
    pub amount: f64,
    /// The settlement currency of the account (ISO 4217), as asked.
    pub currency: String,
}

impl fmt::Display for Balance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.2} {}", self.amount, self.currency)
    }
}

impl Client {
    /// The deposit balance in `currency` (`POST /balance.do`), an ISO 4217
    /// code such as `"USD"`: deposit payments of orders settled in that
    /// currency draw on it.
    ///
    /// Read-only: a failure changes nothing, and asking again is safe
    /// ([`Error::is_transient`] says whether it may help). The client does
    /// not retry it by itself.
    pub async fn balance(&self, currency: &str) -> Result<Balance, BalanceError> {
        transport::traced(
            atlas_pay_gen::operations::balance::OPERATION_ID,
            currency,
            None,
            send(self.http(), currency),
        )
        .await
    }
}

async fn send(http: &transport::Http, currency: &str) -> Result<Balance, BalanceError> {
    if currency.len() != 3 || !currency.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(Error::NotSent(Refusal::Argument(
            "the currency is not an ISO 4217 code (three capital letters)",
        )));
    }
    let body = BalanceBody::new(currency.to_owned());
    let answer = transport::send::<BalanceOperation, Code>(http, &body, None).await?;
    let account = answer.account_balance.ok_or(Error::unknown(
        UnknownReason::Incomplete("the account balance"),
    ))?;
    if account.currency != currency {
        return Err(Error::unknown(UnknownReason::EchoMismatch {
            field: "accountBalance.currency",
            echoed: Some(account.currency),
        }));
    }
    Ok(Balance {
        amount: account.amount,
        currency: account.currency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::declared::Declared;

    #[test]
    fn the_declared_reads_are_what_the_balance_view_reads() {
        let sample = serde_json::json!({
            "accountBalance": {"amount": 12308007.89, "currency": "USD"},
            "status": 0, "msg": "success"
        });
        crate::answer::assert_reads_are_honest(
            <BalanceOperation as atlas_pay_gen::Operation>::ANSWER_FIELDS,
            <BalanceOperation as Declared>::READS,
            &sample,
            |answer| {
                let answer: BalanceResponse = serde_json::from_value(answer.clone()).ok()?;
                let head = format!("{} {:?}", answer.status_code(), answer.message());
                Some(format!("{head} {:?}", answer.account_balance))
            },
        );
    }
}
