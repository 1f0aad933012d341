//! Human-readable rendering through miette.

use super::{Diagnostic, Severity};
use crate::source::SourceFile;
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use std::fmt;

/// How to draw diagnostics for a person.
#[derive(Clone, Copy, Debug)]
pub struct Style {
    /// Colour the output (ANSI).
    pub color: bool,
    /// Wrap at this many columns.
    pub width: usize,
}

impl Style {
    /// No colour, fixed width: what snapshots and pipes get.
    pub fn plain() -> Self {
        Style {
            color: false,
            width: 100,
        }
    }
}

/// Renders one diagnostic against its file. Never fails: a rendering error
/// falls back to a one-line form.
pub fn render(diag: &Diagnostic, file: &SourceFile, style: Style) -> String {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_links(false)
        .with_context_lines(1);
    let mut out = String::new();
    if !diag.cells.is_empty() {
        // A workbook has no text to show: name the cells under the message.
        let at = diag
            .cells
            .iter()
            .map(|c| {
                if c.message.is_empty() {
                    c.cell.to_string()
                } else {
                    format!("{} ({})", c.cell, c.message)
                }
            })
            .collect::<Vec<_>>()
            .join("; ");
        let placed = Diagnostic {
            message: format!("{}\nat {}: {at}", diag.message, file.name),
            ..diag.clone()
        };
        if handler
            .render_report(&mut out, &Report::new(&placed, file))
            .is_err()
        {
            out = one_line(diag, file);
        }
        return out;
    }
    if has_huge_line(diag, file) {
        // miette prints whole lines: a megabyte-long one would bury the
        // message. Say where instead.
        let short = Diagnostic {
            labels: Vec::new(),
            message: format!("{} (at {})", diag.message, location(diag, file)),
            ..diag.clone()
        };
        if handler
            .render_report(&mut out, &Report::new(&short, file))
            .is_err()
        {
            out = one_line(diag, file);
        }
        return out;
    }
    if handler
        .render_report(&mut out, &Report::new(diag, file))
        .is_err()
    {
        out = one_line(diag, file);
    }
    out
}

/// Lines longer than this are not shown in a rendered diagnostic.
const MAX_SHOWN_LINE: usize = 1000;

fn has_huge_line(diag: &Diagnostic, file: &SourceFile) -> bool {
    let text = file.text.as_bytes();
    diag.labels.iter().any(|l| {
        let (start, end) = (l.span.start as usize, l.span.end as usize);
        let line_start = text
            .get(..start.min(text.len()))
            .and_then(|t| t.iter().rposition(|&b| b == b'\n'))
            .map_or(0, |p| p + 1);
        let line_end = text
            .get(end.min(text.len())..)
            .and_then(|t| t.iter().position(|&b| b == b'\n'))
            .map_or(text.len(), |p| end + p);
        line_end.saturating_sub(line_start) > MAX_SHOWN_LINE
    })
}

fn location(diag: &Diagnostic, file: &SourceFile) -> String {
    if let Some(c) = diag.cells.first() {
        return format!("{}: {}", file.name, c.cell);
    }
    match diag.primary_span() {
        Some(s) => {
            let lc = file.line_col(s.start as usize);
            format!("{}:{}:{}", file.name, lc.line, lc.column)
        }
        None => file.name.clone(),
    }
}

/// `file:line:col: error[E0101]: message`, for logs and `--format short`.
pub fn one_line(diag: &Diagnostic, file: &SourceFile) -> String {
    format!(
        "{}: {}[{}]: {}",
        location(diag, file),
        diag.severity.as_str(),
        diag.code.as_str(),
        diag.message
    )
}

struct Report<'a> {
    diag: &'a Diagnostic,
    source: Named<'a>,
}

impl<'a> Report<'a> {
    fn new(diag: &'a Diagnostic, file: &'a SourceFile) -> Self {
        Report {
            diag,
            source: Named { file },
        }
    }
}

/// A borrowed, named source: miette's `NamedSource` wants to own its text,
/// and a large plan should not be copied once per diagnostic.
///
/// It also fixes miette's positions: for `&str` miette counts columns in
/// bytes, which puts the `[file:line:col]` header of an error on a Chinese
/// line several columns to the right of what `--format short`, JSON and
/// SARIF say. Line and column come from the file's one [`LineIndex`]
/// instead, so every output format agrees.
///
/// [`LineIndex`]: crate::span::LineIndex
struct Named<'a> {
    file: &'a SourceFile,
}

impl SourceCode for Named<'_> {
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let c = self.file.text.as_str().read_span(span, before, after)?;
        // With context lines, miette's contents start at a line start and
        // its column is 0; without (the header's call), the contents start
        // at the span. Either way the offset gives the position.
        let at = self.file.line_col(c.span().offset());
        Ok(Box::new(MietteSpanContents::new_named(
            self.file.name.clone(),
            c.data(),
            *c.span(),
            at.line.saturating_sub(1) as usize,
            at.column.saturating_sub(1) as usize,
            c.line_count(),
        )))
    }
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(format!("planc::{}", self.diag.code.as_str())))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.diag
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        if self.diag.labels.is_empty() {
            None
        } else {
            Some(&self.source)
        }
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.diag.labels.is_empty() {
            return None;
        }
        Some(Box::new(self.diag.labels.iter().enumerate().map(
            |(i, l)| {
                let text = (!l.message.is_empty()).then(|| l.message.clone());
                if i == 0 {
                    LabeledSpan::new_primary_with_span(text, l.span)
                } else {
                    LabeledSpan::new_with_span(text, l.span)
                }
            },
        )))
    }
}
