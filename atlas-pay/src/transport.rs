//! The one call path every operation shares: [`send`] posts an operation's
//! generated body type to the operation's path, with the headers every
//! request carries (credentials, `Accept`), reads a bounded answer into a
//! buffer that is wiped on drop, and decodes it into the operation's
//! generated answer type; [`traced`] opens the span and records timing and
//! outcome.
//!
//! Failures are classified once, here: never delivered, outcome unknown, or
//! a non-zero Atlas status. Each operation module turns a [`Failure`] into
//! its own typed error; this module knows nothing about payments or orders.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use atlas_pay_gen::Operation;
use reqwest::Method;
use reqwest::header::HeaderMap;
use tracing::{Instrument, field};
use zeroize::Zeroizing;

use crate::answer::{AtlasAnswer, VendorMessage};
use crate::sends::Declared;

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
    /// Success was reported about something other than what was asked (an
    /// order number, or a deposit account's currency).
    EchoMismatch {
        /// What Atlas echoed, if anything.
        echoed: Option<String>,
    },
    /// Success was reported for an order whose PNR is not the one asked
    /// about.
    PnrMismatch {
        /// The PNR Atlas echoed, if any.
        echoed: Option<String>,
    },
    /// An answer with `status` 0 that lacks what the documented answer
    /// always carries (its order number or order status).
    Incomplete(&'static str),
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
                write!(
                    f,
                    "success reported about something else than asked ({echoed})"
                )
            }
            UnknownReason::EchoMismatch { echoed: None } => {
                f.write_str("success reported without echoing what was asked")
            }
            UnknownReason::PnrMismatch {
                echoed: Some(echoed),
            } => write!(f, "answer about another PNR ({echoed})"),
            UnknownReason::PnrMismatch { echoed: None } => {
                f.write_str("answer without the PNR asked about")
            }
            UnknownReason::Incomplete(what) => write!(f, "success reported without {what}"),
        }
    }
}

/// A request that produced no answer to interpret, or an answer with a
/// non-zero status.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The request could not be built (nothing was sent).
    Invalid(String),
    /// The connection was never made: nothing reached Atlas.
    NotDelivered(reqwest::Error),
    /// The request may have reached Atlas; no usable answer came back.
    Unknown {
        reason: UnknownReason,
        source: Option<reqwest::Error>,
    },
    /// Atlas answered with a non-zero `status`.
    Status {
        code: i64,
        message: Option<VendorMessage>,
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

/// The HTTP client, the base URL, and the headers every request carries: the
/// credentials of the API-key security schemes (marked sensitive, so they
/// never print) and `Accept` unless the caller left it to reqwest.
#[derive(Clone)]
pub(crate) struct Http {
    pub(crate) client: reqwest::Client,
    pub(crate) headers: HeaderMap,
    /// The base URL without its trailing `/`: an operation's path is
    /// appended to it, as the generated client joins them.
    pub(crate) root: String,
}

/// Sends one operation: its generated body, to its path, with its method,
/// and decodes its generated answer. `timeout` caps this request below the
/// client's own timeout (reconciliation passes what remains of its budget).
///
/// Success is a documented success HTTP status with `status` 0. A non-zero
/// `status` is [`Failure::Status`] whatever the HTTP status; anything else
/// that is not the documented answer is an unknown outcome.
pub(crate) async fn send<Op>(
    http: &Http,
    body: &Op::Body,
    timeout: Option<Duration>,
) -> Result<Op::Answer, Failure>
where
    Op: Operation + Declared,
    Op::Answer: AtlasAnswer,
{
    let method = Method::from_bytes(Op::METHOD.as_bytes())
        .map_err(|_| Failure::Invalid(format!("{} is not an HTTP method", Op::METHOD)))?;
    let url = format!("{}{}", http.root, Op::PATH);
    let mut request = http.client.request(method, url).json(body);
    if let Some(timeout) = timeout {
        request = request.timeout(timeout);
    }
    let mut request = request
        .build()
        .map_err(|source| classify(source, Op::OPERATION_ID))?;
    for (name, value) in &http.headers {
        request.headers_mut().insert(name, value.clone());
    }
    let response = http
        .client
        .execute(request)
        .await
        .map_err(|source| classify(source, Op::OPERATION_ID))?;
    let http_status = response.status().as_u16();
    let success = Op::SUCCESS_STATUSES.contains(&http_status);
    let bytes = match read_bounded(response).await {
        Ok(bytes) => bytes,
        // A failed read of an error page says nothing more than its status.
        Err(Failure::Unknown {
            reason: UnknownReason::OversizedBody,
            ..
        }) => return Err(Failure::unknown(UnknownReason::OversizedBody)),
        Err(failure) if success => return Err(failure),
        Err(_) => return Err(Failure::unknown(UnknownReason::Http(http_status))),
    };
    match serde_json::from_slice::<Op::Answer>(&bytes) {
        Ok(answer) if answer.status_code() != 0 => Err(Failure::Status {
            code: answer.status_code(),
            message: answer.message().map(VendorMessage::from),
        }),
        Ok(answer) if success => Ok(answer),
        _ if !success => Err(Failure::unknown(UnknownReason::Http(http_status))),
        _ => Err(Failure::unknown(UnknownReason::UndecodableBody)),
    }
}

/// Reads an answer's body, at most [`MAX_ANSWER_BYTES`] of it (after
/// decompression), into a buffer wiped on drop: answers carry personal data.
/// The buffer grows by copying into a new wiped buffer, never by a
/// reallocation that would leave an unwiped copy behind.
async fn read_bounded(mut response: reqwest::Response) -> Result<Zeroizing<Vec<u8>>, Failure> {
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
    let mut body = Zeroizing::new(Vec::with_capacity(announced as usize));
    while let Some(chunk) = response.chunk().await.map_err(lost)? {
        let needed = body.len() + chunk.len();
        if needed > MAX_ANSWER_BYTES {
            return Err(Failure::unknown(UnknownReason::OversizedBody));
        }
        if needed > body.capacity() {
            let mut grown = Zeroizing::new(Vec::with_capacity(
                needed.max(body.capacity() * 2).min(MAX_ANSWER_BYTES),
            ));
            grown.extend_from_slice(&body);
            body = grown;
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Transport failures: before the request could be written (never
/// delivered) or after (outcome unknown).
fn classify(source: reqwest::Error, operation: &str) -> Failure {
    if source.is_builder() {
        Failure::Invalid(format!(
            "the {operation} request could not be built: {source}"
        ))
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

/// What a call's span records of its error.
pub(crate) trait Traced: fmt::Display {
    /// The Atlas status, if Atlas answered with one.
    fn status_code(&self) -> Option<i64>;
    /// Where the request stands (`NotSent`, `NotDelivered`, `Unknown`,
    /// `Answered`).
    fn delivery(&self) -> &'static str;
}

/// Runs one call inside a span `atlas_pay` with the operation's id and the
/// key it is about (an order number or PNR; never personal data), and
/// records the elapsed time, the Atlas status and where a failed request
/// stands. `detail` goes in the span's `detail` field (a payment's method).
pub(crate) async fn traced<T, E: Traced>(
    operation: &'static str,
    key: &str,
    detail: Option<&(dyn fmt::Display + Sync)>,
    call: impl Future<Output = Result<T, E>>,
) -> Result<T, E> {
    let span = tracing::info_span!(
        "atlas_pay",
        operation,
        key = %key,
        detail = field::Empty,
        status = field::Empty,
        delivery = field::Empty,
        elapsed_ms = field::Empty,
    );
    if let Some(detail) = detail {
        span.record("detail", field::display(detail));
    }
    async move {
        let started = Instant::now();
        let result = call.await;
        let span = tracing::Span::current();
        span.record("elapsed_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(_) => {
                span.record("status", 0);
                tracing::info!("answered with status 0");
            }
            Err(error) => {
                if let Some(code) = error.status_code() {
                    span.record("status", code);
                }
                span.record("delivery", field::display(error.delivery()));
                tracing::warn!(error = %error, "failed");
            }
        }
        result
    }
    .instrument(span)
    .await
}
