//! The one call path every operation shares: [`send`] posts an operation's
//! generated body type to the operation's path, with the headers every
//! request carries (credentials, `Accept`), reads a bounded answer into a
//! buffer that is wiped on drop, and decodes it into the operation's
//! generated answer type; [`traced`] opens the span and records timing and
//! outcome.
//!
//! Failures are classified once, here, into the operation's
//! [`Error`]: never delivered, outcome unknown, or a non-zero Atlas status
//! typed by the operation's [`OperationStatus`]. This module knows no
//! operation.

use std::fmt;
use std::future::Future;
use std::time::{Duration, Instant};

use atlas_pay_gen::Operation;
use reqwest::Method;
use reqwest::header::{CONTENT_TYPE, HeaderMap, HeaderValue};
use tracing::{Instrument, field};

use crate::answer::{AtlasAnswer, VendorMessage};
use crate::declared::Declared;
use crate::error::{Error, MAX_ANSWER_BYTES, OperationStatus, UnknownReason};
use crate::wiped::{TooLong, Wiped};

/// Room for a request body before it grows: a payment with a card is about
/// 600 bytes.
const REQUEST_CAPACITY: usize = 1024;

/// A request that produced no answer to interpret, or an answer with a
/// non-zero status, before the operation's statuses type it.
#[derive(Debug)]
enum Failure {
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

    /// The operation's error for this failure (one request).
    fn into_error<S: OperationStatus>(self) -> Error<S> {
        match self {
            Failure::Invalid(detail) => Error::NotSent(S::unbuildable(detail)),
            Failure::NotDelivered(source) => Error::NotDelivered {
                attempts: 1,
                source,
            },
            Failure::Unknown { reason, source } => Error::Unknown {
                attempts: 1,
                reason,
                source,
            },
            Failure::Status { code, message } => Error::Answered {
                status: S::from_code(code),
                message,
            },
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
/// `status` is [`Error::Answered`] whatever the HTTP status; anything else
/// that is not the documented answer is an unknown outcome.
pub(crate) async fn send<Op, S>(
    http: &Http,
    body: &Op::Body,
    timeout: Option<Duration>,
) -> Result<Op::Answer, Error<S>>
where
    Op: Operation + Declared,
    Op::Answer: AtlasAnswer,
    S: OperationStatus,
{
    send_classified::<Op>(http, body, timeout)
        .await
        .map_err(Failure::into_error)
}

/// [`send`] before the failure is typed by the operation's statuses.
async fn send_classified<Op>(
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
    // Serialized into a buffer wiped when reqwest is done with it: the body
    // may carry a card number and CVV.
    let mut json = Wiped::new(REQUEST_CAPACITY, usize::MAX);
    serde_json::to_writer(&mut json, body).map_err(|source| {
        Failure::Invalid(format!(
            "the {} request could not be serialized: {source}",
            Op::OPERATION_ID
        ))
    })?;
    let mut request = http
        .client
        .request(method, url)
        .header(CONTENT_TYPE, HeaderValue::from_static("application/json"))
        .body(json.into_body());
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
    match serde_json::from_slice::<Op::Answer>(bytes.as_slice()) {
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
async fn read_bounded(mut response: reqwest::Response) -> Result<Wiped, Failure> {
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
    let mut body = Wiped::new(announced as usize, MAX_ANSWER_BYTES);
    while let Some(chunk) = response.chunk().await.map_err(lost)? {
        body.push(&chunk)
            .map_err(|TooLong| Failure::unknown(UnknownReason::OversizedBody))?;
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

/// Runs one call inside a span `atlas_pay` with the operation's id and the
/// key it is about (an order number or PNR; never personal data), and
/// records the elapsed time, the Atlas status and where a failed request
/// stands. `detail` goes in the span's `detail` field (a payment's method).
pub(crate) async fn traced<T, S: OperationStatus>(
    operation: &'static str,
    key: &str,
    detail: Option<&(dyn fmt::Display + Sync)>,
    call: impl Future<Output = Result<T, Error<S>>>,
) -> Result<T, Error<S>> {
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
                if let Some(status) = error.status() {
                    span.record("status", status.code());
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
