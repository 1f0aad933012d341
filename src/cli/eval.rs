//! `planc eval PLAN_OR_MODEL --data FILE [--data FILE…] [--as-of YEAR] [--format …]`

use super::exit;
use super::output::{self, ColorChoice, DiagFormat, FileReport};
use super::verbosity;
use planc::data::{self, Catalog, Loader};
use planc::diag::{Code, Diagnostic};
use planc::model::Model;
use planc::report::lang::{Catalogue, Lang};
use planc::report::{self, Format, MarkdownLayout};
use planc::source::SourceFile;
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::Instant;

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

/// `--data-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    /// CSV (docs/data.md).
    Csv,
    /// JSON (docs/data.md).
    Json,
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
    /// A data file: CSV, or by extension JSON or a workbook (`.xlsx`,
    /// `.xlsm`, `.xlsb`, `.xls`, `.ods`; `figures.xlsx#指标` reads the sheet
    /// 指标, else the first). Repeat `--data` for several, which merge. One
    /// file per flag, so the plan may follow. `-` reads standard input,
    /// streamed (CSV unless `--data-format json`).
    #[arg(long, required = true, value_name = "FILE")]
    data: Vec<String>,
    /// The format of every data input, whatever its name: needed for JSON
    /// on standard input [default: by extension, else CSV].
    #[arg(long, value_enum, value_name = "FORMAT")]
    data_format: Option<DataFormat>,
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
    #[arg(long, conflicts_with = "by_region")]
    by_agency: bool,
    /// Group the results by region: the plan-wide targets, then each
    /// declared region's (quotas, its own targets, `in each region`).
    #[arg(long)]
    by_region: bool,
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
    if let Err(message) = stdin_use(&args) {
        errln!("error: {message}");
        if args.format == OutFormat::Json {
            out!(
                "{}",
                output::usage_json("standard input named twice", message)
            );
        }
        return exit::USAGE;
    }
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
    // A copy of standard input's data, to show where its problems are.
    let mut stdin_copy = None;
    for path in &args.data {
        let started = Instant::now();
        if let Err(report) = read_data(&mut loader, path, &args, &mut stdin_copy) {
            return fail(vec![report], exit::USAGE);
        }
        note!(
            "read data {}: {} in {}",
            if path == "-" { STDIN } else { path },
            loader.files().last().map_or_else(String::new, |f| format!(
                "{} row{}, {} accepted",
                f.rows,
                if f.rows == 1 { "" } else { "s" },
                f.accepted
            )),
            verbosity::since(started)
        );
    }
    let data = loader.finish();
    if !data.has_errors() {
        // Warnings only (an encoding guessed): shown, and judging goes on.
        let warnings: Vec<FileReport> = data
            .files
            .iter()
            .zip(&args.data)
            .filter(|(f, _)| !f.problems.is_empty())
            .map(|(f, path)| data_diagnostics(f, path, &args.limits, &mut stdin_copy))
            .collect();
        print_diagnostics(&warnings, &args, diag_color);
    }
    if data.has_errors() {
        let reports: Vec<FileReport> = data
            .files
            .iter()
            .zip(&args.data)
            .filter(|(f, _)| !f.problems.is_empty() || f.suppressed > 0)
            .map(|(f, path)| data_diagnostics(f, path, &args.limits, &mut stdin_copy))
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
    let judging = Instant::now();
    let mut eval = planc::eval::evaluate(&cat, &data.figures, as_of);
    note!(
        "judged {} target{} as of {as_of} in {}",
        model.targets.len(),
        output::plural(model.targets.len()),
        verbosity::since(judging)
    );
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
    let quiet = verbosity::quiet();
    let shown = |d: &Diagnostic| d.is_error() || !quiet;
    if !reports.iter().any(|r| r.diagnostics.iter().any(shown)) {
        return;
    }
    if args.diagnostics == DiagFormat::Json {
        err!("{}", output::json(reports, args.limits.max_errors, None));
    } else {
        output::print_human(
            reports,
            args.diagnostics,
            color,
            args.limits.max_errors,
            !quiet,
        );
        if !quiet {
            errln!("{}", output::summary(&output::count(reports)));
        }
    }
}

/// Standard input can be read once: by the plan or by one `--data -`.
fn stdin_use(args: &Args) -> Result<(), &'static str> {
    let data = args.data.iter().filter(|d| *d == "-").count();
    if data > 1 {
        return Err("`--data -` is given more than once; standard input can be read only once");
    }
    if data == 1 && args.input == "-" {
        return Err("the plan and `--data -` both read standard input; give the plan as a file");
    }
    Ok(())
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

/// Reads one data file, streamed: CSV (in its encoding), JSON, or one sheet
/// of a workbook; memory stays bounded whatever its length. `-` is standard
/// input, copied as it streams into `stdin_copy` (a temporary file, at most
/// `--max-file-size` bytes) so that its problems can be shown in place.
fn read_data(
    loader: &mut Loader,
    arg: &str,
    args: &Args,
    stdin_copy: &mut Option<StdinCopy>,
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
    let format = match args.data_format {
        Some(DataFormat::Csv) => data::Format::Csv,
        Some(DataFormat::Json) => data::Format::Json,
        None if path == "-" => data::Format::Csv,
        None => data::Format::of_path(Path::new(path)),
    };
    if path == "-" {
        let copy = tempfile::tempfile().map_err(io_error)?;
        let mut tee = Tee {
            input: std::io::stdin().lock(),
            copy: std::io::BufWriter::new(copy),
            left: args.limits.max_file_size,
            failed: None,
        };
        match format {
            data::Format::Csv => loader
                .read_csv_in(
                    STDIN,
                    std::io::BufReader::with_capacity(1 << 16, &mut tee),
                    args.encoding,
                )
                .map_err(io_error)?,
            data::Format::Json => loader.read_json(STDIN, &mut tee),
            data::Format::Workbook(_) => {
                return Err(io_error(std::io::Error::other(
                    "a workbook cannot be read from standard input; give its file name",
                )))
            }
        }
        *stdin_copy = Some(match tee.failed {
            Some(e) => Err(e),
            None => tee.copy.into_inner().map_err(|e| e.into_error()),
        });
        return Ok(());
    }
    let f = std::fs::File::open(path).map_err(io_error)?;
    if f.metadata().map_err(io_error)?.is_dir() {
        return Err(io_error(std::io::Error::other("is a directory")));
    }
    match format {
        data::Format::Csv => loader
            .read_csv_in(
                path,
                std::io::BufReader::with_capacity(1 << 16, f),
                args.encoding,
            )
            .map_err(io_error)?,
        data::Format::Json => loader.read_json(path, f),
        data::Format::Workbook(book) => {
            loader.read_workbook(path, book, std::io::BufReader::new(f), sheet)
        }
    }
    Ok(())
}

/// The name data read from standard input goes by.
const STDIN: &str = "<stdin>";

/// What was kept of standard input's data, or why it could not be.
type StdinCopy = std::io::Result<std::fs::File>;

/// Passes standard input through to the data reader and copies its first
/// `left` bytes to a file on the way. A failure to copy does not stop the
/// reading: it is reported only if the copy is needed.
struct Tee<R, W> {
    input: R,
    copy: W,
    left: u64,
    failed: Option<std::io::Error>,
}

impl<R: Read, W: Write> Read for Tee<R, W> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.input.read(buf)?;
        if self.failed.is_none() && self.left > 0 {
            let keep = n.min(usize::try_from(self.left).unwrap_or(usize::MAX));
            let kept = buf.get(..keep).unwrap_or_default();
            match self.copy.write_all(kept) {
                Ok(()) => self.left -= keep as u64,
                Err(e) => self.failed = Some(e),
            }
        }
        Ok(n)
    }
}

/// A data file's problems as diagnostics. The file is read again only now,
/// to point into it, and only as far as the diagnostics shown need (at
/// most `--max-file-size` bytes); a failure to read it is reported. Data
/// from standard input is read back from its copy.
fn data_diagnostics(
    report: &data::FileReport,
    arg: &str,
    limits: &output::Limits,
    stdin_copy: &mut Option<StdinCopy>,
) -> FileReport {
    let (path, _) = data_source(arg);
    let input = if path == "-" {
        match stdin_copy.take() {
            Some(Ok(mut f)) => f.rewind().map(|()| f),
            Some(Err(e)) => Err(e),
            None => Err(std::io::Error::other("standard input was not kept")),
        }
    } else {
        std::fs::File::open(path)
    };
    let excerpts = report.diagnostics_from(input, limits.max_errors, limits.max_file_size);
    FileReport {
        file: excerpts.file,
        diagnostics: excerpts.diagnostics,
        omitted: excerpts.omitted,
    }
}
