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
