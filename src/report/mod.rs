//! Rendering an evaluation: a terminal table, JSON, Markdown or JUnit XML,
//! by section and item or by agency.
//!
//! Every format shows the same results; only the layout differs.

pub mod json;
mod junit;
mod markdown;
mod table;
pub mod text;

use crate::eval::{Evaluation, TargetResult};
use crate::model::{Agency, Item, Model, Section, Target};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Markdown,
    Junit,
}

#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    /// ANSI colour in the table (the CLI decides: a terminal, no NO_COLOR).
    pub color: bool,
    /// Group by agency instead of by section and item.
    pub by_agency: bool,
}

pub fn render(eval: &Evaluation, model: &Model, format: Format, opts: Options) -> String {
    match format {
        Format::Table => table::render(eval, model, opts),
        Format::Json => json::render(eval, model),
        Format::Markdown => markdown::render(eval, model, opts),
        Format::Junit => junit::render(eval, model),
    }
}

/// One target with its result.
pub type Row<'a> = (&'a Target, &'a TargetResult);

/// The targets of one item.
pub struct ItemGroup<'a> {
    pub item: &'a Item,
    pub rows: Vec<Row<'a>>,
}

/// The items of one section (`None`: items outside any section).
pub struct SectionGroup<'a> {
    pub section: Option<&'a Section>,
    pub items: Vec<ItemGroup<'a>>,
}

/// Results by section and item, in document order; items and sections
/// without targets are left out.
pub fn by_section<'a>(eval: &'a Evaluation, model: &'a Model) -> Vec<SectionGroup<'a>> {
    let rows: Vec<Row> = model.targets.iter().zip(&eval.results).collect();
    let item_rows = |item: &'a Item| -> ItemGroup<'a> {
        ItemGroup {
            item,
            rows: rows
                .iter()
                .copied()
                .filter(|(t, _)| t.item == item.id)
                .collect(),
        }
    };
    // The section eval found for the item's targets (through a part's parent).
    let section_of = |item: &Item| -> Option<&str> {
        eval.results
            .iter()
            .find(|r| r.item == item.id)?
            .section
            .as_deref()
    };
    let sections = model.sections.iter().map(Some).chain(std::iter::once(None));
    sections
        .map(|section| SectionGroup {
            section,
            items: model
                .items
                .iter()
                .filter(|i| section_of(i) == section.map(|s| s.id.as_str()))
                .map(item_rows)
                .filter(|g| !g.rows.is_empty())
                .collect(),
        })
        .filter(|g| !g.items.is_empty())
        .collect()
}

/// The targets one agency leads and supports.
pub struct AgencyGroup<'a> {
    pub agency: &'a Agency,
    pub leads: Vec<Row<'a>>,
    pub supports: Vec<Row<'a>>,
}

/// Results by agency, in the model's agency order; agencies with no
/// target are left out.
pub fn by_agency<'a>(eval: &'a Evaluation, model: &'a Model) -> Vec<AgencyGroup<'a>> {
    let rows: Vec<Row> = model.targets.iter().zip(&eval.results).collect();
    model
        .agencies
        .iter()
        .map(|agency| AgencyGroup {
            agency,
            leads: rows
                .iter()
                .copied()
                .filter(|(t, _)| t.lead.contains(&agency.id))
                .collect(),
            supports: rows
                .iter()
                .copied()
                .filter(|(t, _)| t.support.contains(&agency.id))
                .collect(),
        })
        .filter(|g| !g.leads.is_empty() || !g.supports.is_empty())
        .collect()
}

/// `(三) title` → `三 title`: an item's heading.
pub fn item_heading(item: &Item) -> String {
    format!("({}) {}", item.id, item.title)
}

pub fn section_heading(section: Option<&Section>) -> String {
    section.map_or_else(
        || "Other items".to_string(),
        |s| format!("{} {}", s.id, s.title),
    )
}
