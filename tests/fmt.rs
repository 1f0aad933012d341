//! `planc fmt`: fixtures with comments in every position, the examples as
//! fixed points, and a messy copy of the flagship example that must come
//! back to the committed file.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::gen::Lcg;
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
    assert!(!v.is_empty(), "no plans in {dir}");
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
                        "E0013", "E0106",
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

/// One to three characters of whitespace the grammar accepts.
fn whitespace(r: &mut Lcg, out: &mut String) {
    for _ in 0..=r.below(3) {
        out.push(match r.below(8) {
            0 => '\t',
            1 => '\u{3000}', // an ideographic space
            _ => ' ',
        });
    }
}

fn indent(r: &mut Lcg, out: &mut String) {
    for _ in 0..r.below(9) {
        out.push(if r.chance(4) { '\t' } else { ' ' });
    }
}

/// A messy copy of a formatted plan: every layout choice the formatter
/// makes undone at random, outside strings and comments. Indentation,
/// spacing around every token and `:` `,` `..`, trailing whitespace, CRLF
/// line ends, runs of blank lines where the author had one, blank lines
/// at the start and end of blocks and of the file, agency lists wrapped
/// where they were on one line and joined where they were wrapped.
fn mess(text: &str, seed: u64) -> String {
    let mut r = Lcg(seed);
    let mut out = String::new();
    for _ in 0..r.below(3) {
        out.push('\n');
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut joined = false;
    for (n, line) in lines.iter().enumerate() {
        let content = line.trim_start();
        if content.is_empty() {
            for _ in 0..=r.below(3) {
                whitespace(&mut r, &mut out);
                out.push('\n');
            }
            continue;
        }
        if content == "}" && r.chance(3) {
            out.push('\n');
        }
        if !joined {
            indent(&mut r, &mut out);
        }
        let list = ["agency ", "lead ", "support "]
            .iter()
            .any(|k| content.starts_with(k));
        let (mut in_string, mut escaped) = (false, false);
        let mut chars = content.chars().peekable();
        while let Some(c) = chars.next() {
            if in_string {
                out.push(c);
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => in_string = false,
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_string = true;
                    out.push(c);
                }
                '#' => {
                    out.push(c);
                    out.extend(chars.by_ref());
                }
                ' ' => whitespace(&mut r, &mut out),
                ':' | ',' if r.chance(3) => {
                    out.push(' ');
                    out.push(c);
                    // Wrap a one-line list after this comma.
                    if c == ',' && list && chars.peek() == Some(&' ') && r.chance(2) {
                        chars.next();
                        out.push('\n');
                        indent(&mut r, &mut out);
                    }
                }
                '.' if chars.peek() == Some(&'.') && r.chance(2) => {
                    chars.next();
                    out.push_str(" .. ");
                }
                _ => out.push(c),
            }
        }
        // Join a wrapped list's line with the next one.
        joined = content.ends_with(',') && r.chance(2);
        if joined {
            whitespace(&mut r, &mut out);
            continue;
        }
        if r.chance(4) {
            whitespace(&mut r, &mut out);
        }
        out.push_str(if r.chance(4) { "\r\n" } else { "\n" });
        if content.ends_with('{') && r.chance(3) {
            out.push('\n');
        }
        if n + 1 == lines.len() {
            for _ in 0..r.below(3) {
                out.push('\n');
            }
        }
    }
    out
}

#[test]
fn a_messy_copy_of_jiaxing_comes_back_to_the_committed_file() {
    let path = "examples/jiaxing-2010.plan";
    let committed = std::fs::read_to_string(path).unwrap();
    for seed in 1..=8 {
        let messy = mess(&committed, seed);
        assert_ne!(messy, committed);
        assert!(messy.lines().count() > committed.lines().count());
        assert_eq!(comments(&messy), comments(&committed), "seed {seed}");
        let out = fmt(&messy);
        if out != committed {
            let first = out
                .lines()
                .zip(committed.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "seed {seed}: differs from line {}:\n{}\n---\n{}",
                first + 1,
                out.lines()
                    .skip(first)
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n"),
                committed
                    .lines()
                    .skip(first)
                    .take(5)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        assert_eq!(meaning(path, &messy), meaning(path, &committed));
    }
}

#[test]
fn the_layout_example_in_docs_is_formatted_and_clean() {
    let doc = std::fs::read_to_string("docs/fmt.md").unwrap();
    let start = doc.find("```plan\n").unwrap() + "```plan\n".len();
    let example = &doc[start..start + doc[start..].find("```").unwrap()];
    assert_eq!(fmt(example), example);
    let m = meaning("fmt.md", example);
    assert!(
        m.model.is_some() && m.diagnostics.is_empty(),
        "{:?}",
        m.diagnostics
    );
}
