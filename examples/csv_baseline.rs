//! The csv crate reading a data file as fast as it can: byte records, the
//! `value` column parsed as a number. `scripts/bench-e2e.sh` times it next to
//! `planc eval` on the same file; docs/performance.md has the figures.
//!
//! ```sh
//! cargo run --release --example csv_baseline -- data.csv
//! ```

use std::io::BufReader;
use std::process::ExitCode;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: csv_baseline DATA.csv");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok((rows, numbers, sum)) => {
            println!("{rows} rows, {numbers} numeric values, sum {sum:.2}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("csv_baseline: {path}: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(path: &str) -> Result<(u64, u64, f64), Box<dyn std::error::Error>> {
    let file = std::fs::File::open(path)?;
    let mut reader = csv::ReaderBuilder::new().from_reader(BufReader::with_capacity(1 << 16, file));
    let value = reader
        .byte_headers()?
        .iter()
        .position(|h| h == b"value")
        .ok_or("no `value` column")?;
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut numbers, mut sum) = (0u64, 0u64, 0f64);
    while reader.read_byte_record(&mut record)? {
        rows += 1;
        if let Some(v) = record
            .get(value)
            .and_then(|v| std::str::from_utf8(v).ok())
            .and_then(|s| s.parse::<f64>().ok())
        {
            numbers += 1;
            sum += v;
        }
    }
    Ok((rows, numbers, sum))
}
