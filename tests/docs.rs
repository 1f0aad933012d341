//! The examples in the documentation compile as the docs say they do.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;

use planc::source::SourceFile;

fn check_doc(path: &str) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let mut blocks = common::fenced_blocks(&text);
    blocks.retain(|(info, _)| info.starts_with("plan"));
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
