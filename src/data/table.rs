//! Rows of text cells, whatever file they come from: the header that names
//! the columns, and one data row checked and stored. The CSV reader and the
//! spreadsheet reader both feed this one path, so a row means the same in
//! either, and goes into the same store.

use super::catalog::Catalog;
use super::problem::{Place, Problem};
use super::row::{self, Cells, Col};
use super::Out;
use crate::diag::Code;

/// Which field of a row holds each column.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Columns {
    pub metric: usize,
    pub year: usize,
    pub value: usize,
    pub unit: Option<usize>,
    pub region: Option<usize>,
    pub note: Option<usize>,
    pub measure: Option<usize>,
    /// Fields in the header, those read and those ignored.
    pub width: usize,
}

impl Columns {
    /// The field of a column; a missing optional column is pointed at as
    /// the field just past the header's last.
    pub fn field(&self, col: Col) -> usize {
        let i = match col {
            Col::Metric => Some(self.metric),
            Col::Year => Some(self.year),
            Col::Value => Some(self.value),
            Col::Unit => self.unit,
            Col::Region => self.region,
            Col::Note => self.note,
            Col::Measure => self.measure,
        };
        i.unwrap_or(self.width)
    }
}

/// Reads the header row: `names` are its cells, `place(i)` where cell `i`
/// is, `row` the row itself. Every problem of the header is reported; the
/// columns come back only when there is none.
pub(super) fn header(
    names: &[&str],
    row: Place,
    place: &dyn Fn(usize) -> Place,
    sink: &mut dyn Out,
) -> Option<Columns> {
    let mut found: Vec<(Col, usize)> = Vec::new();
    let mut ok = true;
    for (i, name) in names.iter().enumerate() {
        // A UTF-8 byte order mark stays on the first name when the file
        // opens with comment lines before the header.
        let name = name.trim_start_matches('\u{feff}').trim();
        match row::column(name) {
            Some(col) if found.iter().any(|&(c, _)| c == col) => {
                ok = false;
                sink.problem(
                    Problem::new(
                        Code::DataStructure,
                        place(i),
                        format!("column `{name}` appears twice"),
                        "repeated column",
                    )
                    .help("keep one column of each name"),
                );
            }
            Some(col) => found.push((col, i)),
            // The columns a data-collection template adds for the people
            // filling it in; their cells are not read.
            None if row::is_template_column(name) => {}
            None => {
                ok = false;
                let help = row::suggest_column(name)
                    .map(|s| format!("did you mean `{s}`? Free text belongs in the `note` column"))
                    .unwrap_or_else(|| {
                        "the columns are metric, year, value, unit, region, note and measure (and description, agency and quote, which are not read)"
                            .to_string()
                    });
                sink.problem(
                    Problem::new(
                        Code::DataStructure,
                        place(i),
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
                row,
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
        width: names.len(),
    })
}

/// Checks one data row, its cells already text, and stores it. `line` names
/// the row when a later file conflicts with it; `place(i)` is where field
/// `i` is. A row whose value cell is empty is not reported: it is checked
/// and counted, and nothing is stored.
pub(super) fn data_row(
    cells: &Cells,
    columns: &Columns,
    line: u64,
    place: &dyn Fn(usize) -> Place,
    cat: &Catalog,
    sink: &mut dyn Out,
) {
    let at = |col: Col| place(columns.field(col));
    let mut problems = Vec::new();
    let row = row::check(cat, cells, &at, &mut |p| problems.push(p));
    let clean = problems.is_empty();
    for p in problems {
        sink.problem(p);
    }
    if let Some(row) = row {
        sink.accept(&row, line, at(Col::Value), cat);
    } else if clean && cells.value.is_empty() {
        sink.unreported();
    }
}
