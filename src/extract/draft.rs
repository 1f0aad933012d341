//! The draft plan: written from the extraction, then checked. A target
//! the checker refuses becomes a TODO carrying the checker's message, and
//! the draft is written again, until it checks clean.

use super::{ExtractError, Extracted, Extraction, Measure, Requirement, Target, Timing, Todo};
use crate::diag::Severity;
use crate::source::SourceFile;
use std::collections::HashMap;
use std::fmt::Write as _;

/// A plan string literal: `"…"` with `\` and `"` escaped, on one line.
fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment's text, on one line.
fn comment(s: &str) -> String {
    s.chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect()
}

/// Ordinals as the draft writes them: the document's, unless two share one
/// or one is not an ordinal planc reads; then 1, 2, 3 … in order.
fn ordinals<'a>(written: impl Iterator<Item = &'a str> + Clone) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let ok = written.clone().all(|o| {
        let valid = crate::syntax::numeral::parse(o).is_some_and(|n| n > 0);
        valid && seen.insert(crate::syntax::numeral::parse(o))
    });
    written
        .enumerate()
        .map(|(i, o)| {
            if ok {
                o.to_string()
            } else {
                (i + 1).to_string()
            }
        })
        .collect()
}

/// Each item's ordinal as the draft writes it, by index.
fn ords(ex: &Extraction) -> HashMap<usize, String> {
    let top: Vec<usize> = (0..ex.items.len())
        .filter(|&i| ex.items.get(i).is_some_and(|it| it.parent.is_none()))
        .collect();
    let item_ords = ordinals(
        top.iter()
            .filter_map(|&i| ex.items.get(i))
            .map(|i| i.ordinal.as_str()),
    );
    let mut ord_of: HashMap<usize, String> = top.iter().copied().zip(item_ords).collect();
    for (i, it) in ex.items.iter().enumerate() {
        if it.parent.is_some() {
            ord_of.insert(i, it.ordinal.clone());
        }
    }
    ord_of
}

/// Each item's id in the draft's model (`9`, `9.1`), by index.
pub fn item_ids(ex: &Extraction) -> Vec<String> {
    let ord_of = ords(ex);
    let id = |i: usize| {
        ord_of
            .get(&i)
            .and_then(|o| crate::syntax::numeral::parse(o))
            .map_or_else(String::new, |n| n.to_string())
    };
    ex.items
        .iter()
        .enumerate()
        .map(|(i, it)| match it.parent {
            Some(p) => format!("{}.{}", id(p), id(i)),
            None => id(i),
        })
        .collect()
}

/// The target as a plan statement, without its quote.
pub fn statement(ex: &Extraction, t: &Target) -> String {
    let metric = ex.metrics.get(t.metric).map_or("?", |m| m.id.as_str());
    let mut s = String::new();
    if t.strive {
        s.push_str("strive ");
    }
    match t.timing {
        Timing::By(y) => {
            let _ = write!(s, "by {y}: ");
        }
        Timing::BySpan(a, b) => {
            let _ = write!(s, "by {a}..{b}: ");
        }
        Timing::EachYear => s.push_str("each year: "),
        Timing::Within(a, b) => {
            let _ = write!(s, "within {a}..{b}: ");
        }
        Timing::In(y) => {
            let _ = write!(s, "in {y}: ");
        }
    }
    s.push_str(metric);
    match t.measure {
        Measure::Level | Measure::Multiple(_) | Measure::Done => {}
        Measure::Growth => s.push_str(" growth"),
        Measure::AverageGrowth => s.push_str(" average growth"),
        Measure::AnnualAverage => s.push_str(" annual average"),
        Measure::Change(None) => s.push_str(" change"),
        Measure::Change(Some(y)) => {
            let _ = write!(s, " change since {y}");
        }
    }
    match &t.requirement {
        Requirement::Compare(op, v) => {
            let _ = write!(s, " {} {v}", op.as_str());
        }
        Requirement::About(v) => {
            let _ = write!(s, " ~ {v}");
        }
        Requirement::Between(lo, hi) => {
            let _ = write!(s, " in {}..{hi}", lo.number.normalize());
        }
        Requirement::AboutGrowthOf(m) => {
            let other = ex.metrics.get(*m).map_or("?", |m| m.id.as_str());
            let _ = write!(s, " ~ {other} growth");
        }
        Requirement::Done => s.push_str(" done"),
    }
    if let Measure::Multiple(y) = t.measure {
        let _ = write!(s, " since {y}");
    }
    s
}

/// What a line of the draft is, so a checker's complaint can be traced.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Origin {
    Other,
    Target(usize),
    Metric(usize),
    Agency(usize),
}

struct Out {
    lines: Vec<(String, Origin)>,
}

impl Out {
    fn line(&mut self, indent: usize, s: impl Into<String>) {
        self.lines.push((
            format!("{}{}", "  ".repeat(indent), s.into()),
            Origin::Other,
        ));
    }
    fn declaration(&mut self, s: String, origin: Origin) {
        self.lines.push((s, origin));
    }

    fn target(&mut self, indent: usize, s: String, t: usize) {
        self.lines
            .push((format!("{}{s}", "  ".repeat(indent)), Origin::Target(t)));
    }
}

fn todo_line(out: &mut Out, indent: usize, t: &Todo) {
    out.line(
        indent,
        format!(
            "# TODO {}: “{}”",
            comment(&t.reason),
            comment(&t.quote.text)
        ),
    );
}

/// Writes the draft.
fn render(ex: &Extraction, name: &str) -> Out {
    let mut out = Out { lines: Vec::new() };
    let (from, to) = ex.period();
    out.line(
        0,
        format!(
            "# Draft extracted by `planc extract` from {}.",
            comment(name)
        ),
    );
    out.line(
        0,
        "# Every target quotes the words it was read from: review each one, and every TODO.",
    );
    out.line(
        0,
        format!(
            "# {} items, {} targets, {} TODOs.",
            ex.items.iter().filter(|i| i.parent.is_none()).count(),
            ex.targets.len(),
            ex.todos.len()
        ),
    );
    out.line(0, "");
    let title = ex.title.as_ref().map_or("untitled", |t| t.text.as_str());
    out.line(0, format!("plan {}", string(title)));
    match &ex.period {
        Some(p) => out.line(
            0,
            format!("period {from}..{to} # from {}", comment(&p.basis)),
        ),
        None => out.line(
            0,
            format!("period {from}..{to} # TODO no year in the document: set the plan's period"),
        ),
    }
    out.line(
        0,
        format!(
            "baseline {} # the year before the period: check",
            from.saturating_sub(1)
        ),
    );
    out.line(0, "");
    for (k, a) in ex.agencies.iter().enumerate() {
        if a.id == a.name {
            out.declaration(format!("agency {}", a.id), Origin::Agency(k));
        } else {
            out.declaration(
                format!("agency {} {}", a.id, string(&a.name)),
                Origin::Agency(k),
            );
        }
    }
    if let Some(i) = ex.issued_by.and_then(|i| ex.agencies.get(i)) {
        match &ex.issued_on {
            Some(d) => out.line(0, format!("issued by {} on {d}", i.id)),
            None => out.line(0, format!("issued by {}", i.id)),
        }
    }
    if !ex.units.is_empty() {
        out.line(0, "");
    }
    for (u, d) in &ex.units {
        out.line(0, format!("unit {u}: {d}"));
    }
    out.line(0, "");
    for (k, m) in ex.metrics.iter().enumerate() {
        if let Some(g) = &m.guess {
            out.line(0, format!("# {}", comment(g)));
        }
        let unit = m.unit.as_deref().map_or(String::new(), |u| format!(" {u}"));
        out.declaration(
            format!(
                "metric {}: {}{unit} {}",
                m.id,
                m.kind.as_str(),
                string(&m.description)
            ),
            Origin::Metric(k),
        );
    }
    let mut preamble_todos: HashMap<usize, Vec<&Todo>> = HashMap::new();
    for t in ex
        .todos
        .iter()
        .filter(|t| t.item.is_none() && t.section.is_none())
    {
        preamble_todos.entry(t.at).or_default().push(t);
    }
    for (at, q) in ex.preamble.iter().enumerate() {
        out.line(0, format!("# {}", comment(&q.text)));
        for t in preamble_todos.get(&at).into_iter().flatten() {
            todo_line(&mut out, 0, t);
        }
    }

    // What stands under each sentence, found once: the draft is written
    // in time linear in the extraction.
    let mut targets_at: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (k, t) in ex.targets.iter().enumerate() {
        targets_at.entry((t.item, t.at)).or_default().push(k);
    }
    let mut todos_at: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut section_todos_at: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (k, t) in ex.todos.iter().enumerate() {
        match (t.item, t.section) {
            (Some(i), _) => todos_at.entry((i, t.at)).or_default().push(k),
            (None, Some(s)) => section_todos_at.entry((s, t.at)).or_default().push(k),
            (None, None) => {}
        }
    }
    let mut parts: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, it) in ex.items.iter().enumerate() {
        if let Some(p) = it.parent {
            parts.entry(p).or_default().push(i);
        }
    }
    let used: std::collections::HashSet<usize> =
        ex.items.iter().filter_map(|it| it.section).collect();
    let top: Vec<usize> = (0..ex.items.len())
        .filter(|&i| ex.items.get(i).is_some_and(|it| it.parent.is_none()))
        .collect();
    let sec_ords = ordinals(ex.sections.iter().map(|s| s.ordinal.as_str()));
    let ord_of = ords(ex);
    let ctx = Ctx {
        ex,
        targets_at,
        todos_at,
        section_todos_at,
        parts,
        ord_of,
    };
    let mut last_section = None;
    for &i in &top {
        let Some(it) = ex.items.get(i) else { continue };
        if it.section != last_section {
            if last_section.is_some() {
                out.line(0, "}");
            }
            if let Some(s) = it.section.and_then(|s| ex.sections.get(s).map(|x| (s, x))) {
                out.line(0, "");
                ctx.open_section(&mut out, s.0, sec_ords.get(s.0).map_or("", String::as_str));
            }
            last_section = it.section;
        }
        let indent = usize::from(it.section.is_some());
        out.line(0, "");
        ctx.item(&mut out, i, indent);
    }
    if last_section.is_some() {
        out.line(0, "}");
    }
    // Sections without items.
    for (s, _) in ex.sections.iter().enumerate() {
        if !used.contains(&s) {
            out.line(0, "");
            ctx.open_section(&mut out, s, sec_ords.get(s).map_or("", String::as_str));
            out.line(0, "}");
        }
    }
    out
}

impl Ctx<'_> {
    fn open_section(&self, out: &mut Out, s: usize, ord: &str) {
        let ex = self.ex;
        let Some(sec) = ex.sections.get(s) else {
            return;
        };
        for (at, q) in sec.intro.iter().enumerate() {
            out.line(0, format!("# {}", comment(&q.text)));
            for t in self
                .section_todos_at
                .get(&(s, at))
                .into_iter()
                .flatten()
                .filter_map(|k| ex.todos.get(*k))
            {
                todo_line(out, 0, t);
            }
        }
        if ord != sec.ordinal {
            out.line(
                0,
                format!(
                    "# the document numbers this section {}",
                    comment(&sec.ordinal)
                ),
            );
        }
        out.line(
            0,
            format!(
                "section {ord} {} {{",
                string(sec.title.text.trim_end_matches('。'))
            ),
        );
    }
}

struct Ctx<'a> {
    ex: &'a Extraction,
    targets_at: HashMap<(usize, usize), Vec<usize>>,
    todos_at: HashMap<(usize, usize), Vec<usize>>,
    section_todos_at: HashMap<(usize, usize), Vec<usize>>,
    parts: HashMap<usize, Vec<usize>>,
    ord_of: HashMap<usize, String>,
}

impl Ctx<'_> {
    /// An item, or a part (which has no parts: the recursion is one deep).
    fn item(&self, out: &mut Out, i: usize, indent: usize) {
        let ex = self.ex;
        let Some(it) = ex.items.get(i) else { return };
        if let Some(h) = &it.heading {
            out.line(indent, format!("# {}", comment(h)));
        }
        let kw = if it.parent.is_some() { "part" } else { "item" };
        let ord = self.ord_of.get(&i).cloned().unwrap_or_default();
        if ord != it.ordinal && it.parent.is_none() {
            out.line(
                indent,
                format!("# the document numbers this item {}", comment(&it.ordinal)),
            );
        }
        out.line(
            indent,
            format!(
                "{kw} {ord} {} {{",
                string(it.title.text.trim_end_matches('。'))
            ),
        );
        let name = |k: &usize| {
            ex.agencies
                .get(*k)
                .map_or("?", |a| a.id.as_str())
                .to_string()
        };
        if !it.lead.is_empty() {
            out.line(
                indent + 1,
                format!(
                    "lead {}",
                    it.lead.iter().map(name).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        if !it.support.is_empty() {
            out.line(
                indent + 1,
                format!(
                    "support {}",
                    it.support.iter().map(name).collect::<Vec<_>>().join(", ")
                ),
            );
        }
        let title = it.title.text.trim_end_matches('。');
        for (at, s) in it.sentences.iter().enumerate() {
            if s.text.trim_end_matches('。') != title {
                out.line(indent + 1, format!("text {}", string(&s.text)));
            }
            for &k in self.targets_at.get(&(i, at)).into_iter().flatten() {
                let Some(t) = ex.targets.get(k) else { continue };
                if let Some(n) = &t.note {
                    out.line(indent + 1, format!("# {}", comment(n)));
                }
                let line = format!("{} {}", statement(ex, t), string(&t.quote.text));
                if it.lead.is_empty() {
                    out.line(
                        indent + 1,
                        format!("# TODO no lead in the document for: {line}"),
                    );
                } else {
                    out.target(indent + 1, line, k);
                }
            }
            for t in self
                .todos_at
                .get(&(i, at))
                .into_iter()
                .flatten()
                .filter_map(|k| ex.todos.get(*k))
            {
                todo_line(out, indent + 1, t);
            }
        }
        if it.parent.is_none() {
            for &p in self.parts.get(&i).into_iter().flatten() {
                out.line(0, "");
                self.item(out, p, indent + 1);
            }
        }
        out.line(indent, "}");
    }
}

/// Writes the draft and checks it; refused targets become TODOs.
pub fn checked(mut ex: Extraction, name: &str) -> Result<Extracted, ExtractError> {
    // Each round renames a declaration (each at most once) or turns at
    // least one target into a TODO, so this ends.
    let mut renamed = std::collections::HashSet::new();
    loop {
        let out = render(&ex, name);
        let text: String = out.lines.iter().fold(String::new(), |mut s, (l, _)| {
            s.push_str(l);
            s.push('\n');
            s
        });
        let file = SourceFile::new(name, text.clone());
        let compiled = crate::compile(&file);
        let errors: Vec<_> = compiled
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        if errors.is_empty() {
            return Ok(Extracted {
                extraction: ex,
                draft: text,
            });
        }
        let mut refused: Vec<(usize, String)> = Vec::new();
        let mut other = None;
        let mut renamed_now = false;
        for d in &errors {
            let line = d
                .labels
                .first()
                .map(|l| file.line_col(l.span.start as usize).line as usize);
            let origin = line
                .and_then(|l| out.lines.get(l.saturating_sub(1)))
                .map(|(_, o)| *o);
            // A name made of letters the grammar does not take as a name
            // (rare scripts): a plain id instead, once.
            let rename = match origin {
                Some(Origin::Metric(m)) if renamed.insert(origin) => {
                    ex.metrics.get_mut(m).map(|x| x.id = format!("指标__{m}"))
                }
                Some(Origin::Agency(a)) if renamed.insert(origin) => {
                    ex.agencies.get_mut(a).map(|x| x.id = format!("单位__{a}"))
                }
                _ => None,
            };
            match (origin, rename) {
                (_, Some(())) => renamed_now = true,
                (Some(Origin::Target(k)), _) => {
                    refused.push((k, format!("planc check {}: {}", d.code.as_str(), d.message)))
                }
                _ => other = Some(format!("{}: {}", d.code.as_str(), d.message)),
            }
        }
        if renamed_now {
            continue;
        }
        if refused.is_empty() {
            return Err(ExtractError {
                name: name.to_string(),
                message: other.unwrap_or_default(),
            });
        }
        // The first complaint about a target is its reason.
        let mut reasons: HashMap<usize, String> = HashMap::new();
        for (k, reason) in refused {
            reasons.entry(k).or_insert(reason);
        }
        let targets = std::mem::take(&mut ex.targets);
        for (k, t) in targets.into_iter().enumerate() {
            match reasons.remove(&k) {
                Some(reason) => {
                    let section = ex.items.get(t.item).and_then(|i| i.section);
                    ex.todos.push(Todo {
                        item: Some(t.item),
                        section,
                        quote: t.quote,
                        sentence: t.sentence,
                        at: t.at,
                        reason,
                    });
                }
                None => ex.targets.push(t),
            }
        }
    }
}
