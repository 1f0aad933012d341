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
        if let Some(text) = utf8_on_every_core(&bytes) {
            return Ok(SourceFile::new(name, text));
        }
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

/// Below this size one core checks the bytes.
const PARALLEL_UTF8_BYTES: usize = 1 << 18;

/// `bytes` as text when they are UTF-8, checked in one part per core (cut
/// where a character starts) and copied together: a copy costs much less
/// than checking, which is most of reading a large plan. `None` for small
/// or invalid input, which [`SourceFile::from_bytes`] checks as a whole.
fn utf8_on_every_core(bytes: &[u8]) -> Option<String> {
    let parts = std::thread::available_parallelism().map_or(1, usize::from);
    if parts < 2 || bytes.len() < PARALLEL_UTF8_BYTES {
        return None;
    }
    let mut cuts = vec![0];
    for k in 1..parts {
        let mut at = bytes.len() / parts * k;
        // A continuation byte is never where a character starts.
        while bytes.get(at).is_some_and(|&b| b & 0xC0 == 0x80) {
            at += 1;
        }
        cuts.push(at.max(cuts.last().copied().unwrap_or(0)));
    }
    cuts.push(bytes.len());
    let pieces: Vec<&[u8]> = cuts
        .windows(2)
        .filter_map(|w| bytes.get(*w.first()?..*w.get(1)?))
        .collect();
    let checked: Vec<Option<&str>> = std::thread::scope(|s| {
        let handles: Vec<_> = pieces
            .iter()
            .map(|&p| s.spawn(move || std::str::from_utf8(p).ok()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().ok().flatten())
            .collect()
    });
    let mut text = String::with_capacity(bytes.len());
    for part in checked {
        text.push_str(part?);
    }
    Some(text)
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

    #[test]
    fn a_large_file_is_checked_in_parts_to_the_same_text() {
        // Three-byte characters, so the cuts fall inside them.
        let text = "agency 嘉兴市经贸委\n".repeat(PARALLEL_UTF8_BYTES / 10);
        assert!(text.len() > PARALLEL_UTF8_BYTES);
        let file = SourceFile::from_bytes("a.plan", text.clone().into_bytes()).ok();
        assert_eq!(file.map(|f| f.text), Some(text.clone()));
        // A bad byte in any part: the whole is refused, at that byte.
        let middle = text.len() / 2
            + text
                .get(text.len() / 2..)
                .and_then(|t| t.find('\n'))
                .unwrap_or(0);
        for at in [7, middle, text.len() - 1] {
            let mut bytes = text.clone().into_bytes();
            if let Some(b) = bytes.get_mut(at) {
                *b = 0xFF;
            }
            assert_eq!(utf8_on_every_core(&bytes), None);
            let err = SourceFile::from_bytes("a.plan", bytes).err();
            let offset = err.and_then(|e| e.1.primary_span()).map(|s| s.start);
            assert_eq!(offset, Some(at as u32), "bad byte at {at}");
        }
    }
}
