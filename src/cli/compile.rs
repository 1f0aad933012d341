//! `planc compile PLAN [-o FILE]`

use super::exit;
use super::load::{load, Loaded};
use super::output::{self, DiagFormat, FileReport};
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// The plan to compile (`-` reads standard input).
    file: String,
    /// Write the model here (atomically) instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// How to print diagnostics. With `json`, diagnostics go to standard
    /// output when the model goes to a file, else to standard error.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    format: DiagFormat,
    /// Print at most this many diagnostics.
    #[arg(long, default_value_t = 50)]
    max_errors: usize,
    /// Refuse inputs larger than this many bytes.
    #[arg(long, default_value_t = planc::io::DEFAULT_MAX_FILE_BYTES)]
    max_file_size: u64,
}

pub fn run(args: Args, color: bool) -> u8 {
    let (report, model, io_failed) = match load(&args.file, args.max_file_size) {
        Loaded::Ok(file) => {
            let out = planc::compile(&file);
            (
                FileReport {
                    file,
                    diagnostics: out.diagnostics,
                },
                out.model,
                false,
            )
        }
        Loaded::Io(r) => (r, None, true),
        Loaded::Invalid(r) => (r, None, false),
    };
    let mut reports = vec![report];
    let mut code = if io_failed {
        exit::USAGE
    } else if model.is_none() {
        exit::INVALID
    } else {
        exit::OK
    };
    if let Some(m) = &model {
        let json = m.to_json();
        let written = match &args.output {
            Some(path) => planc::io::write_atomic(path, json.as_bytes())
                .map_err(|e| (path.display().to_string(), e)),
            None => std::io::stdout()
                .lock()
                .write_all(json.as_bytes())
                .map_err(|e| ("<stdout>".to_string(), e)),
        };
        if let Err((path, e)) = written {
            reports.push(FileReport {
                file: planc::source::SourceFile::new(path.clone(), String::new()),
                diagnostics: vec![planc::diag::Diagnostic::new(
                    planc::diag::Code::Io,
                    format!("cannot write {path}: {e}"),
                )],
            });
            code = exit::USAGE;
        }
    }
    if args.format == DiagFormat::Json {
        let doc = output::json(&reports, args.max_errors, None);
        if args.output.is_some() || model.is_none() {
            print!("{doc}");
        } else {
            eprint!("{doc}");
        }
    } else {
        output::print_human(&reports, args.format, color, args.max_errors);
        let counts = output::count(&reports);
        if counts.errors + counts.warnings > 0 {
            eprintln!("{}", output::summary(&counts));
        }
    }
    code
}
