//! `--format json`: the evaluation as one JSON document, described in
//! `docs/eval-json.md` and `schema/eval.schema.json`.
//!
//! Stable: fields are only ever added, and `version` is bumped on any
//! other change. Decimals are exact JSON numbers.

use super::{by_agency, text};
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
    as_of: u16,
    summary: &'a Summary,
    /// Present when the plan declares classes.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    classes: &'a [ClassSummary],
    /// Present when `--fail-on` restricts the exit gate.
    #[serde(skip_serializing_if = "Option::is_none")]
    gate: Option<&'a Gate>,
    results: &'a [TargetResult],
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

#[derive(Serialize)]
struct ItemEntry<'a> {
    id: &'a str,
    title: &'a str,
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
pub fn render(eval: &Evaluation, model: &Model) -> String {
    let names = text::AgencyNames::new(model);
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
        as_of: eval.as_of,
        summary: &eval.summary,
        classes: &eval.classes,
        gate: eval.gate.as_ref(),
        results: &eval.results,
        items: model
            .items
            .iter()
            .map(|i| ItemEntry {
                id: &i.id,
                title: &i.title,
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
