//! Checking one target and lowering it to its model form.
//!
//! Resolving a quantity and normalising it to the metric's unit are the same
//! computation, so checking and lowering happen in one pass here.

use super::names::MetricInfo;
use super::rules::{self, Form, TimingForm};
use super::units::{UnitInfo, RATIO};
use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{self, Condition as Cond, Op, Quantity as Q, TargetKind, Tolerance, Window};
use crate::span::Spanned;
use crate::syntax::ast::{Cmp, Condition, Quantity, Strength, Target, Timing, Year};

/// The item-level facts a target inherits.
pub struct Parent<'p> {
    pub item: &'p str,
    pub lead: &'p [String],
    pub support: &'p [String],
}

/// Checks one target and lowers it. Returns `None` only with an error
/// reported: a target never leaves the model silently.
pub fn check(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    id: String,
    parent: &Parent<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<model::Target> {
    let lowered = lower(ctx, t, id, parent, diags);
    if lowered.is_none() && !crate::diag::has_errors(diags) {
        diags.push(Diagnostic::internal(
            t.span,
            "this target could not be lowered to the model, and no error says why",
        ));
    }
    lowered
}

fn lower(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    id: String,
    parent: &Parent<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<model::Target> {
    let metric = ctx.metrics.resolve(&t.metric, diags);
    let lead: Vec<String> = t
        .lead
        .iter()
        .filter_map(|n| ctx.agencies.resolve(n, diags))
        .collect();
    let when = timing(ctx, &t.timing, diags)?;
    super::timing_rules::check(t, diags)?;
    let metric = metric?;
    let condition = condition(ctx, t, metric, &when, diags)?;
    let window = match condition.since() {
        Some(b) => Window {
            from: b,
            to: when.deadline,
        },
        None => when.window,
    };
    let pos = ctx.file.line_col(t.span.start as usize);
    Some(model::Target {
        id,
        item: parent.item.to_string(),
        metric: metric.model.id.clone(),
        condition,
        deadline: when.deadline,
        deadline_earliest: when.earliest,
        window,
        strength: match t.strength.map(|s| s.node) {
            Some(Strength::Strive) => model::Strength::Strive,
            _ => model::Strength::Firm,
        },
        lead: if t.lead.is_empty() {
            parent.lead.to_vec()
        } else {
            lead
        },
        support: parent.support.to_vec(),
        quote: t.quote.as_ref().map(|q| q.text.to_string()),
        source: model::Position {
            line: pos.line,
            column: pos.column,
        },
    })
}

struct When {
    deadline: u16,
    earliest: Option<u16>,
    window: Window,
    form: TimingForm,
}

fn timing(ctx: &Ctx<'_>, t: &Spanned<Timing>, diags: &mut Vec<Diagnostic>) -> Option<When> {
    let period = ctx.period;
    let start = period.map_or(0, |p| p.from);
    let end = period.map_or(u16::MAX, |p| p.to);
    let (first, last, form) = match &t.node {
        Timing::By { year, latest } => (*year, latest.unwrap_or(*year), TimingForm::By),
        Timing::EachYear {
            range: Some((a, b)),
        } => (*a, *b, TimingForm::EachYear),
        Timing::EachYear { range: None } => {
            // Without a period (E0107, already reported) there is no window.
            let p = period?;
            let y = Spanned::new(p.to, t.span);
            (Spanned::new(p.from, t.span), y, TimingForm::EachYear)
        }
        Timing::Within { from, to } => (*from, *to, TimingForm::Within),
    };
    if let Some(d) = super::backwards(first, last, "year range ") {
        diags.push(d);
        return None;
    }
    // An explicit range is checked where it is written; an implied one
    // (`each year`) comes from the period and is always inside it.
    let explicit = !matches!(t.node, Timing::EachYear { range: None });
    if explicit {
        let checked: &[Year] = if form == TimingForm::By {
            &[first]
        } else {
            &[first, last]
        };
        for y in checked {
            if y.node < start {
                diags.push(
                    Diagnostic::new(Code::DeadlineBeforeStart, format!("year {} is before the plan starts ({start})", y.node))
                        .label(y.span, "before the plan period")
                        .help(format!("the plan period is {start}..{end}; use a year from {start} on, or widen `period`")),
                );
                return None;
            }
        }
        if last.node > end {
            diags.push(
                Diagnostic::new(Code::DeadlineAfterEnd, format!("year {} is after the plan period ends ({end})", last.node))
                    .label(last.span, "after the plan period")
                    .help(format!("the plan period is {start}..{end}; this target will be judged after the plan ends")),
            );
        }
    }
    let by = form == TimingForm::By;
    Some(When {
        deadline: last.node,
        earliest: (by && first.node != last.node).then_some(first.node),
        window: if by {
            Window {
                from: start.min(last.node),
                to: last.node,
            }
        } else {
            Window {
                from: first.node,
                to: last.node,
            }
        },
        form,
    })
}

/// The condition in its model form: the form of condition and its timing
/// give the kind (`rules`), then the kind's values are resolved exactly.
fn condition(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    metric: &MetricInfo,
    when: &When,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cond> {
    let form = Form::of(&t.condition.node);
    let kind = match rules::kind(form, when.form, metric.model.kind) {
        Ok(kind) => kind,
        Err(refusal) => {
            diags.push(mismatch(t, metric, refusal.what, refusal.help));
            return None;
        }
    };
    let c = &t.condition.node;
    match (kind, c) {
        (TargetKind::Milestone, _) => Some(Cond::Milestone {}),
        (TargetKind::Range, Condition::Range { low, high }) => range(ctx, metric, low, high, diags),
        (TargetKind::Approximately, Condition::Approx { value, tolerance }) => {
            let value = ctx.normalize(value, metric, diags)?;
            let tolerance = match tolerance {
                Some(q) if is_percent(ctx, q) => Tolerance::Relative {
                    percent: ctx.percent(q, diags)?.base,
                    written: true,
                },
                Some(q) => Tolerance::Absolute {
                    amount: ctx.normalize(q, metric, diags)?,
                },
                None => Tolerance::Relative {
                    percent: ctx.tolerance,
                    written: false,
                },
            };
            Some(Cond::Approximately { value, tolerance })
        }
        (
            TargetKind::YearlyGrowth,
            Condition::Growth {
                since, cmp, value, ..
            },
        ) => {
            // Year-on-year growth needs the year before, not a base year.
            if let Some(y) = since {
                diags.push(
                    Diagnostic::new(Code::KindMismatch, "`since` does not apply to year-on-year growth")
                        .label(y.span, "each year is compared with the year before it")
                        .help("drop `since`, or use `average growth since YEAR` for growth from a base year"),
                );
                return None;
            }
            let rate = ctx.percent(value, diags)?;
            Some(Cond::YearlyGrowth {
                op: op(cmp.node),
                rate,
            })
        }
        (
            TargetKind::AverageGrowth | TargetKind::ChangeFromBaseline,
            Condition::AverageGrowth { since, cmp, value }
            | Condition::Change { since, cmp, value },
        ) => {
            let rate = ctx.percent(value, diags);
            let since = baseline(ctx, t, kind, *since, when, diags)?;
            let (op, rate) = (op(cmp.node), rate?);
            Some(if kind == TargetKind::AverageGrowth {
                Cond::AverageGrowth { op, rate, since }
            } else {
                Cond::ChangeFromBaseline { op, rate, since }
            })
        }
        (
            _,
            Condition::Compare { cmp, value }
            | Condition::Total { cmp, value }
            | Condition::AnnualAverage { cmp, value },
        ) => {
            let (op, value) = (op(cmp.node), ctx.normalize(value, metric, diags)?);
            match kind {
                TargetKind::Threshold => Some(Cond::Threshold { op, value }),
                TargetKind::EachYear => Some(Cond::EachYear { op, value }),
                TargetKind::WindowTotal => Some(Cond::WindowTotal { op, value }),
                TargetKind::AnnualAverage => Some(Cond::AnnualAverage { op, value }),
                _ => internal(t, kind, diags),
            }
        }
        _ => internal(t, kind, diags),
    }
}

/// `rules::kind` gave a kind its form cannot have: a bug, reported as one.
fn internal(t: &Target<'_>, kind: TargetKind, diags: &mut Vec<Diagnostic>) -> Option<Cond> {
    diags.push(Diagnostic::internal(
        t.condition.span,
        &format!(
            "the rules table gave this condition the kind {kind:?}, which its form cannot have"
        ),
    ));
    None
}

fn mismatch(t: &Target<'_>, metric: &MetricInfo, what: &str, help: &str) -> Diagnostic {
    let mk = metric.model.kind;
    Diagnostic::new(
        Code::KindMismatch,
        format!(
            "{what} does not fit {} metric `{}`",
            kind_name(mk),
            metric.model.id
        ),
    )
    .label(t.condition.span, what.to_string())
    .label(t.metric.span, format!("declared as a {}", kind_name(mk)))
    .help(help.to_string())
}

fn range(
    ctx: &Ctx<'_>,
    metric: &MetricInfo,
    low: &Quantity<'_>,
    high: &Quantity<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Cond> {
    // `3..5家`: an unmarked low end takes the high end's unit.
    let low_q = match (&low.unit, &high.unit) {
        (None, Some(u)) => Quantity {
            unit: Some(u.clone()),
            ..low.clone()
        },
        _ => low.clone(),
    };
    let lo = ctx.normalize(&low_q, metric, diags);
    let hi = ctx.normalize(high, metric, diags);
    let (lo, hi) = (lo?, hi?);
    if lo.base > hi.base {
        diags.push(
            Diagnostic::new(
                Code::RangeInverted,
                format!(
                    "range low end {} is above its high end {}",
                    written(&lo),
                    written(&hi)
                ),
            )
            .label(low.span, "low end")
            .label(high.span, "high end")
            .help("write the smaller bound first: `in LOW..HIGH`"),
        );
        return None;
    }
    Some(Cond::Range { low: lo, high: hi })
}

/// A quantity as the plan writes it: `6万元`, `150`.
fn written(q: &Q) -> String {
    format!("{}{}", q.number, q.unit.as_deref().unwrap_or(""))
}

/// The base year of an average-growth or change target: its own `since`,
/// else the plan's `baseline`. It must come before every year the target
/// may be judged in, so before the first year of a span deadline too.
fn baseline(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    kind: TargetKind,
    since: Option<Year>,
    when: &When,
    diags: &mut Vec<Diagnostic>,
) -> Option<u16> {
    let base = since
        .map(|y| (y.node, y.span))
        .or(ctx.baseline.map(|b| (b, t.condition.span)));
    let Some((base, base_span)) = base else {
        diags.push(
            Diagnostic::new(
                Code::NoBaseline,
                format!("{} needs a baseline year", kind_phrase(kind)),
            )
            .label(t.condition.span, "no baseline to compare with")
            .help("add `since YEAR` to the target, or `baseline YEAR` to the plan header"),
        );
        return None;
    };
    let first = when.earliest.unwrap_or(when.deadline);
    if base >= first {
        let which = if when.earliest.is_some() {
            format!("the first year of the deadline {first}..{}", when.deadline)
        } else {
            format!("the deadline {first}")
        };
        diags.push(
            Diagnostic::new(Code::BaselineOrder, format!("baseline {base} is not before {which}"))
                .label(base_span, "baseline year")
                .label(t.timing.span, "deadline")
                .help("the baseline is the year growth or change is measured from; it must come before every year the target can be judged in"),
        );
        return None;
    }
    Some(base)
}

fn is_percent(ctx: &Ctx<'_>, q: &Quantity<'_>) -> bool {
    q.unit
        .as_ref()
        .and_then(|u| ctx.units.get(&u.text))
        .is_some_and(|u| u.dimension == RATIO)
}

fn op(c: Cmp) -> Op {
    match c {
        Cmp::Ge => Op::Ge,
        Cmp::Gt => Op::Gt,
        Cmp::Le => Op::Le,
        Cmp::Lt => Op::Lt,
        Cmp::Eq => Op::Eq,
    }
}

fn kind_name(k: model::MetricKind) -> &'static str {
    match k {
        model::MetricKind::Stock => "stock",
        model::MetricKind::Flow => "flow",
        model::MetricKind::Milestone => "milestone",
    }
}

fn kind_phrase(k: TargetKind) -> &'static str {
    match k {
        TargetKind::AverageGrowth => "an average growth target",
        _ => "a change target",
    }
}

impl Ctx<'_> {
    /// A quantity in the metric's dimension, exactly as written and in base
    /// units. A count classifier other than the metric's is a warning, not
    /// an error.
    pub fn normalize(
        &self,
        q: &Quantity<'_>,
        metric: &MetricInfo,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Q> {
        // A measured metric without a unit had its error (E0202 or E0103)
        // at its declaration.
        let target_unit: &UnitInfo = metric.unit.as_ref()?;
        let r = self.units.resolve(q, Some(target_unit), diags)?;
        let unit = r.unit.unwrap_or(target_unit);
        if unit.dimension != target_unit.dimension {
            let span = q.unit.as_ref().map_or(q.span, |u| u.span);
            diags.push(
                Diagnostic::new(
                    Code::DimensionMismatch,
                    format!("`{}` measures {}, but metric `{}` is in `{}` ({})", unit.id, unit.dimension, metric.model.id, target_unit.id, target_unit.dimension),
                )
                .label(span, format!("{} unit", unit.dimension))
                .help(format!("{} and {} do not convert: write the value in `{}` or a unit of the same dimension", unit.dimension, target_unit.dimension, target_unit.id)),
            );
            return None;
        }
        if unit.classifier && target_unit.classifier && unit.id != target_unit.id {
            if let Some(u) = &q.unit {
                diags.push(
                    Diagnostic::new(
                        Code::Classifier,
                        format!(
                            "classifier `{}` differs from metric `{}`'s `{}`",
                            unit.id, metric.model.id, target_unit.id
                        ),
                    )
                    .label(u.span, format!("metric counts in `{}`", target_unit.id))
                    .help(format!("write `{}` to match the metric", target_unit.id)),
                );
            }
        }
        Some(Q {
            number: q.value,
            unit: q.unit.as_ref().map(|u| u.text.to_string()),
            scale: r.scale,
            base: r.base,
        })
    }

    /// A percentage: the quantity must be written in a unit of the `ratio`
    /// dimension (`%`, or one the plan declares on it).
    pub fn percent(&self, q: &Quantity<'_>, diags: &mut Vec<Diagnostic>) -> Option<Q> {
        if is_percent(self, q) {
            let r = self.units.resolve(q, None, diags)?;
            return Some(Q {
                number: q.value,
                unit: q.unit.as_ref().map(|u| u.text.to_string()),
                scale: r.scale,
                base: r.base,
            });
        }
        let span = q.unit.as_ref().map_or(q.span, |u| u.span);
        diags.push(
            Diagnostic::new(Code::DimensionMismatch, "growth and change are percentages")
                .label(span, "expected a percentage")
                .help(format!("write `{}%`", q.value)),
        );
        None
    }
}
