//! The sandbox's state: orders, the deposit balance, the ledger and the
//! clock. Each operation's rules live in its own module (`pay`, `query`).

use std::any::{Any, TypeId};
use std::collections::{BTreeMap, HashMap};
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

use crate::calendar::YearMonth;
use crate::card::CardType;
use crate::method::{CreditTransPayment, PaymentMethod};

/// A card holder first name that makes a card payment answer 604 (the
/// airline declined the card), as on Atlas's sandbox.
pub const DECLINED_HOLDER: &str = "Reject";
/// A card holder first name that makes a card payment answer 616 (3-D Secure
/// required), as on Atlas's sandbox.
pub const THREE_DS_HOLDER: &str = "Three DS";

/// How long a paid order stays "payment in progress" on the sandbox clock.
pub const IN_PROGRESS_FOR: Duration = Duration::from_secs(60);
/// How long a paid order stays "ticketing" before it is "ticketed".
pub const TICKETING_FOR: Duration = Duration::from_secs(5 * 60);

/// Where an order stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum OrderState {
    /// Waiting for payment.
    #[default]
    Unpaid,
    /// A payment was accepted; the airline has not confirmed it yet.
    PaymentInProgress,
    /// Paid; tickets are being issued.
    Ticketing,
    /// Paid and ticketed.
    Ticketed,
    /// Cancelled: cannot be paid.
    Cancelled,
}

/// A defect of the order's passenger, contact or baggage data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Defect {
    /// A mandatory passenger element is missing (407).
    PassengerDataMissing,
    /// A child passenger without an adult (408).
    PassengerCannotBoardAlone,
    /// Extra baggage that differs between segments (409).
    BaggageMismatch,
    /// Malformed contact information (410).
    ContactInvalid,
}

/// A fault the sandbox injects when this order is paid, for clients' tests.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum Fault {
    /// Wait this long (real time) before handling the request.
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// Answer HTTP 500 with an HTML body; nothing is charged.
    Http500,
    /// Read the request, then close the connection without answering: the
    /// outcome-unknown case. With `charge`, the payment is made first.
    CloseAfterRead {
        /// Whether the payment is made before the connection is closed.
        charge: bool,
    },
    /// Answer HTTP 200 with a body that is not JSON; nothing is charged.
    GarbageBody,
    /// Answer with a status code no documentation lists; nothing is charged.
    UnknownStatus {
        /// The code to answer with.
        code: i64,
    },
    // New variants go last: the others keep their positions (discriminants).
    /// Read the request, then never answer (the connection stays open
    /// until the client gives up, or dies): a process killed while it waits
    /// for an answer. With `charge`, the payment is made first.
    Stall {
        /// Whether the payment is made before the sandbox falls silent.
        charge: bool,
    },
}

/// A fault the sandbox injects when this order is queried
/// (`queryOrderDetails.do`), for clients' tests of retries and reconciliation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum QueryFault {
    /// Wait this long (real time) before answering.
    Delay {
        /// Milliseconds.
        ms: u64,
    },
    /// Answer HTTP 500 with an HTML body, `times` times.
    Http500 {
        /// How many queries fail before the order answers normally. In Rust
        /// there is no default: `0` never fails, [`QueryFault::ALWAYS`]
        /// always does. In an orders file the field may be left out, and
        /// then means always.
        #[serde(default = "always")]
        times: u32,
    },
    /// Answer 705 (Atlas timed out), `times` times.
    Timeout {
        /// How many queries fail before the order answers normally (as for
        /// [`Http500`](QueryFault::Http500): `0` never, [`QueryFault::ALWAYS`]
        /// always; left out of an orders file, always).
        #[serde(default = "always")]
        times: u32,
    },
}

impl QueryFault {
    /// A `times` that never runs out.
    pub const ALWAYS: u32 = u32::MAX;
}

fn always() -> u32 {
    QueryFault::ALWAYS
}

/// How the sandbox's refund desk treats this order's tickets (see
/// `refundQuotation.do`, `refund.do`, `queryRefundOrders.do`): what a
/// quotation says and how a submission ends.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum RefundCase {
    /// An accurate quotation; a submission ends refunded, in full.
    #[default]
    Accurate,
    /// "Cannot quote": refundable, the amount being what the airline
    /// returns (the full fare here); a submission ends refunded.
    CannotQuote,
    /// Not refundable: a submission ends rejected.
    Unrefundable,
    /// An accurate quotation, but the airline rejects the submission.
    Rejected,
}

/// An order in the sandbox's order book. Build it with [`SandboxOrder::new`] and
/// the setters below (or from an orders file); fields may be added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SandboxOrder {
    /// The order number.
    pub order_no: String,
    /// Where the order stands when seeded.
    #[serde(default)]
    pub state: OrderState,
    /// The price, in the settlement currency's minor units.
    #[serde(default = "default_amount")]
    pub amount: u64,
    /// The settlement currency (ISO 4217): deposit payments debit the
    /// deposit account in it (default USD).
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Seconds of sandbox time, from the sandbox's start, until the payment
    /// deadline (default 30 minutes, as Atlas's).
    #[serde(default = "default_deadline")]
    pub deadline_secs: u64,
    /// `supportCreditTransPayment`: "0" deposit only, "1" deposit or VCC.
    #[serde(default = "default_credit")]
    pub support_credit_trans_payment: CreditTransPayment,
    /// The `cardType` given when the order was created, if any.
    #[serde(default)]
    pub card_type: Option<String>,
    /// An FR-style order the user has not confirmed yet (415).
    #[serde(default)]
    pub awaiting_confirmation: bool,
    /// No payment method is available for the order (412).
    #[serde(default)]
    pub no_payment_methods: bool,
    /// A passenger, contact or baggage defect.
    #[serde(default)]
    pub defect: Option<Defect>,
    /// A fault to inject into payments of this order.
    #[serde(default)]
    pub fault: Option<Fault>,
    /// How many payments of this order get the fault: every one
    /// ([`QueryFault::ALWAYS`]) from [`SandboxOrder::fault`] and when left out of an
    /// orders file, once from [`SandboxOrder::fault_once`].
    #[serde(default = "always")]
    pub fault_times: u32,
    /// A fault to inject into queries of this order.
    #[serde(default)]
    pub query_fault: Option<QueryFault>,
    /// Ticketing never finishes once paid (the airline does not issue): the
    /// order stays "ticketing" however long the sandbox runs.
    #[serde(default)]
    pub stuck_in_ticketing: bool,
    /// How refunds of the order's tickets go.
    #[serde(default)]
    pub refund_case: RefundCase,
    /// A fault to inject into refund submissions (`refund.do`) of this
    /// order; a `CloseAfterRead` with `charge` submits the refund first.
    #[serde(default)]
    pub refund_fault: Option<Fault>,
    /// How many submissions get the refund fault (as for `fault_times`).
    #[serde(default = "always")]
    pub refund_fault_times: u32,
    /// Incidents recorded for the order (`email.schedulechange`,
    /// `abnormal.cancelled`, `order.schedulechange`), as the incident list
    /// (`event/getPageList.do`) shows them.
    #[serde(default)]
    pub incidents: Vec<String>,
}

fn default_amount() -> u64 {
    25_000
}
/// The settlement currency of orders and of the deposit unless told
/// otherwise.
pub const DEFAULT_CURRENCY: &str = "USD";

fn default_currency() -> String {
    DEFAULT_CURRENCY.to_owned()
}
fn default_deadline() -> u64 {
    30 * 60
}
fn default_credit() -> CreditTransPayment {
    CreditTransPayment::DepositOrCard
}

impl SandboxOrder {
    /// An unpaid order with Atlas's defaults: 30-minute deadline, deposit or
    /// VCC accepted, amount 250.00.
    pub fn new(order_no: impl Into<String>) -> Self {
        Self {
            order_no: order_no.into(),
            state: OrderState::Unpaid,
            amount: default_amount(),
            currency: default_currency(),
            deadline_secs: default_deadline(),
            support_credit_trans_payment: default_credit(),
            card_type: None,
            awaiting_confirmation: false,
            no_payment_methods: false,
            defect: None,
            fault: None,
            fault_times: u32::MAX,
            query_fault: None,
            stuck_in_ticketing: false,
            refund_case: RefundCase::Accurate,
            refund_fault: None,
            refund_fault_times: u32::MAX,
            incidents: Vec::new(),
        }
    }

    /// Sets the state.
    pub fn state(mut self, state: OrderState) -> Self {
        self.state = state;
        self
    }

    /// Sets the price.
    pub fn amount(mut self, amount: u64) -> Self {
        self.amount = amount;
        self
    }

    /// Sets the deadline, in sandbox seconds from the start.
    pub fn deadline_secs(mut self, secs: u64) -> Self {
        self.deadline_secs = secs;
        self
    }

    /// The settlement currency (ISO 4217; default [`DEFAULT_CURRENCY`]).
    pub fn currency(mut self, currency: impl Into<String>) -> Self {
        self.currency = currency.into();
        self
    }

    /// Accepts only deposit (balance) payments (`supportCreditTransPayment` "0").
    pub fn deposit_only(mut self) -> Self {
        self.support_credit_trans_payment = CreditTransPayment::DepositOnly;
        self
    }

    /// Sets the `cardType` given at order time.
    pub fn card_type(mut self, card_type: CardType) -> Self {
        self.card_type = Some(card_type.as_str().to_owned());
        self
    }

    /// Marks the order as awaiting the user's confirmation.
    pub fn awaiting_confirmation(mut self) -> Self {
        self.awaiting_confirmation = true;
        self
    }

    /// Marks the order as having no available payment method.
    pub fn no_payment_methods(mut self) -> Self {
        self.no_payment_methods = true;
        self
    }

    /// Sets a data defect.
    pub fn defect(mut self, defect: Defect) -> Self {
        self.defect = Some(defect);
        self
    }

    /// Sets a fault for every payment of this order.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self.fault_times = u32::MAX;
        self
    }

    /// Sets a fault for the first payment of this order only (a network
    /// blip): the next payment goes through.
    pub fn fault_once(mut self, fault: Fault) -> Self {
        self.fault = Some(fault);
        self.fault_times = 1;
        self
    }

    /// Sets a fault for queries of this order.
    pub fn query_fault(mut self, fault: QueryFault) -> Self {
        self.query_fault = Some(fault);
        self
    }

    /// Once paid, the order stays "ticketing" for ever.
    pub fn stuck_in_ticketing(mut self) -> Self {
        self.stuck_in_ticketing = true;
        self
    }

    /// How refunds of the order's tickets go (default
    /// [`RefundCase::Accurate`]).
    pub fn refund_case(mut self, case: RefundCase) -> Self {
        self.refund_case = case;
        self
    }

    /// Sets a fault for every refund submission of this order.
    pub fn refund_fault(mut self, fault: Fault) -> Self {
        self.refund_fault = Some(fault);
        self.refund_fault_times = u32::MAX;
        self
    }

    /// Records an incident of this kind for the order (`email.schedulechange`,
    /// `abnormal.cancelled`, `order.schedulechange`).
    pub fn incident(mut self, kind: impl Into<String>) -> Self {
        self.incidents.push(kind.into());
        self
    }

    /// Sets a fault for the first refund submission of this order only.
    pub fn refund_fault_once(mut self, fault: Fault) -> Self {
        self.refund_fault = Some(fault);
        self.refund_fault_times = 1;
        self
    }
}

/// One charge the sandbox made (read from [`Sandbox::ledger`](super::Sandbox::ledger));
/// fields may be added.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
#[serde(rename_all = "camelCase")]
pub struct Charge {
    /// The order paid.
    pub order_no: String,
    /// The payment method.
    pub method: PaymentMethod,
    /// The amount charged.
    pub amount: u64,
    /// The card, masked to its first six and last four digits, if one was used.
    pub card: Option<String>,
    /// Sandbox time of the charge, in seconds from the start.
    pub at_secs: u64,
    /// Sandbox time the charge was refunded (the order cancelled), if it was.
    pub refunded_at_secs: Option<u64>,
}

#[derive(Debug)]
pub(crate) struct Record {
    pub(crate) order: SandboxOrder,
    /// Sandbox second of the payment made here, and its method.
    pub(crate) paid_at: Option<u64>,
    pub(crate) paid_by: Option<i64>,
    /// Sandbox second at which the order is cancelled and its payment
    /// refunded (a scheduled cancellation), and whether that happened.
    pub(crate) cancel_at: Option<u64>,
    pub(crate) cancelled: bool,
    /// Sandbox second at which a refund of the whole order completes: the
    /// order is cancelled and its payment goes back, as for `cancel_at`,
    /// but the tickets stay issued until then.
    pub(crate) refund_at: Option<u64>,
    /// Refund faults still to inject.
    refund_faults_left: u32,
    /// Payment faults still to inject.
    pay_faults_left: u32,
    /// Query faults still to inject.
    pub(crate) query_faults_left: u32,
}

impl Record {
    fn new(order: SandboxOrder) -> Self {
        let query_faults_left = match order.query_fault {
            Some(QueryFault::Http500 { times } | QueryFault::Timeout { times }) => times,
            _ => 0,
        };
        Self {
            pay_faults_left: if order.fault.is_some() {
                order.fault_times
            } else {
                0
            },
            refund_faults_left: if order.refund_fault.is_some() {
                order.refund_fault_times
            } else {
                0
            },
            order,
            paid_at: None,
            paid_by: None,
            cancel_at: None,
            cancelled: false,
            refund_at: None,
            query_faults_left,
        }
    }
}

/// The order book, balance, ledger and clock.
#[derive(Debug)]
pub(crate) struct Book {
    pub(crate) orders: BTreeMap<String, Record>,
    /// The deposit accounts: minor units left, by currency.
    pub(crate) deposits: BTreeMap<String, u64>,
    pub(crate) ledger: Vec<Charge>,
    pub(crate) now_secs: u64,
    /// What one operation keeps for itself (pay: the merchant-of-record
    /// cards already used), one value per type, so that an operation's
    /// state stays in its own module.
    operation_state: HashMap<TypeId, Box<dyn Any + Send>>,
    /// Wall-clock time at sandbox second 0; the sandbox's calendar (card
    /// expiry) is this plus `now_secs`.
    pub(crate) start: SystemTime,
}

impl Book {
    pub(crate) fn new(
        orders: Vec<SandboxOrder>,
        deposits: BTreeMap<String, u64>,
        start: SystemTime,
    ) -> Self {
        Self {
            orders: orders
                .into_iter()
                .map(|order| (order.order_no.clone(), Record::new(order)))
                .collect(),
            deposits,
            ledger: Vec::new(),
            now_secs: 0,
            operation_state: HashMap::new(),
            start,
        }
    }

    /// An operation's own state of type `T`, created empty on first use.
    pub(crate) fn operation_state<T: Default + Send + 'static>(&mut self) -> &mut T {
        let state = self
            .operation_state
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Box::new(T::default()));
        match state.downcast_mut::<T>() {
            Some(state) => state,
            // Keyed by its own type: the value is always a `T`.
            None => unreachable!("the state keyed by a type has that type"),
        }
    }

    /// An operation's own state of type `T`, if it has any yet.
    pub(crate) fn operation_state_if_any<T: 'static>(&self) -> Option<&T> {
        self.operation_state.get(&TypeId::of::<T>())?.downcast_ref()
    }

    pub(crate) fn insert(&mut self, order: SandboxOrder) {
        self.orders
            .insert(order.order_no.clone(), Record::new(order));
    }

    pub(crate) fn advance(&mut self, by: Duration) {
        self.now_secs = self.now_secs.saturating_add(by.as_secs());
        self.cancel_due();
    }

    /// Schedules the cancellation of an order, with the refund of its
    /// payment, `after` from now on the sandbox clock.
    pub(crate) fn schedule_cancellation(&mut self, order_no: &str, after: Duration) {
        if let Some(record) = self.orders.get_mut(order_no) {
            record.cancel_at = Some(self.now_secs.saturating_add(after.as_secs()));
        }
        self.cancel_due();
    }

    /// Cancels every order whose scheduled cancellation is due, and refunds
    /// its payments: deposit payments go back to the deposit account in the
    /// order's currency; every charge is marked refunded.
    fn cancel_due(&mut self) {
        let now = self.now_secs;
        for (order_no, record) in &mut self.orders {
            let due = |at: Option<u64>| at.is_some_and(|at| at <= now);
            if record.cancelled || !(due(record.cancel_at) || due(record.refund_at)) {
                continue;
            }
            record.cancelled = true;
            for charge in self
                .ledger
                .iter_mut()
                .filter(|c| c.order_no == *order_no && c.refunded_at_secs.is_none())
            {
                charge.refunded_at_secs = Some(now);
                if charge.method == PaymentMethod::Deposit {
                    *self
                        .deposits
                        .entry(record.order.currency.clone())
                        .or_default() += charge.amount;
                }
            }
        }
    }

    /// The month on the sandbox clock: card expiry is judged by it, so a
    /// test card never starts failing because the real year moved on.
    pub(crate) fn today(&self) -> YearMonth {
        YearMonth::at(self.wall())
    }

    /// The wall-clock time on the sandbox clock.
    pub(crate) fn wall(&self) -> SystemTime {
        self.start + Duration::from_secs(self.now_secs)
    }

    pub(crate) fn ledger(&self) -> Vec<Charge> {
        self.ledger.clone()
    }

    /// The deposit left in `currency`, if there is an account in it.
    pub(crate) fn deposit(&self, currency: &str) -> Option<u64> {
        self.deposits.get(currency).copied()
    }

    /// Completes a refund of the whole order `after` from now: then the
    /// order is cancelled and its payments go back (see `cancel_due`).
    pub(crate) fn schedule_refund(&mut self, order_no: &str, after: Duration) {
        if let Some(record) = self.orders.get_mut(order_no) {
            record.refund_at = Some(self.now_secs.saturating_add(after.as_secs()));
        }
        self.cancel_due();
    }

    /// The sandbox second at which the order's tickets were issued, if they
    /// are: a paid order once its ticketing ends, an order seeded ticketed
    /// at the start.
    pub(crate) fn ticketed_at(&self, order_no: &str) -> Option<u64> {
        let record = self.orders.get(order_no)?;
        if self.state(order_no)? != OrderState::Ticketed && record.refund_at.is_none() {
            return None;
        }
        Some(match record.paid_at {
            Some(at) => at + IN_PROGRESS_FOR.as_secs() + TICKETING_FOR.as_secs(),
            None => 0,
        })
    }

    /// The fault this refund submission of the order gets, if any (counted).
    pub(crate) fn take_refund_fault(&mut self, order_no: &str) -> Option<Fault> {
        let record = self.orders.get_mut(order_no)?;
        if record.refund_faults_left == 0 {
            return None;
        }
        if record.refund_faults_left != u32::MAX {
            record.refund_faults_left -= 1;
        }
        record.order.refund_fault
    }

    /// The fault this payment of the order gets, if any (counted).
    pub(crate) fn take_fault(&mut self, order_no: &str) -> Option<Fault> {
        let record = self.orders.get_mut(order_no)?;
        if record.pay_faults_left == 0 {
            return None;
        }
        if record.pay_faults_left != u32::MAX {
            record.pay_faults_left -= 1;
        }
        record.order.fault
    }

    /// The order's state on the sandbox clock.
    pub(crate) fn state(&self, order_no: &str) -> Option<OrderState> {
        let record = self.orders.get(order_no)?;
        if record.cancelled {
            return Some(OrderState::Cancelled);
        }
        Some(match record.paid_at {
            None => record.order.state,
            Some(at) => {
                let age = self.now_secs.saturating_sub(at);
                if age < IN_PROGRESS_FOR.as_secs() {
                    OrderState::PaymentInProgress
                } else if record.order.stuck_in_ticketing
                    // A stop is intercepting ticket issuance: no tickets.
                    || record.cancel_at.is_some()
                    || age < IN_PROGRESS_FOR.as_secs() + TICKETING_FOR.as_secs()
                {
                    OrderState::Ticketing
                } else {
                    OrderState::Ticketed
                }
            }
        })
    }
}

/// A stable six-character Atlas PNR for an order.
pub(crate) fn pnr_for(order_no: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in order_no.bytes() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(ALPHABET[((hash >> (i * 5)) & 31) as usize]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn charged(book: &mut Book, order_no: &str, method: i64) {
        let method_code = method;
        let method = PaymentMethod::from_code(method_code);
        let amount = book.orders[order_no].order.amount;
        book.ledger.push(Charge {
            order_no: order_no.to_owned(),
            method,
            amount,
            card: None,
            at_secs: book.now_secs,
            refunded_at_secs: None,
        });
        if method == PaymentMethod::Deposit {
            *book
                .deposits
                .entry(DEFAULT_CURRENCY.to_owned())
                .or_default() -= amount;
        }
        let record = book.orders.get_mut(order_no).unwrap();
        record.paid_at = Some(book.now_secs);
        record.paid_by = Some(method_code);
    }

    #[test]
    fn a_scheduled_cancellation_cancels_and_refunds_when_due() {
        let mut book = Book::new(
            vec![SandboxOrder::new("A"), SandboxOrder::new("B")],
            [(DEFAULT_CURRENCY.to_owned(), 100_000)].into(),
            SystemTime::UNIX_EPOCH,
        );
        charged(&mut book, "A", 1);
        charged(&mut book, "B", 3);
        assert_eq!(book.deposit(DEFAULT_CURRENCY), Some(75_000));
        book.schedule_cancellation("A", Duration::from_secs(480));
        book.schedule_cancellation("B", Duration::from_secs(480));
        book.advance(Duration::from_secs(479));
        // Intercepted: no tickets while the stop is under way.
        assert_eq!(book.state("A"), Some(OrderState::Ticketing));
        assert_eq!(book.deposit(DEFAULT_CURRENCY), Some(75_000));
        book.advance(Duration::from_secs(1));
        assert_eq!(book.state("A"), Some(OrderState::Cancelled));
        assert_eq!(book.state("B"), Some(OrderState::Cancelled));
        // The deposit payment comes back; the card payment is refunded to the card.
        assert_eq!(book.deposit(DEFAULT_CURRENCY), Some(100_000));
        assert!(
            book.ledger()
                .iter()
                .all(|c| c.refunded_at_secs == Some(480))
        );
        // Once only.
        book.advance(Duration::from_secs(600));
        assert_eq!(book.deposit(DEFAULT_CURRENCY), Some(100_000));
    }

    #[test]
    fn a_stuck_order_never_leaves_ticketing() {
        let mut book = Book::new(
            vec![SandboxOrder::new("S").stuck_in_ticketing()],
            [(DEFAULT_CURRENCY.to_owned(), 100_000)].into(),
            SystemTime::UNIX_EPOCH,
        );
        charged(&mut book, "S", 1);
        book.advance(IN_PROGRESS_FOR + TICKETING_FOR + Duration::from_secs(86_400));
        assert_eq!(book.state("S"), Some(OrderState::Ticketing));
    }
}
