//! The transport every operation shares: one JSON `POST` with the generated
//! body type, the headers the generated operation would send (credentials,
//! `Accept`), gzip, a bounded answer, and the classification of transport
//! failures into "never delivered" and "outcome unknown".
//!
//! Each operation module (`pay`, `query`) turns an [`Answer`] or a
//! [`Failure`] into its own typed result; this module knows nothing about
//! payments or orders.

use std::fmt;

use reqwest::header::HeaderMap;
use reqwest::{Method, Url};
use serde::Serialize;

/// The most bytes of an answer's body the client reads (after
/// decompression): 1 MiB. Atlas answers a payment with a few hundred bytes and
/// an order query with a few tens of kilobytes, a proxy's error page with a
/// few kilobytes; anything longer is cut off and reported as
/// [`UnknownReason::OversizedBody`], so a misbehaving server cannot make the
/// client buffer without bound.
pub const MAX_ANSWER_BYTES: usize = 1 << 20;

/// Why the outcome of a sent request is unknown.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UnknownReason {
    /// No complete answer within the client's timeout.
    Timeout,
    /// The connection failed after the request may have been written.
    ConnectionLost,
    /// An HTTP status other than 200 without a readable Atlas status.
    Http(u16),
    /// A body that is not the documented JSON.
    UndecodableBody,
    /// A body longer than the client reads ([`MAX_ANSWER_BYTES`]); the rest
    /// was not read.
    OversizedBody,
    /// Success was reported for a different order than the one sent.
    EchoMismatch {
        /// The order number Atlas echoed, if any.
        echoed: Option<String>,
    },
}

impl fmt::Display for UnknownReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UnknownReason::Timeout => f.write_str("no answer within the timeout"),
            UnknownReason::ConnectionLost => {
                f.write_str("the connection failed after the request may have been written")
            }
            UnknownReason::Http(code) => write!(f, "HTTP {code} without an Atlas status"),
            UnknownReason::UndecodableBody => f.write_str("the answer is not the documented JSON"),
            UnknownReason::OversizedBody => {
                write!(f, "the answer is longer than {MAX_ANSWER_BYTES} bytes")
            }
            UnknownReason::EchoMismatch {
                echoed: Some(echoed),
            } => {
                write!(f, "success reported for another order ({echoed})")
            }
            UnknownReason::EchoMismatch { echoed: None } => {
                f.write_str("success reported without the order number")
            }
        }
    }
}

/// A request that produced no answer to interpret.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The request could not be built (nothing was sent).
    Invalid(reqwest::Error),
    /// The connection was never made: nothing reached Atlas.
    NotDelivered(reqwest::Error),
    /// The request may have reached Atlas; no usable answer came back.
    Unknown {
        reason: UnknownReason,
        source: Option<reqwest::Error>,
    },
}

impl Failure {
    fn unknown(reason: UnknownReason) -> Self {
        Failure::Unknown {
            reason,
            source: None,
        }
    }
}

/// An HTTP answer, read (bounded) to the end.
pub(crate) struct Answer {
    /// Whether the HTTP status is one the operation documents as success.
    pub(crate) success: bool,
    /// The HTTP status.
    pub(crate) http_status: u16,
    /// The body, at most [`MAX_ANSWER_BYTES`].
    pub(crate) body: Vec<u8>,
}

/// The HTTP client and the headers every request carries: the credentials of
/// the API-key security schemes (marked sensitive, so they never print) and
/// `Accept` unless the caller left it to reqwest.
#[derive(Clone)]
pub(crate) struct Http {
    pub(crate) client: reqwest::Client,
    pub(crate) headers: HeaderMap,
}

/// One JSON request: the generated body type, the method and URL the
/// generated operation uses, and the client's headers.
pub(crate) async fn post_json(
    http: &Http,
    method: Method,
    url: &Url,
    body: &impl Serialize,
    success_statuses: &[u16],
) -> Result<Answer, Failure> {
    let mut request = http
        .client
        .request(method, url.clone())
        .json(body)
        .build()
        .map_err(classify)?;
    for (name, value) in &http.headers {
        request.headers_mut().insert(name, value.clone());
    }
    let response = http.client.execute(request).await.map_err(classify)?;
    let http_status = response.status().as_u16();
    let success = success_statuses.contains(&http_status);
    match read_bounded(response).await {
        Ok(body) => Ok(Answer {
            success,
            http_status,
            body,
        }),
        // A failed read of an error page says nothing more than its status.
        Err(Failure::Unknown {
            reason: UnknownReason::OversizedBody,
            ..
        }) => Err(Failure::unknown(UnknownReason::OversizedBody)),
        Err(failure) if success => Err(failure),
        Err(_) => Err(Failure::unknown(UnknownReason::Http(http_status))),
    }
}

/// Reads an answer's body, at most [`MAX_ANSWER_BYTES`] of it (after
/// decompression): a larger one is not Atlas's and is not read to the end.
async fn read_bounded(mut response: reqwest::Response) -> Result<Vec<u8>, Failure> {
    let lost = |source: reqwest::Error| Failure::Unknown {
        reason: if source.is_timeout() {
            UnknownReason::Timeout
        } else {
            UnknownReason::ConnectionLost
        },
        source: Some(source),
    };
    let announced = response.content_length().unwrap_or(0);
    if announced > MAX_ANSWER_BYTES as u64 {
        return Err(Failure::unknown(UnknownReason::OversizedBody));
    }
    let mut body = Vec::with_capacity(announced as usize);
    while let Some(chunk) = response.chunk().await.map_err(lost)? {
        if body.len() + chunk.len() > MAX_ANSWER_BYTES {
            return Err(Failure::unknown(UnknownReason::OversizedBody));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Transport failures: before the request could be written (never
/// delivered) or after (outcome unknown).
fn classify(source: reqwest::Error) -> Failure {
    if source.is_builder() {
        Failure::Invalid(source)
    } else if source.is_connect() {
        Failure::NotDelivered(source)
    } else if source.is_timeout() {
        Failure::Unknown {
            reason: UnknownReason::Timeout,
            source: Some(source),
        }
    } else {
        Failure::Unknown {
            reason: UnknownReason::ConnectionLost,
            source: Some(source),
        }
    }
}
