//! The spreadsheet data reader: one worksheet of an `.xlsx`/`.xlsm`,
//! `.xlsb`, `.xls` or `.ods` workbook, read with calamine, with the same
//! columns as CSV. Each row becomes text cells and goes through the CSV
//! reader's own path ([`super::table`]) into the same store.
//!
//! An `.xlsx` sheet is streamed cell by cell, so memory holds one row
//! (and the workbook's shared strings, which calamine reads first); the
//! other formats are read a sheet at a time (an `.xls` sheet has at most
//! 65,536 rows). A problem keeps its cell's row and column.

use super::catalog::Catalog;
use super::problem::{Place, Problem};
use super::row::Cells;
use super::table::{self, Columns};
use super::{Book, Sink};
use crate::diag::Code;
use calamine::{Data, DataRef, Ods, Reader, Xls, Xlsb, Xlsx};
use std::io::{Read, Seek};

/// One cell: its text as the row checks read it, or a date, which no
/// column takes. A row's cells are kept from one row to the next and
/// written over, so that a cell's text costs no allocation.
#[derive(Clone, Debug, Default)]
struct Cell {
    text: String,
    date: bool,
}

impl Cell {
    fn text(&self) -> &str {
        if self.date {
            ""
        } else {
            super::csv::trim(&self.text)
        }
    }

    fn clear(&mut self) {
        self.text.clear();
        self.date = false;
    }
}

/// A cell's content, as either of calamine's cell types gives it: streamed
/// (`DataRef`) or in a range (`Data`), so that one writer serves both.
enum Value<'d> {
    Empty,
    Int(i64),
    Float(f64),
    Text(&'d str),
    Bool(bool),
    Date,
    Error(&'d calamine::CellErrorType),
}

impl<'d> Value<'d> {
    fn of_ref(data: &'d DataRef) -> Self {
        match data {
            DataRef::Empty => Value::Empty,
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::String(s) | DataRef::DurationIso(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(_) | DataRef::DateTimeIso(_) => Value::Date,
            DataRef::Error(e) => Value::Error(e),
        }
    }

    fn of_data(data: &'d Data) -> Self {
        match data {
            Data::Empty => Value::Empty,
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::String(s) | Data::DurationIso(s) => Value::Text(s),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(_) | Data::DateTimeIso(_) => Value::Date,
            Data::Error(e) => Value::Error(e),
        }
    }

    /// Writes the cell's text (or date) into `cell`, cleared.
    fn write(&self, cell: &mut Cell) {
        use std::fmt::Write;
        cell.clear();
        // Writing to a String cannot fail.
        let _ = match self {
            Value::Empty => Ok(()),
            Value::Int(i) => write!(cell.text, "{i}"),
            Value::Float(f) => {
                number_into(*f, &mut cell.text);
                Ok(())
            }
            Value::Text(s) => cell.text.write_str(s),
            Value::Bool(b) => cell.text.write_str(if *b { "TRUE" } else { "FALSE" }),
            Value::Date => {
                cell.date = true;
                Ok(())
            }
            Value::Error(e) => write!(cell.text, "{e}"),
        };
    }
}

/// Reads the sheet `want` (by default the first) into the sink; returns the
/// name of the sheet read.
pub(super) fn read<RS: Read + Seek>(
    input: RS,
    book: Book,
    want: Option<&str>,
    cat: &Catalog,
    sink: &mut Sink,
) -> Option<String> {
    match book {
        Book::Xlsx => read_xlsx(input, want, cat, sink),
        Book::Xlsb => read_range(Xlsb::new(input), "xlsb", want, cat, sink),
        Book::Xls => read_range(Xls::new(input), "xls", want, cat, sink),
        Book::Ods => read_range(Ods::new(input), "ods", want, cat, sink),
    }
}

fn unreadable(kind: &str, e: impl std::fmt::Display, sink: &mut Sink) {
    sink.problem(
        Problem::new(
            Code::DataStructure,
            Place::File,
            format!("cannot read the file as an .{kind} workbook: {e}"),
            "",
        )
        .help(format!(
            "open it in a spreadsheet program and save it again as .{kind}, or export the sheet as CSV"
        )),
    );
}

/// Streams an `.xlsx` sheet cell by cell.
fn read_xlsx<RS: Read + Seek>(
    input: RS,
    want: Option<&str>,
    cat: &Catalog,
    sink: &mut Sink,
) -> Option<String> {
    let mut book = match Xlsx::new(input) {
        Ok(b) => b,
        Err(e) => {
            unreadable("xlsx", e, sink);
            return None;
        }
    };
    let name = pick(&book.sheet_names(), want, sink)?;
    let mut cells = match book.worksheet_cells_reader(&name) {
        Ok(c) => c,
        Err(e) => {
            unreadable("xlsx", e, sink);
            return Some(name);
        }
    };
    let mut rows = Rows::new(cat);
    loop {
        match cells.next_cell() {
            Ok(Some(cell)) => {
                let (row, column) = cell.get_position();
                if !rows.cell(row, column, Value::of_ref(cell.get_value()), sink) {
                    return Some(name);
                }
            }
            Ok(None) => break,
            Err(e) => {
                unreadable("xlsx", e, sink);
                return Some(name);
            }
        }
    }
    rows.finish(sink);
    Some(name)
}

/// Reads a sheet whole, as calamine gives it for formats other than
/// `.xlsx`, and feeds it cell by cell.
fn read_range<RS, R>(
    book: Result<R, R::Error>,
    kind: &str,
    want: Option<&str>,
    cat: &Catalog,
    sink: &mut Sink,
) -> Option<String>
where
    RS: Read + Seek,
    R: Reader<RS>,
    R::Error: std::fmt::Display,
{
    let mut book = match book {
        Ok(b) => b,
        Err(e) => {
            unreadable(kind, e, sink);
            return None;
        }
    };
    let name = pick(&book.sheet_names(), want, sink)?;
    let range = match book.worksheet_range(&name) {
        Ok(r) => r,
        Err(e) => {
            unreadable(kind, e, sink);
            return Some(name);
        }
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut rows = Rows::new(cat);
    for (i, row) in range.rows().enumerate() {
        for (j, data) in row.iter().enumerate() {
            let (r, c) = (top.saturating_add(i as u32), left.saturating_add(j as u32));
            if !rows.cell(r, c, Value::of_data(data), sink) {
                return Some(name);
            }
        }
    }
    rows.finish(sink);
    Some(name)
}

/// The sheet to read: the one named (exactly, else ignoring letter case and
/// surrounding spaces), or the first.
fn pick(names: &[String], want: Option<&str>, sink: &mut Sink) -> Option<String> {
    let Some(want) = want else {
        let first = names.first().cloned();
        if first.is_none() {
            sink.problem(Problem::new(
                Code::DataMissingColumn,
                Place::File,
                "the workbook has no worksheet",
                "",
            ));
        }
        return first;
    };
    let found = names.iter().find(|n| n.as_str() == want).or_else(|| {
        names
            .iter()
            .find(|n| n.trim().to_lowercase() == want.trim().to_lowercase())
    });
    if let Some(found) = found {
        return Some(found.clone());
    }
    let help = match super::catalog::suggest(want, names.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!(
            "its sheets are {}",
            names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    };
    sink.problem(
        Problem::new(
            Code::DataStructure,
            Place::File,
            format!("the workbook has no sheet `{want}`"),
            "",
        )
        .help(help),
    );
    None
}

/// A number cell as the decimal Excel shows and holds: rounded to 15
/// significant digits, Excel's precision, so a typed `0.1` reads `0.1`
/// and a year `2011`, never a binary expansion; the digits are then read
/// exactly like CSV text.
#[cfg(test)]
fn number(f: f64) -> String {
    let mut text = String::new();
    number_into(f, &mut text);
    text
}

/// [`number`], written at the end of `out`.
fn number_into(f: f64, out: &mut String) {
    use std::fmt::Write;
    // A whole number of at most 15 digits (a year, a count) is its
    // integer's text, which is what the shortest text below gives, at a
    // fraction of the cost. `-0` is `0`.
    if f.fract() == 0.0 && f.abs() < 1e15 {
        let _ = write!(out, "{}", f as i64);
        return;
    }
    out.push_str(&number_text(f));
}

fn number_text(f: f64) -> String {
    if !f.is_finite() {
        // A workbook cannot hold one; the text is refused as a figure.
        return f.to_string();
    }
    // The shortest text that reads back as `f` (Rust's `Display`, never in
    // exponent form): when it has at most 15 significant digits it is
    // already on the 15-digit grid, and `f` lies within half a binary
    // step of it, far less than half a step of the grid, so rounding `f`
    // to 15 digits gives it back. Most cells take this path.
    let shortest = f.to_string();
    let significant = shortest
        .bytes()
        .filter(u8::is_ascii_digit)
        .skip_while(|&b| b == b'0')
        .count();
    if significant <= 15 {
        return if shortest == "-0" {
            "0".to_string()
        } else {
            shortest
        };
    }
    rounded(f)
}

/// `f` rounded to 15 significant digits, in plain decimal notation.
fn rounded(f: f64) -> String {
    let s = format!("{f:.14e}");
    let Some((mantissa, exp)) = s.split_once('e') else {
        return f.to_string();
    };
    let Ok(exp) = exp.parse::<i32>() else {
        return f.to_string();
    };
    let (sign, mantissa) = match mantissa.strip_prefix('-') {
        Some(m) => ("-", m),
        None => ("", mantissa),
    };
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    // The value is 0.DIGITS × 10^(exp + 1): the point stands after `point`
    // digits.
    let point = exp.saturating_add(1);
    let n = digits.len() as i32;
    let mut text = if point <= 0 {
        format!("0.{}{digits}", "0".repeat(point.unsigned_abs() as usize))
    } else if point >= n {
        format!("{digits}{}", "0".repeat(point.saturating_sub(n) as usize))
    } else {
        let (int, frac) = digits.split_at(point as usize);
        format!("{int}.{frac}")
    };
    if text.contains('.') {
        text = text.trim_end_matches('0').trim_end_matches('.').to_string();
    }
    if text == "0" {
        return text;
    }
    format!("{sign}{text}")
}

/// Rows assembled from cells as they arrive, in row order.
struct Rows<'c, 'm> {
    cat: &'c Catalog<'m>,
    columns: Option<Columns>,
    row: Option<u32>,
    /// The row's cells: the first `used` are this row's; all keep their
    /// buffers for the rows after.
    cells: Vec<Cell>,
    used: usize,
}

/// Columns a sheet may use: Excel's limit (XFD).
const MAX_COLUMNS: u32 = 16_384;

impl<'c, 'm> Rows<'c, 'm> {
    fn new(cat: &'c Catalog<'m>) -> Self {
        Rows {
            cat,
            columns: None,
            row: None,
            cells: Vec::new(),
            used: 0,
        }
    }

    /// Adds a cell (an empty one is skipped); false when the rest of the
    /// sheet cannot be read (its header is wrong).
    fn cell(&mut self, row: u32, column: u32, data: Value, sink: &mut Sink) -> bool {
        if matches!(data, Value::Empty) {
            return true;
        }
        let at = column.min(MAX_COLUMNS) as usize;
        if self.row != Some(row) {
            if !self.flush(sink) {
                return false;
            }
            self.row = Some(row);
        }
        if self.cells.len() <= at {
            self.cells.resize_with(at.saturating_add(1), Cell::default);
        }
        // The cells between the last written and this one are empty.
        for c in self.cells.iter_mut().take(at).skip(self.used) {
            c.clear();
        }
        if let Some(slot) = self.cells.get_mut(at) {
            data.write(slot);
        }
        self.used = self.used.max(at.saturating_add(1));
        true
    }

    fn finish(&mut self, sink: &mut Sink) {
        self.flush(sink);
    }

    /// Reads the row gathered so far: the header, or a data row.
    fn flush(&mut self, sink: &mut Sink) -> bool {
        let Some(row) = self.row.take() else {
            return true;
        };
        let mut all = std::mem::take(&mut self.cells);
        let used = std::mem::take(&mut self.used);
        let ok = self.read_row(row, all.get(..used).unwrap_or_default(), sink);
        self.cells = std::mem::take(&mut all);
        ok
    }

    fn read_row(&mut self, row: u32, cells: &[Cell], sink: &mut Sink) -> bool {
        let place = |i: usize| Place::SheetCell {
            row,
            column: i as u32,
        };
        let blank = cells.iter().all(|c| c.text().is_empty() && !c.date);
        // `#` opens a comment row, as a `#` line in CSV.
        let comment = cells.first().is_some_and(|c| c.text().starts_with('#'));
        if blank || comment {
            return true;
        }
        let Some(columns) = self.columns else {
            let names: Vec<&str> = cells.iter().map(Cell::text).collect();
            return match table::header(&names, Place::SheetRow(row), &place, sink) {
                Some(c) => {
                    self.columns = Some(c);
                    true
                }
                None => false,
            };
        };
        sink.row_read();
        if let Some(i) = cells
            .iter()
            .skip(columns.width)
            .position(|c| !c.text().is_empty() || c.date)
        {
            sink.problem(
                Problem::new(
                    Code::DataStructure,
                    place(columns.width.saturating_add(i)),
                    format!(
                        "this cell is right of the header's {} columns",
                        columns.width
                    ),
                    "no column",
                )
                .help("give the column a header, or move the text into the `note` column"),
            );
            return true;
        }
        let get = |i: Option<usize>| i.and_then(|i| cells.get(i));
        let dated = [
            (Some(columns.metric), super::row::Col::Metric),
            (Some(columns.year), super::row::Col::Year),
            (Some(columns.value), super::row::Col::Value),
            (columns.unit, super::row::Col::Unit),
            (columns.region, super::row::Col::Region),
            (columns.measure, super::row::Col::Measure),
        ]
        .into_iter()
        .find(|&(i, _)| get(i).is_some_and(|c| c.date));
        if let Some((i, col)) = dated {
            let (code, help) = match col {
                super::row::Col::Year => (
                    Code::DataYear,
                    "format the cell as a number or text and type the year alone, e.g. 2011",
                ),
                super::row::Col::Value => (
                    Code::DataValue,
                    "format the cell as a number or text: a figure is not a date",
                ),
                _ => (Code::DataStructure, "format the cell as text"),
            };
            sink.problem(
                Problem::new(
                    code,
                    place(i.unwrap_or(columns.width)),
                    format!("a date in the {} column", col.name()),
                    "a date cell",
                )
                .help(help),
            );
            return true;
        }
        let text = |i: Option<usize>| get(i).map_or("", Cell::text);
        let row_cells = Cells {
            metric: text(Some(columns.metric)),
            year: text(Some(columns.year)),
            value: text(Some(columns.value)),
            unit: text(columns.unit),
            region: text(columns.region),
            note: text(columns.note),
            measure: text(columns.measure),
        };
        let line = u64::from(row).saturating_add(1);
        table::data_row(&row_cells, &columns, line, &place, self.cat, sink);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::{number, number_text, rounded};

    proptest::proptest! {
        /// A whole number's integer text is what the general path gives.
        #[test]
        fn whole_numbers_take_their_integer_text(i in -999_999_999_999_999i64..=999_999_999_999_999) {
            let f = i as f64;
            let general = number_text(f);
            proptest::prop_assert_eq!(number(f), if general == "-0" { "0".to_string() } else { general });
        }


        /// The shortest text takes the place of rounding only where the
        /// two agree.
        #[test]
        fn the_shortest_text_agrees_with_rounding(bits in proptest::num::u64::ANY, small in -1e7f64..1e7) {
            for f in [f64::from_bits(bits), small, (small * 100.0).round() / 100.0] {
                if f.is_finite() {
                    let r = rounded(f);
                    proptest::prop_assert_eq!(number(f), if r == "-0" { "0".to_string() } else { r });
                }
            }
        }
    }

    #[test]
    fn numbers_read_as_excel_shows_them() {
        assert_eq!(number(2011.0), "2011");
        assert_eq!(number(150.0), "150");
        assert_eq!(number(0.1), "0.1");
        assert_eq!(number(0.1 + 0.2), "0.3");
        assert_eq!(number(-3.5), "-3.5");
        assert_eq!(number(-0.0), "0");
        assert_eq!(number(1e-7), "0.0000001");
        assert_eq!(number(1.5e20), "150000000000000000000");
        assert_eq!(number(420000.0), "420000");
        assert_eq!(number(133.09), "133.09");
    }
}
