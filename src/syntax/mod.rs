//! Source text to AST. The only module that knows pest.
//!
//! `scan` cuts the text into statements; `parser` runs the pest grammar on
//! each one and `build` turns its pairs into AST nodes; `tree` nests the
//! statements into sections, items and parts. Every stage reports into one
//! diagnostics list and keeps going, so independent errors all surface.

pub mod ast;
mod build;
pub mod numeral;
mod parser;
pub mod scan;
mod tree;

pub use tree::MAX_DEPTH;

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
        .map(|raw| Stmt {
            kind: parser::parse(src, raw, diags).unwrap_or(StmtKind::Error { opens: raw.opens }),
            span: raw.span,
        })
        .collect()
}

/// Nests parsed statements into the plan tree, reporting misplaced
/// statements, unbalanced braces and repeated headers. `parse` is `scan`,
/// `statements` and then this; the formatter runs the steps itself because
/// it needs the statements and their comments, not only the tree.
pub fn nest<'a>(stmts: Vec<Stmt<'a>>, diags: &mut Vec<Diagnostic>) -> Plan<'a> {
    tree::build(stmts, diags)
}

/// Parses a whole plan into its tree.
pub fn parse<'a>(src: &'a str, diags: &mut Vec<Diagnostic>) -> Plan<'a> {
    let scanned = scan::scan(src);
    let stmts = statements(src, &scanned, diags);
    drop(scanned);
    nest(stmts, diags)
}
