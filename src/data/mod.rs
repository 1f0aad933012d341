//! Reported data: reading CSV and JSON figures, checking every cell against
//! the model, and aggregating them into one figure per metric and year.
//!
//! `eval` sees only the [`Figures`] this produces, in base units.
//! `docs/data.md` describes both file formats.

#![deny(clippy::arithmetic_side_effects)]

mod blocks;
pub mod catalog;
pub mod cells;
mod csv;
pub mod decode;
mod json;
pub mod problem;
pub mod row;
mod sheet;
mod slots;
mod split;
pub mod store;
mod table;

pub use catalog::Catalog;
pub use problem::{Place, Problem, Reach};
pub use store::{Figure, Figures};

use crate::diag::{Code, Diagnostic};
use crate::exact::{self, Exact};
use crate::source::SourceFile;
use row::Row;
use std::io::{Read, Seek};
use store::{Origin, Store};

/// Data files read in one run: the figure table keeps a file's index in
/// 16 bits.
pub const MAX_FILES: usize = 1 << 16;

/// Problems kept per file; later ones are counted, not stored, so a file
/// that is wrong on every one of ten million rows does not exhaust memory.
pub const MAX_PROBLEMS_PER_FILE: usize = 1000;

/// What reading one data file found.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    /// The file's name as given.
    pub name: String,
    /// Data rows read (header, comments and empty rows not counted).
    pub rows: u64,
    /// Rows whose figure was recorded.
    pub accepted: u64,
    /// Rows whose value cell is empty: not reported, so nothing recorded
    /// (never read as zero). Every other row not accepted has a problem.
    pub unreported: u64,
    /// The problems found, at most [`MAX_PROBLEMS_PER_FILE`].
    pub problems: Vec<Problem>,
    /// Problems beyond [`MAX_PROBLEMS_PER_FILE`], counted only.
    pub suppressed: u64,
    /// The encoding a CSV file was read in.
    pub encoding: decode::Chosen,
    /// For spreadsheet data, the worksheet read: problems point at its
    /// cells rather than into text.
    pub sheet: Option<String>,
    /// How a recorded figure's row is found again when a later row
    /// conflicts with it.
    pub positions: Rows,
}

/// How a data file's rows are named when a figure is first given in them:
/// the store keeps each figure's position in 48 bits, and this gives it
/// back its place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rows {
    /// No figure recorded yet.
    #[default]
    Unknown,
    /// CSV: by line, the figure in field `value`.
    CsvLines {
        /// The `value` column's field.
        value: u32,
    },
    /// JSON: by the byte the figure's value starts at.
    JsonOffsets,
    /// A worksheet: by 0-based row, the figure in column `value`.
    SheetRows {
        /// The `value` column, 0-based.
        value: u32,
    },
}

impl Rows {
    /// What a reader's place for a row's value says about its file's rows,
    /// and the row's position to keep.
    fn of(place: Place, line: u64) -> (Rows, u64) {
        match place {
            Place::Cell { field, .. } | Place::CellStart { field, .. } => {
                (Rows::CsvLines { value: field }, line)
            }
            Place::SheetCell { row, column } => (Rows::SheetRows { value: column }, u64::from(row)),
            Place::Bytes { start, .. } | Place::Token(start) => (Rows::JsonOffsets, start),
            _ => (Rows::Unknown, line),
        }
    }

    /// The place of the figure kept at position `at`.
    fn place(self, at: u64) -> Place {
        match self {
            Rows::CsvLines { value } => Place::LineCell {
                line: at,
                field: value,
            },
            Rows::SheetRows { value } => Place::SheetCell {
                row: u32::try_from(at).unwrap_or(u32::MAX),
                column: value,
            },
            Rows::JsonOffsets => Place::Token(at),
            Rows::Unknown => Place::File,
        }
    }
}

impl FileReport {
    fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS_PER_FILE {
            self.problems.push(p);
        } else {
            self.suppressed = self.suppressed.saturating_add(1);
        }
    }

    /// Whether a problem is an error (a warning alone is not), or problems were
    /// suppressed.
    pub fn has_errors(&self) -> bool {
        self.suppressed > 0
            || self
                .problems
                .iter()
                .any(|p| p.code.severity() == crate::diag::Severity::Error)
    }

    /// The problems as diagnostics against the file's bytes. A file that is
    /// not UTF-8 gets the one encoding diagnostic (GBK detected and named).
    pub fn diagnostics(&self, bytes: Vec<u8>) -> (SourceFile, Vec<Diagnostic>) {
        let bytes = if self.encoding.is_utf8() {
            bytes
        } else {
            // Decoded as it was read; bytes past a bad sequence are left
            // out, as the reader stopped there too.
            let mut text = Vec::new();
            let _stopped_at_a_bad_sequence =
                decode::reader(bytes.as_slice(), self.encoding).read_to_end(&mut text);
            text
        };
        let (file, diags, _) = self.resolve(&self.problems, bytes, Reach::Whole);
        (file, diags)
    }

    /// The first `keep` problems as diagnostics, the file read back from
    /// `input` (as opened) only as far as they need: to the end of the line after the
    /// furthest one, and never more than `cap` bytes. The problems after
    /// the first `keep` are counted in [`Excerpts::omitted`]. A read error
    /// is reported as a diagnostic of its own, and the problems keep their
    /// messages without positions.
    pub fn diagnostics_from(
        &self,
        input: std::io::Result<impl Read>,
        keep: usize,
        cap: u64,
    ) -> Excerpts {
        let shown = self.problems.get(..keep).unwrap_or(&self.problems);
        let mut omitted = crate::diag::Omitted::default();
        for p in self.problems.get(keep..).unwrap_or_default() {
            match p.code.severity() {
                crate::diag::Severity::Error => omitted.errors = omitted.errors.saturating_add(1),
                crate::diag::Severity::Warning => {
                    omitted.warnings = omitted.warnings.saturating_add(1)
                }
            }
        }
        // Read back in the encoding the file was read in, so that offsets
        // into the decoded text find their cells.
        let input = input.map(|i| decode::reader(i, self.encoding));
        let until = shown
            .iter()
            .flat_map(|p| [Some(p.place), p.related.as_ref().map(|r| r.0)])
            .filter_map(|place| place?.offset())
            .max();
        let (file, diagnostics, utf8) = match until {
            // Every problem is about the whole file: nothing to point into.
            None => self.resolve(shown, Vec::new(), Reach::Nothing),
            Some(until) => match input
                .and_then(|input| read_back(input, until, cap.min(crate::io::MAX_FILE_BYTES)))
            {
                Ok((bytes, whole)) => {
                    let reach = if whole { Reach::Whole } else { Reach::Prefix };
                    self.resolve(shown, bytes, reach)
                }
                Err(e) => {
                    let (file, mut diags, utf8) = self.resolve(shown, Vec::new(), Reach::Nothing);
                    diags.insert(
                        0,
                        Diagnostic::new(
                            Code::Io,
                            format!(
                                "cannot read {} again to show where its problems are: {e}",
                                self.name
                            ),
                        ),
                    );
                    (file, diags, utf8)
                }
            },
        };
        if !utf8 {
            // Not UTF-8: the one encoding diagnostic stands for them all.
            omitted = crate::diag::Omitted::default();
        }
        Excerpts {
            file,
            diagnostics,
            omitted,
        }
    }

    fn resolve(
        &self,
        problems: &[Problem],
        bytes: Vec<u8>,
        reach: Reach,
    ) -> (SourceFile, Vec<Diagnostic>, bool) {
        let (file, mut diags, utf8) = match (
            &self.sheet,
            SourceFile::from_bytes(self.name.clone(), bytes),
        ) {
            (Some(sheet), _) => {
                let file = SourceFile::new(self.name.clone(), String::new());
                let diags = problems.iter().map(|p| p.in_sheet(sheet)).collect();
                (file, diags, true)
            }
            (None, Ok(file)) => {
                let diags = problems.iter().map(|p| p.locate(&file, reach)).collect();
                (file, diags, true)
            }
            (None, Err(e)) => {
                let (file, mut diag) = *e;
                if diag.message.contains("GBK") {
                    // A data file can be read as GBK: say how, not how to
                    // convert it.
                    diag.help = Some(format!(
                        "read it as GBK with `--encoding gbk`, or save it as UTF-8 (its first {} bytes are UTF-8, so planc did not guess GBK)",
                        decode::SNIFF_BYTES
                    ));
                }
                (file, vec![diag], false)
            }
        };
        if self.suppressed > 0 {
            diags.push(Diagnostic::new(
                Code::DataLimit,
                format!(
                    "{} more problems in {} not shown (the first {MAX_PROBLEMS_PER_FILE} are)",
                    self.suppressed, self.name
                ),
            ));
        }
        (file, diags, utf8)
    }
}

/// A data file's problems as diagnostics, with the part of the file they
/// point into.
#[derive(Debug)]
pub struct Excerpts {
    /// The file's first bytes, as far as the diagnostics need.
    pub file: SourceFile,
    /// The problems as diagnostics, in the order found.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found but not turned into diagnostics, counted.
    pub omitted: crate::diag::Omitted,
}

/// Reads `input` up to the end of the line after the one holding byte
/// `until` (so an excerpt shows it and the line below), and at most `cap`
/// bytes, cut back to a whole line. The flag is true when the whole file
/// was read.
fn read_back(input: impl Read, until: u64, cap: u64) -> std::io::Result<(Vec<u8>, bool)> {
    let mut input = input.take(cap);
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 1 << 16];
    let mut breaks = 0u8;
    loop {
        let n = match input.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        let got = chunk.get(..n).unwrap_or_default();
        let from = bytes.len() as u64;
        for (i, &b) in got.iter().enumerate() {
            if b == b'\n' && from.saturating_add(i as u64) >= until {
                breaks = breaks.saturating_add(1);
                if breaks == 2 {
                    bytes.extend_from_slice(got.get(..=i).unwrap_or_default());
                    return Ok((bytes, false));
                }
            }
        }
        bytes.extend_from_slice(got);
    }
    if (bytes.len() as u64) < cap {
        return Ok((bytes, true));
    }
    // Cut at the limit: keep whole lines, or at least whole characters.
    match bytes.iter().rposition(|&b| b == b'\n') {
        Some(i) => bytes.truncate(i.saturating_add(1)),
        None => {
            if let Err(e) = std::str::from_utf8(&bytes) {
                if e.error_len().is_none() {
                    bytes.truncate(e.valid_up_to());
                }
            }
        }
    }
    Ok((bytes, false))
}

/// Reads data files one after another into one set of figures.
pub struct Loader<'c, 'm> {
    cat: &'c Catalog<'m>,
    store: Store,
    files: Vec<FileReport>,
    /// Read CSV on this thread only, not in blocks on every core.
    row_by_row: bool,
}

/// Everything read: the figures and what each file held.
#[derive(Debug, Default)]
pub struct Data {
    /// The figures of every file, merged.
    pub figures: Figures,
    /// What each file held, in the order read.
    pub files: Vec<FileReport>,
}

impl Data {
    /// Whether any file has an error.
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(FileReport::has_errors)
    }
}

/// The formats a data file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// CSV (docs/data.md#csv).
    Csv,
    /// JSON (docs/data.md#json).
    Json,
    /// A spreadsheet workbook, read with calamine.
    Workbook(Book),
}

/// The workbook formats calamine reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Book {
    /// `.xlsx`, `.xlsm`: Office Open XML, streamed cell by cell.
    Xlsx,
    /// `.xlsb`: Excel's binary workbook.
    Xlsb,
    /// `.xls`: Excel 97–2003.
    Xls,
    /// `.ods`: OpenDocument (LibreOffice, WPS).
    Ods,
}

impl Format {
    /// By extension, in any letter case: `.json` is JSON, `.xlsx`, `.xlsm`,
    /// `.xlsb`, `.xls` and `.ods` are workbooks; anything else is CSV.
    pub fn of_path(path: &std::path::Path) -> Format {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("json") => Format::Json,
            Some("xlsx" | "xlsm") => Format::Workbook(Book::Xlsx),
            Some("xlsb") => Format::Workbook(Book::Xlsb),
            Some("xls") => Format::Workbook(Book::Xls),
            Some("ods") => Format::Workbook(Book::Ods),
            _ => Format::Csv,
        }
    }
}

impl<'c, 'm> Loader<'c, 'm> {
    /// A loader for data about the catalog's model.
    pub fn new(cat: &'c Catalog<'m>) -> Self {
        Loader {
            cat,
            store: Store::new(cat),
            files: Vec::new(),
            row_by_row: false,
        }
    }

    /// Reads CSV row by row on this thread, rather than in blocks on every
    /// core: the same results, less memory in flight (one record rather
    /// than a few blocks), less speed.
    pub fn row_by_row(&mut self) {
        self.row_by_row = true;
    }

    /// Streams a CSV file in the encoding `encoding` names, else the one its
    /// first bytes suggest: UTF-8, UTF-16 by its byte order mark, or GBK
    /// (read as GB18030, with a warning, W0005, that it was a guess).
    /// Fails only when the first bytes cannot be read.
    pub fn read_csv_in(
        &mut self,
        name: &str,
        input: impl Read,
        encoding: Option<&'static encoding_rs::Encoding>,
    ) -> std::io::Result<()> {
        if self.refuse_beyond_limit(name) {
            return Ok(());
        }
        let peeked = decode::peek(input)?;
        let chosen = match encoding {
            Some(encoding) => decode::Chosen {
                encoding,
                guessed: false,
            },
            None => decode::sniff(peeked.prefix(), peeked.complete),
        };
        let input = peeked.input;
        let mut report = self.start(name);
        report.encoding = chosen;
        if chosen.guessed {
            report.push(
                Problem::new(
                    Code::DataEncoding,
                    Place::File,
                    format!(
                        "{name} is not UTF-8; read as GBK (decoded as GB18030, its superset), the encoding Excel saves CSV in on a Chinese Windows"
                    ),
                    "",
                )
                .help("if the figures read wrong, name the file's encoding with `--encoding` (e.g. `--encoding big5`); `--encoding gbk` or saving as UTF-8 silences this"),
            );
        }
        let file = self.files.len() as u32;
        csv::read(
            decode::reader(input, chosen),
            self.cat,
            &mut Sink::new(file, &mut self.store, &mut report, &self.files),
            self.row_by_row,
        );
        self.files.push(report);
        Ok(())
    }

    /// Reads the worksheet `sheet` (by default the first) of a workbook:
    /// the same columns as CSV, one row a line, each row checked and
    /// stored as it is read. Problems point at cells (`指标!C4`).
    pub fn read_workbook(
        &mut self,
        name: &str,
        book: Book,
        input: impl Read + Seek,
        sheet: Option<&str>,
    ) {
        if self.refuse_beyond_limit(name) {
            return;
        }
        let mut report = self.start(name);
        let file = self.files.len() as u32;
        let read = sheet::read(
            input,
            book,
            sheet,
            self.cat,
            &mut Sink::new(file, &mut self.store, &mut report, &self.files),
        );
        // A workbook's problems point at cells, never into text. When no
        // sheet could be read, every problem is about the whole file and
        // names no sheet.
        report.sheet = read.or_else(|| Some(String::new()));
        self.files.push(report);
    }

    /// Streams a UTF-8 CSV file; memory stays bounded whatever its length.
    pub fn read_csv(&mut self, name: &str, input: impl Read) {
        if self.refuse_beyond_limit(name) {
            return;
        }
        let mut report = self.start(name);
        let file = self.files.len() as u32;
        csv::read(
            input,
            self.cat,
            &mut Sink::new(file, &mut self.store, &mut report, &self.files),
            self.row_by_row,
        );
        self.files.push(report);
    }

    /// Streams a JSON data file: rows are checked and stored one at a
    /// time, so memory stays bounded whatever its length.
    pub fn read_json(&mut self, name: &str, input: impl Read) {
        if self.refuse_beyond_limit(name) {
            return;
        }
        let mut report = self.start(name);
        let file = self.files.len() as u32;
        json::read(
            input,
            self.cat,
            &mut Sink::new(file, &mut self.store, &mut report, &self.files),
        );
        self.files.push(report);
    }

    /// Reads `bytes` in the given format.
    pub fn read(&mut self, name: &str, format: Format, bytes: &[u8]) {
        match format {
            Format::Csv => {
                if let Err(e) = self.read_csv_in(name, bytes, None) {
                    // Reading from memory cannot fail; say so if it does.
                    self.not_read(
                        name,
                        Problem::new(
                            Code::Io,
                            Place::File,
                            format!("cannot read {name}: {e}"),
                            "",
                        ),
                    );
                }
            }
            Format::Json => self.read_json(name, bytes),
            Format::Workbook(book) => {
                self.read_workbook(name, book, std::io::Cursor::new(bytes), None)
            }
        }
    }

    fn start(&self, name: &str) -> FileReport {
        FileReport {
            name: name.to_string(),
            ..FileReport::default()
        }
    }

    /// The distinct (metric, year, region) keys with a figure or growth
    /// rate so far: what the loader's memory grows with, whatever the
    /// number of rows that repeat them.
    pub fn keys(&self) -> usize {
        self.store.keys()
    }

    /// What each file read so far held, in the order read.
    pub fn files(&self) -> &[FileReport] {
        &self.files
    }

    /// The figures read, and what each file held.
    pub fn finish(self) -> Data {
        let (figures, unreadable) = self.store.finish(self.cat);
        let mut files = self.files;
        if unreadable > 0 {
            if let Some(last) = files.last_mut() {
                last.push(Problem::new(
                    Code::Internal,
                    Place::File,
                    format!("{unreadable} regional figures could not be read back from the figure table; this is a bug in planc"),
                    "",
                ));
            }
        }
        Data { figures, files }
    }

    /// Whether the loader has read [`MAX_FILES`] files; a further file is
    /// refused with a problem of its own rather than read.
    fn refuse_beyond_limit(&mut self, name: &str) -> bool {
        if self.files.len() < MAX_FILES {
            return false;
        }
        self.not_read(
            name,
            Problem::new(
                Code::DataLimit,
                Place::File,
                format!(
                    "{name} was not read: planc reads at most {MAX_FILES} data files in one run"
                ),
                "",
            ),
        );
        true
    }

    /// Records a file that was not read, with the problem that says why.
    fn not_read(&mut self, name: &str, problem: Problem) {
        let mut report = self.start(name);
        report.push(problem);
        self.files.push(report);
    }
}

/// Where a reader sends what it finds in a row: the loader's [`Sink`], or
/// a block's list that a worker thread keeps for it ([`blocks`]).
pub(crate) trait Out {
    /// A problem, in the order found.
    fn problem(&mut self, p: Problem);
    /// A data row was read.
    fn row_read(&mut self);
    /// A row whose value cell is empty.
    fn unreported(&mut self);
    /// A row that passed every check, at `line`, its value at `place`.
    fn accept(&mut self, row: &Row, line: u64, place: Place, cat: &Catalog);
}

impl Out for Sink<'_> {
    fn problem(&mut self, p: Problem) {
        Sink::problem(self, p);
    }

    fn row_read(&mut self) {
        Sink::row_read(self);
    }

    fn unreported(&mut self) {
        Sink::unreported(self);
    }

    fn accept(&mut self, row: &Row, line: u64, place: Place, cat: &Catalog) {
        Sink::accept(self, row, line, place, cat);
    }
}

/// Where a reader sends rows and problems.
struct Sink<'a> {
    file: u32,
    store: &'a mut Store,
    report: &'a mut FileReport,
    /// Files read before, to name them when a row conflicts with one.
    earlier: &'a [FileReport],
}

impl<'a> Sink<'a> {
    fn new(
        file: u32,
        store: &'a mut Store,
        report: &'a mut FileReport,
        earlier: &'a [FileReport],
    ) -> Self {
        Sink {
            file,
            store,
            report,
            earlier,
        }
    }

    fn problem(&mut self, p: Problem) {
        self.report.push(p);
    }

    fn row_read(&mut self) {
        self.report.rows = self.report.rows.saturating_add(1);
    }

    fn unreported(&mut self) {
        self.report.unreported = self.report.unreported.saturating_add(1);
    }

    /// Counts a block's rows, read and unreported, at once.
    fn counted(&mut self, rows: u64, unreported: u64) {
        self.report.rows = self.report.rows.saturating_add(rows);
        self.report.unreported = self.report.unreported.saturating_add(unreported);
    }

    /// Records a checked row, reporting a conflict with an earlier row.
    fn accept(&mut self, row: &Row, line: u64, place: Place, cat: &Catalog) {
        let (rows, at) = Rows::of(place, line);
        self.report.positions = rows;
        let origin = Origin {
            file: self.file,
            at,
        };
        let stored = match row.set {
            Some(op) => self.store.set(
                row.metric,
                row.year,
                row.measure.is_rate(),
                op,
                row.value,
                origin,
            ),
            None => self.store.insert(
                row.metric,
                row.year,
                row.region,
                row.measure,
                row.value,
                origin,
            ),
        };
        match stored {
            Ok(()) => {
                self.report.accepted = self.report.accepted.saturating_add(1);
                let commitment = cat.is_commitment(row.metric);
                if commitment && row.region.is_empty() {
                    self.store.note(row.metric, row.year, row.note);
                }
            }
            Err(c) => self.conflict(row, place, c, cat),
        }
    }

    /// Counts `accepted` of `rows` stored elsewhere (by the block reader's
    /// threads), whose value cells are like `place`.
    fn stored_elsewhere(&mut self, rows: u64, accepted: u64, place: Place) {
        self.report.accepted = self.report.accepted.saturating_add(accepted);
        if rows > 0 {
            self.report.positions = Rows::of(place, 0).0;
        }
    }

    /// Reports a row that conflicts with an earlier one.
    fn conflict(&mut self, row: &Row, place: Place, c: store::Conflict, cat: &Catalog) {
        let metric = cat.metric(row.metric).map_or("", |m| m.id.as_str());
        let growth = row.measure.is_rate();
        // A rate is held in percent; a figure in base units.
        let scale = if growth {
            Exact::from_int(1)
        } else {
            Exact::from(cat.metric_scale(row.metric))
        };
        let commitment = cat.is_commitment(row.metric);
        let show = |v: rust_decimal::Decimal| match row::Assessment::of_code(v) {
            Some(a) if commitment => format!("`{}`", a.as_str()),
            _ => exact::in_unit(&Exact::from(v), &scale)
                .map_or_else(|| v.to_string(), |d| d.to_string()),
        };
        let unit = if growth {
            "%".to_string()
        } else {
            cat.metric_unit(row.metric)
                .map(|u| format!(" {}", u.id))
                .unwrap_or_default()
        };
        let what = match (growth, commitment) {
            _ if row.measure.is_set() => "values set",
            (true, _) => "growth rates",
            (false, true) => "assessments",
            (false, false) => "figures",
        };
        let region = if row.region.is_empty() {
            String::new()
        } else {
            format!(" in {}", row.region)
        };
        let mut p = Problem::new(
            Code::DataConflict,
            place,
            format!(
                "conflicting {what} for `{metric}` in {}{region}: {}{unit} here, {}{unit} before",
                row.year,
                show(row.value),
                show(c.value)
            ),
            match (growth, commitment) {
                _ if row.measure.is_set() => "this value",
                (true, _) => "this rate",
                (false, true) => "this assessment",
                (false, false) => "this figure",
            },
        );
        if c.origin.file == self.file {
            p = p.related(
                self.report.positions.place(c.origin.at),
                "differs from this one",
            );
        } else {
            let earlier = self.earlier.get(c.origin.file as usize);
            let other = earlier.map_or("another file", |f| f.name.as_str());
            // A workbook's row is named by its cell (`指标!C4`).
            let first = earlier.map(|f| (f.positions.place(c.origin.at), f.sheet.as_deref()));
            let at = match first {
                Some((place, Some(sheet))) => place.cell(sheet).map_or_else(
                    || format!("row {}", c.origin.at.saturating_add(1)),
                    |cell| cell.to_string(),
                ),
                Some((Place::Token(at), None)) => format!("at byte {at}"),
                _ => format!("line {}", c.origin.at),
            };
            p = p.help(format!(
                "the first figure is in {other}, {at}; keep one of them"
            ));
        }
        if p.help.is_none() {
            p = p.help(if row.measure.is_set() {
                "a metric has one value set per year; keep one of the rows"
            } else if growth {
                "a metric has one growth rate per year and region; keep one of the rows"
            } else {
                "a metric has one figure per year and region; keep one of the rows"
            });
        }
        self.problem(p);
    }
}
