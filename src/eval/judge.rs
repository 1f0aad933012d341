//! Judging one target: each kind mapped onto the level, yearly or milestone
//! rules, and the outcome turned into figures in the metric's unit.
//! `docs/semantics.md` states these rules with worked examples.

use super::level::{self, lacking, Goal, Judgement, Measure, Path, Spec};
use super::milestone;
use super::result::{Rate, TargetResult};
use super::series::View;
use super::status::Status;
use super::yearly::{self, Unjudged, YearCheck};
use crate::data::{Catalog, Figures};
use crate::exact::Exact;
use crate::model::{Condition, MetricKind, Op, Quantity, Target, TargetKind, Tolerance, Window};
use rust_decimal::{Decimal, MathematicalOps};

/// Places kept for a progress fraction.
const PROGRESS_PLACES: u32 = 4;
/// Places kept for a displayed rate in percent.
const RATE_PLACES: u32 = 2;

pub struct Context<'a, 'm> {
    pub cat: &'a Catalog<'m>,
    pub figures: &'a Figures,
    pub as_of: u16,
}

pub fn target(ctx: &Context, t: &Target) -> TargetResult {
    let mut r = skeleton(t);
    r.section = section_of(ctx, &t.item);
    let Some(metric) = ctx.cat.metric_index(&t.metric) else {
        return unjudged(
            r,
            ctx,
            format!("metric `{}` is not declared in the model", t.metric),
        );
    };
    let Some(m) = ctx.cat.metric(metric) else {
        return unjudged(
            r,
            ctx,
            format!("metric `{}` is not declared in the model", t.metric),
        );
    };
    r.unit = ctx.cat.metric_unit(metric).map(|u| u.id.clone());
    let view = View::new(ctx.figures, metric, ctx.as_of, ctx.cat.metric_scale(metric));
    let is_milestone = m.kind == MetricKind::Milestone;
    if is_milestone != (t.kind() == TargetKind::Milestone) {
        return unjudged(
            r,
            ctx,
            format!(
                "a {} target cannot judge the {:?} metric `{}`",
                kind_name(t.kind()),
                m.kind,
                m.id
            )
            .to_lowercase(),
        );
    }
    let stock = m.kind == MetricKind::Stock;
    match &t.condition {
        Condition::Milestone {} => milestone(r, &view, t),
        Condition::EachYear { op, value } => yearly(r, &view, t, *op, Yearly::Level(value)),
        Condition::YearlyGrowth { op, rate } => yearly(r, &view, t, *op, Yearly::Growth(rate)),
        Condition::AnnualAverage { op, value } => annual_average(r, ctx, &view, t, *op, value),
        Condition::AverageGrowth { op, rate, since } => {
            growth(r, ctx, &view, t, *op, rate, *since, true)
        }
        Condition::ChangeFromBaseline { op, rate, since } => {
            growth(r, ctx, &view, t, *op, rate, *since, false)
        }
        Condition::Threshold { op, value } | Condition::WindowTotal { op, value } => {
            let goal = Goal::Cmp(*op, base(value));
            level_kind(r, ctx, &view, t, stock, goal)
        }
        Condition::Range { low, high } => {
            let goal = Goal::Between(base(low), base(high));
            level_kind(r, ctx, &view, t, stock, goal)
        }
        Condition::Approximately { value, tolerance } => {
            let v = base(value);
            let tol = match tolerance {
                // A share of the value: |v| · p / 100, exactly.
                Tolerance::Relative { percent, .. } => {
                    v.abs().mul(&Exact::from(*percent)).shifted(-2)
                }
                Tolerance::Absolute { amount } => Some(base(amount).abs()),
            };
            let Some(tol) = tol else {
                return unjudged(
                    r,
                    ctx,
                    "its tolerance is beyond exact computation".to_string(),
                );
            };
            let goal = Goal::Between(v.sub(&tol), v.add(&tol));
            r.required = view.in_unit(&v);
            level_kind(r, ctx, &view, t, stock, goal)
        }
    }
}

/// A quantity's exact value in base units.
fn base(q: &Quantity) -> Exact {
    Exact::from(q.base)
}

fn skeleton(t: &Target) -> TargetResult {
    TargetResult {
        target: t.id.clone(),
        item: t.item.clone(),
        section: None,
        metric: t.metric.clone(),
        kind: t.kind(),
        strength: t.strength,
        lead: t.lead.clone(),
        support: t.support.clone(),
        status: Status::Pending,
        deadline: t.deadline,
        op: t.condition.op(),
        required: None,
        low: None,
        high: None,
        actual: None,
        expected: None,
        gap: None,
        unit: None,
        progress: None,
        rate: None,
        years: None,
        achieved: None,
        reason: None,
    }
}

/// The section an item stands in, through its parent for a part.
fn section_of(ctx: &Context, item: &str) -> Option<String> {
    let it = ctx.cat.item(item)?;
    it.section.clone().or_else(|| {
        let parent = it.parent.as_deref()?;
        ctx.cat.item(parent)?.section.clone()
    })
}

fn unjudged(mut r: TargetResult, ctx: &Context, reason: String) -> TargetResult {
    r.status = lacking(ctx.as_of, r.deadline);
    r.reason = Some(reason);
    r
}

fn kind_name(kind: TargetKind) -> &'static str {
    match kind {
        TargetKind::Threshold => "threshold",
        TargetKind::EachYear => "each_year",
        TargetKind::YearlyGrowth => "yearly_growth",
        TargetKind::AverageGrowth => "average_growth",
        TargetKind::AnnualAverage => "annual_average",
        TargetKind::WindowTotal => "window_total",
        TargetKind::Range => "range",
        TargetKind::Approximately => "approximately",
        TargetKind::ChangeFromBaseline => "change_from_baseline",
        TargetKind::Milestone => "milestone",
    }
}

/// The year a stock's straight line starts from: the target's baseline,
/// else the plan's, else the year before the target's window.
fn line_start(ctx: &Context, t: &Target) -> u16 {
    t.condition
        .since()
        .or(ctx.cat.model.plan.baseline)
        .unwrap_or_else(|| t.window.from.saturating_sub(1))
}

/// threshold, window_total, range and approximately: a level or a running
/// total against one goal.
fn level_kind(
    mut r: TargetResult,
    ctx: &Context,
    view: &View,
    t: &Target,
    stock: bool,
    goal: Goal,
) -> TargetResult {
    let deadline = t.deadline;
    let mut earliest = t.deadline_earliest.unwrap_or(deadline);
    // A stock's figure is read in a year; a flow's is summed from the start
    // of the target's window.
    let (measure, path) = if stock {
        let s = line_start(ctx, t);
        (
            Measure::Point,
            Path::Line {
                year: s,
                from: view.point(s),
            },
        )
    } else {
        let from = t.window.from;
        (
            Measure::Running { from },
            Path::Line {
                year: from.saturating_sub(1),
                from: Ok(Exact::zero()),
            },
        )
    };
    match &goal {
        Goal::Cmp(_, level) => r.required = view.in_unit(level),
        Goal::Between(lo, hi) => {
            r.low = view.in_unit(lo);
            r.high = view.in_unit(hi);
        }
    }
    if stock && t.kind() == TargetKind::WindowTotal {
        // A level "within" a window: held in any year of it.
        earliest = t.window.from;
    }
    let goal_at = |_: u16| Some(goal.clone());
    let spec = Spec {
        measure,
        goal: &goal_at,
        earliest,
        deadline,
        path,
    };
    let j = level::judge(view, &spec);
    fill(&mut r, view, &j, measure);
    r
}

/// change_from_baseline and average_growth: the baseline year's figure
/// times `(1 + p/100)` (compounded yearly for average growth).
#[allow(clippy::too_many_arguments)]
fn growth(
    mut r: TargetResult,
    ctx: &Context,
    view: &View,
    t: &Target,
    op: Op,
    rate: &Quantity,
    b: u16,
    compound: bool,
) -> TargetResult {
    let p = rate.base;
    r.rate = Some(Rate {
        required: p,
        actual: None,
    });
    // A checked plan never has it (E0307), but a model written by hand may:
    // a year at or before B would be judged on a power of 0 or less.
    let first = t.deadline_earliest.unwrap_or(t.deadline).min(t.deadline);
    if b >= first {
        let which = if first < t.deadline {
            format!("the first year of its deadline {first}..{}", t.deadline)
        } else {
            format!("its deadline {first}")
        };
        let reason = format!("its baseline {b} is not before {which}");
        return unjudged(r, ctx, reason);
    }
    let vb = match view.point(b) {
        Ok(v) => v,
        Err(lack) => {
            let reason = format!(
                "{} (the baseline year), so the rate cannot be judged",
                lack.describe()
            );
            return unjudged(r, ctx, reason);
        }
    };
    if vb.signum() <= 0 {
        let shown = view
            .in_unit(&vb)
            .map_or_else(String::new, |d| format!(" is {d}"));
        let reason = format!(
            "the {b} baseline figure{shown}: a rate of change from zero or below is undefined"
        );
        return unjudged(r, ctx, reason);
    }
    let factor = Exact::growth_factor(p);
    let goal_at = |y: u16| {
        let n = if compound {
            u32::from(y.saturating_sub(b))
        } else {
            1
        };
        factor.pow(n).map(|f| Goal::Cmp(op, vb.mul(&f)))
    };
    let path = if compound {
        Path::Compound {
            year: b,
            base: vb.clone(),
            factor: factor.clone(),
        }
    } else {
        Path::Line {
            year: b,
            from: Ok(vb.clone()),
        }
    };
    r.required = goal_at(t.deadline).and_then(|g| match g {
        Goal::Cmp(_, level) => view.in_unit(&level),
        Goal::Between(..) => None,
    });
    let spec = Spec {
        measure: Measure::Point,
        goal: &goal_at,
        earliest: t.deadline_earliest.unwrap_or(t.deadline),
        deadline: t.deadline,
        path,
    };
    let j = level::judge(view, &spec);
    fill(&mut r, view, &j, Measure::Point);
    if let (Some(x), Some(y)) = (&j.actual, j.year) {
        let achieved = if compound {
            cagr(x, &vb, u32::from(y.saturating_sub(b)))
        } else {
            percent_change(x, &vb)
        };
        r.rate = Some(Rate {
            required: p,
            actual: achieved,
        });
    }
    r
}

/// `(x − base) / base` in percent, rounded for display.
fn percent_change(x: &Exact, base: &Exact) -> Option<Decimal> {
    x.sub(base)
        .mul_int(100)
        .div_rounded(base, RATE_PLACES)
        .and_then(|e| e.to_decimal())
}

/// The compound annual rate from `base` to `x` over `n` years, in percent,
/// rounded for display (an n-th root is not exact; the status never uses it).
fn cagr(x: &Exact, base: &Exact, n: u32) -> Option<Decimal> {
    if n == 0 || x.signum() < 0 {
        return None;
    }
    if x.is_zero() {
        // Whatever the years, a fall to nothing is a rate of −100 %.
        return Some(-Decimal::ONE_HUNDRED);
    }
    let ratio = x.div_rounded(base, 20)?.to_decimal_rounded()?;
    let root = ratio.checked_powd(Decimal::ONE.checked_div(Decimal::from(n))?)?;
    let pct = root
        .checked_sub(Decimal::ONE)?
        .checked_mul(Decimal::ONE_HUNDRED)?;
    Some(pct.round_dp(RATE_PLACES).normalize())
}

/// annual_average: the mean yearly figure over the years of the window so
/// far against the yearly value, compared without division as the total
/// of those years against the value times their number. At the deadline
/// (each year of a span deadline) the years are W₀..that year; before it,
/// the years reported so far.
fn annual_average(
    mut r: TargetResult,
    ctx: &Context,
    view: &View,
    t: &Target,
    op: Op,
    value: &Quantity,
) -> TargetResult {
    let from = t.window.from;
    if t.deadline < from {
        let reason = format!(
            "its deadline {} is before its window starts in {from}",
            t.deadline
        );
        return unjudged(r, ctx, reason);
    }
    let per_year = base(value);
    // At most 65536: a u16 span of years plus one.
    let years_to = |y: u16| i64::from(y.saturating_sub(from)).saturating_add(1);
    let goal_at = |y: u16| Some(Goal::Cmp(op, per_year.mul_int(years_to(y))));
    let spec = Spec {
        measure: Measure::Running { from },
        goal: &goal_at,
        earliest: t.deadline_earliest.unwrap_or(t.deadline).max(from),
        deadline: t.deadline,
        path: Path::SoFar {
            year: from.saturating_sub(1),
        },
    };
    let j = level::judge(view, &spec);
    fill(&mut r, view, &j, Measure::Running { from });
    r.required = view.in_unit(&per_year);
    // Totals become means over the years they cover.
    if let (Some(sum), Some(y)) = (&j.actual, j.year) {
        let covered = Exact::from_int(years_to(y));
        let mean = sum.div_rounded(&covered, 28);
        r.actual = mean.as_ref().and_then(|m| view.in_unit(m));
        r.gap = mean
            .as_ref()
            .and_then(|m| view.in_unit(&Goal::Cmp(op, per_year.clone()).gap(m)));
        r.expected = j.expected.as_ref().and_then(|_| view.in_unit(&per_year));
    }
    r
}

/// What `each year` compares: a level, or the growth on the year before.
enum Yearly<'q> {
    Level(&'q Quantity),
    Growth(&'q Quantity),
}

fn yearly(mut r: TargetResult, view: &View, t: &Target, op: Op, what: Yearly) -> TargetResult {
    let (growth, q) = match what {
        Yearly::Level(q) => (false, q),
        Yearly::Growth(q) => (true, q),
    };
    let required = base(q);
    let factor = Exact::growth_factor(q.base);
    let check = |y: u16| -> Result<YearCheck, Unjudged> {
        let actual = view.point(y).map_err(Unjudged::Lack)?;
        if !growth {
            return Ok(YearCheck {
                year: y,
                actual,
                goal: Goal::Cmp(op, required.clone()),
                before: None,
            });
        }
        let Some(before) = y.checked_sub(1) else {
            return Err(Unjudged::Undefined(format!("there is no year before {y}")));
        };
        let prev = view.point(before).map_err(Unjudged::Lack)?;
        if prev.signum() <= 0 {
            let shown = view
                .in_unit(&prev)
                .map_or_else(String::new, |d| format!(" is {d}"));
            return Err(Unjudged::Undefined(format!(
                "the {} figure{shown}: growth from zero or below is undefined",
                before
            )));
        }
        Ok(YearCheck {
            year: y,
            actual,
            goal: Goal::Cmp(op, prev.mul(&factor)),
            before: Some(prev),
        })
    };
    let out = yearly::judge(view.as_of, t.window.from, t.window.to, &check);
    r.status = out.status;
    r.reason = out.reason;
    r.progress = Exact::from_int(i64::from(out.passed))
        .div_rounded(&Exact::from_int(i64::from(out.years)), PROGRESS_PLACES)
        .and_then(|e| e.to_decimal());
    if growth {
        r.rate = Some(Rate {
            required: q.base,
            actual: None,
        });
    } else {
        r.required = view.in_unit(&required);
    }
    if let Some(c) = out.decisive {
        r.actual = view.in_unit(&c.actual);
        r.gap = view.in_unit(&c.goal.gap(&c.actual));
        r.years = Some(Window {
            from: c.year,
            to: c.year,
        });
        if let Goal::Cmp(_, level) = &c.goal {
            r.required = view.in_unit(level);
        }
        if let (Some(prev), Some(rate)) = (&c.before, r.rate.as_mut()) {
            rate.actual = percent_change(&c.actual, prev);
        }
    }
    r
}

fn milestone(mut r: TargetResult, view: &View, t: &Target) -> TargetResult {
    let m = milestone::judge(view, t.deadline);
    r.status = m.status;
    r.reason = m.reason;
    r.achieved = m.done_in;
    r.progress = match (m.done_in, m.reported) {
        (Some(y), _) if y <= view.as_of => Some(Decimal::ONE),
        (_, Some(_)) => Some(Decimal::ZERO),
        _ => None,
    };
    r
}

/// Copies a level judgement into the result, in the metric's unit.
fn fill(r: &mut TargetResult, view: &View, j: &Judgement, measure: Measure) {
    r.status = j.status;
    r.reason = j.reason.clone();
    r.achieved = j.achieved;
    r.actual = j.actual.as_ref().and_then(|x| view.in_unit(x));
    r.expected = j.expected.as_ref().and_then(|e| view.in_unit(e));
    r.years = j.year.map(|y| Window {
        from: match measure {
            Measure::Point => y,
            Measure::Running { from } => from,
        },
        to: y,
    });
    if let (Some(x), Some(goal)) = (&j.actual, &j.goal) {
        r.gap = view.in_unit(&goal.gap(x));
        if let Goal::Cmp(_, level) = goal {
            if r.required.is_none() || r.rate.is_some() {
                r.required = view.in_unit(level);
            }
        }
    }
    r.progress = j
        .progress
        .as_ref()
        .and_then(|(num, den)| num.div_rounded(den, PROGRESS_PLACES))
        .and_then(|e| e.to_decimal());
}
