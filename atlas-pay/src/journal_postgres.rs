//! The journal in Postgres (feature `journal-postgres`), shared by every
//! replica of a service. One connection per journal, over which statements
//! are pipelined; each step is one statement, so one commit. A lost
//! connection is made again on the next call; until then the journal
//! refuses (fails closed).

use std::sync::Arc;

use tokio::sync::Mutex;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls};

use crate::attempt::{Attempt, JournalError, JournalRefusal};
use crate::journal_sql::{self, Claim, NewAttempt, Row, Settle, Update};

/// A lock number for the migrations (`pg_advisory_xact_lock`): replicas
/// starting at once apply them one after the other.
const MIGRATION_LOCK: i64 = 0x6174_6c61_7370_6179; // "atlaspay"

/// The connection, made again when it is lost.
pub(crate) struct Postgres {
    config: String,
    client: Mutex<Arc<Client>>,
}

/// Connects and migrates.
pub(crate) async fn open(config: &str) -> Result<Postgres, JournalError> {
    let mut client = connect(config).await?;
    migrate(&mut client).await?;
    Ok(Postgres {
        config: config.to_owned(),
        client: Mutex::new(Arc::new(client)),
    })
}

fn store_error(error: tokio_postgres::Error) -> JournalError {
    JournalError::Store(error.to_string())
}

async fn connect(config: &str) -> Result<Client, JournalError> {
    let (client, connection) = tokio_postgres::connect(config, NoTls)
        .await
        .map_err(store_error)?;
    tokio::spawn(async move {
        if let Err(error) = connection.await {
            tracing::warn!(%error, "the journal's Postgres connection ended");
        }
    });
    Ok(client)
}

async fn migrate(client: &mut Client) -> Result<(), JournalError> {
    let tx = client.transaction().await.map_err(store_error)?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await
        .map_err(store_error)?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS atlas_pay_journal_migrations \
         (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at_ms BIGINT NOT NULL)",
    )
    .await
    .map_err(store_error)?;
    let current: i64 = tx
        .query_one(
            "SELECT COALESCE(MAX(version), 0)::BIGINT FROM atlas_pay_journal_migrations",
            &[],
        )
        .await
        .map_err(store_error)?
        .try_get(0)
        .map_err(store_error)?;
    for migration in journal_sql::pending(current)? {
        tx.batch_execute(migration.postgres)
            .await
            .map_err(store_error)?;
        tx.execute(
            "INSERT INTO atlas_pay_journal_migrations (version, name, applied_at_ms) \
             VALUES ($1, $2, $3)",
            &[
                &migration.version,
                &migration.name,
                &crate::journal_sql::millis(std::time::SystemTime::now()),
            ],
        )
        .await
        .map_err(store_error)?;
    }
    tx.commit().await.map_err(store_error)
}

fn read_row(row: &tokio_postgres::Row) -> Result<Row, JournalError> {
    let read = || -> Result<Row, tokio_postgres::Error> {
        Ok(Row {
            id: row.try_get(0)?,
            operation: row.try_get(1)?,
            order_no: row.try_get(2)?,
            method: row.try_get(3)?,
            amount: row.try_get(4)?,
            currency: row.try_get(5)?,
            card_brand: row.try_get(6)?,
            card_last4: row.try_get(7)?,
            attempted_at_ms: row.try_get(8)?,
            state: row.try_get(9)?,
            delivery: row.try_get(10)?,
            status_code: row.try_get(11)?,
            reference: row.try_get(12)?,
            settlement: row.try_get(13)?,
        })
    };
    read().map_err(|error| JournalError::Unreadable(error.to_string()))
}

fn attempts(rows: &[tokio_postgres::Row]) -> Result<Vec<Attempt>, JournalError> {
    let mut attempts = rows
        .iter()
        .map(|row| read_row(row).and_then(Attempt::try_from))
        .collect::<Result<Vec<_>, _>>()?;
    attempts.sort_by_key(|attempt| attempt.id);
    Ok(attempts)
}

impl Postgres {
    /// The connection, made again if it was lost.
    async fn client(&self) -> Result<Arc<Client>, JournalError> {
        let mut client = self.client.lock().await;
        if client.is_closed() {
            *client = Arc::new(connect(&self.config).await?);
        }
        Ok(Arc::clone(&client))
    }

    pub(crate) async fn begin(&self, row: NewAttempt) -> Result<i64, JournalRefusal> {
        let unavailable = |error: JournalError| JournalRefusal::Unavailable(error.to_string());
        let client = self.client().await.map_err(unavailable)?;
        let amount = row.amount.as_ref().map(|(amount, _)| amount);
        let currency = row.amount.as_ref().map(|(_, currency)| currency);
        let brand = row.card.as_ref().map(|(brand, _)| brand);
        let last4 = row.card.as_ref().map(|(_, last4)| last4);
        let success_is_final = i64::from(row.success_is_final);
        let params: [&(dyn ToSql + Sync); 11] = [
            &row.operation,
            &row.order_no,
            &row.method,
            &amount,
            &currency,
            &brand,
            &last4,
            &row.at_ms,
            &success_is_final,
            &row.owner,
            &row.lease_until_ms,
        ];
        for _ in 0..3 {
            match client.query_one(journal_sql::INSERT_INTENT, &params).await {
                Ok(found) => return found.try_get(0).map_err(|e| unavailable(store_error(e))),
                Err(error) if error.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
                    let blocking = client
                        .query_opt(journal_sql::BLOCKING, &[&row.operation, &row.order_no])
                        .await
                        .map_err(|e| unavailable(store_error(e)))?;
                    if let Some(found) = blocking {
                        let id: i64 = found.try_get(0).map_err(|e| unavailable(store_error(e)))?;
                        let state: String =
                            found.try_get(1).map_err(|e| unavailable(store_error(e)))?;
                        return Err(journal_sql::refusal(id, &state));
                    }
                }
                Err(error) => return Err(unavailable(store_error(error))),
            }
        }
        Err(JournalRefusal::Unavailable(
            "the order's blocking attempt kept changing".into(),
        ))
    }

    pub(crate) async fn end(&self, update: Update) -> Result<(), JournalError> {
        let client = self.client().await?;
        client
            .execute(
                &journal_sql::end_sql(),
                &[
                    &update.state.as_str(),
                    &update.delivery,
                    &update.status_code,
                    &update.reference,
                    &update.at_ms,
                    &update.id,
                ],
            )
            .await
            .map_err(store_error)?;
        Ok(())
    }

    pub(crate) async fn settle(&self, settle: Settle) -> Result<u64, JournalError> {
        let client = self.client().await?;
        client
            .execute(
                &journal_sql::settle_sql(),
                &[
                    &settle.state.as_str(),
                    &settle.settlement,
                    &settle.at_ms,
                    &settle.operation,
                    &settle.order_no,
                    &settle.owner,
                ],
            )
            .await
            .map_err(store_error)
    }

    pub(crate) async fn list(
        &self,
        order_no: Option<String>,
    ) -> Result<Vec<Attempt>, JournalError> {
        let client = self.client().await?;
        let sql = journal_sql::list_sql(order_no.is_some());
        let rows = match &order_no {
            Some(order_no) => client.query(&sql, &[order_no]).await,
            None => client.query(&sql, &[]).await,
        }
        .map_err(store_error)?;
        attempts(&rows)
    }

    pub(crate) async fn claim(&self, claim: Claim) -> Result<Vec<Attempt>, JournalError> {
        let client = self.client().await?;
        let rows = client
            .query(
                &journal_sql::claim_sql("FOR UPDATE SKIP LOCKED"),
                &[&claim.owner, &claim.until_ms, &claim.now_ms, &claim.limit],
            )
            .await
            .map_err(store_error)?;
        attempts(&rows)
    }
}
