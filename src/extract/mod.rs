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
    /// The first byte.
    pub start: usize,
    /// The byte after the last.
    pub end: usize,
}

/// Text of the document with where it stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// The text, cleaned of markup.
    pub text: String,
    /// Where it stands in the document.
    pub span: Span,
}

/// The plan period and how it was found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    /// The first year.
    pub from: u16,
    /// The last year.
    pub to: u16,
    /// In words: "the title's 三年 from the issue year 2010".
    pub basis: String,
}

/// An agency the document names in a 牵头单位 or 配合单位 line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agency {
    /// The id the draft declares it under.
    pub id: String,
    /// Exactly as the document writes it.
    pub name: String,
    /// Where it is first named.
    pub first: Span,
}

/// A section of the document (一、…).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// As written: `四`.
    pub ordinal: String,
    /// Its title.
    pub title: Quote,
    /// The paragraphs between its header and its first item.
    pub intro: Vec<Quote>,
}

/// An item ((三)…) or a part of one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The ordinal the draft writes (`九`, `3`; a part's `1`).
    pub ordinal: String,
    /// The model's id: `9`, `9.1`.
    pub id: String,
    /// Its title.
    pub title: Quote,
    /// Index into `sections`.
    pub section: Option<usize>,
    /// Index of the item this is a part of.
    pub parent: Option<usize>,
    /// Indices into `agencies`.
    pub lead: Vec<usize>,
    /// Indices into `agencies`: its 配合单位.
    pub support: Vec<usize>,
    /// Its prose, a sentence each; the title's sentence first when the
    /// title is a whole sentence with more after it.
    pub sentences: Vec<Quote>,
    /// A heading of the document between the section and this item
    /// (`(一)坚定不移做强增长引擎` over numbered items), shown as a comment.
    pub heading: Option<String>,
}

/// A proposed metric's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// A level at a point in time.
    Stock,
    /// An amount over a year.
    Flow,
    /// Something done or not.
    Milestone,
}

impl MetricKind {
    /// The keyword a plan writes.
    pub fn as_str(self) -> &'static str {
        match self {
            MetricKind::Stock => "stock",
            MetricKind::Flow => "flow",
            MetricKind::Milestone => "milestone",
        }
    }
}

/// A metric the draft proposes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Metric {
    /// Its id.
    pub id: String,
    /// Stock, flow or milestone.
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
    /// `by 2012`.
    By(u16),
    /// `by 2013..2015`.
    BySpan(u16, u16),
    /// `each year`.
    EachYear,
    /// `within 2010..2012`.
    Within(u16, u16),
    /// `in 2012`.
    In(u16),
}

/// What is measured.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The figure itself.
    Level,
    /// `growth`: on the year before.
    Growth,
    /// `average growth`.
    AverageGrowth,
    /// `annual average`.
    AnnualAverage,
    /// Since the plan's baseline, or the year given.
    Change(Option<u16>),
    /// A multiple of the year's level.
    Multiple(u16),
    /// A milestone done.
    Done,
}

/// A comparison: the model's own; drafts write `>=` (以上, 不少于, 不低于,
/// 达到), `>` (超, 突破), `<=` (以内, 不超过) or `<` (低于).
pub use crate::model::Op;

/// A value as the draft writes it: `150项`, `-10%`, `2x`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The number as written.
    pub number: rust_decimal::Decimal,
    /// The unit as the draft writes it.
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

/// What a target requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Requirement {
    /// `>= 150项`.
    Compare(Op, Value),
    /// `~ 10%` (左右).
    About(Value),
    /// `in 3..5家`.
    Between(Value, Value),
    /// `~ other growth`: 与…同步.
    AboutGrowthOf(usize),
    /// `done`.
    Done,
}

/// A target the draft writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// Index into `items`.
    pub item: usize,
    /// Index into `metrics`.
    pub metric: usize,
    /// 争取 or 力争.
    pub strive: bool,
    /// When it is judged.
    pub timing: Timing,
    /// What is measured.
    pub measure: Measure,
    /// What it requires.
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
    /// Index into `sections`, for a section's text.
    pub section: Option<usize>,
    /// The figure's clause, exactly as written.
    pub quote: Quote,
    /// The whole sentence.
    pub sentence: Span,
    /// Which sentence of its item (or section, or preamble) it is, from 0.
    pub at: usize,
    /// Why no target was written.
    pub reason: String,
}

/// Everything read from a document.
#[derive(Clone, Debug, Default)]
pub struct Extraction {
    /// The document's title.
    pub title: Option<Quote>,
    /// Index into `agencies`: the issuing body.
    pub issued_by: Option<usize>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub issued_on: Option<String>,
    /// The plan period, when found.
    pub period: Option<Period>,
    /// Every agency, in the order first named.
    pub agencies: Vec<Agency>,
    /// Sections, in order.
    pub sections: Vec<Section>,
    /// Items and parts, in order.
    pub items: Vec<Item>,
    /// Metrics proposed.
    pub metrics: Vec<Metric>,
    /// Targets drafted.
    pub targets: Vec<Target>,
    /// Figures no rule read, kept as comments.
    pub todos: Vec<Todo>,
    /// Units the draft declares: (name, dimension).
    pub units: Vec<(String, String)>,
    /// Preamble and other text outside any section, shown as comments.
    pub preamble: Vec<Quote>,
}

impl Extraction {
    /// The plan period; 2000..2000 when the document gives none, so that
    /// the draft still checks (its `period` line then carries a TODO to set
    /// it).
    pub fn period(&self) -> (u16, u16) {
        self.period
            .as_ref()
            .map_or((2000, 2000), |p| (p.from, p.to))
    }
}

/// The outcome of [`extract`].
pub struct Extracted {
    /// What was read.
    pub extraction: Extraction,
    /// The draft plan.
    pub draft: String,
}

/// Something the extraction could not make right: the draft it wrote
/// does not check, for a reason no target explains. A bug, reported.
#[derive(Debug, thiserror::Error)]
#[error("the draft extracted from {name} does not check: {message}")]
pub struct ExtractError {
    /// The document's name.
    pub name: String,
    /// The checker's message.
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
