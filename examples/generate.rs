//! Generates a realistic plan of any size, and optionally reported data for
//! it, for benchmarks and scale tests:
//!
//! ```sh
//! cargo run --release --example generate -- --targets 100000 --out big.plan \
//!     --rows 10000000 --data big.csv --seed 7
//! ```
//!
//! The plan is a roll-up of city and county plans in the shape of
//! `examples/jiaxing-2010.plan`: CJK agencies (some quoted with
//! parentheses), units, stock/flow/milestone metrics, sections, items and
//! parts, wrapped `support` lists, prose, comments, and every target kind.
//! It checks with no errors and no warnings. The data file has the columns
//! `metric,year,value,unit,region,note`. Output is streamed, so large files
//! take little memory; the same seed always gives the same bytes.

#[path = "gen/mod.rs"]
#[allow(dead_code)] // shared with the benches and tests, which use more of it
mod gen;

use clap::Parser;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Generate a synthetic plan (and data) for benchmarks")]
struct Args {
    /// How many targets the plan has (exactly).
    #[arg(long)]
    targets: u64,
    /// Where to write the plan.
    #[arg(long)]
    out: PathBuf,
    /// How many data rows to write (needs --data).
    #[arg(long, requires = "data")]
    rows: Option<u64>,
    /// Where to write the data CSV (needs --rows).
    #[arg(long, requires = "rows")]
    data: Option<PathBuf>,
    /// Seed of the deterministic generator.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("generate: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: &Args) -> Result<(), String> {
    let started = Instant::now();
    let create = |path: &PathBuf| {
        File::create(path)
            .map(|f| BufWriter::with_capacity(1 << 16, f))
            .map_err(|e| format!("cannot create {}: {e}", path.display()))
    };
    let plan = gen::plan::write_plan(create(&args.out)?, args.targets, args.seed)
        .map_err(|e| format!("cannot write {}: {e}", args.out.display()))?;
    eprintln!(
        "{}: {} bytes, {} targets, {} items, {} sections, {} agencies, {} metrics ({:.2} s)",
        args.out.display(),
        plan.bytes,
        plan.targets,
        plan.items,
        plan.sections,
        plan.agencies,
        plan.metrics.len(),
        started.elapsed().as_secs_f64()
    );
    if let (Some(rows), Some(path)) = (args.rows, &args.data) {
        let started = Instant::now();
        let data = gen::data::write_data(create(path)?, &plan.metrics, rows, args.seed)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        eprintln!(
            "{}: {} bytes, {} rows, {} regions ({:.2} s)",
            path.display(),
            data.bytes,
            data.rows,
            data.regions,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
