//! Completion: keywords in both spellings, and the plan's agencies,
//! metrics and units where each can stand. After a number, the unit of the
//! target's metric comes first.
//!
//! The context is read from the current text, which may be half typed;
//! the names come from the last analysis.

use super::analysis::Analysis;
use crate::check::suggest::written_as;
use crate::index::{Kind, Origin, Symbol};
use crate::syntax::keywords::{self, Kw};
use lsp_types as lsp;

/// Where the cursor stands, as far as completion cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Context {
    /// The first word of a line: a statement's keyword.
    StatementStart,
    /// Right after a number (`>= 150` or `>= 150万`): a unit.
    AfterNumber,
    /// In a `lead` or `support` list: agencies.
    Agencies,
    /// After a target's `:`: the metric, then its measure.
    TargetBody,
    Anywhere,
}

/// Completions at byte `offset` of `text`.
pub fn completion(a: Option<&Analysis>, text: &str, offset: usize) -> Vec<lsp::CompletionItem> {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = text.get(..offset).unwrap_or("");
    let line = before
        .get(before.rfind('\n').map_or(0, |i| i + 1)..)
        .unwrap_or("");
    let context = context_of(line);
    let mut out = Vec::new();
    match context {
        Context::AfterNumber => {
            if let Some(a) = a {
                units(a, metric_of(a, line), &mut out);
            }
        }
        Context::Agencies => {
            if let Some(a) = a {
                names(a, Kind::Agency, "1", &mut out);
            }
        }
        Context::StatementStart => keyword_items(&mut out),
        Context::TargetBody => {
            if let Some(a) = a {
                names(a, Kind::Metric, "0", &mut out);
            }
            keyword_items(&mut out);
        }
        Context::Anywhere => {
            keyword_items(&mut out);
            if let Some(a) = a {
                for kind in [Kind::Metric, Kind::Agency, Kind::Class] {
                    names(a, kind, "1", &mut out);
                }
                units(a, None, &mut out);
            }
        }
    }
    out
}

fn context_of(line: &str) -> Context {
    // The word being typed: letters after the last space or digit.
    let word_start = line
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphabetic() || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let head = line.get(..word_start).unwrap_or("");
    // A number in a target's body or a unit's definition (`by 2012` alone
    // is a year).
    if head.ends_with(|c: char| c.is_ascii_digit()) && head.contains([':', '=']) {
        return Context::AfterNumber;
    }
    let trimmed = head.trim_start();
    if trimmed.is_empty() {
        return Context::StatementStart;
    }
    if keywords::starts_with(trimmed, Kw::Lead) || keywords::starts_with(trimmed, Kw::Support) {
        return Context::Agencies;
    }
    if let Some((_, after)) = trimmed.split_once(':') {
        let declaration = keywords::starts_with(trimmed, Kw::Metric)
            || keywords::starts_with(trimmed, Kw::Unit)
            || keywords::starts_with(trimmed, Kw::Class);
        if !declaration && after.trim().is_empty() {
            return Context::TargetBody;
        }
    }
    Context::Anywhere
}

/// The declared metric a target line names after its `:`.
fn metric_of<'a>(a: &'a Analysis, line: &str) -> Option<&'a crate::model::Metric> {
    let (_, after) = line.rsplit_once(':')?;
    let name = after.split_whitespace().next()?.trim_matches('"');
    a.model.metrics.iter().find(|m| m.id == name)
}

fn keyword_items(out: &mut Vec<lsp::CompletionItem>) {
    for k in keywords::table() {
        for spelling in k.spellings() {
            out.push(lsp::CompletionItem {
                label: spelling.to_string(),
                kind: Some(lsp::CompletionItemKind::KEYWORD),
                detail: (spelling != k.en).then(|| format!("= {}", k.en)),
                sort_text: Some(format!("2{spelling}")),
                ..Default::default()
            });
        }
    }
}

fn kind_of(kind: Kind) -> lsp::CompletionItemKind {
    match kind {
        Kind::Agency => lsp::CompletionItemKind::MODULE,
        Kind::Metric => lsp::CompletionItemKind::VARIABLE,
        Kind::Unit => lsp::CompletionItemKind::UNIT,
        Kind::Class => lsp::CompletionItemKind::ENUM_MEMBER,
        Kind::Region => lsp::CompletionItemKind::FOLDER,
    }
}

fn item(s: &Symbol, detail: Option<String>, rank: &str) -> lsp::CompletionItem {
    let insert = written_as(&s.name, false);
    lsp::CompletionItem {
        label: s.name.clone(),
        kind: Some(kind_of(s.kind)),
        detail: detail.or_else(|| Some(s.kind.word().to_string())),
        sort_text: Some(format!("{rank}{}", s.name)),
        insert_text: (insert != s.name).then_some(insert),
        ..Default::default()
    }
}

/// The plan's declared names of `kind`.
fn names(a: &Analysis, kind: Kind, rank: &str, out: &mut Vec<lsp::CompletionItem>) {
    for s in a.index.of_kind(kind) {
        if !matches!(s.origin, Origin::Declared(_)) {
            continue;
        }
        let detail = match kind {
            Kind::Agency => s.alias.clone(),
            Kind::Metric => a
                .model
                .metrics
                .iter()
                .find(|m| m.id == s.name)
                .and_then(|m| m.description.clone()),
            Kind::Region => a
                .model
                .regions
                .iter()
                .find(|r| r.id == s.name)
                .and_then(|r| r.parent.as_ref().map(|p| format!("in {p}"))),
            Kind::Unit | Kind::Class => None,
        };
        out.push(item(s, detail, rank));
    }
}

/// Every unit, the metric's own first (preselected), then the others of
/// its dimension.
fn units(a: &Analysis, metric: Option<&crate::model::Metric>, out: &mut Vec<lsp::CompletionItem>) {
    let own = metric.and_then(|m| m.unit.as_deref());
    let dimension = own
        .and_then(|u| a.model.units.iter().find(|x| x.id == u))
        .map(|u| u.dimension.as_str());
    for s in a.index.of_kind(Kind::Unit) {
        if s.origin == Origin::Undeclared {
            continue;
        }
        let info = a.model.units.iter().find(|u| u.id == s.name);
        let same = info.is_some_and(|u| Some(u.dimension.as_str()) == dimension);
        let (rank, detail) = match (own, metric) {
            (Some(u), Some(m)) if u == s.name => ("0", format!("the unit of {}", m.id)),
            _ => (
                if same { "1" } else { "3" },
                info.map_or_else(
                    || "unit".to_string(),
                    |u| format!("unit of {}", u.dimension),
                ),
            ),
        };
        let mut c = item(s, Some(detail), rank);
        c.preselect = (rank == "0").then_some(true);
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contexts() {
        assert_eq!(context_of("  "), Context::StatementStart);
        assert_eq!(context_of("  le"), Context::StatementStart);
        assert_eq!(context_of("  by 2012: 床位 >= 150"), Context::AfterNumber);
        assert_eq!(context_of("  by 2012: 床位 >= 150万"), Context::AfterNumber);
        assert_eq!(context_of("  lead 市"), Context::Agencies);
        assert_eq!(context_of("  牵头 市经贸委, 市"), Context::Agencies);
        assert_eq!(context_of("  support "), Context::Agencies);
        assert_eq!(context_of("  by 2012: 床"), Context::TargetBody);
        assert_eq!(context_of("metric x: "), Context::Anywhere);
        assert_eq!(context_of("  by 2012"), Context::Anywhere);
    }
}
