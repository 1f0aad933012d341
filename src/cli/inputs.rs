//! What `eval` and `report` share: the model (compiled from a plan or read
//! from a `.json` model), the data read against it (files, workbooks or
//! standard input, in any encoding), the judgement as of a year, and the
//! language of the words.

use super::exit;
use super::output::{self, FileReport};
use super::verbosity;
use planc::data::{self, Catalog, Loader};
use planc::diag::{Code, Diagnostic};
use planc::eval::Evaluation;
use planc::model::Model;
use planc::report::lang::{Catalogue, Lang};
use planc::source::SourceFile;
use std::io::{Read, Seek, Write};
use std::path::Path;
use std::time::Instant;

/// `--data-format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DataFormat {
    /// CSV (docs/data.md).
    Csv,
    /// JSON (docs/data.md).
    Json,
}

/// Where the figures come from.
#[derive(clap::Args)]
pub struct DataArgs {
    /// A data file: CSV, or by extension JSON or a workbook (`.xlsx`,
    /// `.xlsm`, `.xlsb`, `.xls`, `.ods`; `figures.xlsx#指标` reads the sheet
    /// 指标, else the first). Repeat `--data` for several, which merge. One
    /// file per flag, so the plan may follow. `-` reads standard input,
    /// streamed (CSV unless `--data-format json`).
    #[arg(long, required = true, value_name = "FILE")]
    pub data: Vec<String>,
    /// The format of every data input, whatever its name: needed for JSON
    /// on standard input [default: by extension, else CSV].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub data_format: Option<DataFormat>,
    /// The encoding of CSV data files (`gbk`, `gb18030`, `big5`,
    /// `utf-16le`, `utf-8`, …) [default: UTF-8, UTF-16 by its byte order
    /// mark, or GBK when the bytes read as GBK, with a warning].
    #[arg(long, value_name = "LABEL", value_parser = encoding_label)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
}

/// The languages of the reports compiled in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum LangArg {
    /// English.
    En,
    /// Chinese: 已完成, 一、, (三), 6万元.
    Zh,
}

/// The language of a report's words.
#[derive(clap::Args)]
pub struct LangArgs {
    /// The language of the report's words (every format; JSON's codes
    /// stay the same).
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Read the report's words from a catalogue file instead: a third
    /// language (docs/reports.md#languages).
    #[arg(long, value_name = "PATH", conflicts_with = "lang")]
    pub lang_file: Option<String>,
}

/// Why nothing was judged.
pub enum Stop {
    /// Diagnostics of the plan, model or data, and the exit code.
    Failed(Vec<FileReport>, u8),
    /// A usage error (exit 2): a short message, and the detail for people.
    Usage {
        /// What went wrong, in a few words (the JSON document's message).
        message: &'static str,
        /// The whole explanation.
        detail: String,
    },
}

/// Standard input can be read once: by the plan or by one `--data -`.
pub fn stdin_once(input: &str, data: &DataArgs) -> Result<(), Stop> {
    let n = data.data.iter().filter(|d| *d == "-").count();
    let detail = if n > 1 {
        "`--data -` is given more than once; standard input can be read only once"
    } else if n == 1 && input == "-" {
        "the plan and `--data -` both read standard input; give the plan as a file"
    } else {
        return Ok(());
    };
    Err(Stop::Usage {
        message: "standard input named twice",
        detail: detail.to_string(),
    })
}

/// The model, from a compiled `.json` model or by compiling a plan, with
/// the plan's warnings.
pub fn model(input: &str, limits: &output::Limits) -> Result<(Model, Vec<FileReport>), Stop> {
    super::load::model(input, limits.max_file_size).map_err(|(r, code)| Stop::Failed(r, code))
}

/// Reads the data against the model and judges every target as of
/// `as_of`, else the latest year in the data. Returns the evaluation and
/// the data's warnings (an encoding guessed), which do not stop it.
pub fn judge(
    model: &Model,
    args: &DataArgs,
    as_of: Option<u16>,
    limits: &output::Limits,
) -> Result<(Evaluation, Vec<FileReport>), Stop> {
    let cat = Catalog::new(model);
    let mut loader = Loader::new(&cat);
    // A copy of standard input's data, to show where its problems are.
    let mut stdin_copy = None;
    for path in &args.data {
        let started = Instant::now();
        if let Err(report) = read_data(&mut loader, path, args, limits, &mut stdin_copy) {
            return Err(Stop::Failed(vec![report], exit::USAGE));
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
    note!(
        "held {} distinct figure{} (metric, year, region)",
        loader.keys(),
        output::plural(loader.keys())
    );
    let data = loader.finish();
    let errors = data.has_errors();
    let reports: Vec<FileReport> = data
        .files
        .iter()
        .zip(&args.data)
        .filter(|(f, _)| !f.problems.is_empty() || f.suppressed > 0)
        .map(|(f, path)| data_diagnostics(f, path, limits, &mut stdin_copy))
        .collect();
    if errors {
        return Err(Stop::Failed(reports, exit::INVALID));
    }
    let Some(as_of) = as_of.or(data.figures.latest_year()) else {
        return Err(Stop::Usage {
            message: "no year to judge from",
            detail: "the data holds no figures, so there is no latest year to judge from; pass --as-of YEAR".into(),
        });
    };
    let judging = Instant::now();
    let eval = planc::eval::evaluate(&cat, &data.figures, as_of);
    note!(
        "judged {} target{} as of {as_of} in {}",
        model.targets.len(),
        output::plural(model.targets.len()),
        verbosity::since(judging)
    );
    Ok((eval, reports))
}

/// The report's catalogue: `--lang-file`'s, checked, else `--lang`'s.
pub fn catalogue(args: &LangArgs) -> Result<Catalogue, String> {
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
    args: &DataArgs,
    limits: &output::Limits,
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
            left: limits.max_file_size,
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
