//! Names, units and dimensions, deadlines: everything the grammar cannot
//! see. Every check reports into one list and keeps going; the result is the
//! evaluation model, which is meaningful only when no error was reported.

#![deny(clippy::arithmetic_side_effects)]

mod classes;
mod names;
mod regional;
mod regions;
mod rules;
pub mod suggest;
mod targets;
mod timing_rules;
pub mod units;

use crate::diag::{Code, Diagnostic};
use crate::model::{self, Model, ModelSink, Period};
use crate::source::SourceFile;
use crate::span::{Span, Spanned};
use crate::syntax::ast::{Item, Plan, Year};
use classes::Classes;
use names::{Agencies, Metrics};
use regions::Regions;
use rust_decimal::Decimal;
use std::collections::HashMap;
use units::Units;

/// Default tolerance of `~` targets, in percent, when the plan sets none.
pub const DEFAULT_TOLERANCE: u32 = 10;

pub(crate) struct Ctx<'c> {
    pub file: &'c SourceFile,
    pub units: Units,
    pub agencies: Agencies,
    pub metrics: Metrics,
    pub classes: Classes,
    pub regions: Regions,
    pub period: Option<Period>,
    pub baseline: Option<u16>,
    pub tolerance: Decimal,
}

/// Checks a plan's items one at a time against its checked top level, and
/// lowers each to the model as it goes.
pub struct Checker<'c> {
    ctx: Ctx<'c>,
    /// Section numbers declared in the outline, for items to refer to.
    sections: HashMap<u32, String>,
    item_numbers: HashMap<u32, Span>,
    plan_allow: Vec<Code>,
}

impl<'c> Checker<'c> {
    /// Checks the top level (header, declarations, section titles) and
    /// returns the model's head.
    pub fn new(
        plan: &Plan<'_>,
        file: &'c SourceFile,
        diags: &mut Vec<Diagnostic>,
    ) -> (Self, model::Head) {
        let mut units = Units::prelude();
        units.declare(&plan.units, diags);
        let agencies = Agencies::declare(&plan.agencies, diags);
        let metrics = Metrics::declare(&plan.metrics, &mut units, diags);
        let classes = Classes::declare(&plan.classes, diags);
        let regions = Regions::declare(&plan.regions, diags);
        let period = period(plan, diags);
        let mut ctx = Ctx {
            file,
            units,
            agencies,
            metrics,
            classes,
            regions,
            period,
            baseline: plan.baseline.map(|b| b.node),
            tolerance: Decimal::from(DEFAULT_TOLERANCE),
        };
        if let Some(q) = &plan.tolerance {
            if let Some(p) = ctx.percent(q, diags) {
                ctx.tolerance = p.base;
            }
        }
        let issued_by = plan.issued_by.as_ref().and_then(|n| {
            let id = ctx.agencies.resolve(n, diags)?;
            ctx.agencies
                .list
                .iter()
                .find(|a| a.id == id)
                .map(|a| a.name.clone())
        });
        if let Some(d) = plan.issued_on {
            check_date(d.node, d.span, diags);
        }
        let mut numbers = HashMap::new();
        let mut sections = HashMap::new();
        let mut model_sections = Vec::new();
        for h in plan.sections.iter().filter_map(|s| s.header.as_ref()) {
            // An invalid ordinal is reported already; the section has no id.
            let Some(n) = h.number.node else { continue };
            unique(&mut numbers, n, h.number.span, "section", diags);
            let id = n.to_string();
            sections.entry(n).or_insert_with(|| id.clone());
            model_sections.push(model::Section {
                id,
                ordinal: file.slice(h.number.span).to_string(),
                title: h.title.text.to_string(),
            });
        }
        let plan_allow = allowed(&plan.allow, diags);
        let head = model::Head {
            format: model::FORMAT.to_string(),
            version: model::VERSION,
            plan: model::PlanInfo {
                title: plan.title.as_ref().map(|t| t.text.to_string()),
                source: file.name.clone(),
                period: period.unwrap_or(Period { from: 0, to: 0 }),
                baseline: ctx.baseline,
                issued_by,
                issued_on: plan.issued_on.map(|d| d.node.to_string()),
                tolerance: ctx.tolerance,
            },
            agencies: ctx.agencies.list.clone(),
            units: ctx
                .units
                .list
                .iter()
                .map(|u| model::Unit {
                    id: u.id.clone(),
                    dimension: u.dimension.clone(),
                    scale: u.scale,
                    classifier: u.classifier,
                })
                .collect(),
            metrics: ctx.metrics.list.iter().map(|m| m.model.clone()).collect(),
            classes: ctx.classes.list.clone(),
            regions: ctx.regions.list.clone(),
            sections: model_sections,
        };
        let checker = Checker {
            ctx,
            sections,
            item_numbers: HashMap::new(),
            plan_allow,
        };
        (checker, head)
    }

    /// Checks one top-level item (and its parts) and hands its model form
    /// to `sink`.
    pub fn item(
        &mut self,
        section: Option<u32>,
        item: &Item<'_>,
        sink: &mut dyn ModelSink,
        diags: &mut Vec<Diagnostic>,
    ) {
        let h = &item.header;
        if let Some(n) = h.number.node {
            unique(&mut self.item_numbers, n, h.number.span, "item", diags);
        }
        let section = section
            .and_then(|n| self.sections.get(&n))
            .map(String::as_str);
        let first = diags.len();
        lower_item(&self.ctx, item, section, None, None, sink, diags);
        self.allow_plan_wide(diags, first);
    }

    fn allow_plan_wide(&self, diags: &mut Vec<Diagnostic>, from: usize) {
        if self.plan_allow.is_empty() {
            return;
        }
        let later = diags.split_off(from.min(diags.len()));
        diags.extend(
            later
                .into_iter()
                .filter(|d| !self.plan_allow.contains(&d.code)),
        );
    }

    /// Applies the plan-wide `allow` to what the top level reported; items
    /// apply it as they are checked.
    pub fn finish(&self, diags: &mut Vec<Diagnostic>) {
        self.allow_plan_wide(diags, 0);
    }
}

/// Checks a whole parsed plan and lowers it to the model in memory.
pub fn check(plan: &Plan<'_>, file: &SourceFile, diags: &mut Vec<Diagnostic>) -> Model {
    let (mut checker, head) = Checker::new(plan, file, diags);
    let mut body = model::Collect::default();
    checker.finish(diags);
    for section in &plan.sections {
        let n = section.header.as_ref().and_then(|h| h.number.node);
        for item in &section.items {
            checker.item(n, item, &mut body, diags);
        }
    }
    Model::from_parts(head, body)
}

fn period(plan: &Plan<'_>, diags: &mut Vec<Diagnostic>) -> Option<Period> {
    let Some((from, to)) = plan.period else {
        if plan.period_unparsed {
            return None; // its syntax error says what is wrong
        }
        let at = plan.title.as_ref().map(|t| t.span);
        let mut d = Diagnostic::new(Code::MissingPeriod, "the plan has no `period`")
            .help("add the years the plan covers to its header, e.g. `period 2010..2012`");
        if let Some(s) = at {
            d = d.label(s, "this plan needs a period");
        }
        diags.push(d);
        return None;
    };
    if let Some(d) = backwards(from, to, "period ") {
        diags.push(d);
        return None;
    }
    Some(Period {
        from: from.node,
        to: to.node,
    })
}

fn unique(
    seen: &mut HashMap<u32, Span>,
    n: u32,
    span: Span,
    what: &str,
    diags: &mut Vec<Diagnostic>,
) {
    if let Some(&first) = seen.get(&n) {
        diags.push(
            Diagnostic::new(
                Code::DuplicateNumber,
                format!("{what} {n} is numbered twice"),
            )
            .label(span, "same number again")
            .label(first, "first used here")
            .help(format!(
                "each {what} has its own number; renumber one of them"
            )),
        );
    } else {
        seen.insert(n, span);
    }
}

fn lower_item(
    ctx: &Ctx<'_>,
    item: &Item<'_>,
    section: Option<&str>,
    parent: Option<&str>,
    parent_class: Option<&model::Class>,
    sink: &mut dyn ModelSink,
    diags: &mut Vec<Diagnostic>,
) {
    // An invalid ordinal is reported already: the id only has to be unique
    // enough for the rest of the checks, and no model is written.
    let n = item
        .header
        .number
        .node
        .map_or_else(|| "?".to_string(), |n| n.to_string());
    let id = match parent {
        Some(p) => format!("{p}.{n}"),
        None => n.to_string(),
    };
    let lead: Vec<String> = item
        .lead
        .iter()
        .filter_map(|a| ctx.agencies.resolve(a, diags))
        .collect();
    let support: Vec<String> = item
        .support
        .iter()
        .filter_map(|a| ctx.agencies.resolve(a, diags))
        .collect();
    if item.lead.is_empty() && !item.unparsed {
        if let Some(t) = item.targets.iter().find(|t| t.lead.is_empty()) {
            let what = if parent.is_some() { "part" } else { "item" };
            diags.push(
                Diagnostic::new(
                    Code::NoLead,
                    format!("{what} {id} has targets but no lead agency"),
                )
                .label(
                    item.header.number.span.to(item.header.title.span),
                    format!("this {what} has no `lead`"),
                )
                .label(t.span, "target without a lead")
                .help("name the responsible agency in the block: `lead 市经贸委`"),
            );
        }
    }
    let class = item_class(ctx, item, &id, parent.is_some(), diags).or(parent_class);
    let parent_facts = targets::Parent {
        item: &id,
        lead: &lead,
        support: &support,
        class,
    };
    let first_diag = diags.len();
    let allow = allowed(&item.allow, diags);
    // The item lists exactly the targets handed to the sink: a target
    // that fails to lower has an error, so no model is written anyway.
    let mut target_ids = Vec::with_capacity(item.targets.len());
    for (n, t) in (1u32..).zip(&item.targets) {
        let tid = format!("{id}-{n}");
        // A target in each region, or with quotas, is one model target per
        // region it is judged in.
        for mt in regional::lower(ctx, t, tid, &parent_facts, diags) {
            target_ids.push(mt.id.clone());
            sink.target(mt);
        }
    }
    let pos = ctx.file.line_col(item.header.number.span.start as usize);
    sink.item(model::Item {
        id: id.clone(),
        ordinal: ctx.file.slice(item.header.number.span).to_string(),
        title: item.header.title.text.to_string(),
        section: section.map(str::to_string),
        parent: parent.map(str::to_string),
        lead,
        support,
        text: item.text.iter().map(|t| t.text.to_string()).collect(),
        class: class.map(|c| c.id.clone()),
        targets: target_ids,
        source: model::Position {
            line: pos.line,
            column: pos.column,
        },
    });
    let mut part_ids = HashMap::new();
    for part in &item.parts {
        if let Some(n) = part.header.number.node {
            unique(&mut part_ids, n, part.header.number.span, "part", diags);
        }
        lower_item(ctx, part, section, Some(&id), class, sink, diags);
    }
    if !allow.is_empty() {
        let later = diags.split_off(first_diag.min(diags.len()));
        diags.extend(later.into_iter().filter(|d| !allow.contains(&d.code)));
    }
}

/// The class an item's own `class` statement gives it; a second `class`
/// in the same block is reported (E0106).
fn item_class<'c>(
    ctx: &'c Ctx<'_>,
    item: &Item<'_>,
    id: &str,
    is_part: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<&'c model::Class> {
    let (first, again) = item.class.split_first()?;
    if let Some(second) = again.first() {
        let what = if is_part { "part" } else { "item" };
        diags.push(
            Diagnostic::new(
                Code::RepeatedHeader,
                format!("{what} {id} is given a class twice"),
            )
            .label(second.span, "given again here")
            .label(first.span, "first given here")
            .help(format!(
                "an {what} has one class, which its targets share; keep one `class`, or move the targets of the other class into a `part` with its own `class`"
            )),
        );
    }
    ctx.classes.resolve(first, diags)
}

/// The warning codes an `allow` statement names; anything else is reported.
fn allowed(codes: &[Spanned<&str>], diags: &mut Vec<Diagnostic>) -> Vec<Code> {
    let mut out = Vec::new();
    for c in codes {
        match Code::parse(c.node) {
            Some(code) if is_plan_warning(code) => out.push(code),
            found => {
                let what = match found {
                    Some(Code::DataEncoding) => {
                        "about data files (`eval --encoding` names a file's encoding)"
                    }
                    Some(_) => "an error",
                    None => "not a planc code",
                };
                diags.push(
                    Diagnostic::new(
                        Code::BadAllow,
                        format!("`{}` cannot be allowed: it is {what}", c.node),
                    )
                    .label(c.span, what)
                    .help(format!(
                        "only warnings ({}) can be allowed; errors must be fixed",
                        warning_codes()
                    )),
                );
            }
        }
    }
    out
}

/// A warning about a plan's text, which `allow` can silence; W0005 is
/// about data files, which a plan does not read.
fn is_plan_warning(code: Code) -> bool {
    code.severity() == crate::diag::Severity::Warning && code != Code::DataEncoding
}

/// Every warning code `allow` takes, for help text: `W0001, W0002, …`.
fn warning_codes() -> String {
    Code::ALL
        .iter()
        .copied()
        .filter(|&c| is_plan_warning(c))
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, with a real month and day.
fn check_date(text: &str, span: Span, diags: &mut Vec<Diagnostic>) {
    let parts: Vec<u32> = text.split('-').filter_map(|p| p.parse().ok()).collect();
    let ok = match parts.as_slice() {
        [_] => true,
        [_, m] => (1..=12).contains(m),
        [y, m, d] => (1..=12).contains(m) && *d >= 1 && *d <= days_in_month(*y, *m),
        _ => false,
    };
    if !ok {
        diags.push(
            Diagnostic::new(Code::BadDate, format!("`{text}` is not a date"))
                .label(span, "no such month or day")
                .help("write YYYY, YYYY-MM or YYYY-MM-DD, e.g. `2010-06-30`"),
        );
    }
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// E0306 for a year range whose first year is after its last. `what`
/// names it (`period `, `year range `); the help repeats it only for the
/// `period` statement, where it is part of the fix.
pub(crate) fn backwards(first: Year, last: Year, what: &str) -> Option<Diagnostic> {
    let fix = if what == "period " { what } else { "" };
    (first.node > last.node).then(|| {
        Diagnostic::new(
            Code::YearRange,
            format!("{what}{}..{} runs backwards", first.node, last.node),
        )
        .label(first.span.to(last.span), "first year is after the last")
        .help(format!("write `{fix}{}..{}`", last.node, first.node))
    })
}
