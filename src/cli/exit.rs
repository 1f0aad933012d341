//! Exit codes, documented in README.md and docs/cli.md.

/// Success: no errors (and, for `eval`, every firm target fine).
pub const OK: u8 = 0;
/// The input has errors: plan or data diagnostics, or `fmt --check` found
/// files to reformat.
pub const INVALID: u8 = 1;
/// Usage or I/O error: bad arguments, unreadable or unwritable files.
pub const USAGE: u8 = 2;
/// `eval`: a firm target is missed or behind.
pub const TARGETS_FAILED: u8 = 3;
