//! `-q` and `-v`: how much the commands say on standard error
//! (docs/cli.md). Set once, from the command line, before any command runs;
//! standard output (results, documents) never depends on it.

use std::sync::atomic::{AtomicU8, Ordering};
use std::time::{Duration, Instant};

/// How much to say.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    /// `-q`: errors only; no warnings, summaries or notes.
    Quiet,
    /// Diagnostics and summaries.
    Normal,
    /// `-v`: also `note:` lines, such as the files read and the time each
    /// stage took.
    Verbose,
}

static LEVEL: AtomicU8 = AtomicU8::new(1);

/// Sets the level for the rest of the run.
pub fn set(level: Level) {
    let n = match level {
        Level::Quiet => 0,
        Level::Normal => 1,
        Level::Verbose => 2,
    };
    LEVEL.store(n, Ordering::Relaxed);
}

/// The level set by [`set`] (normal until then).
pub fn level() -> Level {
    match LEVEL.load(Ordering::Relaxed) {
        0 => Level::Quiet,
        1 => Level::Normal,
        _ => Level::Verbose,
    }
}

/// `-q`: only errors are printed on standard error.
pub fn quiet() -> bool {
    level() == Level::Quiet
}

/// `-v`: `note:` lines are printed.
pub fn verbose() -> bool {
    level() == Level::Verbose
}

/// A duration for a note: `12.3 ms`.
pub fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// The time since `start`, for a note.
pub fn since(start: Instant) -> String {
    ms(start.elapsed())
}
