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
    pub help: Option<String>,
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
        help: diag.help.clone(),
    }
}
