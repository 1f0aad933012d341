//! The output buffer: lines, indentation and the blank lines between them.
//!
//! Everything is appended to one `String` sized from the input, so
//! formatting is linear in the size of the file.

use crate::span::Span;

/// Two spaces per block level.
pub(super) const INDENT: &str = "  ";

/// What the last line written was, which decides whether a blank line from
/// the source may be kept before the next one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Last {
    /// Nothing yet: no blank line at the start of a file.
    Nothing,
    /// A line ending in `{`: no blank line at the start of a block.
    Opener,
    Line,
}

pub(super) struct Out<'s> {
    src: &'s str,
    buf: String,
    last: Last,
}

impl<'s> Out<'s> {
    pub fn new(src: &'s str) -> Self {
        Out {
            src,
            // Canonical text is rarely much longer than its source.
            buf: String::with_capacity(src.len() + src.len() / 8 + 16),
            last: Last::Nothing,
        }
    }

    /// Writes a blank line if the author had one and it may stand here.
    pub fn blank_if(&mut self, author_had_one: bool) {
        if author_had_one && self.last == Last::Line {
            self.buf.push('\n');
        }
    }

    pub fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.buf.push_str(INDENT);
        }
    }

    pub fn push(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    pub fn spaces(&mut self, n: usize) {
        for _ in 0..n {
            self.buf.push(' ');
        }
    }

    /// Ends the current line; `opens` when it ended with `{`.
    pub fn end_line(&mut self, opens: bool) {
        self.buf.push('\n');
        self.last = if opens { Last::Opener } else { Last::Line };
    }

    /// ` # comment` after code on the same line.
    pub fn trailing_comment(&mut self, comment: Span) {
        self.buf.push(' ');
        self.buf.push_str(comment_text(self.src, comment));
    }

    /// A comment on a line of its own, `pad` spaces after the indentation.
    pub fn comment_line(&mut self, depth: usize, pad: usize, comment: Span) {
        self.indent(depth);
        self.spaces(pad);
        self.buf.push_str(comment_text(self.src, comment));
        self.end_line(false);
    }

    pub fn finish(self) -> String {
        self.buf
    }
}

/// A comment's text as written, without the line end (`\r` of CRLF files)
/// or trailing spaces.
fn comment_text(src: &str, c: Span) -> &str {
    src.get(c.range()).unwrap_or("").trim_end()
}

/// True when the whitespace between two offsets holds a blank line.
pub(super) fn blank_between(src: &str, from: u32, to: u32) -> bool {
    let gap = src.get(from as usize..to as usize).unwrap_or("");
    gap.bytes().filter(|&b| b == b'\n').nth(1).is_some()
}
