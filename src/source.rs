//! Loading a source file: bytes to checked UTF-8 text with a line index.

use crate::diag::{Code, Diagnostic};
use crate::span::{LineCol, LineIndex, Span};

/// One plan or data file held in memory.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// The file's name as given (`<stdin>` for standard input).
    pub name: String,
    /// The text, UTF-8.
    pub text: String,
    index: LineIndex,
}

impl SourceFile {
    /// A file named `name` holding `text`.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let index = LineIndex::new(&text);
        SourceFile {
            name: name.into(),
            text,
            index,
        }
    }

    /// Decodes bytes as UTF-8. Invalid UTF-8 becomes a diagnostic with the
    /// byte offset; bytes that read as GBK say so, with the fix.
    pub fn from_bytes(
        name: impl Into<String>,
        bytes: Vec<u8>,
    ) -> Result<Self, Box<(Self, Diagnostic)>> {
        let name = name.into();
        match String::from_utf8(bytes) {
            Ok(text) => Ok(SourceFile::new(name, text)),
            Err(e) => {
                let offset = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                // The label sits just past the valid prefix kept below, so
                // JSON and SARIF give the line and column of the bad byte.
                let diag = encoding_error(&name, &bytes, offset).label(
                    Span::new(offset, offset),
                    "the first byte that is not UTF-8",
                );
                // Keep the valid prefix so the diagnostic can point into it.
                let prefix =
                    String::from_utf8_lossy(bytes.get(..offset).unwrap_or(&[])).into_owned();
                Err(Box::new((SourceFile::new(name, prefix), diag)))
            }
        }
    }

    /// The line and column of a byte offset.
    pub fn line_col(&self, offset: usize) -> LineCol {
        self.index.line_col(&self.text, offset)
    }

    /// The text of `span` (empty if it is not on character boundaries).
    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

fn encoding_error(name: &str, bytes: &[u8], offset: usize) -> Diagnostic {
    let line = 1 + bytes.iter().take(offset).filter(|&&b| b == b'\n').count();
    let mut diag = Diagnostic::new(
        Code::Encoding,
        format!("{name} is not valid UTF-8: invalid byte at offset {offset} (line {line})"),
    );
    if looks_like_gbk(bytes, true) {
        diag.message = format!(
            "{name} appears to be GBK-encoded, not UTF-8 (first non-UTF-8 byte at offset {offset}, line {line})"
        );
        diag = diag.help(format!(
            "convert it to UTF-8, e.g. `iconv -f GBK -t UTF-8 {name} > {name}.utf8`"
        ));
    } else {
        diag = diag.help("save the file as UTF-8");
    }
    diag
}

/// True when the non-ASCII bytes pair up as GBK double-byte characters and
/// most of them fall in the GB2312 hanzi block, as Chinese text does.
/// When `complete` is false, `bytes` is a file's first bytes, and a lead
/// byte at their very end may pair with the next one.
pub(crate) fn looks_like_gbk(bytes: &[u8], complete: bool) -> bool {
    let (mut pairs, mut hanzi, mut i) = (0usize, 0usize, 0usize);
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            i += 1;
            continue;
        }
        match bytes.get(i + 1) {
            Some(&t) if (0x81..=0xFE).contains(&b) && (0x40..=0xFE).contains(&t) && t != 0x7F => {
                pairs += 1;
                if (0xB0..=0xF7).contains(&b) && t >= 0xA1 {
                    hanzi += 1;
                }
                i += 2;
            }
            None if !complete && (0x81..=0xFE).contains(&b) => break,
            _ => return false,
        }
    }
    pairs > 0 && hanzi * 2 >= pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_is_recognised() {
        // "市经贸委" in GBK.
        let gbk = vec![0xCA, 0xD0, 0xBE, 0xAD, 0xC3, 0xB3, 0xCE, 0xAF, b'\n'];
        let err = SourceFile::from_bytes("a.plan", gbk).err().map(|e| e.1);
        let d = err.as_ref().map(|d| d.message.contains("GBK"));
        assert_eq!(d, Some(true));
    }

    #[test]
    fn random_bytes_are_not_gbk() {
        let err = SourceFile::from_bytes("a.plan", vec![b'a', 0xFF, 0xFF, 0x01])
            .err()
            .map(|e| e.1);
        assert_eq!(err.map(|d| d.message.contains("GBK")), Some(false));
    }
}
