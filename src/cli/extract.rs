//! `planc extract DOC [-o draft.plan] [--format plan|json]`

use super::exit;
use super::output::{self, DiagFormat, FileReport};
use planc::diag::{Code, Diagnostic};
use planc::extract;
use planc::io::{read_bytes, LoadError};
use planc::source::SourceFile;
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// The draft plan.
    Plan,
    /// The extraction as data, with a character span for every sentence
    /// used (docs/extract.md).
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The policy document: plain text, UTF-8 or GBK (`-` reads standard
    /// input).
    document: String,
    /// Write the draft here (atomically) instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// What to write.
    #[arg(long, value_enum, default_value_t = Format::Plan)]
    format: Format,
    /// Refuse a document larger than this many bytes.
    #[arg(long, default_value_t = planc::io::DEFAULT_MAX_FILE_BYTES)]
    max_file_size: u64,
}

pub fn run(args: Args, color: bool) -> u8 {
    let report = |file: SourceFile, d: Diagnostic| {
        output::print_human(
            &[FileReport::new(file, vec![d])],
            DiagFormat::Human,
            color,
            50,
            !super::verbosity::quiet(),
        );
    };
    let (name, bytes) = match read_bytes(&args.document, args.max_file_size) {
        Ok(r) => r,
        Err(LoadError::Io { path, message }) => {
            report(
                SourceFile::new(path.clone(), String::new()),
                Diagnostic::new(Code::Io, format!("cannot read {path}: {message}")),
            );
            return exit::USAGE;
        }
        Err(LoadError::Invalid { file, diagnostic }) => {
            report(*file, *diagnostic);
            return exit::INVALID;
        }
    };
    let Some((text, encoding)) = extract::decode(&bytes) else {
        report(
            SourceFile::new(name.clone(), String::new()),
            Diagnostic::new(
                Code::Encoding,
                format!("{name} is neither UTF-8 nor GBK text"),
            )
            .help("convert it to UTF-8, e.g. `iconv -f ENCODING -t UTF-8`"),
        );
        return exit::INVALID;
    };
    let extracted = match extract::extract(&text, &name) {
        Ok(x) => x,
        Err(e) => {
            report(
                SourceFile::new(name.clone(), String::new()),
                Diagnostic::new(Code::Internal, e.to_string())
                    .help("this is a bug in planc extract: please report it with the document"),
            );
            return exit::INVALID;
        }
    };
    let body = match args.format {
        Format::Plan => extracted.draft.clone(),
        Format::Json => extract::json::document(&extracted, &text, &name, encoding),
    };
    match &args.output {
        Some(path) => {
            if let Err(e) = planc::io::write_atomic(path, body.as_bytes()) {
                report(
                    SourceFile::new(path.display().to_string(), String::new()),
                    Diagnostic::new(Code::Io, format!("cannot write {}: {e}", path.display())),
                );
                return exit::USAGE;
            }
        }
        None => out!("{body}"),
    }
    let ex = &extracted.extraction;
    let parts = ex.items.iter().filter(|i| i.parent.is_some()).count();
    let n = |k: usize, what: &str| format!("{k} {what}{}", output::plural(k));
    if super::verbosity::quiet() {
        return exit::OK;
    }
    errln!(
        "{name}: {}{}, {}, {}; the draft checks without errors",
        n(ex.items.len() - parts, "item"),
        if parts > 0 {
            format!(" and {}", n(parts, "part"))
        } else {
            String::new()
        },
        n(ex.targets.len(), "target"),
        n(ex.todos.len(), "TODO"),
    );
    exit::OK
}
