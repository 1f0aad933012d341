//! `planc fmt`: fixtures with comments in every position, the examples as
//! fixed points, and a messy copy of the flagship example that must come
//! back to the committed file.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::{comments, fmt, meaning};

/// Formatting `text` is a fixed point, keeps every comment in order, and
/// keeps the plan's meaning (its model, or its diagnostics).
fn assert_safe(name: &str, text: &str) -> String {
    let once = fmt(text);
    let twice = fmt(&once);
    assert_eq!(once, twice, "{name}: formatting is not idempotent");
    assert_eq!(comments(text), comments(&once), "{name}: comments changed");
    assert_eq!(
        meaning(name, text),
        meaning(name, &once),
        "{name}: meaning changed"
    );
    once
}

#[test]
fn fixtures_format_to_their_snapshots() {
    insta::glob!("fmt/*.plan", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let out = assert_safe(&name, &text);
        insta::assert_snapshot!(out);
    });
}

fn plans_in(dir: &str) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".plan"))
        .collect();
    v.sort();
    v
}

#[test]
fn examples_are_formatted() {
    for path in plans_in("examples") {
        let text = std::fs::read_to_string(&path).unwrap();
        let out = assert_safe(&path, &text);
        assert!(
            out == text,
            "{path} is not formatted: run `planc fmt {path}`"
        );
    }
}

#[test]
fn every_diagnostics_fixture_keeps_its_meaning_or_is_refused() {
    for path in plans_in("tests/diagnostics") {
        let text = std::fs::read_to_string(&path).unwrap();
        match planc::fmt::format_source(&text) {
            Ok(_) => {
                assert_safe(&path, &text);
            }
            // A refusal is for syntax errors only, and reports them all.
            Err(diags) => {
                let compiled =
                    planc::compile(&planc::source::SourceFile::new(&path, text.as_str()));
                for d in &diags {
                    // The codes of the syntax stage (see docs/fmt.md).
                    let syntax = [
                        "E0001", "E0002", "E0003", "E0004", "E0005", "E0006", "E0007", "E0009",
                        "E0106",
                    ];
                    assert!(syntax.contains(&d.code.as_str()), "{path}: {d:?}");
                    assert!(
                        compiled.diagnostics.contains(d),
                        "{path}: {d:?} not reported by check"
                    );
                }
                assert!(!diags.is_empty());
            }
        }
    }
}

#[test]
fn syntax_errors_are_refused_with_their_diagnostics() {
    let src = "plan \"p\"\nperiod 2010..2012\nagency A，B\nitem 1 \"x\" {\n  by 2012 m >= 1\n}\n";
    let diags = planc::fmt::format_source(src).unwrap_err();
    let codes: Vec<&str> = diags.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0002", "E0001"]);
    // Unbalanced braces are found on the tree, after every statement parsed.
    let diags = planc::fmt::format_source("item 1 \"x\" {\n").unwrap_err();
    assert_eq!(diags[0].code.as_str(), "E0004");
}
