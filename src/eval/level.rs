//! Judging a target on one figure: a level (stock, or one year of a flow)
//! or a running total (a flow summed from the start of its window).
//!
//! Every kind except `each_year`, `yearly_growth` and `milestone` comes down
//! to this: a requirement (`goal`) checked at the deadline, and before it a
//! comparison with the expected path from a starting figure to the
//! requirement. All arithmetic is exact and free of division.

use super::reason::Reason;
use super::series::{Lack, View};
use super::status::Status;
use crate::exact::Exact;
use crate::model::Op;

/// What the figure must satisfy.
#[derive(Clone, Debug, PartialEq)]
pub enum Goal {
    /// `figure op value`.
    Cmp(Op, Exact),
    /// `low <= figure <= high`.
    Between(Exact, Exact),
}

/// Which way the figure has to move to reach the goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Dir {
    Up,
    Down,
}

impl Goal {
    /// Whether the figure `x` meets the goal.
    pub fn holds(&self, x: &Exact) -> bool {
        match self {
            Goal::Cmp(op, r) => match op {
                Op::Ge => x >= r,
                Op::Gt => x > r,
                Op::Le => x <= r,
                Op::Lt => x < r,
                Op::Eq => x == r,
            },
            Goal::Between(lo, hi) => lo <= x && x <= hi,
        }
    }

    /// How far `x` falls short: positive when short, zero or negative (the
    /// margin) when it holds. A range's gap is the distance outside it.
    pub fn gap(&self, x: &Exact) -> Exact {
        match self {
            Goal::Cmp(Op::Ge | Op::Gt, r) => r.sub(x),
            Goal::Cmp(Op::Le | Op::Lt, r) => x.sub(r),
            Goal::Cmp(Op::Eq, r) => x.sub(r).abs(),
            Goal::Between(lo, hi) if x < lo => lo.sub(x),
            Goal::Between(lo, hi) if x > hi => x.sub(hi),
            Goal::Between(..) => Exact::zero(),
        }
    }

    /// The value a path from `from` aims at, and the way it goes. `None`
    /// when no movement is asked for (an `=` or a range already met by the
    /// starting figure).
    pub(super) fn aim(&self, from: &Exact) -> Option<(Exact, Dir)> {
        match self {
            Goal::Cmp(Op::Ge | Op::Gt, r) => Some((r.clone(), Dir::Up)),
            Goal::Cmp(Op::Le | Op::Lt, r) => Some((r.clone(), Dir::Down)),
            Goal::Cmp(Op::Eq, r) if r > from => Some((r.clone(), Dir::Up)),
            Goal::Cmp(Op::Eq, r) if r < from => Some((r.clone(), Dir::Down)),
            Goal::Between(lo, _) if from < lo => Some((lo.clone(), Dir::Up)),
            Goal::Between(_, hi) if from > hi => Some((hi.clone(), Dir::Down)),
            _ => None,
        }
    }

    /// Whether `x` has gone past the goal on the far side (an `=` or a
    /// range overshot), which no path can call on track.
    fn overshot(&self, x: &Exact, dir: Dir) -> bool {
        match (self, dir) {
            (Goal::Cmp(Op::Eq, r), Dir::Up) => x > r,
            (Goal::Cmp(Op::Eq, r), Dir::Down) => x < r,
            (Goal::Between(_, hi), Dir::Up) => x > hi,
            (Goal::Between(lo, _), Dir::Down) => x < lo,
            _ => false,
        }
    }
}

/// Which figure a target reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The year's own figure.
    Point,
    /// The sum of the yearly figures from `from` up to the year.
    Running {
        /// The first year summed.
        from: u16,
    },
}

/// The expected path before the deadline.
#[derive(Clone, Debug)]
pub enum Path {
    /// A straight line from the figure of `year` (or its lack) to the goal
    /// at the deadline.
    Line {
        /// The year the line starts from.
        year: u16,
        /// The figure of that year, or why there is none.
        from: Result<Exact, Lack>,
    },
    /// Compound growth: `base · factor^(y − year)`.
    Compound {
        /// The base year.
        year: u16,
        /// The figure of the base year.
        base: Exact,
        /// One plus the yearly rate.
        factor: Exact,
    },
    /// No path to the deadline's requirement: the requirement of the years
    /// covered so far, `goal(y)`, is itself the expected value, and the
    /// figure must be at or past it in the direction the goal asks for
    /// (exactly on it for `=`). An annual average: the total so far against
    /// the yearly value times the years it covers, i.e. the mean so far
    /// against the yearly value. `year` is the year before the window.
    SoFar {
        /// The year before the window.
        year: u16,
    },
    /// A multiple reached at the compound pace: `base · multiple^((y − year)
    /// / (D − year))`, so `2x` over ten years is 2^(1/10) a year (翻一番).
    /// The root is irrational in general, so the figure is compared with it
    /// exactly as `x^(D − year) ≥ base^(D − year) · multiple^(y − year)`.
    Root {
        /// The base year.
        year: u16,
        /// The figure of the base year.
        base: Exact,
        /// The multiple required at the deadline.
        multiple: Exact,
    },
}

impl Path {
    fn start_year(&self) -> u16 {
        match self {
            Path::Line { year, .. }
            | Path::Compound { year, .. }
            | Path::SoFar { year }
            | Path::Root { year, .. } => *year,
        }
    }

    fn start(&self) -> Option<&Exact> {
        match self {
            Path::Line { from, .. } => from.as_ref().ok(),
            Path::Compound { base, .. } | Path::Root { base, .. } => Some(base),
            Path::SoFar { .. } => None,
        }
    }
}

/// One target as this module judges it.
pub struct Spec<'a> {
    /// Which figure is read.
    pub measure: Measure,
    /// The requirement at a year (it varies for compound growth); `None`
    /// when it is beyond exact computation.
    pub goal: &'a dyn Fn(u16) -> Result<Goal, Reason>,
    /// The first year the target may be met in (the deadline itself unless
    /// the deadline is a span such as `by 2013..2015`).
    pub earliest: u16,
    /// The year by which the target is judged.
    pub deadline: u16,
    /// The path expected before the deadline.
    pub path: Path,
}

/// The outcome, in base units.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    /// The status.
    pub status: Status,
    /// The year of `actual`.
    pub year: Option<u16>,
    /// The figure judged, in base units.
    pub actual: Option<Exact>,
    /// The goal `actual` was compared with.
    pub goal: Option<Goal>,
    /// Before the deadline: the expected path's value in `year`.
    pub expected: Option<Exact>,
    /// Share of the way from the start to the goal, exact.
    pub progress: Option<(Exact, Exact)>,
    /// For a span deadline: the year the target held.
    pub achieved: Option<u16>,
    /// Why there is no status from a figure (no data, pending …), or what
    /// decided it.
    pub reasons: Vec<Reason>,
}

impl Judgement {
    /// A judgement without a figure.
    pub fn unjudged(status: Status, reason: Reason) -> Self {
        Judgement {
            status,
            year: None,
            actual: None,
            goal: None,
            expected: None,
            progress: None,
            achieved: None,
            reasons: vec![reason],
        }
    }
}

/// `pending` before the deadline, `no_data` from it on.
pub fn lacking(as_of: u16, deadline: u16) -> Status {
    if as_of >= deadline {
        Status::NoData
    } else {
        Status::Pending
    }
}

/// Judges the target `spec` on the figures of `view`.
pub fn judge(view: &View, spec: &Spec) -> Judgement {
    let as_of = view.as_of;
    let deadline = spec.deadline;
    let value_at = |y: u16| match spec.measure {
        Measure::Point => view.point(y).map_err(|l| vec![l]),
        Measure::Running { from } => view.sum(from, y),
    };
    let mut lacks: Vec<Lack> = Vec::new();
    let mut failed = None;
    for y in spec.earliest.min(deadline)..=deadline.min(as_of) {
        match value_at(y) {
            Ok(x) => {
                let goal = match (spec.goal)(y) {
                    Ok(goal) => goal,
                    Err(reason) => return Judgement::unjudged(lacking(as_of, deadline), reason),
                };
                if goal.holds(&x) {
                    let achieved = (spec.earliest < deadline).then_some(y);
                    return verdict(Status::Met, y, x, goal, None, spec, achieved, Vec::new());
                }
                failed = Some((y, x, goal));
            }
            Err(lack) => lacks.extend(lack),
        }
    }
    if as_of >= deadline {
        return match (failed, lacks.is_empty()) {
            (Some((y, x, goal)), true) => {
                verdict(Status::Missed, y, x, goal, None, spec, None, Vec::new())
            }
            (Some((y, x, goal)), false) => {
                let reasons = vec![Reason::Lacking { lacks }, Reason::ReportedNotMet];
                verdict(Status::NoData, y, x, goal, None, spec, None, reasons)
            }
            (None, _) => Judgement::unjudged(Status::NoData, Reason::Lacking { lacks }),
        };
    }
    early(view, spec)
}

/// Before the deadline: the latest figure against the expected path.
fn early(view: &View, spec: &Spec) -> Judgement {
    let as_of = view.as_of;
    let start = spec.path.start_year();
    let observed = match spec.measure {
        Measure::Point => match view.latest(start, as_of) {
            Some((y, Ok(x))) => Ok((y, x)),
            Some((_, Err(lack))) => Err(Reason::Lacking { lacks: vec![lack] }),
            None => Err(Reason::NoFigureAfter { year: start }),
        },
        Measure::Running { from } if from > as_of => Err(Reason::WindowStarts { year: from }),
        Measure::Running { from } => view
            .running_sum(from, as_of)
            .map_err(|l| Reason::Lacking { lacks: vec![l] }),
    };
    let (y, x) = match observed {
        Ok(o) => o,
        Err(reason) => return Judgement::unjudged(Status::Pending, reason),
    };
    if let Path::SoFar { .. } = spec.path {
        return so_far(spec, y, x);
    }
    let goal = match (spec.goal)(spec.deadline) {
        Ok(goal) => goal,
        Err(reason) => return Judgement::unjudged(Status::Pending, reason),
    };
    let Some(from) = spec.path.start() else {
        if goal.holds(&x) {
            return verdict(Status::OnTrack, y, x, goal, None, spec, None, Vec::new());
        }
        let lack = match &spec.path {
            Path::Line { from: Err(l), .. } => Some(l.clone()),
            _ => None,
        };
        let reasons = vec![Reason::NoStartingFigure { lack }];
        return verdict(Status::Pending, y, x, goal, None, spec, None, reasons);
    };
    // A running total only grows: a requirement its start (0) already
    // satisfies (an `= 0` or a range around 0) caps it at the high end,
    // reached on the line like a `<=` cap.
    let aim = goal.aim(from).or_else(|| match (spec.measure, &goal) {
        (Measure::Running { .. }, Goal::Between(_, hi) | Goal::Cmp(Op::Eq, hi)) => {
            Some((hi.clone(), Dir::Down))
        }
        _ => None,
    });
    if let Path::Root {
        year: b,
        base,
        multiple,
    } = &spec.path
    {
        return on_root(spec, y, x, goal, aim.map(|(_, d)| d), *b, base, multiple);
    }
    // expected = num / den, kept as a fraction so no division is needed.
    let (num, den) = match &spec.path {
        Path::Root { .. } => return Judgement::unjudged(Status::Pending, beyond_range()),
        // Judged above, before a starting figure is looked for.
        Path::SoFar { .. } => return so_far(spec, y, x),
        Path::Line { year: s, .. } => {
            let aim = aim
                .as_ref()
                .map_or_else(|| from.clone(), |(a, _)| a.clone());
            // Years fit u16, so their differences fit i64 with room.
            let whole = i64::from(spec.deadline).saturating_sub(i64::from(*s));
            let elapsed = i64::from(y).saturating_sub(i64::from(*s));
            (
                from.mul_int(whole).add(&aim.sub(from).mul_int(elapsed)),
                whole,
            )
        }
        Path::Compound {
            year: b,
            base,
            factor,
        } => {
            let e = u32::from(y.saturating_sub(*b));
            match factor.pow(e) {
                Some(p) => (base.mul(&p), 1),
                None => return Judgement::unjudged(Status::Pending, beyond_range()),
            }
        }
    };
    let expected = num.div_rounded(&Exact::from_int(den), 28);
    let scaled = x.mul_int(den);
    let along = match aim {
        Some((_, Dir::Up)) => scaled >= num && !goal.overshot(&x, Dir::Up),
        Some((_, Dir::Down)) => scaled <= num && !goal.overshot(&x, Dir::Down),
        None => false,
    };
    // A level that already satisfies the final requirement may stay there.
    // A running total may not: it still grows, so a cap reached early is
    // judged on the line like any other.
    let holds = spec.measure == Measure::Point && goal.holds(&x);
    let status = if holds || along {
        Status::OnTrack
    } else {
        Status::Behind
    };
    verdict(status, y, x, goal, expected, spec, None, Vec::new())
}

/// [`Path::Root`] before the deadline: along the compound path when
/// `x^N` is on the goal's side of `base^N · multiple^e` (N the years from
/// the base to the deadline, e those to `y`), decided exactly; the expected
/// value is shown rounded.
#[allow(clippy::too_many_arguments)]
fn on_root(
    spec: &Spec,
    y: u16,
    x: Exact,
    goal: Goal,
    dir: Option<Dir>,
    b: u16,
    base: &Exact,
    multiple: &Exact,
) -> Judgement {
    let n = u32::from(spec.deadline.saturating_sub(b));
    let e = u32::from(y.saturating_sub(b));
    let (Some(lhs), Some(bn), Some(me)) = (x.pow(n), base.pow(n), multiple.pow(e)) else {
        return Judgement::unjudged(Status::Pending, beyond_range());
    };
    let rhs = bn.mul(&me);
    let negative = x.signum() < 0;
    let along = match dir {
        Some(Dir::Up) => !negative && lhs >= rhs && !goal.overshot(&x, Dir::Up),
        Some(Dir::Down) => (negative || lhs <= rhs) && !goal.overshot(&x, Dir::Down),
        None => false,
    };
    let expected = root_shown(base, multiple, e, n);
    let holds = goal.holds(&x);
    let status = if holds || along {
        Status::OnTrack
    } else {
        Status::Behind
    };
    verdict(status, y, x, goal, expected, spec, None, Vec::new())
}

/// `base · multiple^(e/n)`, rounded, for display only.
pub(super) fn root_shown(base: &Exact, multiple: &Exact, e: u32, n: u32) -> Option<Exact> {
    use rust_decimal::{Decimal, MathematicalOps};
    if n == 0 {
        return None;
    }
    let k = multiple.to_decimal_rounded()?;
    let power = Decimal::from(e).checked_div(Decimal::from(n))?;
    let f = k.checked_powd(power)?;
    Some(base.mul(&Exact::from(f)))
}

/// [`Path::SoFar`]: the figure against the requirement of the years it
/// covers.
fn so_far(spec: &Spec, y: u16, x: Exact) -> Judgement {
    let goal = match (spec.goal)(y) {
        Ok(goal) => goal,
        Err(reason) => return Judgement::unjudged(Status::Pending, reason),
    };
    let (along, expected) = match &goal {
        Goal::Cmp(Op::Ge | Op::Gt, r) => (&x >= r, Some(r.clone())),
        Goal::Cmp(Op::Le | Op::Lt, r) => (&x <= r, Some(r.clone())),
        Goal::Cmp(Op::Eq, r) => (&x == r, Some(r.clone())),
        Goal::Between(..) => (goal.holds(&x), None),
    };
    let status = if along {
        Status::OnTrack
    } else {
        Status::Behind
    };
    verdict(status, y, x, goal, expected, spec, None, Vec::new())
}

#[allow(clippy::too_many_arguments)]
fn verdict(
    status: Status,
    year: u16,
    actual: Exact,
    goal: Goal,
    expected: Option<Exact>,
    spec: &Spec,
    achieved: Option<u16>,
    reasons: Vec<Reason>,
) -> Judgement {
    let progress = progress(&actual, &goal, spec);
    Judgement {
        status,
        year: Some(year),
        actual: Some(actual),
        goal: Some(goal),
        expected,
        progress,
        achieved,
        reasons,
    }
}

/// `(actual − start) / (aim − start)` as a fraction, where the start is the
/// path's starting figure. Without one, a `>=` goal counts from zero.
fn progress(actual: &Exact, goal: &Goal, spec: &Spec) -> Option<(Exact, Exact)> {
    let zero = Exact::zero();
    let start = match (spec.path.start(), spec.measure) {
        (_, Measure::Running { .. }) => &zero,
        (Some(s), _) => s,
        (None, _) if matches!(goal, Goal::Cmp(Op::Ge | Op::Gt, _)) => &zero,
        (None, _) => return None,
    };
    let (aim, _) = goal.aim(start)?;
    let whole = aim.sub(start);
    (!whole.is_zero()).then(|| (actual.sub(start), whole))
}

fn beyond_range() -> Reason {
    Reason::BeyondRequiredLevel
}
