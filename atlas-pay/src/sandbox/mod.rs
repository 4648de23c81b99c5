//! A local Atlas serving every operation of the effective document (pay,
//! order query, deposit balance, stopping ticket issuance, refund
//! quotation, refund, refund query) with state, on 127.0.0.1, for the
//! examples, this crate's tests and dependents' tests.
//! Enable the `sandbox` feature.
//!
//! Unlike a canned mock it keeps an order book, a deposit balance, a ledger
//! of charges and a clock the caller moves, so payment safety can be tested
//! for real: a second payment of a paid order gets 404 (or 406 while the
//! first is in progress), two simultaneous payments charge once, and a
//! connection can be dropped after the request was read.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use atlas_pay::PaymentRequest;
//! use atlas_pay::sandbox::{SandboxOrder, Sandbox};
//!
//! let sandbox = Sandbox::builder().order(SandboxOrder::new("TEST-1")).start().await?;
//! let client = sandbox.client()?;
//! client.pay(PaymentRequest::deposit("TEST-1")).await?;
//! assert_eq!(sandbox.ledger().len(), 1);
//! # Ok(()) }
//! ```
//!
//! Rules, in the order they apply: credentials (900); JSON and types (901);
//! required and malformed fields, named in `msg` (400); unknown order (400);
//! the order's state (406 in progress, 404 paid here, 402 ticketing, ticketed
//! or cancelled); deadline (401); confirmation (415); passenger, baggage and
//! contact defects (407–410); no methods (412); deposit-only orders (403);
//! card checks — Luhn, expiry, CVV by method and brand, `threeDS` for MoR (400),
//! MoR brands other than Visa and Mastercard (413), the order's `cardType` (414);
//! money — balance payments beyond the deposit (411); as on Atlas's sandbox,
//! a card holder first name "Reject" is declined by the airline (604) and
//! "Three DS" needs 3-D Secure (616). Card expiry is judged by the sandbox
//! clock ([`SandboxBuilder::start_time`] plus [`Sandbox::advance`]). A paid
//! order is "payment in progress" for 60 sandbox seconds, then "ticketing" for
//! 5 minutes, then "ticketed".
//!
//! The order query answers from the same book: `orderStatus` "0" unpaid, "1"
//! while in progress or ticketing (with the payment method), "2" ticketed
//! (airline PNRs and ticket numbers appear only then), "-3" cancelled; an
//! unknown order gets 800, an order number and PNR of different orders 704,
//! a query naming neither 702. Per-order [`QueryFault`]s delay it, answer
//! HTTP 500 or 705. Every answer is Atlas's reference example with the
//! order's facts put in, so it decodes with the generated types and a strict
//! client that follows the reference accepts it. Clients from
//! [`Sandbox::client`] wait on the sandbox's virtual [`clock`](Sandbox::clock).
//!
//! Refunds go through a refund desk: a ticketed order's whole tickets
//! (every segment of its booking) can be quoted and refunded, as the
//! order's [`RefundCase`] says (accurate, "cannot quote", unrefundable,
//! rejected by the airline); a refund is in Atlas's hands for
//! [`REFUND_ATLAS_TAKES`], then the airline's for [`REFUND_AIRLINE_TAKES`]
//! (a void: only Atlas's, and only on the day of ticketing); a second
//! refund of the same tickets is rejected as a duplicate; one that ends
//! refunded cancels the order and returns a deposit payment, once
//! ([`Sandbox::refunds`]). `refund.do` takes per-order [`Fault`]s like pay
//! ([`SandboxOrder::refund_fault`]).

mod book;
mod cards;
mod clock;
mod events;
mod http;
mod itinerary;
mod orders_file;
mod refund_desk;
mod state;

/// One module per operation of the effective document, named after the
/// operation (`pay.rs`, `query_order.rs`, …), holding that operation's rules
/// over the shared order book. The generated list decides: a new operation
/// without a module here stops the sandbox compiling.
macro_rules! operation_module {
    ($module:ident, $marker:path) => {
        mod $module;
    };
}
atlas_pay_gen::for_each_operation!(operation_module);

use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use tokio::sync::oneshot;

pub use book::{
    Charge, DECLINED_HOLDER, DEFAULT_CURRENCY, Defect, Fault, IN_PROGRESS_FOR, OrderState,
    QueryFault, RefundCase, SandboxOrder, THREE_DS_HOLDER, TICKETING_FOR,
};
pub use clock::SandboxClock;
pub use events::EventDelivery;
pub use orders_file::{OrdersError, parse_orders};
pub use refund_desk::{REFUND_AIRLINE_TAKES, REFUND_ATLAS_TAKES, SandboxRefund};
pub use stop_ticketing::STOP_TAKES;

use crate::card::CardType;
use crate::client::{BuildError, Client, Environment};

/// The client id the sandbox accepts unless told otherwise.
pub const DEFAULT_CLIENT_ID: &str = "sandbox-client-id";
/// The client secret the sandbox accepts unless told otherwise.
pub const DEFAULT_CLIENT_SECRET: &str = "sandbox-client-secret";
/// The deposit the sandbox starts with in [`DEFAULT_CURRENCY`] unless told
/// otherwise, in minor units.
pub const DEFAULT_DEPOSIT: u64 = 1_000_000;

/// An order ticketed from the start (a void of it goes through on the
/// sandbox's first day).
fn ticketed(order_no: &str) -> SandboxOrder {
    SandboxOrder::new(order_no).state(OrderState::Ticketed)
}

/// A running sandbox. Stops when dropped.
pub struct Sandbox {
    base_url: String,
    shared: Arc<state::Shared>,
    shutdown: Option<oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Sandbox`].
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until `start` is called"]
pub struct SandboxBuilder {
    orders: Vec<SandboxOrder>,
    deposits: std::collections::BTreeMap<String, u64>,
    client_id: String,
    client_secret: String,
    port: u16,
    start_time: Option<SystemTime>,
    event_delivery: EventDelivery,
}

impl SandboxBuilder {
    /// Adds an order to the book.
    pub fn order(mut self, order: SandboxOrder) -> Self {
        self.orders.push(order);
        self
    }

    /// Adds orders to the book.
    pub fn orders(mut self, orders: impl IntoIterator<Item = SandboxOrder>) -> Self {
        self.orders.extend(orders);
        self
    }

    /// Starts with the default orders ([`Sandbox::default_orders`]) as well.
    pub fn with_default_orders(self) -> Self {
        self.orders(Sandbox::default_orders())
    }

    /// The deposit in [`DEFAULT_CURRENCY`], in minor units (default
    /// [`DEFAULT_DEPOSIT`]).
    pub fn default_deposit(self, amount: u64) -> Self {
        self.deposit(DEFAULT_CURRENCY, amount)
    }

    /// A deposit account in `currency` (ISO 4217), in minor units. Deposit
    /// payments of an order debit the account in the order's currency; a
    /// currency without an account has nothing to pay with.
    pub fn deposit(mut self, currency: impl Into<String>, amount: u64) -> Self {
        self.deposits.insert(currency.into(), amount);
        self
    }

    /// The credentials the sandbox accepts.
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.client_id = client_id.into();
        self.client_secret = client_secret.into();
        self
    }

    /// A fixed port on 127.0.0.1 (default 0: the OS picks one).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// The wall-clock time at which the sandbox clock starts (default: the
    /// real time at [`start`](Self::start)). The sandbox's calendar, which
    /// judges card expiry, is this plus [`Sandbox::advance`]: fix it in tests
    /// so that a test card never expires because the real year moved on.
    pub fn start_time(mut self, time: SystemTime) -> Self {
        self.start_time = Some(time);
        self
    }

    /// How notifications reach the URL registered with
    /// `updateWebhookURL.do` (default [`EventDelivery::Once`]): twice,
    /// dropped or swapped, as Atlas's best effort may.
    pub fn event_delivery(mut self, delivery: EventDelivery) -> Self {
        self.event_delivery = delivery;
        self
    }

    /// Binds 127.0.0.1 and starts serving on the current tokio runtime.
    pub async fn start(self) -> io::Result<Sandbox> {
        let listener =
            tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, self.port)))
                .await?;
        let base_url = format!("http://{}", listener.local_addr()?);
        let shared = Arc::new(state::Shared {
            book: Mutex::new(book::Book::new(
                self.orders,
                self.deposits,
                self.start_time.unwrap_or_else(SystemTime::now),
            )),
            client_id: self.client_id,
            client_secret: self.client_secret,
            started: std::time::Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
            events: events::deliver(self.event_delivery),
        });
        let (shutdown, stopped) = oneshot::channel();
        let task = tokio::spawn(http::serve(
            listener,
            http::router(Arc::clone(&shared)),
            stopped,
        ));
        Ok(Sandbox {
            base_url,
            shared,
            shutdown: Some(shutdown),
            task,
        })
    }
}

impl Sandbox {
    /// A sandbox with the default orders and credentials, on a free port.
    pub async fn start() -> io::Result<Sandbox> {
        Sandbox::builder().with_default_orders().start().await
    }

    /// Configures a sandbox (no orders, default credentials and balance).
    pub fn builder() -> SandboxBuilder {
        SandboxBuilder {
            orders: Vec::new(),
            deposits: [(DEFAULT_CURRENCY.to_owned(), DEFAULT_DEPOSIT)].into(),
            client_id: DEFAULT_CLIENT_ID.to_owned(),
            client_secret: DEFAULT_CLIENT_SECRET.to_owned(),
            port: 0,
            start_time: None,
            event_delivery: EventDelivery::Once,
        }
    }

    /// One order per documented answer, used by the examples and the binary:
    /// `SBX-DEMO-001`…`003` pay; the others answer as their names say
    /// (`SBX-QUERY-*` fail their order queries: slowly, with HTTP 500 twice,
    /// with 705 always; `SBX-REFUND-*` are ticketed, each with its
    /// [`RefundCase`], and `SBX-REFUND-CUT` cuts its refund submissions
    /// after filing them).
    pub fn default_orders() -> Vec<SandboxOrder> {
        vec![
            SandboxOrder::new("SBX-DEMO-001"),
            SandboxOrder::new("SBX-DEMO-002"),
            SandboxOrder::new("SBX-DEMO-003"),
            SandboxOrder::new("SBX-EXPIRED-401").deadline_secs(0),
            SandboxOrder::new("SBX-TICKETED-402").state(OrderState::Ticketed),
            SandboxOrder::new("SBX-CANCELLED-402").state(OrderState::Cancelled),
            SandboxOrder::new("SBX-DEPOSIT-ONLY-403").deposit_only(),
            SandboxOrder::new("SBX-PASSENGER-407").defect(Defect::PassengerDataMissing),
            SandboxOrder::new("SBX-CHILD-408").defect(Defect::PassengerCannotBoardAlone),
            SandboxOrder::new("SBX-BAGGAGE-409").defect(Defect::BaggageMismatch),
            SandboxOrder::new("SBX-CONTACT-410").defect(Defect::ContactInvalid),
            SandboxOrder::new("SBX-EXPENSIVE-411").amount(DEFAULT_DEPOSIT + 1),
            SandboxOrder::new("SBX-NO-METHODS-412").no_payment_methods(),
            SandboxOrder::new("SBX-AMEX-414").card_type(CardType::Amex),
            SandboxOrder::new("SBX-UNCONFIRMED-415").awaiting_confirmation(),
            SandboxOrder::new("SBX-SLOW").fault(Fault::Delay { ms: 2_000 }),
            SandboxOrder::new("SBX-HTTP-500").fault(Fault::Http500),
            SandboxOrder::new("SBX-CUT-CHARGED").fault(Fault::CloseAfterRead { charge: true }),
            SandboxOrder::new("SBX-CUT-UNCHARGED")
                .fault_once(Fault::CloseAfterRead { charge: false }),
            SandboxOrder::new("SBX-GARBAGE").fault(Fault::GarbageBody),
            SandboxOrder::new("SBX-STATUS-416").fault(Fault::UnknownStatus { code: 416 }),
            SandboxOrder::new("SBX-QUERY-SLOW").query_fault(QueryFault::Delay { ms: 1_500 }),
            SandboxOrder::new("SBX-QUERY-500-TWICE").query_fault(QueryFault::Http500 { times: 2 }),
            SandboxOrder::new("SBX-QUERY-705").query_fault(QueryFault::Timeout { times: u32::MAX }),
            ticketed("SBX-REFUND-ACCURATE"),
            ticketed("SBX-REFUND-CANNOT-QUOTE").refund_case(RefundCase::CannotQuote),
            ticketed("SBX-REFUND-UNREFUNDABLE").refund_case(RefundCase::Unrefundable),
            ticketed("SBX-REFUND-REJECTED").refund_case(RefundCase::Rejected),
            ticketed("SBX-REFUND-CUT").refund_fault(Fault::CloseAfterRead { charge: true }),
            ticketed("SBX-INCIDENT")
                .incident("email.schedulechange")
                .incident("abnormal.cancelled"),
        ]
    }

    /// Requests that exercise every operation the sandbox serves, as
    /// `(path, JSON body)`, in the order to send them to a sandbox started
    /// with the default orders ([`SandboxBuilder::with_default_orders`]):
    /// the schema conformance test holds the answers to the effective
    /// document, and a dependent can use them as smoke tests.
    pub fn sample_requests() -> Vec<(&'static str, &'static str)> {
        let mut samples = Vec::new();
        macro_rules! collect {
            ($module:ident, $operation:path) => {
                let path = <$operation as atlas_pay_gen::Operation>::PATH;
                samples.extend(
                    <$operation as state::Served>::SAMPLES
                        .iter()
                        .map(|body| (path, *body)),
                );
            };
        }
        atlas_pay_gen::for_each_operation!(collect);
        samples
    }

    /// The base URL, `http://127.0.0.1:<port>`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// The client id and secret the sandbox accepts.
    pub fn credentials(&self) -> (&str, &str) {
        (&self.shared.client_id, &self.shared.client_secret)
    }

    /// An [`atlas_pay::Client`](crate::Client) configured for this sandbox,
    /// on the sandbox's [`clock`](Self::clock): its query back-off and
    /// reconciliation wait in the sandbox's virtual time, not in real time.
    pub fn client(&self) -> Result<Client, BuildError> {
        self.client_builder()?.build()
    }

    /// A [`ClientBuilder`](crate::ClientBuilder) with this sandbox's base
    /// URL, credentials and clock, to adjust before building.
    pub fn client_builder(&self) -> Result<crate::ClientBuilder, BuildError> {
        let (id, secret) = self.credentials();
        Ok(Client::builder()
            .credentials(id, secret)
            .clock(self.clock())
            .environment(Environment::custom(&self.base_url)?))
    }

    /// The sandbox's virtual clock, as a client [`Clock`](crate::Clock).
    pub fn clock(&self) -> SandboxClock {
        SandboxClock {
            shared: Arc::clone(&self.shared),
        }
    }

    /// Every charge made so far, in order.
    pub fn ledger(&self) -> Vec<Charge> {
        self.shared.book().ledger()
    }

    /// How many payment requests for `order_no` reached the sandbox,
    /// whatever it answered: what a test of "sent at most once" counts.
    pub fn pay_requests(&self, order_no: &str) -> u32 {
        self.shared.book().pay_requests(order_no)
    }

    /// Every refund filed so far, in order, with its state now.
    pub fn refunds(&self) -> Vec<SandboxRefund> {
        self.shared.book().refunds()
    }

    /// The deposit left in [`DEFAULT_CURRENCY`], in minor units.
    pub fn default_deposit(&self) -> u64 {
        self.deposit(DEFAULT_CURRENCY).unwrap_or(0)
    }

    /// The deposit left in `currency`, in minor units, if there is an
    /// account in it.
    pub fn deposit(&self, currency: &str) -> Option<u64> {
        self.shared.book().deposit(currency)
    }

    /// The month on the sandbox clock (card expiry is judged by it).
    pub fn today(&self) -> crate::YearMonth {
        self.shared.book().today()
    }

    /// An order's state on the sandbox clock.
    pub fn order_state(&self, order_no: &str) -> Option<OrderState> {
        self.shared.book().state(order_no)
    }

    /// Adds (or replaces) an order.
    pub fn add_order(&self, order: SandboxOrder) {
        self.shared.book().insert(order);
    }

    /// Moves the sandbox clock forward (deadlines, in progress → ticketing →
    /// ticketed). Tests never sleep for real minutes.
    pub fn advance(&self, by: Duration) {
        self.shared.advance(by);
    }

    /// Serves until the task ends (for the standalone binary).
    pub async fn run(mut self) {
        let _ = (&mut self.task).await;
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.task.abort();
    }
}
