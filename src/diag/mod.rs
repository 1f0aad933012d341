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

#[derive(Clone, Debug, PartialEq)]
pub struct Label {
    pub span: Span,
    pub message: String,
}

/// A knowable fix: replace the text at `span` with `replacement` (an
/// empty span inserts, an empty replacement deletes). Editors offer it as
/// a quick fix; `title` says what it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    pub title: String,
    pub span: Span,
    pub replacement: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub message: String,
    /// The first label is the primary one: the exact text at fault.
    pub labels: Vec<Label>,
    pub help: Option<String>,
    /// Edits that repair the fault, when one is knowable (a full-width
    /// comma, a name one edit away from a declared one). Each is a
    /// complete repair on its own.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            labels: Vec::new(),
            help: None,
            fixes: Vec::new(),
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

    /// Offers `replacement` for the text at `span` as a fix.
    pub fn fix(
        mut self,
        title: impl Into<String>,
        span: Span,
        replacement: impl Into<String>,
    ) -> Self {
        self.fixes.push(Fix {
            title: title.into(),
            span,
            replacement: replacement.into(),
        });
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

/// Keeps the first `cap` diagnostics by position and counts the rest, so a
/// file with a hundred thousand errors costs no more memory than its cap.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Omitted {
    pub errors: usize,
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
