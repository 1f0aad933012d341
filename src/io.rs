//! Reading inputs and writing outputs safely.
//!
//! Reads are bounded in size; writes are atomic: the bytes go to a
//! temporary file in the target's directory, which is then renamed over the
//! target, so a failure leaves the previous file untouched.

use crate::diag::{Code, Diagnostic};
use crate::source::SourceFile;
use std::io::{Read, Write};
use std::path::Path;

/// Inputs larger than this are refused with a diagnostic.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 1 << 30;

/// The largest file planc reads whole: spans are 32-bit byte offsets
/// ([`crate::span::Span`]), so no limit may go beyond them.
pub const MAX_FILE_BYTES: u64 = u32::MAX as u64;

/// Why a plan file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read at all.
    #[error("cannot read {path}: {message}")]
    Io {
        /// The path as given.
        path: String,
        /// The operating system's error.
        message: String,
    },
    /// The file was read but cannot be used as text.
    #[error("{}", .diagnostic.message)]
    Invalid {
        /// The text as far as it was read.
        file: Box<SourceFile>,
        /// What is wrong with it (not UTF-8, too large …).
        diagnostic: Box<Diagnostic>,
    },
}

/// Reads `path` (or standard input for `-`) as UTF-8 text, refusing more
/// than `max_bytes` (and never more than [`MAX_FILE_BYTES`]).
pub fn read_source(path: &str, max_bytes: u64) -> Result<SourceFile, LoadError> {
    let (name, bytes) = read_bytes(path, max_bytes)?;
    SourceFile::from_bytes(name, bytes).map_err(|e| {
        let (file, d) = *e;
        LoadError::Invalid {
            file: Box::new(file),
            diagnostic: Box::new(d),
        }
    })
}

/// Reads `path` (or standard input for `-`) as bytes, refusing more than
/// `max_bytes` (and never more than [`MAX_FILE_BYTES`]). Returns the name
/// to show (`<stdin>` for `-`) and the bytes.
pub fn read_bytes(path: &str, max_bytes: u64) -> Result<(String, Vec<u8>), LoadError> {
    let max_bytes = max_bytes.min(MAX_FILE_BYTES);
    let io_err = |e: std::io::Error| LoadError::Io {
        path: path.to_string(),
        message: e.to_string(),
    };
    let mut bytes = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
    } else {
        let f = std::fs::File::open(path).map_err(io_err)?;
        let meta = f.metadata().map_err(io_err)?;
        if meta.is_dir() {
            return Err(LoadError::Io {
                path: path.to_string(),
                message: "is a directory".to_string(),
            });
        }
        // The whole file in one buffer of its size (and the byte that tells
        // it is over the limit), not one grown by doubling: the text is
        // copied out of it (`source`), so both are alive for a moment.
        let size = meta.len().min(max_bytes.saturating_add(1));
        bytes.reserve(usize::try_from(size).unwrap_or(0).saturating_add(1));
        f.take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(io_err)?;
    }
    let name = if path == "-" { "<stdin>" } else { path };
    if bytes.len() as u64 > max_bytes {
        let diagnostic = Diagnostic::new(
            Code::Limit,
            format!("{name} is larger than the limit of {max_bytes} bytes"),
        )
        .help("raise the limit with `--max-file-size BYTES`, or split the plan");
        return Err(LoadError::Invalid {
            file: Box::new(SourceFile::new(name, String::new())),
            diagnostic: Box::new(diagnostic),
        });
    }
    Ok((name.to_string(), bytes))
}

/// Writes `bytes` to `path` atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_atomic_with(path, bytes, |_| Ok(()))
}

/// As [`write_atomic`], with a hook run after the data is written and
/// before the rename: tests inject a failure there.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    before_rename: impl FnOnce(&Path) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".planc-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    before_rename(tmp.path())?;
    persist(tmp, path)
}

/// Writes `bytes` to a new file at `path`, atomically, and never over an
/// existing file: if `path` exists (even if it appears while the data is
/// written), nothing is written and the error is
/// [`std::io::ErrorKind::AlreadyExists`]. The new file gets the usual
/// `0644`.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".planc-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    set_default_mode(tmp.path())?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

/// Renames a complete temporary file over `path`. The file keeps the
/// permissions of the one it replaces; a new file gets the usual `0644`
/// rather than the temporary file's private `0600`.
pub fn persist(tmp: tempfile::NamedTempFile, path: &Path) -> std::io::Result<()> {
    tmp.as_file().sync_all()?;
    match std::fs::metadata(path) {
        Ok(meta) => std::fs::set_permissions(tmp.path(), meta.permissions())?,
        Err(_) => set_default_mode(tmp.path())?,
    }
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(unix)]
fn set_default_mode(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_default_mode(_: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failure_before_rename_keeps_old_file() -> std::io::Result<()> {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("model.json");
        std::fs::write(&path, "old")?;
        let r = write_atomic_with(&path, b"new", |_| Err(std::io::Error::other("injected")));
        assert!(r.is_err());
        assert_eq!(std::fs::read_to_string(&path)?, "old");
        // No temporary file is left behind.
        assert_eq!(std::fs::read_dir(dir.path())?.count(), 1);
        write_atomic(&path, b"new")?;
        assert_eq!(std::fs::read_to_string(&path)?, "new");
        Ok(())
    }
}
