//! From clauses to targets. Each sentence is cut into clauses; the phrase
//! grammar gives each clause's tokens; the rules below turn a clause with
//! one figure into a target, a dated 建成… into a milestone, and a clause
//! with a figure nothing reads into a TODO.
//!
//! A sentence keeps what its clauses say of time and strength from the
//! clause that says it on: `到2012年,争取引进…150项以上,实到资金150亿元以上`
//! gives both targets the deadline and 争取.
//!
//! `figures.rs` reads a clause with one figure, `plain.rs` the commitments
//! without one, `words.rs` names metrics and guesses their kind and unit.

mod figures;
mod plain;
mod words;

use super::layout::sentences;
use super::names::Registry;
use super::phrase::{self, Tok, Token};
use super::{Extraction, Quote, Span, Target, Todo};

/// Words before a subject that are not part of its name.
const FILLERS: [&str; 20] = [
    "其中",
    "全市",
    "全区",
    "全县",
    "全省",
    "全国",
    "使我市有",
    "使我区有",
    "我市",
    "我区",
    "使",
    "累计",
    "通过",
    "力争",
    "争取",
    "努力",
    "确保",
    "力求",
    "同时",
    "实现",
];

/// Clauses longer than this are not read (a clause of a plan is a line
/// or two; this bounds the phrase grammar's work and memory per clause).
pub const MAX_CLAUSE_BYTES: usize = 4096;

#[derive(Clone, Copy, Default)]
struct State {
    /// The last explicit time in the sentence.
    time: Option<Time>,
    each_year: bool,
    strive: bool,
    cumulative: bool,
    last_metric: Option<usize>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Time {
    By(u16),
    Span(u16, u16),
    Window(u16, u16),
}

struct Reader<'a> {
    src: &'a str,
    ex: &'a mut Extraction,
    metrics: Registry,
    one_year: bool,
}

/// Reads every sentence of the body for targets and TODOs.
pub fn read(src: &str, ex: &mut Extraction) -> Result<(), String> {
    let (from, to) = ex.period();
    let mut r = Reader {
        src,
        ex,
        metrics: Registry::default(),
        one_year: from == to,
    };
    // Items: paragraphs to sentences, then each sentence read.
    for i in 0..r.ex.items.len() {
        let paras =
            r.ex.items
                .get(i)
                .map(|it| it.sentences.clone())
                .unwrap_or_default();
        let sents: Vec<Quote> = paras.iter().flat_map(|p| sentences(p, src)).collect();
        if let Some(it) = r.ex.items.get_mut(i) {
            it.sentences = sents.clone();
        }
        for (at, s) in sents.iter().enumerate() {
            r.sentence(s, at, Some(i), None)?;
        }
    }
    for si in 0..r.ex.sections.len() {
        let paras =
            r.ex.sections
                .get(si)
                .map(|s| s.intro.clone())
                .unwrap_or_default();
        let sents: Vec<Quote> = paras.iter().flat_map(|p| sentences(p, src)).collect();
        if let Some(s) = r.ex.sections.get_mut(si) {
            s.intro = sents.clone();
        }
        for (at, s) in sents.iter().enumerate() {
            r.sentence(s, at, None, Some(si))?;
        }
    }
    // The text before the first section: read too, so that no figure
    // goes unseen; what it commits to has no item, so it is a TODO.
    let pre = std::mem::take(&mut r.ex.preamble);
    let pre: Vec<Quote> = pre.iter().flat_map(|p| sentences(p, src)).collect();
    for (at, s) in pre.iter().enumerate() {
        r.sentence(s, at, None, None)?;
    }
    r.ex.preamble = pre;
    Ok(())
}

/// Byte ranges of the clauses of `text`: cut at , ; : outside brackets
/// and quotes.
fn clauses(text: &str, cuts: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '(' | '（' | '“' | '《' | '[' | '【' => depth += 1,
            ')' | '）' | '”' | '》' | ']' | '】' => depth = depth.saturating_sub(1),
            c if depth == 0 && cuts.contains(&c) => {
                out.push((start, i));
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    out.push((start, text.len()));
    out.into_iter()
        .map(|(a, b)| {
            let s = text.get(a..b).unwrap_or("");
            let trimmed_end = s.trim_end_matches(['。', '！', '？', ' ', '!', '?']).len();
            (a, a + trimmed_end)
        })
        .filter(|(a, b)| b > a)
        .collect()
}

/// What one clause gave.
enum Found {
    Target(Box<Target>),
    Todo(String),
    Nothing,
}

impl Reader<'_> {
    fn sentence(
        &mut self,
        s: &Quote,
        at: usize,
        item: Option<usize>,
        section: Option<usize>,
    ) -> Result<(), String> {
        let mut state = State::default();
        let text = s.text.as_str();
        // Clause spans are exact where the sentence is the source's text.
        let exact = self.src.get(s.span.start..s.span.end) == Some(text);
        for (a, b) in clauses(text, &[',', '，', ';', '；', ':', '：']) {
            let clause = text.get(a..b).unwrap_or("");
            let quote = |a2: usize, b2: usize| Quote {
                text: text.get(a2..b2).unwrap_or("").to_string(),
                span: if exact {
                    Span {
                        start: s.span.start + a2,
                        end: s.span.start + b2,
                    }
                } else {
                    s.span
                },
            };
            if clause.len() > MAX_CLAUSE_BYTES {
                if clause
                    .chars()
                    .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
                {
                    self.ex.todos.push(Todo {
                        item,
                        section,
                        quote: quote(a, b),
                        sentence: s.span,
                        at,
                        reason: format!("a clause longer than {MAX_CLAUSE_BYTES} bytes, not read"),
                    });
                }
                continue;
            }
            let toks = phrase::tokens(clause)?;
            self.timing_of(&toks, &mut state);
            let targets = toks.iter().filter(|t| is_target_figure(&toks, t)).count();
            let mut found = Vec::new();
            if targets >= 2 {
                // 建成3个…基地、2~3个…基地: one target a segment.
                for (c, d) in clauses(clause, &['、']) {
                    let seg = clause.get(c..d).unwrap_or("");
                    let stoks = phrase::tokens(seg)?;
                    for f in self.clause(seg, &stoks, &mut state)? {
                        found.push((f, a + c, a + d));
                    }
                }
            } else {
                for f in self.clause(clause, &toks, &mut state)? {
                    found.push((f, a, b));
                }
            }
            for (f, a2, b2) in found {
                let q = quote(a2, b2);
                match f {
                    Found::Target(mut t) => match item {
                        Some(i) => {
                            t.item = i;
                            // A quote within the clause keeps its place in it.
                            t.quote = if t.quote.text.is_empty() {
                                q
                            } else {
                                quote(a2 + t.quote.span.start, a2 + t.quote.span.end)
                            };
                            t.sentence = s.span;
                            t.at = at;
                            self.ex.targets.push(*t);
                        }
                        None => self.ex.todos.push(Todo {
                            item,
                            section,
                            quote: q,
                            sentence: s.span,
                            at,
                            reason: "a commitment outside any item: it has no lead".to_string(),
                        }),
                    },
                    Found::Todo(reason) => self.ex.todos.push(Todo {
                        item,
                        section,
                        quote: q,
                        sentence: s.span,
                        at,
                        reason,
                    }),
                    Found::Nothing => {}
                }
            }
        }
        Ok(())
    }

    /// Time, rhythm and strength the clause sets for itself and the rest
    /// of its sentence.
    fn timing_of(&self, toks: &[Token], st: &mut State) {
        let (from, _) = self.ex.period();
        for t in toks {
            match t.tok {
                Tok::Deadline(y) => {
                    st.time = Some(Time::By(y));
                    st.each_year = false;
                }
                Tok::Years(n) => {
                    st.time = Some(Time::Window(from, from.saturating_add(n.saturating_sub(1))))
                }
                Tok::YearSpan(a, b) => {
                    st.time = Some(Time::Span(from.saturating_add(a), from.saturating_add(b)))
                }
                Tok::EachYear => st.each_year = true,
                Tok::Strength => st.strive = true,
                _ => {}
            }
        }
    }

    fn clause(&mut self, text: &str, toks: &[Token], st: &mut State) -> Result<Vec<Found>, String> {
        if text.contains("累计") {
            st.cumulative = true;
        }
        let figures: Vec<usize> = (0..toks.len())
            .filter(|&k| toks.get(k).is_some_and(|t| is_target_figure(toks, t)))
            .collect();
        let has_digits = toks
            .iter()
            .any(|t| matches!(t.tok, Tok::Figure | Tok::Quantity(_) | Tok::Range(..)));
        // 全市50%以上的饮用水源地…: a share, before any other reading.
        if let Some(k) = share_at(text, toks) {
            return Ok(vec![self.share(text, toks, k, st)]);
        }
        match figures.as_slice() {
            [k] => Ok(vec![self.quantity(text, toks, *k, st)]),
            [] => {
                if let Some(f) = self.without_figure(text, toks, st) {
                    return Ok(f);
                }
                if has_digits {
                    Ok(vec![Found::Todo("a figure no rule reads".to_string())])
                } else {
                    Ok(Vec::new())
                }
            }
            _ => Ok(vec![Found::Todo(
                "several figures in one clause".to_string(),
            )]),
        }
    }
}

/// Whether the token is a figure a target is made of: a quantity or a
/// range that no 的 makes part of a noun (产值超5千万元的企业).
fn is_target_figure(toks: &[Token], t: &Token) -> bool {
    if !matches!(t.tok, Tok::Quantity(_) | Tok::Range(..)) {
        return false;
    }
    let next = toks.iter().find(|n| n.start >= t.end);
    !next.is_some_and(|n| n.tok == Tok::Attributive && n.start == t.end)
}

fn first_of(toks: &[Token], f: impl Fn(&Tok) -> bool) -> Option<usize> {
    toks.iter().position(|t| f(&t.tok))
}

/// The clause's words between tokens `from` and `to`, without the
/// phrases of time, rhythm and strength, and without leading fillers.
fn subject_text(text: &str, toks: &[Token], from: usize, to: usize) -> String {
    let mut out = String::new();
    for t in toks.get(from..to).unwrap_or(&[]) {
        match t.tok {
            Tok::Deadline(_)
            | Tok::Years(_)
            | Tok::YearSpan(..)
            | Tok::EachYear
            | Tok::Strength
            | Tok::Annual => {}
            _ => out.push_str(text.get(t.start..t.end).unwrap_or("")),
        }
    }
    strip_fillers(out.trim_end_matches(['的', ' '])).to_string()
}

fn strip_fillers(mut s: &str) -> &str {
    loop {
        let before = s;
        for f in FILLERS {
            if let Some(r) = s.strip_prefix(f) {
                s = r;
            }
        }
        s = s.trim_start_matches([' ', ',', '，']);
        if s == before {
            return s;
        }
    }
}

/// A share: a percentage followed by 的 with only scope words before it.
fn share_at(text: &str, toks: &[Token]) -> Option<usize> {
    let k = toks.iter().position(|t| {
        matches!(&t.tok, Tok::Quantity(q) if q.unit == "%") && !is_target_figure(toks, t)
    })?;
    let before = subject_text(text, toks, 0, k);
    before.is_empty().then_some(k)
}
