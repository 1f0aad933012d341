//! planc's diagnostics as LSP diagnostics.

use super::analysis::Analysis;
use crate::diag::{Diagnostic, Severity};
use lsp_types as lsp;
use std::str::FromStr;

/// At most this many diagnostics are published for one document; a last
/// one says how many more `planc check` would show.
pub const MAX_PUBLISHED: usize = 1000;

/// Where a code's explanation page lives: `{base}E0101.md`.
#[derive(Clone, Debug, Default)]
pub struct DocsLink {
    base: Option<String>,
}

impl DocsLink {
    /// Links under `base` (a URI ending in `/`), e.g. the `docs/errors/`
    /// folder of the repository on the web.
    pub fn new(base: Option<String>) -> Self {
        DocsLink { base }
    }

    /// The pages of the source tree planc was built from, when they are
    /// still there: a build from a checkout links to its own docs.
    pub fn source_tree() -> Self {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/errors");
        let base = dir
            .is_dir()
            .then(|| format!("{}/", crate::diag::sarif::uri(&dir.to_string_lossy())));
        DocsLink { base }
    }

    /// The page explaining `code`, when a base address is known.
    pub fn href(&self, code: &str) -> Option<lsp::Uri> {
        let base = self.base.as_ref()?;
        lsp::Uri::from_str(&format!("{base}{code}.md")).ok()
    }
}

/// The published diagnostics of an analysis.
pub fn publish(a: &Analysis, uri: &lsp::Uri, docs: &DocsLink) -> Vec<lsp::Diagnostic> {
    let mut out: Vec<lsp::Diagnostic> = a
        .diagnostics
        .iter()
        .take(MAX_PUBLISHED)
        .map(|d| convert(a, d, uri, docs))
        .collect();
    let more = a.diagnostics.len().saturating_sub(MAX_PUBLISHED);
    if let (true, Some(last)) = (more > 0, a.diagnostics.get(MAX_PUBLISHED)) {
        let mut d = convert(a, last, uri, docs);
        d.message =
            format!("{more} more problems are not shown here: run `planc check` to see them all");
        d.severity = Some(lsp::DiagnosticSeverity::INFORMATION);
        d.code = None;
        d.code_description = None;
        d.related_information = None;
        out.push(d);
    }
    out
}

/// One diagnostic: the primary label is its range, the other labels its
/// related information, the help follows the message.
pub fn convert(a: &Analysis, d: &Diagnostic, uri: &lsp::Uri, docs: &DocsLink) -> lsp::Diagnostic {
    let range = d
        .primary_span()
        .map(|s| a.lines.range(&a.text, s))
        .unwrap_or_default();
    let mut message = d.message.clone();
    if let Some(label) = d.labels.first().filter(|l| !l.message.is_empty()) {
        message.push_str(&format!(": {}", label.message));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .labels
        .iter()
        .skip(1)
        .map(|l| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: a.lines.range(&a.text, l.span),
            },
            message: l.message.clone(),
        })
        .collect();
    lsp::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => lsp::DiagnosticSeverity::ERROR,
            Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        }),
        code: Some(lsp::NumberOrString::String(d.code.as_str().to_string())),
        code_description: docs
            .href(d.code.as_str())
            .map(|href| lsp::CodeDescription { href }),
        source: Some("planc".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
