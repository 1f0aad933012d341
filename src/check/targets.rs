//! Checking one target and lowering it to its model form.
//!
//! Resolving a quantity and normalising it to the metric's unit are the same
//! computation, so checking and lowering happen in one pass here.

use super::names::MetricInfo;
use super::units::{UnitInfo, RATIO};
use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{self, Op, TargetKind, Window};
use crate::span::Spanned;
use crate::syntax::ast::{Cmp, Condition, Quantity, Strength, Target, Timing, Year};
use rust_decimal::Decimal;

/// The item-level facts a target inherits.
pub struct Parent<'p> {
    pub item: &'p str,
    pub lead: &'p [String],
    pub support: &'p [String],
}

pub fn check(
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
    let shape = shape(ctx, t, metric, &when, diags)?;
    let (window, baseline) = match shape.baseline {
        Some(b) => (
            Window {
                from: b,
                to: when.deadline,
            },
            Some(b),
        ),
        None => (when.window, None),
    };
    let pos = ctx.file.line_col(t.span.start as usize);
    Some(model::Target {
        id,
        item: parent.item.to_string(),
        metric: metric.model.id.clone(),
        kind: shape.kind,
        op: shape.op,
        value: shape.value,
        low: shape.low,
        high: shape.high,
        tolerance: shape.tolerance,
        unit: shape.unit,
        deadline: when.deadline,
        deadline_earliest: when.earliest,
        window,
        baseline,
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
    each_year: bool,
    within: bool,
}

fn timing(ctx: &Ctx<'_>, t: &Spanned<Timing>, diags: &mut Vec<Diagnostic>) -> Option<When> {
    let period = ctx.period;
    let start = period.map_or(0, |p| p.from);
    let end = period.map_or(u16::MAX, |p| p.to);
    let (first, last, each_year, within) = match &t.node {
        Timing::By { year, latest } => (*year, latest.unwrap_or(*year), false, false),
        Timing::EachYear {
            range: Some((a, b)),
        } => (*a, *b, true, false),
        Timing::EachYear { range: None } => {
            let p = period?;
            let y = Spanned::new(p.to, t.span);
            (Spanned::new(p.from, t.span), y, true, false)
        }
        Timing::Within { from, to } => (*from, *to, false, true),
    };
    if let Some(d) = super::backwards(first, last, "year range ") {
        diags.push(d);
        return None;
    }
    // An explicit range is checked where it is written; an implied one
    // (`each year`) comes from the period and is always inside it.
    let explicit = !matches!(t.node, Timing::EachYear { range: None });
    if explicit {
        let checked: &[Year] = if each_year || within {
            &[first, last]
        } else {
            &[first]
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
    let by = matches!(t.node, Timing::By { .. });
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
        each_year,
        within,
    })
}

struct Shape {
    kind: TargetKind,
    op: Option<Op>,
    value: Option<Decimal>,
    low: Option<Decimal>,
    high: Option<Decimal>,
    tolerance: Option<Decimal>,
    unit: Option<String>,
    baseline: Option<u16>,
}

impl Shape {
    fn new(kind: TargetKind) -> Self {
        Shape {
            kind,
            op: None,
            value: None,
            low: None,
            high: None,
            tolerance: None,
            unit: None,
            baseline: None,
        }
    }
}

fn shape(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    metric: &MetricInfo,
    when: &When,
    diags: &mut Vec<Diagnostic>,
) -> Option<Shape> {
    use model::MetricKind as MK;
    let mk = metric.model.kind;
    let cond_span = t.condition.span;
    let unit_id = metric.unit.as_ref().map(|u| u.id.clone());
    let mismatch = |diags: &mut Vec<Diagnostic>, what: &str, help: &str| {
        diags.push(
            Diagnostic::new(
                Code::KindMismatch,
                format!(
                    "{what} does not fit {} metric `{}`",
                    kind_name(mk),
                    metric.model.id
                ),
            )
            .label(cond_span, what.to_string())
            .label(t.metric.span, format!("declared as a {}", kind_name(mk)))
            .help(help.to_string()),
        );
    };
    if mk == MK::Milestone && !matches!(t.condition.node, Condition::Done) {
        mismatch(
            diags,
            "a comparison",
            "a milestone is judged with `done`: `by 2012: m done`",
        );
        return None;
    }
    let s = match &t.condition.node {
        Condition::Done => {
            if mk != MK::Milestone {
                mismatch(
                    diags,
                    "`done`",
                    "declare the metric as `milestone`, or compare it with a number",
                );
                return None;
            }
            if when.each_year || when.within {
                mismatch(
                    diags,
                    "`done` over a span of years",
                    "a milestone has one deadline: `by 2012: m done`; for something held every year use a flow counted each year, `each year: m >= 1`",
                );
                return None;
            }
            Shape::new(TargetKind::Milestone)
        }
        Condition::Compare { cmp, value } | Condition::Total { cmp, value } => {
            let total = matches!(t.condition.node, Condition::Total { .. });
            let kind = if when.each_year {
                if total {
                    mismatch(
                        diags,
                        "`total` each year",
                        "drop `total`: each year compares each year's value",
                    );
                    return None;
                }
                TargetKind::EachYear
            } else if when.within || total {
                if mk != MK::Flow {
                    mismatch(
                        diags,
                        "a total over years",
                        "only a `flow` adds up over years; read a stock with `by YEAR`",
                    );
                    return None;
                }
                TargetKind::WindowTotal
            } else {
                TargetKind::Threshold
            };
            let mut s = Shape::new(kind);
            s.op = Some(op(cmp.node));
            s.value = Some(ctx.normalize(value, metric, diags)?);
            s.unit = unit_id;
            s
        }
        Condition::Range { low, high } => {
            if when.each_year || when.within {
                mismatch(
                    diags,
                    "a range over a span of years",
                    "write the range with one deadline: `by 2012: m in 3..5`",
                );
                return None;
            }
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
            if lo > hi {
                diags.push(
                    Diagnostic::new(
                        Code::RangeInverted,
                        format!("range low end {lo} is above its high end {hi}"),
                    )
                    .label(low.span, "low end")
                    .label(high.span, "high end")
                    .help("write the smaller bound first: `in LOW..HIGH`"),
                );
                return None;
            }
            let mut s = Shape::new(TargetKind::Range);
            s.low = Some(lo);
            s.high = Some(hi);
            s.unit = unit_id;
            s
        }
        Condition::Approx { value, tolerance } => {
            if when.each_year || when.within {
                mismatch(
                    diags,
                    "`~` over a span of years",
                    "write it with one deadline: `by 2012: m ~ 30`",
                );
                return None;
            }
            let v = ctx.normalize(value, metric, diags)?;
            let tol = match tolerance {
                Some(q) if is_percent(ctx, q) => {
                    v.abs().checked_mul(ctx.percent(q, diags)?)? / Decimal::ONE_HUNDRED
                }
                Some(q) => ctx.normalize(q, metric, diags)?.abs(),
                None => v.abs().checked_mul(ctx.tolerance)? / Decimal::ONE_HUNDRED,
            };
            let mut s = Shape::new(TargetKind::Approximately);
            s.value = Some(v);
            s.tolerance = Some(tol);
            s.unit = unit_id;
            s
        }
        Condition::Growth { since, cmp, value }
        | Condition::AverageGrowth { since, cmp, value }
        | Condition::Change { since, cmp, value } => {
            let kind = match &t.condition.node {
                Condition::Growth { .. } => TargetKind::YearlyGrowth,
                Condition::AverageGrowth { .. } => TargetKind::AverageGrowth,
                _ => TargetKind::ChangeFromBaseline,
            };
            if kind != TargetKind::YearlyGrowth && (when.each_year || when.within) {
                mismatch(
                    diags,
                    "growth from a baseline over a span of years",
                    "average growth and change are judged at one deadline: `by 2012: m average growth >= 10%`",
                );
                return None;
            }
            let pct = ctx.percent(value, diags)?;
            let mut s = Shape::new(kind);
            s.op = Some(op(cmp.node));
            s.value = Some(pct);
            s.unit = Some("%".to_string());
            if kind == TargetKind::YearlyGrowth {
                // Year-on-year growth needs the year before the window.
                if let Some(y) = since {
                    diags.push(
                        Diagnostic::new(Code::KindMismatch, "`since` does not apply to year-on-year growth")
                            .label(y.span, "each year is compared with the year before it")
                            .help("drop `since`, or use `average growth since YEAR` for growth from a base year"),
                    );
                    return None;
                }
                return Some(s);
            }
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
            if base >= when.deadline {
                diags.push(
                    Diagnostic::new(Code::BaselineOrder, format!("baseline {base} is not before the deadline {}", when.deadline))
                        .label(base_span, "baseline year")
                        .label(t.timing.span, "deadline")
                        .help("the baseline is the year growth or change is measured from; it must come first"),
                );
                return None;
            }
            s.baseline = Some(base);
            s
        }
        Condition::AnnualAverage { cmp, value } => {
            if mk != MK::Flow {
                mismatch(
                    diags,
                    "an annual average",
                    "only a `flow` has a yearly amount to average",
                );
                return None;
            }
            if when.each_year {
                mismatch(
                    diags,
                    "an annual average each year",
                    "write it with a deadline: `by 2012: m annual average >= 2万`",
                );
                return None;
            }
            let mut s = Shape::new(TargetKind::AnnualAverage);
            s.op = Some(op(cmp.node));
            s.value = Some(ctx.normalize(value, metric, diags)?);
            s.unit = unit_id;
            s
        }
    };
    Some(s)
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
    /// A quantity in the metric's unit, checking its dimension. A count
    /// classifier other than the metric's is a warning, not an error.
    pub fn normalize(
        &self,
        q: &Quantity<'_>,
        metric: &MetricInfo,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Decimal> {
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
        r.base.checked_div(target_unit.scale).map(|v| v.normalize())
    }

    /// A percentage: the quantity must be written with `%`.
    pub fn percent(&self, q: &Quantity<'_>, diags: &mut Vec<Diagnostic>) -> Option<Decimal> {
        match &q.unit {
            Some(u)
                if self
                    .units
                    .get(&u.text)
                    .is_some_and(|i| i.dimension == RATIO) =>
            {
                Some(q.value.normalize())
            }
            _ => {
                let span = q.unit.as_ref().map_or(q.span, |u| u.span);
                diags.push(
                    Diagnostic::new(Code::DimensionMismatch, "growth and change are percentages")
                        .label(span, "expected a percentage")
                        .help(format!("write `{}%`", q.value)),
                );
                None
            }
        }
    }
}
