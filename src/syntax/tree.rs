//! Statements to the plan's structure, in two streaming passes over the
//! same pieces of text (`parallel`).
//!
//! - [`outline`] reads the top level only: the header, the declarations and
//!   the section titles. Statements inside blocks are not parsed.
//! - [`items`] reads the blocks and hands each finished top-level item (with
//!   its parts) to a callback, so only one item's tree is alive at a time.
//!   It does not parse the top-level statements again.
//!
//! Ownership of diagnostics is split so each statement is reported once:
//! the outline owns top-level statements that do not open a block, the item
//! pass owns everything else. Both count block depth the same way, from the
//! scanner's `opens`/`closes` (a `}` with no block open counts for
//! nothing). Blocks nest on a heap stack bounded by [`MAX_DEPTH`], never by
//! recursion.

use super::ast::*;
use super::parallel;
use crate::diag::{Code, Diagnostic};
use crate::span::Span;

/// Deepest nesting of blocks, counting ones that failed to parse. The
/// language itself needs three (section, item, part).
pub const MAX_DEPTH: usize = 32;

/// The top level of a plan: everything but the items. `sections` holds the
/// section headers, with no items. Also gives the pieces the text is cut
/// into (of about `piece` bytes, see [`crate::Options::parse_piece_bytes`]),
/// for [`items`] to parse what is inside blocks without scanning for
/// the top level again.
pub fn outline<'a>(
    src: &'a str,
    piece: usize,
    diags: &mut Vec<Diagnostic>,
) -> (Plan<'a>, parallel::Pieces) {
    let mut plan = Plan::default();
    let mut seen: Vec<(&'static str, Span)> = Vec::new();
    let pieces = parallel::top_level(src, piece, |parsed| {
        let raw = &parsed.raw;
        if raw.opens {
            // Its errors are the item pass's, which parses it again.
            if let Some(StmtKind::Section(h)) = parsed.kind {
                plan.sections.push(Section {
                    header: Some(h),
                    items: Vec::new(),
                });
            }
            return;
        }
        diags.extend(parsed.diags);
        let Some(kind) = parsed.kind else {
            // `period 2023-2025` is reported as written; "no period" too
            // would only repeat it.
            let text = src.get(raw.span.range()).unwrap_or("");
            if super::keywords::starts_with(text, super::keywords::Kw::Period) {
                plan.period_unparsed = true;
            }
            return;
        };
        top_level(&mut plan, &mut seen, kind, raw.span, diags);
    });
    (plan, pieces)
}

fn top_level<'a>(
    plan: &mut Plan<'a>,
    seen: &mut Vec<(&'static str, Span)>,
    kind: StmtKind<'a>,
    span: Span,
    diags: &mut Vec<Diagnostic>,
) {
    match kind {
        StmtKind::Plan(s) => header(seen, diags, "plan", span, || plan.title = Some(s)),
        StmtKind::Period { from, to } => header(seen, diags, "period", span, || {
            plan.period = Some((from, to))
        }),
        StmtKind::Baseline(y) => header(seen, diags, "baseline", span, || plan.baseline = Some(y)),
        StmtKind::Issued { by, on } => header(seen, diags, "issued", span, || {
            plan.issued_by = Some(by);
            plan.issued_on = on;
        }),
        StmtKind::Tolerance(q) => {
            header(seen, diags, "tolerance", span, || plan.tolerance = Some(q))
        }
        StmtKind::Agency(defs) => plan.agencies.extend(defs),
        StmtKind::Unit(u) => plan.units.push(u),
        StmtKind::Metric(m) => plan.metrics.push(m),
        StmtKind::ClassDecl(c) => plan.classes.push(c),
        StmtKind::Region(r) => plan.regions.push(crate::span::Spanned::new(r, span)),
        StmtKind::Quota(_) => diags.push(outside_item(span, "`quota`")),
        StmtKind::Class(_) => diags.push(misplaced(
            span,
            "`class` without a strength",
            "give an item its class inside the item (`class 约束性`); declare a class at the top level with its strength: `class 约束性: firm`",
        )),
        StmtKind::Allow(codes) => plan.allow.extend(codes),
        StmtKind::Lead(_) => diags.push(outside_item(span, "`lead`")),
        StmtKind::Support(_) => diags.push(outside_item(span, "`support`")),
        StmtKind::Text(_) => diags.push(outside_item(span, "`text`")),
        StmtKind::Target(_) => diags.push(outside_item(span, "a target")),
        // Openers and closers never reach here; an error is reported.
        StmtKind::Section(_)
        | StmtKind::Item(_)
        | StmtKind::Part(_)
        | StmtKind::Close
        | StmtKind::Error { .. } => {}
    }
}

// At most `MAX_DEPTH` frames are alive; boxing items would allocate one
// per item for nothing.
#[allow(clippy::large_enum_variant)]
enum Frame<'a> {
    /// A section, by number (`None`: its ordinal is invalid, reported).
    Section(Option<u32>),
    Item(Item<'a>),
    /// A block whose header is in error or misplaced: its body is parsed
    /// for errors but belongs nowhere.
    Skip,
}

/// Streams every top-level item, with its parts, to `on_item` together with
/// the number of the section it stands in. `on_item` also gets the
/// diagnostics list, to add to it or trim it between items. `pieces` are
/// the outline's of the same text, whose top-level statements it reported.
pub fn items<'a>(
    src: &'a str,
    pieces: &parallel::Pieces,
    diags: &mut Vec<Diagnostic>,
    mut on_item: impl FnMut(Option<u32>, Item<'a>, &mut Vec<Diagnostic>),
) {
    items_after(
        src,
        pieces,
        diags,
        |_| (),
        |_, n, item, d| on_item(n, item, d),
    );
}

/// [`items`], running `prepare` first (on this thread, while the first
/// pieces are parsed on the others) and handing what it gives to every
/// call of `on_item`; returns it at the end. The compiler builds its
/// checker there.
pub fn items_after<'a, T>(
    src: &'a str,
    pieces: &parallel::Pieces,
    diags: &mut Vec<Diagnostic>,
    prepare: impl FnOnce(&mut Vec<Diagnostic>) -> T,
    mut on_item: impl FnMut(&mut T, Option<u32>, Item<'a>, &mut Vec<Diagnostic>),
) -> T {
    let mut stack: Vec<Frame<'a>> = Vec::new();
    let mut open_spans: Vec<Span> = Vec::new();
    let mut overflow = 0usize;
    // Statements are parsed on every core; placing them stays in order.
    let mut t = parallel::for_each_statement(src, pieces, diags, prepare, |diags, t, parsed| {
        let mut on_item =
            |n: Option<u32>, item: Item<'a>, d: &mut Vec<Diagnostic>| on_item(t, n, item, d);
        let raw = &parsed.raw;
        if raw.closes {
            if overflow > 0 {
                overflow -= 1;
                return;
            }
            open_spans.pop();
            match stack.pop() {
                None => diags.push(
                    Diagnostic::new(Code::Unbalanced, "unexpected `}`")
                        .label(raw.span, "no block is open here")
                        .help("remove this `}` or open a block before it"),
                ),
                Some(frame) => close(frame, &mut stack, diags, &mut on_item),
            }
            return;
        }
        if stack.is_empty() && !raw.opens {
            return; // the outline's, diagnostics and all
        }
        if raw.opens && (overflow > 0 || stack.len() >= MAX_DEPTH) {
            if overflow == 0 {
                diags.push(
                    Diagnostic::new(
                        Code::Limit,
                        format!("blocks nested deeper than {MAX_DEPTH}"),
                    )
                    .label(raw.span, "this block is too deep")
                    .help("plans nest at most section > item > part; close blocks with `}`"),
                );
            }
            overflow += 1;
            return;
        }
        if overflow > 0 {
            return;
        }
        let opens = raw.opens;
        let span = raw.span;
        diags.extend(parsed.diags);
        let kind = parsed.kind.unwrap_or(StmtKind::Error { opens });
        if opens {
            open_spans.push(span);
        }
        place(kind, opens, span, &mut stack, diags);
    });
    while let Some(frame) = stack.pop() {
        let span = open_spans.pop();
        if let (Some(s), false) = (span, matches!(frame, Frame::Skip)) {
            diags.push(
                Diagnostic::new(Code::Unbalanced, "block is never closed")
                    .label(s, "this block has no closing `}`")
                    .help("add `}` after the block's last statement"),
            );
        }
        close(frame, &mut stack, diags, &mut |n, item, d| {
            on_item(&mut t, n, item, d)
        });
    }
    t
}

/// Puts one statement inside a block (or opens a block) on the stack.
fn place<'a>(
    kind: StmtKind<'a>,
    opens: bool,
    span: Span,
    stack: &mut Vec<Frame<'a>>,
    diags: &mut Vec<Diagnostic>,
) {
    if matches!(stack.last(), Some(Frame::Skip)) {
        if opens {
            stack.push(Frame::Skip);
        }
        return;
    }
    match kind {
        StmtKind::Error { opens } => {
            if opens {
                stack.push(Frame::Skip);
            } else if let Some(Frame::Item(item)) = stack.last_mut() {
                // Its knock-on errors (no lead, say) would only mislead.
                item.unparsed = true;
            }
        }
        StmtKind::Section(h) => {
            if stack.is_empty() {
                stack.push(Frame::Section(h.number.node));
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
            None | Some(Frame::Section(_)) => stack.push(Frame::Item(new_item(h))),
            _ => {
                diags.push(misplaced(
                    span,
                    "an item",
                    "items stand in a section; use `part` for a sub-part of an item",
                ));
                stack.push(Frame::Skip);
            }
        },
        StmtKind::Part(h) => {
            let parent_is_item = matches!(stack.last(), Some(Frame::Item(_)))
                && matches!(
                    stack.len().checked_sub(2).and_then(|i| stack.get(i)),
                    None | Some(Frame::Section(_))
                );
            if parent_is_item {
                stack.push(Frame::Item(new_item(h)));
            } else {
                diags.push(misplaced(
                    span,
                    "a part",
                    "parts stand directly inside an item",
                ));
                stack.push(Frame::Skip);
            }
        }
        StmtKind::Lead(names) => with_item(stack, diags, span, "`lead`", |i| i.lead.extend(names)),
        StmtKind::Support(names) => {
            with_item(stack, diags, span, "`support`", |i| i.support.extend(names))
        }
        StmtKind::Text(s) => with_item(stack, diags, span, "`text`", |i| i.text.push(s)),
        StmtKind::Allow(codes) => {
            with_item(stack, diags, span, "`allow`", |i| i.allow.extend(codes))
        }
        StmtKind::Class(name) => with_item(stack, diags, span, "`class`", |i| i.class.push(name)),
        StmtKind::Target(t) => with_item(stack, diags, span, "a target", |i| i.targets.push(t)),
        StmtKind::Quota(entries) => {
            let mut orphan = false;
            with_item(stack, diags, span, "`quota`", |i| match i.targets.last_mut() {
                Some(t) => t.quotas.push(crate::span::Spanned::new(entries, span)),
                None => orphan = true,
            });
            if orphan {
                diags.push(misplaced(
                    span,
                    "a `quota` before any target",
                    "write `quota` after the target it breaks down, in the same block: `by 2012: projects >= 150` then `quota 南湖区 30, 秀洲区 25`",
                ));
            }
        }
        StmtKind::Close => {}
        StmtKind::Region(_) => diags.push(misplaced(
            span,
            "a region declaration",
            "declare regions at the top level, before the sections",
        )),
        StmtKind::ClassDecl(_) => diags.push(misplaced(
            span,
            "a class declaration",
            "declare classes at the top level, before the sections; in an item, `class 约束性` (without a strength) gives the item its class",
        )),
        _ => diags.push(misplaced(
            span,
            "a declaration",
            "declarations and plan settings stand at the top level, before the sections",
        )),
    }
}

fn new_item(header: Header<'_>) -> Item<'_> {
    Item {
        header,
        lead: Vec::new(),
        support: Vec::new(),
        text: Vec::new(),
        targets: Vec::new(),
        class: Vec::new(),
        parts: Vec::new(),
        allow: Vec::new(),
        unparsed: false,
    }
}

fn close<'a>(
    frame: Frame<'a>,
    stack: &mut [Frame<'a>],
    diags: &mut Vec<Diagnostic>,
    on_item: &mut impl FnMut(Option<u32>, Item<'a>, &mut Vec<Diagnostic>),
) {
    let Frame::Item(item) = frame else { return };
    match stack.last_mut() {
        Some(Frame::Item(parent)) => parent.parts.push(item),
        Some(Frame::Section(n)) => on_item(*n, item, diags),
        None => on_item(None, item, diags),
        Some(Frame::Skip) => {}
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
        Some(Frame::Item(item)) => f(item),
        Some(Frame::Skip) => {}
        _ => diags.push(outside_item(span, what)),
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

fn outside_item(span: Span, what: &str) -> Diagnostic {
    misplaced(span, what, "write it inside an `item` or `part` block")
}

fn misplaced(span: Span, what: &str, help: &str) -> Diagnostic {
    Diagnostic::new(Code::Misplaced, format!("{what} cannot stand here"))
        .label(span, "misplaced")
        .help(help.to_string())
}
