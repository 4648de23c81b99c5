//! What to look up.

use std::fmt;

use super::error::QueryOrderRefusal;

/// An order query: by Atlas order number, or by the Atlas PNR (`pnrCode`).
///
/// `&str` and `String` convert into a query by order number.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct QueryOrder {
    pub(crate) order_no: Option<String>,
    pub(crate) pnr_code: Option<String>,
}

impl QueryOrder {
    /// Looks an order up by its Atlas order number.
    pub fn order_no(order_no: impl Into<String>) -> Self {
        Self {
            order_no: Some(order_no.into()),
            pnr_code: None,
        }
    }

    /// Looks an order up by its Atlas PNR (`pnrCode`, the single reference
    /// for the booking).
    pub fn pnr_code(pnr_code: impl Into<String>) -> Self {
        Self {
            order_no: None,
            pnr_code: Some(pnr_code.into()),
        }
    }

    /// Adds the Atlas PNR to a query by order number (Atlas checks that both
    /// belong to the same order: 704 otherwise).
    pub fn and_pnr_code(mut self, pnr_code: impl Into<String>) -> Self {
        self.pnr_code = Some(pnr_code.into());
        self
    }

    /// The generated request body, or why there is none.
    pub(crate) fn body(&self) -> Result<atlas_pay_gen::types::QueryOrderBody, QueryOrderRefusal> {
        let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
        if blank(&self.order_no) && blank(&self.pnr_code) {
            return Err(QueryOrderRefusal::NoKey);
        }
        let mut body = atlas_pay_gen::types::QueryOrderBody::new();
        body.order_no = self.order_no.clone();
        body.pnr_code = self.pnr_code.clone();
        Ok(body)
    }

    /// What the query names, for logs and tracing.
    pub(crate) fn label(&self) -> &str {
        self.order_no
            .as_deref()
            .or(self.pnr_code.as_deref())
            .unwrap_or_default()
    }
}

impl fmt::Debug for QueryOrder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("QueryOrder")
            .field("order_no", &self.order_no)
            .field("pnr_code", &self.pnr_code)
            .finish()
    }
}

impl From<&str> for QueryOrder {
    fn from(order_no: &str) -> Self {
        QueryOrder::order_no(order_no)
    }
}

impl From<String> for QueryOrder {
    fn from(order_no: String) -> Self {
        QueryOrder::order_no(order_no)
    }
}

impl From<&String> for QueryOrder {
    fn from(order_no: &String) -> Self {
        QueryOrder::order_no(order_no.as_str())
    }
}
