//! Rendering an evaluation: a terminal table, JSON, Markdown, JUnit XML or
//! an HTML page, by section and item or by agency.
//!
//! Every format shows the same results; only the layout differs.

pub mod html;
pub mod json;
mod junit;
pub mod lang;
mod markdown;
mod table;
pub mod text;

use crate::eval::{Evaluation, TargetResult};
use crate::model::{Agency, Item, Model, Region, Section, Target};
use lang::Catalogue;
use std::collections::HashMap;

/// A report format of `planc eval`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// A table for the terminal.
    Table,
    /// JSON (docs/eval-json.md).
    Json,
    /// Markdown tables.
    Markdown,
    /// JUnit XML.
    Junit,
    /// A self-contained HTML page (`planc report --html`).
    Html,
}

/// How `--format markdown` lays the results out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MarkdownLayout {
    /// A heading a section and a table an item (or an agency).
    #[default]
    Sections,
    /// One table for the whole plan, with the section and item on every
    /// row (or the agency, by agency).
    Table,
}

/// How to render a report.
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// ANSI colour in the table (the CLI decides: a terminal, no NO_COLOR).
    pub color: bool,
    /// Group by agency instead of by section and item.
    pub by_agency: bool,
    /// Group by region: the plan-wide targets, then each declared region's.
    pub by_region: bool,
    /// The widest the table may be, in display columns (CJK characters
    /// count two); `None` for no limit.
    pub width: Option<usize>,
    /// How `--format markdown` lays the results out.
    pub markdown: MarkdownLayout,
}

/// Renders in English; [`render_in`] renders in any catalogue's language.
pub fn render(eval: &Evaluation, model: &Model, format: Format, opts: Options) -> String {
    render_in(eval, model, format, opts, &Catalogue::english())
}

/// Renders in the language of `cat`.
pub fn render_in(
    eval: &Evaluation,
    model: &Model,
    format: Format,
    opts: Options,
    cat: &Catalogue,
) -> String {
    let words = text::Words::new(cat, model);
    match format {
        Format::Table => table::render(eval, model, opts, &words),
        Format::Json => json::render(eval, model, &words),
        Format::Markdown => markdown::render(eval, model, opts, &words),
        Format::Junit => junit::render(eval, model, opts, &words),
        Format::Html => html::render_in(eval, model, &words),
    }
}

/// One target with its result.
pub type Row<'a> = (&'a Target, &'a TargetResult);

/// The targets of one item.
pub struct ItemGroup<'a> {
    /// The item.
    pub item: &'a Item,
    /// Its targets' rows, in order.
    pub rows: Vec<Row<'a>>,
}

/// The items of one section (`None`: items outside any section).
pub struct SectionGroup<'a> {
    /// The section.
    pub section: Option<&'a Section>,
    /// Its items, in order.
    pub items: Vec<ItemGroup<'a>>,
}

/// Results by section and item, in document order. Every item is listed,
/// so nothing in a plan drops out of a report: an item without targets of
/// its own has no rows (the reports show it as "no target"), except an
/// item whose parts carry its targets, which its parts stand for.
///
/// Linear in the model: targets are grouped by item and items by section
/// once, in hash maps, instead of scanning every target for every item.
pub fn by_section<'a>(eval: &'a Evaluation, model: &'a Model) -> Vec<SectionGroup<'a>> {
    let mut rows_of: HashMap<&str, Vec<Row<'a>>> = HashMap::new();
    for row in model.targets.iter().zip(&eval.results) {
        rows_of.entry(row.0.item.as_str()).or_default().push(row);
    }
    let mut has_parts: HashMap<&str, bool> = HashMap::new();
    let mut own_section: HashMap<&str, Option<&str>> = HashMap::new();
    for item in &model.items {
        own_section.insert(item.id.as_str(), item.section.as_deref());
        if let Some(p) = &item.parent {
            has_parts.insert(p.as_str(), true);
        }
    }
    let mut items_of: HashMap<Option<&str>, Vec<&'a Item>> = HashMap::new();
    for item in &model.items {
        let targets = rows_of.contains_key(item.id.as_str());
        if !targets && has_parts.contains_key(item.id.as_str()) {
            continue;
        }
        // A part stands in its parent's section.
        let section = item.section.as_deref().or_else(|| {
            item.parent
                .as_deref()
                .and_then(|p| own_section.get(p).copied().flatten())
        });
        items_of.entry(section).or_default().push(item);
    }
    let sections = model.sections.iter().map(Some).chain(std::iter::once(None));
    sections
        .filter_map(|section| {
            let items = items_of.get(&section.map(|s| s.id.as_str()))?;
            Some(SectionGroup {
                section,
                items: items
                    .iter()
                    .map(|&item| ItemGroup {
                        item,
                        rows: rows_of.get(item.id.as_str()).cloned().unwrap_or_default(),
                    })
                    .collect(),
            })
        })
        .collect()
}

/// Items listed without targets: every item but those whose parts carry
/// their targets.
pub fn untargeted<'a>(groups: &[SectionGroup<'a>]) -> Vec<&'a Item> {
    groups
        .iter()
        .flat_map(|g| g.items.iter())
        .filter(|i| i.rows.is_empty())
        .map(|i| i.item)
        .collect()
}

/// The targets one agency leads and supports.
pub struct AgencyGroup<'a> {
    /// The agency.
    pub agency: &'a Agency,
    /// The targets it leads.
    pub leads: Vec<Row<'a>>,
    /// The targets it supports.
    pub supports: Vec<Row<'a>>,
    /// Items without targets (text only) that the agency leads or
    /// supports, so they are listed in this view too.
    pub untargeted: Vec<&'a Item>,
}

/// Results by agency, in the model's agency order, with the items without
/// targets each leads or supports; agencies with neither are left out.
///
/// Linear in the model: each target is filed under its leads and
/// supporters once, instead of every target being scanned for every agency.
pub fn by_agency<'a>(eval: &'a Evaluation, model: &'a Model) -> Vec<AgencyGroup<'a>> {
    // Row indices per agency id; a target naming an agency twice is filed once.
    let mut leads: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut supports: HashMap<&str, Vec<usize>> = HashMap::new();
    let rows: Vec<Row> = model.targets.iter().zip(&eval.results).collect();
    let file = |map: &mut HashMap<&'a str, Vec<usize>>, id: &'a str, i: usize| {
        let list = map.entry(id).or_default();
        if list.last() != Some(&i) {
            list.push(i);
        }
    };
    for (i, (t, _)) in rows.iter().enumerate() {
        for id in &t.lead {
            file(&mut leads, id, i);
        }
        for id in &t.support {
            file(&mut supports, id, i);
        }
    }
    let pick = |map: &HashMap<&str, Vec<usize>>, id: &str| -> Vec<Row<'a>> {
        map.get(id)
            .map(|ix| ix.iter().filter_map(|&i| rows.get(i).copied()).collect())
            .unwrap_or_default()
    };
    let groups = by_section(eval, model);
    let bare = untargeted(&groups);
    let mut bare_of: HashMap<&str, Vec<&'a Item>> = HashMap::new();
    for item in bare {
        let mut ids: Vec<&str> = item
            .lead
            .iter()
            .chain(&item.support)
            .map(String::as_str)
            .collect();
        ids.dedup();
        for id in ids {
            let list = bare_of.entry(id).or_default();
            if !list.iter().any(|i| std::ptr::eq(*i, item)) {
                list.push(item);
            }
        }
    }
    model
        .agencies
        .iter()
        .map(|agency| AgencyGroup {
            agency,
            leads: pick(&leads, &agency.id),
            supports: pick(&supports, &agency.id),
            untargeted: bare_of.get(agency.id.as_str()).cloned().unwrap_or_default(),
        })
        .filter(|g| !g.leads.is_empty() || !g.supports.is_empty() || !g.untargeted.is_empty())
        .collect()
}

/// The targets judged in one region (`None`: plan-wide).
pub struct RegionGroup<'a> {
    /// The region; `None`: the plan-wide targets.
    pub region: Option<&'a Region>,
    /// Its targets, in the plan's order.
    pub rows: Vec<Row<'a>>,
}

/// Results by region: the plan-wide targets first (when there are any),
/// then every declared region in declaration order, each with the targets
/// judged on its figures (quotas, its own targets, its part of an `in each
/// region` target). A region without any is listed with none.
pub fn by_region<'a>(eval: &'a Evaluation, model: &'a Model) -> Vec<RegionGroup<'a>> {
    let mut rows_of: HashMap<Option<&str>, Vec<Row<'a>>> = HashMap::new();
    for row in model.targets.iter().zip(&eval.results) {
        rows_of.entry(row.0.region()).or_default().push(row);
    }
    let whole = rows_of
        .remove(&None)
        .map(|rows| RegionGroup { region: None, rows });
    whole
        .into_iter()
        .chain(model.regions.iter().map(|r| RegionGroup {
            region: Some(r),
            rows: rows_of.remove(&Some(r.id.as_str())).unwrap_or_default(),
        }))
        .collect()
}
