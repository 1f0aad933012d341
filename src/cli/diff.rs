//! `planc diff OLD.plan NEW.plan [--format text|json]`
//!
//! Both plans are compiled through the library and their models compared
//! (`planc::diff`). Exit codes follow `diff`: 0 the same, 1 differences,
//! 2 trouble — usage, I/O, or a plan with errors, which has no model.

use super::exit;
use super::load::{load, Loaded};
use super::output::{self, DiagFormat, FileReport};
use planc::diag::{Code, Diagnostic};
use planc::diff::{Diff, View};
use planc::model::Model;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

#[derive(clap::Args)]
pub struct Args {
    /// The plan (or JSON model) to compare from.
    old: String,
    /// The plan (or JSON model) to compare with it.
    new: String,
    /// How to print the differences.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    #[command(flatten)]
    limits: output::Limits,
}

/// Exit code when the plans differ.
const DIFFERENT: u8 = 1;
/// Exit code for trouble (usage, I/O, a plan with errors), as `diff`'s 2.
const TROUBLE: u8 = exit::USAGE;

/// A plan compiled through the library, or a model written by `compile`;
/// `None` with a report when it cannot be had.
fn model(path: &str, limits: &output::Limits, reports: &mut Vec<FileReport>) -> Option<Model> {
    let file = match load(path, limits.max_file_size) {
        Loaded::Ok(f) => f,
        Loaded::Io(r) | Loaded::Invalid(r) => {
            reports.push(r);
            return None;
        }
    };
    let is_json = Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    if is_json {
        return match Model::from_json(&file.text) {
            Ok(m) => Some(m),
            Err(e) => {
                let d =
                    Diagnostic::new(Code::Io, format!("{} is not a planc model: {e}", file.name))
                        .help("give a `.plan` file, or a model written by `planc compile`");
                reports.push(FileReport::new(file, vec![d]));
                None
            }
        };
    }
    let out = planc::compile(&file);
    match out.model {
        Some(m) => Some(m),
        None => {
            reports.push(FileReport::new(file, out.diagnostics));
            None
        }
    }
}

pub fn run(args: Args, color: bool) -> u8 {
    let mut reports = Vec::new();
    let old = model(&args.old, &args.limits, &mut reports);
    let new = model(&args.new, &args.limits, &mut reports);
    let (Some(old), Some(new)) = (old, new) else {
        output::print_human(&reports, DiagFormat::Human, color, args.limits.max_errors);
        errln!("planc diff: nothing compared: a plan above could not be read or has errors");
        return TROUBLE;
    };
    let d = planc::diff::diff(&old, &new);
    match args.format {
        Format::Json => outln!("{}", planc::diff::json(&d)),
        Format::Text => out!("{}", text(&d)),
    }
    if d.is_empty() {
        exit::OK
    } else {
        DIFFERENT
    }
}

fn line(v: &View) -> String {
    let value = if v.value.is_empty() {
        String::new()
    } else {
        format!(" {}", v.value.join(".."))
    };
    format!(
        "{} [item {}] {}: {} {}{value} by {} ({}) “{}”",
        v.id,
        v.item,
        v.metric,
        v.kind,
        v.comparison,
        v.deadline,
        v.strength,
        v.quote.as_deref().unwrap_or("")
    )
}

fn text(d: &Diff) -> String {
    let mut s = String::new();
    for v in &d.removed {
        s.push_str(&format!("- {}\n", line(v)));
    }
    for v in &d.added {
        s.push_str(&format!("+ {}\n", line(v)));
    }
    for c in &d.changed {
        s.push_str(&format!("~ {} → {}\n", line(&c.old), c.new.id));
        for f in &c.fields {
            s.push_str(&format!("    {}: {} → {}\n", f.field, f.old, f.new));
        }
    }
    for it in &d.items {
        for f in &it.fields {
            match (f.old.is_empty(), f.new.is_empty()) {
                (_, true) if f.field == "item" => {
                    s.push_str(&format!("- item {} “{}”\n", it.id, f.old))
                }
                (true, _) if f.field == "item" => {
                    s.push_str(&format!("+ item {} “{}”\n", it.id, f.new))
                }
                _ => s.push_str(&format!(
                    "~ item {} {}: {} → {}\n",
                    it.id, f.field, f.old, f.new
                )),
            }
        }
    }
    s.push_str(&format!(
        "{} same, {} added, {} removed, {} changed; {} item{} changed\n",
        d.same,
        d.added.len(),
        d.removed.len(),
        d.changed.len(),
        d.items.len(),
        output::plural(d.items.len())
    ));
    s
}
