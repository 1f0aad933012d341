//! The only user of pest. Parses one statement and turns pest's failure into
//! a planc diagnostic; `build` turns its success into the AST.

use super::keywords::{self, Kw, Spelling};
use super::scan::{ascii_for, RawStmt};
use crate::diag::{Code, Diagnostic};
use crate::span::Span;
use pest::error::InputLocation;
use pest::Parser as _;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/plan.pest"]
pub(super) struct PlanParser;

pub(super) type Pair<'i> = pest::iterators::Pair<'i, Rule>;

/// Parses the statement `raw` of `src`. Full-width punctuation is reported
/// and replaced by its ASCII twin padded to the same byte length, so the
/// rest of the statement still parses and offsets stay exact.
pub(super) fn parse<'a>(
    src: &'a str,
    raw: &RawStmt,
    diags: &mut Vec<Diagnostic>,
) -> Option<super::ast::StmtKind<'a>> {
    let base = raw.span.start as usize;
    let text = src.get(raw.span.range()).unwrap_or("");
    if text.len() > super::MAX_STATEMENT_BYTES {
        let first_line = text.find('\n').unwrap_or(text.len()).min(80);
        let end = (0..=first_line)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        diags.push(
            Diagnostic::new(
                Code::Limit,
                format!(
                    "statement is {} bytes long, more than the limit of {}",
                    text.len(),
                    super::MAX_STATEMENT_BYTES
                ),
            )
            .label(Span::new(base, base + end), "this statement is too long")
            .help("split it: one statement per line, lists wrapped after a `,`"),
        );
        return None;
    }
    if let Some(at) = raw.unterminated {
        let at = at as usize;
        let end = src
            .get(at..)
            .and_then(|s| s.find('\n'))
            .map_or(src.len(), |p| at + p);
        let diag = if raw.continued {
            // `end` is the line break; the `\` stands just before it.
            let slash = src
                .get(..end)
                .map(|t| t.trim_end_matches('\r'))
                .map_or(end, |t| t.len().saturating_sub(1));
            Diagnostic::new(
                Code::UnterminatedString,
                "string broken across lines: a `\\` does not continue a string",
            )
            .label(
                Span::new(at, slash.max(at + 1)),
                "this string is not closed on its line",
            )
            .label(
                Span::new(slash, slash + 1),
                "a `\\` before the line break does not carry the string on",
            )
            .help(
                "strings are one line: close it with `\"` on this line, and write `\\n` for a line break inside it",
            )
        } else {
            Diagnostic::new(Code::UnterminatedString, "unterminated string")
                .label(
                    Span::new(at, end.max(at + 1)),
                    "this string is not closed on its line",
                )
                .help("strings end on the line they start on: add the closing `\"`")
        };
        diags.push(diag);
        return None;
    }
    // `各县(市、区)政府` unquoted: one error for the name, not one for each
    // parenthesis and 、 inside it.
    let names = parenthesized_names(text);
    if !names.is_empty() {
        let inside = |at: u32| names.iter().any(|r| r.contains(&(at as usize - base)));
        for &(at, c) in raw.fullwidth.iter().filter(|(at, _)| !inside(*at)) {
            diags.push(fullwidth(at as usize, c));
        }
        for r in names {
            let name = text.get(r.clone()).unwrap_or("");
            let id = name.split(['(', '（']).next().unwrap_or(name);
            diags.push(
                Diagnostic::new(
                    Code::Syntax,
                    format!("a name with parentheses must be quoted: `{name}`"),
                )
                .label(Span::new(base + r.start, base + r.end), "quote this name")
                .help(format!(
                    "write \"{name}\", or declare a short id for it: `agency {id} \"{name}\"`"
                )),
            );
        }
        return None;
    }
    let patched;
    let input = if raw.fullwidth.is_empty() && raw.inner.is_empty() {
        text
    } else {
        for &(at, c) in &raw.fullwidth {
            diags.push(fullwidth(at as usize, c));
        }
        let mut p = patch(text, base, &raw.fullwidth);
        blank_comments(&mut p, base, &raw.inner, &raw.fullwidth);
        patched = p;
        patched.as_str()
    };
    let parsed = match entry(input) {
        Some(rule) => {
            PlanParser::parse(rule, input).or_else(|_| PlanParser::parse(Rule::statement, input))
        }
        None => PlanParser::parse(Rule::statement, input),
    };
    match parsed {
        Ok(mut pairs) => {
            let before = diags.len();
            let built = pairs.next().and_then(|pair| {
                let builder = super::build::Builder {
                    src,
                    base,
                    diags: &mut *diags,
                };
                builder.statement(pair)
            });
            // The builder reports what is wrong with the text (a number out
            // of range, a bad ordinal); a tree of a shape the grammar cannot
            // give is planc's own bug and must not drop the statement
            // silently.
            if built.is_none() && diags.len() == before {
                diags.push(Diagnostic::internal(
                    raw.span,
                    "the grammar accepted this statement but its parse tree has an unexpected shape",
                ));
            }
            built
        }
        Err(_) => {
            let e = parse_with_detail(input)?;
            // An error right at a replaced character is the same mistake.
            let d = syntax_error(&e, input, text, base);
            let at = d.primary_span().map(|s| s.start);
            if !raw.fullwidth.iter().any(|&(p, _)| Some(p) == at) {
                diags.push(d);
            }
            None
        }
    }
}

/// The statement kinds with an entry rule of their own, by the keywords
/// that begin them.
const ENTRIES: &[(&str, Rule)] = &[
    ("kw_text", Rule::text_entry),
    ("kw_lead", Rule::lead_entry),
    ("kw_metric", Rule::metric_entry),
    ("kw_item", Rule::item_entry),
    ("kw_support", Rule::support_entry),
    ("kw_strive", Rule::target_entry),
    ("kw_firm", Rule::target_entry),
    ("kw_by", Rule::target_entry),
    ("kw_each_year", Rule::target_entry),
    ("kw_within", Rule::target_entry),
    ("kw_in", Rule::target_entry),
    ("kw_part", Rule::part_entry),
    ("kw_section", Rule::section_entry),
    ("kw_agency", Rule::agency_entry),
];

/// The entry rule to try first for `text`: that of the statement kind
/// whose keyword's spelling (an English one's first word) `text` starts
/// with. Only a guess: a wrong one costs a second parse, from `statement`,
/// never a different result (see the entry rules in grammar/plan.pest).
fn entry(text: &str) -> Option<Rule> {
    static PREFIXES: std::sync::OnceLock<Vec<(&'static str, Rule)>> = std::sync::OnceLock::new();
    let prefixes = PREFIXES.get_or_init(|| {
        let mut out = Vec::new();
        for &(name, rule) in ENTRIES {
            for k in keywords::table().iter().filter(|k| k.rule == name) {
                let en = k.en.split(' ').next().unwrap_or(&k.en);
                out.extend(
                    std::iter::once(en)
                        .chain(k.spellings().skip(1))
                        .map(|p| (p, rule)),
                );
            }
        }
        out
    });
    let first = text.as_bytes().first()?;
    prefixes
        .iter()
        .find(|(p, _)| p.as_bytes().first() == Some(first) && text.starts_with(p))
        .map(|&(_, rule)| rule)
}

/// Byte ranges of bare names that run into parentheses, such as
/// `各县(市、区)政府` or `市农办（农业经济局）`, outside strings and comments.
fn parenthesized_names(text: &str) -> Vec<std::ops::Range<usize>> {
    // Most statements have no parenthesis at all: one quick look for `(`
    // and for the first byte of `（` (EF BC 88), then a closer one.
    if memchr::memchr2(b'(', 0xEF, text.as_bytes()).is_none()
        || (!text.contains('(') && !text.contains('（'))
    {
        return Vec::new();
    }
    let is_name = |c: char| c.is_alphanumeric() || c == '_';
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut name_start: Option<usize> = None;
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => {
                name_start = None;
                let mut escaped = false;
                for (_, d) in chars.by_ref() {
                    if d == '"' && !escaped {
                        break;
                    }
                    escaped = d == '\\' && !escaped;
                }
            }
            '#' => {
                name_start = None;
                for (_, d) in chars.by_ref() {
                    if d == '\n' {
                        break;
                    }
                }
            }
            '(' | '（' if name_start.is_some() => {
                let start = name_start.take().unwrap_or(i);
                let mut end = None;
                for (j, d) in chars.by_ref() {
                    match d {
                        ')' | '）' => {
                            end = Some(j + d.len_utf8());
                            break;
                        }
                        '\n' | '"' | '(' | '（' => break,
                        _ => {}
                    }
                }
                let Some(mut end) = end else { continue };
                while let Some(&(j, d)) = chars.peek() {
                    if !is_name(d) {
                        break;
                    }
                    end = j + d.len_utf8();
                    chars.next();
                }
                out.push(start..end);
            }
            c if is_name(c) => {
                name_start.get_or_insert(i);
            }
            _ => name_start = None,
        }
    }
    out
}

/// Parses again collecting pest's detail on what was expected where:
/// slower, so only for statements that fail. pest's switch is global and
/// statements are parsed on several threads, so the switch is held for the
/// whole parse: every detailed parse sees it on, and the messages do not
/// depend on what other threads are doing.
fn parse_with_detail(input: &str) -> Option<pest::error::Error<Rule>> {
    static DETAIL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _held = DETAIL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    pest::set_error_detail(true);
    let detailed = PlanParser::parse(Rule::statement, input).err();
    pest::set_error_detail(false);
    detailed
}

/// Full-width punctuation with no ASCII twin in the language: a statement
/// ends with its line, so `；` and `。` are simply removed.
fn needless(c: char) -> bool {
    matches!(c, '；' | '。')
}

fn fullwidth(at: usize, c: char) -> Diagnostic {
    let span = Span::new(at, at + c.len_utf8());
    if needless(c) {
        let what = if c == '；' { "semicolon" } else { "full stop" };
        return Diagnostic::new(Code::FullWidth, format!("full-width {what} `{c}`"))
            .label(span, "remove this")
            .fix(format!("remove `{c}`"), span, "")
            .help(format!(
                "a statement ends with its line: remove `{c}` (inside a \"…\" string it is fine)"
            ));
    }
    let ascii = ascii_for(c).unwrap_or(c);
    let what = match ascii {
        ',' => "comma",
        ':' => "colon",
        '(' | ')' => "parenthesis",
        '"' => "quotation mark",
        _ => "punctuation",
    };
    let mut d = Diagnostic::new(Code::FullWidth, format!("full-width {what} `{c}`"))
        .label(span, format!("write `{ascii}` here"))
        .fix(
            format!("replace `{c}` with `{ascii}`"),
            span,
            ascii.to_string(),
        );
    d = match c {
        '、' => d.help("list agencies and metrics with ASCII commas: `A, B`"),
        '（' | '）' => d.help(
            "planc syntax uses ASCII `(` `)`; to keep full-width parentheses in a name, quote it: \"市农办（农业经济局）\"",
        ),
        '“' | '”' => d.help("strings are written with ASCII quotes: \"…\""),
        _ => d.help(format!("replace `{c}` with the ASCII `{ascii}`")),
    };
    d
}

fn patch(text: &str, base: usize, marks: &[(u32, char)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for &(at, c) in marks {
        let rel = at as usize - base;
        out.push_str(text.get(last..rel).unwrap_or(""));
        let ascii = if needless(c) {
            ' '
        } else {
            ascii_for(c).unwrap_or(' ')
        };
        let pad = " ".repeat(c.len_utf8() - 1);
        // An opening quote pads before itself so a string's content keeps
        // its offsets.
        if c == '“' {
            out.push_str(&pad);
            out.push(ascii);
        } else {
            out.push(ascii);
            out.push_str(&pad);
        }
        last = rel + c.len_utf8();
    }
    out.push_str(text.get(last..).unwrap_or(""));
    out
}

/// Comments never reach the grammar (the scanner knows them; pest would
/// try one at every blank between two tokens): each comment inside a
/// wrapped statement, and a full-width `＃` with the rest of its line (it
/// is patched to the `#` that starts a comment), become spaces of the same
/// length in `patched`, which pest skips where it skipped the comment.
fn blank_comments(patched: &mut String, base: usize, comments: &[Span], marks: &[(u32, char)]) {
    let starts = comments.iter().map(|c| c.start as usize).chain(
        marks
            .iter()
            .filter(|&&(_, c)| c == '＃')
            .map(|&(at, _)| at as usize),
    );
    for start in starts {
        let Some(from) = start.checked_sub(base) else {
            continue;
        };
        let to = patched
            .get(from..)
            .and_then(|rest| memchr::memchr(b'\n', rest.as_bytes()))
            .map_or(patched.len(), |p| from + p);
        // Both ends are character boundaries by construction (a `#` or
        // `＃`, a line break or the end); were one not, pest would see the
        // comment and report it, never skip text silently.
        if from < to && patched.is_char_boundary(from) && patched.is_char_boundary(to) {
            patched.replace_range(from..to, &" ".repeat(to - from));
        }
    }
}

/// `input` is the statement as parsed, full-width punctuation patched to
/// ASCII padded to the same byte length; `original` is the author's text.
/// Offsets are shared, but a position inside a patched character is
/// moved back to where it starts in `original`.
fn syntax_error(
    e: &pest::error::Error<Rule>,
    input: &str,
    original: &str,
    base: usize,
) -> Diagnostic {
    let mut pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((p, _)) => p,
    };
    let positives: &[Rule] = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => positives,
        pest::error::ErrorVariant::CustomError { .. } => &[],
    };
    let mut expected = match &e.variant {
        pest::error::ErrorVariant::ParsingError { positives, .. } => expected_list(positives),
        pest::error::ErrorVariant::CustomError { message } => message.clone(),
    };
    // pest's detail knows literal tokens (`:`, `{`) expected furthest in.
    if let Some(a) = e.parse_attempts() {
        let tokens: Vec<String> = a
            .expected_tokens()
            .iter()
            .map(|t| t.to_string())
            // Keep punctuation; words and ranges are better named by rule.
            .filter(|t| !t.is_empty() && t != "#" && t.chars().all(|c| c.is_ascii_punctuation()))
            .map(|t| format!("`{t}`"))
            .collect();
        if a.max_position > pos && !tokens.is_empty() {
            pos = a.max_position;
            let mut words: Vec<String> = tokens;
            for stack in a.call_stacks() {
                // A rule that merely holds the failed punctuation is named
                // by that punctuation already; only tokens add words.
                let r = stack.deepest.get_rule().copied().filter(|&r| is_token(r));
                if let Some(r) = r {
                    let w = friendly(r);
                    if w != "a statement" {
                        words.push(w.to_string());
                    }
                }
            }
            words.sort();
            words.dedup();
            expected = join_or(words);
        } else if a.max_position == pos && !tokens.is_empty() && !positives.is_empty() {
            // Punctuation and words expected at the same place (`:` or
            // `in` after a deadline): name both.
            let mut words: Vec<String> = tokens;
            words.extend(
                positives
                    .iter()
                    .map(|&r| friendly(r).to_string())
                    .filter(|w| w != "a statement"),
            );
            words.sort();
            words.dedup();
            expected = join_or(words);
        }
    }
    // Skip the whitespace pest stopped in front of.
    while let Some(c) = input.get(pos..).and_then(|s| s.chars().next()) {
        if c.is_whitespace() {
            pos += c.len_utf8();
        } else {
            break;
        }
    }
    // Inside a patched character (the ASCII twin of `“` sits after its
    // padding): point at the character the author wrote.
    while pos > 0 && !original.is_char_boundary(pos) {
        pos -= 1;
    }
    if pos == 0 {
        expected = "a statement".to_string();
    }
    let written = original.get(pos..).and_then(|s| s.chars().next());
    let parsed = input.get(pos..).and_then(|s| s.chars().next());
    let found = match written {
        // A patched character: name it as written.
        Some(c) if Some(c) != parsed => c.to_string(),
        _ => token_at(input, pos),
    };
    let span = if found.is_empty() {
        Span::new(base + pos, base + pos)
    } else {
        Span::new(base + pos, base + pos + found.len())
    };
    let found_desc = if found.is_empty() {
        "end of statement".to_string()
    } else {
        format!("`{found}`")
    };
    let mut d = Diagnostic::new(
        Code::Syntax,
        format!("expected {expected}, found {found_desc}"),
    )
    .label(span, format!("expected {expected}"));
    // A word where a keyword could stand: `leed`, `eachyear`.
    let keyword_expected = pos == 0 || expected.contains('`');
    let word = found.chars().next().is_some_and(char::is_alphabetic);
    // A Chinese word may touch the year after it: `截至2012年`.
    let word_only = if found.is_ascii() {
        found.as_str()
    } else {
        found
            .split(|c: char| c.is_ascii_digit())
            .next()
            .unwrap_or("")
    };
    let synonym = (keyword_expected && word)
        .then(|| keywords::synonym(word_only))
        .flatten();
    // `牵头市经贸委`: Chinese has no spaces, but a keyword needs one.
    let glued = (keyword_expected && synonym.is_none())
        .then(|| keywords::glued(&found))
        .flatten();
    let guess = (keyword_expected && word && glued.is_none())
        .then(|| keywords::did_you_mean(word_only))
        .flatten();
    if let Some((kw, rest)) = glued {
        d = d
            .help(format!(
                "`{kw}` is a keyword: put a space between it and the name after it: `{kw} {rest}`"
            ))
            .fix(format!("write `{kw} {rest}`"), span, format!("{kw} {rest}"));
    } else if let Some(k) = guess {
        let word = Span::new(span.start as usize, span.start as usize + word_only.len());
        d = d
            .help(format!("did you mean `{k}`?"))
            .fix(format!("write `{k}`"), word, k);
    } else if let Some(help) = help_for(input, pos, &found) {
        d = d.help(help);
    }
    d
}

/// The word or character at `pos`, for "found …".
fn token_at(input: &str, pos: usize) -> String {
    let rest = input.get(pos..).unwrap_or("");
    let mut chars = rest.char_indices();
    let Some((_, first)) = chars.next() else {
        return String::new();
    };
    if first.is_alphanumeric() || first == '_' {
        let end = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphanumeric() || c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        rest.get(..end).unwrap_or("").chars().take(40).collect()
    } else {
        first.to_string()
    }
}

fn help_for(input: &str, pos: usize, found: &str) -> Option<String> {
    let before = input.get(..pos).unwrap_or("");
    if found == "(" || found == ")" {
        return Some("a name with parentheses or `、` must be quoted: \"各县(市、区)政府\"".into());
    }
    if found.is_empty()
        && [Kw::Section, Kw::Item, Kw::Part]
            .into_iter()
            .any(|k| keywords::starts_with(before.trim_start(), k))
    {
        return Some("a block header ends with `{` on the same line".into());
    }
    // `period 2023-2025`: a year range written with a dash.
    let after = input.get(pos + 1..).unwrap_or("");
    let year_before = before
        .trim_end()
        .rsplit(|c: char| !c.is_ascii_digit())
        .next()
        .filter(|y| y.len() == 4);
    let year_after = after
        .get(..4)
        .filter(|y| y.bytes().all(|b| b.is_ascii_digit()));
    if let (true, Some(a), Some(b)) = (found == "-", year_before, year_after) {
        let stmt = before.trim_start();
        let range = match (keywords::starts_with(stmt, Kw::Period), stmt.is_ascii()) {
            (true, true) => format!("period {a}..{b}"),
            (true, false) => format!("{}{a}..{b}年", Kw::Period.spell(Spelling::Zh)),
            (false, _) => format!("{a}..{b}"),
        };
        return Some(format!("a range of years is written with `..`: `{range}`"));
    }
    if found == "{" {
        return Some("blocks are opened only by `section`, `item` and `part` headers, with `{` at the end of the header line".into());
    }
    if pos == 0 {
        return Some(
            "statements start with a keyword: plan, period, baseline, issued, tolerance, agency, unit, metric, section, item, part, lead, support, text, allow, or a target (`by`, `each year`, `within`, `strive`)"
                .into(),
        );
    }
    None
}

fn expected_list(rules: &[Rule]) -> String {
    let mut words: Vec<String> = rules.iter().map(|&r| friendly(r).to_string()).collect();
    if words.len() > 1 {
        words.retain(|w| w != "a statement");
    }
    words.sort_unstable();
    words.dedup();
    join_or(words)
}

fn join_or(words: Vec<String>) -> String {
    match words.as_slice() {
        [] => "something else".into(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {}", init.join(", "), last),
    }
}

fn is_token(r: Rule) -> bool {
    let name = format!("{r:?}");
    name.starts_with("kw_")
        || matches!(
            r,
            Rule::ident
                | Rule::string
                | Rule::number
                | Rule::year
                | Rule::comparator
                | Rule::quantity
                | Rule::unit_name
                | Rule::numeral
                | Rule::date
                | Rule::done
                | Rule::approx
                | Rule::in_range
                | Rule::average_growth
                | Rule::annual_average
                | Rule::growth
                | Rule::change
                | Rule::total
                | Rule::compare
        )
}

/// Rule names as a plan author would say them.
fn friendly(rule: Rule) -> &'static str {
    match rule {
        Rule::EOI => "end of statement",
        Rule::plan_decl
        | Rule::period_decl
        | Rule::baseline_decl
        | Rule::issued_decl
        | Rule::tolerance_decl
        | Rule::agency_decl
        | Rule::unit_decl
        | Rule::metric_decl
        | Rule::section_open
        | Rule::item_open
        | Rule::part_open
        | Rule::block_close
        | Rule::lead_stmt
        | Rule::support_stmt
        | Rule::text_stmt
        | Rule::target => "a statement",
        Rule::ident | Rule::name => "a name",
        Rule::string | Rule::string_inner | Rule::string_plain => "a quoted string",
        Rule::number | Rule::quantity => "a number",
        Rule::unit_name => "a unit",
        Rule::year | Rule::year_range => "a year",
        Rule::date => "a date (YYYY-MM-DD)",
        Rule::numeral => "an ordinal (三 or 3)",
        Rule::comparator | Rule::compare => "a comparison (>=, >, <=, <, =)",
        Rule::unit_base => "`:`",
        Rule::unit_derived => "`=`",
        Rule::metric_kind | Rule::kw_stock | Rule::kw_flow | Rule::kw_milestone => {
            "`stock`, `flow` or `milestone`"
        }
        Rule::strength | Rule::kw_strive | Rule::kw_firm => "`strive`",
        Rule::by_year | Rule::kw_by => "`by`",
        Rule::each_year | Rule::kw_each_year => "`each year`",
        Rule::within | Rule::kw_within => "`within`",
        Rule::done | Rule::kw_done => "`done`",
        Rule::in_range | Rule::kw_in => "`in`",
        Rule::approx => "`~`",
        Rule::average_growth | Rule::kw_average_growth => "`average growth`",
        Rule::annual_average | Rule::kw_annual_average => "`annual average`",
        Rule::growth | Rule::kw_growth => "`growth`",
        Rule::change | Rule::kw_change => "`change`",
        Rule::total | Rule::kw_total => "`total`",
        Rule::since | Rule::kw_since => "`since`",
        Rule::kw_on => "`on`",
        Rule::kw_lead => "`lead`",
        Rule::code => "a warning code (W0001)",
        Rule::agency_list | Rule::agency_def => "an agency",
        _ => "a statement",
    }
}

#[cfg(test)]
mod tests {
    use super::{entry, PlanParser, Rule, ENTRIES};
    use pest::Parser as _;

    #[test]
    fn statements_start_at_the_entry_of_their_keyword() {
        assert_eq!(entry("text \"a\""), Some(Rule::text_entry));
        assert_eq!(entry("牵头 市经贸委"), Some(Rule::lead_entry));
        assert_eq!(entry("each year: m >= 1"), Some(Rule::target_entry));
        assert_eq!(entry("到2012年: m >= 1"), Some(Rule::target_entry));
        assert_eq!(entry("item 3 \"a\" {"), Some(Rule::item_entry));
        assert_eq!(entry("in 2030: m >= 1"), Some(Rule::target_entry));
        assert_eq!(entry("plan \"a\""), None);
        assert_eq!(entry("}"), None);
        assert_eq!(entry(""), None);
    }

    #[test]
    fn every_entry_keyword_is_in_the_grammar() {
        for (name, _) in ENTRIES {
            assert!(
                crate::syntax::keywords::table().iter().any(|k| k.rule == *name),
                "{name} is no keyword rule of the grammar: its statements would never start at their entry"
            );
        }
    }

    #[test]
    fn a_comment_inside_a_wrapped_statement_is_a_blank() {
        let src = "lead a, # first\n  b,# second\n  c\n";
        let raw = &crate::syntax::scan::scan(src).stmts[0];
        assert_eq!(raw.inner.len(), 2);
        let mut diags = Vec::new();
        let kind = super::parse(src, raw, &mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        match kind {
            Some(crate::syntax::ast::StmtKind::Lead(names)) => {
                let names: Vec<_> = names.iter().map(|n| n.text.to_string()).collect();
                assert_eq!(names, ["a", "b", "c"]);
            }
            other => panic!("{other:?}"),
        }
    }

    /// `＃` is reported, and read as the `#` that starts a comment.
    #[test]
    fn a_full_width_hash_starts_a_comment_after_its_report() {
        let src = "by 2012: m >= 1 ＃ note: 2 < 3\n";
        let raw = &crate::syntax::scan::scan(src).stmts[0];
        let mut diags = Vec::new();
        let kind = super::parse(src, raw, &mut diags);
        let codes: Vec<_> = diags.iter().map(|d| d.code).collect();
        assert_eq!(codes, [crate::diag::Code::FullWidth]);
        assert!(
            matches!(kind, Some(crate::syntax::ast::StmtKind::Target(_))),
            "{kind:?}"
        );
    }

    /// A string's text is read between its quotes, which are one byte each
    /// as parsed, also when the author wrote full-width ones.
    #[test]
    fn a_string_is_the_text_between_its_quotes() {
        for (src, want) in [
            ("text \"原文\"\n", "原文"),
            ("text “原文”\n", "原文"),
            ("text \"a\\\"b\"\n", "a\"b"),
            ("text \"\"\n", ""),
        ] {
            let raw = &crate::syntax::scan::scan(src).stmts[0];
            let mut diags = Vec::new();
            match super::parse(src, raw, &mut diags) {
                Some(crate::syntax::ast::StmtKind::Text(s)) => assert_eq!(s.text, want, "{src}"),
                other => panic!("{src}: {other:?}"),
            }
        }
    }

    /// The entry rules' promise: a statement an entry accepts parses to the
    /// same pairs from `statement`, but the last, `EOI`.
    #[test]
    fn an_entry_parses_a_statement_as_the_whole_rule_does() {
        let mut compared = 0;
        for file in std::fs::read_dir("examples").unwrap() {
            let path = file.unwrap().path();
            if path.extension().is_none_or(|e| e != "plan") {
                continue;
            }
            let src = std::fs::read_to_string(&path).unwrap();
            for raw in crate::syntax::scan::scan(&src).stmts {
                let text = src.get(raw.span.range()).unwrap_or("");
                let Some(rule) = entry(text) else { continue };
                let Ok(from_entry) = PlanParser::parse(rule, text) else {
                    continue;
                };
                let whole = PlanParser::parse(Rule::statement, text).map(|p| {
                    let pairs: Vec<_> = p.collect();
                    assert_eq!(pairs.last().map(|p| p.as_rule()), Some(Rule::EOI));
                    format!("{:?}", pairs.get(..pairs.len() - 1))
                });
                let from_entry: Vec<_> = from_entry.collect();
                assert_eq!(
                    whole.ok(),
                    Some(format!("{:?}", Some(&from_entry[..]))),
                    "{text}"
                );
                compared += 1;
            }
        }
        assert!(compared > 500, "only {compared} statements compared");
    }

    fn whole_string(s: &str) -> bool {
        PlanParser::parse(Rule::string, s)
            .map(|mut p| p.next().map(|p| p.as_str().len()) == Some(s.len()))
            .unwrap_or(false)
    }

    #[test]
    fn the_grammar_keeps_strings_on_one_line() {
        assert!(whole_string("\"a\\\"b\""));
        assert!(whole_string("\"a\\\\\""));
        assert!(!whole_string("\"a\\\nb\""));
        assert!(!whole_string("\"a\\\r\nb\""));
        assert!(!whole_string("\"a\nb\""));
    }
}
