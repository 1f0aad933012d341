//! The JSON evaluation model: the one interface between compiling and
//! evaluating. `eval` and every outside consumer read only this.
//!
//! Field order is declaration order and every list keeps source order, so
//! the same plan always gives byte-identical JSON. Decimal values are
//! written as exact JSON numbers (no binary floating point on the way).

mod json;

pub use json::JsonWriter;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The `format` of every model: `planc-model`.
pub const FORMAT: &str = "planc-model";
/// The model version this planc writes ([`Model::version`]).
pub const VERSION: u32 = 3;
/// The oldest version read: a version 2 model is a version 3 model with no
/// regions and no regional targets.
pub const OLDEST_READ: u32 = 2;

/// A compiled plan: what `planc compile` writes and `eval` judges.
///
/// Every list keeps the plan's order; [`Model::to_json`] and
/// [`Model::from_json`] write and read it (docs/json-model.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Always `planc-model`.
    pub format: String,
    /// Bumped on any incompatible change.
    pub version: u32,
    /// The header: title, period, baseline, issuer, tolerance.
    pub plan: PlanInfo,
    /// Every agency the plan declares, in order.
    pub agencies: Vec<Agency>,
    /// Every unit the plan can use: the built-in ones, then the plan's own.
    pub units: Vec<Unit>,
    /// Every metric the plan declares, in order.
    pub metrics: Vec<Metric>,
    /// Indicator classes (约束性, 预期性), in declaration order; absent
    /// when the plan declares none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<Class>,
    /// Declared regions, in the order first named; absent when the plan
    /// declares none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    /// Sections, in order.
    pub sections: Vec<Section>,
    /// Items and their parts, in order (a part follows its item).
    pub items: Vec<Item>,
    /// Targets, in order, grouped by item.
    pub targets: Vec<Target>,
}

/// The plan's header.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanInfo {
    /// The title (`plan "…"`), if written.
    pub title: Option<String>,
    /// The file the model was compiled from, as named on the command line.
    pub source: String,
    /// The years the plan covers (`period 2010..2012`).
    pub period: Period,
    /// Default baseline year for growth and change targets.
    pub baseline: Option<u16>,
    /// The issuing agency's id (`issued by`), if written.
    pub issued_by: Option<String>,
    /// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub issued_on: Option<String>,
    /// Default relative tolerance of `approximately` targets, in percent.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub tolerance: Decimal,
}

/// An inclusive range of years: the plan's period.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Period {
    /// The first year.
    pub from: u16,
    /// The last year.
    pub to: u16,
}

/// An agency: an office that leads or supports items.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Agency {
    /// The id that statements name it by.
    pub id: String,
    /// The name exactly as the document writes it.
    pub name: String,
}

/// A unit of measurement, with its dimension and scale.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unit {
    /// The unit's name as written: `万元`, `%`, `GW`.
    pub id: String,
    /// What the unit measures: `cny`, `usd`, `mass`, `teu`, `count`, `ratio`,
    /// or a dimension the plan declares.
    pub dimension: String,
    /// How many base units of the dimension one of this unit is.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub scale: Decimal,
    /// A count classifier (项, 家, 个 …).
    pub classifier: bool,
}

/// Dimensions whose regional figures add up to the plan-wide figure (and a
/// region's parts' to the region's). Anything else (ratios, percentages,
/// concentrations, dimensions a plan declares) is never summed.
pub const ADDITIVE_DIMENSIONS: &[&str] = &["cny", "usd", "mass", "teu", "count"];

impl Unit {
    /// Whether figures in this unit add up across regions.
    pub fn is_additive(&self) -> bool {
        self.id != "%" && ADDITIVE_DIMENSIONS.contains(&self.dimension.as_str())
    }
}

/// What kind of figure a metric has, and so how it is read and summed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetricKind {
    /// A level read at a point in time.
    Stock,
    /// An amount per year, summed over a window.
    Flow,
    /// Done or not done; reported as `done` in the year achieved.
    Milestone,
    /// One metric's figure over another's, year by year (`ratio` names
    /// them): an intensity or a rate per head. Read like a stock.
    Ratio,
    /// A qualitative commitment (建立…机制, 保持在合理区间): no figure, but
    /// an assessment reported each year (`done`, `partly`, `not done`).
    Commitment,
}

/// A metric: something measured, with its kind and unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Metric {
    /// The id that targets and data name it by.
    pub id: String,
    /// The document's description of it, if written.
    pub description: Option<String>,
    /// A unit id; absent for milestones and commitments.
    pub unit: Option<String>,
    /// How its figures are read.
    pub kind: MetricKind,
    /// For a `ratio` metric (and only for one): the metrics it divides.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ratio: Option<Ratio>,
}

/// `numerator / denominator`, both metric ids.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ratio {
    /// The metric whose figure is divided.
    pub numerator: String,
    /// The metric it is divided by.
    pub denominator: String,
}

/// `class 约束性: firm`: an indicator class, and the strength of its
/// targets that write none.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Class {
    /// The class's name: `约束性`.
    pub id: String,
    /// The strength of its targets that write none.
    pub strength: Strength,
}

/// `region 嘉兴市: 南湖区, …`: a region, and the region it is part of.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    /// The name data rows give in their `region` column.
    pub id: String,
    /// The region it is part of; absent for a region of the top level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// Where a regional target is judged: one region's figures. A target
/// without a scope is judged on the plan-wide figure.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Scope {
    /// `by 2012 in 南湖区: …`: a target of one region.
    Region {
        /// The region.
        region: String,
    },
    /// `quota 南湖区 30` after the plan-wide target `of`: that target's
    /// quota for one region, with the same timing, measure and comparison.
    Quota {
        /// The region.
        region: String,
        /// The id of the plan-wide target it is a quota of.
        of: String,
    },
    /// `by 2012 in each region: …`, written as the target `of`: its
    /// judgement in one region. The plan writes one target; the model has
    /// one per region without sub-regions, with ids `of@region`.
    EachRegion {
        /// The region.
        region: String,
        /// The id of the target as written.
        of: String,
    },
}

impl Scope {
    /// The region whose figures judge the target.
    pub fn region(&self) -> &str {
        match self {
            Scope::Region { region }
            | Scope::Quota { region, .. }
            | Scope::EachRegion { region, .. } => region,
        }
    }
}

/// A section of the plan (a chapter of the document).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The ordinal in arabic digits: `一` → "1".
    pub id: String,
    /// The ordinal as the plan writes it: `一`.
    pub ordinal: String,
    /// Its title as written.
    pub title: String,
}

/// An item (a numbered paragraph of the document) or a part of one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// The document's ordinal in arabic digits ("3", "17"); parts are
    /// "9.1", "9.2" ….
    pub id: String,
    /// The ordinal as the plan writes it: `三`, `17`; a part's own (`1`).
    pub ordinal: String,
    /// Its title as written.
    pub title: String,
    /// Section id, if the item stands in a section.
    pub section: Option<String>,
    /// The item this is a part of.
    pub parent: Option<String>,
    /// Lead agency ids.
    pub lead: Vec<String>,
    /// Supporting agency ids.
    pub support: Vec<String>,
    /// The document's words (`text "…"`), in order.
    pub text: Vec<String>,
    /// The item's class: its own `class`, else its parent's; absent when
    /// it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Ids of the item's own targets, in order.
    pub targets: Vec<String>,
    /// Where the item starts in the plan.
    pub source: Position,
}

/// The kind of a target: what is measured and how it is judged (the
/// variant of its [`Condition`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// `by Y: m …` — a stock at Y, or a flow summed from the period start to Y.
    Threshold,
    /// `in Y: m …` — the figure of one year.
    SingleYear,
    /// `each year: m …` — every year of the window.
    EachYear,
    /// `each year: m growth …` — year-on-year growth in every year of the window.
    YearlyGrowth,
    /// `by Y: m average growth …` — compound annual growth from the baseline to Y.
    AverageGrowth,
    /// `by Y: m annual average …` — mean yearly value of a flow over the window.
    AnnualAverage,
    /// `within A..B: m …` or `m total …` — a flow summed over the window.
    WindowTotal,
    /// `by Y: m change since B … p%` — relative change against year B.
    ChangeFromBaseline,
    /// `by Y: m change since B … +3pp` — absolute change against year B.
    AbsoluteChange,
    /// `by Y: m >= 2x since B` — a multiple of year B's level.
    Multiple,
    /// `by Y: m done` — reported done in or before Y.
    Milestone,
    /// `by Y: m assessed` — a qualitative commitment, judged by the latest
    /// reported assessment; `unassessed` without one.
    Commitment,
}

/// A comparison of a figure with what is required.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Op {
    /// `>=`
    #[serde(rename = ">=")]
    Ge,
    /// `>`
    #[serde(rename = ">")]
    Gt,
    /// `<=`
    #[serde(rename = "<=")]
    Le,
    /// `<`
    #[serde(rename = "<")]
    Lt,
    /// `=`
    #[serde(rename = "=")]
    Eq,
}

impl Op {
    /// Whether `actual op required` holds.
    pub fn holds(self, actual: Decimal, required: Decimal) -> bool {
        match self {
            Op::Ge => actual >= required,
            Op::Gt => actual > required,
            Op::Le => actual <= required,
            Op::Lt => actual < required,
            Op::Eq => actual == required,
        }
    }

    /// The comparison as written: `>=`.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Ge => ">=",
            Op::Gt => ">",
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }
}

/// How binding a target is: whether missing it fails a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strength {
    /// 确保, or the default: a miss or a lag fails `planc eval` (exit 3).
    Firm,
    /// 争取 / 力争: reported, but a miss does not fail a run.
    Strive,
}

/// An inclusive range of years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Window {
    /// The first year.
    pub from: u16,
    /// The last year.
    pub to: u16,
}

/// A place in the plan file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Position {
    /// 1-based.
    pub line: u32,
    /// 1-based, counting characters.
    pub column: u32,
}

/// A value as the plan writes it, beside the exact value eval judges.
///
/// `6万元` is `{number: 6, unit: "万元", scale: 10000, base: 60000}`. The
/// checker only multiplies (`base = number × scale`), so `base` is exact;
/// a quantity whose base value a decimal cannot hold is refused with a
/// diagnostic rather than rounded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Quantity {
    /// The number as written.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub number: Decimal,
    /// The unit as written after the number, multiplier included (`万元`,
    /// `万名`, `%`); `null` when the plan writes a bare number and the
    /// metric's unit applies.
    pub unit: Option<String>,
    /// How many base units of the metric's dimension one written unit is.
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub scale: Decimal,
    /// `number × scale`: the value in base units of the metric's dimension
    /// (in percent for rates).
    #[serde(with = "rust_decimal::serde::arbitrary_precision")]
    pub base: Decimal,
}

impl Quantity {
    /// Whether `base` is exactly `number × scale`.
    pub fn is_consistent(&self) -> bool {
        crate::exact::product(self.number, self.scale) == Some(self.base)
    }

    /// A quantity whose written unit is its base unit (scale 1).
    pub fn plain(number: Decimal, unit: Option<&str>) -> Quantity {
        Quantity {
            number,
            unit: unit.map(str::to_string),
            scale: Decimal::ONE,
            base: number,
        }
    }
}

/// The tolerance of an `about` or soft requirement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Tolerance {
    /// A share of the value, in percent: `± 5%`, or the plan's default
    /// (`tolerance`, 10% unless set) when the target writes none. On a rate
    /// it is a share of the rate: 10% of 7.5% is 0.75 percentage points.
    Relative {
        /// The share, in percent: `5` for `± 5%`.
        #[serde(with = "rust_decimal::serde::arbitrary_precision")]
        percent: Decimal,
        /// Whether the target writes it (`false`: the plan's default).
        written: bool,
    },
    /// An amount in the unit of what is compared: `± 3吨`, `± 0.5pp`.
    Absolute {
        /// The amount.
        amount: Quantity,
    },
}

/// What a measured figure must be: one variant per form, each with exactly
/// the fields it needs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "is", rename_all = "snake_case", deny_unknown_fields)]
pub enum Requirement {
    /// `op value`: `>= 150项`.
    Compare {
        /// The comparison.
        op: Op,
        /// What the figure is compared with.
        value: Quantity,
    },
    /// `op value ± t`: a cap or floor with a tolerance (控制在3%左右):
    /// met within the tolerance beyond the value.
    Soft {
        /// The comparison.
        op: Op,
        /// The cap or floor.
        value: Quantity,
        /// How far beyond it the figure may go.
        tolerance: Tolerance,
    },
    /// `~ value [± t]`: within the tolerance of the value (左右).
    About {
        /// The value aimed at.
        value: Quantity,
        /// How far from it the figure may be.
        tolerance: Tolerance,
    },
    /// `in low..high`: inclusive.
    Between {
        /// The least allowed.
        low: Quantity,
        /// The most allowed.
        high: Quantity,
    },
    /// `op METRIC`: another metric measured the same way, in the same year
    /// (`全员劳动生产率 growth > 国内生产总值 growth`, 高于).
    CompareMetric {
        /// The comparison.
        op: Op,
        /// The other metric's id.
        metric: String,
    },
    /// `~ METRIC [± t]`: within the tolerance of another metric measured the
    /// same way, in the same year (与…基本同步).
    AboutMetric {
        /// The other metric's id.
        metric: String,
        /// How far from its figure this one may be.
        tolerance: Tolerance,
    },
    /// `op mean A..B`: the metric's own mean over the years A..B (高于
    /// "十三五"时期实际).
    CompareMean {
        /// The comparison.
        op: Op,
        /// The first year of the mean.
        from: u16,
        /// The last year of the mean.
        to: u16,
    },
    /// `set`: the value is set each year outside the plan (各年度视情提出,
    /// a quota handed down) and read from the data, year by year (a row
    /// whose `measure` is `target`). Only under `each year`.
    SetYearly {},
}

impl Requirement {
    /// Every quantity the requirement holds, its tolerance's included.
    pub fn quantities(&self) -> Vec<&Quantity> {
        fn tol(t: &Tolerance) -> Option<&Quantity> {
            match t {
                Tolerance::Absolute { amount } => Some(amount),
                Tolerance::Relative { .. } => None,
            }
        }
        match self {
            Requirement::Compare { value, .. } => vec![value],
            Requirement::Soft {
                value, tolerance, ..
            }
            | Requirement::About { value, tolerance } => [Some(value), tol(tolerance)]
                .into_iter()
                .flatten()
                .collect(),
            Requirement::Between { low, high } => vec![low, high],
            Requirement::AboutMetric { tolerance, .. } => tol(tolerance).into_iter().collect(),
            Requirement::CompareMetric { .. }
            | Requirement::CompareMean { .. }
            | Requirement::SetYearly {} => vec![],
        }
    }

    /// The comparison, for the forms that have one.
    pub fn op(&self) -> Option<Op> {
        match self {
            Requirement::Compare { op, .. }
            | Requirement::Soft { op, .. }
            | Requirement::CompareMetric { op, .. }
            | Requirement::CompareMean { op, .. } => Some(*op),
            Requirement::About { .. }
            | Requirement::Between { .. }
            | Requirement::AboutMetric { .. }
            | Requirement::SetYearly {} => None,
        }
    }
}

/// What a target measures and what that must be: one variant per measure,
/// each with exactly the fields it needs. Rates are quantities in `%`,
/// absolute changes in the metric's unit (`pp` on a `%` metric), multiples
/// in `x`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Condition {
    /// `by Y: m …` — a stock at Y, or a flow summed over `window`.
    Threshold {
        /// What the figure must be.
        requirement: Requirement,
    },
    /// `in Y: m …` — the figure of the year Y alone (a flow's amount in Y).
    SingleYear {
        /// What the figure must be.
        requirement: Requirement,
    },
    /// `each year [A..B]: m …` — every year of the window.
    EachYear {
        /// What the figure must be.
        requirement: Requirement,
    },
    /// `each year: m growth …` — year-on-year growth in every year.
    YearlyGrowth {
        /// What the figure must be.
        requirement: Requirement,
    },
    /// `by Y: m average growth [since B] …` — compound yearly growth from B
    /// to Y.
    AverageGrowth {
        /// What the measure must be.
        requirement: Requirement,
        /// The base year measured from.
        since: u16,
    },
    /// `by Y: m annual average …` — the mean yearly amount of a flow.
    AnnualAverage {
        /// What the figure must be.
        requirement: Requirement,
    },
    /// `within A..B: m …`, `by Y: m total …` — a flow summed over the window.
    WindowTotal {
        /// What the figure must be.
        requirement: Requirement,
    },
    /// `by Y: m change [since B] … p%` — relative change from B.
    ChangeFromBaseline {
        /// What the measure must be.
        requirement: Requirement,
        /// The base year measured from.
        since: u16,
    },
    /// `by Y: m change [since B] … +3pp`, `… +1岁` — absolute change from B,
    /// in the metric's unit (percentage points on a `%` metric).
    AbsoluteChange {
        /// What the measure must be.
        requirement: Requirement,
        /// The base year measured from.
        since: u16,
    },
    /// `by Y: m >= 2x since B` — the level as a multiple of B's (翻一番).
    Multiple {
        /// What the measure must be.
        requirement: Requirement,
        /// The base year measured from.
        since: u16,
    },
    /// `by Y: m done`.
    Milestone {},
    /// `by Y: m assessed` — a qualitative commitment, judged by a reported
    /// assessment.
    Commitment {},
}

impl Condition {
    /// The kind of target this condition makes.
    pub fn kind(&self) -> TargetKind {
        match self {
            Condition::Threshold { .. } => TargetKind::Threshold,
            Condition::SingleYear { .. } => TargetKind::SingleYear,
            Condition::EachYear { .. } => TargetKind::EachYear,
            Condition::YearlyGrowth { .. } => TargetKind::YearlyGrowth,
            Condition::AverageGrowth { .. } => TargetKind::AverageGrowth,
            Condition::AnnualAverage { .. } => TargetKind::AnnualAverage,
            Condition::WindowTotal { .. } => TargetKind::WindowTotal,
            Condition::ChangeFromBaseline { .. } => TargetKind::ChangeFromBaseline,
            Condition::AbsoluteChange { .. } => TargetKind::AbsoluteChange,
            Condition::Multiple { .. } => TargetKind::Multiple,
            Condition::Milestone {} => TargetKind::Milestone,
            Condition::Commitment {} => TargetKind::Commitment,
        }
    }

    /// What the measured figure must be; `None` for a milestone or a
    /// commitment.
    pub fn requirement(&self) -> Option<&Requirement> {
        match self {
            Condition::Threshold { requirement }
            | Condition::SingleYear { requirement }
            | Condition::EachYear { requirement }
            | Condition::YearlyGrowth { requirement }
            | Condition::AverageGrowth { requirement, .. }
            | Condition::AnnualAverage { requirement }
            | Condition::WindowTotal { requirement }
            | Condition::ChangeFromBaseline { requirement, .. }
            | Condition::AbsoluteChange { requirement, .. }
            | Condition::Multiple { requirement, .. } => Some(requirement),
            Condition::Milestone {} | Condition::Commitment {} => None,
        }
    }

    /// The comparison, for the requirements that have one.
    pub fn op(&self) -> Option<Op> {
        self.requirement().and_then(Requirement::op)
    }

    /// The base year of the measures taken from one.
    pub fn since(&self) -> Option<u16> {
        match self {
            Condition::AverageGrowth { since, .. }
            | Condition::ChangeFromBaseline { since, .. }
            | Condition::AbsoluteChange { since, .. }
            | Condition::Multiple { since, .. } => Some(*since),
            _ => None,
        }
    }
}

/// One measurable commitment: what it requires (`condition`) and the
/// timing, strength and agencies every form shares.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Target {
    /// `<item>-<n>`, e.g. "3-1", "9.2-3".
    pub id: String,
    /// The id of the item it belongs to.
    pub item: String,
    /// The id of the metric it measures.
    pub metric: String,
    /// What it measures and what that must be.
    pub condition: Condition,
    /// The year by which the target is judged.
    pub deadline: u16,
    /// For a deadline written as a span (`by 2013..2015`), its first year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deadline_earliest: Option<u16>,
    /// The years the target covers: the period start (or `since`) to the
    /// deadline, or the explicit `each year` / `within` window.
    pub window: Window,
    /// The strength written on the target, else its class's, else `firm`.
    pub strength: Strength,
    /// The class of the target's item (a class id); absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Lead agency ids: the target's own, else its item's.
    pub lead: Vec<String>,
    /// Supporting agency ids, from its item.
    pub support: Vec<String>,
    /// The document's words for the target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
    /// The region it is judged in; absent: the plan-wide figure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// Where the target is written in the plan.
    pub source: Position,
}

impl Target {
    /// The kind of target: its condition's.
    pub fn kind(&self) -> TargetKind {
        self.condition.kind()
    }

    /// The region whose figures judge the target; `None`: plan-wide.
    pub fn region(&self) -> Option<&str> {
        self.scope.as_ref().map(Scope::region)
    }
}

/// Everything in the model that comes before the items: known once the
/// plan's top level is checked, before any item is. [`Model`] repeats these
/// fields rather than `#[serde(flatten)]` a `Head`: flattening buffers the
/// values and would lose the exact decimal numbers.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Head {
    /// Always `planc-model` ([`FORMAT`]).
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// As [`Model::plan`].
    pub plan: PlanInfo,
    /// As [`Model::agencies`].
    pub agencies: Vec<Agency>,
    /// As [`Model::units`].
    pub units: Vec<Unit>,
    /// As [`Model::metrics`].
    pub metrics: Vec<Metric>,
    /// As [`Model::classes`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub classes: Vec<Class>,
    /// As [`Model::regions`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    /// As [`Model::sections`].
    pub sections: Vec<Section>,
}

/// Receives a model's items and targets as they are checked, so a large
/// plan's model can be written out without being held in memory.
pub trait ModelSink {
    /// Receives the next item, in order (a part after its item).
    fn item(&mut self, item: Item);
    /// Receives the next target, in order, after its item.
    fn target(&mut self, target: Target);
}

/// Collects items and targets in memory.
#[derive(Default)]
pub struct Collect {
    /// Items, in order.
    pub items: Vec<Item>,
    /// Targets, in order.
    pub targets: Vec<Target>,
}

impl ModelSink for Collect {
    fn item(&mut self, item: Item) {
        self.items.push(item);
    }

    fn target(&mut self, target: Target) {
        self.targets.push(target);
    }
}

/// Counts items and targets and keeps nothing.
#[derive(Default)]
pub struct Count {
    /// Items seen.
    pub items: usize,
    /// Targets seen.
    pub targets: usize,
}

impl ModelSink for Count {
    fn item(&mut self, _: Item) {
        self.items += 1;
    }

    fn target(&mut self, _: Target) {
        self.targets += 1;
    }
}

impl Model {
    /// A model from its head and its collected items and targets.
    pub fn from_parts(head: Head, body: Collect) -> Model {
        Model {
            format: head.format,
            version: head.version,
            plan: head.plan,
            agencies: head.agencies,
            units: head.units,
            metrics: head.metrics,
            classes: head.classes,
            regions: head.regions,
            sections: head.sections,
            items: body.items,
            targets: body.targets,
        }
    }

    /// Serialises the model as pretty JSON followed by a newline, exactly
    /// as the streaming [`JsonWriter`] does. Fails only if serialisation
    /// itself fails, which is an internal error.
    pub fn to_json(&self) -> Result<String, ModelError> {
        let head = Head {
            format: self.format.clone(),
            version: self.version,
            plan: self.plan.clone(),
            agencies: self.agencies.clone(),
            units: self.units.clone(),
            metrics: self.metrics.clone(),
            classes: self.classes.clone(),
            regions: self.regions.clone(),
            sections: self.sections.clone(),
        };
        let mut w = JsonWriter::start(Vec::new(), Vec::new(), &head);
        for i in &self.items {
            w.write_item(i);
        }
        for t in &self.targets {
            w.write_target(t);
        }
        let (mut out, spill, tail) = w.finish().map_err(|e| ModelError::Write(e.to_string()))?;
        out.extend_from_slice(&spill);
        out.extend_from_slice(tail.as_bytes());
        String::from_utf8(out).map_err(|e| ModelError::Write(e.to_string()))
    }

    /// Reads a model, checking its format and version.
    pub fn from_json(text: &str) -> Result<Model, ModelError> {
        let m: Model = serde_json::from_str(text).map_err(|e| ModelError::Json {
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })?;
        if m.format != FORMAT {
            return Err(ModelError::Format(m.format));
        }
        if !(OLDEST_READ..=VERSION).contains(&m.version) {
            return Err(ModelError::Version(m.version));
        }
        // A value is judged on its base form: it must be the written one.
        for t in &m.targets {
            let Some(r) = t.condition.requirement() else {
                continue;
            };
            if let Some(q) = r.quantities().into_iter().find(|q| !q.is_consistent()) {
                return Err(ModelError::Invalid(format!(
                    "target `{}`: `base` {} is not `number` {} × `scale` {}",
                    t.id, q.base, q.number, q.scale
                )));
            }
        }
        // A ratio names its parts, and nothing else does.
        if let Some(bad) = m
            .metrics
            .iter()
            .find(|x| (x.kind == MetricKind::Ratio) != x.ratio.is_some())
        {
            return Err(ModelError::Invalid(format!(
                "metric `{}`: a `ratio` metric, and only one, names its `ratio`",
                bad.id
            )));
        }
        // A class named by an item or a target is declared.
        let named = m
            .items
            .iter()
            .map(|i| (&i.id, &i.class))
            .chain(m.targets.iter().map(|t| (&t.id, &t.class)));
        for (id, class) in named {
            if let Some(c) = class.as_ref().filter(|c| m.class(c).is_none()) {
                return Err(ModelError::Invalid(format!(
                    "`{id}` names the class `{c}`, which `classes` does not declare"
                )));
            }
        }
        m.check_regions()?;
        Ok(m)
    }

    /// Regions are declared once, each part of a declared region and never
    /// of itself; a regional target names a declared region, and a quota
    /// the plan-wide target of the same metric it breaks down.
    fn check_regions(&self) -> Result<(), ModelError> {
        let invalid = |s: String| Err(ModelError::Invalid(s));
        let mut parent: std::collections::HashMap<&str, Option<&str>> =
            std::collections::HashMap::new();
        for r in &self.regions {
            if parent.insert(&r.id, r.parent.as_deref()).is_some() {
                return invalid(format!("region `{}` is declared twice", r.id));
            }
        }
        for r in &self.regions {
            // Walk up: a chain longer than the list of regions loops.
            let mut at = r.parent.as_deref();
            let mut steps = 0usize;
            while let Some(p) = at {
                let Some(&up) = parent.get(p) else {
                    return invalid(format!(
                        "region `{}` is part of `{p}`, which `regions` does not declare",
                        r.id
                    ));
                };
                steps = steps.saturating_add(1);
                if p == r.id || steps > self.regions.len() {
                    return invalid(format!("region `{}` is part of itself", r.id));
                }
                at = up;
            }
        }
        for t in &self.targets {
            let Some(scope) = &t.scope else { continue };
            if !parent.contains_key(scope.region()) {
                return invalid(format!(
                    "target `{}` is judged in the region `{}`, which `regions` does not declare",
                    t.id,
                    scope.region()
                ));
            }
            if let Scope::Quota { of, .. } = scope {
                let whole = self.targets.iter().find(|w| &w.id == of);
                if !whole.is_some_and(|w| w.scope.is_none() && w.metric == t.metric) {
                    return invalid(format!(
                        "target `{}` is a quota of `{of}`, which is not a plan-wide target of `{}`",
                        t.id, t.metric
                    ));
                }
            }
        }
        Ok(())
    }

    /// The declared region with this id.
    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The metric with this id.
    pub fn metric(&self, id: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.id == id)
    }

    /// The class with this id.
    pub fn class(&self, id: &str) -> Option<&Class> {
        self.classes.iter().find(|c| c.id == id)
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&Unit> {
        self.units.iter().find(|u| u.id == id)
    }
}

/// Why a model could not be read or written.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum ModelError {
    /// The text is not valid JSON, or not a model's shape.
    #[error("invalid model JSON at line {line}, column {column}: {message}")]
    Json {
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column of the problem.
        column: usize,
        /// serde_json's message.
        message: String,
    },
    /// The `format` field is not `planc-model`: the text is another document.
    #[error("not a planc model: format is `{0}`, expected `planc-model`")]
    Format(String),
    /// The model was written by a planc with a model version this one does
    /// not read.
    #[error("unsupported model version {0}; this planc reads versions {OLDEST_READ} to {VERSION} (docs/json-model.md lists the changes)")]
    Version(u32),
    /// Writing failed (an internal error).
    #[error("the model could not be written: {0}")]
    Write(String),
    /// The JSON is a model's, but its values contradict each other (a
    /// `base` that is not `number × scale`, an undeclared class …).
    #[error("invalid model: {0}")]
    Invalid(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn empty() -> Model {
        Model {
            format: FORMAT.into(),
            version: VERSION,
            plan: PlanInfo {
                title: None,
                source: "a".into(),
                period: Period {
                    from: 2010,
                    to: 2012,
                },
                baseline: None,
                issued_by: None,
                issued_on: None,
                tolerance: Decimal::TEN,
            },
            agencies: vec![],
            units: vec![],
            metrics: vec![],
            classes: vec![],
            regions: vec![],
            sections: vec![],
            items: vec![],
            targets: vec![],
        }
    }

    #[test]
    fn a_version_2_model_is_read_and_version_1_is_refused() {
        let json = empty().to_json().unwrap();
        let v2 = json.replace("\"version\": 3", "\"version\": 2");
        assert_eq!(Model::from_json(&v2).map(|m| m.version), Ok(2));
        let v1 = json.replace("\"version\": 3", "\"version\": 1");
        assert_eq!(Model::from_json(&v1), Err(ModelError::Version(1)));
    }

    #[test]
    fn streamed_json_equals_serde_pretty_even_when_empty() {
        let m = empty();
        let serde = format!("{}\n", serde_json::to_string_pretty(&m).unwrap());
        let json = m.to_json().unwrap();
        assert_eq!(json, serde);
        assert_eq!(Model::from_json(&json), Ok(m));
    }
}
