//! `planc eval PLAN_OR_MODEL --data FILE [--data FILE…] [--as-of YEAR] [--format …]`

use super::exit;
use super::inputs::{self, Stop};
use super::output::{self, ColorChoice, DiagFormat, FileReport};
use planc::model::Model;
use planc::report::{self, Format, MarkdownLayout};
use std::io::Write;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OutFormat {
    /// A table for the terminal, by section and item.
    Table,
    /// One JSON document (docs/eval-json.md).
    Json,
    /// Markdown tables, for reports.
    Markdown,
    /// JUnit XML: targets as test cases, for CI.
    Junit,
}

/// `--markdown-layout`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LayoutArg {
    /// A heading a section and a table an item (or agency).
    Sections,
    /// One table for the whole plan, section and item on every row.
    Table,
}

#[derive(clap::Args)]
pub struct Args {
    /// A plan (`.plan`) or its compiled model (`.json`).
    input: String,
    #[command(flatten)]
    data: inputs::DataArgs,
    /// Judge as of this year [default: the latest year in the data].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2100))]
    as_of: Option<u16>,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// Group the results by agency: what each leads and supports.
    #[arg(long, conflicts_with = "by_region")]
    by_agency: bool,
    /// Group the results by region: the plan-wide targets, then each
    /// declared region's (quotas, its own targets, `in each region`).
    #[arg(long)]
    by_region: bool,
    #[command(flatten)]
    lang: inputs::LangArgs,
    /// Fit the table to this many columns, at least 40 (a CJK character
    /// counts two) [default: on a terminal, $COLUMNS or its width; to a
    /// file or a pipe, no limit].
    #[arg(long, value_parser = clap::value_parser!(u16).range(40..))]
    width: Option<u16>,
    /// How `--format markdown` lays the results out.
    #[arg(long, value_enum, default_value_t = LayoutArg::Sections)]
    markdown_layout: LayoutArg,
    /// Fail the run (exit 3) only on firm targets of these classes, missed
    /// or behind: `--fail-on 约束性` [default: every firm target].
    #[arg(
        long,
        value_name = "CLASS[,CLASS]",
        value_delimiter = ',',
        num_args = 1
    )]
    fail_on: Vec<String>,
    /// How to print diagnostics for the plan or the data.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    diagnostics: DiagFormat,
    #[command(flatten)]
    limits: output::Limits,
}

pub fn run(args: Args, color: ColorChoice) -> u8 {
    let diag_color = color.enabled();
    if let Err(stop) = inputs::stdin_once(&args.input, &args.data) {
        return stopped(stop, &args, diag_color);
    }
    let model = match inputs::model(&args.input, &args.limits) {
        Ok((model, warnings)) => {
            print_diagnostics(&warnings, &args, diag_color);
            model
        }
        Err(stop) => return stopped(stop, &args, diag_color),
    };
    if let Err(detail) = gate_classes(&args.fail_on, &model) {
        let message = "unknown class in --fail-on";
        return stopped(Stop::Usage { message, detail }, &args, diag_color);
    }
    let words = match inputs::catalogue(&args.lang) {
        Ok(c) => c,
        Err(detail) => {
            let message = "invalid --lang-file";
            return stopped(Stop::Usage { message, detail }, &args, diag_color);
        }
    };
    let mut eval = match inputs::judge(&model, &args.data, args.as_of, &args.limits) {
        Ok((eval, warnings)) => {
            // Warnings only (an encoding guessed): shown, and judging went on.
            print_diagnostics(&warnings, &args, diag_color);
            eval
        }
        Err(stop) => return stopped(stop, &args, diag_color),
    };
    if !args.fail_on.is_empty() {
        eval.gate_on(args.fail_on.clone());
    }
    let format = match args.format {
        OutFormat::Table => Format::Table,
        OutFormat::Json => Format::Json,
        OutFormat::Markdown => Format::Markdown,
        OutFormat::Junit => Format::Junit,
    };
    let opts = report::Options {
        color: args.format == OutFormat::Table && color.enabled_on(&std::io::stdout()),
        by_agency: args.by_agency,
        by_region: args.by_region,
        width: width(args.width),
        markdown: match args.markdown_layout {
            LayoutArg::Sections => MarkdownLayout::Sections,
            LayoutArg::Table => MarkdownLayout::Table,
        },
    };
    let out = report::render_in(&eval, &model, format, opts, &words);
    if let Err(e) = std::io::stdout().lock().write_all(out.as_bytes()) {
        errln!("error: cannot write the results: {e}");
        return exit::USAGE;
    }
    if eval.fails() {
        exit::TARGETS_FAILED
    } else {
        exit::OK
    }
}

/// The table's width: `--width`, else on a terminal `COLUMNS` or the
/// terminal's width; a file or a pipe gets no limit, every column whole.
fn width(flag: Option<u16>) -> Option<usize> {
    if let Some(w) = flag {
        return Some(usize::from(w));
    }
    let (terminal, _) = terminal_size::terminal_size_of(std::io::stdout())?;
    // COLUMNS, when set to a number, is what the user resized to.
    let columns = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|&c| c > 0);
    Some(columns.unwrap_or(usize::from(terminal.0)))
}

/// Checks `--fail-on`'s classes against the model's: each must be
/// declared, and a misspelt one gets a suggestion.
fn gate_classes(names: &[String], model: &Model) -> Result<(), String> {
    let declared = || {
        model
            .classes
            .iter()
            .map(|c| format!("`{}`", c.id))
            .collect::<Vec<_>>()
            .join(", ")
    };
    for name in names {
        if model.class(name).is_some() {
            continue;
        }
        if model.classes.is_empty() {
            return Err(format!(
                "--fail-on names the class `{name}`, but the plan declares no class (`class 约束性: firm`)"
            ));
        }
        let ids = model.classes.iter().map(|c| c.id.as_str());
        return Err(match planc::check::suggest::closest(name, ids) {
            Some(s) => format!("--fail-on names an unknown class `{name}`; did you mean `{s}`?"),
            None => format!(
                "--fail-on names an unknown class `{name}`; the plan declares {}",
                declared()
            ),
        });
    }
    Ok(())
}

fn print_diagnostics(reports: &[FileReport], args: &Args, color: bool) {
    output::print_stderr(reports, args.diagnostics, &args.limits, color);
}

/// Reports why nothing was judged. With `--format json`, standard output
/// carries one document whatever happens: the results, or the diagnostics
/// document of a failure.
fn stopped(stop: Stop, args: &Args, color: bool) -> u8 {
    match stop {
        Stop::Failed(reports, code) => {
            print_diagnostics(&reports, args, color);
            if args.format == OutFormat::Json {
                out!("{}", output::json(&reports, args.limits.max_errors, None));
            }
            code
        }
        Stop::Usage { message, detail } => {
            errln!("error: {detail}");
            if args.format == OutFormat::Json {
                out!("{}", output::usage_json(message, &detail));
            }
            exit::USAGE
        }
    }
}
