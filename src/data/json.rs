//! The JSON data reader: `{"rows": [{"metric": …, "year": …, "value": …}]}`
//! or a bare array of rows.
//!
//! A small parser of its own rather than serde_json, because every problem
//! must point at the offending value's bytes, and because numbers must stay
//! the exact text that was written.

use super::catalog::{suggest, Catalog};
use super::problem::{Place, Problem};
use super::row::{self, Cells, Col};
use super::Sink;
use crate::diag::Code;
use crate::span::Span;
use std::borrow::Cow;

/// Nesting beyond this is refused: a data file is at most three deep.
const MAX_DEPTH: usize = 64;

#[derive(Debug)]
enum Json<'a> {
    Null,
    Bool,
    /// The number exactly as written.
    Number(&'a str),
    String(Cow<'a, str>),
    Array(Vec<Node<'a>>),
    Object(Vec<(Node<'a>, Node<'a>)>),
}

#[derive(Debug)]
struct Node<'a> {
    value: Json<'a>,
    span: Span,
}

impl Json<'_> {
    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool => "a boolean",
            Json::Number(_) => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

pub(super) fn read(bytes: &[u8], cat: &Catalog, sink: &mut Sink) {
    let Ok(text) = std::str::from_utf8(bytes) else {
        sink.problem(Problem::new(
            Code::Encoding,
            Place::File,
            "the data file is not UTF-8",
            "",
        ));
        return;
    };
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut parser = Parser {
        text,
        pos: start,
        depth: 0,
    };
    let doc = match parser.document() {
        Ok(doc) => doc,
        Err((span, message)) => {
            sink.problem(
                Problem::new(
                    Code::DataStructure,
                    Place::Span(span),
                    format!("invalid JSON: {message}"),
                    message,
                )
                .help("docs/data.md shows the JSON data format"),
            );
            return;
        }
    };
    let rows = match doc.value {
        Json::Array(rows) => rows,
        Json::Object(fields) => {
            let mut rows = None;
            for (key, value) in fields {
                match (key_text(&key), value) {
                    (
                        "rows",
                        Node {
                            value: Json::Array(r),
                            ..
                        },
                    ) => rows = Some(r),
                    ("rows", other) => {
                        sink.problem(wrong_type(&other, "an array of row objects for `rows`"));
                        return;
                    }
                    ("note", _) => {}
                    (name, _) => sink.problem(
                        Problem::new(
                            Code::DataStructure,
                            Place::Span(key.span),
                            format!("unknown key `{name}` in the data file"),
                            "not a data file key",
                        )
                        .help("the top-level object holds `rows` and an optional `note`"),
                    ),
                }
            }
            match rows {
                Some(rows) => rows,
                None => {
                    sink.problem(
                        Problem::new(
                            Code::DataMissingColumn,
                            Place::Span(Span::new(
                                doc.span.start as usize,
                                doc.span.start as usize + 1,
                            )),
                            "the data file has no `rows`",
                            "object without rows",
                        )
                        .help("write {\"rows\": [{\"metric\": …, \"year\": …, \"value\": …}]}"),
                    );
                    return;
                }
            }
        }
        other => {
            sink.problem(wrong_type(
                &Node {
                    value: other,
                    span: doc.span,
                },
                "the data file is an object with `rows`, or an array of rows",
            ));
            return;
        }
    };
    for node in rows {
        sink.row_read();
        data_row(node, cat, sink);
    }
}

fn key_text<'k>(key: &'k Node) -> &'k str {
    match &key.value {
        Json::String(s) => s,
        _ => "",
    }
}

fn wrong_type(node: &Node, expected: &str) -> Problem {
    Problem::new(
        Code::DataStructure,
        Place::Span(node.span),
        format!("expected {expected}, found {}", node.value.kind()),
        "wrong type",
    )
}

fn data_row(node: Node, cat: &Catalog, sink: &mut Sink) {
    let Json::Object(fields) = node.value else {
        sink.problem(wrong_type(&node, "a row object"));
        return;
    };
    let mut cells: [Option<(Cow<str>, Span)>; 6] = Default::default();
    // Keys given, even with a value of the wrong type (reported once).
    let mut given = [false; 6];
    let mut ok = true;
    for (key, value) in &fields {
        let name = key_text(key);
        let Some(col) = row::COLUMNS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|&(_, c)| c)
        else {
            ok = false;
            let help = suggest(name, row::COLUMNS.iter().map(|(n, _)| *n))
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    "a row has metric, year, value, unit, region and note".to_string()
                });
            sink.problem(
                Problem::new(
                    Code::DataStructure,
                    Place::Span(key.span),
                    format!("unknown key `{name}` in a row"),
                    "not a row key",
                )
                .help(help),
            );
            continue;
        };
        let (Some(slot), Some(seen)) = (cells.get_mut(col as usize), given.get_mut(col as usize))
        else {
            continue;
        };
        if std::mem::replace(seen, true) {
            ok = false;
            sink.problem(Problem::new(
                Code::DataStructure,
                Place::Span(key.span),
                format!("key `{name}` appears twice in this row"),
                "repeated key",
            ));
            continue;
        }
        let text: Option<Cow<str>> = match (&value.value, col) {
            (Json::String(s), _) => Some(Cow::Borrowed(s.as_ref())),
            (Json::Number(n), Col::Year | Col::Value) => Some(Cow::Borrowed(n)),
            (Json::Null, Col::Unit | Col::Region | Col::Note) => Some(Cow::Borrowed("")),
            _ => None,
        };
        match text {
            Some(t) => *slot = Some((Cow::Owned(t.trim().to_string()), value.span)),
            None => {
                ok = false;
                let expected = match col {
                    Col::Year => "a year number",
                    Col::Value => "a number, or \"done\" for a milestone",
                    _ => "a string",
                };
                sink.problem(wrong_type(value, &format!("{expected} for `{name}`")));
            }
        }
    }
    let [metric, year, value, unit, region, _note] = &cells;
    let missing: Vec<&str> = [Col::Metric, Col::Year, Col::Value]
        .into_iter()
        .filter(|&c| given.get(c as usize) == Some(&false))
        .map(Col::name)
        .collect();
    if !missing.is_empty() {
        sink.problem(Problem::new(
            Code::DataMissingColumn,
            Place::Span(Span::new(
                node.span.start as usize,
                node.span.start as usize + 1,
            )),
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
        return;
    }
    if !ok {
        return;
    }
    fn text<'c>(c: &'c Option<(Cow<str>, Span)>) -> &'c str {
        c.as_ref().map_or("", |(t, _)| t.as_ref())
    }
    let cells_text = Cells {
        metric: text(metric),
        year: text(year),
        value: text(value),
        unit: text(unit),
        region: text(region),
    };
    let row_span = node.span;
    let place = |col: Col| {
        cells.get(col as usize).and_then(|c| c.as_ref()).map_or(
            Place::Span(Span::new(
                row_span.start as usize,
                row_span.start as usize + 1,
            )),
            |(_, s)| Place::Span(*s),
        )
    };
    let mut problems = Vec::new();
    let row = row::check(cat, &cells_text, &place, &mut |p| problems.push(p));
    for p in problems {
        sink.problem(p);
    }
    if let Some(row) = row {
        sink.accept(&row, 0, place(Col::Value), cat);
    }
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
    depth: usize,
}

type Parsed<T> = Result<T, (Span, String)>;

impl<'a> Parser<'a> {
    fn document(&mut self) -> Parsed<Node<'a>> {
        let node = self.value()?;
        self.skip_ws();
        if self.pos < self.text.len() {
            return Err(self.error_here("unexpected text after the JSON value"));
        }
        Ok(node)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn error_here(&self, message: &str) -> (Span, String) {
        let width = self
            .text
            .get(self.pos..)
            .and_then(|t| t.chars().next())
            .map_or(0, char::len_utf8);
        (Span::new(self.pos, self.pos + width), message.to_string())
    }

    fn value(&mut self) -> Parsed<Node<'a>> {
        self.skip_ws();
        let start = self.pos;
        let value = match self.peek() {
            None => return Err(self.error_here("the file ends where a value should be")),
            Some(b'{') => self.nested(Self::object)?,
            Some(b'[') => self.nested(Self::array)?,
            Some(b'"') => Json::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Json::Number(self.number()?),
            Some(_) => {
                let rest = self.text.get(start..).unwrap_or("");
                let (word, value) = [
                    ("null", Json::Null),
                    ("true", Json::Bool),
                    ("false", Json::Bool),
                ]
                .into_iter()
                .find(|(w, _)| rest.starts_with(w))
                .ok_or_else(|| self.error_here("expected a JSON value"))?;
                self.pos += word.len();
                value
            }
        };
        Ok(Node {
            value,
            span: Span::new(start, self.pos),
        })
    }

    fn nested(&mut self, f: fn(&mut Self) -> Parsed<Json<'a>>) -> Parsed<Json<'a>> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error_here("nested too deeply"));
        }
        self.depth += 1;
        let v = f(self);
        self.depth -= 1;
        v
    }

    fn expect(&mut self, b: u8, message: &str) -> Parsed<()> {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error_here(message))
        }
    }

    fn array(&mut self) -> Parsed<Json<'a>> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Json::Array(items));
        }
        loop {
            items.push(self.value()?);
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Json::Array(items));
                }
                _ => return Err(self.error_here("expected `,` or `]`")),
            }
        }
    }

    fn object(&mut self) -> Parsed<Json<'a>> {
        self.pos += 1;
        let mut fields = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Json::Object(fields));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.error_here("expected a quoted key"));
            }
            let start = self.pos;
            let key = Node {
                value: Json::String(self.string()?),
                span: Span::new(start, self.pos),
            };
            self.expect(b':', "expected `:` after the key")?;
            let value = self.value()?;
            fields.push((key, value));
            self.skip_ws();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Json::Object(fields));
                }
                _ => return Err(self.error_here("expected `,` or `}`")),
            }
        }
    }

    fn string(&mut self) -> Parsed<Cow<'a, str>> {
        let open = self.pos;
        self.pos += 1;
        let content = self.pos;
        let mut owned: Option<String> = None;
        loop {
            let Some(c) = self.text.get(self.pos..).and_then(|t| t.chars().next()) else {
                return Err((
                    Span::new(open, open + 1),
                    "this string is never closed".to_string(),
                ));
            };
            match c {
                '"' => {
                    let raw = self.text.get(content..self.pos).unwrap_or("");
                    self.pos += 1;
                    return Ok(owned.map_or(Cow::Borrowed(raw), Cow::Owned));
                }
                '\\' => {
                    let buf = owned.get_or_insert_with(|| {
                        self.text.get(content..self.pos).unwrap_or("").to_string()
                    });
                    self.pos += 1;
                    let esc = self.peek();
                    self.pos += 1;
                    let ch = match esc {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => self.unicode_escape()?,
                        _ => {
                            return Err((
                                Span::new(self.pos - 2, self.pos),
                                "invalid escape".to_string(),
                            ))
                        }
                    };
                    buf.push(ch);
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error_here("control character in a string"))
                }
                c => {
                    if let Some(buf) = owned.as_mut() {
                        buf.push(c);
                    }
                    self.pos += c.len_utf8();
                }
            }
        }
    }

    /// The four hex digits after `\u` (and a low surrogate after a high one).
    fn unicode_escape(&mut self) -> Parsed<char> {
        let start = self.pos - 2;
        let bad = || {
            (
                Span::new(start, start + 6),
                "invalid \\u escape".to_string(),
            )
        };
        let hex = |p: &mut Self| -> Parsed<u32> {
            let digits = p.text.get(p.pos..p.pos + 4).ok_or_else(bad)?;
            let v = u32::from_str_radix(digits, 16).map_err(|_| bad())?;
            p.pos += 4;
            Ok(v)
        };
        let hi = hex(self)?;
        if (0xD800..0xDC00).contains(&hi) {
            if self.text.get(self.pos..self.pos + 2) != Some("\\u") {
                return Err(bad());
            }
            self.pos += 2;
            let lo = hex(self)?;
            if !(0xDC00..0xE000).contains(&lo) {
                return Err(bad());
            }
            return char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)).ok_or_else(bad);
        }
        char::from_u32(hi).ok_or_else(bad)
    }

    fn number(&mut self) -> Parsed<&'a str> {
        let start = self.pos;
        let digits = |p: &mut Self| {
            let s = p.pos;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.pos += 1;
            }
            p.pos > s
        };
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        let int_start = self.pos;
        if !digits(self) {
            return Err(self.error_here("expected a digit"));
        }
        if self.text.as_bytes().get(int_start) == Some(&b'0') && self.pos - int_start > 1 {
            return Err((
                Span::new(start, self.pos),
                "a JSON number has no leading zeros".to_string(),
            ));
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !digits(self) {
                return Err(self.error_here("expected a digit after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !digits(self) {
                return Err(self.error_here("expected a digit in the exponent"));
            }
        }
        Ok(self.text.get(start..self.pos).unwrap_or(""))
    }
}
