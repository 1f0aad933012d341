//! Statements to the plan tree: sections hold items, items hold parts.
//!
//! Blocks are tracked on an explicit stack, never by recursion, and its
//! depth is bounded, so no input can exhaust the call stack.

use super::ast::*;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// Deepest nesting of blocks, counting ones that failed to parse. The
/// language itself needs three (section, item, part).
pub const MAX_DEPTH: usize = 32;

enum Frame<'a> {
    Section(Header<'a>, Vec<Item<'a>>, Span),
    Item(Item<'a>, Span),
    /// A block whose header is in error or misplaced: its body is skipped.
    Skip,
}

pub fn build<'a>(stmts: Vec<Stmt<'a>>, diags: &mut Vec<Diagnostic>) -> Plan<'a> {
    let mut plan = Plan::default();
    let mut stack: Vec<Frame<'a>> = Vec::new();
    let mut overflow = 0usize;
    let mut header_seen: Vec<(&'static str, Span)> = Vec::new();

    for stmt in stmts {
        let span = stmt.span;
        let opens = matches!(
            stmt.kind,
            StmtKind::Section(_)
                | StmtKind::Item(_)
                | StmtKind::Part(_)
                | StmtKind::Error { opens: true }
        );
        if opens && stack.len() >= MAX_DEPTH {
            if overflow == 0 {
                diags.push(
                    Diagnostic::new(
                        Code::Limit,
                        format!("blocks nested deeper than {MAX_DEPTH}"),
                    )
                    .label(span, "this block is too deep")
                    .help("plans nest at most section > item > part; close blocks with `}`"),
                );
            }
            overflow += 1;
            continue;
        }
        if overflow > 0 {
            if matches!(stmt.kind, StmtKind::Close) {
                overflow -= 1;
            }
            continue;
        }
        let in_skip = matches!(stack.last(), Some(Frame::Skip));
        match stmt.kind {
            StmtKind::Close => match stack.pop() {
                None => diags.push(
                    Diagnostic::new(Code::Unbalanced, "unexpected `}`")
                        .label(span, "no block is open here")
                        .help("remove this `}` or open a block before it"),
                ),
                Some(frame) => close(frame, &mut stack, &mut plan),
            },
            _ if in_skip => {
                if opens {
                    stack.push(Frame::Skip);
                }
            }
            StmtKind::Error { opens } => {
                if opens {
                    stack.push(Frame::Skip);
                }
            }
            StmtKind::Section(h) => {
                if stack.is_empty() {
                    stack.push(Frame::Section(h, Vec::new(), span));
                } else {
                    diags.push(misplaced(
                        span,
                        "a section",
                        "sections stand at the top level: close the open block first",
                    ));
                    stack.push(Frame::Skip);
                }
            }
            StmtKind::Item(h) => match stack.last() {
                None | Some(Frame::Section(..)) => stack.push(Frame::Item(new_item(h), span)),
                _ => {
                    diags.push(misplaced(
                        span,
                        "an item",
                        "items stand in a section; use `part` for a sub-part of an item",
                    ));
                    stack.push(Frame::Skip);
                }
            },
            StmtKind::Part(h) => match stack.last() {
                Some(Frame::Item(parent, _)) if parent_is_item(&stack, parent) => {
                    stack.push(Frame::Item(new_item(h), span))
                }
                _ => {
                    diags.push(misplaced(
                        span,
                        "a part",
                        "parts stand directly inside an item",
                    ));
                    stack.push(Frame::Skip);
                }
            },
            StmtKind::Lead(names) => {
                with_item(&mut stack, diags, span, "`lead`", |i| i.lead.extend(names))
            }
            StmtKind::Support(names) => with_item(&mut stack, diags, span, "`support`", |i| {
                i.support.extend(names)
            }),
            StmtKind::Text(s) => with_item(&mut stack, diags, span, "`text`", |i| i.text.push(s)),
            StmtKind::Allow(codes) if stack.is_empty() => plan.allow.extend(codes),
            StmtKind::Allow(codes) => with_item(&mut stack, diags, span, "`allow`", |i| {
                i.allow.extend(codes)
            }),
            StmtKind::Target(t) => {
                with_item(&mut stack, diags, span, "a target", |i| i.targets.push(t))
            }
            kind if !stack.is_empty() => {
                let _ = kind;
                diags.push(misplaced(
                    span,
                    "a declaration",
                    "declarations and plan settings stand at the top level, before the sections",
                ));
            }
            StmtKind::Plan(s) => header(&mut header_seen, diags, "plan", span, || {
                plan.title = Some(s)
            }),
            StmtKind::Period { from, to } => {
                header(&mut header_seen, diags, "period", span, || {
                    plan.period = Some((from, to))
                })
            }
            StmtKind::Baseline(y) => header(&mut header_seen, diags, "baseline", span, || {
                plan.baseline = Some(y)
            }),
            StmtKind::Issued { by, on } => header(&mut header_seen, diags, "issued", span, || {
                plan.issued_by = Some(by);
                plan.issued_on = on;
            }),
            StmtKind::Tolerance(q) => header(&mut header_seen, diags, "tolerance", span, || {
                plan.tolerance = Some(q)
            }),
            StmtKind::Agency(defs) => plan.agencies.extend(defs),
            StmtKind::Unit(u) => plan.units.push(u),
            StmtKind::Metric(m) => plan.metrics.push(m),
        }
    }
    while let Some(frame) = stack.pop() {
        let open = match &frame {
            Frame::Section(_, _, s) | Frame::Item(_, s) => Some(*s),
            Frame::Skip => None,
        };
        if let Some(s) = open {
            diags.push(
                Diagnostic::new(Code::Unbalanced, "block is never closed")
                    .label(s, "this block has no closing `}`")
                    .help("add `}` after the block's last statement"),
            );
        }
        close(frame, &mut stack, &mut plan);
    }
    plan
}

fn parent_is_item(stack: &[Frame<'_>], _parent: &Item<'_>) -> bool {
    // A part's parent is an item, not another part: items sit directly in a
    // section or at the top level.
    let n = stack.len();
    n == 1 || matches!(stack.get(n.wrapping_sub(2)), Some(Frame::Section(..)))
}

fn new_item(header: Header<'_>) -> Item<'_> {
    Item {
        header,
        lead: Vec::new(),
        support: Vec::new(),
        text: Vec::new(),
        targets: Vec::new(),
        parts: Vec::new(),
        allow: Vec::new(),
    }
}

fn close<'a>(frame: Frame<'a>, stack: &mut [Frame<'a>], plan: &mut Plan<'a>) {
    match frame {
        Frame::Section(header, items, _) => plan.sections.push(Section {
            header: Some(header),
            items,
        }),
        Frame::Item(item, _) => match stack.last_mut() {
            Some(Frame::Section(_, items, _)) => items.push(item),
            Some(Frame::Item(parent, _)) => parent.parts.push(item),
            Some(Frame::Skip) => {}
            None => match plan.sections.last_mut() {
                Some(Section {
                    header: None,
                    items,
                }) => items.push(item),
                _ => plan.sections.push(Section {
                    header: None,
                    items: vec![item],
                }),
            },
        },
        Frame::Skip => {}
    }
}

fn with_item<'a>(
    stack: &mut [Frame<'a>],
    diags: &mut Vec<Diagnostic>,
    span: Span,
    what: &str,
    f: impl FnOnce(&mut Item<'a>),
) {
    match stack.last_mut() {
        Some(Frame::Item(item, _)) => f(item),
        Some(Frame::Skip) => {}
        _ => diags.push(misplaced(
            span,
            what,
            "write it inside an `item` or `part` block",
        )),
    }
}

fn header(
    seen: &mut Vec<(&'static str, Span)>,
    diags: &mut Vec<Diagnostic>,
    what: &'static str,
    span: Span,
    set: impl FnOnce(),
) {
    if let Some(&(_, first)) = seen.iter().find(|(w, _)| *w == what) {
        diags.push(
            Diagnostic::new(Code::RepeatedHeader, format!("`{what}` is given twice"))
                .label(span, "given again here")
                .label(first, "first given here")
                .help(format!("a plan has one `{what}`: remove one of them")),
        );
        return;
    }
    seen.push((what, span));
    set();
}

fn misplaced(span: Span, what: &str, help: &str) -> Diagnostic {
    Diagnostic::new(Code::Misplaced, format!("{what} cannot stand here"))
        .label(span, "misplaced")
        .help(help.to_string())
}
