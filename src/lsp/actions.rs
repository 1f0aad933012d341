//! Quick fixes: the fixes diagnostics carry (full-width punctuation,
//! did-you-mean names and keywords), and a declaration for an agency or
//! metric that has none.

use super::analysis::Analysis;
use super::diagnostics::{convert, DocsLink};
use crate::check::suggest::written_as;
use crate::diag::{Code, Diagnostic};
use crate::index::{Kind, Role};
use crate::span::Span;
use crate::syntax::scan::Scanner;
use lsp_types as lsp;
use std::collections::HashMap;

/// The quick fixes for the diagnostics whose primary range meets `range`.
pub fn code_actions(
    a: &Analysis,
    uri: &lsp::Uri,
    range: Span,
    docs: &DocsLink,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut out = Vec::new();
    for d in &a.diagnostics {
        let Some(at) = d.primary_span() else { continue };
        if at.end < range.start || range.end < at.start {
            continue;
        }
        let shown = convert(a, d, uri, docs);
        for (i, fix) in d.fixes.iter().enumerate() {
            out.push(action(
                a,
                uri,
                fix.title.clone(),
                vec![(fix.span, fix.replacement.clone())],
                &shown,
                i == 0,
            ));
        }
        if let Some((title, edit)) = declaration(a, d) {
            out.push(action(
                a,
                uri,
                title,
                vec![edit],
                &shown,
                d.fixes.is_empty(),
            ));
        }
    }
    out
}

fn action(
    a: &Analysis,
    uri: &lsp::Uri,
    title: String,
    edits: Vec<(Span, String)>,
    diagnostic: &lsp::Diagnostic,
    preferred: bool,
) -> lsp::CodeActionOrCommand {
    let edits = edits
        .into_iter()
        .map(|(span, new_text)| lsp::TextEdit {
            range: a.lines.range(&a.text, span),
            new_text,
        })
        .collect();
    lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
        title,
        kind: Some(lsp::CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(lsp::WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), edits)])),
            document_changes: None,
            change_annotations: None,
        }),
        command: None,
        is_preferred: Some(preferred),
        disabled: None,
        data: None,
    })
}

/// `agency X` or `metric X: …` for an unknown agency or metric, inserted
/// after the last declaration of its kind.
fn declaration(a: &Analysis, d: &Diagnostic) -> Option<(String, (Span, String))> {
    let kind = match d.code {
        Code::UnknownAgency => Kind::Agency,
        Code::UnknownMetric => Kind::Metric,
        _ => return None,
    };
    let at = d.primary_span()?;
    let o = a.index.at(at.start as usize).filter(|o| o.span == at)?;
    let name = &a.index.symbol(o.symbol)?.name;
    let written = written_as(name, o.quoted);
    let (title, text) = match kind {
        Kind::Agency => (
            format!("declare agency `{name}`"),
            format!("agency {written}"),
        ),
        _ => {
            let what = metric_shape(a, at);
            (
                format!("declare metric `{name}` ({what})"),
                format!("metric {written}: {what}"),
            )
        }
    };
    let offset = insertion_point(a, kind);
    let text = if offset == a.text.len() && !a.text.is_empty() && !a.text.ends_with('\n') {
        format!("\n{text}\n")
    } else {
        format!("{text}\n")
    };
    Some((title, (Span::new(offset, offset), text)))
}

/// A new metric's kind and unit, from the target that uses it: a
/// milestone when it is `done`, else a stock in the unit written after it.
fn metric_shape(a: &Analysis, name: Span) -> String {
    let line_end = a
        .text
        .get(name.end as usize..)
        .and_then(|rest| rest.find('\n'))
        .map_or(a.text.len(), |i| name.end as usize + i);
    let rest = a.text.get(name.end as usize..line_end).unwrap_or("");
    let done = rest
        .split_whitespace()
        .next()
        .is_some_and(|w| w == "done" || w == "完成");
    if done {
        return "milestone".to_string();
    }
    let unit = a
        .index
        .occurrences()
        .iter()
        .filter(|o| o.span.start >= name.end && (o.span.end as usize) <= line_end)
        .filter_map(|o| a.index.symbol(o.symbol))
        .find(|s| s.kind == Kind::Unit)
        .map_or("项", |s| s.name.as_str());
    format!("stock {unit}")
}

/// Where a declaration of `kind` goes: on the line after the statement
/// that declares the last one, else before the first declaration or
/// block of the plan, else at the end.
fn insertion_point(a: &Analysis, kind: Kind) -> usize {
    let last = a
        .index
        .occurrences()
        .iter()
        .filter(|o| o.role == Role::Definition)
        .filter(|o| a.index.symbol(o.symbol).is_some_and(|s| s.kind == kind))
        .map(|o| o.span.start)
        .max();
    let first_decl = a
        .index
        .occurrences()
        .iter()
        .filter(|o| o.role == Role::Definition)
        .map(|o| o.span.start)
        .chain(a.outline.first().map(|o| o.span.start))
        .min();
    match (last, first_decl) {
        (Some(at), _) => after_statement(&a.text, at),
        (None, Some(at)) => a
            .text
            .get(..at as usize)
            .and_then(|s| s.rfind('\n'))
            .map_or(0, |i| i + 1),
        (None, None) => a.text.len(),
    }
}

/// The start of the line after the statement holding byte `at` (its
/// trailing comment included).
fn after_statement(text: &str, at: u32) -> usize {
    let end = Scanner::new(text)
        .find(|raw| raw.span.start <= at && at < raw.span.end)
        .map_or(at, |raw| raw.trailing.map_or(raw.span.end, |c| c.end));
    text.get(end as usize..)
        .and_then(|rest| rest.find('\n'))
        .map_or(text.len(), |i| end as usize + i + 1)
}
