//! The examples in the documentation compile as the docs say they do.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use planc::source::SourceFile;

/// `(info string, code)` of every fenced block whose info starts with `plan`.
fn plan_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(String, String)> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None if trimmed.starts_with("```plan") => {
                current = Some((trimmed.trim_start_matches("```").to_string(), String::new()));
            }
            Some(_) if trimmed.starts_with("```") => {
                out.extend(current.take());
            }
            Some((_, code)) => {
                // Blocks indented inside list items: drop the indentation.
                code.push_str(line.strip_prefix("  ").unwrap_or(line));
                code.push('\n');
            }
            None => {}
        }
    }
    out
}

fn check_doc(path: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let blocks = plan_blocks(&text);
    for (i, (info, code)) in blocks.iter().enumerate() {
        let out = planc::compile(&SourceFile::new(format!("{path}#{i}"), code.as_str()));
        let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
        match info.split_once(",error=") {
            Some((_, want)) => assert!(
                codes.contains(&want),
                "{path} block {i}: expected {want}, got {codes:?}\n{code}"
            ),
            None => assert!(codes.is_empty(), "{path} block {i}: {codes:?}\n{code}"),
        }
    }
    blocks.len()
}

#[test]
fn language_reference_examples_compile() {
    assert!(check_doc("docs/language.md") >= 8);
}

#[test]
fn readme_examples_compile() {
    check_doc("README.md");
}
