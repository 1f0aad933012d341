//! Requirements that relate a figure to another figure rather than to a
//! value: another metric measured the same way in the same year
//! (`全员劳动生产率 growth > 国内生产总值 growth`, 与…基本同步), or the
//! metric's own mean over past years (高于"十三五"时期实际).

use super::judge::{fill, line_start, percent_change, unjudged, Context, PROGRESS_PLACES};
use super::level::{self, Goal, Measure, Path, Spec};
use super::reason::{self, Reason};
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
                let metric = metric.to_string();
                return unjudged(r, ctx, Reason::UndeclaredMetric { metric });
            };
            match super::judge::view_of(ctx, i) {
                Ok(view) => Some(view),
                Err(reason) => return unjudged(r, ctx, reason),
            }
        }
        Relation::Mean { .. } => None,
    };
    match &t.condition {
        Condition::YearlyGrowth { .. } => match other {
            Some(o) => growth(r, view, &o, t, &rel),
            None => unjudged(r, ctx, Reason::MeanNotGrowth),
        },
        Condition::EachYear { .. } => each_year(r, view, other.as_ref(), t, &rel),
        Condition::Threshold { .. } | Condition::SingleYear { .. } => {
            level(r, ctx, view, other.as_ref(), t, &rel)
        }
        _ => unjudged(r, ctx, Reason::RelationCannotJudge { kind: t.kind() }),
    }
}

/// The level a figure is compared with in year `y`: the other metric's
/// figure, or the mean of the metric's own years.
fn level_goal(view: &View, other: Option<&View>, rel: &Relation, y: u16) -> Result<Goal, Reason> {
    match rel {
        Relation::Metric { op, metric } => {
            let o = other.ok_or(Reason::NoOtherMetric)?;
            let x = o.point(y).map_err(|l| Reason::Lacking {
                lacks: vec![l.of(metric)],
            })?;
            Ok(Goal::Cmp(*op, x))
        }
        Relation::About { metric, tolerance } => {
            let o = other.ok_or(Reason::NoOtherMetric)?;
            let x = o.point(y).map_err(|l| Reason::Lacking {
                lacks: vec![l.of(metric)],
            })?;
            let t = allowance(tolerance, &x).ok_or(Reason::BeyondTolerance)?;
            Ok(Goal::Between(x.sub(&t), x.add(&t)))
        }
        Relation::Mean { op, from, to } => Ok(Goal::Cmp(*op, mean(view, *from, *to)?)),
    }
}

/// The mean of the metric's figures over `from..=to`, to [`MEAN_PLACES`].
fn mean(view: &View, from: u16, to: u16) -> Result<Exact, Reason> {
    let sum = view
        .sum(from, to)
        .map_err(|lacks| Reason::ForMean { from, to, lacks })?;
    let n = i64::from(to.saturating_sub(from)).saturating_add(1);
    sum.div_rounded(&Exact::from_int(n), MEAN_PLACES)
        .ok_or(Reason::BeyondMean { from, to })
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
        if y <= view.as_of {
            return level_goal(view, other, rel, y);
        }
        // Before the deadline the other figure of the deadline is not in
        // yet: aim at its latest one (data lag passed over, as for the
        // figure itself).
        let latest = other
            .and_then(|o| o.latest(0, view.as_of))
            .map_or(view.as_of, |(year, _)| year);
        level_goal(view, other, rel, latest)
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
        Ok(YearCheck::plain(y, actual, goal))
    };
    let out = yearly::judge(view.as_of, t.window.from, t.window.to, &check);
    r.status = out.status;
    r.reasons = out.reason;
    r.progress = progress(out.passed, out.years);
    if let Some(c) = out.decisive {
        super::judge::show_year(&mut r, view, &c);
    }
    r
}

fn progress(passed: u32, years: u32) -> Option<rust_decimal::Decimal> {
    Exact::from_int(i64::from(passed))
        .div_rounded(&Exact::from_int(i64::from(years)), PROGRESS_PLACES)
        .and_then(|e| e.to_decimal())
}

/// One metric's growth in one year as an exact fraction in percent,
/// `num / den` with `den > 0`: a rate reported for the year is `r / 1`;
/// one computed from levels is `100·(x − x₀) / x₀`.
struct Growth {
    num: Exact,
    den: Exact,
    /// The year's level and the year before's, when computed from them.
    levels: Option<(Exact, Exact)>,
}

impl Growth {
    /// The metric's growth in `y`: the rate reported for `y` if there is
    /// one, else computed from the figures of `y` and the year before.
    fn of(view: &View, y: u16, before: u16, metric: &str) -> Result<Growth, Unjudged> {
        if let Some(rate) = view.rate(y) {
            return Ok(Growth {
                num: rate,
                den: Exact::from_int(1),
                levels: None,
            });
        }
        let named = |l: super::series::Lack| {
            if metric.is_empty() {
                Unjudged::Lack(l)
            } else {
                Unjudged::Undefined(Reason::Lacking {
                    lacks: vec![l.of(metric)],
                })
            }
        };
        let x = view.point(y).map_err(named)?;
        let x0 = view.point(before).map_err(named)?;
        if x0.signum() <= 0 {
            return Err(Unjudged::Undefined(Reason::GrowthFromNonPositive {
                year: before,
                value: None,
            }));
        }
        Ok(Growth {
            num: x.sub(&x0).mul_int(100),
            den: x0.clone(),
            levels: Some((x, x0)),
        })
    }

    fn reported(&self) -> bool {
        self.levels.is_none()
    }

    /// The rate in percent, rounded for display (exact when reported).
    fn shown(&self) -> Option<rust_decimal::Decimal> {
        match &self.levels {
            None => self.num.to_decimal(),
            Some((x, x0)) => percent_change(x, x0),
        }
    }
}

/// Year-on-year growth against the other metric's growth in the same year,
/// each the rate reported for the year if there is one, else computed from
/// the levels; decided without division: with the growths `a/b` and `c/d`
/// in percent (b, d > 0), `a/b op c/d` is `a·d op c·b`, and growth within
/// `± t` of the other's is a band around `c·b` scaled by `b·d`.
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
    // Each year's check, with the two growths it compared.
    let check = |y: u16| -> Result<(YearCheck, Growth, Growth), Unjudged> {
        let Some(before) = y.checked_sub(1) else {
            return Err(Unjudged::Undefined(Reason::NoYearBefore { year: y }));
        };
        let own = Growth::of(view, y, before, "")?;
        let theirs = Growth::of(other, y, before, metric)?;
        let actual = own.num.mul(&theirs.den);
        let even = theirs.num.mul(&own.den);
        // One percentage point, scaled as both sides are.
        let per = own.den.mul(&theirs.den);
        let goal = match rel {
            Relation::Metric { op, .. } => Goal::Cmp(*op, even),
            Relation::About { tolerance, .. } => {
                // A share of the other's growth, or points, scaled the same
                // way.
                let t = match tolerance {
                    Tolerance::Relative { percent, .. } => {
                        even.abs().mul(&Exact::from(*percent)).shifted(-2)
                    }
                    Tolerance::Absolute { amount } => {
                        Some(per.mul(&Exact::from(amount.base).abs()))
                    }
                }
                .ok_or(Unjudged::Undefined(Reason::BeyondTolerance))?;
                Goal::Between(even.sub(&t), even.add(&t))
            }
            Relation::Mean { .. } => return Err(Unjudged::Undefined(Reason::MeanNotGrowth)),
        };
        let reported = own.reported() || theirs.reported();
        Ok((
            YearCheck {
                year: y,
                actual,
                goal,
                before: None,
                per,
                reported,
            },
            own,
            theirs,
        ))
    };
    let plain = |y: u16| check(y).map(|(c, ..)| c);
    let out = yearly::judge(view.as_of, t.window.from, t.window.to, &plain);
    r.status = out.status;
    r.reasons = reason::then(out.reason, yearly::reported_note(&out.reported));
    r.progress = progress(out.passed, out.years);
    if let Some(c) = out.decisive {
        if let Ok((_, own, theirs)) = check(c.year) {
            r.years = Some(Window {
                from: c.year,
                to: c.year,
            });
            match (&own.levels, &theirs.levels) {
                (Some((m, m0)), Some((o, o0))) => {
                    // Both from levels: the figure, and the level the
                    // other's growth would have given it, m₀·o/o₀; the
                    // margin in the metric's unit is the scaled one over
                    // 100·o₀.
                    r.actual = view.in_unit(m);
                    if let Goal::Cmp(..) = &c.goal {
                        r.required = m0.mul(o).div_rounded(o0, 28).and_then(|n| view.in_unit(&n));
                    }
                    r.gap = c
                        .goal
                        .gap(&c.actual)
                        .shifted(-2)
                        .and_then(|g| g.div_rounded(o0, 28))
                        .and_then(|g| view.in_unit(&g));
                }
                // A reported rate on either side: rates, not levels, were
                // compared; the year's level is shown when reported.
                _ => r.actual = view.point(c.year).ok().and_then(|x| view.in_unit(&x)),
            }
            if let Some(required) = theirs.shown() {
                r.rate = Some(Rate {
                    required,
                    actual: own.shown(),
                });
            }
        }
    }
    r
}
