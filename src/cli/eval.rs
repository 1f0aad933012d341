//! `planc eval PLAN_OR_MODEL --data FILE [--data FILE…] [--as-of YEAR] [--format …]`

use super::exit;
use super::output::{self, ColorChoice, DiagFormat, FileReport};
use planc::data::{self, Catalog, Loader};
use planc::diag::{Code, Diagnostic};
use planc::model::Model;
use planc::report::{self, Format};
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

#[derive(clap::Args)]
pub struct Args {
    /// A plan (`.plan`) or its compiled model (`.json`).
    input: String,
    /// A data file: CSV, or by extension JSON or a workbook (`.xlsx`,
    /// `.xlsm`, `.xlsb`, `.xls`, `.ods`; `figures.xlsx#指标` reads the sheet
    /// 指标, else the first). Repeat `--data` for several, which merge. One
    /// file per flag, so the plan may follow.
    #[arg(long, required = true, value_name = "FILE")]
    data: Vec<String>,
    /// The encoding of CSV data files (`gbk`, `gb18030`, `big5`,
    /// `utf-16le`, `utf-8`, …) [default: UTF-8, UTF-16 by its byte order
    /// mark, or GBK when the bytes read as GBK, with a warning].
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    encoding: Option<&'static encoding_rs::Encoding>,
    /// Judge as of this year [default: the latest year in the data].
    #[arg(long, value_parser = clap::value_parser!(u16).range(1900..=2100))]
    as_of: Option<u16>,
    /// How to print the results.
    #[arg(long, value_enum, default_value_t = OutFormat::Table)]
    format: OutFormat,
    /// Group the results by agency: what each leads and supports.
    #[arg(long)]
    by_agency: bool,
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
    let model = match super::load::model(&args.input, args.limits.max_file_size) {
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
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    for path in &args.data {
        if let Err(report) = read_data(&mut loader, path, args.encoding) {
            return fail(vec![report], exit::USAGE);
        }
    }
    let data = loader.finish();
    if !data.has_errors() {
        // Warnings only (an encoding guessed): shown, and judging goes on.
        let warnings: Vec<FileReport> = data
            .files
            .iter()
            .zip(&args.data)
            .filter(|(f, _)| !f.problems.is_empty())
            .map(|(f, path)| data_diagnostics(f, path, &args.limits))
            .collect();
        print_diagnostics(&warnings, &args, diag_color);
    }
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
    };
    let out = report::render(&eval, &model, format, opts);
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

/// `--encoding`: an encoding label encoding_rs knows.
fn encoding_label(s: &str) -> Result<&'static encoding_rs::Encoding, String> {
    data::decode::by_label(s).ok_or_else(|| {
        format!("`{s}` is not an encoding planc knows; try gbk, gb18030, big5, utf-16le, utf-16be or utf-8")
    })
}

/// A `--data` argument: a file, or a workbook and one of its sheets
/// (`figures.xlsx#指标`). A file whose own name holds `#` is taken whole.
pub fn data_source(arg: &str) -> (&str, Option<&str>) {
    if Path::new(arg).exists() {
        return (arg, None);
    }
    match arg.rsplit_once('#') {
        Some((path, sheet))
            if matches!(
                data::Format::of_path(Path::new(path)),
                data::Format::Workbook(_)
            ) =>
        {
            (path, Some(sheet))
        }
        _ => (arg, None),
    }
}

/// Reads one data file, streamed from disk: CSV (in its encoding), JSON, or
/// one sheet of a workbook.
fn read_data(
    loader: &mut Loader,
    arg: &str,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Result<(), FileReport> {
    let (path, sheet) = data_source(arg);
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
        data::Format::Csv => loader
            .read_csv_in(
                path,
                std::io::BufReader::with_capacity(1 << 16, f),
                encoding,
            )
            .map_err(io_error)?,
        data::Format::Json => loader.read_json(path, f),
        data::Format::Workbook(book) => {
            loader.read_workbook(path, book, std::io::BufReader::new(f), sheet)
        }
    }
    Ok(())
}

/// A data file's problems as diagnostics. The file is read again only now,
/// to point into it, and only as far as the diagnostics shown need (at
/// most `--max-file-size` bytes); a failure to read it is reported.
fn data_diagnostics(report: &data::FileReport, arg: &str, limits: &output::Limits) -> FileReport {
    let (path, _) = data_source(arg);
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
