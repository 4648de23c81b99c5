//! A payment-safe Rust client for Atlas's flight-booking payment API (by
//! atriptech): pay an order ([`Client::pay`], `POST /pay.do`), look it up
//! ([`Client::query_order`], `POST /queryOrderDetails.do`), settle where an
//! uncertain payment stands ([`Client::reconcile`]), check the deposit
//! balance ([`Client::balance`], `POST /balance.do`), follow ticket issuance
//! ([`Client::follow_ticketing`]) and stop it ([`Client::stop_ticketing`],
//! `POST /stopTicket.do`), refund tickets ([`Client::refund_quotation`],
//! [`Client::refund`], [`Client::follow_refund`]), and receive Atlas's
//! notifications ([`Client::register_webhook`], [`Event`]), which count only
//! once a query confirms them ([`Client::confirm`]).
//!
//! ```no_run
//! use atlas_pay::{Card, Client, Environment, Expiry, NextStep, PaymentRequest, Reconcile};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let client = Client::builder()
//!     .credentials("my-client-id", "my-client-secret") // the secret is never printed
//!     .environment(Environment::Sandbox)
//!     .build()?;
//!
//! // Luhn, brand, length, CVV length and expiry are checked before anything is sent.
//! let card = Card::builder("4532 0151 1283 0366".parse()?)
//!     .expiry(Expiry::new(12, 2031)?)
//!     .cvv("123".parse()?)
//!     .holder("Ada", "Lovelace")
//!     .as_of(client.today())
//!     .build()?;
//!
//! let attempted_at = client.now();
//! match client.pay(PaymentRequest::vcc_passthrough("AFKMN2025000001", card)).await {
//!     Ok(paid) => println!("paid {} by {}", paid.order_no, paid.method),
//!     // Decide on the next step, Atlas's retry class: it covers every status.
//!     Err(error) => match error.next_step() {
//!         NextStep::LookUpOrder | NextStep::NeverPayAgain => {
//!             // The money may have moved: settle it on the order; never resend blindly.
//!             let reconcile = Reconcile::order_no("AFKMN2025000001").since(attempted_at).after(&error);
//!             let settlement = client.reconcile(reconcile).await?;
//!             println!("{settlement}; next: {}", settlement.next_step());
//!         }
//!         step => eprintln!("{error}; next: {step}"), // names the status and Atlas's advice
//!     },
//! }
//! # Ok(())
//! # }
//! ```
//!
//! # One error vocabulary
//!
//! Every operation fails with [`Error<S>`](Error), `S` being the
//! operation's statuses ([`PayStatus`], [`QueryOrderStatus`], or [`Code`]
//! for an operation whose page documents none), and each operation names it
//! ([`PayError`], [`QueryOrderError`], [`BalanceError`],
//! [`StopTicketingError`]). Every error says, in its type, where the request
//! stands ([`Error::delivery`]):
//!
//! * [`Delivery::NotSent`]: refused before sending (a bad card, order facts
//!   that Atlas would refuse); nothing left the process;
//! * [`Delivery::NotDelivered`]: the connection was never made (refused, DNS,
//!   TLS); sending again is safe;
//! * [`Delivery::Unknown`]: timeout or reset after the request was written,
//!   HTTP 5xx, a body that is not the documented JSON or is longer than
//!   [`MAX_ANSWER_BYTES`], an answer about something else than asked, an
//!   undocumented status: look the order up before anything else;
//! * [`Delivery::Answered`]: Atlas answered with a documented status.
//!
//! # Payment safety
//!
//! A payment must never be sent twice by accident, so this client **never
//! resends a payment by itself**: not after a timeout, not after a reset
//! connection, not after a 5xx. A request that was written to the network may
//! have been acted on even if no answer came back; only the order's state can
//! tell. [`PayError::is_safe_to_resend`](Error::is_safe_to_resend) is true
//! only when sending again cannot charge twice,
//! [`money`](Error::money) says whether money moved, and
//! [`next_step`](Error::next_step) gives Atlas's retry class. A
//! [`PaymentRequest`] is consumed by [`Client::pay`] and is not `Clone`, so
//! a second attempt is always a deliberate, new request.
//!
//! # Settling an uncertain payment
//!
//! [`Client::query_order`] looks an order up and returns a typed [`Order`]
//! (retried within [`QueryRetry`]: a query is read-only).
//! [`Client::reconcile`] polls it as Atlas's own client does and returns a
//! [`Settlement`]: paid (never pay again), not paid (only when it still reads
//! unpaid at or after the settle delay since the attempt: a new payment is
//! safe), cancelled, or undetermined (the budget ran out). It never pays.
//! Its waits go through a [`Clock`], so tests never sleep.
//!
//! # Secrets
//!
//! Card numbers show at most their first six and last four digits, and CVVs,
//! the client secret and passengers' [`PersonalData`] (identity document
//! numbers, birthdays, e-mails, phones) never show, in `Debug`, `Display`,
//! errors and tracing events. Card digits, personal data, request bodies
//! and answer buffers are zeroed when dropped. Every call runs in one
//! `tracing` span `atlas_pay` recording the operation, the order number or
//! PNR, a payment's method, the status, the delivery class and the elapsed
//! time.
//!
//! # Features
//!
//! * `sandbox`: `atlas_pay::sandbox`, a local, stateful Atlas serving every
//!   operation, for tests and examples without network;
//! * `test-util`: `atlas_pay::test_cards`, the sandbox's test cards and a
//!   fixed "today".

#![cfg_attr(docsrs, feature(doc_cfg))]

/// The README's examples compile as doctests (they use the sandbox).
#[cfg(all(doctest, feature = "sandbox"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

mod answer;
mod attempt;
mod calendar;
mod card;
mod client;
mod clock;
mod declared;
mod error;
mod event;
mod flight_date;
#[cfg(feature = "journal")]
mod journal;
#[cfg(feature = "journal-postgres")]
mod journal_postgres;
#[cfg(feature = "journal")]
mod journal_sql;
#[cfg(feature = "journal-sqlite")]
mod journal_sqlite;
mod journaling;
mod method;
mod outcome;
mod poll;
mod poll_policy;
mod price;
#[cfg(feature = "journal")]
mod recover;
mod refund_code;
mod refund_scope;
mod refund_terms;
mod settings;
#[cfg(any(test, feature = "test-util"))]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_cards;
mod transport;
mod wiped;

#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;

#[cfg(feature = "webhook")]
#[cfg_attr(docsrs, doc(cfg(feature = "webhook")))]
pub mod webhook;

/// One module per operation of the effective document, named after its
/// `operationId` (`src/pay/`, `src/query_order/`, …), its public items
/// re-exported here. The generated list decides: a new operation without a
/// module of its own stops this crate compiling.
macro_rules! operation_module {
    ($module:ident, $marker:path) => {
        mod $module;
        pub use $module::*;
    };
}
atlas_pay_gen::for_each_operation!(operation_module);

/// How recovery settles an attempt, by the operation that made it: the
/// operations that move money, each settled by the operation that reads it
/// back.
#[cfg(feature = "journal")]
pub(crate) const SETTLERS: &[(&str, recover::Settler)] = &[
    (
        atlas_pay_gen::operations::pay::OPERATION_ID,
        query_order::settle_payment,
    ),
    (
        atlas_pay_gen::operations::refund::OPERATION_ID,
        query_refund::settle_refund,
    ),
];

pub use answer::{AccessStatus, VendorMessage};
/// Personal data as Atlas sends it: never printed (see [`Passenger`]).
pub use atlas_pay_gen::secret::PersonalData;
#[cfg(feature = "journal")]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "journal-sqlite", feature = "journal-postgres")))
)]
pub use attempt::{Attempt, JournalError};
pub use attempt::{AttemptState, JournalRefusal};
pub use calendar::YearMonth;
pub use card::{
    AddressError, BillingAddress, Brand, Card, CardBuilder, CardError, CardHolder, CardNumber,
    CardNumberError, CardType, Country, Cvv, CvvError, Expiry, ExpiryError, ReusedCard,
    UnknownCardType,
};
pub use client::{
    BuildError, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Environment,
    SANDBOX_URL,
};
pub use clock::{ClientInstant, Clock, SystemClock};
pub use error::{Code, Delivery, Error, MAX_ANSWER_BYTES, OperationStatus, Refusal, UnknownReason};
pub use event::{Event, EventError, MAX_EVENT_BYTES, Notified};
pub use flight_date::FlightDate;
#[cfg(feature = "journal")]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "journal-sqlite", feature = "journal-postgres")))
)]
pub use journal::Journal;
pub use method::{CreditTransPayment, PaymentMethod, UnknownCreditFlag};
pub use outcome::{Failed, Money, NextStep, PaymentFailure};
pub use poll_policy::{
    DEFAULT_POLL_BUDGET, DEFAULT_POLL_SCHEDULE, DEFAULT_SETTLE_DELAY, ReconcilePolicy,
};
pub use price::Price;
#[cfg(feature = "journal")]
#[cfg_attr(
    docsrs,
    doc(cfg(any(feature = "journal-sqlite", feature = "journal-postgres")))
)]
pub use recover::{Recovered, Recovery};
pub use refund_code::{RefundCode, RefundRefusal};
pub use refund_scope::{RefundPassenger, RefundScope, RefundSegment};
pub use refund_terms::{QuoteType, RefundMethod, RefundReason, RefundState};

/// The generated wire types this crate's API hands out
/// ([`Order::details`], [`PaymentRequest::into_body`]), re-exported so that
/// their version always matches this crate's.
///
/// Every struct and enum is `#[non_exhaustive]`, so a field or value Atlas
/// adds later breaks no code: build a struct with its `new` (its required
/// fields) and assign the others, or decode it from JSON, never with a
/// struct literal; give every `match` a wildcard arm. A fake order for a
/// test is [`Order::try_from`] such an answer.
pub use atlas_pay_gen::types as wire;
/// The HTTP client this crate is built on, re-exported because the public
/// API names its types (`ClientBuilder::http_client`, the transport errors'
/// sources), so that a dependent always names the same version.
pub use reqwest;
