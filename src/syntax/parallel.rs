//! Parsing statements on every core, handed on in source order.
//!
//! The text is cut into pieces of about [`PIECE`] bytes at statement
//! boundaries (`scan::is_statement_boundary`); one wave parses as many
//! pieces as there are cores, each on its own thread, then hands their
//! statements on in order. Memory stays at one wave of parsed statements.
//!
//! Where the cuts fall never changes the result: a statement boundary is
//! decided from the lines before it alone (strings and comments end with
//! their line), so every piece scans exactly the statements one scan of the
//! whole text gives. `tests/properties.rs` checks this for piece sizes from
//! one byte up.

use super::ast::StmtKind;
use super::parser;
use super::scan::{is_statement_boundary, RawStmt, Scanner};
use crate::diag::Diagnostic;

/// Bytes of text per piece, unless the compile options say otherwise.
pub const PIECE: usize = 1 << 20;

/// One scanned statement, its parse (`None` when it failed) and the
/// diagnostics parsing it gave.
pub struct Parsed<'a> {
    pub raw: RawStmt,
    pub kind: Option<StmtKind<'a>>,
    pub diags: Vec<Diagnostic>,
}

/// Calls `f` on every statement of `src`, in order, parsing pieces of
/// about `piece` bytes (at least one) in parallel.
pub fn for_each_statement<'a>(src: &'a str, piece: usize, mut f: impl FnMut(Parsed<'a>)) {
    let piece = piece.max(1);
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8);
    let mut start = 0;
    while start < src.len() {
        let mut pieces = Vec::with_capacity(threads);
        for _ in 0..threads {
            if start >= src.len() {
                break;
            }
            let end = boundary_after(src, start.saturating_add(piece));
            pieces.push((start, end));
            start = end;
        }
        let parsed: Vec<Vec<Parsed<'a>>> = match pieces.as_slice() {
            [(a, b)] => vec![parse_piece(src, *a, *b)],
            _ => std::thread::scope(|s| {
                let handles: Vec<_> = pieces
                    .iter()
                    .map(|&(a, b)| s.spawn(move || parse_piece(src, a, b)))
                    .collect();
                // A worker cannot panic (no panicking code is reachable);
                // were one to, its statements would be parsed here instead.
                handles
                    .into_iter()
                    .zip(&pieces)
                    .map(|(h, &(a, b))| h.join().unwrap_or_else(|_| parse_piece(src, a, b)))
                    .collect()
            }),
        };
        parsed.into_iter().flatten().for_each(&mut f);
    }
}

/// The first statement boundary at or after `at` (the end of the text if
/// there is none).
fn boundary_after(src: &str, at: usize) -> usize {
    let mut pos = at;
    while pos < src.len() {
        // `at` may fall inside a character: look for the newline in bytes.
        match src
            .as_bytes()
            .get(pos..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
        {
            Some(p) => pos += p + 1,
            None => return src.len(),
        }
        if is_statement_boundary(src, pos) {
            return pos;
        }
    }
    src.len()
}

fn parse_piece(src: &str, start: usize, end: usize) -> Vec<Parsed<'_>> {
    Scanner::starting_at(src, start)
        .take_while(|raw| (raw.span.start as usize) < end)
        .map(|raw| {
            let mut diags = Vec::new();
            let kind = if raw.closes {
                None
            } else {
                parser::parse(src, &raw, &mut diags)
            };
            Parsed { raw, kind, diags }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_give_the_statements_of_one_scan() {
        // CJK text, so piece ends fall inside characters.
        let unit = "agency 甲,\n  # 注\n\n  乙\nitem 1 \"标题 {\" {\n  lead 甲 # x,\n  by 2012: 项目 >= 1项\n}\n";
        let src = unit.repeat(PIECE / unit.len() * 3);
        let mut spans = Vec::new();
        for_each_statement(&src, PIECE, |p| spans.push(p.raw.span));
        let expected: Vec<_> = Scanner::new(&src).map(|r| r.span).collect();
        assert!(expected.len() > 1000);
        assert_eq!(spans, expected);
    }

    #[test]
    fn a_comma_before_comments_and_blank_lines_continues() {
        let src = "support A,\n# note\n\n  B\nlead C\n";
        let b = src.find("  B").unwrap_or(0);
        let c = src.find("lead").unwrap_or(0);
        assert!(!is_statement_boundary(src, b));
        assert!(is_statement_boundary(src, c));
    }
}
