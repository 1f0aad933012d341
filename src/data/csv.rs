//! The CSV data reader: `metric,year,value[,unit][,region][,note][,measure]`.
//!
//! Records are read as raw bytes (`csv::ByteRecord`, one buffer reused for
//! every row) and go straight into the store, so the file is streamed
//! rather than held. A problem keeps the record's byte offset and the
//! field's index; the exact span is found only if it is shown.

use super::catalog::Catalog;
use super::problem::{Place, Problem};
use super::row::{self, Cells, Col};
use super::Sink;
use crate::diag::Code;
use csv::ByteRecord;
use std::io::Read;

/// Which field of a record holds each column.
#[derive(Clone, Copy, Debug, Default)]
struct Columns {
    metric: usize,
    year: usize,
    value: usize,
    unit: Option<usize>,
    region: Option<usize>,
    note: Option<usize>,
    measure: Option<usize>,
    width: usize,
}

pub(super) fn read(input: impl Read, cat: &Catalog, sink: &mut Sink) {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(input);
    let mut record = ByteRecord::new();
    let columns = loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) if is_blank(&record) => continue,
            Ok(true) => match header(&record, sink) {
                Some(c) => break c,
                None => return,
            },
            Ok(false) => {
                sink.problem(
                    Problem::new(
                        Code::DataMissingColumn,
                        Place::File,
                        "the data file has no header row",
                        "",
                    )
                    .help("the first row names the columns: metric,year,value,unit"),
                );
                return;
            }
            Err(e) => return read_error(e, sink),
        }
    };
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return,
            Err(e) => return read_error(e, sink),
        }
        if is_blank(&record) {
            continue;
        }
        sink.row_read();
        if !data_row(&record, &columns, cat, sink) {
            return;
        }
    }
}

fn read_error(e: csv::Error, sink: &mut Sink) {
    let place = e
        .position()
        .map_or(Place::File, |p| Place::Record(p.byte()));
    sink.problem(Problem::new(
        Code::DataStructure,
        place,
        format!("cannot read the file: {e}"),
        "here",
    ));
}

/// A row of empty cells, as spreadsheets export after the last row.
fn is_blank(record: &ByteRecord) -> bool {
    record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace))
}

fn position(record: &ByteRecord) -> (u64, u64) {
    record.position().map_or((0, 0), |p| (p.byte(), p.line()))
}

fn header(record: &ByteRecord, sink: &mut Sink) -> Option<Columns> {
    let (at, _) = position(record);
    let mut found: Vec<(Col, usize)> = Vec::new();
    let mut ok = true;
    for (i, raw) in record.iter().enumerate() {
        let place = Place::Cell {
            record: at,
            field: i as u32,
        };
        let name = utf8(raw, place, sink)?;
        // A UTF-8 byte order mark stays on the first name when the file
        // opens with comment lines before the header.
        let name = name.trim_start_matches('\u{feff}').trim();
        match row::column(name) {
            Some(col) if found.iter().any(|&(c, _)| c == col) => {
                ok = false;
                sink.problem(
                    Problem::new(
                        Code::DataStructure,
                        place,
                        format!("column `{name}` appears twice"),
                        "repeated column",
                    )
                    .help("keep one column of each name"),
                );
            }
            Some(col) => found.push((col, i)),
            None => {
                ok = false;
                let help = row::suggest_column(name)
                    .map(|s| format!("did you mean `{s}`? Free text belongs in the `note` column"))
                    .unwrap_or_else(|| {
                        "the columns are metric, year, value, unit, region, note and measure"
                            .to_string()
                    });
                sink.problem(
                    Problem::new(
                        Code::DataStructure,
                        place,
                        format!("unknown column `{name}`"),
                        "not a data column",
                    )
                    .help(help),
                );
            }
        }
    }
    let get = |col: Col| found.iter().find(|&&(c, _)| c == col).map(|&(_, i)| i);
    let missing: Vec<&str> = [Col::Metric, Col::Year, Col::Value]
        .into_iter()
        .filter(|&c| get(c).is_none())
        .map(Col::name)
        .collect();
    if !missing.is_empty() {
        sink.problem(
            Problem::new(
                Code::DataMissingColumn,
                Place::Record(at),
                format!(
                    "the header lacks the {} column{}",
                    missing.join(", "),
                    if missing.len() > 1 { "s" } else { "" }
                ),
                "header row",
            )
            .help(
                "the header names at least metric, year and value, e.g. `metric,year,value,unit`",
            ),
        );
        return None;
    }
    if !ok {
        return None;
    }
    Some(Columns {
        metric: get(Col::Metric).unwrap_or(0),
        year: get(Col::Year).unwrap_or(0),
        value: get(Col::Value).unwrap_or(0),
        unit: get(Col::Unit),
        region: get(Col::Region),
        note: get(Col::Note),
        measure: get(Col::Measure),
        width: record.len(),
    })
}

/// Checks and records one data row. Returns false when the rest of the
/// file cannot be read (it is not UTF-8).
fn data_row(record: &ByteRecord, columns: &Columns, cat: &Catalog, sink: &mut Sink) -> bool {
    let (at, line) = position(record);
    let cell_place = |i: usize| Place::Cell {
        record: at,
        field: i as u32,
    };
    // A line break inside a field means a quote opened and never closed:
    // the reader took the following lines as part of this cell.
    if let Some(i) = record
        .iter()
        .position(|f| f.contains(&b'\n') || f.contains(&b'\r'))
    {
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
    if record.len() != columns.width {
        sink.problem(
            Problem::new(
                Code::DataStructure,
                Place::Record(at),
                format!(
                    "this row has {} cells but the header has {}",
                    record.len(),
                    columns.width
                ),
                "row",
            )
            .help("quote cells that contain a comma, e.g. \"1,5\""),
        );
        return true;
    }
    let mut text = |i: Option<usize>| -> Option<&str> {
        match i.and_then(|i| record.get(i).map(|f| (i, f))) {
            Some((i, f)) => utf8(f, cell_place(i), sink).map(str::trim),
            None => Some(""),
        }
    };
    let (
        Some(metric),
        Some(year),
        Some(value),
        Some(unit),
        Some(region),
        Some(note),
        Some(measure),
    ) = (
        text(Some(columns.metric)),
        text(Some(columns.year)),
        text(Some(columns.value)),
        text(columns.unit),
        text(columns.region),
        text(columns.note),
        text(columns.measure),
    )
    else {
        return false;
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
    let place = |col: Col| {
        let i = match col {
            Col::Metric => Some(columns.metric),
            Col::Year => Some(columns.year),
            Col::Value => Some(columns.value),
            Col::Unit => columns.unit,
            Col::Region => columns.region,
            Col::Note => columns.note,
            Col::Measure => columns.measure,
        };
        // A missing optional column is pointed at as the row's end.
        cell_place(i.unwrap_or(columns.width))
    };
    let mut problems = Vec::new();
    let row = row::check(cat, &cells, &place, &mut |p| problems.push(p));
    for p in problems {
        sink.problem(p);
    }
    if let Some(row) = row {
        sink.accept(&row, line, place(Col::Value), cat);
    }
    true
}

/// A field as UTF-8; the first field that is not stops the file with an
/// encoding problem (rendered from the whole file, which names GBK).
fn utf8<'r>(raw: &'r [u8], place: Place, sink: &mut Sink) -> Option<&'r str> {
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
