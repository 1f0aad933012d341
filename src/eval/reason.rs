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
    Lacking { lacks: Vec<Lack> },
    /// Past the deadline, with figures lacking: those reported do not meet
    /// the target either.
    ReportedNotMet,
    /// The target names a metric the model does not declare.
    UndeclaredMetric { metric: String },
    /// A ratio's part is not declared in the model.
    UndeclaredPart { metric: String },
    /// The target's kind cannot judge the metric's kind.
    KindMismatch {
        kind: TargetKind,
        metric_kind: MetricKind,
        metric: String,
    },
    /// A value set each year under a kind other than `each year`.
    SetCannotJudge { kind: TargetKind },
    /// A relation to another figure under a kind that cannot compare it.
    RelationCannotJudge { kind: TargetKind },
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
    BeyondSetValue { year: u16 },
    /// The mean of some years is beyond exact computation.
    BeyondMean { from: u16, to: u16 },
    /// A soft requirement holds only within its tolerance, past `value`
    /// (in the metric's unit) itself.
    PastWithinTolerance {
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        value: Decimal,
    },
    /// A soft requirement holds only within its tolerance.
    WithinTolerance,
    /// The base year is not before the (first year of the) deadline.
    BaselineNotBefore {
        baseline: u16,
        first: u16,
        deadline: u16,
    },
    /// The base year's figure is lacking.
    NoBaseline { lack: Lack },
    /// The base year's figure is zero or below, in the metric's unit.
    BaselineNotPositive {
        year: u16,
        #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
        value: Option<Decimal>,
    },
    /// These years were judged on growth rates reported for them.
    RatesUsed { years: Vec<u16> },
    /// The base year's level (`from_figure`), or 1 without a figure for
    /// it, carried forward by the growth rates reported for `years`.
    RatesCarried {
        years: Vec<u16>,
        base: u16,
        from_figure: bool,
    },
    /// An annual average whose deadline is before its window starts.
    DeadlineBeforeWindow { deadline: u16, from: u16 },
    /// No value set for the year in the data.
    NoValueSet { year: u16 },
    /// The value set for the deciding year: `op value` (`op` one of `>=`,
    /// `>`, `<=`, `<`, `=`, `~`), in `unit` (the metric's) or, with
    /// `growth`, in percent.
    SetFor {
        year: u16,
        op: &'static str,
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        value: Decimal,
        unit: Option<String>,
        growth: bool,
    },
    /// Growth in a year without a year before it.
    NoYearBefore { year: u16 },
    /// Growth from a figure of zero or below (in the metric's unit, when
    /// it could be shown).
    GrowthFromNonPositive {
        year: u16,
        #[serde(with = "rust_decimal::serde::arbitrary_precision_option")]
        value: Option<Decimal>,
    },
    /// Before the deadline: no figure reported after the path's start.
    NoFigureAfter { year: u16 },
    /// Before the deadline: the window starts later.
    WindowStarts { year: u16 },
    /// Before the deadline: no starting figure for the expected path.
    NoStartingFigure { lack: Option<Lack> },
    /// Figures lacking for the mean of `from..to`.
    ForMean {
        from: u16,
        to: u16,
        lacks: Vec<Lack>,
    },
    /// A yearly target not met in these years.
    NotMetIn { years: Vec<u16> },
    /// A yearly target whose first year is still ahead.
    FirstYear { year: u16 },
    /// A milestone done after its deadline.
    DoneLate { year: u16, deadline: u16 },
    /// A milestone not reported done yet.
    NotDoneYet { as_of: u16, deadline: u16 },
    /// A milestone reported not done.
    ReportedNotDone { year: u16 },
    /// No report on a milestone for its deadline or later.
    NoMilestoneReport { deadline: u16 },
    /// A commitment assessed only after its deadline.
    AssessedOnlyAfter { year: u16, deadline: u16 },
    /// A commitment with no assessment.
    NoAssessment { as_of: u16, deadline: u16 },
    /// A commitment last assessed `value` before its deadline, and not for
    /// the deadline year.
    LastAssessed {
        value: &'static str,
        year: u16,
        deadline: u16,
    },
    /// A commitment assessed `value` (`partly`, `not_done`) for `year`;
    /// `due` is the deadline when it is still ahead.
    Assessed {
        value: &'static str,
        year: u16,
        due: Option<u16>,
    },
}

/// `reasons` with `more` after them.
pub fn then(mut reasons: Vec<Reason>, more: Option<Reason>) -> Vec<Reason> {
    reasons.extend(more);
    reasons
}
