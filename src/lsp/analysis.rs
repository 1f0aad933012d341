//! One check of one text: everything the server answers from.
//!
//! An analysis owns its text, so positions in requests are converted
//! against the text that was checked, even while newer edits are being
//! checked on the worker thread.

use super::position::LineMap;
use crate::diag::{self, Diagnostic};
use crate::index::NameIndex;
use crate::model::Model;
use crate::source::SourceFile;
use crate::span::Span;
use crate::syntax::ast::{Header, Item, Plan};
use crate::syntax::scan::Scanner;

/// What kind of block an outline entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// `section N "…" {`.
    Section,
    /// `item N "…" {`.
    Item,
    /// `part N "…" {`.
    Part,
}

/// A section, item or part, for document symbols.
#[derive(Clone, Debug, PartialEq)]
pub struct Outline {
    /// Section, item or part.
    pub kind: BlockKind,
    /// The ordinal as written (`三`, `1`).
    pub ordinal: String,
    /// The title as written.
    pub title: String,
    /// From the header's first byte to the block's `}` (or the header
    /// alone, when the block is never closed).
    pub span: Span,
    /// The ordinal and title.
    pub selection: Span,
    /// The items of a section, the parts of an item.
    pub children: Vec<Outline>,
}

/// One check of one text: what requests are answered from.
pub struct Analysis {
    /// The text checked.
    pub text: String,
    /// Its line starts, for UTF-16 positions.
    pub lines: LineMap,
    /// Every diagnostic of `planc check`, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Every name and where it is written.
    pub index: NameIndex,
    /// The model as far as it could be lowered: complete only when
    /// `diagnostics` has no error.
    pub model: Model,
    /// Its sections, items and parts.
    pub outline: Vec<Outline>,
}

impl Analysis {
    /// Checks `text` (named `name` in messages). `cancelled` is asked
    /// between stages: when it says the text is stale, the check stops and
    /// gives `None`.
    pub fn new(name: &str, text: String, cancelled: &dyn Fn() -> bool) -> Option<Self> {
        let file = SourceFile::new(name, text);
        let mut diagnostics = Vec::new();
        let plan = crate::syntax::parse(&file.text, &mut diagnostics);
        if cancelled() {
            return None;
        }
        let model = crate::check::check(&plan, &file, &mut diagnostics);
        if cancelled() {
            return None;
        }
        diag::sort(&mut diagnostics);
        let index = NameIndex::build(&plan);
        let outline = outline(&file.text, &plan);
        drop(plan);
        let text = file.text;
        Some(Analysis {
            lines: LineMap::new(&text),
            text,
            diagnostics,
            index,
            model,
            outline,
        })
    }

    /// Checks `text` to the end.
    pub fn complete(name: &str, text: String) -> Option<Self> {
        Self::new(name, text, &|| false)
    }
}

/// The extent of every block: its opening statement and its end.
fn blocks(text: &str) -> Vec<(Span, u32)> {
    let mut open: Vec<Span> = Vec::new();
    let mut out = Vec::new();
    for raw in Scanner::new(text) {
        if raw.closes {
            if let Some(start) = open.pop() {
                out.push((start, raw.span.end));
            }
        } else if raw.opens {
            open.push(raw.span);
        }
    }
    // Blocks never closed (reported) end with their header.
    out.extend(open.into_iter().map(|s| (s, s.end)));
    out.sort_by_key(|(s, _)| s.start);
    out
}

fn outline(text: &str, plan: &Plan<'_>) -> Vec<Outline> {
    let blocks = blocks(text);
    let entry = |kind, h: &Header<'_>, children| {
        let at = h.number.span.start;
        let i = blocks.partition_point(|(s, _)| s.start <= at);
        let block = i
            .checked_sub(1)
            .and_then(|j| blocks.get(j))
            .filter(|(s, _)| at < s.end);
        let (span, end) = block.map_or((h.number.span.to(h.title.span), 0), |&(s, e)| (s, e));
        Outline {
            kind,
            ordinal: text.get(h.number.span.range()).unwrap_or("").to_string(),
            title: h.title.text.to_string(),
            span: Span {
                start: span.start,
                end: span.end.max(end),
            },
            selection: h.number.span.to(h.title.span),
            children,
        }
    };
    fn item_entry(
        entry: &dyn Fn(BlockKind, &Header<'_>, Vec<Outline>) -> Outline,
        kind: BlockKind,
        item: &Item<'_>,
    ) -> Outline {
        let parts = item
            .parts
            .iter()
            .map(|p| item_entry(entry, BlockKind::Part, p))
            .collect();
        entry(kind, &item.header, parts)
    }
    let mut out = Vec::new();
    for section in &plan.sections {
        let items: Vec<Outline> = section
            .items
            .iter()
            .map(|i| item_entry(&entry, BlockKind::Item, i))
            .collect();
        match &section.header {
            Some(h) => out.push(entry(BlockKind::Section, h, items)),
            None => out.extend(items),
        }
    }
    out.sort_by_key(|o| o.span.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outline_nests_sections_items_and_parts() -> Result<(), String> {
        let src = "plan \"p\"\nperiod 2010..2012\nsection 一 \"s\" {\n  item 三 \"t\" {\n    part 1 \"a\" {\n      text \"x\"\n    }\n  }\n}\nitem 四 \"loose\" {\n}\n";
        let a = Analysis::complete("a.plan", src.to_string()).ok_or("cancelled")?;
        let names: Vec<(&str, BlockKind)> = a
            .outline
            .iter()
            .map(|o| (o.ordinal.as_str(), o.kind))
            .collect();
        assert_eq!(names, [("一", BlockKind::Section), ("四", BlockKind::Item)]);
        let section = a.outline.first();
        let item = section.and_then(|s| s.children.first());
        let part = item.and_then(|i| i.children.first());
        assert_eq!(part.map(|p| p.title.as_str()), Some("a"));
        let item_text = item.and_then(|i| src.get(i.span.range()));
        assert!(item_text.is_some_and(|t| t.starts_with("item 三") && t.ends_with("    }\n  }")));
        Ok(())
    }
}
