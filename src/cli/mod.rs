//! Command-line interface. Each subcommand has its own file.

/// `print!` for the CLI's output. A closed standard output (`planc … |
/// head`) means the reader has gone: the rest is dropped instead of the
/// panic `print!` would raise.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout().lock(), $($t)*);
    }};
}

/// `println!`, with [`out!`]'s handling of a closed output.
macro_rules! outln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($t)*);
    }};
}

/// `eprint!`, with [`out!`]'s handling of a closed output.
macro_rules! err {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stderr().lock(), $($t)*);
    }};
}

/// `eprintln!`, with [`out!`]'s handling of a closed output.
macro_rules! errln {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($t)*);
    }};
}

/// `eprintln!` of a `note: …` line, only with `-v` (see [`verbosity`]).
macro_rules! note {
    ($($t:tt)*) => {{
        if $crate::cli::verbosity::verbose() {
            errln!("note: {}", format_args!($($t)*));
        }
    }};
}

mod check;
mod compile;
mod completions;
mod diff;
mod eval;
pub mod exit;
mod explain;
mod extract;
mod fmt;
mod init;
mod inputs;
mod load;
mod lsp;
mod output;
mod report;
mod template;
mod verbosity;
mod watch;

use clap::{CommandFactory, Parser, Subcommand};
use std::process::ExitCode;

const EXAMPLES: &str = "\
Examples:
  planc check examples/jiaxing-2010.plan
  planc check --format json plans/*.plan
  planc compile examples/jiaxing-2010.plan -o jiaxing.model.json
  planc eval examples/jiaxing-2010.plan --data examples/jiaxing-2010.data.csv
  planc template examples/jiaxing-2010.plan -o figures.xlsx
  planc report examples/jiaxing-2010.plan --data examples/jiaxing-2010.data.csv --html -o report.html
  planc fmt --check examples/*.plan
  planc explain E0101
  planc init my-plan
  planc extract examples/jiaxing-2010.txt -o draft.plan
  planc diff examples/jiaxing-2010.plan draft.plan

Exit codes: 0 ok, 1 the input has errors, 2 usage or I/O error,
3 (eval) a firm target is missed or behind; diff: 0 same, 1 different,
2 nothing compared.";

#[derive(Parser)]
#[command(name = "planc", version, about = "Check, compile and evaluate policy-target plans", after_help = EXAMPLES)]
struct Cli {
    /// When to colour diagnostics.
    #[arg(long, global = true, value_enum, default_value_t = output::ColorChoice::Auto)]
    color: output::ColorChoice,
    /// Print only errors on standard error: no warnings, summaries or notes.
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print notes on standard error: each file read, and how long
    /// each stage took.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Check plans and report every error and warning.
    #[command(
        after_help = "Examples:\n  planc check examples/jiaxing-2010.plan\n  planc check --format json a.plan b.plan"
    )]
    Check(check::Args),
    /// Compile a plan to its JSON evaluation model.
    #[command(
        after_help = "Examples:\n  planc compile examples/jiaxing-2010.plan\n  planc compile examples/jiaxing-2010.plan -o model.json"
    )]
    Compile(compile::Args),
    /// Judge every target against reported data: met, missed, on track ….
    #[command(
        after_help = "Examples:\n  planc eval examples/jiaxing-2010.plan --data examples/jiaxing-2010.data.csv\n  planc eval model.json --data 2011.csv --data 2012.csv --as-of 2011 --format json\n\nExit codes: 0 every firm target fine, 1 plan or data errors, 2 usage or I/O error,\n3 a firm target missed or behind."
    )]
    Eval(eval::Args),
    /// Write the data-collection template for a plan: the figures its
    /// targets need, one row per metric and year, as .xlsx or CSV.
    #[command(
        after_help = "Examples:\n  planc template examples/jiaxing-2010.plan -o figures.xlsx\n  planc template examples/jiaxing-2010.plan -o 市经贸委.xlsx --agency 市经贸委 --years 2011..2012\n  planc template examples/jiaxing-2010.plan -o figures.csv\n\nFill in the value column and read it back with `planc eval PLAN --data figures.xlsx`."
    )]
    Template(template::Args),
    /// Write the evaluation as a document: `--html`, a self-contained page with a chart for each target.
    #[command(
        after_help = "Examples:\n  planc report examples/jiaxing-2010.plan --data examples/jiaxing-2010.data.csv --html -o report.html\n  planc report model.json --data 2011.csv --as-of 2011 --html -o - > report.html\n\nExit codes: 0 written, 1 plan or data errors, 2 usage or I/O error.\nThe report shows firm targets missed or behind; use `planc eval` to gate on them."
    )]
    Report(report::Args),
    /// Format plans in place, keeping every comment.
    #[command(
        after_help = "Examples:\n  planc fmt examples/*.plan\n  planc fmt --check examples/*.plan\n  planc fmt - < a.plan > a.formatted.plan\n\nA file with syntax errors is left untouched and its errors are reported."
    )]
    Fmt(fmt::Args),
    /// Draft a plan from a policy document: structure, agencies, targets.
    #[command(
        after_help = "Examples:\n  planc extract examples/jiaxing-2010.txt -o draft.plan\n  planc extract notice.txt --format json\n\nThe draft checks without errors; every target quotes its sentence, and a\nfigure no rule reads is a `# TODO` comment at its place."
    )]
    Extract(extract::Args),
    /// Compare two plans' targets: added, removed and changed.
    #[command(
        after_help = "Examples:\n  planc diff examples/jiaxing-2010.plan draft.plan\n  planc diff old.plan new.plan --format json\n\nExit codes: 0 the same targets, 1 differences, 2 usage or I/O error, or a plan\nwith errors (nothing to compare)."
    )]
    Diff(diff::Args),
    /// Explain a diagnostic code: what it means, an example, the fix.
    #[command(after_help = "Examples:\n  planc explain E0101\n  planc explain --list")]
    Explain(explain::Args),
    /// Start a plan: write a commented plan and a matching data file.
    #[command(
        after_help = "Examples:\n  planc init\n  planc init my-plan --keywords zh\n\nExisting files are never overwritten."
    )]
    Init(init::Args),
    /// Print a shell's completion script for planc.
    #[command(
        after_help = "Examples:\n  planc completions bash > ~/.local/share/bash-completion/completions/planc\n  planc completions zsh > ~/.zfunc/_planc\n  planc completions fish > ~/.config/fish/completions/planc.fish"
    )]
    Completions(completions::CompletionsArgs),
    /// Print planc's manual page (roff), or a command's.
    #[command(
        after_help = "Examples:\n  planc man > planc.1 && man ./planc.1\n  planc man eval | man -l -"
    )]
    Man(completions::ManArgs),
    /// Run the language server on standard input and output, for editors.
    #[command(
        after_help = "Editors start it with no arguments; it speaks the Language Server Protocol\n(JSON-RPC) on standard input and output. See docs/lsp.md."
    )]
    Lsp(lsp::Args),
}

pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    exit::OK
                }
                _ => {
                    // A caller that asked for a machine-readable format
                    // parses standard output: it gets a document there too.
                    let message = e.kind().as_str().unwrap_or("invalid arguments");
                    let detail = e.render().to_string();
                    match requested_format() {
                        Some("json") => out!("{}", output::usage_json(message, &detail)),
                        Some("sarif") => out!("{}", output::usage_sarif(&detail)),
                        _ => {}
                    }
                    exit::USAGE
                }
            });
        }
    };
    verbosity::set(if cli.quiet {
        verbosity::Level::Quiet
    } else if cli.verbose {
        verbosity::Level::Verbose
    } else {
        verbosity::Level::Normal
    });
    let color = cli.color.enabled();
    let code = match cli.command {
        Command::Check(a) => check::run(a, color),
        Command::Compile(a) => compile::run(a, color),
        Command::Eval(a) => eval::run(a, cli.color),
        Command::Fmt(a) => fmt::run(a, cli.color),
        Command::Template(a) => template::run(a, color),
        Command::Report(a) => report::run(a, color),
        Command::Explain(a) => explain::run(a),
        Command::Init(a) => init::run(a),
        Command::Completions(a) => completions::completions(a, Cli::command()),
        Command::Man(a) => completions::man(a, Cli::command()),
        Command::Lsp(a) => lsp::run(a),
        Command::Extract(a) => extract::run(a, color),
        Command::Diff(a) => diff::run(a, color),
    };
    ExitCode::from(code)
}

/// The value of `--format` among the raw arguments, when it is one of the
/// machine-readable formats, for usage errors clap rejected.
fn requested_format() -> Option<&'static str> {
    let args: Vec<String> = std::env::args().collect();
    let value = args.iter().enumerate().find_map(|(i, a)| {
        a.strip_prefix("--format=").map(str::to_string).or_else(|| {
            (a == "--format")
                .then(|| args.get(i + 1).cloned())
                .flatten()
        })
    })?;
    ["json", "sarif"].into_iter().find(|f| *f == value)
}
