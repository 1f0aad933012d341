//! Judging one target: each kind mapped onto the level, yearly or milestone
//! rules, and the outcome turned into figures in the metric's unit.
//! `docs/semantics.md` states these rules with worked examples.

use super::bound::Bound;
use super::commitment;
use super::level::{self, lacking, Goal, Judgement, Measure, Path, Spec};
use super::milestone;
use super::reason::{self, Reason};
use super::relation::{self, Relation};
use super::result::{Rate, TargetResult};
use super::series::{Parts, View};
use super::status::Status;
use super::trend::{self, Trend, TrendMeasure};
use super::yearly::{self, Unjudged, YearCheck};
use crate::data::{Catalog, Figures};
use crate::exact::Exact;
use crate::model::{Condition, MetricKind, Requirement, Target, TargetKind, Window};
use rust_decimal::{Decimal, MathematicalOps};

/// Places kept for a progress fraction.
pub(super) const PROGRESS_PLACES: u32 = 4;
/// Places kept for a displayed rate in percent.
const RATE_PLACES: u32 = 2;

pub struct Context<'a, 'm> {
    pub cat: &'a Catalog<'m>,
    pub figures: &'a Figures,
    pub as_of: u16,
    /// The declared region (its index in the model) whose figures judge
    /// the target; `None`: the plan-wide figures.
    pub region: Option<u32>,
}

pub fn target(ctx: &Context, t: &Target) -> TargetResult {
    let mut r = skeleton(t);
    r.section = section_of(ctx, &t.item);
    if let Some(region) = t.region() {
        if ctx.region.is_none() {
            let region = region.to_string();
            return unjudged(r, ctx, Reason::UndeclaredRegion { region });
        }
    }
    let Some(metric) = ctx.cat.metric_index(&t.metric) else {
        let metric = t.metric.clone();
        return unjudged(r, ctx, Reason::UndeclaredMetric { metric });
    };
    let Some(m) = ctx.cat.metric(metric) else {
        let metric = t.metric.clone();
        return unjudged(r, ctx, Reason::UndeclaredMetric { metric });
    };
    r.unit = ctx.cat.metric_unit(metric).map(|u| u.id.clone());
    let view = match view_of(ctx, metric) {
        Ok(view) => view,
        Err(reason) => return unjudged(r, ctx, reason),
    };
    let is_milestone = m.kind == MetricKind::Milestone;
    let is_commitment = m.kind == MetricKind::Commitment;
    if is_milestone != (t.kind() == TargetKind::Milestone)
        || is_commitment != (t.kind() == TargetKind::Commitment)
    {
        let reason = Reason::KindMismatch {
            kind: t.kind(),
            metric_kind: m.kind,
            metric: m.id.clone(),
        };
        return unjudged(r, ctx, reason);
    }
    // A ratio's figure is read in a year, like a stock's.
    let stock = matches!(m.kind, MetricKind::Stock | MetricKind::Ratio);
    if is_commitment {
        return commitment(r, &view, t);
    }
    let Some(requirement) = t.condition.requirement() else {
        return milestone(r, &view, t);
    };
    if let Some(rel) = Relation::of(requirement) {
        let mut r = relation::judge(r, ctx, &view, t, rel);
        let from = trend::first_year(&view, line_start(ctx, t));
        r.trend = Some(match t.condition {
            Condition::YearlyGrowth { .. } => Trend {
                measure: TrendMeasure::Growth,
                series: growth_series(&view, from),
                path: Vec::new(),
            },
            _ => Trend {
                measure: TrendMeasure::Level,
                series: trend::levels(&view, from),
                path: Vec::new(),
            },
        });
        return r;
    }
    if matches!(requirement, Requirement::SetYearly {}) {
        let tolerance = ctx.cat.model.plan.tolerance;
        return match &t.condition {
            Condition::EachYear { .. } => {
                yearly(r, &view, t, Yearly::Level, Bounds::Set(tolerance))
            }
            Condition::YearlyGrowth { .. } => {
                yearly(r, &view, t, Yearly::Growth, Bounds::Set(tolerance))
            }
            _ => unjudged(r, ctx, Reason::SetCannotJudge { kind: t.kind() }),
        };
    }
    let Some(bound) = Bound::of(requirement) else {
        return unjudged(r, ctx, Reason::BeyondTolerance);
    };
    match &t.condition {
        Condition::Milestone {} => milestone(r, &view, t),
        Condition::Commitment {} => commitment(r, &view, t),
        Condition::EachYear { .. } => yearly(r, &view, t, Yearly::Level, Bounds::Fixed(&bound)),
        Condition::YearlyGrowth { .. } => {
            yearly(r, &view, t, Yearly::Growth, Bounds::Fixed(&bound))
        }
        Condition::AnnualAverage { .. } => annual_average(r, ctx, &view, t, &bound),
        Condition::AverageGrowth { since, .. } => {
            from_base(r, ctx, &view, t, &bound, *since, FromBase::Compound)
        }
        Condition::ChangeFromBaseline { since, .. } => {
            from_base(r, ctx, &view, t, &bound, *since, FromBase::Relative)
        }
        Condition::AbsoluteChange { since, .. } => {
            from_base(r, ctx, &view, t, &bound, *since, FromBase::Absolute)
        }
        Condition::Multiple { since, .. } => {
            from_base(r, ctx, &view, t, &bound, *since, FromBase::Multiple)
        }
        Condition::Threshold { .. } | Condition::WindowTotal { .. } => {
            level_kind(r, ctx, &view, t, stock, &bound, requirement)
        }
        // One year's own figure, whatever the metric's kind.
        Condition::SingleYear { .. } => level_kind(r, ctx, &view, t, true, &bound, requirement),
    }
}

/// A metric's figures as of the evaluation year; a ratio's are read from
/// its parts in a year it has no row of its own.
pub(super) fn view_of<'a>(ctx: &Context<'a, '_>, metric: u32) -> Result<View<'a>, Reason> {
    let view = View::new(ctx.figures, metric, ctx.as_of, ctx.cat.metric_scale(metric))
        .in_region(ctx.region);
    let Some(ratio) = ctx.cat.metric(metric).and_then(|m| m.ratio.as_ref()) else {
        return Ok(view);
    };
    let part = |id: &str| -> Result<(String, View<'a>), Reason> {
        let i = ctx
            .cat
            .metric_index(id)
            .ok_or_else(|| Reason::UndeclaredPart {
                metric: id.to_string(),
            })?;
        Ok((
            id.to_string(),
            View::new(ctx.figures, i, ctx.as_of, ctx.cat.metric_scale(i)).in_region(ctx.region),
        ))
    };
    Ok(view.with_parts(Parts {
        numerator: part(&ratio.numerator)?,
        denominator: part(&ratio.denominator)?,
    }))
}

fn skeleton(t: &Target) -> TargetResult {
    TargetResult {
        target: t.id.clone(),
        item: t.item.clone(),
        section: None,
        metric: t.metric.clone(),
        kind: t.kind(),
        region: t.region().map(str::to_string),
        strength: t.strength,
        class: t.class.clone(),
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
        reasons: Vec::new(),
        assessment: None,
        trend: None,
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

pub(super) fn unjudged(mut r: TargetResult, ctx: &Context, reason: Reason) -> TargetResult {
    r.status = lacking(ctx.as_of, r.deadline);
    r.reasons = vec![reason];
    r
}

/// The year a straight expected path starts from: the target's base year,
/// else the plan's baseline, else the year before the plan; never before
/// the year before the plan, so a base year long past (`since 1990` in a
/// plan from 2021) does not stretch the path over decades the plan never
/// covered.
pub(super) fn line_start(ctx: &Context, t: &Target) -> u16 {
    let before_plan = ctx.cat.model.plan.period.from.saturating_sub(1);
    t.condition
        .since()
        .or(ctx.cat.model.plan.baseline)
        .map_or(before_plan, |b| b.max(before_plan))
}

/// threshold, window_total and single_year: a level or a running total
/// against one goal.
#[allow(clippy::too_many_arguments)]
fn level_kind(
    mut r: TargetResult,
    ctx: &Context,
    view: &View,
    t: &Target,
    point: bool,
    bound: &Bound,
    requirement: &Requirement,
) -> TargetResult {
    let deadline = t.deadline;
    let mut earliest = t.deadline_earliest.unwrap_or(deadline);
    // A stock's figure (or one year's) is read in a year; a flow's is
    // summed from the start of the target's window.
    let (measure, path) = if point {
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
    let Some(goal) = bound.map(|v| Some(v.clone())) else {
        return unjudged(r, ctx, Reason::BeyondRequirement);
    };
    match &goal {
        Goal::Cmp(_, level) => r.required = view.in_unit(level),
        Goal::Between(lo, hi) => {
            r.low = view.in_unit(lo);
            r.high = view.in_unit(hi);
        }
    }
    if let Some(v) = Bound::shown(requirement) {
        r.required = view.in_unit(&v);
    }
    if point && t.kind() == TargetKind::WindowTotal {
        // A level "within" a window: held in any year of it.
        earliest = t.window.from;
    }
    let goal_at = |_: u16| Ok(goal.clone());
    let spec = Spec {
        measure,
        goal: &goal_at,
        earliest,
        deadline,
        path,
    };
    let j = level::judge(view, &spec);
    fill(&mut r, view, &j, measure);
    r.trend = Some(match measure {
        Measure::Point => Trend {
            measure: TrendMeasure::Level,
            series: trend::levels(view, trend::first_year(view, line_start(ctx, t))),
            path: trend::path(view, &spec.path, measure, Some(&goal), deadline),
        },
        Measure::Running { from } => Trend {
            measure: TrendMeasure::RunningTotal,
            series: trend::running(view, from, false),
            path: trend::path(view, &spec.path, measure, Some(&goal), deadline),
        },
    });
    // A soft requirement met only thanks to its tolerance says so.
    if let (Some(Bound::Cmp(op, v)), Some(x), Status::Met | Status::OnTrack, true) = (
        Bound::strict(requirement),
        &j.actual,
        r.status,
        r.reasons.is_empty(),
    ) {
        if !Goal::Cmp(op, v.clone()).holds(x) {
            r.reasons = vec![match view.in_unit(&v) {
                Some(value) => Reason::PastWithinTolerance { value },
                None => Reason::WithinTolerance,
            }];
        }
    }
    r
}

fn beyond_range() -> Reason {
    Reason::BeyondRequiredLevel
}

/// How a measure taken from a base year maps its requirement onto a level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FromBase {
    /// average_growth: `v(B)·(1 + p/100)^(y − B)`.
    Compound,
    /// change_from_baseline: `v(B)·(1 + p/100)`.
    Relative,
    /// absolute_change: `v(B) + d`.
    Absolute,
    /// multiple: `v(B)·k`.
    Multiple,
}

/// average_growth, change_from_baseline, absolute_change and multiple: the
/// base year's figure carried to the required level by the measure.
fn from_base(
    mut r: TargetResult,
    ctx: &Context,
    view: &View,
    t: &Target,
    bound: &Bound,
    b: u16,
    how: FromBase,
) -> TargetResult {
    // The rate as written (a soft or `~` requirement's own value, without
    // its tolerance), else the bound the figure must reach.
    let written = t.condition.requirement().and_then(Bound::shown);
    let shown_rate = match (&written, bound) {
        (Some(v), _) | (None, Bound::Cmp(_, v) | Bound::Between(v, _)) => v.to_decimal_rounded(),
    };
    let is_rate = matches!(how, FromBase::Compound | FromBase::Relative);
    if is_rate {
        r.rate = shown_rate.map(|required| Rate {
            required,
            actual: None,
        });
    }
    // A checked plan never has it (E0307), but a model written by hand may:
    // a year at or before B would be judged on a power of 0 or less.
    let first = t.deadline_earliest.unwrap_or(t.deadline).min(t.deadline);
    if b >= first {
        let reason = Reason::BaselineNotBefore {
            baseline: b,
            first,
            deadline: t.deadline,
        };
        return unjudged(r, ctx, reason);
    }
    // Average growth reads a year on the growth rates reported for every
    // year since B when there are, carrying v(B) forward by them (or 1,
    // without a figure for B); other years on their own figures.
    let compound = how == FromBase::Compound;
    let rates_from_b = compound && b.checked_add(1).is_some_and(|n| view.rate(n).is_some());
    let (vb, levels) = match view.point(b) {
        Ok(v) => (v, true),
        Err(_) if rates_from_b => (Exact::from_int(1), false),
        Err(lack) => return unjudged(r, ctx, Reason::NoBaseline { lack }),
    };
    let carried = compound.then(|| view.carried(b, vb.clone(), levels));
    let view = carried.as_ref().unwrap_or(view);
    if how != FromBase::Absolute && vb.signum() <= 0 {
        let reason = Reason::BaselineNotPositive {
            year: b,
            value: view.in_unit(&vb),
        };
        return unjudged(r, ctx, reason);
    }
    // The level a value of the requirement's scale leads to in year y.
    let level_at = |v: &Exact, y: u16| match how {
        FromBase::Compound => Exact::growth_factor_exact(v)
            .pow(u32::from(y.saturating_sub(b)))
            .map(|f| vb.mul(&f)),
        FromBase::Relative => Some(vb.mul(&Exact::growth_factor_exact(v))),
        FromBase::Absolute => Some(vb.add(v)),
        FromBase::Multiple => Some(vb.mul(v)),
    };
    let goal_at = |y: u16| bound.map(|v| level_at(v, y)).ok_or_else(beyond_range);
    let aim = match bound {
        Bound::Cmp(_, v) | Bound::Between(v, _) => v.clone(),
    };
    let path = match how {
        FromBase::Compound => Path::Compound {
            year: b,
            base: vb.clone(),
            factor: Exact::growth_factor_exact(&aim),
        },
        FromBase::Multiple => Path::Root {
            year: b,
            base: vb.clone(),
            multiple: aim,
        },
        FromBase::Relative | FromBase::Absolute => {
            let s = line_start(ctx, t);
            Path::Line {
                year: s,
                from: view.point(s),
            }
        }
    };
    r.required = goal_at(t.deadline).ok().and_then(|g| match g {
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
    // Carried from 1 rather than a figure, the levels are factors: no trend.
    if view.chain().is_none_or(|c| c.levels) {
        let goal = goal_at(t.deadline).ok();
        r.trend = Some(Trend {
            measure: TrendMeasure::Level,
            series: trend::levels(view, trend::first_year(view, b)),
            path: trend::path(view, &spec.path, Measure::Point, goal.as_ref(), t.deadline),
        });
    }
    // A soft or `~` requirement shows the level its written value leads
    // to; met only thanks to its tolerance, it says so.
    if let Some(v) = &written {
        if let Some(level) = level_at(v, t.deadline) {
            r.required = view.in_unit(&level);
        }
    }
    if let (Some(Bound::Cmp(op, v)), Some(x), Some(y), Status::Met, true) = (
        t.condition.requirement().and_then(Bound::strict),
        &j.actual,
        j.year,
        r.status,
        r.reasons.is_empty(),
    ) {
        if level_at(&v, y).is_some_and(|s| !Goal::Cmp(op, s).holds(x)) {
            r.reasons = vec![Reason::WithinTolerance];
        }
    }
    if let (Some(x), Some(y), Some(required)) = (&j.actual, j.year, shown_rate) {
        let achieved = match how {
            FromBase::Compound => cagr(x, &vb, u32::from(y.saturating_sub(b))),
            FromBase::Relative => percent_change(x, &vb),
            FromBase::Absolute | FromBase::Multiple => None,
        };
        if is_rate {
            r.rate = Some(Rate {
                required,
                actual: achieved,
            });
        }
    }
    if let (Some(chain), Some(y)) = (view.chain(), j.year) {
        if chain.carries(y) {
            let years: Vec<u16> = chain.years().take_while(|&c| c <= y).collect();
            let note = (!years.is_empty()).then_some(Reason::RatesCarried {
                years,
                base: b,
                from_figure: chain.levels,
            });
            r.reasons = reason::then(std::mem::take(&mut r.reasons), note);
        }
        if !chain.levels {
            // Carried from 1, not from a figure: factors, not levels.
            r.actual = None;
            r.required = None;
            r.expected = None;
            r.gap = None;
        }
    }
    r
}

/// `(x − base) / base` in percent, rounded for display.
pub(super) fn percent_change(x: &Exact, base: &Exact) -> Option<Decimal> {
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
    bound: &Bound,
) -> TargetResult {
    let from = t.window.from;
    if t.deadline < from {
        let reason = Reason::DeadlineBeforeWindow {
            deadline: t.deadline,
            from,
        };
        return unjudged(r, ctx, reason);
    }
    let Some(per_year) = bound.map(|v| Some(v.clone())) else {
        return unjudged(r, ctx, Reason::BeyondRequirement);
    };
    // At most 65536: a u16 span of years plus one.
    let years_to = |y: u16| i64::from(y.saturating_sub(from)).saturating_add(1);
    let goal_at = |y: u16| {
        bound
            .map(|v| Some(v.mul_int(years_to(y))))
            .ok_or_else(beyond_range)
    };
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
    let path = match &per_year {
        Goal::Cmp(_, v) => (from..=t.deadline.min(from.saturating_add(trend::MAX_YEARS)))
            .filter_map(|y| {
                Some(trend::Point {
                    year: y,
                    value: view.in_unit(v)?,
                })
            })
            .collect(),
        Goal::Between(..) => Vec::new(),
    };
    r.trend = Some(Trend {
        measure: TrendMeasure::Mean,
        series: trend::running(view, from, true),
        path,
    });
    match &per_year {
        Goal::Cmp(_, v) => r.required = view.in_unit(v),
        Goal::Between(lo, hi) => {
            r.low = view.in_unit(lo);
            r.high = view.in_unit(hi);
        }
    }
    // Totals become means over the years they cover.
    if let (Some(sum), Some(y)) = (&j.actual, j.year) {
        let covered = Exact::from_int(years_to(y));
        let mean = sum.div_rounded(&covered, 28);
        r.actual = mean.as_ref().and_then(|m| view.in_unit(m));
        r.gap = mean.as_ref().and_then(|m| view.in_unit(&per_year.gap(m)));
        r.expected = match &per_year {
            Goal::Cmp(_, v) => j.expected.as_ref().and_then(|_| view.in_unit(v)),
            Goal::Between(..) => None,
        };
        // Exactly: total against the written value times the years.
        let strict = t.condition.requirement().and_then(Bound::strict);
        if let (Some(Bound::Cmp(op, v)), Status::Met | Status::OnTrack, true) =
            (strict, r.status, r.reasons.is_empty())
        {
            if !Goal::Cmp(op, v.mul_int(years_to(y))).holds(sum) {
                r.reasons = vec![Reason::WithinTolerance];
            }
        }
    }
    if let Some(v) = t.condition.requirement().and_then(Bound::shown) {
        r.required = view.in_unit(&v);
    }
    r
}

/// The deciding year of an `each year` target, in the metric's unit: its
/// figure, gap, and what it was required to be.
pub(super) fn show_year(r: &mut TargetResult, view: &View, c: &YearCheck) {
    r.actual = view.in_unit(&c.actual);
    r.gap = view.in_unit(&c.goal.gap(&c.actual));
    r.years = Some(Window {
        from: c.year,
        to: c.year,
    });
    match &c.goal {
        Goal::Cmp(_, level) => r.required = view.in_unit(level),
        Goal::Between(lo, hi) => {
            r.low = view.in_unit(lo);
            r.high = view.in_unit(hi);
        }
    }
}

/// What `each year` compares: a level, or the growth on the year before.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Yearly {
    Level,
    Growth,
}

/// What each year of a yearly target must meet: the requirement's one
/// bound, or the value set for the year in the data (`set`), `~` within
/// the plan's default tolerance (in percent).
#[derive(Clone, Copy)]
enum Bounds<'b> {
    Fixed(&'b Bound),
    Set(Decimal),
}

fn yearly(
    mut r: TargetResult,
    view: &View,
    t: &Target,
    what: Yearly,
    bounds: Bounds,
) -> TargetResult {
    let growth = what == Yearly::Growth;
    let bound_of = |y: u16| -> Result<Bound, Unjudged> {
        match bounds {
            Bounds::Fixed(b) => Ok(b.clone()),
            Bounds::Set(percent) => {
                let (op, v) = view
                    .set_value(y, growth)
                    .ok_or(Unjudged::Undefined(Reason::NoValueSet { year: y }))?;
                Bound::set(op, v, percent)
                    .ok_or(Unjudged::Undefined(Reason::BeyondSetValue { year: y }))
            }
        }
    };
    let check = |y: u16| -> Result<YearCheck, Unjudged> {
        let beyond = || Unjudged::Undefined(Reason::BeyondRequiredLevel);
        let bound = bound_of(y)?;
        let bound = &bound;
        if growth {
            // A growth rate reported for the year is judged as it stands,
            // before any rate computed from levels.
            if let Some(rate) = view.rate(y) {
                let goal = bound.map(|v| Some(v.clone())).ok_or_else(beyond)?;
                return Ok(YearCheck {
                    reported: true,
                    ..YearCheck::plain(y, rate, goal)
                });
            }
        }
        let actual = view.point(y).map_err(Unjudged::Lack)?;
        if !growth {
            let goal = bound.map(|v| Some(v.clone())).ok_or_else(beyond)?;
            return Ok(YearCheck::plain(y, actual, goal));
        }
        let Some(before) = y.checked_sub(1) else {
            return Err(Unjudged::Undefined(Reason::NoYearBefore { year: y }));
        };
        let prev = view.point(before).map_err(Unjudged::Lack)?;
        if prev.signum() <= 0 {
            return Err(Unjudged::Undefined(Reason::GrowthFromNonPositive {
                year: before,
                value: view.in_unit(&prev),
            }));
        }
        let goal = bound
            .map(|p| Some(prev.mul(&Exact::growth_factor_exact(p))))
            .ok_or_else(beyond)?;
        // One percentage point of growth is a hundredth of the year before.
        let per = prev.shifted(-2).ok_or_else(beyond)?;
        Ok(YearCheck {
            year: y,
            actual,
            goal,
            before: Some(prev),
            per,
            reported: false,
        })
    };
    let out = yearly::judge(view.as_of, t.window.from, t.window.to, &check);
    r.trend = Some(yearly_trend(view, t, what, bounds));
    r.status = out.status;
    r.reasons = reason::then(out.reason, yearly::reported_note(&out.reported));
    if let (Bounds::Set(_), Some(c)) = (bounds, out.decisive.as_ref()) {
        if let Some((op, v)) = view.set_value(c.year, growth) {
            let value = if growth {
                Some(v.normalize())
            } else {
                view.in_unit(&Exact::from(v)).map(|d| d.normalize())
            };
            if let Some(value) = value {
                let note = Reason::SetFor {
                    year: c.year,
                    op: op.as_str(),
                    value,
                    unit: if growth { None } else { r.unit.clone() },
                    growth,
                };
                r.reasons.push(note);
            }
        }
    }
    r.progress = Exact::from_int(i64::from(out.passed))
        .div_rounded(&Exact::from_int(i64::from(out.years)), PROGRESS_PLACES)
        .and_then(|e| e.to_decimal());
    // What is shown as required: the requirement's own bound, or for a
    // value set each year the deciding year's.
    let shown = match bounds {
        Bounds::Fixed(b) => Some((b.clone(), t.condition.requirement().and_then(Bound::shown))),
        Bounds::Set(_) => out.decisive.as_ref().and_then(|c| {
            let (_, v) = view.set_value(c.year, growth)?;
            Some((bound_of(c.year).ok()?, Some(Exact::from(v))))
        }),
    };
    if let Some((bound, written)) = shown {
        let center = match (&bound, &written) {
            (Bound::Cmp(_, v), _) => Some(v.clone()),
            (Bound::Between(..), Some(v)) if matches!(bounds, Bounds::Set(_)) => Some(v.clone()),
            (Bound::Between(..), _) => None,
        };
        if growth {
            let required = match (&bound, &written) {
                (_, Some(v)) => v.to_decimal_rounded(),
                (Bound::Between(lo, _), None) => lo.to_decimal_rounded(),
                (Bound::Cmp(_, v), None) => v.to_decimal_rounded(),
            };
            r.rate = required.map(|required| Rate {
                required,
                actual: None,
            });
        } else if let Some(v) = center {
            r.required = view.in_unit(&v);
        }
    }
    if let Some(c) = out.decisive.as_ref().filter(|c| c.reported) {
        // Judged on the rate reported: the rate is the figure, in percent;
        // the year's level is shown when it was reported too.
        r.actual = view.point(c.year).ok().and_then(|x| view.in_unit(&x));
        r.years = Some(Window {
            from: c.year,
            to: c.year,
        });
        if let Some(rate) = r.rate.as_mut() {
            rate.actual = c.actual.to_decimal();
        }
        return r;
    }
    if let Some(c) = out.decisive {
        show_year(&mut r, view, &c);
        if let (Some(prev), Some(rate)) = (&c.before, r.rate.as_mut()) {
            rate.actual = percent_change(&c.actual, prev);
        }
        // A soft level each year: the written value, and whether a year
        // held only within the tolerance.
        if let (false, Some(Bound::Cmp(op, v))) =
            (growth, t.condition.requirement().and_then(Bound::strict))
        {
            r.required = view.in_unit(&v);
            let strict = Goal::Cmp(op, v);
            let within = out.passed > 0
                && matches!(r.status, Status::Met | Status::OnTrack)
                && !strict.holds(&c.actual);
            if within && r.reasons.is_empty() {
                r.reasons = vec![Reason::WithinTolerance];
            }
        }
    }
    r
}

/// An `each year` target's figures (levels or growth) and what each year
/// of its window was required to be.
fn yearly_trend(view: &View, t: &Target, what: Yearly, bounds: Bounds) -> Trend {
    let growth = what == Yearly::Growth;
    let from = trend::first_year(view, t.window.from);
    let last = t
        .window
        .to
        .min(t.window.from.saturating_add(trend::MAX_YEARS));
    // The value as written (a soft or `~` requirement's, without its
    // tolerance); a range has none, and its band is the result's bounds.
    let written = t.condition.requirement().and_then(Bound::shown);
    let path = (t.window.from..=last)
        .filter_map(|y| {
            let v = match (bounds, &written) {
                (Bounds::Fixed(_), Some(v)) | (Bounds::Fixed(Bound::Cmp(_, v)), None) => v.clone(),
                (Bounds::Fixed(Bound::Between(..)), None) => return None,
                (Bounds::Set(_), _) => Exact::from(view.set_value(y, growth)?.1),
            };
            if growth {
                trend::plain(y, &v)
            } else {
                Some(trend::Point {
                    year: y,
                    value: view.in_unit(&v)?,
                })
            }
        })
        .collect();
    if growth {
        Trend {
            measure: TrendMeasure::Growth,
            series: growth_series(view, from),
            path,
        }
    } else {
        Trend {
            measure: TrendMeasure::Level,
            series: trend::levels(view, from),
            path,
        }
    }
}

/// Growth on the year before, in percent, for each year from `from` to the
/// evaluation year: the rate reported for the year, else the one its
/// figures and the year before's give.
fn growth_series(view: &View, from: u16) -> Vec<trend::Point> {
    (from.max(view.as_of.saturating_sub(trend::MAX_YEARS))..=view.as_of)
        .filter_map(|y| {
            if let Some(rate) = view.rate(y) {
                return trend::plain(y, &rate);
            }
            let prev = view.point(y.checked_sub(1)?).ok()?;
            if prev.signum() <= 0 {
                return None;
            }
            let value = percent_change(&view.point(y).ok()?, &prev)?;
            Some(trend::Point { year: y, value })
        })
        .collect()
}

fn milestone(mut r: TargetResult, view: &View, t: &Target) -> TargetResult {
    let m = milestone::judge(view, t.deadline);
    r.status = m.status;
    r.reasons = m.reason.into_iter().collect();
    r.achieved = m.done_in;
    r.progress = match (m.done_in, m.reported) {
        (Some(y), _) if y <= view.as_of => Some(Decimal::ONE),
        (_, Some(_)) => Some(Decimal::ZERO),
        _ => None,
    };
    r
}

fn commitment(mut r: TargetResult, view: &View, t: &Target) -> TargetResult {
    let c = commitment::judge(view, t.deadline);
    r.status = c.status;
    r.reasons = c.reason.into_iter().collect();
    r.achieved = c
        .assessed
        .as_ref()
        .filter(|a| a.value == "done")
        .map(|a| a.year);
    r.assessment = c.assessed;
    r
}

/// Copies a level judgement into the result, in the metric's unit.
pub(super) fn fill(r: &mut TargetResult, view: &View, j: &Judgement, measure: Measure) {
    r.status = j.status;
    r.reasons = j.reasons.clone();
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
