//! Diagnostics as JSON, for editors, CI and `--format json`.
//!
//! Positions: `line` and `column` are 1-based; columns count Unicode scalar
//! values (characters). `span` is the byte range `[start, end)`.

use super::Diagnostic;
use crate::source::SourceFile;
use serde::Serialize;

#[derive(Serialize)]
pub struct JsonRange {
    pub start: u32,
    pub end: u32,
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
}

#[derive(Serialize)]
pub struct JsonLabel {
    pub message: String,
    pub span: JsonRange,
}

#[derive(Serialize)]
pub struct JsonDiagnostic {
    pub code: &'static str,
    pub severity: &'static str,
    pub message: String,
    pub file: String,
    /// Start of the primary label; absent for file-level diagnostics.
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub span: Option<JsonRange>,
    pub labels: Vec<JsonLabel>,
    /// Spreadsheet data: the cells at fault, the primary one first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<JsonCell>,
    pub help: Option<String>,
}

/// A worksheet cell: `{"sheet": "指标", "cell": "C4", "row": 4, "column": 3}`;
/// a whole row has `"cell": "4:4"` and no column.
#[derive(Serialize)]
pub struct JsonCell {
    pub sheet: String,
    pub cell: String,
    pub row: u32,
    pub column: Option<u32>,
    pub message: String,
}

pub fn range(file: &SourceFile, span: crate::span::Span) -> JsonRange {
    let a = file.line_col(span.start as usize);
    let b = file.line_col(span.end as usize);
    JsonRange {
        start: span.start,
        end: span.end,
        line: a.line,
        column: a.column,
        end_line: b.line,
        end_column: b.column,
    }
}

pub fn to_json(diag: &Diagnostic, file: &SourceFile) -> JsonDiagnostic {
    let primary = diag.primary_span().map(|s| range(file, s));
    JsonDiagnostic {
        code: diag.code.as_str(),
        severity: diag.severity.as_str(),
        message: diag.message.clone(),
        file: file.name.clone(),
        line: primary.as_ref().map(|r| r.line),
        column: primary.as_ref().map(|r| r.column),
        span: primary,
        labels: diag
            .labels
            .iter()
            .map(|l| JsonLabel {
                message: l.message.clone(),
                span: range(file, l.span),
            })
            .collect(),
        cells: diag
            .cells
            .iter()
            .map(|c| JsonCell {
                sheet: c.cell.sheet.clone(),
                cell: c.cell.a1(),
                row: c.cell.row,
                column: c.cell.column,
                message: c.message.clone(),
            })
            .collect(),
        help: diag.help.clone(),
    }
}
