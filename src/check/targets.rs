//! Checking one target and lowering it to its model form.
//!
//! Resolving a quantity and normalising it to the metric's unit are the same
//! computation, so checking and lowering happen in one pass here.

use super::names::MetricInfo;
use super::rules::{self, Form, TimingForm};
use super::units::{UnitInfo, MULTIPLE, POINTS, RATIO};
use super::Ctx;
use crate::diag::{Code, Diagnostic};
use crate::model::{self, Condition as Cond, Op, Quantity as Q, TargetKind, Tolerance, Window};
use crate::span::Spanned;
use crate::syntax::ast::{
    Cmp, Condition, Measure, Operand, Quantity, Requirement, Strength, Target, Timing, Year,
};

/// The item-level facts a target inherits.
pub struct Parent<'p> {
    pub item: &'p str,
    pub lead: &'p [String],
    pub support: &'p [String],
    /// The item's class (its own or its parent's).
    pub class: Option<&'p model::Class>,
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
        // Written on the target, else its class's, else firm.
        strength: match t.strength.map(|s| s.node) {
            Some(Strength::Strive) => model::Strength::Strive,
            Some(Strength::Firm) => model::Strength::Firm,
            None => parent.class.map_or(model::Strength::Firm, |c| c.strength),
        },
        class: parent.class.map(|c| c.id.clone()),
        lead: if t.lead.is_empty() {
            parent.lead.to_vec()
        } else {
            lead
        },
        support: parent.support.to_vec(),
        quote: t.quote.as_ref().map(|q| q.text.to_string()),
        scope: None,
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
        Timing::In { year } => (*year, *year, TimingForm::In),
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

/// The condition in its model form. The form of condition and its timing
/// give the kind (`rules`), the unit of the value refines it (a change in
/// `%` is relative, in the metric's unit or `pp` absolute; a level in `x`
/// is a multiple), then the requirement's values are resolved exactly.
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
        Err(refusal) if refusal.timing => {
            diags.push(
                Diagnostic::new(
                    Code::KindMismatch,
                    format!(
                        "{} cannot be written with `{}`",
                        refusal.what,
                        timing_words(when.form)
                    ),
                )
                .label(t.condition.span, refusal.what.to_string())
                .label(t.timing.span, "this timing")
                .help(refusal.help.to_string()),
            );
            return None;
        }
        Err(refusal) => {
            diags.push(mismatch(t, metric, refusal.what, refusal.help));
            return None;
        }
    };
    let Condition::Measured {
        since, requirement, ..
    } = &t.condition.node
    else {
        return Some(if kind == TargetKind::Commitment {
            Cond::Commitment {}
        } else {
            Cond::Milestone {}
        });
    };
    let unit_dim = value_unit(requirement)
        .and_then(|u| ctx.units.get(u))
        .map(|u| u.dimension.as_str());
    let kind = match (kind, unit_dim) {
        (TargetKind::ChangeFromBaseline, Some(d)) if d != RATIO => TargetKind::AbsoluteChange,
        (TargetKind::ChangeFromBaseline, None) => TargetKind::AbsoluteChange,
        (TargetKind::Threshold | TargetKind::SingleYear, Some(MULTIPLE)) => TargetKind::Multiple,
        (k, _) => k,
    };
    let takes_base = matches!(
        kind,
        TargetKind::AverageGrowth
            | TargetKind::ChangeFromBaseline
            | TargetKind::AbsoluteChange
            | TargetKind::Multiple
    );
    if let (false, Some(y)) = (takes_base, since) {
        let help = if kind == TargetKind::YearlyGrowth {
            "drop `since`, or use `average growth since YEAR` for growth from a base year"
        } else {
            "`since` gives the base year of `average growth`, `change` and multiples (`>= 2x since 2010`): drop it here"
        };
        let label = if kind == TargetKind::YearlyGrowth {
            "each year is compared with the year before it"
        } else {
            "no base year is used here"
        };
        let what = if kind == TargetKind::YearlyGrowth {
            "`since` does not apply to year-on-year growth"
        } else {
            "`since` does not apply to this condition"
        };
        diags.push(
            Diagnostic::new(Code::KindMismatch, what)
                .label(y.span, label)
                .help(help),
        );
        return None;
    }
    let scale = match kind {
        TargetKind::YearlyGrowth | TargetKind::AverageGrowth | TargetKind::ChangeFromBaseline => {
            Scale::Rate
        }
        TargetKind::Multiple => Scale::Multiple,
        TargetKind::AbsoluteChange => Scale::Difference,
        _ => Scale::Metric,
    };
    if let Requirement::Set { span } = requirement {
        if !matches!(kind, TargetKind::EachYear | TargetKind::YearlyGrowth) {
            diags.push(
                Diagnostic::new(
                    Code::KindMismatch,
                    "a value set each year is judged each year",
                )
                .label(*span, "set each year")
                .label(t.timing.span, "this timing")
                .help(format!(
                    "write `each year: {} set` for a value set year by year, or `each year: {} growth set` for a growth rate",
                    t.metric.text, t.metric.text
                )),
            );
            return None;
        }
    }
    let requirement = match as_relation(requirement) {
        Some(rel) => self::relation(ctx, t, metric, kind, rel, diags),
        None => self::requirement(ctx, metric, scale, requirement, diags),
    };
    let base = if takes_base {
        Some(baseline(ctx, t, kind, *since, when, diags)?)
    } else {
        None
    };
    let requirement = requirement?;
    Some(match (kind, base) {
        (TargetKind::Threshold, _) => Cond::Threshold { requirement },
        (TargetKind::SingleYear, _) => Cond::SingleYear { requirement },
        (TargetKind::EachYear, _) => Cond::EachYear { requirement },
        (TargetKind::YearlyGrowth, _) => Cond::YearlyGrowth { requirement },
        (TargetKind::AnnualAverage, _) => Cond::AnnualAverage { requirement },
        (TargetKind::WindowTotal, _) => Cond::WindowTotal { requirement },
        (TargetKind::AverageGrowth, Some(since)) => Cond::AverageGrowth { requirement, since },
        (TargetKind::ChangeFromBaseline, Some(since)) => {
            Cond::ChangeFromBaseline { requirement, since }
        }
        (TargetKind::AbsoluteChange, Some(since)) => Cond::AbsoluteChange { requirement, since },
        (TargetKind::Multiple, Some(since)) => Cond::Multiple { requirement, since },
        (kind, _) => {
            diags.push(Diagnostic::internal(
                t.condition.span,
                &format!(
                    "the rules gave this condition the kind {kind:?}, which its form cannot have"
                ),
            ));
            return None;
        }
    })
}

/// A requirement that relates the figure to another figure rather than to
/// a value.
struct Relation<'r, 'a> {
    /// `None` for `~`.
    cmp: Option<Spanned<Cmp>>,
    operand: &'r Operand<'a>,
    tolerance: Option<&'r Quantity<'a>>,
}

fn as_relation<'r, 'a>(r: &'r Requirement<'a>) -> Option<Relation<'r, 'a>> {
    match r {
        Requirement::Compare {
            cmp,
            value: v @ (Operand::Mean { .. } | Operand::Metric { .. }),
            tolerance,
        } => Some(Relation {
            cmp: Some(*cmp),
            operand: v,
            tolerance: tolerance.as_ref(),
        }),
        Requirement::About {
            value: v @ (Operand::Mean { .. } | Operand::Metric { .. }),
            tolerance,
        } => Some(Relation {
            cmp: None,
            operand: v,
            tolerance: tolerance.as_ref(),
        }),
        _ => None,
    }
}

/// The kinds a relation can be judged on: a level (of a stock, or of one
/// year) and year-on-year growth, compared year by year.
const RELATION_KINDS: &[TargetKind] = &[
    TargetKind::Threshold,
    TargetKind::SingleYear,
    TargetKind::EachYear,
    TargetKind::YearlyGrowth,
];

/// `> 国内生产总值 growth`, `~ 国内生产总值 growth`, `> mean 2016..2020`.
fn relation(
    ctx: &Ctx<'_>,
    t: &Target<'_>,
    metric: &MetricInfo,
    kind: TargetKind,
    rel: Relation<'_, '_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<model::Requirement> {
    let span = rel.operand.span();
    let flow_total = kind == TargetKind::Threshold && metric.model.kind == model::MetricKind::Flow;
    if !RELATION_KINDS.contains(&kind) || flow_total {
        diags.push(
            Diagnostic::new(
                Code::KindMismatch,
                "a comparison with another figure applies to a level or to year-on-year growth",
            )
            .label(span, "compared with another figure")
            .label(t.condition.span, "this condition")
            .help("compare a stock's level (`by 2025: m > mean 2016..2020`), one year's figure (`in 2025: …`), each year's (`each year: m <= quota`) or year-on-year growth (`each year: m growth > n growth`)"),
        );
        return None;
    }
    let measure = match &t.condition.node {
        Condition::Measured { measure, .. } => measure.node,
        Condition::Done | Condition::Assessed => Measure::Level,
    };
    match rel.operand {
        Operand::Mean { from, to, .. } => {
            if let Some(tol) = rel.tolerance {
                diags.push(no_tolerance(tol));
                return None;
            }
            let Some(cmp) = rel.cmp else {
                diags.push(
                    Diagnostic::new(
                        Code::KindMismatch,
                        "a mean is compared with `>`, `>=`, `<`, `<=` or `=`",
                    )
                    .label(span, "compared with `~`")
                    .help("write `> mean A..B` (高于…时期实际), or `~` with a value"),
                );
                return None;
            };
            if measure != Measure::Level {
                diags.push(
                    Diagnostic::new(
                        Code::KindMismatch,
                        "a mean of past years is compared with a level",
                    )
                    .label(span, "the metric's own mean")
                    .help("compare the level itself: `by 2025: m > mean 2016..2020`"),
                );
                return None;
            }
            if let Some(d) = super::backwards(*from, *to, "year range ") {
                diags.push(d);
                return None;
            }
            Some(model::Requirement::CompareMean {
                op: op(cmp.node),
                from: from.node,
                to: to.node,
            })
        }
        Operand::Metric {
            name,
            measure: theirs,
            ..
        } => {
            let other = ctx.metrics.resolve(name, diags)?;
            let theirs = theirs.map_or(Measure::Level, |m| m.node);
            if theirs != measure {
                let words = |m: Measure| match m {
                    Measure::Level => "its level".to_string(),
                    m => format!("`{}`", m.words()),
                };
                diags.push(
                    Diagnostic::new(
                        Code::KindMismatch,
                        format!(
                            "{} is compared with {} of `{}`",
                            words(measure),
                            words(theirs),
                            name.text
                        ),
                    )
                    .label(span, "measured differently")
                    .help(format!(
                        "compare like with like: `{}`",
                        format!("{} {}", name.text, measure.words()).trim_end()
                    )),
                );
                return None;
            }
            if matches!(
                other.model.kind,
                model::MetricKind::Milestone | model::MetricKind::Commitment
            ) {
                diags.push(
                    Diagnostic::new(
                        Code::KindMismatch,
                        format!(
                            "`{}` is a {}, not a figure",
                            other.model.id,
                            kind_name(other.model.kind)
                        ),
                    )
                    .label(span, "done or not done")
                    .help("compare with a stock or a flow"),
                );
                return None;
            }
            let (ours, theirs_unit) = (metric.unit.as_ref(), other.unit.as_ref());
            if measure == Measure::Level {
                if let (Some(a), Some(b)) = (ours, theirs_unit) {
                    if a.dimension != b.dimension {
                        diags.push(
                            Diagnostic::new(
                                Code::DimensionMismatch,
                                format!("`{}` is in `{}` ({}) and `{}` in `{}` ({})", metric.model.id, a.id, a.dimension, other.model.id, b.id, b.dimension),
                            )
                            .label(span, format!("{} metric", b.dimension))
                            .help("a level is compared only with a level of the same dimension; compare their growth instead (`m growth > n growth`)"),
                        );
                        return None;
                    }
                }
            }
            let id = other.model.id.clone();
            match rel.cmp {
                Some(cmp) => {
                    if let Some(tol) = rel.tolerance {
                        diags.push(no_tolerance(tol));
                        return None;
                    }
                    Some(model::Requirement::CompareMetric {
                        op: op(cmp.node),
                        metric: id,
                    })
                }
                None => {
                    let scale = if measure == Measure::Growth {
                        Scale::Rate
                    } else {
                        Scale::Metric
                    };
                    let tolerance = tolerance(ctx, metric, scale, rel.tolerance, diags)?;
                    Some(model::Requirement::AboutMetric {
                        metric: id,
                        tolerance,
                    })
                }
            }
        }
        Operand::Quantity(_) => None,
    }
}

fn no_tolerance(tol: &Quantity<'_>) -> Diagnostic {
    Diagnostic::new(
        Code::KindMismatch,
        "a comparison with another figure takes no tolerance",
    )
    .label(tol.span, "tolerance")
    .help("use `~` for a figure within a tolerance of another (基本同步), or drop the tolerance")
}

/// The unit written with the requirement's (first) value, if any.
fn value_unit<'r>(r: &'r Requirement<'_>) -> Option<&'r str> {
    let q = match r {
        Requirement::Compare {
            value: Operand::Quantity(value),
            ..
        }
        | Requirement::About {
            value: Operand::Quantity(value),
            ..
        } => value,
        Requirement::Compare { .. } | Requirement::About { .. } | Requirement::Set { .. } => {
            return None
        }
        Requirement::Between { low, high } => {
            return high
                .unit
                .as_ref()
                .or(low.unit.as_ref())
                .map(|u| u.text.as_ref())
        }
    };
    q.unit.as_ref().map(|u| u.text.as_ref())
}

/// What a requirement's values are measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Scale {
    /// The metric's dimension: levels, totals, averages.
    Metric,
    /// A rate in `%`: growth and relative change.
    Rate,
    /// A difference in the metric's dimension, or `pp` on a `%` metric.
    Difference,
    /// A multiple, in `x` (or `倍`).
    Multiple,
}

fn requirement(
    ctx: &Ctx<'_>,
    metric: &MetricInfo,
    scale: Scale,
    r: &Requirement<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<model::Requirement> {
    match r {
        // Judged each year on the value the data sets for the year.
        Requirement::Set { .. } => Some(model::Requirement::SetYearly {}),
        Requirement::Between { low, high } => {
            // `3..5家`: an unmarked low end takes the high end's unit.
            let low_q = match (&low.unit, &high.unit) {
                (None, Some(u)) => Quantity {
                    unit: Some(u.clone()),
                    ..low.clone()
                },
                _ => low.clone(),
            };
            let lo = value(ctx, metric, scale, &low_q, diags);
            let hi = value(ctx, metric, scale, high, diags);
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
            Some(model::Requirement::Between { low: lo, high: hi })
        }
        Requirement::About {
            value: Operand::Quantity(v),
            tolerance,
        } => {
            let value = value(ctx, metric, scale, v, diags);
            let tolerance = self::tolerance(ctx, metric, scale, tolerance.as_ref(), diags);
            Some(model::Requirement::About {
                value: value?,
                tolerance: tolerance?,
            })
        }
        Requirement::Compare {
            cmp,
            value: Operand::Quantity(v),
            tolerance: None,
        } => Some(model::Requirement::Compare {
            op: op(cmp.node),
            value: value(ctx, metric, scale, v, diags)?,
        }),
        Requirement::Compare {
            cmp,
            value: Operand::Quantity(v),
            tolerance: Some(t),
        } => {
            if cmp.node == Cmp::Eq {
                diags.push(
                    Diagnostic::new(Code::KindMismatch, "`=` with a tolerance is `~`")
                        .label(cmp.span, "exactly equal")
                        .help(format!(
                            "write `~ {}` for a value within a tolerance",
                            written_ast(v)
                        )),
                );
                return None;
            }
            let value = value(ctx, metric, scale, v, diags);
            let tolerance = self::tolerance(ctx, metric, scale, Some(t), diags);
            Some(model::Requirement::Soft {
                op: op(cmp.node),
                value: value?,
                tolerance: tolerance?,
            })
        }
        // Relations are lowered by `relation`, never here.
        Requirement::Compare { .. } | Requirement::About { .. } => None,
    }
}

/// A value of the requirement, in what `scale` says.
fn value(
    ctx: &Ctx<'_>,
    metric: &MetricInfo,
    scale: Scale,
    q: &Quantity<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Q> {
    match scale {
        Scale::Metric => ctx.normalize(q, metric, diags),
        Scale::Rate => ctx.percent(q, diags),
        Scale::Difference if is_dimension(ctx, q, POINTS) => {
            let ratio_metric = metric.unit.as_ref().is_some_and(|u| u.dimension == RATIO);
            if !ratio_metric {
                let span = q.unit.as_ref().map_or(q.span, |u| u.span);
                diags.push(
                    Diagnostic::new(
                        Code::DimensionMismatch,
                        format!("percentage points measure a change of a `%` metric, and `{}` is not one", metric.model.id),
                    )
                    .label(span, "percentage points")
                    .help("write the change in the metric's own unit, or as a relative change in `%`"),
                );
                return None;
            }
            ctx.units.resolve(q, None, diags).map(|r| Q {
                number: q.value,
                unit: q.unit.as_ref().map(|u| u.text.to_string()),
                scale: r.scale,
                base: r.base,
            })
        }
        Scale::Difference => ctx.normalize(q, metric, diags),
        Scale::Multiple => {
            if !is_dimension(ctx, q, MULTIPLE) {
                let span = q.unit.as_ref().map_or(q.span, |u| u.span);
                diags.push(
                    Diagnostic::new(Code::DimensionMismatch, "a multiple is written in `x`")
                        .label(span, "expected a multiple")
                        .help(format!("write `{}x` (翻一番 is `2x`)", q.value)),
                );
                return None;
            }
            ctx.units.resolve(q, None, diags).map(|r| Q {
                number: q.value,
                unit: q.unit.as_ref().map(|u| u.text.to_string()),
                scale: r.scale,
                base: r.base,
            })
        }
    }
}

/// A tolerance: a share in `%`, or an amount in what the value is in
/// (`pp` for a rate); without one, the plan's default share.
fn tolerance(
    ctx: &Ctx<'_>,
    metric: &MetricInfo,
    scale: Scale,
    t: Option<&Quantity<'_>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Tolerance> {
    let Some(q) = t else {
        return Some(Tolerance::Relative {
            percent: ctx.tolerance,
            written: false,
        });
    };
    if q.value.is_sign_negative() {
        diags.push(
            Diagnostic::new(
                Code::RangeInverted,
                "a tolerance is a size, not a direction",
            )
            .label(q.number_span, "negative")
            .help(format!(
                "`±` already goes both ways: write `± {}`",
                written_ast(&Quantity {
                    value: q.value.abs(),
                    ..q.clone()
                })
            )),
        );
        return None;
    }
    if is_percent(ctx, q) {
        return Some(Tolerance::Relative {
            percent: ctx.percent(q, diags)?.base,
            written: true,
        });
    }
    let ratio_metric = metric.unit.as_ref().is_some_and(|u| u.dimension == RATIO);
    let amount = match scale {
        // Points on a `%` metric's level or change: the metric's own unit.
        Scale::Metric | Scale::Difference if ratio_metric && is_dimension(ctx, q, POINTS) => {
            ctx.units.resolve(q, None, diags).map(|r| Q {
                number: q.value,
                unit: q.unit.as_ref().map(|u| u.text.to_string()),
                scale: r.scale,
                base: r.base,
            })
        }
        // A rate's tolerance as an amount is in percentage points.
        Scale::Rate if is_dimension(ctx, q, POINTS) => {
            ctx.units.resolve(q, None, diags).map(|r| Q {
                number: q.value,
                unit: q.unit.as_ref().map(|u| u.text.to_string()),
                scale: r.scale,
                base: r.base,
            })
        }
        Scale::Rate => {
            let span = q.unit.as_ref().map_or(q.span, |u| u.span);
            diags.push(
                Diagnostic::new(
                    Code::DimensionMismatch,
                    "a rate's tolerance is a share in `%` or an amount in `pp`",
                )
                .label(span, "neither `%` nor `pp`")
                .help(format!(
                    "write `± {}pp` for percentage points, or `± {}%` for a share of the rate",
                    q.value, q.value
                )),
            );
            None
        }
        _ => value(ctx, metric, scale, q, diags),
    }?;
    Some(Tolerance::Absolute { amount })
}

fn is_dimension(ctx: &Ctx<'_>, q: &Quantity<'_>, dimension: &str) -> bool {
    q.unit
        .as_ref()
        .and_then(|u| ctx.units.get(&u.text))
        .is_some_and(|u| u.dimension == dimension)
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

/// A quantity as the plan writes it: `6万元`, `150`.
fn written(q: &Q) -> String {
    format!("{}{}", q.number, q.unit.as_deref().unwrap_or(""))
}

fn written_ast(q: &Quantity<'_>) -> String {
    format!(
        "{}{}",
        q.value,
        q.unit.as_ref().map_or("", |u| u.text.as_ref())
    )
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
        model::MetricKind::Ratio => "ratio",
        model::MetricKind::Commitment => "commitment",
    }
}

fn kind_phrase(k: TargetKind) -> &'static str {
    match k {
        TargetKind::AverageGrowth => "an average growth target",
        TargetKind::Multiple => "a multiple",
        _ => "a change target",
    }
}

fn timing_words(t: TimingForm) -> &'static str {
    match t {
        TimingForm::By => "by YEAR",
        TimingForm::EachYear => "each year",
        TimingForm::Within => "within A..B",
        TimingForm::In => "in YEAR",
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
