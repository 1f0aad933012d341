//! What `eval` and `report` share: the model (compiled from a plan or read
//! from a `.json` model), the data files read against it, and the
//! judgement as of a year.

use super::exit;
use super::load::{load, Loaded};
use super::output::{self, FileReport};
use planc::data::{self, Catalog, Loader};
use planc::diag::{Code, Diagnostic};
use planc::eval::Evaluation;
use planc::model::Model;
use planc::source::SourceFile;
use std::path::Path;

/// Why nothing was judged.
pub enum Stop {
    /// Diagnostics of the plan, model or data, and the exit code.
    Failed(Vec<FileReport>, u8),
    /// The data holds no figures and no `--as-of` was given.
    NoYear {
        message: &'static str,
        detail: String,
    },
}

/// The model, from a compiled `.json` model or by compiling a plan, with
/// the plan's warnings.
pub fn model(input: &str, limits: &output::Limits) -> Result<(Model, Vec<FileReport>), Stop> {
    let file = match load(input, limits.max_file_size) {
        Loaded::Ok(f) => f,
        Loaded::Io(r) => return Err(Stop::Failed(vec![r], exit::USAGE)),
        Loaded::Invalid(r) => return Err(Stop::Failed(vec![r], exit::INVALID)),
    };
    if is_json(input) {
        return match Model::from_json(&file.text) {
            Ok(m) => Ok((m, Vec::new())),
            Err(e) => {
                let d =
                    Diagnostic::new(Code::Io, format!("{} is not a planc model: {e}", file.name))
                        .help("give a `.plan` file, or a model written by `planc compile`");
                Err(Stop::Failed(
                    vec![FileReport::new(file, vec![d])],
                    exit::INVALID,
                ))
            }
        };
    }
    let out = planc::compile(&file);
    let report = FileReport::new(file, out.diagnostics);
    match out.model {
        Some(m) => Ok((m, vec![report])),
        None => Err(Stop::Failed(vec![report], exit::INVALID)),
    }
}

/// Reads the data files against the model and judges every target as of
/// `as_of`, else the latest year in the data.
pub fn judge(
    model: &Model,
    paths: &[String],
    as_of: Option<u16>,
    limits: &output::Limits,
) -> Result<Evaluation, Stop> {
    let cat = Catalog::new(model);
    let mut loader = Loader::new(&cat);
    for path in paths {
        if let Err(report) = read_data(&mut loader, path) {
            return Err(Stop::Failed(vec![report], exit::USAGE));
        }
    }
    let data = loader.finish();
    if data.has_errors() {
        let reports: Vec<FileReport> = data
            .files
            .iter()
            .zip(paths)
            .filter(|(f, _)| !f.problems.is_empty() || f.suppressed > 0)
            .map(|(f, path)| data_diagnostics(f, path, limits))
            .collect();
        return Err(Stop::Failed(reports, exit::INVALID));
    }
    let Some(as_of) = as_of.or(data.figures.latest_year()) else {
        return Err(Stop::NoYear {
            message: "no year to judge from",
            detail: "the data holds no figures, so there is no latest year to judge from; pass --as-of YEAR".into(),
        });
    };
    Ok(planc::eval::evaluate(&cat, &data.figures, as_of))
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
