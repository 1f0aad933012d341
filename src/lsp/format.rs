//! Formatting through `planc fmt`'s formatter.

use super::position::LineMap;
use crate::span::Span;
use lsp_types as lsp;

/// The edit that formats `text`: none when it is formatted already; the
/// syntax errors' summary when it cannot be formatted (the formatter
/// refuses a file whose meaning it does not know).
pub fn format(text: &str) -> Result<Vec<lsp::TextEdit>, String> {
    match crate::fmt::format_source(text) {
        Ok(formatted) if formatted == text => Ok(Vec::new()),
        Ok(formatted) => {
            let map = LineMap::new(text);
            Ok(vec![lsp::TextEdit {
                range: map.range(text, Span::new(0, text.len())),
                new_text: formatted,
            }])
        }
        Err(diags) => Err(format!(
            "planc fmt cannot format a plan with syntax errors ({} found; the first: {})",
            diags.len(),
            diags.first().map_or("", |d| d.message.as_str())
        )),
    }
}
