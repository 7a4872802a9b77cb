//! How checkouts end, counted for the operator's metrics: placed (orders
//! written), refused (the shopper's to fix: stock, a closed option, a
//! conflict) or failed (ours, or the card processor's). A replay of an
//! earlier checkout's idempotency key is none of these: nothing new happened.

use crate::error::{AppError, AppResult};
use std::sync::atomic::{AtomicU64, Ordering};

/// The counts since the process started.
#[derive(Debug, Default)]
pub struct CheckoutTally {
    placed: AtomicU64,
    refused: AtomicU64,
    failed: AtomicU64,
}

/// A reading of the counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Checkouts that wrote their orders.
    pub placed: u64,
    /// Checkouts refused for a reason the shopper can act on.
    pub refused: u64,
    /// Checkouts that failed on our side.
    pub failed: u64,
}

impl CheckoutTally {
    /// Counts the outcome of one attempt to place a checkout; `is_replay`
    /// tells an answer replayed for an earlier request's key, which counts
    /// as nothing.
    pub fn record<T>(&self, outcome: &AppResult<T>, is_replay: impl Fn(&T) -> bool) {
        let counter = match outcome {
            Ok(answer) if is_replay(answer) => return,
            Ok(_) => &self.placed,
            Err(AppError::Internal(_) | AppError::Unavailable { .. } | AppError::TimedOut) => {
                &self.failed
            }
            Err(_) => &self.refused,
        };
        counter.fetch_add(1, Ordering::Relaxed);
    }

    /// The counts now.
    pub fn counts(&self) -> Counts {
        Counts {
            placed: self.placed.load(Ordering::Relaxed),
            refused: self.refused.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_outcome_has_its_counter_and_replays_none() {
        let tally = CheckoutTally::default();
        // The answer here is "was it a replay".
        let replay = |r: &bool| *r;
        tally.record(&Ok(false), replay);
        tally.record(&Ok(true), replay);
        tally.record(&Err(AppError::OutOfStock { available: vec![] }), replay);
        tally.record(
            &Err(AppError::internal(std::io::Error::other("disk"))),
            replay,
        );
        assert_eq!(
            tally.counts(),
            Counts {
                placed: 1,
                refused: 1,
                failed: 1
            }
        );
    }
}
