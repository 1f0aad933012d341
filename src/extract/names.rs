//! Identifiers for agencies and metrics made from the document's words:
//! valid planc names, unique, stable for the same document.

use crate::syntax::keywords;
use std::collections::HashMap;

/// Letters and digits of `text` outside brackets and quotes; `None` if
/// none are left.
pub fn bare(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '(' | '（' | '[' | '〔' | '【' => depth += 1,
            ')' | '）' | ']' | '〕' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 && (c.is_alphanumeric() || c == '_') => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every letter and digit of `text`, brackets' too.
pub fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

/// Whether `id` reads as a name in a plan: it starts like an identifier
/// and is no keyword.
pub fn usable(id: &str) -> bool {
    let starts = id
        .chars()
        .next()
        .is_some_and(|c| c.is_alphabetic() || c == '_');
    starts && !keywords::is_keyword(id)
}

/// Names handed out, each once.
#[derive(Default)]
pub struct Registry {
    taken: HashMap<String, usize>,
}

impl Registry {
    /// A fresh id from `candidates` in order, else the first with a
    /// number after it. `fallback` prefixes a candidate that is unusable.
    pub fn fresh(&mut self, candidates: &[String], fallback: &str) -> String {
        let usable_of = |c: &String| -> String {
            let c: String = c.chars().take(24).collect();
            if usable(&c) {
                c
            } else {
                format!("{fallback}_{c}")
            }
        };
        let list: Vec<String> = candidates
            .iter()
            .filter(|c| !c.is_empty())
            .map(usable_of)
            .collect();
        for c in &list {
            if !self.taken.contains_key(c) {
                self.taken.insert(c.clone(), 1);
                return c.clone();
            }
        }
        let base = list
            .first()
            .cloned()
            .unwrap_or_else(|| fallback.to_string());
        loop {
            let n = self.taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let id = format!("{base}_{n}");
            if !self.taken.contains_key(&id) {
                self.taken.insert(id.clone(), 1);
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_bare_unique_and_usable() {
        assert_eq!(bare("各县(市、区)政府"), "各县政府");
        assert_eq!(letters("各县(市、区)政府"), "各县市区政府");
        let mut r = Registry::default();
        assert_eq!(r.fresh(&["各县政府".into()], "单位"), "各县政府");
        assert_eq!(
            r.fresh(&["各县政府".into(), "各县市区政府".into()], "单位"),
            "各县市区政府"
        );
        assert_eq!(r.fresh(&["各县政府".into()], "单位"), "各县政府_2");
        assert_eq!(r.fresh(&["2012".into()], "指标"), "指标_2012");
        assert_eq!(r.fresh(&[], "指标"), "指标_1");
    }
}
