//! An operation as a type: what a caller needs to send the generated request
//! type and decode the generated answer type without the generated builder.
//!
//! Each operation's marker type (`operations::<module>::<Marker>`) implements
//! [`Operation`] in the generated `operation_types.rs`. A generic send (such
//! as `atlas-pay`'s) takes the method, path, success statuses and both types
//! from here, so nothing about an operation's wire form is written twice.

/// One operation of the effective document.
pub trait Operation {
    /// The `operationId`.
    const OPERATION_ID: &'static str;
    /// The HTTP method, upper case.
    const METHOD: &'static str;
    /// The path, appended to the client's base URL.
    const PATH: &'static str;
    /// The documented success statuses (every 2xx response).
    const SUCCESS_STATUSES: &'static [u16];
    /// Everything the operation takes besides its body.
    const TAKES: crate::drift::Takes;
    /// Every field its success answer declares.
    const ANSWER_FIELDS: &'static [&'static str];
    /// The generated type of the request body.
    type Body: serde::Serialize;
    /// The generated type of the success answer.
    type Answer: serde::de::DeserializeOwned;
}
