//! Checking off the main thread.
//!
//! The server hands each new text to one worker thread and goes on
//! answering requests from the last analysis. The worker waits until the
//! edits pause ([`debounce`], at most [`MAX_WAIT`] in all), checks only the
//! newest text of each document, and drops an analysis whose document has
//! changed since (stopping it between stages if it is still running), so a
//! large plan never queues checks of texts that no longer exist.

use super::analysis::Analysis;
use crossbeam_channel::{Receiver, RecvTimeoutError, Sender};
use lsp_types::Uri;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the edits must pause before a check starts: a small plan is
/// checked in a few milliseconds, so its diagnostics follow each
/// keystroke; a large one (from [`LARGE`] bytes) waits for a pause in
/// typing, so checks of texts about to change are not started.
pub fn debounce(bytes: usize) -> Duration {
    if bytes < LARGE {
        Duration::from_millis(25)
    } else {
        Duration::from_millis(150)
    }
}

/// Where a plan counts as large for [`debounce`].
pub const LARGE: usize = 1 << 20;
/// The longest a check waits for the edits to pause.
pub const MAX_WAIT: Duration = Duration::from_millis(1000);

/// A text to check.
pub struct Job {
    /// The document.
    pub uri: Uri,
    /// The client's version of the text.
    pub version: i32,
    /// The document's generation when the text was taken …
    pub generation: u64,
    /// … and its current one: when they differ, the job is stale.
    pub latest: Arc<AtomicU64>,
    /// The text.
    pub text: String,
}

impl Job {
    fn stale(&self) -> bool {
        self.latest.load(Ordering::SeqCst) != self.generation
    }
}

/// What the worker sends back.
pub enum Outcome {
    /// The check finished.
    Checked {
        /// The document.
        uri: Uri,
        /// The client's version of the text checked.
        version: i32,
        /// The document's generation when the text was taken.
        generation: u64,
        /// What the check found.
        analysis: Arc<Analysis>,
    },
    /// The check panicked: a bug in planc. The server says so and keeps
    /// answering from the last analysis.
    Failed {
        /// The document.
        uri: Uri,
        /// The panic's message.
        message: String,
    },
}

/// Stack of the checking thread: the main thread's usual 8 MiB, not a
/// spawned thread's 2 MiB, so a check runs as `planc check` does.
const STACK: usize = 8 << 20;

/// Starts the worker; it ends when the job sender is dropped.
pub fn spawn() -> std::io::Result<(Sender<Job>, Receiver<Outcome>)> {
    let (jobs, job_rx) = crossbeam_channel::unbounded::<Job>();
    let (out_tx, outcomes) = crossbeam_channel::unbounded();
    std::thread::Builder::new()
        .name("planc-check".to_string())
        .stack_size(STACK)
        .spawn(move || run(&job_rx, &out_tx))?;
    Ok((jobs, outcomes))
}

fn run(jobs: &Receiver<Job>, out: &Sender<Outcome>) {
    while let Ok(first) = jobs.recv() {
        // By URI text: a `Uri` caches its parts inside, so it is no map key.
        let mut pending: HashMap<String, Job> = HashMap::new();
        pending.insert(first.uri.as_str().to_string(), first);
        let deadline = Instant::now() + MAX_WAIT;
        loop {
            let largest = pending.values().map(|j| j.text.len()).max().unwrap_or(0);
            let wait = debounce(largest).min(deadline.saturating_duration_since(Instant::now()));
            match jobs.recv_timeout(wait) {
                Ok(job) => {
                    pending.insert(job.uri.as_str().to_string(), job);
                }
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => break,
            }
        }
        for job in pending.into_values() {
            if job.stale() {
                continue;
            }
            // Cancelled: a newer text is queued, and its outcome will come.
            let Some(outcome) = check(job) else { continue };
            if out.send(outcome).is_err() {
                return; // the server has gone
            }
        }
    }
}

fn check(job: Job) -> Option<Outcome> {
    let Job {
        uri,
        version,
        generation,
        latest,
        text,
    } = job;
    let stale = || latest.load(Ordering::SeqCst) != generation;
    let name = uri.as_str().to_string();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        Analysis::new(&name, text, &stale)
    })) {
        Ok(Some(analysis)) => Some(Outcome::Checked {
            uri,
            version,
            generation,
            analysis: Arc::new(analysis),
        }),
        Ok(None) => None,
        Err(_) => Some(Outcome::Failed {
            uri,
            message: "planc failed while checking this plan: this is a bug in planc, please report it with the plan (`planc explain E0900`)".to_string(),
        }),
    }
}
