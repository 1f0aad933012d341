//! Diagnostics as JSON, for editors, CI and `--format json`.
//!
//! Positions: `line` and `column` are 1-based; columns count Unicode scalar
//! values (characters). `span` is the byte range `[start, end)`.

use super::Diagnostic;
use crate::source::SourceFile;
use serde::Serialize;

/// A span in JSON: byte offsets and 1-based line and column (in characters).
#[derive(Serialize)]
pub struct JsonRange {
    /// First byte.
    pub start: u32,
    /// Byte after the last.
    pub end: u32,
    /// Line of `start`.
    pub line: u32,
    /// Column of `start`.
    pub column: u32,
    /// Line of `end`.
    pub end_line: u32,
    /// Column of `end`.
    pub end_column: u32,
}

/// A label in JSON.
#[derive(Serialize)]
pub struct JsonLabel {
    /// What the label says.
    pub message: String,
    /// What it underlines.
    pub span: JsonRange,
}

/// A diagnostic in the JSON format of docs/diagnostics.md.
#[derive(Serialize)]
pub struct JsonDiagnostic {
    /// The code: `E0101`.
    pub code: &'static str,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// What is wrong.
    pub message: String,
    /// The file's name.
    pub file: String,
    /// Start of the primary label; absent for file-level diagnostics.
    pub line: Option<u32>,
    /// Column of the primary label's start.
    pub column: Option<u32>,
    /// The primary label's span.
    pub span: Option<JsonRange>,
    /// Every label, the primary first.
    pub labels: Vec<JsonLabel>,
    /// Spreadsheet data: the cells at fault, the primary one first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<JsonCell>,
    /// How to fix it, when known.
    pub help: Option<String>,
}

/// A worksheet cell: `{"sheet": "指标", "cell": "C4", "row": 4, "column": 3}`;
/// a whole row has `"cell": "4:4"` and no column.
#[derive(Serialize)]
pub struct JsonCell {
    /// The sheet's name.
    pub sheet: String,
    /// The cell in A1 notation, or `4:4` for a whole row.
    pub cell: String,
    /// 1-based row.
    pub row: u32,
    /// 1-based column (A is 1); absent for a whole row.
    pub column: Option<u32>,
    /// What is wrong with it.
    pub message: String,
}

/// The JSON span of `span` in `file`.
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

/// The JSON form of `diag`, found in `file`.
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
