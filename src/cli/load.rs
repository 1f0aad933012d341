//! Loading input files for a command, with failures as reports.

use super::exit;
use super::output::FileReport;
use planc::diag::{Code, Diagnostic};
use planc::io::{read_source, LoadError};
use planc::model::Model;
use planc::source::SourceFile;
use std::path::{Path, PathBuf};

/// Reports and the exit code of a command that cannot go on.
pub type Failure = (Vec<FileReport>, u8);

/// The model, from a compiled `.json` model or by compiling a plan, with
/// the plan's warnings.
pub fn model(input: &str, max_file_size: u64) -> Result<(Model, Vec<FileReport>), Failure> {
    let started = std::time::Instant::now();
    let file = match load(input, max_file_size) {
        Loaded::Ok(f) => {
            note!(
                "read {} ({} bytes) in {}",
                f.name,
                f.text.len(),
                super::verbosity::since(started)
            );
            f
        }
        Loaded::Io(r) => return Err((vec![r], exit::USAGE)),
        Loaded::Invalid(r) => return Err((vec![r], exit::INVALID)),
    };
    let json = Path::new(input)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if json {
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
    let compiling = std::time::Instant::now();
    let out = planc::compile(&file);
    note!(
        "compiled {} in {}",
        file.name,
        super::verbosity::since(compiling)
    );
    let report = FileReport::new(file, out.diagnostics);
    match out.model {
        Some(m) => Ok((m, vec![report])),
        None => Err((vec![report], exit::INVALID)),
    }
}

pub enum Loaded {
    Ok(SourceFile),
    /// Unreadable: usage/I-O exit code.
    Io(FileReport),
    /// Readable but not usable as text: input-error exit code.
    Invalid(FileReport),
}

pub fn load(path: &str, max_bytes: u64) -> Loaded {
    match read_source(path, max_bytes) {
        Ok(f) => Loaded::Ok(f),
        Err(LoadError::Io { path, message }) => {
            let mut d = Diagnostic::new(Code::Io, format!("cannot read {path}: {message}"));
            if Path::new(&path).is_dir() {
                d = d.help(format!(
                    "this command reads one file; `planc check {path}` and `planc fmt {path}` take a directory and read every `.plan` file in it"
                ));
            }
            Loaded::Io(FileReport::new(
                SourceFile::new(path, String::new()),
                vec![d],
            ))
        }
        Err(LoadError::Invalid { file, diagnostic }) => {
            Loaded::Invalid(FileReport::new(*file, vec![*diagnostic]))
        }
    }
}

/// The plan files named on a command line, in order, each directory
/// replaced by the `*.plan` files under it: at any depth, sorted by path so
/// every run reads them in the same order. Hidden entries (`.git`) are
/// skipped, and symbolic links to directories are not followed, so no walk
/// loops. A directory holding no plan, or one that cannot be read, is an
/// I/O report in its place.
pub fn expand(args: &[String]) -> Vec<Result<String, FileReport>> {
    let mut out = Vec::new();
    for arg in args {
        let path = Path::new(arg);
        if arg == "-" || !path.is_dir() {
            out.push(Ok(arg.clone()));
            continue;
        }
        match plans_under(path) {
            Ok(found) if found.is_empty() => out.push(Err(io_report(
                arg,
                format!("no `.plan` file in directory {arg}"),
            ))),
            Ok(found) => out.extend(found.into_iter().map(Ok)),
            Err(e) => out.push(Err(io_report(arg, format!("cannot read {arg}: {e}")))),
        }
    }
    out
}

fn io_report(path: &str, message: String) -> FileReport {
    FileReport::new(
        SourceFile::new(path, String::new()),
        vec![Diagnostic::new(Code::Io, message)],
    )
}

/// Every `*.plan` file under `dir`, sorted; a loop over a stack of
/// directories, never recursion.
fn plans_under(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut found: Vec<PathBuf> = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let path = entry.path();
            // `file_type` does not follow links: a linked directory is skipped.
            let kind = entry.file_type()?;
            if kind.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "plan") && path.is_file() {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found
        .into_iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect())
}
