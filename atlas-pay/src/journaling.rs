//! The hook the operations that move money call around their one send:
//! record the intent, then where the call left the attempt; and the hook
//! reconciliation calls with its verdict. Without a journal (or without the
//! journal features) they do nothing.

use crate::attempt::{AttemptState, Ending, Intent, JournalRefusal};
use crate::client::Client;
#[cfg(feature = "journal")]
use crate::journal::Journal;
#[cfg(feature = "journal")]
use crate::journal_sql::{Settle, millis};

/// An intent recorded (or nothing, without a journal): ended with
/// [`end`](Self::end) once the call returns.
#[must_use = "an attempt stays open until it is ended"]
pub(crate) struct Recorded {
    #[cfg(feature = "journal")]
    open: Option<(Journal, i64)>,
}

impl Client {
    /// Records the intent in the client's journal, if it has one: a refusal
    /// means nothing may be sent.
    #[cfg_attr(not(feature = "journal"), allow(clippy::unused_async))]
    pub(crate) async fn journal_intent<'a>(
        &self,
        intent: impl FnOnce() -> Intent<'a>,
    ) -> Result<Recorded, JournalRefusal> {
        #[cfg(feature = "journal")]
        if let Some(journal) = self.journal() {
            let lease = journal.in_flight_lease(self.timeout());
            let id = journal.begin(&intent(), self.clock().wall(), lease).await?;
            return Ok(Recorded {
                open: Some((journal.clone(), id)),
            });
        }
        let _ = intent;
        Ok(Recorded {
            #[cfg(feature = "journal")]
            open: None,
        })
    }
}

impl Recorded {
    /// Records where the call left the attempt. A journal that cannot record
    /// it leaves the attempt open (recovery settles it) and says so in a
    /// warning: the call's own result stands.
    #[cfg_attr(not(feature = "journal"), allow(clippy::unused_async))]
    pub(crate) async fn end(self, client: &Client, ending: impl FnOnce() -> Ending) {
        #[cfg(feature = "journal")]
        if let Some((journal, id)) = self.open {
            if let Err(error) = journal.end(id, &ending(), client.clock().wall()).await {
                tracing::warn!(
                    attempt = id,
                    %error,
                    "the journal could not record how the call ended; the attempt stays open until recovered"
                );
            }
            return;
        }
        let _ = (client, ending);
    }
}

impl Client {
    /// Records a reconciliation's verdict on an order's open attempts of
    /// `operation`, if the client has a journal; a failure to record is a
    /// warning (the attempts stay open).
    #[cfg_attr(not(feature = "journal"), allow(clippy::unused_async))]
    pub(crate) async fn journal_settle(
        &self,
        operation: &'static str,
        order_no: &str,
        state: AttemptState,
        settlement: &'static str,
    ) {
        #[cfg(feature = "journal")]
        if let Some(journal) = self.journal() {
            let settle = Settle {
                operation,
                order_no: order_no.to_owned(),
                state,
                settlement,
                owner: None,
                at_ms: millis(self.clock().wall()),
            };
            if let Err(error) = journal.settle(settle).await {
                tracing::warn!(%error, order = order_no, "the journal could not record a settlement");
            }
        }
        #[cfg(not(feature = "journal"))]
        let _ = (operation, order_no, state, settlement);
    }
}
