//! The JSON data reader: `{"rows": [{"metric": …, "year": …, "value": …}]}`
//! or a bare array of rows.
//!
//! A small streaming parser of its own rather than serde_json, because
//! every problem must point at the offending value's bytes, and because
//! numbers must stay the exact text that was written. Rows are checked and
//! folded into the store as they are read, one at a time, like CSV records:
//! memory holds one row's cells and a buffer, never the file. Values the
//! reader does not need (notes, unknown keys, values of the wrong type) are
//! checked for syntax and skipped without being kept.

use super::catalog::{suggest, Catalog};
use super::problem::{Place, Problem};
use super::row::{self, Cells, Col};
use super::Sink;
use crate::diag::Code;
use std::io::Read;

/// Nesting beyond this is refused: a data file is at most three deep.
const MAX_DEPTH: usize = 64;

/// Bytes read from the input at a time.
const CHUNK: usize = 1 << 16;

/// A value as far as the reader keeps it: scalars the rows need keep their
/// text (numbers exactly as written); anything else only its kind.
#[derive(Debug)]
enum Value {
    Null,
    Bool,
    Number(String),
    String(String),
    Array,
    Object,
}

impl Value {
    fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array => "an array",
            Value::Object => "an object",
        }
    }
}

/// A byte range `start..end` in the file.
#[derive(Clone, Copy, Debug)]
struct Range {
    start: u64,
    end: u64,
}

impl Range {
    fn place(self) -> Place {
        Place::Bytes {
            start: self.start,
            end: self.end,
        }
    }

    /// The first byte, where a row's label goes.
    fn first(self) -> Place {
        Place::Bytes {
            start: self.start,
            end: self.start.saturating_add(1),
        }
    }
}

#[derive(Debug)]
struct Node {
    value: Value,
    range: Range,
}

/// Why reading stopped before the end of the document.
enum Stop {
    /// Not JSON: where, and what was expected.
    Syntax(Range, String),
    /// A byte sequence that is not UTF-8, at this offset.
    Encoding(u64),
    /// The input could not be read.
    Io(std::io::Error),
    /// A problem already reported makes the rest unreadable as data.
    Reported,
}

type Parsed<T> = Result<T, Stop>;

pub(super) fn read(input: impl Read, cat: &Catalog, sink: &mut Sink) {
    let mut parser = Parser {
        input: Input::new(input),
        depth: 0,
        breaks: 0,
    };
    let stop = match parser.document(cat, sink) {
        Ok(()) => return,
        Err(stop) => stop,
    };
    let problem = match stop {
        Stop::Syntax(range, message) => Problem::new(
            Code::DataStructure,
            range.place(),
            format!("invalid JSON: {message}"),
            message,
        )
        .help("docs/data.md shows the JSON data format"),
        Stop::Encoding(at) => Problem::new(
            Code::Encoding,
            Place::Bytes { start: at, end: at },
            "the data file is not UTF-8",
            "not UTF-8",
        ),
        Stop::Io(e) => Problem::new(
            Code::Io,
            Place::File,
            format!("cannot read the file: {e}"),
            "",
        ),
        Stop::Reported => return,
    };
    sink.problem(problem);
}

/// The input, read a chunk at a time, with the absolute offset of each byte.
struct Input<R> {
    reader: R,
    buf: Vec<u8>,
    /// The next byte's index in `buf`.
    pos: usize,
    /// The file offset of `buf[0]`.
    base: u64,
    eof: bool,
}

impl<R: Read> Input<R> {
    fn new(reader: R) -> Self {
        Input {
            reader,
            buf: Vec::new(),
            pos: 0,
            base: 0,
            eof: false,
        }
    }

    fn offset(&self) -> u64 {
        self.base.saturating_add(self.pos as u64)
    }

    fn available(&self) -> usize {
        self.buf.len().saturating_sub(self.pos)
    }

    /// Makes at least `need` bytes available unless the input ends first.
    /// Bytes already consumed are dropped, so the buffer stays small.
    fn fill(&mut self, need: usize) -> Parsed<()> {
        while self.available() < need && !self.eof {
            if self.pos > 0 {
                self.buf.drain(..self.pos);
                self.base = self.base.saturating_add(self.pos as u64);
                self.pos = 0;
            }
            let old = self.buf.len();
            self.buf.resize(old.saturating_add(CHUNK), 0);
            let read = loop {
                // The room just made; without it a read of nothing would
                // pass for the end of the input.
                let Some(room) = self.buf.get_mut(old..).filter(|r| !r.is_empty()) else {
                    return Err(Stop::Io(std::io::Error::other(
                        "internal error: the read buffer has no room",
                    )));
                };
                match self.reader.read(room) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => {
                        self.buf.truncate(old);
                        return Err(Stop::Io(e));
                    }
                }
            };
            self.buf.truncate(old.saturating_add(read));
            self.eof = read == 0;
        }
        Ok(())
    }

    fn peek(&mut self) -> Parsed<Option<u8>> {
        self.fill(1)?;
        Ok(self.buf.get(self.pos).copied())
    }

    /// The byte after the next one.
    fn peek_second(&mut self) -> Parsed<Option<u8>> {
        self.fill(2)?;
        Ok(self.buf.get(self.pos.saturating_add(1)).copied())
    }

    /// Consumes `n` bytes already seen with `peek`.
    fn bump(&mut self, n: usize) {
        self.pos = self.pos.saturating_add(n).min(self.buf.len());
    }

    /// Whether the next bytes are `word`, without consuming them.
    fn starts_with(&mut self, word: &[u8]) -> Parsed<bool> {
        self.fill(word.len())?;
        Ok(self
            .buf
            .get(self.pos..)
            .is_some_and(|b| b.starts_with(word)))
    }

    /// The next character: `Ok(Some((c, width)))`, `Ok(None)` at the end,
    /// and an encoding stop for bytes that are not UTF-8.
    fn char(&mut self) -> Parsed<Option<(char, usize)>> {
        self.fill(4)?;
        // `pos` never passes the end of what was read.
        let Some(rest) = self.buf.get(self.pos..) else {
            return Err(Stop::Io(std::io::Error::other(
                "internal error: the reader's position is past its buffer",
            )));
        };
        let Some(&first) = rest.first() else {
            return Ok(None);
        };
        if first.is_ascii() {
            return Ok(Some((char::from(first), 1)));
        }
        let width = match first {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return Err(Stop::Encoding(self.offset())),
        };
        rest.get(..width)
            .and_then(|b| std::str::from_utf8(b).ok())
            .and_then(|s| s.chars().next())
            .map(|c| Some((c, width)))
            .ok_or(Stop::Encoding(self.offset()))
    }
}

struct Parser<R> {
    input: Input<R>,
    depth: usize,
    /// Line breaks consumed so far (only whitespace holds them).
    breaks: u64,
}

impl<R: Read> Parser<R> {
    /// The whole file: rows are checked and stored as they are read.
    fn document(&mut self, cat: &Catalog, sink: &mut Sink) -> Parsed<()> {
        if self.input.starts_with(b"\xef\xbb\xbf")? {
            self.input.bump(3);
        }
        self.skip_ws()?;
        match self.input.peek()? {
            Some(b'[') => self.rows(cat, sink)?,
            Some(b'{') => self.top_object(cat, sink)?,
            _ => {
                let node = self.value()?;
                sink.problem(wrong_type(
                    &node,
                    "the data file is an object with `rows`, or an array of rows",
                ));
                return Err(Stop::Reported);
            }
        }
        self.skip_ws()?;
        if self.input.peek()?.is_some() {
            return Err(self.error_here("unexpected text after the JSON value")?);
        }
        Ok(())
    }

    /// `{"rows": […], "note": …}`.
    fn top_object(&mut self, cat: &Catalog, sink: &mut Sink) -> Parsed<()> {
        let start = self.input.offset();
        self.input.bump(1);
        let mut rows_seen = false;
        self.skip_ws()?;
        if self.input.peek()? == Some(b'}') {
            self.input.bump(1);
        } else {
            loop {
                let key = self.key()?;
                self.skip_ws()?;
                let name = key_text(&key);
                match name {
                    "rows" if rows_seen => {
                        sink.problem(Problem::new(
                            Code::DataStructure,
                            key.range.place(),
                            "key `rows` appears twice in the data file",
                            "repeated key",
                        ));
                        self.skip_value()?;
                    }
                    "rows" => {
                        rows_seen = true;
                        if self.input.peek()? == Some(b'[') {
                            self.rows(cat, sink)?;
                        } else {
                            let node = self.value()?;
                            sink.problem(wrong_type(&node, "an array of row objects for `rows`"));
                            return Err(Stop::Reported);
                        }
                    }
                    "note" => self.skip_value()?,
                    _ => {
                        sink.problem(
                            Problem::new(
                                Code::DataStructure,
                                key.range.place(),
                                format!("unknown key `{name}` in the data file"),
                                "not a data file key",
                            )
                            .help("the top-level object holds `rows` and an optional `note`"),
                        );
                        self.skip_value()?;
                    }
                }
                if self.close(b'}')? {
                    break;
                }
            }
        }
        if !rows_seen {
            sink.problem(
                Problem::new(
                    Code::DataMissingColumn,
                    Range { start, end: start }.first(),
                    "the data file has no `rows`",
                    "object without rows",
                )
                .help("write {\"rows\": [{\"metric\": …, \"year\": …, \"value\": …}]}"),
            );
        }
        Ok(())
    }

    /// The array of rows, each checked and stored before the next is read.
    fn rows(&mut self, cat: &Catalog, sink: &mut Sink) -> Parsed<()> {
        self.input.bump(1);
        self.skip_ws()?;
        if self.input.peek()? == Some(b']') {
            self.input.bump(1);
            return Ok(());
        }
        loop {
            sink.row_read();
            self.row(cat, sink)?;
            if self.close(b']')? {
                return Ok(());
            }
        }
    }

    /// After an array element or object member: `,` (false, more follow)
    /// or the closing bracket (true).
    fn close(&mut self, bracket: u8) -> Parsed<bool> {
        self.skip_ws()?;
        match self.input.peek()? {
            Some(b',') => {
                self.input.bump(1);
                Ok(false)
            }
            Some(b) if b == bracket => {
                self.input.bump(1);
                Ok(true)
            }
            _ => Err(self.error_here(if bracket == b']' {
                "expected `,` or `]`"
            } else {
                "expected `,` or `}`"
            })?),
        }
    }

    /// A quoted key and the `:` after it.
    fn key(&mut self) -> Parsed<Node> {
        self.skip_ws()?;
        if self.input.peek()? != Some(b'"') {
            return Err(self.error_here("expected a quoted key")?);
        }
        let start = self.input.offset();
        let text = self.string()?;
        let key = Node {
            value: Value::String(text),
            range: Range {
                start,
                end: self.input.offset(),
            },
        };
        self.skip_ws()?;
        if self.input.peek()? != Some(b':') {
            return Err(self.error_here("expected `:` after the key")?);
        }
        self.input.bump(1);
        Ok(key)
    }

    /// One row: its cells are kept, checked and stored; the rest skipped.
    fn row(&mut self, cat: &Catalog, sink: &mut Sink) -> Parsed<()> {
        self.skip_ws()?;
        let start = self.input.offset();
        let line = self.breaks.saturating_add(1);
        if self.input.peek()? != Some(b'{') {
            let node = self.value()?;
            sink.problem(wrong_type(&node, "a row object"));
            return Ok(());
        }
        self.enter()?;
        self.input.bump(1);
        let mut cells: [Option<(String, Range)>; 7] = Default::default();
        // Keys given, even with a value of the wrong type (reported once).
        let mut given = [false; 7];
        let mut ok = true;
        self.skip_ws()?;
        let empty = self.input.peek()? == Some(b'}');
        if empty {
            self.input.bump(1);
        }
        if !empty {
            loop {
                let key = self.key()?;
                let name = key_text(&key);
                let col = row::COLUMNS
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|&(_, c)| c);
                let slots = col
                    .and_then(|c| Some((cells.get_mut(c as usize)?, given.get_mut(c as usize)?)));
                match (col, slots) {
                    (Some(col), Some((slot, seen))) => {
                        if std::mem::replace(seen, true) {
                            ok = false;
                            sink.problem(Problem::new(
                                Code::DataStructure,
                                key.range.place(),
                                format!("key `{name}` appears twice in this row"),
                                "repeated key",
                            ));
                            self.skip_value()?;
                        } else {
                            let value = self.value()?;
                            let range = value.range;
                            let text = match (value.value, col) {
                                (Value::String(s), _) => Some(s),
                                (Value::Number(n), Col::Year | Col::Value) => Some(n),
                                (
                                    Value::Null,
                                    Col::Unit | Col::Region | Col::Note | Col::Measure,
                                ) => Some(String::new()),
                                (other, _) => {
                                    ok = false;
                                    let expected = match col {
                                        Col::Year => "a year number",
                                        Col::Value => "a number, or \"done\" for a milestone",
                                        _ => "a string",
                                    };
                                    let node = Node {
                                        value: other,
                                        range,
                                    };
                                    sink.problem(wrong_type(
                                        &node,
                                        &format!("{expected} for `{name}`"),
                                    ));
                                    None
                                }
                            };
                            if let Some(t) = text {
                                let trimmed = t.trim();
                                let t = if trimmed.len() == t.len() {
                                    t
                                } else {
                                    trimmed.to_string()
                                };
                                *slot = Some((t, range));
                            }
                        }
                    }
                    _ => {
                        ok = false;
                        let help = suggest(name, row::COLUMNS.iter().map(|(n, _)| *n))
                            .map(|s| format!("did you mean `{s}`?"))
                            .unwrap_or_else(|| {
                                "a row has metric, year, value, unit, region, note and measure"
                                    .to_string()
                            });
                        sink.problem(
                            Problem::new(
                                Code::DataStructure,
                                key.range.place(),
                                format!("unknown key `{name}` in a row"),
                                "not a row key",
                            )
                            .help(help),
                        );
                        self.skip_value()?;
                    }
                }
                if self.close(b'}')? {
                    break;
                }
            }
        }
        self.leave();
        let row_range = Range {
            start,
            end: self.input.offset(),
        };
        let missing: Vec<&str> = [Col::Metric, Col::Year, Col::Value]
            .into_iter()
            .filter(|&c| given.get(c as usize) == Some(&false))
            .map(Col::name)
            .collect();
        if !missing.is_empty() {
            sink.problem(Problem::new(
                Code::DataMissingColumn,
                row_range.first(),
                format!(
                    "this row lacks {}",
                    missing
                        .iter()
                        .map(|m| format!("`{m}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                "row",
            ));
            return Ok(());
        }
        if !ok {
            return Ok(());
        }
        let text = |col: Col| {
            cells
                .get(col as usize)
                .and_then(|c| c.as_ref())
                .map_or("", |(t, _)| t.as_str())
        };
        let cells_text = Cells {
            metric: text(Col::Metric),
            year: text(Col::Year),
            value: text(Col::Value),
            unit: text(Col::Unit),
            region: text(Col::Region),
            note: text(Col::Note),
            measure: text(Col::Measure),
        };
        let place = |col: Col| {
            cells
                .get(col as usize)
                .and_then(|c| c.as_ref())
                .map_or(row_range.first(), |(_, r)| r.place())
        };
        let mut problems = Vec::new();
        let checked = row::check(cat, &cells_text, &place, &mut |p| problems.push(p));
        let clean = problems.is_empty();
        for p in problems {
            sink.problem(p);
        }
        if let Some(r) = checked {
            sink.accept(&r, line, place(Col::Value), cat);
        } else if clean && cells_text.value.is_empty() {
            // `"value": ""`, as an empty CSV cell: not reported.
            sink.unreported();
        }
        Ok(())
    }

    fn skip_ws(&mut self) -> Parsed<()> {
        while let Some(b @ (b' ' | b'\t' | b'\n' | b'\r')) = self.input.peek()? {
            if b == b'\n' {
                self.breaks = self.breaks.saturating_add(1);
            }
            self.input.bump(1);
        }
        Ok(())
    }

    /// A syntax stop at the next character (an encoding stop if it is not
    /// UTF-8).
    fn error_here(&mut self, message: &str) -> Parsed<Stop> {
        let start = self.input.offset();
        let width = self.input.char()?.map_or(0, |(_, w)| w);
        Ok(Stop::Syntax(
            Range {
                start,
                end: start.saturating_add(width as u64),
            },
            message.to_string(),
        ))
    }

    fn enter(&mut self) -> Parsed<()> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here("nested too deeply")?);
        }
        self.depth = self.depth.saturating_add(1);
        Ok(())
    }

    fn leave(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// A value: scalars with their text, arrays and objects skipped.
    fn value(&mut self) -> Parsed<Node> {
        self.skip_ws()?;
        let start = self.input.offset();
        let value = match self.input.peek()? {
            None => return Err(self.error_here("the file ends where a value should be")?),
            Some(b'{') => {
                self.object_skip()?;
                Value::Object
            }
            Some(b'[') => {
                self.array_skip()?;
                Value::Array
            }
            Some(b'"') => Value::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Value::Number(self.number()?),
            Some(_) => {
                let mut found = None;
                for (word, value) in [
                    (&b"null"[..], Value::Null),
                    (b"true", Value::Bool),
                    (b"false", Value::Bool),
                ] {
                    if self.input.starts_with(word)? {
                        self.input.bump(word.len());
                        found = Some(value);
                        break;
                    }
                }
                match found {
                    Some(v) => v,
                    None => return Err(self.error_here("expected a JSON value")?),
                }
            }
        };
        Ok(Node {
            value,
            range: Range {
                start,
                end: self.input.offset(),
            },
        })
    }

    /// Checks a value's syntax and forgets it.
    fn skip_value(&mut self) -> Parsed<()> {
        self.value().map(|_| ())
    }

    fn array_skip(&mut self) -> Parsed<()> {
        self.enter()?;
        self.input.bump(1);
        self.skip_ws()?;
        if self.input.peek()? == Some(b']') {
            self.input.bump(1);
        } else {
            loop {
                self.skip_value()?;
                if self.close(b']')? {
                    break;
                }
            }
        }
        self.leave();
        Ok(())
    }

    fn object_skip(&mut self) -> Parsed<()> {
        self.enter()?;
        self.input.bump(1);
        self.skip_ws()?;
        if self.input.peek()? == Some(b'}') {
            self.input.bump(1);
        } else {
            loop {
                self.key()?;
                self.skip_value()?;
                if self.close(b'}')? {
                    break;
                }
            }
        }
        self.leave();
        Ok(())
    }

    fn string(&mut self) -> Parsed<String> {
        let open = self.input.offset();
        self.input.bump(1);
        let mut out = String::new();
        loop {
            let Some((c, width)) = self.input.char()? else {
                return Err(Stop::Syntax(
                    Range {
                        start: open,
                        end: open.saturating_add(1),
                    },
                    "this string is never closed".to_string(),
                ));
            };
            match c {
                '"' => {
                    self.input.bump(1);
                    return Ok(out);
                }
                '\\' => {
                    let at = self.input.offset();
                    let esc = self.input.peek_second()?;
                    self.input.bump(2);
                    let ch = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape(at)?,
                        _ => {
                            return Err(Stop::Syntax(
                                Range {
                                    start: at,
                                    end: at.saturating_add(2),
                                },
                                "invalid escape".to_string(),
                            ))
                        }
                    };
                    out.push(ch);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error_here("control character in a string")?)
                }
                c => {
                    out.push(c);
                    self.input.bump(width);
                }
            }
        }
    }

    /// The four hex digits after `\u` at `start` (and a low surrogate after
    /// a high one).
    fn unicode_escape(&mut self, start: u64) -> Parsed<char> {
        let bad = || {
            Stop::Syntax(
                Range {
                    start,
                    end: start.saturating_add(6),
                },
                "invalid \\u escape".to_string(),
            )
        };
        let hi = self.hex4().ok_or_else(bad)??;
        if (0xD800..0xDC00).contains(&hi) {
            if !self.input.starts_with(b"\\u")? {
                return Err(bad());
            }
            self.input.bump(2);
            let lo = self.hex4().ok_or_else(bad)??;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(bad());
            }
            // Both halves are in range, so the pair decodes to one char.
            let pair = [u16::try_from(hi), u16::try_from(lo)];
            let [Ok(hi), Ok(lo)] = pair else {
                return Err(bad());
            };
            return match char::decode_utf16([hi, lo]).next() {
                Some(Ok(c)) => Ok(c),
                _ => Err(bad()),
            };
        }
        char::from_u32(hi).ok_or_else(bad)
    }

    /// Four hex digits, consumed; `None` if the next four bytes are not.
    fn hex4(&mut self) -> Option<Parsed<u32>> {
        if let Err(e) = self.input.fill(4) {
            return Some(Err(e));
        }
        let digits = self.input.buf.get(self.input.pos..)?.get(..4)?;
        let v = std::str::from_utf8(digits)
            .ok()
            .filter(|d| d.bytes().all(|b| b.is_ascii_hexdigit()))
            .and_then(|d| u32::from_str_radix(d, 16).ok())?;
        self.input.bump(4);
        Some(Ok(v))
    }

    /// A number, exactly as written.
    fn number(&mut self) -> Parsed<String> {
        let start = self.input.offset();
        let mut text = String::new();
        let digits = |p: &mut Self, text: &mut String| -> Parsed<bool> {
            let before = text.len();
            while let Some(b @ b'0'..=b'9') = p.input.peek()? {
                text.push(char::from(b));
                p.input.bump(1);
            }
            Ok(text.len() > before)
        };
        if self.input.peek()? == Some(b'-') {
            text.push('-');
            self.input.bump(1);
        }
        let int_start = text.len();
        if !digits(self, &mut text)? {
            return Err(self.error_here("expected a digit")?);
        }
        let int = text.get(int_start..).unwrap_or_default();
        if int.starts_with('0') && int.len() > 1 {
            return Err(Stop::Syntax(
                Range {
                    start,
                    end: self.input.offset(),
                },
                "a JSON number has no leading zeros".to_string(),
            ));
        }
        if self.input.peek()? == Some(b'.') {
            text.push('.');
            self.input.bump(1);
            if !digits(self, &mut text)? {
                return Err(self.error_here("expected a digit after `.`")?);
            }
        }
        if let Some(e @ (b'e' | b'E')) = self.input.peek()? {
            text.push(char::from(e));
            self.input.bump(1);
            if let Some(s @ (b'+' | b'-')) = self.input.peek()? {
                text.push(char::from(s));
                self.input.bump(1);
            }
            if !digits(self, &mut text)? {
                return Err(self.error_here("expected a digit in the exponent")?);
            }
        }
        Ok(text)
    }
}

fn key_text(key: &Node) -> &str {
    match &key.value {
        Value::String(s) => s,
        _ => "",
    }
}

fn wrong_type(node: &Node, expected: &str) -> Problem {
    Problem::new(
        Code::DataStructure,
        node.range.place(),
        format!("expected {expected}, found {}", node.value.kind()),
        "wrong type",
    )
}
