//! Why a target could not be judged, or what decided it: a kind and its
//! parameters, never words. Reports render each reason in their language
//! from one catalogue (`report::lang`); `--format json` gives them as they
//! are here (`docs/eval-json.md`).

use super::series::Lack;
use crate::model::{MetricKind, TargetKind};
use rust_decimal::Decimal;
use serde::Serialize;

/// One reason. A result carries a list of them, in the order they arose.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Reason {
    /// The figures the judgement needs are lacking.
    Lacking {
        /// What is lacking.
        lacks: Vec<Lack>,
    },
    /// Past the deadline, with figures lacking: those reported do not meet
    /// the target either.
    ReportedNotMet,
    /// The target is judged in a region the model does not declare.
    UndeclaredRegion {
        /// The region's id.
        region: String,
    },
    /// The target names a metric the model does not declare.
    UndeclaredMetric {
        /// The metric's id.
        metric: String,
    },
    /// A ratio's part is not declared in the model.
    UndeclaredPart {
        /// The metric's id.
        metric: String,
    },
    /// The target's kind cannot judge the metric's kind.
    KindMismatch {
        /// The target's kind.
        kind: TargetKind,
        /// The metric's kind.
        metric_kind: MetricKind,
        /// The metric's id.
        metric: String,
    },
    /// A value set each year under a kind other than `each year`.
    SetCannotJudge {
        /// The target's kind.
        kind: TargetKind,
    },
    /// A relation to another figure under a kind that cannot compare it.
    RelationCannotJudge {
        /// The target's kind.
        kind: TargetKind,
    },
    /// A mean of past years compared with growth.
    MeanNotGrowth,
    /// A relation without the other metric's figures.
    NoOtherMetric,
    /// The target's tolerance is beyond exact computation.
    BeyondTolerance,
    /// The target's requirement is beyond exact computation.
    BeyondRequirement,
    /// The level the requirement leads to is beyond exact computation.
    BeyondRequiredLevel,
    /// The value set for a year is beyond exact computation.
    BeyondSetValue {
        /// The year.
        year: u16,
    },
    /// The mean of some years is beyond exact computation.
    BeyondMean {
        /// The first year.
        from: u16,
        /// The last year.
        to: u16,
    },
    /// A soft requirement holds only within its tolerance, past `value`
    /// (in the metric's unit) itself.
    PastWithinTolerance {
        /// The value.
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        value: Decimal,
    },
    /// A soft requirement holds only within its tolerance.
    WithinTolerance,
    /// The base year is not before the (first year of the) deadline.
    BaselineNotBefore {
        /// The base year.
        baseline: u16,
        /// The first year of the deadline.
        first: u16,
        /// The deadline.
        deadline: u16,
    },
    /// The base year's figure is lacking.
    NoBaseline {
        /// What is lacking.
        lack: Lack,
    },
    /// The base year's figure is zero or below, in the metric's unit.
    BaselineNotPositive {
        /// The year.
        year: u16,
        /// The value.
        #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
        value: Option<Decimal>,
    },
    /// These years were judged on growth rates reported for them.
    RatesUsed {
        /// The years.
        years: Vec<u16>,
    },
    /// The base year's level (`from_figure`), or 1 without a figure for
    /// it, carried forward by the growth rates reported for `years`.
    RatesCarried {
        /// The years.
        years: Vec<u16>,
        /// The base year.
        base: u16,
        /// Whether the base year's level is its figure (else 1).
        from_figure: bool,
    },
    /// An annual average whose deadline is before its window starts.
    DeadlineBeforeWindow {
        /// The deadline.
        deadline: u16,
        /// The first year.
        from: u16,
    },
    /// No value set for the year in the data.
    NoValueSet {
        /// The year.
        year: u16,
    },
    /// The value set for the deciding year: `op value` (`op` one of `>=`,
    /// `>`, `<=`, `<`, `=`, `~`), in `unit` (the metric's) or, with
    /// `growth`, in percent.
    SetFor {
        /// The year.
        year: u16,
        /// The comparison.
        op: &'static str,
        /// The value.
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        value: Decimal,
        /// The unit; `None` for a bare number.
        unit: Option<String>,
        /// Whether the value is a growth rate, in percent.
        growth: bool,
    },
    /// Growth in a year without a year before it.
    NoYearBefore {
        /// The year.
        year: u16,
    },
    /// Growth from a figure of zero or below (in the metric's unit, when
    /// it could be shown).
    GrowthFromNonPositive {
        /// The year.
        year: u16,
        /// The value.
        #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
        value: Option<Decimal>,
    },
    /// Before the deadline: no figure reported after the path's start.
    NoFigureAfter {
        /// The year.
        year: u16,
    },
    /// Before the deadline: the window starts later.
    WindowStarts {
        /// The year.
        year: u16,
    },
    /// Before the deadline: no starting figure for the expected path.
    NoStartingFigure {
        /// What is lacking.
        lack: Option<Lack>,
    },
    /// Figures lacking for the mean of `from..to`.
    ForMean {
        /// The first year.
        from: u16,
        /// The last year.
        to: u16,
        /// What is lacking.
        lacks: Vec<Lack>,
    },
    /// A yearly target not met in these years.
    NotMetIn {
        /// The years.
        years: Vec<u16>,
    },
    /// A yearly target whose first year is still ahead.
    FirstYear {
        /// The year.
        year: u16,
    },
    /// A milestone done after its deadline.
    DoneLate {
        /// The year.
        year: u16,
        /// The deadline.
        deadline: u16,
    },
    /// A milestone not reported done yet.
    NotDoneYet {
        /// The evaluation year.
        as_of: u16,
        /// The deadline.
        deadline: u16,
    },
    /// A milestone reported not done.
    ReportedNotDone {
        /// The year.
        year: u16,
    },
    /// No report on a milestone for its deadline or later.
    NoMilestoneReport {
        /// The deadline.
        deadline: u16,
    },
    /// A commitment assessed only after its deadline.
    AssessedOnlyAfter {
        /// The year.
        year: u16,
        /// The deadline.
        deadline: u16,
    },
    /// A commitment with no assessment.
    NoAssessment {
        /// The evaluation year.
        as_of: u16,
        /// The deadline.
        deadline: u16,
    },
    /// A commitment last assessed `value` before its deadline, and not for
    /// the deadline year.
    LastAssessed {
        /// The value.
        value: &'static str,
        /// The year.
        year: u16,
        /// The deadline.
        deadline: u16,
    },
    /// A commitment assessed `value` (`partly`, `not_done`) for `year`;
    /// `due` is the deadline when it is still ahead.
    Assessed {
        /// The value.
        value: &'static str,
        /// The year.
        year: u16,
        /// The deadline, when still ahead.
        due: Option<u16>,
    },
}

/// `reasons` with `more` after them.
pub fn then(mut reasons: Vec<Reason>, more: Option<Reason>) -> Vec<Reason> {
    reasons.extend(more);
    reasons
}
