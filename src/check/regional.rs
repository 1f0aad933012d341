//! Targets judged in regions: `by 2012 in 南湖区: …` (one region),
//! `by 2012 in each region: …` (each region without parts, on its own) and
//! the `quota` statements that break a plan-wide target down by region.
//!
//! Each becomes one model target per region it is judged in, with a
//! [`model::Scope`] saying where and of which written target: the model
//! stays one target, one place, one judgement.

use super::targets::{self, Parent};
use super::Ctx;
use crate::diag::{Code, Diagnostic, Severity};
use crate::model::{self, Op, Scope, TargetKind};
use crate::span::Span;
use crate::syntax::ast::{Condition, Operand, QuotaEntry, RegionScope, Requirement, Target};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Lowers a written target to its model targets: itself (plan-wide or in
/// one region), one per region for `in each region`, and then one per
/// quota. Every target left out has an error reported.
pub fn lower(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    id: String,
    parent: &Parent<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<model::Target> {
    let region = t.region.as_ref();
    let form_ok = region.is_none_or(|r| per_region_form(t, r.span, "judged in a region", diags));
    let scope = match region.map(|r| &r.node) {
        None => Some(None),
        Some(RegionScope::One(name)) => ctx
            .regions
            .resolve(name, diags)
            .map(|region| Some(Scope::Region { region })),
        Some(RegionScope::Each(span)) => {
            if ctx.regions.list.is_empty() {
                diags.push(
                    Diagnostic::new(
                        Code::UnknownRegion,
                        "`in each region`, but the plan declares no region",
                    )
                    .label(*span, "no region to judge in")
                    .help("declare the regions at the top of the plan: `region 嘉兴市: 南湖区, 秀洲区, 嘉善县`"),
                );
                None
            } else {
                Some(None)
            }
        }
    };
    let Some(mut written) = targets::check(ctx, t, id.clone(), parent, diags) else {
        return Vec::new();
    };
    let Some(scope) = scope else {
        return Vec::new();
    };
    if !form_ok {
        return Vec::new();
    }
    written.scope = scope;
    let each = matches!(region.map(|r| &r.node), Some(RegionScope::Each(_)));
    let mut out = Vec::new();
    if each {
        for leaf in ctx.regions.leaves() {
            let mut one = written.clone();
            one.id = format!("{id}@{leaf}");
            one.scope = Some(Scope::EachRegion {
                region: leaf.to_string(),
                of: id.clone(),
            });
            out.push(one);
        }
    }
    let parts = if t.quotas.is_empty() {
        Vec::new()
    } else {
        quotas(ctx, t, &written, parent, diags)
    };
    if !each {
        out.push(written);
    }
    out.extend(parts);
    out
}

/// E0308 for a target that cannot be judged per region: a milestone, a
/// commitment or a value set each year, all plan-wide in the data.
fn per_region_form(t: &Target<'_>, at: Span, how: &str, diags: &mut Vec<Diagnostic>) -> bool {
    let what = match &t.condition.node {
        Condition::Done => "a milestone",
        Condition::Assessed => "a commitment",
        Condition::Measured {
            requirement: Requirement::Set { .. },
            ..
        } => "a value set each year",
        Condition::Measured { .. } => return true,
    };
    diags.push(
        Diagnostic::new(
            Code::RegionalForm,
            format!("{what} cannot be {how}"),
        )
        .label(at, "regional")
        .label(t.condition.span, what)
        .help("its data is plan-wide (a region's row says nothing of the whole plan); write a plan-wide target, or a figure per region (`metric …: stock 个`) judged in each region"),
    );
    false
}

/// The targets a target's `quota` statements give, one per region.
fn quotas(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    whole: &model::Target,
    parent: &Parent<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Vec<model::Target> {
    let first = t.quotas.first().map_or(t.span, |q| q.span);
    if let Some(r) = &t.region {
        diags.push(
            Diagnostic::new(
                Code::RegionalForm,
                "a quota breaks down a plan-wide target, and this one is already regional",
            )
            .label(first, "quota")
            .label(r.span, "regional target")
            .help("write the quotas under the plan-wide target, or give each region its own target: `by 2012 in 南湖区: …`"),
        );
        return Vec::new();
    }
    if !per_region_form(t, first, "broken down into quotas", diags) {
        return Vec::new();
    }
    if !has_single_value(t) {
        diags.push(
            Diagnostic::new(
                Code::RegionalForm,
                "a quota replaces the target's value, and this target has no one value",
            )
            .label(first, "quota")
            .label(t.condition.span, "no single value")
            .help("quotas break down a target of one value (`>= 150项`, `~ 30`); a range, a relation or a mean cannot be split by region"),
        );
        return Vec::new();
    }
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut out = Vec::new();
    let entries: Vec<&QuotaEntry<'_>> = t.quotas.iter().flat_map(|q| q.node.iter()).collect();
    for &e in &entries {
        let Some(region) = ctx.regions.resolve(&e.region, diags) else {
            continue;
        };
        if let Some(&before) = seen.get(&region) {
            diags.push(
                Diagnostic::new(
                    Code::Duplicate,
                    format!("the quota of `{region}` is given twice"),
                )
                .label(e.region.span, "given again here")
                .label(before, "first given here")
                .help("a region has one quota under a target; keep one"),
            );
            continue;
        }
        seen.insert(region.clone(), e.region.span);
        if let Some(mut q) = quota(ctx, t, e, parent, whole, diags) {
            q.id = format!("{}@{region}", whole.id);
            q.scope = Some(Scope::Quota {
                region,
                of: whole.id.clone(),
            });
            out.push(q);
        }
    }
    // Only a complete set of quotas is added up.
    if out.len() == entries.len() {
        sum_check(ctx, whole, &out, first, diags);
    }
    out
}

/// Whether the target has one value for a quota to replace.
fn has_single_value(t: &Target<'_>) -> bool {
    matches!(
        &t.condition.node,
        Condition::Measured {
            requirement: Requirement::Compare {
                value: Operand::Quantity(_),
                ..
            } | Requirement::About {
                value: Operand::Quantity(_),
                ..
            },
            ..
        }
    )
}

/// One quota: the written target with the quota's value in place of its
/// own, lowered as the target is. Only what the quota's value gives rise
/// to is reported; the rest was reported of the target itself.
fn quota(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    e: &QuotaEntry<'_>,
    parent: &Parent<'_>,
    whole: &model::Target,
    diags: &mut Vec<Diagnostic>,
) -> Option<model::Target> {
    let mut copy = t.clone();
    copy.quotas.clear();
    copy.region = None;
    if let Condition::Measured { requirement, .. } = &mut copy.condition.node {
        match requirement {
            Requirement::Compare { value, .. } | Requirement::About { value, .. } => {
                // Diagnostics of the value point at the quota.
                *value = Operand::Quantity(e.value.clone());
            }
            Requirement::Set { .. } | Requirement::Between { .. } => return None,
        }
    }
    let mut scratch = Vec::new();
    let lowered = targets::check(ctx, &copy, whole.id.clone(), parent, &mut scratch);
    let mut own_error = false;
    for d in scratch {
        let at_value = d
            .labels
            .first()
            .is_some_and(|l| e.value.span.contains(l.span));
        if at_value {
            own_error |= d.severity == Severity::Error;
            diags.push(d);
        }
    }
    match lowered {
        Some(q) if !own_error => Some(q),
        Some(_) => None,
        None if own_error => None,
        None => {
            diags.push(Diagnostic::internal(
                e.value.span,
                "this quota could not be lowered to the model, and no error says why",
            ));
            None
        }
    }
}

/// W0004: the quotas of a floor on an additive level add up to less than
/// the floor (a cap's to more than the cap), so every region can meet its
/// quota while the plan misses its target. Quotas above a floor are the
/// usual margin (层层加码) and are not reported.
fn sum_check(
    ctx: &Ctx<'_>,
    whole: &model::Target,
    quotas: &[model::Target],
    at: Span,
    diags: &mut Vec<Diagnostic>,
) {
    let additive = ctx
        .metrics
        .list
        .iter()
        .find(|m| m.model.id == whole.metric)
        .and_then(|m| m.unit.as_ref())
        .is_some_and(|u| u.id != "%" && model::ADDITIVE_DIMENSIONS.contains(&u.dimension.as_str()));
    let level = matches!(
        whole.kind(),
        TargetKind::Threshold
            | TargetKind::SingleYear
            | TargetKind::EachYear
            | TargetKind::WindowTotal
            | TargetKind::AnnualAverage
    );
    let Some(model::Requirement::Compare { op, value }) = whole.condition.requirement() else {
        return;
    };
    if !additive || !level {
        return;
    }
    let mut sum = Decimal::ZERO;
    for q in quotas {
        let Some(model::Requirement::Compare { value: v, .. }) = q.condition.requirement() else {
            return;
        };
        let Some(s) = sum.checked_add(v.base) else {
            return;
        };
        sum = s;
    }
    let (short, word, mend) = match op {
        Op::Ge | Op::Gt => (sum < value.base, "less than the floor", "raise the quotas"),
        Op::Le | Op::Lt => (sum > value.base, "more than the cap", "lower the quotas"),
        Op::Eq => (
            sum != value.base,
            "not the value",
            "make the quotas add up to it",
        ),
    };
    if !short {
        return;
    }
    let scale = value.scale;
    let shown = |base: Decimal| {
        base.checked_div(scale)
            .map_or_else(|| base.to_string(), |d| d.normalize().to_string())
    };
    let unit = value
        .unit
        .clone()
        .or_else(|| {
            ctx.metrics
                .list
                .iter()
                .find(|m| m.model.id == whole.metric)
                .and_then(|m| m.model.unit.clone())
        })
        .unwrap_or_default();
    diags.push(
        Diagnostic::new(
            Code::QuotaSum,
            format!(
                "the {} add up to {}{unit}, {word} {}{unit} of target {}",
                match quotas.len() {
                    1 => "1 quota".to_string(),
                    n => format!("{n} quotas"),
                },
                shown(sum),
                shown(value.base),
                whole.id
            ),
        )
        .label(at, "quotas")
        .help(format!("every region could meet its quota and the plan still miss its target; {mend}, or `allow W0004` in the item if the rest is expected from regions without a quota")),
    );
}

/// Spans: whether one lies within another.
trait Contains {
    fn contains(self, inner: Span) -> bool;
}

impl Contains for Span {
    fn contains(self, inner: Span) -> bool {
        self.start <= inner.start && inner.end <= self.end
    }
}
