//! Diagnostics as data.
//!
//! Every stage returns `Diagnostic` values: a code, a message, labelled spans
//! and help. They become text (miette), JSON or SARIF only at the edge, in
//! `render` and `json`, so an editor or a dashboard gets the same facts the
//! terminal shows.

mod code;
pub mod json;
pub mod render;
pub mod sarif;

pub use code::{Code, Severity};

use crate::span::Span;

/// Text under a span of the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    /// What it underlines.
    pub span: Span,
    /// What it says there.
    pub message: String,
}

/// One finding: a code, a message, labelled spans and a help.
///
/// Stages return these as data; the text for people, JSON and SARIF are
/// made only when they are shown ([`render`], [`json`], [`sarif`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    /// Its stable code.
    pub code: Code,
    /// Its severity: the code's.
    pub severity: Severity,
    /// What is wrong.
    pub message: String,
    /// The first label is the primary one: the exact text at fault.
    pub labels: Vec<Label>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

impl Diagnostic {
    /// A diagnostic with no label yet, of the code's severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
        }
    }

    /// Adds a label; the first is the primary one.
    pub fn label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Sets the help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// E0900: an invariant of planc itself failed at `span`. The message
    /// says what, and asks for a report; the run fails rather than write
    /// output that might be wrong.
    pub fn internal(span: Span, what: &str) -> Self {
        Diagnostic::new(Code::Internal, format!("internal error: {what}"))
            .label(span, "planc failed here")
            .help("this is a bug in planc, not in the plan: please report it with the file that triggers it (`planc explain E0900`)")
    }

    /// The primary label's span.
    pub fn primary_span(&self) -> Option<Span> {
        self.labels.first().map(|l| l.span)
    }

    /// Whether it is an error.
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

/// Whether any of `diags` is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}

/// Keeps the first `cap` diagnostics by position and counts the rest, so a
/// file with a hundred thousand errors costs no more memory than its cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    /// Errors left out.
    pub errors: usize,
    /// Warnings left out.
    pub warnings: usize,
}

impl Omitted {
    /// Trims `diags` to `cap` when it has grown well past it: cheap enough
    /// to call after every item.
    pub fn trim(&mut self, diags: &mut Vec<Diagnostic>, cap: usize) {
        if diags.len() > cap.saturating_mul(2).max(4096) {
            self.cut(diags, cap);
        }
    }

    /// Sorts `diags` and cuts them to `cap`, counting what is cut.
    pub fn cut(&mut self, diags: &mut Vec<Diagnostic>, cap: usize) {
        sort(diags);
        for d in diags.drain(cap.min(diags.len())..) {
            match d.severity {
                Severity::Error => self.errors += 1,
                Severity::Warning => self.warnings += 1,
            }
        }
    }
}
