//! `planc fmt [--check] [--keywords en|zh] [FILE…|-]`

use super::load::{expand, load, Loaded};
use super::output::{self, ColorChoice, DiagFormat, FileOutcome, FileReport};
use super::{exit, verbosity};
use planc::diag::{Code, Diagnostic};
use planc::source::SourceFile;
use planc::syntax::keywords::Spelling;
use std::io::{IsTerminal, Write};
use std::path::Path;

#[derive(clap::Args)]
pub struct Args {
    /// Plan files or directories (every `*.plan` file under them) to
    /// format in place. `-`, or no file when standard input is not a
    /// terminal, formats standard input to standard output.
    files: Vec<String>,
    /// Write nothing: list the files that are not formatted and exit 1 if
    /// there are any.
    #[arg(long)]
    check: bool,
    /// Write nothing: print a unified diff of each file that is not
    /// formatted (what formatting would change) and exit 1 if there are any.
    #[arg(long)]
    diff: bool,
    /// Write every keyword in one spelling: `en` (`lead`, `by 2012`) or
    /// `zh` (`牵头`, `到2012年`). Without it each statement keeps the
    /// spelling of the keyword it starts with.
    #[arg(long, value_enum)]
    keywords: Option<KeywordSpelling>,
    /// How to print diagnostics and, with `json`, each file's outcome.
    #[arg(long, value_enum, default_value_t = DiagFormat::Human)]
    format: DiagFormat,
    #[command(flatten)]
    limits: output::Limits,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KeywordSpelling {
    En,
    Zh,
}

impl From<KeywordSpelling> for Spelling {
    fn from(k: KeywordSpelling) -> Spelling {
        match k {
            KeywordSpelling::En => Spelling::En,
            KeywordSpelling::Zh => Spelling::Zh,
        }
    }
}

/// What happened to one file.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Unchanged,
    Reformatted,
    WouldReformat,
    /// Syntax errors: the file is left as it is.
    NotFormatted,
    /// It could not be read or written.
    IoError,
}

impl Outcome {
    fn as_str(self) -> &'static str {
        match self {
            Outcome::Unchanged => "unchanged",
            Outcome::Reformatted => "reformatted",
            Outcome::WouldReformat => "would_reformat",
            Outcome::NotFormatted => "not_formatted",
            Outcome::IoError => "io_error",
        }
    }
}

pub fn run(args: Args, color: ColorChoice) -> u8 {
    // Diagnostics go to standard error, a diff to standard output: each is
    // coloured when its own stream is a terminal.
    let diff_color = color.enabled_on(&std::io::stdout());
    run_with(
        args,
        color.enabled(),
        diff_color,
        std::io::stdin().is_terminal(),
    )
}

/// `fmt` with no file reads standard input, unless that is a terminal: a
/// person typing `planc fmt` gets a usage error, not a silent wait.
fn run_with(mut args: Args, color: bool, diff_color: bool, stdin_is_terminal: bool) -> u8 {
    if args.diff && args.format == DiagFormat::Json {
        let detail = "--diff prints a diff on standard output, where --format json prints its document; use one of them";
        out!(
            "{}",
            output::usage_json("--diff with --format json", detail)
        );
        return exit::USAGE;
    }
    if args.files.is_empty() {
        if stdin_is_terminal {
            let detail = "no file to format, and standard input is a terminal\n\nUsage: planc fmt [--check] FILE|DIR…\n       planc fmt - < a.plan   (standard input to standard output)";
            match args.format {
                DiagFormat::Json => {
                    out!("{}", output::usage_json("no file to format", detail));
                }
                _ => errln!("error: {detail}"),
            }
            return exit::USAGE;
        }
        args.files.push("-".to_string());
    }
    let mut reports = Vec::new();
    let mut outcomes = Vec::new();
    // Formatted standard input, printed once the files are done.
    let mut stdout_text: Option<String> = None;
    // `--diff`: each unformatted file's diff, in order.
    let mut diffs = String::new();
    for path in expand(&args.files) {
        let (outcome, report) = match path {
            Err(r) => (Outcome::IoError, r),
            Ok(path) => match load(&path, args.limits.max_file_size) {
                Loaded::Ok(file) => {
                    let started = std::time::Instant::now();
                    let diff = Diff {
                        text: &mut diffs,
                        color: diff_color,
                    };
                    let done = one(&args, &path, file, &mut stdout_text, diff);
                    note!(
                        "{}: {} in {}",
                        done.1.file.name,
                        done.0.as_str().replace('_', " "),
                        verbosity::since(started)
                    );
                    done
                }
                Loaded::Io(r) => (Outcome::IoError, r),
                Loaded::Invalid(r) => (Outcome::NotFormatted, r),
            },
        };
        outcomes.push(FileOutcome {
            file: report.file.name.clone(),
            status: outcome.as_str(),
            ok: !matches!(
                outcome,
                Outcome::WouldReformat | Outcome::NotFormatted | Outcome::IoError
            ),
        });
        reports.push((outcome, report));
    }
    let code = if reports.iter().any(|(o, _)| *o == Outcome::IoError) {
        exit::USAGE
    } else if outcomes.iter().all(|o| o.ok) {
        exit::OK
    } else {
        exit::INVALID
    };
    let reports: Vec<FileReport> = reports.into_iter().map(|(_, r)| r).collect();
    let stdout_taken = stdout_text.is_some();
    if std::io::stdout()
        .lock()
        .write_all(diffs.as_bytes())
        .is_err()
    {
        return exit::USAGE;
    }
    if let Some(text) = &stdout_text {
        if std::io::stdout().lock().write_all(text.as_bytes()).is_err() {
            return exit::USAGE;
        }
    }
    if args.format == DiagFormat::Json {
        let doc = output::json_with_files(&reports, args.limits.max_errors, None, Some(&outcomes));
        // Formatted text owns standard output; the report then goes to
        // standard error, as with `compile`.
        if stdout_taken {
            err!("{doc}");
        } else {
            out!("{doc}");
        }
        return code;
    }
    output::print_human(
        &reports,
        args.format,
        color,
        args.limits.max_errors,
        !verbosity::quiet(),
    );
    if args.check && !args.diff {
        for o in outcomes
            .iter()
            .filter(|o| o.status == Outcome::WouldReformat.as_str())
        {
            outln!("{}", o.file);
        }
    }
    // A filter on standard input (an editor's) wants the text, not a tally.
    let filter = args.files.iter().all(|f| f == "-");
    let quiet_filter = filter && code == exit::OK;
    if !quiet_filter && !verbosity::quiet() {
        errln!("{}", summary(&outcomes, args.check || args.diff));
    }
    code
}

/// Formats one loaded file, writing it back (or to `stdout` for `-`)
/// unless `--check`.
fn one(
    args: &Args,
    path: &str,
    file: SourceFile,
    stdout: &mut Option<String>,
    diffs: Diff<'_>,
) -> (Outcome, FileReport) {
    let report = FileReport::new;
    let text = match planc::fmt::format_with(&file.text, args.keywords.map(Spelling::from)) {
        Ok(t) => t,
        Err(diags) => return (Outcome::NotFormatted, report(file, diags)),
    };
    let changed = text != file.text;
    if args.diff && changed {
        let diff = unified_diff(&file.name, &file.text, &text);
        if diffs.color {
            diffs.text.push_str(&colored(&diff));
        } else {
            diffs.text.push_str(&diff);
        }
    }
    if args.check || args.diff {
        let o = if changed {
            Outcome::WouldReformat
        } else {
            Outcome::Unchanged
        };
        return (o, report(file, Vec::new()));
    }
    if path == "-" {
        stdout.get_or_insert_with(String::new).push_str(&text);
        let o = if changed {
            Outcome::Reformatted
        } else {
            Outcome::Unchanged
        };
        return (o, report(file, Vec::new()));
    }
    if !changed {
        return (Outcome::Unchanged, report(file, Vec::new()));
    }
    // Write through a symbolic link: the rename must replace the file it
    // points to, not the link.
    let target = std::fs::canonicalize(path).unwrap_or_else(|_| Path::new(path).to_path_buf());
    match planc::io::write_atomic(&target, text.as_bytes()) {
        Ok(()) => (Outcome::Reformatted, report(file, Vec::new())),
        Err(e) => {
            let d = Diagnostic::new(Code::Io, format!("cannot write {path}: {e}"))
                .help("the file is unchanged: formatting writes a temporary file beside it and renames it over the file");
            (Outcome::IoError, report(file, vec![d]))
        }
    }
}

/// Where `--diff` collects the diffs, and whether to colour them.
struct Diff<'a> {
    text: &'a mut String,
    color: bool,
}

/// One file's unified diff coloured as git colours one: its two header
/// lines bold, hunk headers cyan, removed lines red, added lines green.
fn colored(diff: &str) -> String {
    let mut out = String::with_capacity(diff.len() + diff.len() / 4);
    for (i, line) in diff.split_inclusive('\n').enumerate() {
        let (body, end) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        let style = if i < 2 {
            "\x1b[1m"
        } else if body.starts_with("@@") {
            "\x1b[36m"
        } else if body.starts_with('-') {
            "\x1b[31m"
        } else if body.starts_with('+') {
            "\x1b[32m"
        } else {
            ""
        };
        if style.is_empty() {
            out.push_str(line);
        } else {
            out.push_str(style);
            out.push_str(body);
            out.push_str("\x1b[0m");
            out.push_str(end);
        }
    }
    out
}

/// What formatting changes in a file, as a unified diff with three lines
/// of context: `--- NAME` / `+++ NAME` headers, so `patch -p0` applies it.
fn unified_diff(name: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = diff
        .unified_diff()
        .context_radius(3)
        .header(name, name)
        .to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

fn summary(outcomes: &[FileOutcome], check: bool) -> String {
    let n = |o: Outcome| outcomes.iter().filter(|f| f.status == o.as_str()).count();
    let files = |k: usize| format!("{k} file{}", output::plural(k));
    let mut parts = Vec::new();
    if check {
        parts.push(format!(
            "{} would be reformatted",
            files(n(Outcome::WouldReformat))
        ));
        parts.push(format!("{} already formatted", n(Outcome::Unchanged)));
    } else {
        parts.push(format!("{} reformatted", files(n(Outcome::Reformatted))));
        parts.push(format!("{} unchanged", n(Outcome::Unchanged)));
    }
    let refused = n(Outcome::NotFormatted);
    if refused > 0 {
        parts.push(format!("{} not formatted because of errors", refused));
    }
    let failed = n(Outcome::IoError);
    if failed > 0 {
        parts.push(format!("{} unreadable or unwritable", failed));
    }
    parts.join(", ")
}
