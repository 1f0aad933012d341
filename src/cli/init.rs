//! `planc init [DIR]`: a commented starting plan and a matching data file
//! (`init/starter.plan`, `init/starter.data.csv`), which check and evaluate
//! clean. Existing files are never overwritten.

use super::exit;
use super::fmt::KeywordSpelling;
use planc::syntax::keywords::Spelling;
use std::path::{Path, PathBuf};

const PLAN: &str = include_str!("init/starter.plan");
const DATA: &str = include_str!("init/starter.data.csv");

/// The files `init` writes, in the directory given.
const PLAN_FILE: &str = "plan.plan";
const DATA_FILE: &str = "plan.data.csv";

#[derive(clap::Args)]
pub struct Args {
    /// The directory to write `plan.plan` and `plan.data.csv` in; created
    /// if missing.
    #[arg(default_value = ".")]
    dir: PathBuf,
    /// Write the plan's keywords in English (`lead`, default) or Chinese
    /// (`牵头`).
    #[arg(long, value_enum)]
    keywords: Option<KeywordSpelling>,
}

pub fn run(args: Args) -> u8 {
    let plan = match args.keywords.map(Spelling::from) {
        None | Some(Spelling::En) => PLAN.to_string(),
        Some(spelling) => match planc::fmt::format_with(PLAN, Some(spelling)) {
            Ok(text) => text,
            Err(diags) => {
                // The starter plan is part of planc: it always parses.
                let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
                errln!(
                    "error: internal error: the starting plan does not format ({})",
                    codes.join(", ")
                );
                return exit::USAGE;
            }
        },
    };
    let files = [
        (args.dir.join(PLAN_FILE), plan.as_str()),
        (args.dir.join(DATA_FILE), DATA),
    ];
    // Refuse before writing anything, so a refusal leaves no half a start.
    let existing: Vec<String> = files
        .iter()
        .filter(|(path, _)| path.symlink_metadata().is_ok())
        .map(|(path, _)| path.display().to_string())
        .collect();
    if !existing.is_empty() {
        errln!(
            "error: {} already exist{}; planc init never overwrites a file (choose another directory: `planc init DIR`)",
            existing.join(" and "),
            if existing.len() == 1 { "s" } else { "" }
        );
        return exit::USAGE;
    }
    if let Err(e) = std::fs::create_dir_all(&args.dir) {
        errln!(
            "error: cannot create the directory {}: {e}",
            args.dir.display()
        );
        return exit::USAGE;
    }
    for (path, text) in &files {
        if let Err(e) = planc::io::write_new(path, text.as_bytes()) {
            let why = if e.kind() == std::io::ErrorKind::AlreadyExists {
                "it appeared while planc was writing; it was left as it is".to_string()
            } else {
                e.to_string()
            };
            errln!("error: cannot write {}: {why}", path.display());
            return exit::USAGE;
        }
        note!("wrote {} ({} bytes)", path.display(), text.len());
    }
    if !super::verbosity::quiet() {
        let [(plan, _), (data, _)] = &files;
        errln!(
            "wrote {} and {}; next:\n  planc check {}\n  planc eval {} --data {}",
            plan.display(),
            data.display(),
            shown(plan),
            shown(plan),
            shown(data)
        );
    }
    exit::OK
}

/// A path as the user would type it: `plan.plan` rather than `./plan.plan`.
fn shown(path: &Path) -> String {
    path.strip_prefix(".").unwrap_or(path).display().to_string()
}
