//! `planc compile PLAN [-o FILE]`
//!
//! The model is streamed to a temporary file as items are checked (targets
//! to a second one), and only when the whole plan has no error is it
//! renamed over FILE or copied to standard output. Memory stays small for
//! large plans, and no half-written model is ever left behind.

use super::exit;
use super::load::{load, Loaded};
use super::output::{self, DiagFormat, FileReport};
use planc::diag::{Code, Diagnostic, Omitted};
use planc::model::JsonWriter;
use planc::source::SourceFile;
use std::io::{self, BufWriter, Seek, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

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
    #[command(flatten)]
    limits: output::Limits,
}

pub fn run(args: Args, color: bool) -> u8 {
    let mut reports = Vec::new();
    let started = std::time::Instant::now();
    let code = match load(&args.file, args.limits.max_file_size) {
        Loaded::Ok(file) => {
            note!(
                "read {} ({} bytes) in {}",
                file.name,
                file.text.len(),
                super::verbosity::since(started)
            );
            let compiling = std::time::Instant::now();
            let options = planc::Options {
                max_diagnostics: args.limits.max_errors,
                ..planc::Options::default()
            };
            let (result, diagnostics, omitted) = compile(&file, &options, args.output.as_deref());
            note!(
                "compiled {} in {}",
                file.name,
                super::verbosity::since(compiling)
            );
            let has_errors = omitted.errors > 0 || planc::diag::has_errors(&diagnostics);
            reports.push(FileReport {
                file,
                diagnostics,
                omitted,
            });
            match result {
                Err((path, e)) => {
                    reports.push(io_report(&path, &e));
                    exit::USAGE
                }
                Ok(()) if has_errors => exit::INVALID,
                Ok(()) => exit::OK,
            }
        }
        Loaded::Io(r) => {
            reports.push(r);
            exit::USAGE
        }
        Loaded::Invalid(r) => {
            reports.push(r);
            exit::INVALID
        }
    };
    if args.format == DiagFormat::Json {
        let doc = output::json(&reports, args.limits.max_errors, None);
        if args.output.is_some() || code != exit::OK {
            out!("{doc}");
        } else {
            err!("{doc}");
        }
    } else {
        let quiet = super::verbosity::quiet();
        output::print_human(&reports, args.format, color, args.limits.max_errors, !quiet);
        let counts = output::count(&reports);
        if counts.errors + counts.warnings > 0 && !quiet {
            errln!("{}", output::summary(&counts));
        }
    }
    code
}

type WriteError = (String, io::Error);

/// Compiles `file`, writing the model to `output` (or stdout) if and only
/// if there are no errors.
fn compile(
    file: &SourceFile,
    options: &planc::Options,
    output: Option<&Path>,
) -> (Result<(), WriteError>, Vec<Diagnostic>, Omitted) {
    let dir = match output.and_then(Path::parent) {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        Some(_) => PathBuf::from("."),
        None => std::env::temp_dir(),
    };
    let shown = |p: &Path| p.display().to_string();
    let target = output.map_or_else(|| "<stdout>".to_string(), shown);
    // The temporary file is planc's business: the error names the target.
    let temps = NamedTempFile::with_prefix_in(".planc-", &dir)
        .and_then(|out| Ok((out, tempfile::tempfile()?)))
        .map_err(|e| (target.clone(), without_path(e)));
    let (out, spill) = match temps {
        Ok(t) => t,
        Err(e) => return (Err(e), Vec::new(), Omitted::default()),
    };
    let out = planc::compile_with(file, options, |head| {
        JsonWriter::start(BufWriter::new(out), BufWriter::new(spill), head)
    });
    if !out.ok() {
        // The temporary files are deleted when dropped.
        return (Ok(()), out.diagnostics, out.omitted);
    }
    let result = finish(out.sink, output).map_err(|e| (target, without_path(e)));
    (result, out.diagnostics, out.omitted)
}

fn finish(
    writer: JsonWriter<BufWriter<NamedTempFile>, BufWriter<std::fs::File>>,
    output: Option<&Path>,
) -> io::Result<()> {
    let (out, spill, tail) = writer.finish()?;
    let mut out = out.into_inner().map_err(|e| e.into_error())?;
    let mut spill = spill.into_inner().map_err(|e| e.into_error())?;
    spill.rewind()?;
    io::copy(&mut spill, &mut out)?;
    out.write_all(tail.as_bytes())?;
    match output {
        Some(path) => planc::io::persist(out, path)?,
        None => {
            out.rewind()?;
            let stdout = io::stdout();
            let mut lock = stdout.lock();
            io::copy(&mut out, &mut lock)?;
            lock.flush()?;
        }
    }
    Ok(())
}

/// The operating system's error without the temporary file's path that
/// `tempfile` appends to it (" at path …"): the report names the target.
fn without_path(e: io::Error) -> io::Error {
    let text = e.to_string();
    match text.rsplit_once(" at path ") {
        Some((message, _)) => io::Error::new(e.kind(), message.to_string()),
        None => e,
    }
}

fn io_report(path: &str, e: &io::Error) -> FileReport {
    let mut d = Diagnostic::new(Code::Io, format!("cannot write {path}: {e}"));
    if e.kind() == io::ErrorKind::NotFound {
        let dir = Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| ".".to_string(), |p| p.display().to_string());
        d = d.help(format!(
            "the directory {dir} does not exist: create it, or write the model elsewhere"
        ));
    }
    FileReport::new(SourceFile::new(path, String::new()), vec![d])
}
