//! Cuts a plan into statements, before any grammar runs.
//!
//! A statement ends at a newline unless its last significant character is a
//! list comma (`,`, or a full-width `，`/`、` that parsing will report), so
//! long agency lists can wrap. The scanner knows strings and `#` comments, so
//! neither can end a statement early; both end with their line (a `\` before
//! a line break does not continue a string), so one line tells where a
//! statement may start. It keeps every comment's span: the formatter puts
//! them back where they were.
//!
//! It is one linear pass over the bytes with no recursion, whatever the input.

use crate::span::Span;

/// One statement and the trivia around it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawStmt {
    /// From the first to the last significant byte; no trailing comment.
    pub span: Span,
    /// Whole-line comments right before the statement.
    pub leading: Vec<Span>,
    /// Comments inside a statement that wraps over several lines.
    pub inner: Vec<Span>,
    /// A comment after the statement on its last line.
    pub trailing: Option<Span>,
    /// A blank line stood before this statement (or its leading comments).
    pub blank_before: bool,
    /// Full-width punctuation outside strings and comments.
    pub fullwidth: Vec<(u32, char)>,
    /// Offset of a string that runs to the end of its line.
    pub unterminated: Option<u32>,
    /// That string's line ends in a `\\`, as if it went on on the next
    /// line; strings never do.
    pub continued: bool,
    /// The statement ends with `{`.
    pub opens: bool,
    /// The statement is `}`.
    pub closes: bool,
}

/// A whole text cut into statements, with the comments around them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scan {
    /// The statements, in order.
    pub stmts: Vec<RawStmt>,
    /// Comments after the last statement.
    pub tail: Vec<Span>,
    /// A blank line stood before the first tail comment.
    pub tail_blank_before: bool,
}

/// Full-width characters that stand where ASCII punctuation belongs, with
/// that ASCII replacement.
pub fn ascii_for(c: char) -> Option<char> {
    Some(match c {
        '，' | '、' => ',',
        '：' => ':',
        '；' => ';',
        '（' => '(',
        '）' => ')',
        '｛' => '{',
        '｝' => '}',
        '＝' => '=',
        '＞' => '>',
        '＜' => '<',
        '～' => '~',
        '“' | '”' | '＂' => '"',
        '．' | '。' => '.',
        '＃' => '#',
        _ => return None,
    })
}

/// Scans the whole text at once. The formatter wants every statement with
/// its trivia; the compiler streams with [`Scanner`] instead.
pub fn scan(text: &str) -> Scan {
    let mut scanner = Scanner::new(text);
    let stmts = scanner.by_ref().collect();
    let (tail, tail_blank_before) = scanner.finish();
    Scan {
        stmts,
        tail,
        tail_blank_before,
    }
}

/// Yields statements one at a time, so a large plan is never held as a
/// list of statements.
pub struct Scanner<'a> {
    text: &'a str,
    i: usize,
    pending: Vec<Span>,
    newlines: usize,
    blank_before: bool,
}

impl<'a> Scanner<'a> {
    /// A scanner at the start of `text`.
    pub fn new(text: &'a str) -> Self {
        Scanner {
            text,
            i: if text.starts_with('\u{feff}') { 3 } else { 0 },
            pending: Vec::new(),
            newlines: 0,
            blank_before: false,
        }
    }

    /// A scanner that starts at `start`, a statement boundary (see
    /// [`is_statement_boundary`]).
    pub fn starting_at(text: &'a str, start: usize) -> Self {
        let mut s = Scanner::new(text);
        s.i = s.i.max(start);
        s
    }

    /// The comments after the last statement, and whether a blank line
    /// stood before them. Call after the iterator is exhausted.
    pub fn finish(self) -> (Vec<Span>, bool) {
        (self.pending, self.blank_before || self.newlines >= 2)
    }
}

impl Iterator for Scanner<'_> {
    type Item = RawStmt;

    fn next(&mut self) -> Option<RawStmt> {
        let bytes = self.text.as_bytes();
        while let Some(&b) = bytes.get(self.i) {
            match b {
                b'\n' => {
                    self.newlines += 1;
                    if self.newlines >= 2 && self.pending.is_empty() {
                        self.blank_before = true;
                    }
                    self.i += 1;
                }
                b' ' | b'\t' | b'\r' => self.i += 1,
                0xE3 if is_ideographic_space(bytes, self.i) => self.i += 3,
                b'#' => {
                    let end = line_end(bytes, self.i);
                    self.pending.push(Span::new(self.i, end));
                    self.newlines = 0;
                    self.i = end;
                }
                _ => {
                    let mut stmt = statement(self.text, self.i);
                    stmt.leading = std::mem::take(&mut self.pending);
                    stmt.blank_before = std::mem::take(&mut self.blank_before);
                    self.newlines = 0;
                    self.i = stmt_end(bytes, &stmt);
                    return Some(stmt);
                }
            }
        }
        None
    }
}

/// Where scanning resumes after a statement: past its trailing comment.
fn stmt_end(bytes: &[u8], stmt: &RawStmt) -> usize {
    let end = stmt
        .trailing
        .map(|c| c.end as usize)
        .unwrap_or(stmt.span.end as usize);
    end.max(stmt.span.start as usize + 1).min(bytes.len())
}

/// The statement starting at `start`, as [`Scanner`] yields it but without
/// the comments and blank lines before it.
pub fn statement(text: &str, start: usize) -> RawStmt {
    statement_and_last(text, start).0
}

/// The statement starting at `start`, and the last significant character
/// it ended on (`,` when it would go on past the end of `text`).
fn statement_and_last(text: &str, start: usize) -> (RawStmt, char) {
    let bytes = text.as_bytes();
    let mut stmt = RawStmt::default();
    let mut i = start;
    let mut last_end = start;
    let mut last_char = '\0';
    let mut comments: Vec<Span> = Vec::new();
    while i < bytes.len() {
        let b = bytes.get(i).copied().unwrap_or(0);
        match b {
            b'\n' => {
                if last_char == ',' {
                    i += 1;
                    continue;
                }
                break;
            }
            b' ' | b'\t' | b'\r' => i += 1,
            0xE3 if is_ideographic_space(bytes, i) => i += 3,
            b'#' => {
                let end = line_end(bytes, i);
                comments.push(Span::new(i, end));
                i = end;
            }
            b'"' => {
                let (end, open) = string_end(bytes, i);
                if open != Open::Closed && stmt.unterminated.is_none() {
                    stmt.unterminated = Some(i as u32);
                    stmt.continued = open == Open::Continued;
                }
                last_end = end;
                last_char = '"';
                i = end;
            }
            0..=0x7F => {
                last_char = char::from(b);
                i += 1;
                last_end = i;
            }
            _ => {
                // Every character with an ASCII twin starts with one of
                // these bytes; the others need not be decoded.
                let c = if matches!(b, 0xE2 | 0xE3 | 0xEF) {
                    text.get(i..)
                        .and_then(|s| s.chars().next())
                        .unwrap_or('\u{fffd}')
                } else {
                    '\u{fffd}'
                };
                let len = utf8_len(b);
                let ascii = ascii_for(c);
                if ascii.is_some() {
                    stmt.fullwidth.push((i as u32, c));
                }
                last_char = ascii.unwrap_or(c);
                i += len;
                last_end = i;
            }
        }
    }
    stmt.span = Span::new(start, last_end);
    // A comment after the last significant byte trails the statement; any
    // earlier one sits inside a wrapped statement.
    if let Some(last) = comments.last().copied() {
        if last.start as usize >= last_end {
            stmt.trailing = Some(last);
            comments.pop();
        }
    }
    stmt.inner = comments;
    let body = text.get(start..last_end).unwrap_or("");
    stmt.opens = body.ends_with('{') || body.ends_with('｛');
    stmt.closes = body == "}" || body == "｝";
    (stmt, last_char)
}

/// Whether a statement starts at or after `pos`, a line start: the last
/// line before it with anything but blanks and comments does not end in a
/// list comma. Strings and comments end with their line, so one line tells;
/// this lets the text be cut into pieces that scan on their own.
pub fn is_statement_boundary(text: &str, pos: usize) -> bool {
    let mut end = pos;
    while end > 0 {
        let start = text
            .get(..end - 1)
            .and_then(|t| t.rfind('\n'))
            .map_or(0, |p| p + 1);
        let line = text.get(start..end.saturating_sub(1)).unwrap_or("");
        let first = line
            .char_indices()
            .find(|&(_, c)| !matches!(c, ' ' | '\t' | '\r' | '\u{3000}' | '\u{feff}'));
        match first {
            None | Some((_, '#')) => end = start,
            Some((i, _)) => return statement_and_last(line, i).1 != ',',
        }
    }
    true
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes
        .get(from..)
        .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
        .map(|p| from + p)
        .unwrap_or(bytes.len())
}

/// How a string ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// At its closing `"`.
    Closed,
    /// At the end of its line or of the text, unclosed.
    Unclosed,
    /// At the end of its line, unclosed, right after a `\\`.
    Continued,
}

/// End of the string starting at `from` (a `"`), and how it ended. A
/// string never goes past its line: a `\\` escapes the next character, but
/// not a line break, so one line always tells where its strings end (see
/// [`is_statement_boundary`]).
fn string_end(bytes: &[u8], from: usize) -> (usize, Open) {
    let mut i = from + 1;
    // Only a quote, a backslash and a line break matter: jump from one
    // to the next.
    while let Some(p) = bytes
        .get(i..)
        .and_then(|rest| memchr::memchr3(b'"', b'\\', b'\n', rest))
    {
        i += p;
        match bytes.get(i) {
            Some(b'"') => return (i + 1, Open::Closed),
            Some(b'\\') => match bytes.get(i + 1) {
                Some(b'\n') => return (i + 1, Open::Continued),
                Some(b'\r') if bytes.get(i + 2) == Some(&b'\n') => return (i + 1, Open::Continued),
                _ => i += 2,
            },
            _ => return (i, Open::Unclosed),
        }
    }
    (bytes.len(), Open::Unclosed)
}

/// Length of the UTF-8 sequence that starts with `lead`.
fn utf8_len(lead: u8) -> usize {
    match lead {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

#[inline]
fn is_ideographic_space(bytes: &[u8], i: usize) -> bool {
    bytes.get(i..i + 3) == Some(&[0xE3, 0x80, 0x80])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(src: &str) -> Vec<&str> {
        scan(src)
            .stmts
            .iter()
            .map(|s| &src[s.span.range()])
            .collect()
    }

    #[test]
    fn one_statement_per_line() {
        assert_eq!(texts("a b\n\n  c d # x\n"), vec!["a b", "c d"]);
    }

    #[test]
    fn trailing_comma_continues() {
        let src = "support A, # one\n  B,\n  C\nlead D";
        assert_eq!(texts(src), vec!["support A, # one\n  B,\n  C", "lead D"]);
        assert_eq!(scan(src).stmts[0].inner.len(), 1);
    }

    #[test]
    fn strings_hide_hashes_and_braces() {
        let s = scan("text \"a # b {\" # c\n");
        assert_eq!(s.stmts.len(), 1);
        assert!(!s.stmts[0].opens);
        assert!(s.stmts[0].trailing.is_some());
    }

    #[test]
    fn comments_attach_to_next_statement() {
        let s = scan("# lead\nitem 三 \"t\" {\n}\n# tail\n");
        assert_eq!(s.stmts[0].leading.len(), 1);
        assert!(s.stmts[0].opens);
        assert!(s.stmts[1].closes);
        assert_eq!(s.tail.len(), 1);
    }

    #[test]
    fn fullwidth_is_recorded() {
        let s = scan("support A，B\n");
        assert_eq!(s.stmts[0].fullwidth, vec![(9, '，')]);
    }

    #[test]
    fn a_backslash_does_not_continue_a_string_on_the_next_line() {
        for src in ["text \"abc\\\nlead A\n", "text \"abc\\\r\nlead A\r\n"] {
            let s = scan(src);
            assert_eq!(texts(src), vec!["text \"abc\\", "lead A"], "{src:?}");
            assert_eq!(s.stmts[0].unterminated, Some(5));
            assert!(s.stmts[0].continued);
            let lead = src.find("lead").unwrap_or(0);
            assert!(is_statement_boundary(src, lead));
        }
        // An escaped backslash at the end of the line is just unclosed.
        let s = scan("text \"abc\\\\\nlead A\n");
        assert_eq!(s.stmts.len(), 2);
        assert!(!s.stmts[0].continued);
        // A backslash at the very end of the text.
        let s = scan("text \"abc\\");
        assert_eq!(s.stmts[0].span, Span::new(0, 10));
    }

    #[test]
    fn unterminated_string_ends_at_newline() {
        let s = scan("text \"abc\nlead A\n");
        assert_eq!(s.stmts.len(), 2);
        assert_eq!(s.stmts[0].unterminated, Some(5));
    }
}
