//! Problems found in data files, kept cheap while streaming and turned into
//! diagnostics only when they are shown.
//!
//! A CSV row is read as decoded fields, which no longer know where they
//! stood in the file. A problem therefore records the row's byte offset and
//! the field's index; [`Problem::to_diagnostic`] finds the cell's exact span
//! in the file text, which is read again only when there is something to
//! report.

use super::cells;
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::span::Span;

/// Where in a data file a problem lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Field `field` (0-based) of the CSV record starting at byte `record`.
    Cell { record: u64, field: u32 },
    /// The first character of a CSV cell, e.g. a quote that never closes.
    CellStart { record: u64, field: u32 },
    /// The whole CSV record starting at byte `record`.
    Record(u64),
    /// A known byte span (JSON data).
    Span(Span),
    /// The file as a whole.
    File,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub code: Code,
    pub message: String,
    pub place: Place,
    /// Text under the primary label.
    pub label: String,
    pub help: Option<String>,
    /// A second place in the same file, e.g. the first of two conflicting rows.
    pub related: Option<(Place, String)>,
}

impl Problem {
    pub fn new(
        code: Code,
        place: Place,
        message: impl Into<String>,
        label: impl Into<String>,
    ) -> Self {
        Problem {
            code,
            message: message.into(),
            place,
            label: label.into(),
            help: None,
            related: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    pub fn related(mut self, place: Place, label: impl Into<String>) -> Self {
        self.related = Some((place, label.into()));
        self
    }

    /// The diagnostic, with spans resolved against the file's text.
    pub fn to_diagnostic(&self, file: &SourceFile) -> Diagnostic {
        let mut diag = Diagnostic::new(self.code, self.message.clone());
        if let Some(span) = resolve(self.place, &file.text) {
            diag = diag.label(span, self.label.clone());
        }
        if let Some((place, label)) = &self.related {
            if let Some(span) = resolve(*place, &file.text) {
                diag = diag.label(span, label.clone());
            }
        }
        diag.help = self.help.clone();
        diag
    }
}

fn resolve(place: Place, text: &str) -> Option<Span> {
    match place {
        Place::Cell { record, field } => Some(cells::cell(text, record as usize, field as usize)),
        Place::CellStart { record, field } => {
            let span = cells::cell(text, record as usize, field as usize);
            let width = text
                .get(span.range())
                .and_then(|t| t.chars().next())
                .map_or(0, char::len_utf8);
            Some(Span::new(span.start as usize, span.start as usize + width))
        }
        Place::Record(record) => Some(cells::record(text, record as usize)),
        Place::Span(span) => Some(span),
        Place::File => None,
    }
}
