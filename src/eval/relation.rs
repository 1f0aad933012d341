//! Requirements that relate a figure to another figure rather than to a
//! value: another metric measured the same way in the same year
//! (`全员劳动生产率 growth > 国内生产总值 growth`, 与…基本同步), or the
//! metric's own mean over past years (高于"十三五"时期实际).

use super::judge::{fill, line_start, percent_change, unjudged, Context, PROGRESS_PLACES};
use super::level::{self, Goal, Measure, Path, Spec};
use super::result::{Rate, TargetResult};
use super::series::View;
use super::yearly::{self, Unjudged, YearCheck};
use crate::exact::Exact;
use crate::model::{Condition, Op, Requirement, Target, Tolerance, Window};

/// Places a mean is computed to. A figure has at most 28 decimal places
/// and a mean of n ≤ 65536 of them differs from any such figure, unless
/// equal to it, by at least 10⁻²⁸/n > 10⁻³⁴; a mean rounded to 40 places
/// therefore compares with every figure exactly as the true mean does.
const MEAN_PLACES: u32 = 40;

/// A relation, as the model states it.
pub enum Relation<'r> {
    Metric {
        op: Op,
        metric: &'r str,
    },
    About {
        metric: &'r str,
        tolerance: &'r Tolerance,
    },
    Mean {
        op: Op,
        from: u16,
        to: u16,
    },
}

impl<'r> Relation<'r> {
    pub fn of(r: &'r Requirement) -> Option<Relation<'r>> {
        match r {
            Requirement::CompareMetric { op, metric } => Some(Relation::Metric { op: *op, metric }),
            Requirement::AboutMetric { metric, tolerance } => {
                Some(Relation::About { metric, tolerance })
            }
            Requirement::CompareMean { op, from, to } => Some(Relation::Mean {
                op: *op,
                from: *from,
                to: *to,
            }),
            _ => None,
        }
    }
}

/// Judges a target whose requirement is a relation.
pub fn judge(
    r: TargetResult,
    ctx: &Context,
    view: &View,
    t: &Target,
    rel: Relation,
) -> TargetResult {
    let other = match &rel {
        Relation::Metric { metric, .. } | Relation::About { metric, .. } => {
            let Some(i) = ctx.cat.metric_index(metric) else {
                let reason = format!("metric `{metric}` is not declared in the model");
                return unjudged(r, ctx, reason);
            };
            Some(View::new(
                ctx.figures,
                i,
                ctx.as_of,
                ctx.cat.metric_scale(i),
            ))
        }
        Relation::Mean { .. } => None,
    };
    match &t.condition {
        Condition::YearlyGrowth { .. } => match other {
            Some(o) => growth(r, view, &o, t, &rel),
            None => unjudged(
                r,
                ctx,
                "a mean is compared with a level, not with growth".into(),
            ),
        },
        Condition::EachYear { .. } => each_year(r, view, other.as_ref(), t, &rel),
        Condition::Threshold { .. } | Condition::SingleYear { .. } => {
            level(r, ctx, view, other.as_ref(), t, &rel)
        }
        _ => unjudged(
            r,
            ctx,
            format!(
                "a relation to another figure cannot judge a {:?} target",
                t.kind()
            )
            .to_lowercase(),
        ),
    }
}

/// The level a figure is compared with in year `y`: the other metric's
/// figure, or the mean of the metric's own years.
fn level_goal(view: &View, other: Option<&View>, rel: &Relation, y: u16) -> Result<Goal, String> {
    match rel {
        Relation::Metric { op, metric } => {
            let o = other.ok_or("no other metric")?;
            let x = o
                .point(y)
                .map_err(|l| format!("{} of `{metric}`", l.describe()))?;
            Ok(Goal::Cmp(*op, x))
        }
        Relation::About { metric, tolerance } => {
            let o = other.ok_or("no other metric")?;
            let x = o
                .point(y)
                .map_err(|l| format!("{} of `{metric}`", l.describe()))?;
            let t = allowance(tolerance, &x).ok_or("its tolerance is beyond exact computation")?;
            Ok(Goal::Between(x.sub(&t), x.add(&t)))
        }
        Relation::Mean { op, from, to } => Ok(Goal::Cmp(*op, mean(view, *from, *to)?)),
    }
}

/// The mean of the metric's figures over `from..=to`, to [`MEAN_PLACES`].
fn mean(view: &View, from: u16, to: u16) -> Result<Exact, String> {
    let sum = view.sum(from, to).map_err(|l| {
        format!(
            "{} (for the mean of {from}..{to})",
            super::series::describe_all(&l)
        )
    })?;
    let n = i64::from(to.saturating_sub(from)).saturating_add(1);
    sum.div_rounded(&Exact::from_int(n), MEAN_PLACES)
        .ok_or_else(|| format!("the mean of {from}..{to} is beyond exact computation"))
}

/// An `about` tolerance around `v`: a share of |v|, or an amount.
fn allowance(t: &Tolerance, v: &Exact) -> Option<Exact> {
    match t {
        Tolerance::Relative { percent, .. } => v.abs().mul(&Exact::from(*percent)).shifted(-2),
        Tolerance::Absolute { amount } => Some(Exact::from(amount.base).abs()),
    }
}

/// A stock's level at the deadline, or one year's figure, against the
/// other figure of the same year; before the deadline, on the straight
/// path to the other figure's latest value.
fn level(
    mut r: TargetResult,
    ctx: &Context,
    view: &View,
    other: Option<&View>,
    t: &Target,
    rel: &Relation,
) -> TargetResult {
    let s = line_start(ctx, t);
    let goal_at = |y: u16| {
        // Before the deadline the other figure of the deadline is not in
        // yet: aim at its latest one.
        let year = if y > view.as_of { view.as_of } else { y };
        level_goal(view, other, rel, year)
    };
    let spec = Spec {
        measure: Measure::Point,
        goal: &goal_at,
        earliest: t.deadline_earliest.unwrap_or(t.deadline),
        deadline: t.deadline,
        path: Path::Line {
            year: s,
            from: view.point(s),
        },
    };
    let j = level::judge(view, &spec);
    fill(&mut r, view, &j, Measure::Point);
    r
}

/// `each year`: every year's figure against the other figure of that year.
fn each_year(
    mut r: TargetResult,
    view: &View,
    other: Option<&View>,
    t: &Target,
    rel: &Relation,
) -> TargetResult {
    let check = |y: u16| -> Result<YearCheck, Unjudged> {
        let actual = view.point(y).map_err(Unjudged::Lack)?;
        let goal = level_goal(view, other, rel, y).map_err(Unjudged::Undefined)?;
        Ok(YearCheck {
            year: y,
            actual,
            goal,
            before: None,
        })
    };
    let out = yearly::judge(view.as_of, t.window.from, t.window.to, &check);
    r.status = out.status;
    r.reason = out.reason;
    r.progress = progress(out.passed, out.years);
    if let Some(c) = out.decisive {
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
    r
}

fn progress(passed: u32, years: u32) -> Option<rust_decimal::Decimal> {
    Exact::from_int(i64::from(passed))
        .div_rounded(&Exact::from_int(i64::from(years)), PROGRESS_PLACES)
        .and_then(|e| e.to_decimal())
}

/// Year-on-year growth against the other metric's growth in the same year,
/// decided without division: with m, o this year and m₀, o₀ the year
/// before (all positive), `m/m₀ op o/o₀` is `m·o₀ op o·m₀`, and growth
/// within `± t` of the other's is a band around `o·m₀` scaled by `m₀·o₀`.
fn growth(
    mut r: TargetResult,
    view: &View,
    other: &View,
    t: &Target,
    rel: &Relation,
) -> TargetResult {
    let metric = match rel {
        Relation::Metric { metric, .. } | Relation::About { metric, .. } => *metric,
        Relation::Mean { .. } => "",
    };
    // Each year's check, with the factor o₀ its figures were scaled by.
    let check = |y: u16| -> Result<(YearCheck, Exact, Exact), Unjudged> {
        let Some(before) = y.checked_sub(1) else {
            return Err(Unjudged::Undefined(format!("there is no year before {y}")));
        };
        let m = view.point(y).map_err(Unjudged::Lack)?;
        let m0 = view.point(before).map_err(Unjudged::Lack)?;
        let lack =
            |l: super::series::Lack| Unjudged::Undefined(format!("{} of `{metric}`", l.describe()));
        let o = other.point(y).map_err(lack)?;
        let o0 = other.point(before).map_err(lack)?;
        if m0.signum() <= 0 || o0.signum() <= 0 {
            return Err(Unjudged::Undefined(format!(
                "a {before} figure is zero or below: growth from it is undefined"
            )));
        }
        let actual = m.mul(&o0);
        let even = o.mul(&m0);
        let goal = match rel {
            Relation::Metric { op, .. } => Goal::Cmp(*op, even),
            Relation::About { tolerance, .. } => {
                // The other's growth in percent is 100·(o·m₀ − m₀·o₀)/(m₀·o₀);
                // a share of it, or points, scaled the same way.
                let base = m0.mul(&o0);
                let d = even.sub(&base);
                let t = match tolerance {
                    Tolerance::Relative { percent, .. } => {
                        d.abs().mul(&Exact::from(*percent)).shifted(-2)
                    }
                    Tolerance::Absolute { amount } => {
                        base.mul(&Exact::from(amount.base).abs()).shifted(-2)
                    }
                }
                .ok_or_else(|| {
                    Unjudged::Undefined("its tolerance is beyond exact computation".into())
                })?;
                Goal::Between(even.sub(&t), even.add(&t))
            }
            Relation::Mean { .. } => {
                return Err(Unjudged::Undefined(
                    "a mean is compared with a level".into(),
                ))
            }
        };
        Ok((
            YearCheck {
                year: y,
                actual,
                goal,
                before: Some(m0),
            },
            o0,
            o,
        ))
    };
    let plain = |y: u16| check(y).map(|(c, ..)| c);
    let out = yearly::judge(view.as_of, t.window.from, t.window.to, &plain);
    r.status = out.status;
    r.reason = out.reason;
    r.progress = progress(out.passed, out.years);
    if let Some(c) = out.decisive {
        if let Ok((_, o0, o)) = check(c.year) {
            // Undo the scaling for display: the figure, and the level the
            // other's growth would have given it.
            let shown = |e: &Exact| e.div_rounded(&o0, 28).and_then(|x| view.in_unit(&x));
            r.actual = shown(&c.actual);
            r.gap = shown(&c.goal.gap(&c.actual));
            if let Goal::Cmp(_, level) = &c.goal {
                r.required = shown(level);
            }
            r.years = Some(Window {
                from: c.year,
                to: c.year,
            });
            // The other's growth is the rate required; shown when both of
            // its figures are (the check above needed them).
            let m = c.actual.div_rounded(&o0, 28);
            if let (Some(m0), Some(required)) = (&c.before, percent_change(&o, &o0)) {
                r.rate = Some(Rate {
                    required,
                    actual: m.and_then(|m| percent_change(&m, m0)),
                });
            }
        }
    }
    r
}
