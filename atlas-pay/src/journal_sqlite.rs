//! The journal in an embedded SQLite file (feature `journal-sqlite`): no
//! server, shared by the processes of one machine. WAL mode with
//! `synchronous = FULL`: each step is committed to disk before the call goes
//! on. Calls run on tokio's blocking pool.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, params};

use crate::attempt::{Attempt, JournalError, JournalRefusal};
use crate::journal_sql::{self, Claim, NewAttempt, Row, Settle, Update};

/// How long a statement waits for another process's write to finish.
const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// One connection, used by one statement at a time.
pub(crate) struct Sqlite {
    connection: Arc<Mutex<Connection>>,
}

/// Opens (or creates) the file and migrates it.
pub(crate) fn open(path: &Path) -> Result<Sqlite, JournalError> {
    let mut connection = Connection::open(path).map_err(store_error)?;
    connection.busy_timeout(BUSY_TIMEOUT).map_err(store_error)?;
    connection
        .pragma_update(None, "journal_mode", "WAL")
        .map_err(store_error)?;
    connection
        .pragma_update(None, "synchronous", "FULL")
        .map_err(store_error)?;
    migrate(&mut connection)?;
    Ok(Sqlite {
        connection: Arc::new(Mutex::new(connection)),
    })
}

fn store_error(error: rusqlite::Error) -> JournalError {
    JournalError::Store(error.to_string())
}

/// Applies the migrations the file lacks, in one immediate transaction (a
/// second process opening at once waits, then finds them applied).
fn migrate(connection: &mut Connection) -> Result<(), JournalError> {
    let tx = connection
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(store_error)?;
    tx.execute(
        "CREATE TABLE IF NOT EXISTS atlas_pay_journal_migrations \
         (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)",
        [],
    )
    .map_err(store_error)?;
    let current: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM atlas_pay_journal_migrations",
            [],
            |row| row.get(0),
        )
        .map_err(store_error)?;
    for migration in journal_sql::pending(current)? {
        tx.execute_batch(migration.sqlite).map_err(store_error)?;
        tx.execute(
            "INSERT INTO atlas_pay_journal_migrations (version, name, applied_at_ms) \
             VALUES (?1, ?2, ?3)",
            params![
                migration.version,
                migration.name,
                crate::journal_sql::millis(std::time::SystemTime::now())
            ],
        )
        .map_err(store_error)?;
    }
    tx.commit().map_err(store_error)
}

/// The shared SQL with SQLite's numbered placeholders.
fn sql(text: &str) -> String {
    text.replace('$', "?")
}

fn read_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Row> {
    Ok(Row {
        id: row.get(0)?,
        operation: row.get(1)?,
        order_no: row.get(2)?,
        method: row.get(3)?,
        amount: row.get(4)?,
        currency: row.get(5)?,
        card_brand: row.get(6)?,
        card_last4: row.get(7)?,
        attempted_at_ms: row.get(8)?,
        state: row.get(9)?,
        delivery: row.get(10)?,
        status_code: row.get(11)?,
        reference: row.get(12)?,
        settlement: row.get(13)?,
    })
}

impl Sqlite {
    /// Runs `work` on the connection, on tokio's blocking pool.
    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&mut Connection) -> Result<T, JournalError> + Send + 'static,
    ) -> Result<T, JournalError> {
        let connection = Arc::clone(&self.connection);
        tokio::task::spawn_blocking(move || {
            let mut connection = connection
                .lock()
                .map_err(|_| JournalError::Store("the connection's lock is poisoned".into()))?;
            work(&mut connection)
        })
        .await
        .map_err(|error| JournalError::Store(format!("the journal's task failed: {error}")))?
    }

    pub(crate) async fn begin(&self, row: NewAttempt) -> Result<i64, JournalRefusal> {
        self.run(move |connection| Ok(insert_intent(connection, &row)))
            .await
            .map_err(|error| JournalRefusal::Unavailable(error.to_string()))?
    }

    pub(crate) async fn end(&self, update: Update) -> Result<(), JournalError> {
        self.run(move |connection| {
            connection
                .execute(
                    &sql(&journal_sql::end_sql()),
                    params![
                        update.state.as_str(),
                        update.delivery,
                        update.status_code,
                        update.reference,
                        update.at_ms,
                        update.id
                    ],
                )
                .map_err(store_error)?;
            Ok(())
        })
        .await
    }

    pub(crate) async fn settle(&self, settle: Settle) -> Result<u64, JournalError> {
        self.run(move |connection| {
            let changed = connection
                .execute(
                    &sql(&journal_sql::settle_sql()),
                    params![
                        settle.state.as_str(),
                        settle.settlement,
                        settle.at_ms,
                        settle.operation,
                        settle.order_no,
                        settle.owner
                    ],
                )
                .map_err(store_error)?;
            Ok(u64::try_from(changed).unwrap_or(u64::MAX))
        })
        .await
    }

    pub(crate) async fn list(
        &self,
        order_no: Option<String>,
    ) -> Result<Vec<Attempt>, JournalError> {
        self.run(move |connection| {
            let mut statement = connection
                .prepare(&sql(&journal_sql::list_sql(order_no.is_some())))
                .map_err(store_error)?;
            let rows = match &order_no {
                Some(order_no) => statement.query_map(params![order_no], read_row),
                None => statement.query_map([], read_row),
            }
            .map_err(store_error)?;
            rows.map(|row| row.map_err(store_error).and_then(Attempt::try_from))
                .collect()
        })
        .await
    }

    pub(crate) async fn claim(&self, claim: Claim) -> Result<Vec<Attempt>, JournalError> {
        self.run(move |connection| {
            let mut statement = connection
                .prepare(&sql(&journal_sql::claim_sql("")))
                .map_err(store_error)?;
            let rows = statement
                .query_map(
                    params![claim.owner, claim.until_ms, claim.now_ms, claim.limit],
                    read_row,
                )
                .map_err(store_error)?;
            let mut attempts: Vec<Attempt> = rows
                .map(|row| row.map_err(store_error).and_then(Attempt::try_from))
                .collect::<Result<_, _>>()?;
            attempts.sort_by_key(|attempt| attempt.id);
            Ok(attempts)
        })
        .await
    }
}

/// Inserts the intent; when the single-flight index refuses it, reads which
/// attempt blocks the order. If that one closed in between, tries again.
fn insert_intent(connection: &mut Connection, row: &NewAttempt) -> Result<i64, JournalRefusal> {
    let unavailable = |error: rusqlite::Error| JournalRefusal::Unavailable(error.to_string());
    for _ in 0..3 {
        let inserted = connection.query_row(
            &sql(journal_sql::INSERT_INTENT),
            params![
                row.operation,
                row.order_no,
                row.method,
                row.amount.as_ref().map(|(amount, _)| amount),
                row.amount.as_ref().map(|(_, currency)| currency),
                row.card.as_ref().map(|(brand, _)| brand),
                row.card.as_ref().map(|(_, last4)| last4),
                row.at_ms,
                i64::from(row.success_is_final),
                row.owner,
                row.lease_until_ms
            ],
            |found| found.get::<_, i64>(0),
        );
        match inserted {
            Ok(id) => return Ok(id),
            Err(rusqlite::Error::SqliteFailure(failure, _))
                if failure.code == ErrorCode::ConstraintViolation =>
            {
                let blocking = connection
                    .query_row(
                        &sql(journal_sql::BLOCKING),
                        params![row.operation, row.order_no],
                        |found| Ok((found.get::<_, i64>(0)?, found.get::<_, String>(1)?)),
                    )
                    .optional()
                    .map_err(unavailable)?;
                if let Some((id, state)) = blocking {
                    return Err(journal_sql::refusal(id, &state));
                }
            }
            Err(error) => return Err(unavailable(error)),
        }
    }
    Err(JournalRefusal::Unavailable(
        "the order's blocking attempt kept changing".into(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "atlas-pay-journal-unit-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn opening_again_migrates_nothing_and_a_newer_schema_is_refused() {
        let dir = scratch("migrate");
        let path = dir.join("journal.db");
        drop(open(&path).unwrap());
        drop(open(&path).unwrap());
        let connection = Connection::open(&path).unwrap();
        let applied: i64 = connection
            .query_row(
                "SELECT COUNT(*) FROM atlas_pay_journal_migrations",
                [],
                |row| row.get(0),
            )
            .unwrap();
        assert_eq!(applied, 1);
        connection
            .execute(
                "INSERT INTO atlas_pay_journal_migrations VALUES (99, 'future', 0)",
                [],
            )
            .unwrap();
        assert!(matches!(
            open(&path),
            Err(JournalError::SchemaTooNew {
                found: 99,
                known: 1
            })
        ));
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn the_shared_sql_reads_with_sqlite_placeholders() {
        assert_eq!(sql("a = $1 AND b = $12"), "a = ?1 AND b = ?12");
    }
}
