//! Document symbols: sections, items and parts, nested.

use super::analysis::{Analysis, BlockKind, Outline};
use lsp_types as lsp;

/// The outline as nested document symbols.
pub fn document_symbols(a: &Analysis) -> Vec<lsp::DocumentSymbol> {
    a.outline.iter().map(|o| symbol(a, o)).collect()
}

// `deprecated` is a field of the protocol's type, set to nothing.
#[allow(deprecated)]
fn symbol(a: &Analysis, o: &Outline) -> lsp::DocumentSymbol {
    let (kind, word) = match o.kind {
        BlockKind::Section => (lsp::SymbolKind::NAMESPACE, "section"),
        BlockKind::Item => (lsp::SymbolKind::OBJECT, "item"),
        BlockKind::Part => (lsp::SymbolKind::FIELD, "part"),
    };
    let children: Vec<lsp::DocumentSymbol> = o.children.iter().map(|c| symbol(a, c)).collect();
    lsp::DocumentSymbol {
        name: format!("{} {}", o.ordinal, o.title),
        detail: Some(word.to_string()),
        kind,
        tags: None,
        deprecated: None,
        range: a.lines.range(&a.text, o.span),
        selection_range: a.lines.range(&a.text, o.selection),
        children: (!children.is_empty()).then_some(children),
    }
}
