//! Source text to AST. The only module that knows pest.
//!
//! `scan` cuts the text into statements; `parser` runs the pest grammar on
//! each one and `build` turns its pairs into AST nodes; `tree` nests the
//! statements into sections, items and parts. Every stage reports into one
//! diagnostics list and keeps going, so independent errors all surface.

pub mod ast;
mod build;
pub mod keywords;
pub mod numeral;
mod parallel;
mod parser;
pub mod scan;
mod tree;

pub use parallel::Pieces;
pub use parallel::PIECE as PIECE_BYTES;
pub use tree::{items, items_after, outline, MAX_DEPTH};

/// Longest statement parsed, in bytes. Nothing a plan says needs more; the
/// limit keeps one pathological line from costing more than its share.
pub const MAX_STATEMENT_BYTES: usize = 1 << 20;
/// Longest name (identifier or quoted name), in characters.
pub const MAX_NAME_CHARS: usize = 256;

use crate::diag::Diagnostic;
use ast::{Plan, Stmt, StmtKind};

/// Parses every statement of `src`, in order. A statement that fails to
/// parse is kept as `StmtKind::Error` with its diagnostic reported.
pub fn statements<'a>(
    src: &'a str,
    scan: &scan::Scan,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Stmt<'a>> {
    scan.stmts
        .iter()
        .map(|raw| statement(src, raw, diags))
        .collect()
}

/// Parses one scanned statement of `src`; one that fails to parse is kept
/// as `StmtKind::Error` with its diagnostic reported. The formatter parses
/// statement by statement as it scans, like the compiler's passes.
pub fn statement<'a>(src: &'a str, raw: &scan::RawStmt, diags: &mut Vec<Diagnostic>) -> Stmt<'a> {
    Stmt {
        kind: parser::parse(src, raw, diags).unwrap_or(StmtKind::Error { opens: raw.opens }),
        span: raw.span,
    }
}

/// Parses a whole plan into one tree: the outline, with every item in its
/// section. The compiler streams items instead (see `tree`).
pub fn parse<'a>(src: &'a str, diags: &mut Vec<Diagnostic>) -> Plan<'a> {
    let (mut plan, pieces) = outline(src, PIECE_BYTES, diags);
    // Items go to the first section with their section's number.
    let mut home = std::collections::HashMap::new();
    for (i, s) in plan.sections.iter().enumerate() {
        if let Some(h) = &s.header {
            if let Some(n) = h.number.node {
                home.entry(n).or_insert(i);
            }
        }
    }
    let mut loose = Vec::new();
    items(src, &pieces, diags, |section, item, _| {
        match section
            .and_then(|n| home.get(&n))
            .and_then(|&i| plan.sections.get_mut(i))
        {
            Some(s) => s.items.push(item),
            None => loose.push(item),
        }
    });
    if !loose.is_empty() {
        plan.sections.push(ast::Section {
            header: None,
            items: loose,
        });
    }
    plan
}
