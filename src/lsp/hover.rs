//! Hover: what a name stands for, and the explanation of a diagnostic
//! under the cursor.

use super::analysis::Analysis;
use crate::index::{Kind, Origin, Symbol};
use crate::model::{self, MetricKind};
use lsp_types as lsp;
use std::fmt::Write as _;

/// The hover at byte `offset`, as Markdown, with the range of the name.
pub fn hover(a: &Analysis, offset: usize) -> Option<lsp::Hover> {
    let occurrence = a.index.at(offset);
    let mut text = occurrence
        .and_then(|o| a.index.symbol(o.symbol))
        .map(|s| describe(a, s))
        .unwrap_or_default();
    // The diagnostics under the cursor, with the first paragraph of their
    // explanation (`planc explain CODE` has the rest).
    for d in a.diagnostics.iter().filter(|d| {
        d.primary_span()
            .is_some_and(|s| s.start as usize <= offset && offset <= s.end as usize)
    }) {
        if !text.is_empty() {
            text.push_str("\n\n---\n\n");
        }
        let _ = write!(
            text,
            "**{}** {}\n\n{}\n\n`planc explain {}`",
            d.code.as_str(),
            d.code.title(),
            first_paragraph(d.code.explanation()),
            d.code.as_str()
        );
    }
    if text.is_empty() {
        return None;
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: text,
        }),
        range: occurrence.map(|o| a.lines.range(&a.text, o.span)),
    })
}

fn describe(a: &Analysis, s: &Symbol) -> String {
    if s.origin == Origin::Undeclared {
        return format!(
            "{} `{}`: not declared (`planc check` reports it)",
            s.kind.word(),
            s.name
        );
    }
    match s.kind {
        Kind::Agency => agency(a, s),
        Kind::Metric => metric(a, s),
        Kind::Unit => unit(a, s),
        Kind::Class => class(a, s),
        Kind::Region => region(a, s),
    }
}

fn agency(a: &Analysis, s: &Symbol) -> String {
    let mut out = format!("**agency** `{}`", s.name);
    if let Some(full) = &s.alias {
        let _ = write!(out, "\n\nfull name: {full}");
    }
    let items = |f: &dyn Fn(&model::Item) -> bool| -> Vec<String> {
        a.model
            .items
            .iter()
            .filter(|i| f(i))
            .map(|i| item_label(a, i))
            .collect()
    };
    // A target may name its own lead: its item counts as led too.
    let leads = items(&|i| {
        i.lead.contains(&s.name)
            || a.model
                .targets
                .iter()
                .any(|t| t.item == i.id && t.lead.contains(&s.name) && !i.lead.contains(&s.name))
    });
    let supports = items(&|i| i.support.contains(&s.name));
    list(&mut out, "leads", &leads);
    list(&mut out, "supports", &supports);
    out
}

fn metric(a: &Analysis, s: &Symbol) -> String {
    let Some(m) = a.model.metrics.iter().find(|m| m.id == s.name) else {
        return format!("**metric** `{}` (not checked: see its diagnostics)", s.name);
    };
    let kind = match m.kind {
        MetricKind::Stock => "stock",
        MetricKind::Flow => "flow",
        MetricKind::Milestone => "milestone",
        MetricKind::Ratio => "ratio",
        MetricKind::Commitment => "commitment",
    };
    let mut out = format!("**metric** `{}`: {kind}", m.id);
    if let Some(u) = &m.unit {
        let _ = write!(out, " in {u}");
    }
    if let Some(r) = &m.ratio {
        let _ = write!(out, " = {} / {}", r.numerator, r.denominator);
    }
    if let Some(d) = &m.description {
        let _ = write!(out, "\n\n{d}");
    }
    let targets: Vec<String> = a
        .model
        .targets
        .iter()
        .filter(|t| t.metric == m.id)
        .map(|t| {
            let line = source_line(a, t.source.line);
            format!("{} `{}`", t.id, line.trim())
        })
        .collect();
    list(&mut out, "targets", &targets);
    out
}

fn unit(a: &Analysis, s: &Symbol) -> String {
    let Some(u) = a.model.units.iter().find(|u| u.id == s.name) else {
        return format!("**unit** `{}` (not checked: see its diagnostics)", s.name);
    };
    let origin = if s.origin == Origin::BuiltIn {
        "built in"
    } else {
        "declared"
    };
    let mut out = format!(
        "**unit** `{}` ({origin})\n\ndimension: {}\n\nscale: {}",
        u.id, u.dimension, u.scale
    );
    // The base unit of its dimension, when it is another one.
    if let Some(base) = a
        .model
        .units
        .iter()
        .find(|b| b.dimension == u.dimension && b.scale == rust_decimal::Decimal::ONE)
        .filter(|b| b.id != u.id && u.scale != rust_decimal::Decimal::ONE)
    {
        let _ = write!(out, " (1 {} = {} {})", u.id, u.scale, base.id);
    }
    if u.classifier {
        out.push_str("\n\na count classifier");
    }
    out
}

fn class(a: &Analysis, s: &Symbol) -> String {
    match a.model.classes.iter().find(|c| c.id == s.name) {
        Some(c) => format!(
            "**class** `{}`: targets are {} by default",
            c.id,
            match c.strength {
                model::Strength::Firm => "firm",
                model::Strength::Strive => "strive",
            }
        ),
        None => format!("**class** `{}`", s.name),
    }
}

/// A region: the region it is part of, its parts, and how many targets
/// are judged in it.
fn region(a: &Analysis, s: &Symbol) -> String {
    let mut out = format!("**region** `{}`", s.name);
    if let Some(p) = a
        .model
        .regions
        .iter()
        .find(|r| r.id == s.name)
        .and_then(|r| r.parent.as_ref())
    {
        let _ = write!(out, " (in {p})");
    }
    let parts: Vec<String> = a
        .model
        .regions
        .iter()
        .filter(|r| r.parent.as_deref() == Some(s.name.as_str()))
        .map(|r| r.id.clone())
        .collect();
    list(&mut out, "parts", &parts);
    let targets: Vec<String> = a
        .model
        .targets
        .iter()
        .filter(|t| t.region() == Some(s.name.as_str()))
        .map(|t| format!("{} `{}`", t.id, source_line(a, t.source.line).trim()))
        .collect();
    list(&mut out, "targets", &targets);
    out
}

/// `三 title`, or `九.3 title` for a part.
fn item_label(a: &Analysis, i: &model::Item) -> String {
    let parent = i
        .parent
        .as_ref()
        .and_then(|p| a.model.items.iter().find(|x| &x.id == p));
    match parent {
        Some(p) => format!("{}.{} {}", p.ordinal, i.ordinal, i.title),
        None => format!("{} {}", i.ordinal, i.title),
    }
}

fn list(out: &mut String, what: &str, entries: &[String]) {
    if entries.is_empty() {
        return;
    }
    let _ = write!(out, "\n\n{what}:");
    for e in entries {
        let _ = write!(out, "\n- {e}");
    }
}

/// Line `line` (1-based) of the analysed text, shortened to 120
/// characters.
fn source_line(a: &Analysis, line: u32) -> String {
    let text = a
        .text
        .lines()
        .nth(line.saturating_sub(1) as usize)
        .unwrap_or("");
    if text.chars().count() > 120 {
        let cut: String = text.chars().take(119).collect();
        format!("{cut}…")
    } else {
        text.to_string()
    }
}

fn first_paragraph(page: &str) -> String {
    page.lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}
