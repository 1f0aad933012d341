//! What the evaluation says about one target.

use super::status::Status;
use super::trend::Trend;
use crate::model::{Op, Strength, TargetKind, Window};
use rust_decimal::Decimal;
use serde::Serialize;

/// The judgement of one target. Figures are in the metric's unit (`unit`);
/// growth and change kinds add their percentages in `rate`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct TargetResult {
    /// The target's id: `3-1`.
    pub target: String,
    /// Its item's id.
    pub item: String,
    /// The section of the target's item, if it stands in one.
    pub section: Option<String>,
    /// The metric's id.
    pub metric: String,
    /// The kind of target.
    pub kind: TargetKind,
    /// The region whose figures judged it; absent for a plan-wide target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// Its strength.
    pub strength: Strength,
    /// The target's class, when the plan gives it one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Lead and supporting agency ids.
    pub lead: Vec<String>,
    /// Supporting agency ids.
    pub support: Vec<String>,
    /// Its status.
    pub status: Status,
    /// The year by which it is judged.
    pub deadline: u16,
    /// The comparison; none for range, approximately and milestone.
    pub op: Option<Op>,
    /// The level the target requires (for growth and change kinds, the
    /// level the required rate leads to from the baseline figure).
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub required: Option<Decimal>,
    /// Inclusive bounds of `range` and `approximately` targets.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub low: Option<Decimal>,
    /// The highest allowed, for a range or an approximate value.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub high: Option<Decimal>,
    /// The figure judged.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub actual: Option<Decimal>,
    /// Before the deadline: where the expected path stands in `years.to`.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub expected: Option<Decimal>,
    /// How far the actual falls short of the requirement: positive when
    /// short, zero or negative when it holds (its margin).
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub gap: Option<Decimal>,
    /// The metric's unit, in which figures are shown.
    pub unit: Option<String>,
    /// The share of the way from the starting figure to the requirement.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub progress: Option<Decimal>,
    /// For growth targets: the rate required and the rate reached, in percent.
    pub rate: Option<Rate>,
    /// The years the actual figure covers.
    pub years: Option<Window>,
    /// The year a milestone was done, or a target with a span deadline held.
    pub achieved: Option<u16>,
    /// Why the target could not be judged, or what decided it: data, which
    /// reports put in words (`report::lang`).
    pub reasons: Vec<super::reason::Reason>,
    /// A commitment's deciding assessment; `null` for every other kind,
    /// and for a commitment not assessed.
    pub assessment: Option<Assessed>,
    /// The figures over the years and the path they were judged against
    /// (what a chart draws); `null` for milestones, commitments and
    /// targets that could not be read at all.
    pub trend: Option<Trend>,
}

/// The assessment that decided a commitment.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Assessed {
    /// `done`, `partly` or `not_done`.
    pub value: &'static str,
    /// The year the assessment is for.
    pub year: u16,
    /// The evidence, as the data's `note` gives it.
    pub note: Option<String>,
}

/// Growth and change targets: the rate required and achieved, in percent.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rate {
    /// The rate required, in percent.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub required: Decimal,
    /// Rounded to 2 places for display; the status is decided on exact levels.
    #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
    pub actual: Option<Decimal>,
}
