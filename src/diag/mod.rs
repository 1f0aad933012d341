//! Diagnostics as data.
//!
//! Every stage returns `Diagnostic` values: a code, a message, labelled spans
//! and help. They become text (miette), JSON or SARIF only at the edge, in
//! `render` and `json`, so an editor or a dashboard gets the same facts the
//! terminal shows.

mod code;
pub mod json;
pub mod render;

pub use code::{Code, Severity};

use crate::span::Span;

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The first label is the primary one: the exact text at fault.
    pub labels: Vec<Label>,
    pub help: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Sorts diagnostics by position, errors before warnings at one position,
/// so output is stable whatever order the stages found them in.
pub fn sort(diags: &mut [Diagnostic]) {
    diags.sort_by_key(|d| {
        (
            d.primary_span().map(|s| (s.start, s.end)),
            d.severity,
            d.code,
        )
    });
}

pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
