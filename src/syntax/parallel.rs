//! Parsing statements on every core, handed on in source order.
//!
//! The text is cut into pieces of about [`PIECE`] bytes at statement
//! boundaries (`scan::is_statement_boundary`), and both passes of `tree`
//! run over the same pieces, several at a time:
//!
//! - [`top_level`] scans every piece on its own thread and parses only the
//!   statements that may stand at the top level. A piece does not know how
//!   deep in blocks it starts, so it parses every statement at the lowest
//!   depth it has reached so far (few beyond the top level: the rest of a
//!   block it starts in); the pieces come back in order, each with its
//!   depth at the cut known from the pieces before it, and only the
//!   top-level statements are handed on.
//! - [`for_each_statement`] parses the statements inside blocks, never a
//!   top-level one again (its piece's starting depth tells which they
//!   are), and hands them on in order while the next pieces are parsed.
//!   In both passes at most one piece per thread, and one more, is held
//!   done and not yet handed on.
//!   It does not scan the text again: the outline keeps each statement's
//!   span and braces (12 bytes a statement), and only a statement with
//!   full-width punctuation or an open string is scanned again for them.
//!
//! Where the cuts fall never changes the result: a statement boundary is
//! decided from the lines before it alone (strings and comments end with
//! their line), so every piece scans exactly the statements one scan of the
//! whole text gives. `tests/properties.rs` checks this for piece sizes from
//! one byte up.

use super::ast::StmtKind;
use super::parser;
use super::scan::{self, is_statement_boundary, RawStmt, Scanner};
use crate::diag::Diagnostic;
use crate::span::Span;
use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Bytes of text per piece, unless the compile options say otherwise.
pub const PIECE: usize = 1 << 18;

/// One scanned statement, its parse (`None` when it failed, or for a `}`)
/// and the diagnostics parsing it gave.
pub struct Parsed<'a> {
    pub raw: RawStmt,
    pub kind: Option<StmtKind<'a>>,
    pub diags: Vec<Diagnostic>,
}

/// Where the text is cut, how deep in blocks each piece starts, and the
/// statements the outline's scan found in it.
pub struct Pieces {
    list: Vec<Piece>,
}

struct Piece {
    start: usize,
    end: usize,
    /// Open blocks before the piece, counted as the outline does: a `}`
    /// with none open counts for nothing.
    depth: usize,
    stmts: Vec<Seen>,
}

/// A statement as the item pass needs it from the scan.
#[derive(Clone, Copy)]
struct Seen {
    span: Span,
    opens: bool,
    closes: bool,
    /// It has full-width punctuation, an unterminated string or a comment
    /// inside it, which the parser needs: scanned again when it is parsed.
    rare: bool,
}

impl Seen {
    fn of(raw: &RawStmt) -> Self {
        Seen {
            span: raw.span,
            opens: raw.opens,
            closes: raw.closes,
            rare: !raw.fullwidth.is_empty() || raw.unterminated.is_some() || !raw.inner.is_empty(),
        }
    }

    fn raw(self, src: &str) -> RawStmt {
        if self.rare {
            return scan::statement(src, self.span.start as usize);
        }
        RawStmt {
            span: self.span,
            opens: self.opens,
            closes: self.closes,
            ..RawStmt::default()
        }
    }
}

fn threads() -> usize {
    std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 8)
}

/// The pieces of `src`, of about `piece` bytes (at least one) each.
fn cut(src: &str, piece: usize) -> Vec<Piece> {
    let piece = piece.max(1);
    let mut list = Vec::new();
    let mut start = 0;
    while start < src.len() {
        let end = boundary_after(src, start.saturating_add(piece));
        list.push(Piece {
            start,
            end,
            depth: 0,
            stmts: Vec::new(),
        });
        start = end;
    }
    list
}

/// What a piece holds that may stand at the top level.
struct TopPiece<'a> {
    /// Each statement (no `}`) at the lowest depth reached so far, relative
    /// to the piece's start, parsed. An opening statement's diagnostics
    /// are left to the item pass.
    candidates: Vec<(isize, Parsed<'a>)>,
    /// Depth at the end, relative to the start, not counting the floor.
    end: isize,
    /// Lowest relative depth reached (0 or below).
    low: isize,
    stmts: Vec<Seen>,
}

fn top_piece<'a>(src: &'a str, p: &Piece) -> TopPiece<'a> {
    let mut depth = 0isize;
    let mut low = 0isize;
    let mut candidates = Vec::new();
    let mut stmts = Vec::new();
    for raw in Scanner::starting_at(src, p.start).take_while(|r| (r.span.start as usize) < p.end) {
        stmts.push(Seen::of(&raw));
        if raw.closes {
            depth -= 1;
            low = low.min(depth);
            continue;
        }
        let opens = raw.opens;
        if depth == low {
            let mut diags = Vec::new();
            let kind = parser::parse(src, &raw, &mut diags);
            if opens {
                diags.clear();
            }
            candidates.push((depth, Parsed { raw, kind, diags }));
        }
        if opens {
            depth += 1;
        }
    }
    TopPiece {
        candidates,
        end: depth,
        low,
        stmts,
    }
}

/// Calls `f` on every statement of `src` at the top level, parsed, in
/// order: those that open a block (a section's header; their diagnostics
/// are the item pass's) and those that do not. Returns the pieces, with
/// their depths, for [`for_each_statement`].
pub fn top_level<'a>(src: &'a str, piece: usize, mut f: impl FnMut(Parsed<'a>)) -> Pieces {
    let list = cut(src, piece);
    // Each piece's depth and statements, set as the pieces come back in
    // order, so only the few in flight hold their parsed candidates.
    let mut found: Vec<(usize, Vec<Seen>)> = Vec::with_capacity(list.len());
    in_order(
        &list,
        |p| top_piece(src, p),
        &mut found,
        |_| 0usize,
        |found, depth, top| {
            let start = isize::try_from(*depth).unwrap_or(isize::MAX);
            for (rel, parsed) in top.candidates {
                // A candidate is at the lowest depth so far, so `}`s that
                // found no block open did not lift it: it is at `start + rel`.
                if start.saturating_add(rel) <= 0 {
                    f(parsed);
                }
            }
            found.push((*depth, top.stmts));
            // The depth never falls below the top level.
            let end = start.saturating_add(top.end).max(top.end - top.low);
            *depth = usize::try_from(end).unwrap_or(0);
        },
    );
    let list = list
        .into_iter()
        .zip(found)
        .map(|(p, (depth, stmts))| Piece { depth, stmts, ..p })
        .collect();
    Pieces { list }
}

/// Runs `work` on every piece on every core and hands the results to `f`
/// on this thread, in order; `before` runs here first, once the first
/// pieces are being worked on, and what it gives goes to `f` and is
/// returned. At most one result per thread, and one more, waits for `f`.
fn in_order<'p, T: Send, C, B>(
    list: &'p [Piece],
    work: impl Fn(&'p Piece) -> T + Sync,
    ctx: &mut C,
    before: impl FnOnce(&mut C) -> B,
    mut f: impl FnMut(&mut C, &mut B, T),
) -> B {
    let workers = threads().min(list.len());
    if workers <= 1 {
        let mut b = before(ctx);
        for p in list {
            f(ctx, &mut b, work(p));
        }
        return b;
    }
    let next = AtomicUsize::new(0);
    // A ticket lets a worker take one more piece: one is handed back as
    // each result is handed on, so memory holds a bounded number of them.
    let (ticket_tx, ticket_rx) = crossbeam_channel::unbounded::<()>();
    let (done_tx, done_rx) = crossbeam_channel::unbounded();
    for _ in 0..=workers {
        // Cannot fail: `ticket_rx` is alive.
        let _ = ticket_tx.send(());
    }
    let work = &work;
    std::thread::scope(|s| {
        for _ in 0..workers {
            let (tickets, done, next) = (ticket_rx.clone(), done_tx.clone(), &next);
            s.spawn(move || {
                while tickets.recv().is_ok() {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = list.get(i) else { break };
                    // A worker cannot panic (no panicking code is
                    // reachable); were one to, this thread does its piece.
                    let result = catch_unwind(AssertUnwindSafe(|| work(p))).ok();
                    if done.send((i, result)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);
        let mut b = before(ctx);
        let mut waiting: BTreeMap<usize, Option<T>> = BTreeMap::new();
        for (i, p) in list.iter().enumerate() {
            let result = loop {
                if let Some(result) = waiting.remove(&i) {
                    break result;
                }
                match done_rx.recv() {
                    Ok((j, result)) => {
                        waiting.insert(j, result);
                    }
                    // Every worker is gone: do what is left here.
                    Err(_) => break None,
                }
            };
            f(ctx, &mut b, result.unwrap_or_else(|| work(p)));
            let _ = ticket_tx.send(());
        }
        drop(ticket_tx);
        b
    })
}

/// Calls `f` on every statement of `src` inside a block, and on every
/// statement that opens or closes one, in order (the top-level statements
/// in between are the outline's and are not parsed again). Pieces are
/// parsed on every core while `f` runs on this thread; `before` runs on
/// this thread once the first pieces are being parsed, and what it gives
/// is handed to `f` and returned. Both get `ctx`.
pub fn for_each_statement<'a, C, B>(
    src: &'a str,
    pieces: &Pieces,
    ctx: &mut C,
    before: impl FnOnce(&mut C) -> B,
    mut f: impl FnMut(&mut C, &mut B, Parsed<'a>),
) -> B {
    in_order(
        &pieces.list,
        |p| parse_piece(src, p),
        ctx,
        before,
        |ctx, b, parsed| {
            for one in parsed {
                f(ctx, b, one);
            }
        },
    )
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

/// The statements of one piece the item pass needs: every `}` (its
/// `kind` is `None`), every opening statement and every statement inside
/// a block, parsed.
fn parse_piece<'a>(src: &'a str, p: &Piece) -> Vec<Parsed<'a>> {
    let mut depth = p.depth;
    // A statement is large (an AST node): never move them to grow.
    let mut out = Vec::with_capacity(p.stmts.len());
    for &seen in &p.stmts {
        if seen.closes {
            depth = depth.saturating_sub(1);
            out.push(Parsed {
                raw: seen.raw(src),
                kind: None,
                diags: Vec::new(),
            });
            continue;
        }
        if depth == 0 && !seen.opens {
            continue; // the outline's
        }
        if seen.opens {
            depth += 1;
        }
        let raw = seen.raw(src);
        let mut diags = Vec::new();
        let kind = parser::parse(src, &raw, &mut diags);
        out.push(Parsed { raw, kind, diags });
    }
    out
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
        // A block's opening statement goes to both passes.
        let pieces = top_level(&src, PIECE, |p| {
            if !p.raw.opens {
                spans.push(p.raw.span);
            }
        });
        assert!(pieces.list.len() > 2);
        let top = spans.len();
        for_each_statement(
            &src,
            &pieces,
            &mut spans,
            |_| (),
            |spans, _, p| spans.push(p.raw.span),
        );
        spans.sort_by_key(|s| s.start);
        let expected: Vec<_> = Scanner::new(&src).map(|r| r.span).collect();
        assert!(expected.len() > 1000);
        assert!(top > 100 && top < expected.len() / 2);
        assert_eq!(spans, expected);
    }

    #[test]
    fn the_top_level_is_the_same_wherever_the_cuts_fall() {
        // Stray `}`s at the top level count for nothing; blocks open in one
        // piece and close in another.
        let src = "plan \"p\"\n}\n}\nsection 一 \"s\" {\n  item 1 \"i\" {\n    lead 甲\n  }\n  lead 乙\n}\nagency 甲\n}\nitem 2 \"j\" {\n  text \"t\"\n}\nmetric m: flow 项\n";
        // The outline as one sequential scan sees it.
        let mut expected = Vec::new();
        let mut depth = 0usize;
        for raw in Scanner::new(src) {
            if raw.closes {
                depth = depth.saturating_sub(1);
                continue;
            }
            if depth == 0 {
                expected.push(raw.span);
            }
            if raw.opens {
                depth += 1;
            }
        }
        let texts: Vec<&str> = expected.iter().filter_map(|s| src.get(s.range())).collect();
        assert_eq!(
            texts,
            [
                "plan \"p\"",
                "section 一 \"s\" {",
                "agency 甲",
                "item 2 \"j\" {",
                "metric m: flow 项"
            ]
        );
        for piece in 1..=src.len() + 1 {
            let mut top = Vec::new();
            let pieces = top_level(src, piece, |p| top.push(p.raw.span));
            assert_eq!(top, expected, "pieces of {piece} bytes");
            // The item pass gets every other statement, each once.
            let mut rest = Vec::new();
            for_each_statement(
                src,
                &pieces,
                &mut rest,
                |_| (),
                |rest, _, p| rest.push(p.raw.span),
            );
            let all: Vec<_> = Scanner::new(src).map(|r| r.span).collect();
            let inner: Vec<_> = all
                .iter()
                .filter(|s| {
                    !expected.contains(s) || src.get(s.range()).is_some_and(|t| t.ends_with('{'))
                })
                .copied()
                .collect();
            assert_eq!(rest, inner, "pieces of {piece} bytes");
        }
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
