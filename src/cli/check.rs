//! `planc check PLAN…`

use super::exit;
use super::load::{load, Loaded};
use super::output::{self, CheckFormat, DiagFormat, FileReport};
use planc::model::Count;

#[derive(clap::Args)]
pub struct Args {
    /// Plan files to check (`-` reads standard input).
    #[arg(required = true)]
    files: Vec<String>,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,
    #[command(flatten)]
    limits: output::Limits,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args, color: bool) -> u8 {
    let mut reports = Vec::new();
    let mut io_failed = false;
    let mut summaries = Vec::new();
    for path in &args.files {
        match load(path, args.limits.max_file_size) {
            Loaded::Ok(file) => {
                // Only counts are kept: checking a large plan stays small.
                let options = planc::Options {
                    max_diagnostics: args.limits.max_errors,
                    ..planc::Options::default()
                };
                let out = planc::compile_with(&file, &options, |_| Count::default());
                let count = &out.sink;
                if out.ok() {
                    summaries.push(format!(
                        "{}: {} item{}, {} target{}",
                        file.name,
                        count.items,
                        output::plural(count.items),
                        count.targets,
                        output::plural(count.targets)
                    ));
                }
                reports.push(FileReport {
                    file,
                    diagnostics: out.diagnostics,
                    omitted: out.omitted,
                });
            }
            Loaded::Io(r) => {
                io_failed = true;
                reports.push(r);
            }
            Loaded::Invalid(r) => reports.push(r),
        }
    }
    let counts = output::count(&reports);
    match args.format.common() {
        None => print!("{}", output::sarif(&reports)),
        Some(DiagFormat::Json) => {
            print!("{}", output::json(&reports, args.limits.max_errors, None))
        }
        Some(format) => {
            output::print_human(&reports, format, color, args.limits.max_errors);
            for s in &summaries {
                eprintln!("{s}");
            }
            eprintln!("{}", output::summary(&counts));
        }
    }
    if io_failed {
        exit::USAGE
    } else if counts.errors > 0 || (args.deny_warnings && counts.warnings > 0) {
        exit::INVALID
    } else {
        exit::OK
    }
}
