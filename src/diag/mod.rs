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

/// A knowable fix: replace the text at `span` with `replacement` (an
/// empty span inserts, an empty replacement deletes). Editors offer it as
/// a quick fix; `title` says what it does.
#[derive(Clone, Debug, PartialEq)]
pub struct Fix {
    /// What it does: `write \`市经贸委\``.
    pub title: String,
    /// The text it replaces.
    pub span: Span,
    /// The new text.
    pub replacement: String,
}

/// A cell, or a whole row, of a worksheet: where a problem in spreadsheet
/// data lies, since a workbook has no text to point into.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellRef {
    /// The sheet's name.
    pub sheet: String,
    /// 1-based, as the spreadsheet numbers rows.
    pub row: u32,
    /// 1-based (A is 1); `None` for the whole row.
    pub column: Option<u32>,
}

impl CellRef {
    /// The cell's name in A1 notation: `C4`, or `4:4` for a whole row.
    pub fn a1(&self) -> String {
        match self.column {
            Some(c) => format!("{}{}", column_letters(c), self.row),
            None => format!("{0}:{0}", self.row),
        }
    }
}

/// `指标!C4`, as a spreadsheet writes a reference; a sheet name with
/// spaces or punctuation is quoted (`'my sheet'!C4`).
impl std::fmt::Display for CellRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plain = !self.sheet.is_empty()
            && self
                .sheet
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
        if plain {
            write!(f, "{}!{}", self.sheet, self.a1())
        } else {
            write!(f, "'{}'!{}", self.sheet.replace('\'', "''"), self.a1())
        }
    }
}

/// `1` → `A`, `27` → `AA`.
pub fn column_letters(column: u32) -> String {
    let mut n = column;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A cell at fault and what is wrong with it.
#[derive(Clone, Debug, PartialEq)]
pub struct CellLabel {
    /// The cell.
    pub cell: CellRef,
    /// What is wrong with it.
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
    /// For spreadsheet data: the cells at fault, the primary one first.
    pub cells: Vec<CellLabel>,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// Edits that repair the fault, when one is knowable (a full-width
    /// comma, a name one edit away from a declared one). Each is a
    /// complete repair on its own.
    pub fixes: Vec<Fix>,
}

impl Diagnostic {
    /// A diagnostic with no label yet, of the code's severity.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            code,
            severity: code.severity(),
            message: message.into(),
            labels: Vec::new(),
            cells: Vec::new(),
            help: None,
            fixes: Vec::new(),
        }
    }

    /// Adds a worksheet cell at fault; the first is the primary one.
    pub fn cell(mut self, cell: CellRef, message: impl Into<String>) -> Self {
        self.cells.push(CellLabel {
            cell,
            message: message.into(),
        });
        self
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
