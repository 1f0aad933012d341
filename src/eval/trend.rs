//! A target's figures over the years beside the path it has to follow:
//! what a chart of the target draws. Judging never reads it; it is
//! derived from the same view and path the judgement used, so a chart
//! shows exactly what was judged.

use super::level::{Goal, Measure, Path};
use super::series::View;
use crate::exact::Exact;
use rust_decimal::Decimal;
use serde::Serialize;

/// The most years a series or path spans: far beyond any plan, and a
/// bound on the work a hand-written model's years can ask for.
pub const MAX_YEARS: u16 = 200;

/// What a trend's values are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TrendMeasure {
    /// Each year's own figure, in the metric's unit.
    Level,
    /// A flow summed from the start of the target's window to the year.
    RunningTotal,
    /// The mean of a flow's yearly figures from the start of the window.
    Mean,
    /// Growth on the year before, in percent.
    Growth,
}

/// One year's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Point {
    /// The year.
    pub year: u16,
    /// The value, in the measure's unit.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub value: Decimal,
}

/// The series a target reads and the path it is expected to follow, in
/// the same measure.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Trend {
    /// What the values measure: a level, a running total, a mean, growth.
    pub measure: TrendMeasure,
    /// The figures up to the evaluation year, in year order; years without
    /// a usable figure are left out.
    pub series: Vec<Point>,
    /// The value expected or required from the path's start to the
    /// deadline: a straight path by its two ends, any other by each year;
    /// empty when there is no path to draw (no starting figure, or a range
    /// the starting figure already meets).
    pub path: Vec<Point>,
}

/// The first year of a series that starts no later than `start`: the
/// first year the metric reports, if earlier, so a chart shows the
/// history that leads up to the path.
pub fn first_year(view: &View, start: u16) -> u16 {
    let first = view.reports().next().map_or(start, |(y, _)| y.min(start));
    first.max(view.as_of.saturating_sub(MAX_YEARS))
}

/// Each year's figure from `from` to the evaluation year.
pub fn levels(view: &View, from: u16) -> Vec<Point> {
    (from.max(view.as_of.saturating_sub(MAX_YEARS))..=view.as_of)
        .filter_map(|y| point(view, y, &view.point(y).ok()?))
        .collect()
}

/// The running total (or, with `mean`, the running mean) from `from` over
/// the unbroken run of figures that starts there, as the judgement reads it.
pub fn running(view: &View, from: u16, mean: bool) -> Vec<Point> {
    let mut sum = Exact::zero();
    let mut out = Vec::new();
    let mut n: i64 = 0;
    for y in from..=view.as_of.min(from.saturating_add(MAX_YEARS)) {
        let Ok(v) = view.point(y) else { break };
        sum = sum.add(&v);
        n = n.saturating_add(1);
        let shown = if mean {
            sum.div_rounded(&Exact::from_int(n), crate::exact::DISPLAY_PLACES)
        } else {
            Some(sum.clone())
        };
        if let Some(p) = shown.and_then(|s| point(view, y, &s)) {
            out.push(p);
        }
    }
    out
}

/// The expected path of a level judgement from its start to the deadline,
/// in the metric's unit: a straight line by its two ends, a compound path
/// by each year.
pub fn path(
    view: &View,
    path: &Path,
    measure: Measure,
    goal: Option<&Goal>,
    deadline: u16,
) -> Vec<Point> {
    let start = match path {
        Path::Line { year, .. }
        | Path::Compound { year, .. }
        | Path::SoFar { year }
        | Path::Root { year, .. } => *year,
    };
    let years = start..=deadline.min(start.saturating_add(MAX_YEARS));
    let values: Vec<(u16, Exact)> = match path {
        Path::Line { year, from } => {
            let (Ok(from), Some(goal)) = (from, goal) else {
                return Vec::new();
            };
            let aim = match (goal.aim(from), measure, goal) {
                (Some((aim, _)), _, _) => aim,
                // A running total capped by a range or `=` aims at its top.
                (None, Measure::Running { .. }, Goal::Between(_, hi) | Goal::Cmp(_, hi)) => {
                    hi.clone()
                }
                (None, ..) => return Vec::new(),
            };
            // A straight line is its two ends: every year between is on it,
            // and each would cost a division to compute exactly.
            if deadline <= *year {
                return Vec::new();
            }
            vec![(*year, from.clone()), (deadline, aim)]
        }
        Path::Compound { base, factor, .. } => {
            let mut level = base.clone();
            let mut out = Vec::new();
            for y in years {
                out.push((y, level.clone()));
                level = level.mul(factor);
            }
            out
        }
        Path::Root {
            base,
            multiple,
            year,
        } => {
            let n = u32::from(deadline.saturating_sub(*year));
            years
                .filter_map(|y| {
                    let e = u32::from(y.saturating_sub(*year));
                    Some((y, super::level::root_shown(base, multiple, e, n)?))
                })
                .collect()
        }
        // The requirement of the years so far is the path: drawn by the
        // caller in its own measure (a mean's yearly value).
        Path::SoFar { .. } => Vec::new(),
    };
    values
        .iter()
        .filter_map(|(y, v)| point(view, *y, v))
        .collect()
}

/// A base-unit figure as a point in the metric's unit.
fn point(view: &View, year: u16, base: &Exact) -> Option<Point> {
    Some(Point {
        year,
        value: view.in_unit(base)?,
    })
}

/// A value already in the metric's unit (or in percent) as a point.
pub fn plain(year: u16, value: &Exact) -> Option<Point> {
    Some(Point {
        year,
        value: value
            .round_to(crate::exact::DISPLAY_PLACES)
            .to_decimal_rounded()?
            .normalize(),
    })
}
