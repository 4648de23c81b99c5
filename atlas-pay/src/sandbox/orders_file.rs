//! Reading orders from JSON (the standalone binary's `--orders` file): every
//! unknown field and bad value is an error naming where it is, so a typo never
//! silently becomes a default.

use std::collections::HashSet;

use super::book::SandboxOrder;
use crate::card::CardType;

/// Why an orders file was refused. Nothing is served from a refused file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrdersError {
    at: String,
    reason: String,
}

impl OrdersError {
    fn new(at: impl Into<String>, reason: impl Into<String>) -> Self {
        Self {
            at: at.into(),
            reason: reason.into(),
        }
    }

    /// Where the error is: a path such as `[1].state`, or `.` for the whole file.
    pub fn at(&self) -> &str {
        &self.at
    }

    /// What is wrong there.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Parses a JSON array of orders and checks every value.
///
/// Refused: anything but an array, unknown fields (at any depth), values of
/// the wrong type or outside their enum, an empty or duplicate `orderNo`, a
/// `supportCreditTransPayment` other than "0" or "1", and a `cardType` Atlas
/// does not know.
pub fn parse_orders(text: &str) -> Result<Vec<SandboxOrder>, OrdersError> {
    let deserializer = &mut serde_json::Deserializer::from_str(text);
    let orders: Vec<SandboxOrder> =
        serde_path_to_error::deserialize(deserializer).map_err(|e| {
            let at = e.path().to_string();
            OrdersError::new(at, strip_position(&e.inner().to_string()))
        })?;
    let mut seen = HashSet::new();
    for (index, order) in orders.iter().enumerate() {
        let at = |field: &str| format!("[{index}].{field}");
        if order.order_no.trim().is_empty() {
            return Err(OrdersError::new(at("orderNo"), "empty"));
        }
        if !seen.insert(order.order_no.as_str()) {
            return Err(OrdersError::new(
                at("orderNo"),
                format!("{:?} appears twice", order.order_no),
            ));
        }
        if let Some(card_type) = &order.card_type
            && let Err(e) = card_type.parse::<CardType>()
        {
            return Err(OrdersError::new(at("cardType"), e.to_string()));
        }
    }
    Ok(orders)
}

/// serde_json appends " at line L column C"; the path already says where.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_owned(),
        None => message.to_owned(),
    }
}

impl std::fmt::Display for OrdersError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.at, self.reason)
    }
}

impl std::error::Error for OrdersError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sandbox::{Fault, OrderState};

    #[test]
    fn a_valid_file_reads_every_field() {
        let orders = parse_orders(
            r#"[{"orderNo": "A1"},
                {"orderNo": "A2", "state": "ticketed", "amount": 5, "cardType": "Visa"},
                {"orderNo": "A3", "fault": {"kind": "delay", "ms": 10}}]"#,
        )
        .unwrap();
        assert_eq!(orders.len(), 3);
        assert_eq!(orders[1].state, OrderState::Ticketed);
        assert_eq!(orders[1].amount, 5);
        assert_eq!(orders[2].fault, Some(Fault::Delay { ms: 10 }));
    }

    #[test]
    fn every_mistake_is_named_where_it_is() {
        let cases = [
            (r#"[{"orderNo": "A1", "stat": "ticketed"}]"#, "[0]", "stat"),
            (
                r#"[{"orderNo": "A1"}, {"orderNo": "A2", "state": "paid"}]"#,
                "[1].state",
                "paid",
            ),
            (r#"[{"orderNo": "A1", "amount": -5}]"#, "[0].amount", "-5"),
            (
                r#"[{"orderNo": "A1", "fault": {"kind": "delay", "ms": 5, "jitter": 1}}]"#,
                "[0].fault",
                "jitter",
            ),
            (
                r#"[{"orderNo": "A1", "fault": {"kind": "boom"}}]"#,
                "[0].fault",
                "boom",
            ),
            (r#"[{"orderNo": ""}]"#, "[0].orderNo", "empty"),
            (
                r#"[{"orderNo": "A1"}, {"orderNo": "A1"}]"#,
                "[1].orderNo",
                "twice",
            ),
            (
                r#"[{"orderNo": "A1", "supportCreditTransPayment": "2"}]"#,
                "[0].supportCreditTransPayment",
                "\"2\"",
            ),
            (
                r#"[{"orderNo": "A1", "cardType": "Visaa"}]"#,
                "[0].cardType",
                "Visaa",
            ),
            (r#"{"orderNo": "A1"}"#, ".", "sequence"),
        ];
        for (text, at, names) in cases {
            let error = parse_orders(text).expect_err(text);
            assert!(error.at().starts_with(at), "{text}: {error}");
            assert!(error.reason().contains(names), "{text}: {error}");
            assert!(!error.to_string().contains("line 1"), "{error}");
        }
    }
}
