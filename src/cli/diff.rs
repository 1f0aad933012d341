//! `planc diff OLD.plan NEW.plan [--format text|json]`
//!
//! Both plans are compiled through the library and their models compared
//! (`planc::diff`). Exit codes follow `diff`: 0 the same, 1 differences,
//! 2 trouble — usage, I/O, or a plan with errors, which has no model.

use super::exit;
use super::output::{self, DiagFormat, FileReport};
use planc::diff::{Diff, View};
use planc::model::Model;

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
    // Warnings do not stop a comparison; errors do, and are shown.
    match super::load::model(path, limits.max_file_size) {
        Ok((m, _warnings)) => Some(m),
        Err((r, _code)) => {
            reports.extend(r);
            None
        }
    }
}

pub fn run(args: Args, color: bool) -> u8 {
    let mut reports = Vec::new();
    let old = model(&args.old, &args.limits, &mut reports);
    let new = model(&args.new, &args.limits, &mut reports);
    let (Some(old), Some(new)) = (old, new) else {
        output::print_human(
            &reports,
            DiagFormat::Human,
            color,
            args.limits.max_errors,
            !super::verbosity::quiet(),
        );
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
