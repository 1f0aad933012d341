//! Problems found in data files, kept cheap while streaming and turned into
//! diagnostics only when they are shown.
//!
//! A CSV row is read as decoded fields, which no longer know where they
//! stood in the file. A problem therefore records the row's byte offset and
//! the field's index; [`Problem::to_diagnostic`] finds the cell's exact span
//! in the file text, which is read again only when there is something to
//! report, and then only as far as the problems shown need
//! ([`super::FileReport::diagnostics_from`]).

use super::cells;
use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;
use crate::span::Span;

/// Where in a data file a problem lies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Field `field` (0-based) of the CSV record starting at byte `record`.
    Cell {
        /// The record's first byte.
        record: u64,
        /// The field, 0-based.
        field: u32,
    },
    /// The first character of a CSV cell, e.g. a quote that never closes.
    CellStart {
        /// The record's first byte.
        record: u64,
        /// The field, 0-based.
        field: u32,
    },
    /// The whole CSV record starting at byte `record`.
    Record(u64),
    /// The bytes `start..end` (JSON data).
    Bytes {
        /// The first byte.
        start: u64,
        /// The byte after the last.
        end: u64,
    },
    /// Cell `column` of row `row` (both 0-based) of the worksheet read.
    SheetCell {
        /// 0-based row.
        row: u32,
        /// 0-based column.
        column: u32,
    },
    /// Row `row` (0-based) of the worksheet read.
    SheetRow(u32),
    /// Field `field` of the CSV record that starts line `line` (1-based):
    /// where a figure was first given, kept as a line rather than an
    /// offset (see [`super::store::Origin`]).
    LineCell {
        /// The record's first line, 1-based.
        line: u64,
        /// The field, 0-based.
        field: u32,
    },
    /// The JSON value (number, string or literal) starting at this byte.
    Token(u64),
    /// The file as a whole.
    File,
}

impl Place {
    /// The file offset the place starts at; `None` for the whole file.
    pub fn offset(self) -> Option<u64> {
        match self {
            Place::Cell { record, .. }
            | Place::CellStart { record, .. }
            | Place::Record(record) => Some(record),
            Place::Bytes { start, .. } | Place::Token(start) => Some(start),
            Place::SheetCell { .. } | Place::SheetRow(_) => None,
            Place::LineCell { .. } | Place::File => None,
        }
    }

    /// The worksheet cell or row of a place in spreadsheet data.
    pub fn cell(self, sheet: &str) -> Option<crate::diag::CellRef> {
        let (row, column) = match self {
            Place::SheetCell { row, column } => (row, Some(column.saturating_add(1))),
            Place::SheetRow(row) => (row, None),
            _ => return None,
        };
        Some(crate::diag::CellRef {
            sheet: sheet.to_string(),
            row: row.saturating_add(1),
            column,
        })
    }
}

/// How much of a data file was read back to point into it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reach {
    /// The whole file.
    Whole,
    /// Its first bytes only: places past them get no position.
    Prefix,
    /// Nothing (it could not be read again): no place gets a position.
    Nothing,
}

/// A problem with a data file, kept as offsets until it is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// Its diagnostic code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub place: Place,
    /// Text under the primary label.
    pub label: String,
    /// How to fix it, when known.
    pub help: Option<String>,
    /// A second place in the same file, e.g. the first of two conflicting rows.
    pub related: Option<(Place, String)>,
}

impl Problem {
    /// A problem at `place`.
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

    /// Adds a help.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Sets the help, or none.
    pub fn help_opt(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// Points at a second place, with a label.
    pub fn related(mut self, place: Place, label: impl Into<String>) -> Self {
        self.related = Some((place, label.into()));
        self
    }

    /// The diagnostic, with spans resolved against the file's text.
    pub fn to_diagnostic(&self, file: &SourceFile) -> Diagnostic {
        self.locate(file, Reach::Whole)
    }

    /// The diagnostic, with spans resolved against as much of the file as
    /// `file` holds. A place beyond it keeps its byte offset in the message.
    pub fn locate(&self, file: &SourceFile, reach: Reach) -> Diagnostic {
        let mut diag = Diagnostic::new(self.code, self.message.clone());
        match resolve(self.place, &file.text, reach) {
            Ok(Some(span)) => diag = diag.label(span, self.label.clone()),
            Ok(None) => {}
            Err(at) => {
                diag.message = format!("{} (at byte {at} of the file)", diag.message);
            }
        }
        if let Some((place, label)) = &self.related {
            if let Ok(Some(span)) = resolve(*place, &file.text, reach) {
                diag = diag.label(span, label.clone());
            }
        }
        diag.help = self.help.clone();
        diag
    }

    /// The diagnostic of a problem in spreadsheet data, pointing at the
    /// cells of worksheet `sheet`.
    pub fn in_sheet(&self, sheet: &str) -> Diagnostic {
        let mut diag = Diagnostic::new(self.code, self.message.clone());
        if let Some(cell) = self.place.cell(sheet) {
            diag = diag.cell(cell, self.label.clone());
        }
        if let Some((place, label)) = &self.related {
            if let Some(cell) = place.cell(sheet) {
                diag = diag.cell(cell, label.clone());
            }
        }
        diag.help = self.help.clone();
        diag
    }
}

/// The span of a place in `text`: `Ok(None)` for the whole file, `Err`
/// with the offset for a place `text` does not reach.
fn resolve(place: Place, text: &str, reach: Reach) -> Result<Option<Span>, u64> {
    if reach == Reach::Nothing && matches!(place, Place::LineCell { .. }) {
        return Ok(None);
    }
    if let Some(at) = place.offset() {
        let beyond = match reach {
            Reach::Whole => false,
            Reach::Prefix => at >= text.len() as u64,
            Reach::Nothing => true,
        };
        if beyond {
            return Err(at);
        }
    }
    Ok(span_in(place, text))
}

fn span_in(place: Place, text: &str) -> Option<Span> {
    let clamp = |at: u64| usize::try_from(at).unwrap_or(usize::MAX).min(text.len());
    match place {
        Place::Cell { record, field } => Some(cells::cell(text, clamp(record), field as usize)),
        Place::CellStart { record, field } => {
            let span = cells::cell(text, clamp(record), field as usize);
            let width = text
                .get(span.range())
                .and_then(|t| t.chars().next())
                .map_or(0, char::len_utf8);
            let start = span.start as usize;
            Some(Span::new(start, start.saturating_add(width)))
        }
        Place::Record(record) => Some(cells::record(text, clamp(record))),
        Place::Bytes { start, end } => Some(Span::new(clamp(start), clamp(end))),
        Place::LineCell { line, field } => {
            Some(cells::cell(text, line_start(text, line)?, field as usize))
        }
        Place::Token(start) => {
            let start = clamp(start);
            let rest = text.get(start..)?;
            Some(Span::new(start, start.saturating_add(token_len(rest))))
        }
        Place::SheetCell { .. } | Place::SheetRow(_) | Place::File => None,
    }
}

/// The length of the JSON value `text` starts with: a string to its
/// closing quote, anything else to the next delimiter.
fn token_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    if bytes.first() != Some(&b'"') {
        return bytes
            .iter()
            .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n'))
            .unwrap_or(bytes.len());
    }
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(1) {
        match b {
            _ if escaped => escaped = false,
            b'\\' => escaped = true,
            b'"' => return i.saturating_add(1),
            _ => {}
        }
    }
    bytes.len()
}

/// Where 1-based line `line` starts; `None` past the text's last line.
/// Lines end at `\n`, as the CSV and JSON readers count them.
fn line_start(text: &str, line: u64) -> Option<usize> {
    let skip = usize::try_from(line.checked_sub(1)?).ok()?;
    if skip == 0 {
        return Some(0);
    }
    memchr::memchr_iter(b'\n', text.as_bytes())
        .nth(skip.saturating_sub(1))
        .map(|i| i.saturating_add(1))
        .filter(|&i| i < text.len())
}
