//! The language's keywords, read from the grammar itself.
//!
//! `grammar/plan.pest` is the one list: every literal of a `kw_…` rule is a
//! keyword, and a rule that begins with two or more keywords in a row
//! (`each_year = { kw_each ~ kw_year … }`) makes a phrase (`each year`).
//! A word added to the grammar, in any script, is a keyword here with no
//! other change. Keywords are reserved: a bare name may not be one (E0013),
//! and a misspelt one gets a "did you mean" (E0001).

use std::sync::OnceLock;

const GRAMMAR: &str = include_str!("../../grammar/plan.pest");

struct Table {
    /// `(rule, literal)`: `("kw_by", "by")`; a rule with several literals
    /// appears once per literal.
    words: Vec<(&'static str, &'static str)>,
    /// Runs of keywords that open a rule: `each year`, `average growth`.
    phrases: Vec<String>,
}

fn table() -> &'static Table {
    static TABLE: OnceLock<Table> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut words = Vec::new();
        for line in GRAMMAR.lines().map(str::trim) {
            let Some((rule, body)) = line.split_once('=') else {
                continue;
            };
            let rule = rule.trim();
            if !rule.starts_with("kw_") || rule == "kw_end" {
                continue;
            }
            words.extend(literals(body).into_iter().map(|w| (rule, w)));
        }
        let mut phrases = Vec::new();
        for line in GRAMMAR.lines().map(str::trim) {
            let Some((_, body)) = line.split_once('=') else {
                continue;
            };
            let body = body.trim_start().trim_start_matches(['_', '@', '$', '{']);
            let run: Vec<&str> = body
                .split('~')
                // The last keyword of a rule may touch its closing brace.
                .map(|t| t.trim().trim_end_matches('}').trim_end())
                .map_while(|t| {
                    words
                        .iter()
                        .find(|(rule, _)| *rule == t)
                        .map(|&(_, word)| word)
                })
                .collect();
            if run.len() >= 2 {
                phrases.push(run.join(" "));
            }
        }
        phrases.sort();
        phrases.dedup();
        Table { words, phrases }
    })
}

/// The string literals of a grammar rule's body.
fn literals(body: &'static str) -> Vec<&'static str> {
    body.split('"')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Every keyword, in grammar order.
pub fn all() -> impl Iterator<Item = &'static str> {
    table().words.iter().map(|&(_, w)| w)
}

/// Whether `word` is a keyword of the language.
pub fn is_keyword(word: &str) -> bool {
    all().any(|w| w == word)
}

/// Whether `text` starts with the keyword `kw`, as the grammar reads it:
/// not followed by a letter or digit.
pub fn starts_with(text: &str, kw: &str) -> bool {
    text.strip_prefix(kw)
        .is_some_and(|rest| !rest.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
}

/// The keyword or keyword phrase `word` most likely misspells: `leed` →
/// `lead`, `eachyear` → `each year`. A phrase also matches written without
/// its spaces. At most one edit for short words, a third of the length for
/// long ones, and always fewer edits than the word has characters.
pub fn did_you_mean(word: &str) -> Option<&'static str> {
    let len = word.chars().count();
    if len == 0 || is_keyword(word) {
        return None;
    }
    let limit = (len / 3).max(1).min(len - 1);
    let t = table();
    let candidates = all().chain(t.phrases.iter().map(String::as_str));
    candidates
        .map(|c| {
            let joined: String = c.split(' ').collect();
            let d = strsim::levenshtein(word, c).min(strsim::levenshtein(word, &joined));
            (d, c)
        })
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c.chars().count(), c))
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keywords_come_from_the_grammar() {
        let words: Vec<&str> = all().collect();
        for w in ["plan", "by", "each", "year", "lead", "support", "total"] {
            assert!(words.contains(&w), "{w} missing from {words:?}");
        }
        // One per `kw_` rule with one literal, and nothing that is not one.
        let rules = GRAMMAR
            .lines()
            .filter(|l| l.starts_with("kw_") && !l.starts_with("kw_end "))
            .count();
        assert_eq!(words.len(), rules);
        assert!(!is_keyword("bylaw"));
    }

    #[test]
    fn phrases_come_from_rules_that_open_with_keywords() {
        let t = table();
        for p in ["each year", "average growth", "annual average", "issued by"] {
            assert!(t.phrases.iter().any(|x| x == p), "{p}: {:?}", t.phrases);
        }
    }

    #[test]
    fn misspelt_keywords() {
        assert_eq!(did_you_mean("leed"), Some("lead"));
        assert_eq!(did_you_mean("eachyear"), Some("each year"));
        assert_eq!(did_you_mean("suport"), Some("support"));
        assert_eq!(did_you_mean("metrc"), Some("metric"));
        assert_eq!(did_you_mean("lead"), None);
        assert_eq!(did_you_mean("市经贸委"), None);
        // One letter shares nothing with any keyword.
        assert_eq!(did_you_mean("x"), None);
    }
}
