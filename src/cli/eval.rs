//! `planc eval PLAN_OR_MODEL --data FILE [--data FILE…] [--as-of YEAR] [--format …]`

use super::exit;
use super::load::{load, Loaded};
use super::output::{self, ColorChoice, DiagFormat, FileReport};
use planc::data::{self, Catalog, Loader};
use planc::diag::{Code, Diagnostic};
use planc::model::Model;
use planc::report::lang::{Catalogue, Lang};
use planc::report::{self, Format, MarkdownLayout};
use planc::source::SourceFile;
use std::io::Write;
use std::path::Path;

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

/// The languages of the reports compiled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Chinese: 已完成, 一、, (三), 6万元.
    Zh,
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
    /// A data file (CSV, or JSON by extension); repeat `--data` for
    /// several, which merge. One file per flag, so the plan may follow.
    #[arg(long, required = true, value_name = "FILE")]
    data: Vec<String>,
    /// Judge as of this year [default: the latest year in the data].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2100))]
    as_of: Option<u16>,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// Group the results by agency: what each leads and supports.
    #[arg(long)]
    by_agency: bool,
    /// The language of the report's words (every format; JSON's codes
    /// stay the same).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Read the report's words from a catalogue file instead: a third
    /// language (docs/reports.md#languages).
    #[arg(long, value_name = "PATH", conflicts_with = "lang")]
    lang_file: Option<String>,
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
    // With `--format json`, standard output carries one document whatever
    // happens: the results, or the diagnostics document of a failure.
    let fail = |reports: Vec<FileReport>, code: u8| {
        print_diagnostics(&reports, &args, diag_color);
        if args.format == OutFormat::Json {
            out!("{}", output::json(&reports, args.limits.max_errors, None));
        }
        code
    };
    let model = match model(&args) {
        Ok((model, warnings)) => {
            print_diagnostics(&warnings, &args, diag_color);
            model
        }
        Err((reports, code)) => return fail(reports, code),
    };
    if let Err(message) = gate_classes(&args.fail_on, &model) {
        errln!("error: {message}");
        if args.format == OutFormat::Json {
            out!(
                "{}",
                output::usage_json("unknown class in --fail-on", &message)
            );
        }
        return exit::USAGE;
    }
    let words = match catalogue(&args) {
        Ok(c) => c,
        Err(message) => {
            errln!("error: {message}");
            if args.format == OutFormat::Json {
                out!("{}", output::usage_json("invalid --lang-file", &message));
            }
            return exit::USAGE;
        }
    };
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    for path in &args.data {
        if let Err(report) = read_data(&mut loader, path) {
            return fail(vec![report], exit::USAGE);
        }
    }
    let data = loader.finish();
    if data.has_errors() {
        let reports: Vec<FileReport> = data
            .files
            .iter()
            .zip(&args.data)
            .filter(|(f, _)| !f.problems.is_empty() || f.suppressed > 0)
            .map(|(f, path)| data_diagnostics(f, path, &args.limits))
            .collect();
        return fail(reports, exit::INVALID);
    }
    let Some(as_of) = args.as_of.or(data.figures.latest_year()) else {
        let message = "the data holds no figures, so there is no latest year to judge from; pass --as-of YEAR";
        errln!("error: {message}");
        if args.format == OutFormat::Json {
            out!("{}", output::usage_json("no year to judge from", message));
        }
        return exit::USAGE;
    };
    let mut eval = planc::eval::evaluate(&cat, &data.figures, as_of);
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

/// The report's catalogue: `--lang-file`'s, checked, else `--lang`'s.
fn catalogue(args: &Args) -> Result<Catalogue, String> {
    let Some(path) = &args.lang_file else {
        return Ok(Catalogue::builtin(match args.lang {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }));
    };
    let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    Catalogue::parse(&text).map_err(|e| {
        let lines: Vec<String> = e
            .to_string()
            .lines()
            .map(|l| format!("  {path}: {l}"))
            .collect();
        format!(
            "{path} is not a report catalogue:\n{}\n  (every key of src/report/lang/en.txt is needed, with only its placeholders)",
            lines.join("\n")
        )
    })
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
    if reports.iter().all(|r| r.diagnostics.is_empty()) {
        return;
    }
    if args.diagnostics == DiagFormat::Json {
        err!("{}", output::json(reports, args.limits.max_errors, None));
    } else {
        output::print_human(reports, args.diagnostics, color, args.limits.max_errors);
        errln!("{}", output::summary(&output::count(reports)));
    }
}

type Failure = (Vec<FileReport>, u8);

/// The model, from a compiled `.json` model or by compiling a plan, with
/// the plan's warnings.
fn model(args: &Args) -> Result<(Model, Vec<FileReport>), Failure> {
    let file = match load(&args.input, args.limits.max_file_size) {
        Loaded::Ok(f) => f,
        Loaded::Io(r) => return Err((vec![r], exit::USAGE)),
        Loaded::Invalid(r) => return Err((vec![r], exit::INVALID)),
    };
    if is_json(&args.input) {
        return match Model::from_json(&file.text) {
            Ok(m) => Ok((m, Vec::new())),
            Err(e) => {
                let d =
                    Diagnostic::new(Code::Io, format!("{} is not a planc model: {e}", file.name))
                        .help("give a `.plan` file, or a model written by `planc compile`");
                Err((vec![FileReport::new(file, vec![d])], exit::INVALID))
            }
        };
    }
    let out = planc::compile(&file);
    let report = FileReport::new(file, out.diagnostics);
    match out.model {
        Some(m) => Ok((m, vec![report])),
        None => Err((vec![report], exit::INVALID)),
    }
}

fn is_json(path: &str) -> bool {
    Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"))
}

/// Reads one data file, CSV or JSON, streamed from disk: memory stays
/// bounded whatever its length.
fn read_data(loader: &mut Loader, path: &str) -> Result<(), FileReport> {
    let io_error = |e: std::io::Error| {
        FileReport::new(
            SourceFile::new(path, String::new()),
            vec![Diagnostic::new(
                Code::Io,
                format!("cannot read {path}: {e}"),
            )],
        )
    };
    let f = std::fs::File::open(path).map_err(io_error)?;
    if f.metadata().map_err(io_error)?.is_dir() {
        return Err(io_error(std::io::Error::other("is a directory")));
    }
    match data::Format::of_path(Path::new(path)) {
        data::Format::Csv => loader.read_csv(path, std::io::BufReader::with_capacity(1 << 16, f)),
        data::Format::Json => loader.read_json(path, f),
    }
    Ok(())
}

/// A data file's problems as diagnostics. The file is read again only now,
/// to point into it, and only as far as the diagnostics shown need (at
/// most `--max-file-size` bytes); a failure to read it is reported.
fn data_diagnostics(report: &data::FileReport, path: &str, limits: &output::Limits) -> FileReport {
    let excerpts = report.diagnostics_from(
        std::fs::File::open(path),
        limits.max_errors,
        limits.max_file_size,
    );
    FileReport {
        file: excerpts.file,
        diagnostics: excerpts.diagnostics,
        omitted: excerpts.omitted,
    }
}
