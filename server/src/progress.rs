//! The import progress bar: drawn on a terminal, silent when output is piped
//! (indicatif hides itself when stderr is not a terminal).

use app::department::import::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::sync::Mutex;

/// An indicatif bar per file.
pub struct TerminalProgress {
    bar: Mutex<Option<ProgressBar>>,
}

impl TerminalProgress {
    /// No bar until a file starts.
    pub fn new() -> Self {
        TerminalProgress {
            bar: Mutex::new(None),
        }
    }
}

impl Default for TerminalProgress {
    fn default() -> Self {
        Self::new()
    }
}

/// A bar counting `what` up to a length set later: "{what} [====>   ] 120/400".
pub fn counting_bar(what: &str) -> ProgressBar {
    let bar = ProgressBar::new(0);
    let style =
        ProgressStyle::with_template("{msg:>18} [{bar:30}] {pos}/{len} ({per_sec}, còn {eta})")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
    bar.set_style(style);
    bar.set_message(what.to_string());
    bar
}

impl Progress for TerminalProgress {
    fn start(&self, file: &str, total_rows: u64) {
        let bar = counting_bar(file);
        bar.set_length(total_rows);
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn advance(&self, n: u64) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(bar) = slot.as_ref() {
                bar.inc(n);
            }
        }
    }

    fn finish(&self, _file: &str) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(bar) = slot.take() {
                bar.finish();
            }
        }
    }
}
