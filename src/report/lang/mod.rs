//! The words of every report, one catalogue per language.
//!
//! A catalogue is a text file of `key = text` lines (`en.txt`, `zh.txt`,
//! compiled in; a third language is a file read with
//! [`Catalogue::parse`], `planc eval --lang-file PATH`). A text may hold
//! named placeholders, `{year}`, which [`Catalogue::fill`] replaces; `{{`
//! and `}}` are literal braces. A text in double quotes keeps its spaces
//! at either end (`list.sep = ", "`). Lines starting with `#` are comments.
//!
//! Every [`Key`] must be given, and a text may use only its key's
//! placeholders (it may leave some out); anything else is an error naming
//! the line. Reports ask for a word with [`Catalogue::get`] or fill a
//! sentence with [`Catalogue::fill`]:
//!
//! ```
//! use planc::report::lang::{Catalogue, Key, Lang};
//! let zh = Catalogue::builtin(Lang::Zh);
//! assert_eq!(zh.get(Key::StatusMet), "已完成");
//! assert_eq!(zh.fill(Key::DueYear, &[("year", &2012)]), "2012年");
//! ```

mod keys;

pub use keys::Key;

use std::fmt::{self, Display};

/// The languages planc has a catalogue for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Chinese (simplified).
    Zh,
}

impl Lang {
    /// The catalogue file compiled in for the language.
    pub fn source(self) -> &'static str {
        match self {
            Lang::En => include_str!("en.txt"),
            Lang::Zh => include_str!("zh.txt"),
        }
    }

    /// `en`, `zh`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Zh => "zh",
        }
    }
}

/// Every report text of one language, by [`Key`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Catalogue {
    /// One text per key, in [`Key::ALL`] order.
    texts: Vec<String>,
}

/// What is wrong with a catalogue file: every problem, each with its line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatalogueError {
    /// `(line, message)`; line 0 for a key missing from the whole file.
    pub problems: Vec<(usize, String)>,
}

impl Display for CatalogueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (line, message)) in self.problems.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            match line {
                0 => write!(f, "{message}")?,
                n => write!(f, "line {n}: {message}")?,
            }
        }
        Ok(())
    }
}

impl std::error::Error for CatalogueError {}

impl Catalogue {
    /// A compiled-in catalogue. Its file is checked by the tests, so it
    /// parses; were it not to, the English one's keys are shown as
    /// themselves rather than panicking.
    pub fn builtin(lang: Lang) -> Catalogue {
        Catalogue::parse(lang.source()).unwrap_or_else(|_| Catalogue {
            texts: Key::ALL.iter().map(|k| k.name().to_string()).collect(),
        })
    }

    /// The English catalogue.
    pub fn english() -> Catalogue {
        Catalogue::builtin(Lang::En)
    }

    /// Reads a catalogue file, refusing one with a missing, repeated or
    /// unknown key, a line without `=`, or a placeholder its key does not
    /// have.
    pub fn parse(text: &str) -> Result<Catalogue, CatalogueError> {
        let mut texts: Vec<Option<String>> = vec![None; Key::ALL.len()];
        let mut problems = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line_no = n.saturating_add(1);
            let line = raw.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, value)) = line.split_once('=') else {
                problems.push((line_no, format!("expected `key = text`, found `{line}`")));
                continue;
            };
            let name = name.trim();
            let value = unquote(value.trim());
            let Some(key) = Key::from_name(name) else {
                problems.push((line_no, format!("unknown key `{name}`")));
                continue;
            };
            if let Err(e) = check(key, value) {
                problems.push((line_no, e));
                // Given, though wrong: not reported missing as well.
                if let Some(slot @ None) = texts.get_mut(key.index()) {
                    *slot = Some(String::new());
                }
                continue;
            }
            match texts.get_mut(key.index()) {
                Some(slot @ None) => *slot = Some(value.to_string()),
                Some(Some(_)) => problems.push((line_no, format!("key `{name}` given twice"))),
                None => problems.push((line_no, format!("unknown key `{name}`"))),
            }
        }
        for (key, text) in Key::ALL.iter().zip(&texts) {
            if text.is_none() {
                problems.push((0, format!("missing key `{}`", key.name())));
            }
        }
        if !problems.is_empty() {
            return Err(CatalogueError { problems });
        }
        Ok(Catalogue {
            texts: texts.into_iter().flatten().collect(),
        })
    }

    /// The text of `key`, placeholders unfilled.
    pub fn get(&self, key: Key) -> &str {
        self.texts.get(key.index()).map_or("", String::as_str)
    }

    /// The language code the catalogue declares (its `lang` key).
    pub fn lang(&self) -> &str {
        self.get(Key::Lang)
    }

    /// The text of `key` with its placeholders replaced by `args`
    /// (`("year", &2012)`). A placeholder without an argument is left as
    /// written, braces and all, so a gap shows rather than vanishes.
    pub fn fill(&self, key: Key, args: &[(&str, &dyn Display)]) -> String {
        let mut out = String::new();
        for piece in pieces(self.get(key)) {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Brace(c) => out.push(c),
                Piece::Field(name) => match args.iter().find(|(n, _)| *n == name) {
                    Some((_, v)) => out.push_str(&v.to_string()),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                },
            }
        }
        out
    }

    /// `key` in the singular when `n` is 1, else `plural`, with `{n}`
    /// filled along with `args`.
    pub fn count(&self, n: usize, one: Key, plural: Key, args: &[(&str, &dyn Display)]) -> String {
        let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
        all.extend_from_slice(args);
        self.fill(if n == 1 { one } else { plural }, &all)
    }
}

/// A text in double quotes keeps its spaces at either end.
fn unquote(value: &str) -> &str {
    value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .unwrap_or(value)
}

enum Piece<'a> {
    Text(&'a str),
    Brace(char),
    Field(&'a str),
}

/// A text cut into literal runs, escaped braces and `{name}` fields; an
/// unmatched brace is kept as text (the parser refuses one beforehand).
fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let (before, from) = rest.split_at(i);
        if !before.is_empty() {
            out.push(Piece::Text(before));
        }
        if let Some(after) = from.strip_prefix("{{") {
            out.push(Piece::Brace('{'));
            rest = after;
        } else if let Some(after) = from.strip_prefix("}}") {
            out.push(Piece::Brace('}'));
            rest = after;
        } else if let (Some(inner), Some(end)) = (from.strip_prefix('{'), from.find('}')) {
            let name_len = end.saturating_sub(1);
            out.push(Piece::Field(inner.get(..name_len).unwrap_or("")));
            rest = from.get(end.saturating_add(1)..).unwrap_or("");
        } else {
            out.push(Piece::Text(from.get(..1).unwrap_or("")));
            rest = from.get(1..).unwrap_or("");
        }
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

/// The placeholders a text uses, in order, or what is wrong with its
/// braces.
pub fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        let from = rest.get(i..).unwrap_or("");
        if let Some(after) = from.strip_prefix("{{").or_else(|| from.strip_prefix("}}")) {
            rest = after;
            continue;
        }
        if from.starts_with('}') {
            return Err("a `}` without its `{` (write `}}` for a brace)".to_string());
        }
        let Some(end) = from.find('}') else {
            return Err("a `{` without its `}` (write `{{` for a brace)".to_string());
        };
        let name = from.get(1..end).unwrap_or("");
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{{{name}}}` is not a placeholder name"));
        }
        names.push(name);
        rest = from.get(end.saturating_add(1)..).unwrap_or("");
    }
    Ok(names)
}

/// Whether `text` uses only `key`'s placeholders.
fn check(key: Key, text: &str) -> Result<(), String> {
    for name in placeholders(text)? {
        if !key.placeholders().contains(&name) {
            let known = key
                .placeholders()
                .iter()
                .map(|p| format!("{{{p}}}"))
                .collect::<Vec<_>>();
            return Err(format!(
                "key `{}` has no placeholder `{{{name}}}`; it has {}",
                key.name(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn uses(lang: Lang) -> Vec<(Key, BTreeSet<String>)> {
        let cat = Catalogue::builtin(lang);
        Key::ALL
            .iter()
            .map(|&k| {
                let names = placeholders(cat.get(k)).unwrap_or_default();
                // A heading numbers by `{id}` (arabic: `9.1`) or by
                // `{ordinal}` and a part's `{parent}` (as the plan writes
                // them: `(九) 1.`): one number in two spellings.
                let heading =
                    matches!(k, Key::HeadingSection | Key::HeadingItem | Key::HeadingPart);
                let names = names.into_iter().map(|n| match n {
                    "id" | "ordinal" | "parent" if heading => "number".to_string(),
                    n => n.to_string(),
                });
                (k, names.collect())
            })
            .collect()
    }

    #[test]
    fn builtin_catalogues_parse() {
        for lang in [Lang::En, Lang::Zh] {
            if let Err(e) = Catalogue::parse(lang.source()) {
                panic!("{}.txt: {e}", lang.code());
            }
        }
    }

    #[test]
    fn english_and_chinese_have_the_same_keys_and_placeholders() {
        let (en, zh) = (uses(Lang::En), uses(Lang::Zh));
        for ((key, e), (_, z)) in en.iter().zip(&zh) {
            assert_eq!(e, z, "placeholders of `{}`", key.name());
        }
        assert_eq!(Catalogue::builtin(Lang::En).lang(), "en");
        assert_eq!(Catalogue::builtin(Lang::Zh).lang(), "zh");
    }

    #[test]
    fn every_key_is_named_once() {
        let names: BTreeSet<&str> = Key::ALL.iter().map(|k| k.name()).collect();
        assert_eq!(names.len(), Key::ALL.len());
        for k in Key::ALL {
            assert_eq!(Key::from_name(k.name()), Some(*k));
        }
    }

    #[test]
    fn fill_replaces_named_placeholders_and_keeps_braces() {
        let mut cat = Catalogue::english();
        if let Some(t) = cat.texts.get_mut(Key::DueYear.index()) {
            *t = "{{by}} {year}, {year}".to_string();
        }
        assert_eq!(
            cat.fill(Key::DueYear, &[("year", &2012)]),
            "{by} 2012, 2012"
        );
        assert_eq!(cat.fill(Key::DueYear, &[]), "{by} {year}, {year}");
    }

    #[test]
    fn bad_files_name_every_problem() {
        let text = "lang = xx\nstatus.met = {yaer}\nno equals sign\nstatus.met = again\nnot.a.key = x\nstatus.missed = {\n";
        let err = Catalogue::parse(text).err().map(|e| e.to_string());
        let err = err.as_deref().unwrap_or("");
        assert!(err.contains("line 2: key `status.met` has no placeholder `{yaer}`; it has none"));
        assert!(err.contains("line 3: expected `key = text`"));
        assert!(err.contains("line 5: unknown key `not.a.key`"));
        assert!(err.contains("line 6: a `{` without its `}`"));
        assert!(err.contains("missing key `status.on_track`"));
        let twice = Catalogue::parse("status.met = a\nstatus.met = b\n")
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(twice.contains("line 2: key `status.met` given twice"));
    }

    #[test]
    fn quotes_keep_spaces() {
        let cat = Catalogue::english();
        assert_eq!(cat.get(Key::ListSep), ", ");
    }
}
