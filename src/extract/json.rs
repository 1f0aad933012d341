//! `planc extract --format json`: the extraction as data
//! (docs/extract.md). Every span counts characters (Unicode scalar
//! values) of the decoded document, from 0, end exclusive.

use super::{draft, Encoding, Extracted, Span};
use serde::Serialize;

/// Byte offsets to character offsets, counted once per call in order.
struct Chars<'a> {
    src: &'a str,
    /// Checkpoints every 4 KiB: (byte, char).
    marks: Vec<(usize, usize)>,
}

impl<'a> Chars<'a> {
    fn new(src: &'a str) -> Self {
        let mut marks = vec![(0, 0)];
        let (mut chars, mut next) = (0usize, 4096usize);
        for (b, _) in src.char_indices() {
            if b >= next {
                marks.push((b, chars));
                next = b + 4096;
            }
            chars += 1;
        }
        Chars { src, marks }
    }

    fn at(&self, byte: usize) -> usize {
        let i = self
            .marks
            .partition_point(|&(b, _)| b <= byte)
            .saturating_sub(1);
        let (b0, c0) = self.marks.get(i).copied().unwrap_or((0, 0));
        c0 + self
            .src
            .get(b0..byte.min(self.src.len()))
            .map_or(0, |s| s.chars().count())
    }

    fn span(&self, s: Span) -> CharSpan {
        CharSpan {
            start: self.at(s.start),
            end: self.at(s.end),
        }
    }
}

#[derive(Serialize)]
struct CharSpan {
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct Doc<'a> {
    format: &'static str,
    version: u32,
    document: Document<'a>,
    agencies: Vec<AgencyOut<'a>>,
    sections: Vec<SectionOut<'a>>,
    items: Vec<ItemOut<'a>>,
    metrics: Vec<MetricOut<'a>>,
    targets: Vec<TargetOut<'a>>,
    todos: Vec<TodoOut<'a>>,
    draft: &'a str,
}

#[derive(Serialize)]
struct Document<'a> {
    name: &'a str,
    encoding: Encoding,
    title: Option<&'a str>,
    title_span: Option<CharSpan>,
    issued_by: Option<&'a str>,
    issued_on: Option<&'a str>,
    period: Option<PeriodOut<'a>>,
}

#[derive(Serialize)]
struct PeriodOut<'a> {
    from: u16,
    to: u16,
    basis: &'a str,
}

#[derive(Serialize)]
struct AgencyOut<'a> {
    id: &'a str,
    name: &'a str,
    span: CharSpan,
}

#[derive(Serialize)]
struct SectionOut<'a> {
    ordinal: &'a str,
    title: &'a str,
    span: CharSpan,
}

#[derive(Serialize)]
struct ItemOut<'a> {
    id: String,
    ordinal: &'a str,
    title: &'a str,
    span: CharSpan,
    section: Option<&'a str>,
    parent: Option<String>,
    lead: Vec<&'a str>,
    support: Vec<&'a str>,
}

#[derive(Serialize)]
struct MetricOut<'a> {
    id: &'a str,
    kind: &'static str,
    unit: Option<&'a str>,
    description: &'a str,
    guess: Option<&'a str>,
}

#[derive(Serialize)]
struct TargetOut<'a> {
    item: String,
    metric: &'a str,
    /// The target as the draft writes it.
    statement: String,
    strength: &'static str,
    quote: &'a str,
    quote_span: CharSpan,
    sentence_span: CharSpan,
    note: Option<&'a str>,
}

#[derive(Serialize)]
struct TodoOut<'a> {
    item: Option<String>,
    section: Option<&'a str>,
    reason: &'a str,
    quote: &'a str,
    quote_span: CharSpan,
    sentence_span: CharSpan,
}

/// The item ids as the draft numbers them: `9`, `9.1`.
fn ids(x: &Extracted) -> Vec<String> {
    draft::item_ids(&x.extraction)
}

/// The JSON document of an extraction.
pub fn document(x: &Extracted, src: &str, name: &str, encoding: Encoding) -> String {
    let ex = &x.extraction;
    let c = Chars::new(src);
    let ids = ids(x);
    let id = |i: usize| ids.get(i).cloned().unwrap_or_default();
    let agency = |k: &usize| ex.agencies.get(*k).map_or("", |a| a.id.as_str());
    let doc = Doc {
        format: "planc-extract",
        version: 1,
        document: Document {
            name,
            encoding,
            title: ex.title.as_ref().map(|t| t.text.as_str()),
            title_span: ex.title.as_ref().map(|t| c.span(t.span)),
            issued_by: ex
                .issued_by
                .and_then(|i| ex.agencies.get(i))
                .map(|a| a.id.as_str()),
            issued_on: ex.issued_on.as_deref(),
            period: ex.period.as_ref().map(|p| PeriodOut {
                from: p.from,
                to: p.to,
                basis: &p.basis,
            }),
        },
        agencies: ex
            .agencies
            .iter()
            .map(|a| AgencyOut {
                id: &a.id,
                name: &a.name,
                span: c.span(a.first),
            })
            .collect(),
        sections: ex
            .sections
            .iter()
            .map(|s| SectionOut {
                ordinal: &s.ordinal,
                title: &s.title.text,
                span: c.span(s.title.span),
            })
            .collect(),
        items: ex
            .items
            .iter()
            .enumerate()
            .map(|(i, it)| ItemOut {
                id: id(i),
                ordinal: &it.ordinal,
                title: &it.title.text,
                span: c.span(it.title.span),
                section: it
                    .section
                    .and_then(|s| ex.sections.get(s))
                    .map(|s| s.ordinal.as_str()),
                parent: it.parent.map(id),
                lead: it.lead.iter().map(agency).collect(),
                support: it.support.iter().map(agency).collect(),
            })
            .collect(),
        metrics: ex
            .metrics
            .iter()
            .map(|m| MetricOut {
                id: &m.id,
                kind: m.kind.as_str(),
                unit: m.unit.as_deref(),
                description: &m.description,
                guess: m.guess.as_deref(),
            })
            .collect(),
        targets: ex
            .targets
            .iter()
            .map(|t| TargetOut {
                item: id(t.item),
                metric: ex.metrics.get(t.metric).map_or("", |m| m.id.as_str()),
                statement: draft::statement(ex, t),
                strength: if t.strive { "strive" } else { "firm" },
                quote: &t.quote.text,
                quote_span: c.span(t.quote.span),
                sentence_span: c.span(t.sentence),
                note: t.note.as_deref(),
            })
            .collect(),
        todos: ex
            .todos
            .iter()
            .map(|t| TodoOut {
                item: t.item.map(id),
                section: t
                    .section
                    .and_then(|s| ex.sections.get(s))
                    .map(|s| s.ordinal.as_str()),
                reason: &t.reason,
                quote: &t.quote.text,
                quote_span: c.span(t.quote.span),
                sentence_span: c.span(t.sentence),
            })
            .collect(),
        draft: &x.draft,
    };
    serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"format\": \"planc-extract\", \"error\": \"{e}\"}}"))
}
