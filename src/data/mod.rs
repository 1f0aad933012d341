//! Reported data: reading CSV and JSON figures, checking every cell against
//! the model, and aggregating them into one figure per metric and year.
//!
//! `eval` sees only the [`Figures`] this produces, in base units.
//! `docs/data.md` describes both file formats.

pub mod catalog;
pub mod cells;
mod csv;
mod json;
pub mod problem;
pub mod row;
pub mod store;

pub use catalog::Catalog;
pub use problem::{Place, Problem};
pub use store::{Figure, Figures};

use crate::diag::{Code, Diagnostic};
use crate::exact::{self, Exact};
use crate::source::SourceFile;
use row::Row;
use std::io::Read;
use store::{Origin, Store};

/// Problems kept per file; later ones are counted, not stored, so a file
/// that is wrong on every one of ten million rows does not exhaust memory.
pub const MAX_PROBLEMS_PER_FILE: usize = 1000;

/// What reading one data file found.
#[derive(Clone, Debug, Default)]
pub struct FileReport {
    pub name: String,
    /// Data rows read (header, comments and empty rows not counted).
    pub rows: u64,
    /// Rows whose figure was recorded; every other row has a problem.
    pub accepted: u64,
    pub problems: Vec<Problem>,
    /// Problems beyond [`MAX_PROBLEMS_PER_FILE`], counted only.
    pub suppressed: u64,
}

impl FileReport {
    fn push(&mut self, p: Problem) {
        if self.problems.len() < MAX_PROBLEMS_PER_FILE {
            self.problems.push(p);
        } else {
            self.suppressed += 1;
        }
    }

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
        let (file, mut diags) = match SourceFile::from_bytes(self.name.clone(), bytes) {
            Ok(file) => {
                let diags = self
                    .problems
                    .iter()
                    .map(|p| p.to_diagnostic(&file))
                    .collect();
                (file, diags)
            }
            Err(e) => {
                let (file, diag) = *e;
                (file, vec![diag])
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
        (file, diags)
    }
}

/// Reads data files one after another into one set of figures.
pub struct Loader<'c, 'm> {
    cat: &'c Catalog<'m>,
    store: Store,
    files: Vec<FileReport>,
}

/// Everything read: the figures and what each file held.
#[derive(Debug, Default)]
pub struct Data {
    pub figures: Figures,
    pub files: Vec<FileReport>,
}

impl Data {
    pub fn has_errors(&self) -> bool {
        self.files.iter().any(FileReport::has_errors)
    }
}

/// The formats a data file can be in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
}

impl Format {
    /// `.json` is JSON; anything else is read as CSV.
    pub fn of_path(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Csv,
        }
    }
}

impl<'c, 'm> Loader<'c, 'm> {
    pub fn new(cat: &'c Catalog<'m>) -> Self {
        Loader {
            cat,
            store: Store::default(),
            files: Vec::new(),
        }
    }

    /// Streams a CSV file; memory stays bounded whatever its length.
    pub fn read_csv(&mut self, name: &str, input: impl Read) {
        let mut report = self.start(name);
        let file = self.files.len() as u32;
        csv::read(
            input,
            self.cat,
            &mut Sink::new(file, &mut self.store, &mut report, &self.files),
        );
        self.files.push(report);
    }

    /// Reads a JSON data file held in memory.
    pub fn read_json(&mut self, name: &str, bytes: &[u8]) {
        let mut report = self.start(name);
        let file = self.files.len() as u32;
        json::read(
            bytes,
            self.cat,
            &mut Sink::new(file, &mut self.store, &mut report, &self.files),
        );
        self.files.push(report);
    }

    /// Reads `bytes` in the given format.
    pub fn read(&mut self, name: &str, format: Format, bytes: &[u8]) {
        match format {
            Format::Csv => self.read_csv(name, bytes),
            Format::Json => self.read_json(name, bytes),
        }
    }

    fn start(&self, name: &str) -> FileReport {
        FileReport {
            name: name.to_string(),
            ..FileReport::default()
        }
    }

    pub fn finish(self) -> Data {
        Data {
            figures: self.store.finish(self.cat),
            files: self.files,
        }
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
        self.report.rows += 1;
    }

    /// Records a checked row, reporting a conflict with an earlier row.
    fn accept(&mut self, row: &Row, line: u64, place: Place, cat: &Catalog) {
        let origin = Origin {
            file: self.file,
            line,
            place,
        };
        match self
            .store
            .insert(row.metric, row.year, row.region, row.value, origin)
        {
            Ok(()) => self.report.accepted += 1,
            Err(c) => {
                let metric = cat.metric(row.metric).map_or("", |m| m.id.as_str());
                let scale = Exact::from(cat.metric_scale(row.metric));
                let show = |v: rust_decimal::Decimal| {
                    exact::in_unit(&Exact::from(v), &scale)
                        .map_or_else(|| v.to_string(), |d| d.to_string())
                };
                let unit = cat
                    .metric_unit(row.metric)
                    .map(|u| format!(" {}", u.id))
                    .unwrap_or_default();
                let region = if row.region.is_empty() {
                    String::new()
                } else {
                    format!(" in {}", row.region)
                };
                let mut p = Problem::new(
                    Code::DataConflict,
                    place,
                    format!(
                        "conflicting figures for `{metric}` in {}{region}: {}{unit} here, {}{unit} before",
                        row.year,
                        show(row.value),
                        show(c.value)
                    ),
                    "this figure",
                );
                if c.origin.file == self.file {
                    p = p.related(c.origin.place, "differs from this one");
                } else {
                    let other = self
                        .earlier
                        .get(c.origin.file as usize)
                        .map_or("another file", |f| f.name.as_str());
                    p = p.help(format!(
                        "the first figure is in {other}, line {}; keep one of them",
                        c.origin.line
                    ));
                }
                if p.help.is_none() {
                    p = p.help("a metric has one figure per year and region; keep one of the rows");
                }
                self.problem(p);
            }
        }
    }
}
