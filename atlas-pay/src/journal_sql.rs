//! What the journal's stores share: the migrations, the SQL, and the rows
//! the client and the stores hand each other.
//!
//! Both stores run the same statements: written with Postgres's `$1`
//! placeholders, which SQLite reads as `?1` once the `$` is swapped. Each
//! step is one statement, so one atomic commit: the single flight is the
//! unique index `atlas_pay_attempts_single_flight`, never a read followed by
//! a write.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::attempt::{Attempt, AttemptState, JournalError, JournalRefusal};

/// The migrations, in order: version, name, SQL per store. Applied by the
/// crate when a journal is opened, each once, in one transaction.
pub(crate) struct Migration {
    pub(crate) version: i64,
    pub(crate) name: &'static str,
    #[cfg_attr(not(feature = "journal-sqlite"), allow(dead_code))]
    pub(crate) sqlite: &'static str,
    #[cfg_attr(not(feature = "journal-postgres"), allow(dead_code))]
    pub(crate) postgres: &'static str,
}

pub(crate) const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    name: "attempts",
    sqlite: include_str!("../migrations/sqlite/0001_attempts.sql"),
    postgres: include_str!("../migrations/postgres/0001_attempts.sql"),
}];

/// The newest migration this crate knows.
pub(crate) fn newest_migration() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// The migrations a store at migration `current` lacks, in order; a store
/// migrated by a newer atlas-pay is refused.
pub(crate) fn pending(
    current: i64,
) -> Result<impl Iterator<Item = &'static Migration>, JournalError> {
    let known = newest_migration();
    if current > known {
        return Err(JournalError::SchemaTooNew {
            found: current,
            known,
        });
    }
    Ok(MIGRATIONS.iter().filter(move |m| m.version > current))
}

/// The columns an [`Attempt`] is read from, in [`read_attempt`]'s order.
pub(crate) const COLUMNS: &str = "id, operation, order_no, method, amount, currency, card_brand, \
     card_last4, attempted_at_ms, state, delivery, status_code, reference, settlement";

pub(crate) const INSERT_INTENT: &str = "INSERT INTO atlas_pay_attempts \
     (operation, order_no, method, amount, currency, card_brand, card_last4, attempted_at_ms, \
      state, blocks, success_is_final, lease_owner, lease_until_ms, updated_at_ms) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'sending', 1, $9, $10, $11, $8) RETURNING id";

pub(crate) const BLOCKING: &str = "SELECT id, state FROM atlas_pay_attempts \
     WHERE operation = $1 AND order_no = $2 AND blocks = 1";

/// `$1` state: open states keep blocking, a success blocks when final.
const BLOCKS_AFTER: &str = "CASE WHEN $1 IN ('sending', 'unknown') THEN 1 \
     WHEN $1 = 'succeeded' THEN success_is_final ELSE 0 END";

pub(crate) fn end_sql() -> String {
    format!(
        "UPDATE atlas_pay_attempts SET state = $1, blocks = {BLOCKS_AFTER}, delivery = $2, \
         status_code = $3, reference = $4, lease_owner = NULL, lease_until_ms = NULL, \
         updated_at_ms = $5 WHERE id = $6 AND state IN ('sending', 'unknown')"
    )
}

/// A success settles whoever holds the attempt (it can only close it the
/// safe way); anything else only an attempt nobody holds, or that `$6`
/// (a recovery) holds.
pub(crate) fn settle_sql() -> String {
    format!(
        "UPDATE atlas_pay_attempts SET state = $1, blocks = {BLOCKS_AFTER}, settlement = $2, \
         lease_owner = NULL, lease_until_ms = NULL, updated_at_ms = $3 \
         WHERE operation = $4 AND order_no = $5 AND state IN ('sending', 'unknown') \
         AND ($1 = 'succeeded' OR lease_until_ms IS NULL OR lease_until_ms < $3 \
              OR lease_owner = $6)"
    )
}

/// Claims up to `$4` open attempts nobody holds for `$1` until `$2` (now is
/// `$3`). Postgres adds `FOR UPDATE SKIP LOCKED` so that replicas claiming
/// at once take different rows; SQLite writes one at a time anyway.
pub(crate) fn claim_sql(lock: &str) -> String {
    format!(
        "UPDATE atlas_pay_attempts SET lease_owner = $1, lease_until_ms = $2 \
         WHERE id IN (SELECT id FROM atlas_pay_attempts \
             WHERE state IN ('sending', 'unknown') \
             AND (lease_until_ms IS NULL OR lease_until_ms < $3) \
             ORDER BY id LIMIT $4 {lock}) \
         RETURNING {COLUMNS}"
    )
}

pub(crate) fn list_sql(by_order: bool) -> String {
    let filter = if by_order {
        "order_no = $1"
    } else {
        "state IN ('sending', 'unknown')"
    };
    format!("SELECT {COLUMNS} FROM atlas_pay_attempts WHERE {filter} ORDER BY id")
}

/// One row's columns, as both drivers read them.
pub(crate) struct Row {
    pub(crate) id: i64,
    pub(crate) operation: String,
    pub(crate) order_no: String,
    pub(crate) method: Option<String>,
    pub(crate) amount: Option<String>,
    pub(crate) currency: Option<String>,
    pub(crate) card_brand: Option<String>,
    pub(crate) card_last4: Option<String>,
    pub(crate) attempted_at_ms: i64,
    pub(crate) state: String,
    pub(crate) delivery: Option<String>,
    pub(crate) status_code: Option<i64>,
    pub(crate) reference: Option<String>,
    pub(crate) settlement: Option<String>,
}

impl TryFrom<Row> for Attempt {
    type Error = JournalError;

    fn try_from(row: Row) -> Result<Attempt, JournalError> {
        let state = AttemptState::parse(&row.state).ok_or_else(|| {
            JournalError::Unreadable(format!("attempt {}: state {:?}", row.id, row.state))
        })?;
        Ok(Attempt {
            id: row.id,
            operation: row.operation,
            order_no: row.order_no,
            method: row.method,
            amount: row.amount,
            currency: row.currency,
            card_brand: row.card_brand,
            card_last4: row.card_last4,
            attempted_at: from_millis(row.attempted_at_ms),
            state,
            delivery: row.delivery,
            status_code: row.status_code,
            reference: row.reference,
            settlement: row.settlement,
        })
    }
}

/// The refusal for a blocking attempt found after an insert lost.
pub(crate) fn refusal(id: i64, state: &str) -> JournalRefusal {
    match AttemptState::parse(state) {
        Some(AttemptState::Succeeded) => JournalRefusal::AlreadyPaid { attempt: id },
        Some(state) => JournalRefusal::Open { attempt: id, state },
        None => JournalRefusal::Unavailable(format!("attempt {id} has an unknown state {state:?}")),
    }
}

/// An intent as stored.
#[derive(Debug, Clone)]
pub(crate) struct NewAttempt {
    pub(crate) operation: String,
    pub(crate) order_no: String,
    pub(crate) method: Option<String>,
    pub(crate) amount: Option<(String, String)>,
    pub(crate) card: Option<(String, String)>,
    pub(crate) success_is_final: bool,
    pub(crate) at_ms: i64,
    pub(crate) owner: String,
    pub(crate) lease_until_ms: i64,
}

/// How a call ended, as stored.
#[derive(Debug, Clone)]
pub(crate) struct Update {
    pub(crate) id: i64,
    pub(crate) state: AttemptState,
    pub(crate) delivery: Option<&'static str>,
    pub(crate) status_code: Option<i64>,
    pub(crate) reference: Option<String>,
    pub(crate) at_ms: i64,
}

/// A settlement of an order's open attempts, as stored.
#[derive(Debug, Clone)]
pub(crate) struct Settle {
    pub(crate) operation: &'static str,
    pub(crate) order_no: String,
    pub(crate) state: AttemptState,
    /// The settlement's name (`paid`, `not-paid`, `submitted`, …).
    pub(crate) settlement: &'static str,
    /// A recovery's claim: it may settle the attempts it holds.
    pub(crate) owner: Option<String>,
    pub(crate) at_ms: i64,
}

/// A recovery's claim on open attempts nobody holds.
#[derive(Debug, Clone)]
pub(crate) struct Claim {
    pub(crate) owner: String,
    pub(crate) now_ms: i64,
    pub(crate) until_ms: i64,
    pub(crate) limit: i64,
}

/// Milliseconds since the Unix epoch (0 before it).
pub(crate) fn millis(at: SystemTime) -> i64 {
    at.duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// The time `ms` milliseconds after the Unix epoch.
pub(crate) fn from_millis(ms: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_millis(u64::try_from(ms).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_blocking_attempt_refuses_as_open_or_paid() {
        assert_eq!(
            refusal(4, "succeeded"),
            JournalRefusal::AlreadyPaid { attempt: 4 }
        );
        assert_eq!(
            refusal(5, "unknown"),
            JournalRefusal::Open {
                attempt: 5,
                state: AttemptState::Unknown
            }
        );
        assert!(matches!(refusal(6, "lost"), JournalRefusal::Unavailable(_)));
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps_and_name_both_stores() {
        for (index, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, i64::try_from(index).unwrap() + 1);
            for sql in [migration.sqlite, migration.postgres] {
                assert!(sql.contains("atlas_pay_attempts"), "{}", migration.name);
            }
        }
        assert_eq!(newest_migration(), 1);
    }

    #[test]
    fn times_are_milliseconds_since_the_epoch_both_ways() {
        let at = UNIX_EPOCH + Duration::from_millis(1_795_651_200_123);
        assert_eq!(millis(at), 1_795_651_200_123);
        assert_eq!(from_millis(millis(at)), at);
        assert_eq!(from_millis(-5), UNIX_EPOCH);
    }
}
