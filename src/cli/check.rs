//! `planc check PLAN…`

use super::load::{expand, load, Loaded};
use super::output::{self, CheckFormat, DiagFormat, FileReport};
use super::{exit, verbosity};
use planc::model::{Item, ModelSink, Target};

#[derive(clap::Args)]
pub struct Args {
    /// Plan files or directories to check (a directory: every `*.plan`
    /// file under it; `-` reads standard input).
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
    /// Check again whenever a plan changes, until stopped (Ctrl-C). The
    /// files are looked at every half second.
    #[arg(long)]
    watch: bool,
}

pub fn run(args: Args, color: bool) -> u8 {
    if args.watch {
        if args.files.iter().any(|f| f == "-") {
            errln!("error: --watch needs files to watch; standard input (`-`) cannot change");
            if args.format.common() == Some(DiagFormat::Json) {
                out!(
                    "{}",
                    output::usage_json(
                        "--watch with standard input",
                        "--watch needs files to watch"
                    )
                );
            }
            return exit::USAGE;
        }
        return super::watch::run(&args.files, || once(&args, color));
    }
    once(&args, color)
}

/// One check of every file named.
fn once(args: &Args, color: bool) -> u8 {
    let mut reports = Vec::new();
    let mut io_failed = false;
    let mut summaries = Vec::new();
    for path in expand(&args.files) {
        let path = match path {
            Ok(p) => p,
            Err(r) => {
                io_failed = true;
                reports.push(r);
                continue;
            }
        };
        let started = std::time::Instant::now();
        match load(&path, args.limits.max_file_size) {
            Loaded::Ok(file) => {
                note!(
                    "read {} ({} bytes) in {}",
                    file.name,
                    file.text.len(),
                    verbosity::since(started)
                );
                let checking = std::time::Instant::now();
                // Only counts are kept: checking a large plan stays small.
                let options = planc::Options {
                    max_diagnostics: args.limits.max_errors,
                    ..planc::Options::default()
                };
                let out = planc::compile_with(&file, &options, |_| Tally::default());
                note!("checked {} in {}", file.name, verbosity::since(checking));
                if out.ok() {
                    summaries.push(format!("{}: {}", file.name, out.sink));
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
        None => out!("{}", output::sarif(&reports)),
        Some(DiagFormat::Json) => {
            out!("{}", output::json(&reports, args.limits.max_errors, None))
        }
        Some(format) => {
            // Under -q, warnings are shown only when they fail the run.
            let warnings = !verbosity::quiet() || args.deny_warnings;
            output::print_human(&reports, format, color, args.limits.max_errors, warnings);
            if !verbosity::quiet() {
                for s in &summaries {
                    errln!("{s}");
                }
                errln!("{}", output::summary(&counts));
            }
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

/// Counts what a plan holds, keeping nothing: items and their parts apart,
/// as the document numbers them.
#[derive(Default)]
struct Tally {
    items: usize,
    parts: usize,
    targets: usize,
}

impl ModelSink for Tally {
    fn item(&mut self, item: Item) {
        if item.parent.is_some() {
            self.parts += 1;
        } else {
            self.items += 1;
        }
    }

    fn target(&mut self, _: Target) {
        self.targets += 1;
    }
}

/// `31 items and 3 parts, 77 targets`; no parts, no mention of them.
impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = |k: usize, what: &str| format!("{k} {what}{}", output::plural(k));
        write!(f, "{}", n(self.items, "item"))?;
        if self.parts > 0 {
            write!(f, " and {}", n(self.parts, "part"))?;
        }
        write!(f, ", {}", n(self.targets, "target"))
    }
}
