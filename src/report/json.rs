//! `--format json`: the evaluation as one JSON document, described in
//! `docs/eval-json.md` and `schema/eval.schema.json`.
//!
//! Stable: fields are only ever added, and `version` is bumped on any
//! other change. Decimals are exact JSON numbers.

use super::by_agency;
use super::lang::Catalogue;
use super::text::{self, status_word, Words};
use crate::eval::{ClassSummary, Evaluation, Gate, Status, Summary, TargetResult};
use crate::model::Model;
use serde::Serialize;

/// The `format` of `eval --format json`: `planc-eval`.
pub const FORMAT: &str = "planc-eval";
/// Its version (docs/eval-json.md).
pub const VERSION: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: &'static str,
    version: u32,
    plan: Plan<'a>,
    /// The language of `labels` and of each result's `label` and `text`
    /// (`--lang`); every other field is the same in every language.
    lang: &'a str,
    /// Each status's word in `lang`, by status code.
    labels: Labels<'a>,
    as_of: u16,
    summary: &'a Summary,
    /// Present when the plan declares classes.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    classes: &'a [ClassSummary],
    /// Present when `--fail-on` restricts the exit gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    gate: Option<&'a Gate>,
    results: Vec<ResultEntry<'a>>,
    /// The plan's sections, in document order.
    sections: Vec<SectionEntry<'a>>,
    /// Every item, in document order, with its targets' ids: an item
    /// without targets is listed with none, so nothing drops out.
    items: Vec<ItemEntry<'a>>,
    agencies: Vec<AgencyEntry<'a>>,
    /// Present when the plan declares regions: each region with the
    /// targets judged on its figures.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    regions: Vec<RegionEntry<'a>>,
}

#[derive(Serialize)]
struct RegionEntry<'a> {
    id: &'a str,
    /// The region it is part of.
    parent: Option<&'a str>,
    targets: Vec<Ref<'a>>,
}

/// Each status's word, by its code.
#[derive(Serialize)]
struct Labels<'a> {
    met: &'a str,
    missed: &'a str,
    on_track: &'a str,
    behind: &'a str,
    pending: &'a str,
    no_data: &'a str,
    unassessed: &'a str,
}

/// One target's result, with what reports show of it.
#[derive(Serialize)]
struct ResultEntry<'a> {
    #[serde(flatten)]
    result: &'a TargetResult,
    /// The reasons in English, one sentence (as in version 1 before
    /// `reasons` and `text` were added; parse `reasons` instead).
    reason: Option<String>,
    /// The status in `lang`, a strive target missed or behind marked.
    label: String,
    /// The document's words for the target.
    quote: Option<&'a str>,
    /// What the human-readable reports show, in `lang`.
    text: Shown,
}

#[derive(Serialize)]
struct Shown {
    required: String,
    due: String,
    actual: String,
    /// The reasons, or where the expected path stands, and a commitment's
    /// evidence.
    note: Option<String>,
}

#[derive(Serialize)]
struct SectionEntry<'a> {
    id: &'a str,
    /// The ordinal as the plan writes it: `一`.
    ordinal: &'a str,
    title: &'a str,
    /// The heading in `lang`: `1 title`, `一、title`.
    heading: String,
}

#[derive(Serialize)]
struct ItemEntry<'a> {
    id: &'a str,
    /// The ordinal as the plan writes it: `三`, or a part's own `1`.
    ordinal: &'a str,
    title: &'a str,
    /// The heading in `lang`: `(3) title`, `(三) title`.
    heading: String,
    section: Option<&'a str>,
    parent: Option<&'a str>,
    lead: &'a [String],
    support: &'a [String],
    targets: &'a [String],
    /// The item's `text` statements.
    text: &'a [String],
}

#[derive(Serialize)]
struct Plan<'a> {
    title: Option<&'a str>,
    source: &'a str,
}

#[derive(Serialize)]
struct AgencyEntry<'a> {
    id: &'a str,
    name: &'a str,
    leads: Vec<Ref<'a>>,
    supports: Vec<Ref<'a>>,
}

#[derive(Serialize)]
struct Ref<'a> {
    target: &'a str,
    status: Status,
}

fn refs(rows: Vec<super::Row<'_>>) -> Vec<Ref<'_>> {
    rows.into_iter()
        .map(|(t, r)| Ref {
            target: &t.id,
            status: r.status,
        })
        .collect()
}

/// The results as the JSON document of docs/eval-json.md.
pub fn render(eval: &Evaluation, model: &Model, w: &Words) -> String {
    let names = text::AgencyNames::new(model);
    let cat = w.cat;
    let word = |s: Status| status_word(cat, s);
    // `reason` is English whatever the language: read the catalogue once.
    let english = Catalogue::english();
    let agencies = by_agency(eval, model)
        .into_iter()
        .map(|g| AgencyEntry {
            id: &g.agency.id,
            name: names.name(&g.agency.id),
            leads: refs(g.leads),
            supports: refs(g.supports),
        })
        .collect();
    let regions = if model.regions.is_empty() {
        Vec::new()
    } else {
        super::by_region(eval, model)
            .into_iter()
            .filter_map(|g| {
                let r = g.region?;
                Some(RegionEntry {
                    id: &r.id,
                    parent: r.parent.as_deref(),
                    targets: refs(g.rows),
                })
            })
            .collect()
    };
    let doc = Document {
        format: FORMAT,
        version: VERSION,
        plan: Plan {
            title: model.plan.title.as_deref(),
            source: &model.plan.source,
        },
        lang: cat.lang(),
        labels: Labels {
            met: word(Status::Met),
            missed: word(Status::Missed),
            on_track: word(Status::OnTrack),
            behind: word(Status::Behind),
            pending: word(Status::Pending),
            no_data: word(Status::NoData),
            unassessed: word(Status::Unassessed),
        },
        as_of: eval.as_of,
        summary: &eval.summary,
        classes: &eval.classes,
        gate: eval.gate.as_ref(),
        results: model
            .targets
            .iter()
            .zip(&eval.results)
            .map(|(t, r)| ResultEntry {
                result: r,
                reason: text::reasons(&english, r),
                label: w.status(r),
                quote: t.quote.as_deref(),
                text: Shown {
                    required: w.requirement(t, r.unit.as_deref()),
                    due: w.due(t),
                    actual: w.actual(t, r),
                    note: w.note(t, r),
                },
            })
            .collect(),
        sections: model
            .sections
            .iter()
            .map(|s| SectionEntry {
                id: &s.id,
                ordinal: &s.ordinal,
                title: &s.title,
                heading: w.section_heading(Some(s)),
            })
            .collect(),
        items: model
            .items
            .iter()
            .map(|i| ItemEntry {
                id: &i.id,
                ordinal: &i.ordinal,
                title: &i.title,
                heading: w.item_heading(i),
                section: i.section.as_deref(),
                parent: i.parent.as_deref(),
                lead: &i.lead,
                support: &i.support,
                targets: &i.targets,
                text: &i.text,
            })
            .collect(),
        agencies,
        regions,
    };
    let mut s =
        serde_json::to_string_pretty(&doc).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}
