//! Loading input files for a command, with failures as reports.

use super::output::FileReport;
use planc::diag::{Code, Diagnostic};
use planc::io::{read_source, LoadError};
use planc::source::SourceFile;

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
            let d = Diagnostic::new(Code::Io, format!("cannot read {path}: {message}"));
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
