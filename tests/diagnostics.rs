//! One bad plan per diagnostic code under `tests/diagnostics/`, each
//! snapshotted as rendered text: no colour, fixed width.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use planc::diag::render::{render, Style};
use planc::source::SourceFile;

fn rendered(name: &str, text: &str) -> String {
    let file = SourceFile::new(name, text);
    let out = planc::compile(&file);
    let mut s = String::new();
    for d in &out.diagnostics {
        s.push_str(&render(d, &file, Style::plain()));
        s.push('\n');
    }
    s
}

#[test]
fn every_fixture_renders_its_diagnostics() {
    insta::glob!("diagnostics/*.plan", |path| {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        let name = format!(
            "diagnostics/{}",
            path.file_name().and_then(|n| n.to_str()).unwrap_or("")
        );
        let out = rendered(&name, &text);
        // A fixture named after a code must produce that code.
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        let code = stem.split('-').next().unwrap_or("");
        if code.starts_with('E') || code.starts_with('W') {
            assert!(
                out.contains(&format!("planc::{code}")),
                "{stem} does not emit {code}:\n{out}"
            );
        }
        insta::assert_snapshot!(out);
    });
}

#[test]
fn independent_errors_are_all_reported() {
    let text = std::fs::read_to_string("tests/diagnostics/multiple-independent-errors.plan")
        .unwrap_or_default();
    let file = SourceFile::new("m.plan", text);
    let codes: Vec<&str> = planc::compile(&file)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect();
    assert_eq!(codes, ["E0101", "E0201"]);
}

#[test]
fn design_card_line_is_valid() {
    let src = "plan \"p\"\nperiod 2010..2012\nagency 市经贸委\nmetric projects: flow 项\nitem 三 \"t\" {\n  lead 市经贸委 by 2012: projects >= 150\n}\n";
    let out = planc::compile(&SourceFile::new("card.plan", src));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let model = out.model.ok_or("no model").map_err(|e| e.to_string());
    let t = model.map(|m| m.targets).unwrap_or_default();
    assert_eq!(t.len(), 1);
    assert_eq!(
        t.first().map(|t| t.lead.clone()),
        Some(vec!["市经贸委".to_string()])
    );
}

#[test]
fn underline_is_exact_on_cjk_lines() {
    // The label must sit under `市经委` exactly: span start and length in bytes.
    let src = "plan \"p\"\nperiod 2010..2012\nagency 市经贸委\nitem 三 \"t\" {\n  lead 市经委\n}\n";
    let file = SourceFile::new("u.plan", src);
    let out = planc::compile(&file);
    let span = out.diagnostics.first().and_then(|d| d.primary_span());
    assert_eq!(span.map(|s| file.slice(s)), Some("市经委"));
    let lc = span.map(|s| file.line_col(s.start as usize));
    assert_eq!(lc.map(|l| (l.line, l.column)), Some((5, 8)));
}

#[test]
fn allow_silences_a_warning_in_its_item_only() {
    let src = "plan \"p\"\nperiod 2010..2012\nagency A\nmetric m: stock 家\n\
item 一 \"a\" {\n  lead A\n  allow W0001\n  by 2015: m >= 1家\n}\n\
item 二 \"b\" {\n  lead A\n  by 2015: m >= 1家\n}\n";
    let out = planc::compile(&SourceFile::new("a.plan", src));
    let lines: Vec<u32> = out
        .diagnostics
        .iter()
        .map(|d| {
            SourceFile::new("a.plan", src)
                .line_col(d.primary_span().unwrap().start as usize)
                .line
        })
        .collect();
    assert_eq!(lines, [12]);
    let whole = src.replace("period 2010..2012\n", "period 2010..2012\nallow W0001\n");
    assert!(planc::compile(&SourceFile::new("a.plan", whole))
        .diagnostics
        .is_empty());
}

#[test]
fn syntax_errors_read_the_same_when_parsed_on_several_threads() {
    // Over 2 MiB, so statements are parsed in pieces on several threads;
    // every third target lacks its `:`.
    let mut text = String::from("plan \"p\"\nperiod 2010..2012\nagency 甲\nmetric m: flow 项\n");
    let mut i = 0;
    while text.len() < 3 << 20 {
        i += 1;
        let colon = if i % 3 == 0 { "" } else { ":" };
        text.push_str(&format!(
            "item {i} \"标题\" {{\n  lead 甲\n  by 2012{colon} m >= 1项\n}}\n"
        ));
    }
    let file = SourceFile::new("big.plan", text);
    let messages: Vec<String> = planc::compile(&file)
        .diagnostics
        .iter()
        .map(|d| d.message.clone())
        .collect();
    assert_eq!(messages.len(), i / 3);
    assert!(
        messages
            .iter()
            .all(|m| m == "expected `..`, `:` or `in`, found `m`"),
        "{:?}",
        messages
            .iter()
            .find(|m| *m != "expected `..`, `:` or `in`, found `m`")
    );
}
