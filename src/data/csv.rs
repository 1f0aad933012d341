//! The CSV data reader: `metric,year,value[,unit][,region][,note][,measure]`.
//!
//! Records are read as raw bytes (`csv::ByteRecord`, one buffer reused for
//! every row) and go straight into the store, so the file is streamed
//! rather than held. A problem keeps the record's byte offset and the
//! field's index; the exact span is found only if it is shown.

use super::catalog::Catalog;
use super::problem::{Place, Problem};
use super::row::Cells;
use super::split::{Fields, Next, Records, Split};
use super::table::{self, Columns};
use super::{Out, Sink};
use crate::diag::Code;
use csv::ByteRecord;
use std::io::Read;

/// Reads a CSV stream into the sink: in blocks on every core
/// ([`super::blocks`]) when there is more than one and `row_by_row` is not
/// asked for, else row by row.
pub(super) fn read(input: impl Read, cat: &Catalog, sink: &mut Sink, row_by_row: bool) {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    if cores > 1 && !row_by_row {
        super::blocks::read(input, cat, sink, super::blocks::BLOCK);
    } else {
        read_sequential(input, cat, sink);
    }
}

/// Reads the stream row by row on this thread.
pub(super) fn read_sequential(input: impl Read, cat: &Catalog, sink: &mut Sink) {
    let mut reader = reader(input);
    let mut record = ByteRecord::new();
    let columns = match read_header(&mut reader, &mut record, sink) {
        Header::Found(c) => c,
        Header::Missing => return no_header(sink),
        Header::Failed => return,
    };
    read_rows(&mut reader, &mut record, &columns, cat, Base::START, sink);
}

/// The CSV reader every path uses: no header (planc reads its own),
/// rows of any width (reported, not refused by the reader), `#` comments.
pub(super) fn reader<R: Read>(input: R) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(input)
}

/// Where a block of the file starts: its offset, and the lines before it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Base {
    /// Bytes before the block.
    pub offset: u64,
    /// Line breaks before the block.
    pub lines: u64,
}

impl Base {
    /// The start of the file.
    pub const START: Base = Base {
        offset: 0,
        lines: 0,
    };
}

/// What looking for the header found.
pub(super) enum Header {
    /// The header, read.
    Found(Columns),
    /// The input ended before any row: nothing reported yet.
    Missing,
    /// A problem with the header or the input, reported.
    Failed,
}

/// Reads up to and including the header row (blank rows before it are
/// skipped), at the start of the file.
pub(super) fn read_header<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut ByteRecord,
    out: &mut dyn Out,
) -> Header {
    loop {
        match reader.read_byte_record(record) {
            Ok(true) if is_blank(record) => continue,
            Ok(true) => {
                return match header(record, out) {
                    Some(c) => Header::Found(c),
                    None => Header::Failed,
                }
            }
            Ok(false) => return Header::Missing,
            Err(e) => {
                read_error(e, Base::START, out);
                return Header::Failed;
            }
        }
    }
}

pub(super) fn no_header(out: &mut dyn Out) {
    out.problem(
        Problem::new(
            Code::DataMissingColumn,
            Place::File,
            "the data file has no header row",
            "",
        )
        .help("the first row names the columns: metric,year,value,unit"),
    );
}

/// Reads data rows to the end of the input; false when a row stopped the
/// file (it is not UTF-8) or the input could not be read.
pub(super) fn read_rows<R: Read>(
    reader: &mut csv::Reader<R>,
    record: &mut ByteRecord,
    columns: &Columns,
    cat: &Catalog,
    base: Base,
    out: &mut dyn Out,
) -> bool {
    let mut last_region = String::new();
    loop {
        match reader.read_byte_record(record) {
            Ok(true) => {}
            Ok(false) => return true,
            Err(e) => {
                read_error(e, base, out);
                return false;
            }
        }
        if !record_row(record, columns, cat, &mut last_region, base, out) {
            return false;
        }
    }
}

/// [`read_rows`] for a block of whole records, split by
/// [`super::split::Records`] rather than the csv crate's reader, which
/// takes several times as long; the records, fields and positions are the
/// same.
pub(super) fn read_block_rows(
    bytes: &[u8],
    record: &mut ByteRecord,
    columns: &Columns,
    cat: &Catalog,
    base: Base,
    out: &mut dyn Out,
) -> bool {
    let mut last_region = String::new();
    let mut records = Records::new(bytes);
    let mut split = Split::default();
    loop {
        let ok = match records.next(&mut split, record) {
            Next::End => return true,
            Next::Split => record_row(&split, columns, cat, &mut last_region, base, out),
            Next::Record => record_row(record, columns, cat, &mut last_region, base, out),
        };
        if !ok {
            return false;
        }
    }
}

/// One record read: a blank one is skipped, any other is a data row.
fn record_row(
    record: &impl Fields,
    columns: &Columns,
    cat: &Catalog,
    last_region: &mut String,
    base: Base,
    out: &mut dyn Out,
) -> bool {
    if is_blank(record) {
        return true;
    }
    out.row_read();
    data_row(record, columns, cat, last_region, base, out)
}

/// Reports an error reading the input: an encoding error, else where the
/// reader stopped.
pub(super) fn read_error(e: csv::Error, base: Base, out: &mut dyn Out) {
    if let csv::ErrorKind::Io(io) = e.kind() {
        if let Some(m) = super::decode::malformed(io) {
            // The offset is in the file's bytes, not in the decoded text
            // spans point into: it is named, not shown.
            out.problem(
                Problem::new(
                    Code::Encoding,
                    Place::File,
                    format!(
                        "the data file is not valid {}: invalid byte at offset {}",
                        m.encoding, m.offset
                    ),
                    "",
                )
                .help("name the file's encoding with `--encoding`, or save it as UTF-8"),
            );
            return;
        }
    }
    let place = e.position().map_or(Place::File, |p| {
        Place::Record(p.byte().saturating_add(base.offset))
    });
    out.problem(Problem::new(
        Code::DataStructure,
        place,
        format!("cannot read the file: {e}"),
        "here",
    ));
}

/// A row of empty cells, as spreadsheets export after the last row.
fn is_blank(record: &impl Fields) -> bool {
    (0..record.count()).all(|i| {
        record
            .field(i)
            .is_none_or(|f| f.iter().all(u8::is_ascii_whitespace))
    })
}

fn header(record: &ByteRecord, sink: &mut dyn Out) -> Option<Columns> {
    let (at, _) = record.at();
    let place = |i: usize| Place::Cell {
        record: at,
        field: i as u32,
    };
    let mut names = Vec::with_capacity(record.len());
    for (i, raw) in record.iter().enumerate() {
        names.push(utf8(raw, place(i), sink)?);
    }
    table::header(&names, Place::Record(at), &place, sink)
}

/// Checks and records one data row. Returns false when the rest of the
/// file cannot be read (it is not UTF-8).
fn data_row(
    record: &impl Fields,
    columns: &Columns,
    cat: &Catalog,
    last_region: &mut String,
    base: Base,
    sink: &mut dyn Out,
) -> bool {
    let (at, line) = record.at();
    let (at, line) = (
        at.saturating_add(base.offset),
        line.saturating_add(base.lines),
    );
    let cell_place = |i: usize| Place::Cell {
        record: at,
        field: i as u32,
    };
    // A line break inside a field means a quote opened and never closed:
    // the reader took the following lines as part of this cell. One scan
    // of the record's bytes; the field is looked for only when there is one.
    let broken = if record.has_break() {
        (0..record.count()).find(|&i| {
            record
                .field(i)
                .is_some_and(|f| f.contains(&b'\n') || f.contains(&b'\r'))
        })
    } else {
        None
    };
    if let Some(i) = broken {
        sink.problem(
            Problem::new(
                Code::DataStructure,
                Place::CellStart {
                    record: at,
                    field: i as u32,
                },
                "a quote opens this cell and never closes; the lines after it were read as part of the cell",
                "unclosed quote",
            )
            .help("close the quote, or remove it: quotes are needed only around cells that hold a comma"),
        );
        return true;
    }
    if record.count() != columns.width {
        sink.problem(
            Problem::new(
                Code::DataStructure,
                Place::Record(at),
                format!(
                    "this row has {} cells but the header has {}",
                    record.count(),
                    columns.width
                ),
                "row",
            )
            .help("quote cells that contain a comma, e.g. \"1,5\""),
        );
        return true;
    }
    // Data is mostly sorted by region: a region cell like the last row's
    // is taken as it was, without checking its bytes again.
    let region_cell = columns.region.and_then(|i| record.field(i));
    let same_region = region_cell.is_some_and(|f| f == last_region.as_bytes());
    let mut text = |i: Option<usize>| -> Option<&str> {
        match i.and_then(|i| record.field(i).map(|f| (i, f))) {
            Some((i, f)) => utf8(f, cell_place(i), sink).map(trim),
            None => Some(""),
        }
    };
    // A cell that is exactly a metric's id needs no UTF-8 check.
    let metric = match record
        .field(columns.metric)
        .and_then(|f| cat.metric_by_bytes(f))
    {
        Some((_, id)) => Some(id),
        None => text(Some(columns.metric)),
    };
    // In the columns' order, so that the first cell that is not UTF-8 is
    // the one reported.
    let year = text(Some(columns.year));
    let value = text(Some(columns.value));
    let unit = text(columns.unit);
    let region = if same_region {
        None
    } else {
        Some(text(columns.region))
    };
    let note = text(columns.note);
    let measure = text(columns.measure);
    let (Some(metric), Some(year), Some(value), Some(unit), Some(note), Some(measure)) =
        (metric, year, value, unit, note, measure)
    else {
        return false;
    };
    let region = match region {
        None => last_region.as_str(),
        Some(None) => return false,
        Some(Some(r)) => {
            // Kept only when trimming changed nothing, so that the cached
            // bytes and the text they stand for are the same.
            last_region.clear();
            if region_cell.is_some_and(|f| f.len() == r.len()) {
                last_region.push_str(r);
            }
            r
        }
    };
    let cells = Cells {
        metric,
        year,
        value,
        unit,
        region,
        note,
        measure,
    };
    table::data_row(&cells, columns, line, &cell_place, cat, sink);
    true
}

/// `str::trim`, after a look at the first and last bytes: most cells have
/// no space around them. A byte that is ASCII and not whitespace begins or
/// ends no whitespace character; any other is looked at as a character.
pub(super) fn trim(s: &str) -> &str {
    let plain = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii() && !b.is_ascii_whitespace());
    if plain(s.as_bytes().first()) && plain(s.as_bytes().last()) {
        return s;
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next_back()) {
        (Some(a), Some(b)) if !a.is_whitespace() && !b.is_whitespace() => s,
        (Some(a), None) if !a.is_whitespace() => s,
        (None, _) => s,
        _ => s.trim(),
    }
}

/// A field as UTF-8; the first field that is not stops the file with an
/// encoding problem (rendered from the whole file, which names GBK).
fn utf8<'r>(raw: &'r [u8], place: Place, sink: &mut dyn Out) -> Option<&'r str> {
    match std::str::from_utf8(raw) {
        Ok(s) => Some(s),
        Err(_) => {
            sink.problem(Problem::new(
                Code::Encoding,
                place,
                "the data file is not UTF-8",
                "not UTF-8",
            ));
            None
        }
    }
}
