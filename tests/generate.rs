//! The benchmark generator (`examples/generate.rs`) writes plans that
//! compile with no diagnostics, cover every target kind, and are the same
//! bytes for the same seed; its data rows are well-formed and never
//! conflict.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

#[path = "../examples/gen/mod.rs"]
#[allow(dead_code)]
mod gen;

use gen::plan::KIND_NAMES;
use planc::source::SourceFile;
use std::collections::HashSet;

/// The generator's name for a target's form: its kind, with ranges and
/// `~` told apart from other thresholds.
fn form_name(t: &planc::model::Target) -> String {
    use planc::model::{Condition, Requirement};
    match &t.condition {
        Condition::Threshold {
            requirement: Requirement::Between { .. },
        } => "range".into(),
        Condition::Threshold {
            requirement: Requirement::About { .. },
        } => "approximately".into(),
        c => serde_json::to_value(c.kind())
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
    }
}

#[test]
fn generated_plans_compile_cleanly_for_several_seeds() {
    for seed in 1..=6 {
        for targets in [0, 1, 7, 400] {
            let (text, stats) = gen::plan_text(targets, seed).unwrap();
            assert_eq!(stats.bytes as usize, text.len());
            let out = planc::compile(&SourceFile::new("gen.plan", text));
            assert!(
                out.diagnostics.is_empty(),
                "seed {seed}, {targets} targets: {:#?}",
                &out.diagnostics[..out.diagnostics.len().min(5)]
            );
            let model = out.model.unwrap();
            assert_eq!(model.targets.len() as u64, targets);
            assert_eq!(stats.targets, targets);
            // The generator's count per kind is the model's.
            for (i, name) in KIND_NAMES.iter().enumerate() {
                let in_model = model
                    .targets
                    .iter()
                    .filter(|t| form_name(t) == *name)
                    .count() as u64;
                assert_eq!(in_model, stats.kinds[i], "seed {seed}: {name}");
            }
        }
    }
}

#[test]
fn a_plan_of_a_few_hundred_targets_has_every_kind_and_shape() {
    let (text, stats) = gen::plan_text(600, 11).unwrap();
    for (i, name) in KIND_NAMES.iter().enumerate() {
        assert!(stats.kinds[i] > 0, "no {name} target");
    }
    // The shapes the language reference shows, each at least once.
    for needle in [
        "\"各县(市、区)政府\"",
        "strive ",
        "firm ",
        "each year ",
        "each year:",
        "within ",
        " total ",
        " since ",
        "..",
        " ± ",
        "part ",
        "万元",
        "# ",
        ",\n",
        "lead 嘉兴市",
    ] {
        assert!(text.contains(needle), "no `{needle}` in the plan");
    }
    // A target with its own lead, a quoted-only agency, an arabic ordinal
    // past the Chinese ones.
    assert!(text
        .lines()
        .any(|l| l.trim_start().starts_with("lead ") && l.contains(": ")));
    assert!(text.contains("agency \"") || text.contains(", \""));
    assert!(text.contains("item 100 "));
}

#[test]
fn the_same_seed_gives_the_same_bytes() {
    let a = gen::plan_text(300, 5).unwrap().0;
    let b = gen::plan_text(300, 5).unwrap().0;
    let c = gen::plan_text(300, 6).unwrap().0;
    assert_eq!(a, b);
    assert_ne!(a, c);
}

#[test]
fn data_rows_are_well_formed_and_never_conflict() {
    let (text, stats) = gen::plan_text(200, 3).unwrap();
    let model = planc::compile(&SourceFile::new("gen.plan", text))
        .model
        .unwrap();
    let declared: HashSet<&str> = model.metrics.iter().map(|m| m.id.as_str()).collect();
    let mut csv = Vec::new();
    let data = gen::data::write_data(&mut csv, &stats.metrics, 5000, 3).unwrap();
    let csv = String::from_utf8(csv).unwrap();
    assert_eq!(data.rows, 5000);
    assert_eq!(data.bytes as usize, csv.len());
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("metric,year,value,unit,region,note"));
    let mut seen = HashSet::new();
    let mut done = 0;
    for line in lines {
        // A note may hold a quoted comma; it is the last column.
        let cells: Vec<&str> = line.splitn(6, ',').collect();
        assert_eq!(cells.len(), 6, "{line}");
        assert!(declared.contains(cells[0]), "{line}");
        let year: u16 = cells[1].parse().unwrap();
        assert!((2020..=2030).contains(&year), "{line}");
        if cells[2] == "done" || cells[2] == "not done" {
            done += 1;
        } else {
            assert!(cells[2].parse::<f64>().is_ok_and(f64::is_finite), "{line}");
        }
        assert!(seen.insert((cells[0], year, cells[4])), "conflict: {line}");
    }
    assert_eq!(seen.len(), 5000);
    assert!(done > 0);
}

#[test]
fn ordinals_read_back_as_the_numbers_written() {
    for n in 1..1200 {
        let written = gen::plan::ordinal(n, 1000);
        assert_eq!(
            planc::syntax::numeral::parse(&written),
            Some(n as u32),
            "{written}"
        );
    }
}

#[test]
fn generated_plans_format_and_formatting_is_stable() {
    let (text, _) = gen::plan_text(300, 2).unwrap();
    let once = planc::fmt::format_source(&text).unwrap();
    assert_ne!(
        once, text,
        "the generator writes authored, not canonical, layout"
    );
    assert_eq!(planc::fmt::format_source(&once).unwrap(), once);
}
