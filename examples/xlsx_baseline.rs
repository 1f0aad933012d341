//! The workbook side of `scripts/bench-e2e.sh`'s xlsx comparison:
//!
//! ```sh
//! cargo run --release --example xlsx_baseline -- write data.csv data.xlsx  # the CSV's rows as a sheet
//! cargo run --release --example xlsx_baseline -- read data.xlsx           # calamine alone reading it
//! ```
//!
//! `read` is calamine reading the first sheet cell by cell, as `planc eval`
//! does (`calamine::Xlsx::worksheet_cells_reader`), counting rows and
//! numeric `value` cells; `planc eval` on the same workbook is timed next
//! to it. docs/performance.md has the figures.

use calamine::{DataRef, Reader, Xlsx};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["write", csv, xlsx] => write(csv, xlsx),
        ["read", xlsx] => read(xlsx),
        _ => Err("usage: xlsx_baseline write DATA.csv DATA.xlsx | read DATA.xlsx".into()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xlsx_baseline: {e}");
            ExitCode::from(2)
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

/// Every CSV row as a sheet row, numbers as numbers (as a statistician's
/// sheet holds them).
fn write(csv: &str, xlsx: &str) -> Result<()> {
    let mut reader = csv::Reader::from_path(csv)?;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in reader.headers()?.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c)?, h)?;
    }
    let mut record = csv::StringRecord::new();
    let mut row = 0u32;
    while reader.read_record(&mut record)? {
        row += 1;
        if row >= 1_048_576 {
            return Err("more rows than a sheet holds (1,048,576)".into());
        }
        for (c, cell) in record.iter().enumerate() {
            let c = u16::try_from(c)?;
            match cell.parse::<f64>() {
                Ok(n) if !cell.is_empty() => sheet.write_number(row, c, n)?,
                _ if cell.is_empty() => sheet,
                _ => sheet.write_string(row, c, cell)?,
            };
        }
    }
    book.save(xlsx)?;
    Ok(())
}

fn read(xlsx: &str) -> Result<()> {
    let mut book: Xlsx<_> = calamine::open_workbook(xlsx)?;
    let name = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or("the workbook has no sheet")?;
    let mut cells = book.worksheet_cells_reader(&name)?;
    let (mut rows, mut numbers, mut last) = (0u64, 0u64, None);
    while let Some(cell) = cells.next_cell()? {
        let (r, _) = cell.get_position();
        if last != Some(r) {
            rows += 1;
            last = Some(r);
        }
        if matches!(cell.get_value(), DataRef::Float(_) | DataRef::Int(_)) {
            numbers += 1;
        }
    }
    println!("{rows} rows (header included), {numbers} numeric cells");
    Ok(())
}
