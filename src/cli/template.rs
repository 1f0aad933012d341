//! `planc template PLAN_OR_MODEL -o FILE [--agency ID] [--years A..B] [--format xlsx|csv]`
//!
//! Writes the data-collection template an office sends out: one row per
//! metric and year the plan's targets need. FILE is written atomically.

use super::exit;
use super::output::{self, DiagFormat, FileReport};
use planc::template::{self, Options};
use std::path::{Path, PathBuf};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum TemplateFormat {
    /// An Excel workbook with validated value cells.
    Xlsx,
    /// CSV (UTF-8 with a byte order mark, as Excel opens it).
    Csv,
}

#[derive(clap::Args)]
pub struct Args {
    /// A plan (`.plan`) or its compiled model (`.json`).
    input: String,
    /// Write the template here (atomically).
    #[arg(short, long, value_name = "FILE")]
    output: PathBuf,
    /// The file's format [default: by the extension of FILE: `.csv` is
    /// CSV, anything else a workbook].
    #[arg(long, value_enum)]
    format: Option<TemplateFormat>,
    /// Only the targets this agency leads (its id or name).
    #[arg(long, value_name = "ID")]
    agency: Option<String>,
    /// Only these years: `2012`, or `2011..2015` (also `2011-2015`).
    #[arg(long, value_name = "YEARS", value_parser = years)]
    years: Option<(u16, u16)>,
    /// How to print diagnostics for the plan.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    diagnostics: DiagFormat,
    #[command(flatten)]
    limits: output::Limits,
}

/// `--years`: one year or an inclusive range of them.
fn years(s: &str) -> Result<(u16, u16), String> {
    let year = |t: &str| -> Result<u16, String> {
        t.trim()
            .parse::<u16>()
            .ok()
            .filter(|y| (1900..=2100).contains(y))
            .ok_or_else(|| format!("`{t}` is not a year from 1900 to 2100"))
    };
    let (a, b) = s
        .split_once("..")
        .or_else(|| s.split_once('-'))
        .unwrap_or((s, s));
    let (a, b) = (year(a)?, year(b)?);
    if a > b {
        return Err(format!("{a} is after {b}: write the earlier year first"));
    }
    Ok((a, b))
}

pub fn run(args: Args, color: bool) -> u8 {
    let quiet = super::verbosity::quiet();
    let print = |reports: &[FileReport]| {
        output::print_stderr(reports, args.diagnostics, &args.limits, color);
    };
    let model = match super::load::model(&args.input, args.limits.max_file_size) {
        Ok((model, warnings)) => {
            print(&warnings);
            model
        }
        Err((reports, code)) => {
            print(&reports);
            return code;
        }
    };
    let options = Options {
        agency: args.agency.clone(),
        years: args.years,
    };
    let rows = match template::rows(&model, &options) {
        Ok(rows) => rows,
        Err(message) => {
            errln!("error: {message}");
            return exit::USAGE;
        }
    };
    let format = args.format.unwrap_or_else(|| {
        let csv = args
            .output
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if csv {
            TemplateFormat::Csv
        } else {
            TemplateFormat::Xlsx
        }
    });
    let bytes = match format {
        TemplateFormat::Csv => template::to_csv(&rows).map_err(|e| e.to_string()),
        TemplateFormat::Xlsx => template::to_xlsx(&rows, &model).map_err(|e| e.to_string()),
    };
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            errln!("error: cannot build the template: {e}");
            return exit::USAGE;
        }
    };
    if let Err(e) = planc::io::write_atomic(&args.output, &bytes) {
        let path = args.output.display();
        let hint = match args.output.parent() {
            Some(d) if !d.as_os_str().is_empty() && !Path::new(d).is_dir() => {
                format!(" (the directory {} does not exist)", d.display())
            }
            _ => String::new(),
        };
        errln!("error: cannot write {path}: {e}{hint}");
        return exit::USAGE;
    }
    if rows.is_empty() {
        errln!(
            "warning: {} has no row: no target{} needs a figure{}",
            args.output.display(),
            args.agency
                .as_deref()
                .map(|a| format!(" led by {a}"))
                .unwrap_or_default(),
            args.years
                .map(|(a, b)| format!(" in {a}..{b}"))
                .unwrap_or_default()
        );
    } else if !quiet {
        errln!("wrote {} rows to {}", rows.len(), args.output.display());
    }
    exit::OK
}
