//! The journal of attempts (features `journal-sqlite`, `journal-postgres`):
//! the durable memory of payments and refunds that outlives the process
//! that sent them. [`Journal`] opens a store and speaks to it; the stores
//! are `journal_sqlite` and `journal_postgres`, the SQL they share
//! `journal_sql`.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::attempt::{Attempt, Ending, Intent, JournalError, JournalRefusal};
use crate::error::Delivery;
use crate::journal_sql::{Claim, NewAttempt, Settle, Update, millis};

/// The durable memory of payment and refund attempts.
///
/// Give it to [`ClientBuilder::journal`](crate::ClientBuilder::journal):
/// before a payment or refund is sent the client records the intent (a
/// failure to record it sends nothing), after the call where it stands,
/// and after a settlement the settlement. A second payment for an order
/// whose attempt is open or paid is refused before sending, across
/// processes: the store's unique index decides, not a read before a
/// write. [`Client::recover`](crate::Client::recover) settles what a
/// crash left open.
///
/// It stores the operation, order number, method, amount where known,
/// a card's brand and last four digits, times and states. Never a card
/// number, CVV, client secret or passenger's data.
///
/// Cheap to clone: clones share the store.
#[derive(Clone)]
pub struct Journal {
    pub(crate) store: Arc<Store>,
    pub(crate) owner: Arc<str>,
    lease: Option<Duration>,
}

impl fmt::Debug for Journal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Journal")
            .field("store", &self.store.kind())
            .field("owner", &self.owner)
            .finish_non_exhaustive()
    }
}

impl Journal {
    pub(crate) fn from_store(store: Store) -> Journal {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        // Letters only (hex digits shifted to g–p): the store's only
        // digits are then ids, times, codes and cards' last four.
        let owner: String = format!("{:x}-{nanos:x}", std::process::id())
            .chars()
            .map(|c| match c {
                '0'..='9' => char::from(b'g' + (c as u8 - b'0')),
                other => other,
            })
            .collect();
        Journal {
            store: Arc::new(store),
            owner: owner.into(),
            lease: None,
        }
    }

    /// Opens (or creates) the journal in an SQLite file and brings its schema
    /// to this version's migrations. Several processes of one machine may
    /// share the file; a fleet shares Postgres ([`Journal::postgres`],
    /// feature `journal-postgres`).
    ///
    /// ```no_run
    /// # fn demo() -> Result<(), Box<dyn std::error::Error>> {
    /// let builder = atlas_pay::Client::builder()
    ///     .journal(atlas_pay::Journal::sqlite("atlas-pay-journal.db")?);
    /// # Ok(()) }
    /// ```
    #[cfg(feature = "journal-sqlite")]
    #[cfg_attr(docsrs, doc(cfg(feature = "journal-sqlite")))]
    pub fn sqlite(path: impl AsRef<std::path::Path>) -> Result<Journal, JournalError> {
        crate::journal_sqlite::open(path.as_ref())
            .map(|store| Journal::from_store(Store::Sqlite(store)))
    }

    /// Connects to the journal in Postgres and brings its schema to this
    /// version's migrations (replicas starting at once take turns).
    /// `config` is a libpq-style connection string (`host=db user=payments
    /// dbname=payments`) or URL (`postgresql://payments@db/payments`). Every
    /// replica of a service gives the same database: single flight and
    /// recovery hold across them.
    ///
    /// The connection is not encrypted (no TLS): use it on a private
    /// network or a Unix socket.
    #[cfg(feature = "journal-postgres")]
    #[cfg_attr(docsrs, doc(cfg(feature = "journal-postgres")))]
    pub async fn postgres(config: &str) -> Result<Journal, JournalError> {
        crate::journal_postgres::open(config)
            .await
            .map(|store| Journal::from_store(Store::Postgres(store)))
    }

    /// How long an attempt in flight belongs to the process sending it:
    /// recovery leaves it alone that long after its intent was recorded.
    /// Default: twice the client's timeout. Set it above the longest a
    /// call can take, or recovery may settle a payment still in flight.
    pub fn with_in_flight_lease(mut self, lease: Duration) -> Journal {
        self.lease = Some(lease);
        self
    }

    pub(crate) fn in_flight_lease(&self, timeout: Duration) -> Duration {
        self.lease.unwrap_or(timeout.saturating_mul(2))
    }

    /// The attempts left open (sending or unknown), oldest first.
    pub async fn open_attempts(&self) -> Result<Vec<Attempt>, JournalError> {
        self.store.list(None).await
    }

    /// Every attempt recorded for an order, oldest first.
    pub async fn attempts(&self, order_no: &str) -> Result<Vec<Attempt>, JournalError> {
        self.store.list(Some(order_no.to_owned())).await
    }

    pub(crate) async fn begin(
        &self,
        intent: &Intent<'_>,
        now: SystemTime,
        lease: Duration,
    ) -> Result<i64, JournalRefusal> {
        let row = NewAttempt {
            operation: intent.operation.to_owned(),
            order_no: intent.order_no.to_owned(),
            method: intent.method.clone(),
            amount: intent.amount.clone(),
            card: intent.card.clone(),
            success_is_final: intent.success_is_final,
            at_ms: millis(now),
            owner: self.owner.to_string(),
            lease_until_ms: millis(now + lease),
        };
        self.store.begin(row).await
    }

    pub(crate) async fn end(
        &self,
        id: i64,
        ending: &Ending,
        now: SystemTime,
    ) -> Result<(), JournalError> {
        self.store
            .end(Update {
                id,
                state: ending.state,
                delivery: ending.delivery.map(Delivery::as_str),
                status_code: ending.status_code,
                reference: ending.reference.clone(),
                at_ms: millis(now),
            })
            .await
    }

    /// Records a settlement for an order's open attempts of `operation`:
    /// a success always; a failure only for attempts no live sender
    /// holds (their in-flight lease has run out), or that `owner` holds.
    pub(crate) async fn settle(&self, settle: Settle) -> Result<u64, JournalError> {
        self.store.settle(settle).await
    }
}

/// A store of the journal.
pub(crate) enum Store {
    /// An embedded SQLite file.
    #[cfg(feature = "journal-sqlite")]
    Sqlite(crate::journal_sqlite::Sqlite),
    /// A Postgres database shared by a fleet.
    #[cfg(feature = "journal-postgres")]
    Postgres(crate::journal_postgres::Postgres),
}

/// Dispatches to the store's own method of the same name.
macro_rules! each_store {
    ($self:ident, $store:ident => $call:expr) => {
        match $self {
            #[cfg(feature = "journal-sqlite")]
            Store::Sqlite($store) => $call,
            #[cfg(feature = "journal-postgres")]
            Store::Postgres($store) => $call,
        }
    };
}

impl Store {
    pub(crate) fn kind(&self) -> &'static str {
        match self {
            #[cfg(feature = "journal-sqlite")]
            Store::Sqlite(_) => "sqlite",
            #[cfg(feature = "journal-postgres")]
            Store::Postgres(_) => "postgres",
        }
    }

    /// Inserts the intent; a blocking attempt for the order refuses it.
    pub(crate) async fn begin(&self, row: NewAttempt) -> Result<i64, JournalRefusal> {
        each_store!(self, store => store.begin(row).await)
    }

    pub(crate) async fn end(&self, update: Update) -> Result<(), JournalError> {
        each_store!(self, store => store.end(update).await)
    }

    pub(crate) async fn settle(&self, settle: Settle) -> Result<u64, JournalError> {
        each_store!(self, store => store.settle(settle).await)
    }

    pub(crate) async fn list(
        &self,
        order_no: Option<String>,
    ) -> Result<Vec<Attempt>, JournalError> {
        each_store!(self, store => store.list(order_no).await)
    }

    pub(crate) async fn claim(&self, claim: Claim) -> Result<Vec<Attempt>, JournalError> {
        each_store!(self, store => store.claim(claim).await)
    }
}
