//! `planc report PLAN_OR_MODEL --data FILE… [--as-of YEAR] --html -o FILE`:
//! the evaluation as a document to hand on. One flag a format; HTML is the
//! first.

use super::exit;
use super::inputs::{self, Stop};
use super::output::{self, DiagFormat, FileReport};
use super::verbosity;
use std::path::Path;

#[derive(clap::Args)]
#[command(group = clap::ArgGroup::new("format").required(true).multiple(false))]
pub struct Args {
    /// A plan (`.plan`) or its compiled model (`.json`).
    input: String,
    #[command(flatten)]
    data: inputs::DataArgs,
    /// Judge as of this year [default: the latest year in the data].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2100))]
    as_of: Option<u16>,
    /// A self-contained HTML page: an overview, and a panel with a chart
    /// for each target (docs/reports.md).
    #[arg(long, group = "format")]
    html: bool,
    #[command(flatten)]
    lang: inputs::LangArgs,
    /// The file to write, replaced only once complete; `-` for standard
    /// output.
    #[arg(short, long, value_name = "FILE")]
    output: String,
    /// How to print diagnostics for the plan or the data.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    diagnostics: DiagFormat,
    #[command(flatten)]
    limits: output::Limits,
}

pub fn run(args: Args, color: bool) -> u8 {
    if let Err(stop) = inputs::stdin_once(&args.input, &args.data) {
        return stopped(stop, &args, color);
    }
    let model = match inputs::model(&args.input, &args.limits) {
        Ok((model, warnings)) => {
            print_diagnostics(&warnings, &args, color);
            model
        }
        Err(stop) => return stopped(stop, &args, color),
    };
    let catalogue = match inputs::catalogue(&args.lang) {
        Ok(c) => c,
        Err(detail) => {
            let message = "invalid --lang-file";
            return stopped(Stop::Usage { message, detail }, &args, color);
        }
    };
    let eval = match inputs::judge(&model, &args.data, args.as_of, &args.limits) {
        Ok((eval, warnings)) => {
            print_diagnostics(&warnings, &args, color);
            eval
        }
        Err(stop) => return stopped(stop, &args, color),
    };
    // clap requires one format, and `--html` is the only one so far.
    if !args.html {
        errln!("error: choose a format: --html");
        return exit::USAGE;
    }
    let page = planc::report::render_in(
        &eval,
        &model,
        planc::report::Format::Html,
        planc::report::Options::default(),
        &catalogue,
    );
    if args.output == "-" {
        use std::io::Write as _;
        return match std::io::stdout().lock().write_all(page.as_bytes()) {
            Ok(()) => exit::OK,
            Err(e) => {
                errln!("error: cannot write the report: {e}");
                exit::USAGE
            }
        };
    }
    match planc::io::write_atomic(Path::new(&args.output), page.as_bytes()) {
        Ok(()) => {
            if !verbosity::quiet() {
                errln!(
                    "wrote {} ({} targets as of {})",
                    args.output,
                    eval.summary.targets,
                    eval.as_of
                );
            }
            exit::OK
        }
        Err(e) => {
            let mut message = format!("error: cannot write {}: {e}", args.output);
            if e.kind() == std::io::ErrorKind::NotFound {
                message.push_str("\n  help: the directory does not exist: create it, or write the report elsewhere");
            }
            errln!("{message}");
            exit::USAGE
        }
    }
}

fn print_diagnostics(reports: &[FileReport], args: &Args, color: bool) {
    output::print_stderr(reports, args.diagnostics, &args.limits, color);
}

/// Reports why nothing was judged; no file is written.
fn stopped(stop: Stop, args: &Args, color: bool) -> u8 {
    match stop {
        Stop::Failed(reports, code) => {
            print_diagnostics(&reports, args, color);
            code
        }
        Stop::Usage { detail, .. } => {
            errln!("error: {detail}");
            exit::USAGE
        }
    }
}
