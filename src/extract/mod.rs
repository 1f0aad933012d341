//! `planc extract`: a draft plan from a policy document.
//!
//! The document's lines are cleaned of web-capture debris (`clean`), read
//! for their structure — title, issuing body and date, period, sections,
//! items and their parts, 牵头单位/配合单位 lines (`layout`) — and each
//! sentence is cut into clauses whose phrases the phrase grammar reads
//! (`phrase`, the only user of `grammar/phrase.pest`), from which `rules`
//! makes targets, milestones and TODOs. `draft` writes the plan; the plan
//! is then compiled, and a target the checker refuses becomes a TODO with
//! the checker's words, so the draft always checks clean and nothing is
//! dropped. `json` gives the same extraction as data.

mod clean;
pub mod decode;
pub(crate) mod draft;
pub mod json;
mod layout;
mod names;
mod phrase;
mod rules;

pub use decode::{decode, Encoding};
pub use draft::statement;

/// A byte range of the source document.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

/// Text of the document with where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    pub text: String,
    pub span: Span,
}

/// The plan period and how it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: u16,
    pub to: u16,
    /// In words: "the title's 三年 from the issue year 2010".
    pub basis: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agency {
    pub id: String,
    /// Exactly as the document writes it.
    pub name: String,
    /// Where it is first named.
    pub first: Span,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// As written: `四`.
    pub ordinal: String,
    pub title: Quote,
    /// The paragraphs between its header and its first item.
    pub intro: Vec<Quote>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The ordinal the draft writes (`九`, `3`; a part's `1`).
    pub ordinal: String,
    /// The model's id: `9`, `9.1`.
    pub id: String,
    pub title: Quote,
    /// Index into `sections`.
    pub section: Option<usize>,
    /// Index of the item this is a part of.
    pub parent: Option<usize>,
    /// Indices into `agencies`.
    pub lead: Vec<usize>,
    pub support: Vec<usize>,
    /// Its prose, a sentence each; the title's sentence first when the
    /// title is a whole sentence with more after it.
    pub sentences: Vec<Quote>,
    /// A heading of the document between the section and this item
    /// (`(一)坚定不移做强增长引擎` over numbered items), shown as a comment.
    pub heading: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    Stock,
    Flow,
    Milestone,
}

impl MetricKind {
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Stock => "stock",
            MetricKind::Flow => "flow",
            MetricKind::Milestone => "milestone",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    pub id: String,
    pub kind: MetricKind,
    /// A unit planc knows or the draft declares; none for milestones.
    pub unit: Option<String>,
    /// The document's words for it.
    pub description: String,
    /// Why the kind or unit is a guess, when it is one.
    pub guess: Option<String>,
}

/// When a target is judged, as planc writes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Timing {
    By(u16),
    BySpan(u16, u16),
    EachYear,
    Within(u16, u16),
    In(u16),
}

/// What is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    Level,
    Growth,
    AverageGrowth,
    AnnualAverage,
    /// Since the plan's baseline, or the year given.
    Change(Option<u16>),
    /// A multiple of the year's level.
    Multiple(u16),
    Done,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Ge,
    Gt,
    Le,
    Lt,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
        }
    }
}

/// A value as the draft writes it: `150项`, `-10%`, `2x`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    pub number: rust_decimal::Decimal,
    pub unit: String,
}

impl std::fmt::Display for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = self.number.normalize();
        if n.is_sign_positive() && self.unit == "pp" {
            write!(f, "+{n}{}", self.unit)
        } else {
            write!(f, "{n}{}", self.unit)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    Compare(Op, Value),
    About(Value),
    Between(Value, Value),
    /// `~ other growth`: 与…同步.
    AboutGrowthOf(usize),
    Done,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Index into `items`.
    pub item: usize,
    /// Index into `metrics`.
    pub metric: usize,
    pub strive: bool,
    pub timing: Timing,
    pub measure: Measure,
    pub requirement: Requirement,
    /// The clause it was read from, exactly as written.
    pub quote: Quote,
    /// The whole sentence.
    pub sentence: Span,
    /// Which sentence of its item it is, from 0.
    pub at: usize,
    /// Why a reading is a guess, for the comment above the target.
    pub note: Option<String>,
}

/// A figure no rule read, or a target the checker refused: a comment in
/// the draft, at its place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Todo {
    /// Index into `items`, or none for a section's or the preamble's text.
    pub item: Option<usize>,
    pub section: Option<usize>,
    pub quote: Quote,
    pub sentence: Span,
    /// Which sentence of its item (or section, or preamble) it is, from 0.
    pub at: usize,
    pub reason: String,
}

/// Everything read from a document.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    pub title: Option<Quote>,
    pub issued_by: Option<usize>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub issued_on: Option<String>,
    pub period: Option<Period>,
    pub agencies: Vec<Agency>,
    pub sections: Vec<Section>,
    pub items: Vec<Item>,
    pub metrics: Vec<Metric>,
    pub targets: Vec<Target>,
    pub todos: Vec<Todo>,
    /// Units the draft declares: (name, dimension).
    pub units: Vec<(String, String)>,
    /// Preamble and other text outside any section, shown as comments.
    pub preamble: Vec<Quote>,
}

impl Extraction {
    pub fn period(&self) -> (u16, u16) {
        self.period
            .as_ref()
            .map_or((2000, 2000), |p| (p.from, p.to))
    }
}

/// The outcome of [`extract`].
pub struct Extracted {
    pub extraction: Extraction,
    /// The draft plan.
    pub draft: String,
}

/// Something the extraction could not make right: the draft it wrote
/// does not check, for a reason no target explains. A bug, reported.
#[derive(Debug, thiserror::Error)]
#[error("the draft extracted from {name} does not check: {message}")]
pub struct ExtractError {
    pub name: String,
    pub message: String,
}

/// Reads a document and writes its draft plan. `name` is the document's
/// name, for the draft's header and its check.
pub fn extract(src: &str, name: &str) -> Result<Extracted, ExtractError> {
    let paras = clean::paragraphs(src);
    let mut ex = layout::read(&paras);
    rules::read(src, &mut ex).map_err(|message| ExtractError {
        name: name.to_string(),
        message,
    })?;
    draft::checked(ex, name)
}
