//! The whole file: statements at their block depth, with their comments
//! and the blank lines the author left between them.

use super::list::List;
use super::out::{blank_between, Out};
use super::tokens::{shape, Shape};
use crate::syntax;
use crate::syntax::ast::{Stmt, StmtKind};
use crate::syntax::keywords::Spelling;
use crate::syntax::scan::{RawStmt, Scanner};

/// Lays out `src` statement by statement as it is scanned, so only one
/// statement is held at a time besides the output.
pub(super) fn layout(src: &str, keywords: Option<Spelling>) -> String {
    let mut out = Out::new(src);
    let mut depth = 0usize;
    // End of the last thing written, to find blank lines in the gaps.
    let mut prev_end = 0u32;
    let mut scanner = Scanner::new(src);
    // The syntax stage has reported everything already.
    let mut ignored = Vec::new();
    for raw in scanner.by_ref() {
        let stmt = syntax::statement(src, &raw, &mut ignored);
        ignored.clear();
        let (raw, stmt) = (&raw, &stmt);
        let closes = matches!(stmt.kind, StmtKind::Close);
        let opens = matches!(
            stmt.kind,
            StmtKind::Section(_)
                | StmtKind::Item(_)
                | StmtKind::Part(_)
                | StmtKind::Error { opens: true }
        );
        // Comments before `}` end the block: they keep its inner depth.
        let comment_depth = depth;
        if closes {
            depth = depth.saturating_sub(1);
        }
        for &c in &raw.leading {
            out.blank_if(blank_between(src, prev_end, c.start));
            out.comment_line(comment_depth, 0, c);
            prev_end = c.end;
        }
        // No blank line right before `}`.
        out.blank_if(!closes && blank_between(src, prev_end, raw.span.start));
        statement(&mut out, src, raw, stmt, depth, keywords);
        prev_end = raw.trailing.map_or(raw.span.end, |t| t.end);
        if opens {
            depth += 1;
        }
    }
    let (tail, _) = scanner.finish();
    for &c in &tail {
        out.blank_if(blank_between(src, prev_end, c.start));
        out.comment_line(0, 0, c);
        prev_end = c.end;
    }
    out.finish()
}

fn statement(
    out: &mut Out<'_>,
    src: &str,
    raw: &RawStmt,
    stmt: &Stmt<'_>,
    depth: usize,
    keywords: Option<Spelling>,
) {
    let opens = raw.opens;
    // As written: every statement but `}` starts with a keyword, and the
    // whole statement is printed in that keyword's spelling.
    let spelling = keywords.unwrap_or_else(|| {
        let text = src.get(raw.span.range()).unwrap_or("");
        if text.starts_with(|c: char| !c.is_ascii()) {
            Spelling::Zh
        } else {
            Spelling::En
        }
    });
    match shape(src, stmt, spelling) {
        Shape::Line(text) => {
            // Only a list can hold a comment; should any other statement
            // have one, it goes on its own line before the statement.
            for &c in &raw.inner {
                out.comment_line(depth, 0, c);
            }
            out.indent(depth);
            out.push(&text);
        }
        Shape::List {
            keyword,
            elems,
            tail,
        } => List {
            keyword: &keyword,
            elems: &elems,
            tail: &tail,
            inner: &raw.inner,
        }
        .write(out, src, depth),
    }
    if let Some(c) = raw.trailing {
        out.trailing_comment(c);
    }
    out.end_line(opens);
}
