//! A payment-safe Rust client for Atlas's flight-booking payment API (by
//! atriptech): pay an order (`POST /pay.do`), look it up
//! (`POST /queryOrderDetails.do`), and settle where an uncertain payment
//! stands ([`Client::reconcile`]).
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
//! # Payment safety
//!
//! A payment must never be sent twice by accident, so this client **never
//! resends a payment by itself** — not after a timeout, not after a reset
//! connection, not after a 5xx. A request that was written to the network may
//! have been acted on even if no answer came back; only the order's state can
//! tell. Every [`PayError`] therefore says, in its type, where the payment
//! stands ([`PayError::delivery`]):
//!
//! * [`Delivery::NotSent`]: refused before sending (bad card, order facts
//!   that Atlas would refuse); nothing left the process;
//! * [`Delivery::NotDelivered`]: the connection was never made (refused, DNS,
//!   TLS); sending again is safe;
//! * [`Delivery::Unknown`]: timeout or reset after the request was written,
//!   HTTP 5xx, a body that is not the documented JSON or is longer than
//!   [`MAX_ANSWER_BYTES`], an undocumented status:
//!   look the order up before anything else;
//! * [`Delivery::Answered`]: Atlas answered with a documented [`Status`], whose
//!   [`recommended_action`](Status::recommended_action) is Atlas's advice.
//!
//! [`PayError::is_safe_to_resend`] is true only when sending again cannot
//! charge twice, [`PayError::money`] whether money moved, and
//! [`PayError::next_step`] Atlas's retry class. A [`PaymentRequest`] is
//! consumed by [`Client::pay`] and is not `Clone`, so a second attempt is
//! always a deliberate, new request.
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
//! errors and tracing events. Card digits and personal data are zeroed when
//! dropped. Every call runs in one `tracing` span `atlas_pay` recording the
//! operation, the order number or PNR, a payment's method, the status, the
//! delivery class and the elapsed time.

#![cfg_attr(docsrs, feature(doc_cfg))]

/// The README's examples compile as doctests (they use the sandbox).
#[cfg(all(doctest, feature = "sandbox"))]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;

mod answer;
mod balance;
mod calendar;
mod call;
mod card;
mod client;
mod clock;
mod method;
mod outcome;
mod pay;
mod policy;
mod poll;
mod query;
mod reconcile;
mod sends;
mod stop_ticketing;
#[cfg(any(test, feature = "test-util"))]
#[cfg_attr(docsrs, doc(cfg(feature = "test-util")))]
pub mod test_cards;
mod ticketing;
mod transport;

#[cfg(feature = "sandbox")]
#[cfg_attr(docsrs, doc(cfg(feature = "sandbox")))]
pub mod sandbox;

pub use answer::{AccessStatus, VendorMessage};
/// Personal data as Atlas sends it: never printed (see [`Passenger`]).
pub use atlas_pay_gen::secret::PersonalData;
pub use balance::Balance;
pub use call::{CallError, Delivery, OperationStatus};
pub use card::{
    AddressError, BillingAddress, Brand, Card, CardBuilder, CardError, CardHolder, CardNumber,
    CardNumberError, CardType, Country, Cvv, CvvError, Expiry, ExpiryError, ReusedCard,
    UnknownCardType, YearMonth,
};
pub use client::{
    BuildError, Client, ClientBuilder, DEFAULT_CONNECT_TIMEOUT, DEFAULT_TIMEOUT, Environment,
    SANDBOX_URL,
};
pub use clock::{ClientInstant, Clock, SystemClock};
pub use method::{CreditTransPayment, PaymentMethod, UnknownCreditFlag};
pub use outcome::{Money, NextStep};
pub use pay::error::{PayError, RequestError};
pub use pay::request::{MorCard, OrderFacts, Payment, PaymentRequest, ThreeDs};
pub use pay::status::Status;
pub use policy::{
    DEFAULT_POLL_BUDGET, DEFAULT_POLL_SCHEDULE, DEFAULT_SETTLE_DELAY, QueryRetry, ReconcilePolicy,
};
pub use query::error::QueryError;
pub use query::order::{
    Order, OrderStatus, Passenger, PassengerType, PaymentDeadline, Price, TicketStatus,
};
pub use query::request::OrderQuery;
pub use query::status::QueryStatus;
pub use reconcile::{Reconcile, Settlement};
pub use stop_ticketing::{STOP_CHECK_AFTER, StopRequested};
pub use ticketing::{FollowTicketing, Ticketing};
pub use transport::{MAX_ANSWER_BYTES, UnknownReason};

/// The generated bindings this crate sends ([`PaymentRequest::into_body`]
/// returns one of their types), re-exported so that their version always
/// matches this crate's.
pub use atlas_pay_gen;
/// The HTTP client this crate is built on, re-exported because the public
/// API names its types (`ClientBuilder::http_client`, the transport errors'
/// sources), so that a dependent always names the same version.
pub use reqwest;
