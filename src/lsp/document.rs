//! The open documents: their current text, applied change by change, and
//! the last analysis that finished for each.

use super::analysis::Analysis;
use super::position::LineMap;
use lsp_types::{TextDocumentContentChangeEvent, Uri};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// One open document.
pub struct Document {
    /// The current text.
    pub text: String,
    /// The client's version of it.
    pub version: i32,
    /// Bumped on every change; an analysis of an older generation is stale
    /// and is dropped (and stops early if it is still running).
    pub generation: Arc<AtomicU64>,
    /// The last analysis that finished for a current text. Requests are
    /// answered from it while a newer one runs.
    pub analysis: Option<Arc<Analysis>>,
}

impl Document {
    /// A document just opened.
    pub fn new(text: String, version: i32) -> Self {
        Document {
            text,
            version,
            generation: Arc::new(AtomicU64::new(0)),
            analysis: None,
        }
    }

    /// Applies the client's changes in order: each range is in the text as
    /// the changes before it left it. A change without a range replaces
    /// the whole text.
    pub fn apply(&mut self, changes: Vec<TextDocumentContentChangeEvent>, version: i32) {
        for change in changes {
            match change.range {
                None => self.text = change.text,
                Some(range) => {
                    let map = LineMap::new(&self.text);
                    let span = map.span(&self.text, range);
                    self.text.replace_range(span.range(), &change.text);
                }
            }
        }
        self.version = version;
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// Its current generation.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }
}

/// Open documents by URI.
#[derive(Default)]
pub struct Documents {
    /// By URI text: a `Uri` caches its parts inside, so it is no map key.
    docs: HashMap<String, Document>,
}

impl Documents {
    /// Opens `uri` with `text`. Opening it again replaces the text and
    /// makes any check of the old one stale.
    pub fn open(&mut self, uri: &Uri, text: String, version: i32) {
        match self.docs.get_mut(uri.as_str()) {
            Some(doc) => {
                doc.text = text;
                doc.version = version;
                doc.analysis = None;
                doc.generation.fetch_add(1, Ordering::SeqCst);
            }
            None => {
                self.docs
                    .insert(uri.as_str().to_string(), Document::new(text, version));
            }
        }
    }

    /// The open document at `uri`.
    pub fn get(&self, uri: &Uri) -> Option<&Document> {
        self.docs.get(uri.as_str())
    }

    /// The open document at `uri`, to change.
    pub fn get_mut(&mut self, uri: &Uri) -> Option<&mut Document> {
        self.docs.get_mut(uri.as_str())
    }

    /// Forgets the document at `uri`.
    pub fn close(&mut self, uri: &Uri) -> Option<Document> {
        self.docs.remove(uri.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    fn change(l0: u32, c0: u32, l1: u32, c1: u32, text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position {
                    line: l0,
                    character: c0,
                },
                end: Position {
                    line: l1,
                    character: c1,
                },
            }),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn incremental_changes_apply_in_order_on_cjk_lines() {
        let mut d = Document::new("lead 市经贸委\nx 𠀀 y\n".to_string(), 1);
        // 贸 → 茂, then insert after 𠀀 (two UTF-16 units) on line 2.
        d.apply(vec![change(0, 7, 0, 8, "茂"), change(1, 4, 1, 4, "!")], 2);
        assert_eq!(d.text, "lead 市经茂委\nx 𠀀! y\n");
        assert_eq!(d.version, 2);
        assert_eq!(d.generation(), 1);
        d.apply(vec![change(0, 0, 2, 0, "")], 3);
        assert_eq!(d.text, "");
    }
}
