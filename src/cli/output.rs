//! Printing diagnostics in the format the user asked for.

use planc::diag::{self, render, Diagnostic};
use planc::source::SourceFile;
use std::io::IsTerminal;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Colour for diagnostics on standard error: only on a terminal, and
    /// never when `NO_COLOR` is set.
    pub fn enabled(self) -> bool {
        self.enabled_on(&std::io::stderr())
    }

    /// The same for another stream, e.g. `eval`'s table on standard output.
    pub fn enabled_on(self, stream: &impl IsTerminal) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && stream.is_terminal()
            }
        }
    }
}

/// Options every command that reads plans or data shares.
#[derive(Clone, Copy, Debug, clap::Args)]
pub struct Limits {
    /// Print at most this many diagnostics (the rest are counted).
    #[arg(long, default_value_t = 50)]
    pub max_errors: usize,
    /// Refuse a plan or model larger than this many bytes, at most
    /// 4294967295 (data is streamed and has no limit; this also bounds how
    /// much of a data file is read back to show its problems).
    #[arg(long, default_value_t = planc::io::DEFAULT_MAX_FILE_BYTES, value_parser = max_file_size)]
    pub max_file_size: u64,
}

/// `--max-file-size`: a byte count that positions in the file can address.
fn max_file_size(s: &str) -> Result<u64, String> {
    let n: u64 = s
        .parse()
        .map_err(|_| format!("`{s}` is not a number of bytes"))?;
    if n > planc::io::MAX_FILE_BYTES {
        return Err(format!(
            "{n} is above the largest file planc can point into: {} bytes (4 GiB − 1), \
             because positions in a file are 32-bit byte offsets",
            planc::io::MAX_FILE_BYTES
        ));
    }
    Ok(n)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagFormat {
    /// Rendered for a person, with source excerpts.
    Human,
    /// One line per diagnostic: `file:line:col: severity[code]: message`.
    Short,
    /// A JSON document (see docs/diagnostics.md).
    Json,
}

/// `check`'s formats: those of every command, and SARIF.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// Rendered for a person, with source excerpts.
    Human,
    /// One line per diagnostic: `file:line:col: severity[code]: message`.
    Short,
    /// A JSON document (see docs/diagnostics.md).
    Json,
    /// SARIF 2.1.0, for code-scanning tools (see docs/diagnostics.md).
    Sarif,
}

impl CheckFormat {
    /// The shared format, for all but SARIF.
    pub fn common(self) -> Option<DiagFormat> {
        match self {
            CheckFormat::Human => Some(DiagFormat::Human),
            CheckFormat::Short => Some(DiagFormat::Short),
            CheckFormat::Json => Some(DiagFormat::Json),
            CheckFormat::Sarif => None,
        }
    }
}

/// The SARIF log of the reports, always valid JSON.
pub fn sarif(reports: &[FileReport]) -> String {
    let findings: Vec<diag::sarif::Findings<'_>> = reports
        .iter()
        .map(|r| diag::sarif::Findings {
            file: &r.file,
            diagnostics: &r.diagnostics,
        })
        .collect();
    let log = diag::sarif::log(&findings, env!("CARGO_PKG_VERSION"));
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// Diagnostics grouped with the file they belong to.
pub struct FileReport {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics found beyond the kept ones, counted only.
    pub omitted: diag::Omitted,
}

impl FileReport {
    pub fn new(file: SourceFile, diagnostics: Vec<Diagnostic>) -> Self {
        FileReport {
            file,
            diagnostics,
            omitted: diag::Omitted::default(),
        }
    }
}

pub struct Counts {
    pub errors: usize,
    pub warnings: usize,
}

pub fn count(reports: &[FileReport]) -> Counts {
    let all = reports.iter().flat_map(|r| &r.diagnostics);
    let errors = all.clone().filter(|d| d.is_error()).count();
    let warnings = all.count() - errors;
    Counts {
        errors: errors + reports.iter().map(|r| r.omitted.errors).sum::<usize>(),
        warnings: warnings + reports.iter().map(|r| r.omitted.warnings).sum::<usize>(),
    }
}

/// Prints the diagnostics of a command that reads a plan and data
/// (`eval`, `report`, `template`) on standard error: as JSON, or for
/// people with the summary line; under `-q` only errors, and nothing when
/// there is nothing to show.
pub fn print_stderr(reports: &[FileReport], format: DiagFormat, limits: &Limits, color: bool) {
    let quiet = super::verbosity::quiet();
    let shown = |d: &Diagnostic| d.is_error() || !quiet;
    if !reports.iter().any(|r| r.diagnostics.iter().any(shown)) {
        return;
    }
    if format == DiagFormat::Json {
        err!("{}", json(reports, limits.max_errors, None));
    } else {
        print_human(reports, format, color, limits.max_errors, !quiet);
        if !quiet {
            errln!("{}", summary(&count(reports)));
        }
    }
}

/// Prints diagnostics for people on stderr, at most `max` of them, then a
/// line saying how many were left out. Without `warnings` (`-q`), only
/// errors are printed and counted.
pub fn print_human(
    reports: &[FileReport],
    format: DiagFormat,
    color: bool,
    max: usize,
    warnings: bool,
) {
    let style = render::Style { color, width: 100 };
    let mut shown = 0usize;
    let c = count(reports);
    let total = if warnings {
        c.errors + c.warnings
    } else {
        c.errors
    };
    for r in reports {
        for d in r.diagnostics.iter().filter(|d| warnings || d.is_error()) {
            if shown == max {
                let rest = total - shown;
                errln!(
                    "… and {rest} more diagnostic{} (raise --max-errors to see them)",
                    plural(rest)
                );
                return;
            }
            shown += 1;
            match format {
                DiagFormat::Short => errln!("{}", render::one_line(d, &r.file)),
                _ => err!("{}", render::render(d, &r.file, style)),
            }
        }
    }
    if shown < total {
        let rest = total - shown;
        errln!(
            "… and {rest} more diagnostic{} (raise --max-errors to see them)",
            plural(rest)
        );
    }
}

#[derive(serde::Serialize)]
struct JsonOut<'a> {
    version: u32,
    ok: bool,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<diag::json::JsonDiagnostic>,
    #[serde(skip_serializing_if = "Option::is_none")]
    truncated: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    io_error: Option<&'a str>,
    /// What a command did with each file (`fmt`).
    #[serde(skip_serializing_if = "Option::is_none")]
    files: Option<&'a [FileOutcome]>,
    /// The command line was invalid: nothing was read.
    #[serde(skip_serializing_if = "Option::is_none")]
    usage_error: Option<UsageError<'a>>,
}

#[derive(serde::Serialize)]
struct UsageError<'a> {
    message: &'a str,
    detail: &'a str,
}

/// The JSON document for a command line clap rejected.
pub fn usage_json(message: &str, detail: &str) -> String {
    let out = JsonOut {
        version: 1,
        ok: false,
        errors: 0,
        warnings: 0,
        diagnostics: Vec::new(),
        truncated: None,
        io_error: None,
        files: None,
        usage_error: Some(UsageError { message, detail }),
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// The SARIF log for a command line clap rejected: a failed invocation.
pub fn usage_sarif(detail: &str) -> String {
    let log = diag::sarif::failed_invocation(detail, env!("CARGO_PKG_VERSION"));
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

/// One file and what a command did with it, e.g. `fmt`'s `reformatted`.
#[derive(serde::Serialize)]
pub struct FileOutcome {
    pub file: String,
    pub status: &'static str,
    /// Whether this outcome lets the command succeed.
    #[serde(skip)]
    pub ok: bool,
}

/// The JSON diagnostics document, always valid JSON.
pub fn json(reports: &[FileReport], max: usize, io_error: Option<&str>) -> String {
    json_with_files(reports, max, io_error, None)
}

/// The JSON diagnostics document with what the command did to each file.
/// `ok` is false when an outcome is not (`fmt --check` found a file to
/// reformat), even with no diagnostic.
pub fn json_with_files(
    reports: &[FileReport],
    max: usize,
    io_error: Option<&str>,
    files: Option<&[FileOutcome]>,
) -> String {
    let c = count(reports);
    let all: Vec<_> = reports
        .iter()
        .flat_map(|r| {
            r.diagnostics
                .iter()
                .map(move |d| diag::json::to_json(d, &r.file))
        })
        .collect();
    let total = c.errors + c.warnings;
    let out = JsonOut {
        version: 1,
        ok: c.errors == 0 && io_error.is_none() && files.is_none_or(|f| f.iter().all(|o| o.ok)),
        errors: c.errors,
        warnings: c.warnings,
        diagnostics: all.into_iter().take(max).collect(),
        truncated: (total > max).then(|| total - max),
        io_error,
        files,
        usage_error: None,
    };
    let mut s = serde_json::to_string_pretty(&out).unwrap_or_else(|_| "{}".to_string());
    s.push('\n');
    s
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

pub fn summary(c: &Counts) -> String {
    format!(
        "{} error{}, {} warning{}",
        c.errors,
        plural(c.errors),
        c.warnings,
        plural(c.warnings)
    )
}
