//! The VS Code extension's TextMate grammar (editors/vscode) knows every
//! keyword of the language, in every spelling, from the one table
//! (`syntax::keywords`, read from grammar/plan.pest). Its scopes are
//! tested with vscode-tmgrammar-test by scripts/editor-check.sh; this test
//! keeps its keyword lists from drifting when a keyword is added.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use planc::syntax::keywords;
use serde_json::Value;

const GRAMMAR: &str = include_str!("../editors/vscode/syntaxes/plan.tmLanguage.json");

/// The alternatives of each keyword pattern: `plan|period|issued[ \t　]+by`
/// gives `plan`, `period`, `issued by`; one list per scope.
fn keyword_lists() -> Vec<(String, Vec<String>)> {
    let grammar: Value = serde_json::from_str(GRAMMAR).unwrap();
    let patterns = grammar["repository"]["keywords"]["patterns"]
        .as_array()
        .unwrap();
    patterns
        .iter()
        .map(|p| {
            let scope = p["name"].as_str().unwrap().to_string();
            let re = p["match"].as_str().unwrap();
            // Each spelling list is a `(?:a|b|c)` group of plain words,
            // the words of a spelling joined by a class of blanks.
            let words = re
                .split("(?:")
                .filter_map(|part| part.split(')').next())
                .map(|group| group.replace("[ \\t\u{3000}]+", " "))
                .filter(|group| {
                    !group.is_empty()
                        && group
                            .chars()
                            .all(|c| c.is_alphabetic() || c == ' ' || c == '|')
                })
                .flat_map(|group| group.split('|').map(str::to_string).collect::<Vec<_>>())
                .collect();
            (scope, words)
        })
        .collect()
}

#[test]
fn every_keyword_spelling_is_highlighted_once() {
    let lists = keyword_lists();
    assert_eq!(lists.len(), 8, "one pattern per kind of keyword");
    let mut count = 0;
    for k in keywords::table() {
        for spelling in k.spellings() {
            let scopes: Vec<&str> = lists
                .iter()
                .filter(|(_, words)| words.iter().any(|w| w == spelling))
                .map(|(scope, _)| scope.as_str())
                .collect();
            assert_eq!(
                scopes.len(),
                1,
                "`{spelling}` ({}) should be in exactly one keyword pattern, is in {scopes:?}",
                k.rule
            );
            count += 1;
        }
    }
    // And nothing else: every word the grammar highlights is a keyword.
    let listed: usize = lists.iter().map(|(_, w)| w.len()).sum();
    assert_eq!(listed, count, "{lists:#?}");
    assert!(count >= 2 * keywords::table().len());
}

#[test]
fn the_grammar_is_the_language_the_extension_declares() {
    let grammar: Value = serde_json::from_str(GRAMMAR).unwrap();
    let package: Value =
        serde_json::from_str(include_str!("../editors/vscode/package.json")).unwrap();
    let contributed = &package["contributes"]["grammars"][0];
    assert_eq!(contributed["scopeName"], grammar["scopeName"]);
    assert_eq!(contributed["language"], "plan");
    assert_eq!(
        package["contributes"]["languages"][0]["extensions"][0],
        ".plan"
    );
}
