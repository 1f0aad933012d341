//! "Did you mean" by edit distance, counted in characters so it works on
//! CJK names (`市经委` → `市经贸委`).

/// The candidate closest to `name`, if it is close enough to be a likely
/// typo: at most one edit for short names, a third of the length for long.
pub fn closest<'c>(name: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    let len = name.chars().count();
    let limit = (len / 3).max(1);
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c.chars().count(), c))
        .map(|(_, c)| c)
}

/// `s` written as a name: quoted when the name it replaces was, or when
/// `s` cannot stand bare (an agency's full name with punctuation, a
/// keyword).
pub fn written_as(s: &str, quoted: bool) -> String {
    let mut chars = s.chars();
    let bare = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_')
        && !crate::syntax::keywords::is_keyword(s);
    if quoted || !bare {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn cjk_typo() {
        assert_eq!(
            closest("市经委", ["市经贸委", "市科技局"]),
            Some("市经贸委")
        );
    }

    #[test]
    fn far_names_get_no_suggestion() {
        assert_eq!(closest("市民政局", ["嘉兴港区管委会"]), None);
    }
}
