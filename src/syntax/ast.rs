//! The typed syntax tree. No pest type appears here.
//!
//! Text borrows from the source where it can (`Cow`), so a large plan is not
//! copied a second time.

use crate::span::{Span, Spanned};
use rust_decimal::Decimal;
use std::borrow::Cow;

/// A name as written: a bare identifier or a quoted string.
#[derive(Clone, Debug, PartialEq)]
pub struct Name<'a> {
    pub text: Cow<'a, str>,
    pub span: Span,
    pub quoted: bool,
}

/// A string literal with its escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Str<'a> {
    pub text: Cow<'a, str>,
    pub span: Span,
}

/// A number with an optional unit suffix, e.g. `150亿元`, `2万`, `40%`.
/// The suffix is resolved by the checker, which knows the plan's units and
/// the multipliers 万 and 亿.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity<'a> {
    pub value: Decimal,
    pub number_span: Span,
    pub unit: Option<Name<'a>>,
    pub span: Span,
}

pub type Year = Spanned<u16>;

/// A section, item or part header: `item 三 "标题" {`.
#[derive(Clone, Debug, PartialEq)]
pub struct Header<'a> {
    /// The ordinal as a number (`三十一` → 31); `None` when it is not a
    /// valid ordinal (reported), so no number stands for "invalid".
    pub number: Spanned<Option<u32>>,
    pub title: Str<'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgencyDef<'a> {
    /// The id other statements use.
    pub id: Name<'a>,
    /// The name as the document writes it, when it differs from the id.
    pub name: Option<Str<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum UnitDef<'a> {
    /// `unit 吨: mass` — scale 1 in a dimension.
    Base { dimension: Name<'a> },
    /// `unit 万吨 = 10000 吨` — a multiple of another unit.
    Derived { of: Quantity<'a> },
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnitDecl<'a> {
    pub name: Name<'a>,
    pub def: UnitDef<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    Stock,
    Flow,
    Milestone,
    /// `= a / b`: one metric's figure over another's.
    Ratio,
    /// A qualitative commitment (建立…机制), judged by a reported assessment.
    Commitment,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MetricDecl<'a> {
    pub id: Name<'a>,
    pub kind: Spanned<MetricKind>,
    pub unit: Option<Name<'a>>,
    pub description: Option<Str<'a>>,
    /// For a ratio (`= a / b`), its numerator and denominator.
    pub ratio: Option<(Name<'a>, Name<'a>)>,
}

/// `class 约束性: firm`: an indicator class and its targets' default
/// strength.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDecl<'a> {
    pub id: Name<'a>,
    pub strength: Spanned<Strength>,
}

/// `region 嘉兴市: 南湖区, 秀洲区` (a region and the regions it is made
/// of) or `region 南湖区, 秀洲区` (regions side by side).
#[derive(Clone, Debug, PartialEq)]
pub enum RegionDecl<'a> {
    /// `region 嘉兴市: 南湖区, 秀洲区`.
    Parent {
        parent: Name<'a>,
        parts: Vec<Name<'a>>,
    },
    /// `region 南湖区, 秀洲区`.
    List(Vec<Name<'a>>),
}

/// Where a target is judged, when not plan-wide.
#[derive(Clone, Debug, PartialEq)]
pub enum RegionScope<'a> {
    /// `in 南湖区`: that region's figures.
    One(Name<'a>),
    /// `in each region`: each region without sub-regions, on its own.
    Each(Span),
}

/// One quota of a `quota` statement: `南湖区 30项`.
#[derive(Clone, Debug, PartialEq)]
pub struct QuotaEntry<'a> {
    pub region: Name<'a>,
    pub value: Quantity<'a>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    Firm,
    Strive,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    Ge,
    Gt,
    Le,
    Lt,
    Eq,
}

impl Cmp {
    pub fn as_str(self) -> &'static str {
        match self {
            Cmp::Ge => ">=",
            Cmp::Gt => ">",
            Cmp::Le => "<=",
            Cmp::Lt => "<",
            Cmp::Eq => "=",
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Timing {
    /// `by 2012`, or `by 2013..2015` for a deadline given as a span of years.
    By { year: Year, latest: Option<Year> },
    /// `each year` (the plan period) or `each year 2010..2012`.
    EachYear { range: Option<(Year, Year)> },
    /// `within 2010..2012`.
    Within { from: Year, to: Year },
    /// `in 2030`: that one year's figure.
    In { year: Year },
}

/// What is measured of a metric.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Measure {
    /// The figure itself (nothing written).
    Level,
    /// `total`: a flow summed over years.
    Total,
    /// `growth`: year-on-year growth.
    Growth,
    /// `average growth`: compound yearly growth from a base year.
    AverageGrowth,
    /// `annual average`: the mean yearly amount of a flow.
    AnnualAverage,
    /// `change`: the change from a base year, relative (`%`) or absolute.
    Change,
}

impl Measure {
    /// The words that write it, empty for a level.
    pub fn words(self) -> &'static str {
        match self {
            Measure::Level => "",
            Measure::Total => "total",
            Measure::Growth => "growth",
            Measure::AverageGrowth => "average growth",
            Measure::AnnualAverage => "annual average",
            Measure::Change => "change",
        }
    }
}

/// What a measured figure is compared with.
#[derive(Clone, Debug, PartialEq)]
pub enum Operand<'a> {
    /// `150项`, `7.5%`, `2x`.
    Quantity(Quantity<'a>),
    /// `mean 2016..2020`: the metric's own mean over those years.
    Mean { from: Year, to: Year, span: Span },
    /// `国内生产总值 growth`: another metric, measured as written.
    Metric {
        name: Name<'a>,
        measure: Option<Spanned<Measure>>,
        span: Span,
    },
}

impl Operand<'_> {
    pub fn span(&self) -> Span {
        match self {
            Operand::Quantity(q) => q.span,
            Operand::Mean { span, .. } | Operand::Metric { span, .. } => *span,
        }
    }
}

/// What the measured figure must be.
#[derive(Clone, Debug, PartialEq)]
pub enum Requirement<'a> {
    /// `>= 150`, or `<= 3% ± 0.5pp` (a cap with a tolerance).
    Compare {
        cmp: Spanned<Cmp>,
        value: Operand<'a>,
        tolerance: Option<Quantity<'a>>,
    },
    /// `~ 30 ± 3`, `~ 国内生产总值 growth`.
    About {
        value: Operand<'a>,
        tolerance: Option<Quantity<'a>>,
    },
    /// `set`: the value is set each year outside the plan and read from
    /// the data.
    Set { span: Span },
    /// `in 3..5`.
    Between {
        low: Quantity<'a>,
        high: Quantity<'a>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Condition<'a> {
    /// `m done`
    Done,
    /// `m assessed`: a commitment, judged by its reported assessment.
    Assessed,
    /// `m [measure] [since B] requirement [since B]`.
    Measured {
        measure: Spanned<Measure>,
        /// `since` after the measure (`change since 2020 >= 3pp`) or at the
        /// end (`>= 2x since 2010`).
        since: Option<Year>,
        requirement: Requirement<'a>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Target<'a> {
    pub span: Span,
    /// Leads named on the target itself (`lead 市经贸委 by 2012: …`).
    pub lead: Vec<Name<'a>>,
    pub strength: Option<Spanned<Strength>>,
    pub timing: Spanned<Timing>,
    /// `in 南湖区`, `in each region`; `None`: the plan-wide figure.
    pub region: Option<Spanned<RegionScope<'a>>>,
    pub metric: Name<'a>,
    pub condition: Spanned<Condition<'a>>,
    /// The document's own words for the target.
    pub quote: Option<Str<'a>>,
    /// The `quota` statements written after it in its block, in order.
    pub quotas: Vec<Spanned<Vec<QuotaEntry<'a>>>>,
}

/// One statement, as `syntax::scan` cut it and the grammar parsed it.
// A statement lives only while it is checked, one at a time (and a wave of
// pieces in the parallel pass): boxing targets would allocate per target.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind<'a> {
    Plan(Str<'a>),
    Period {
        from: Year,
        to: Year,
    },
    Baseline(Year),
    Issued {
        by: Name<'a>,
        on: Option<Spanned<&'a str>>,
    },
    Tolerance(Quantity<'a>),
    Agency(Vec<AgencyDef<'a>>),
    Unit(UnitDecl<'a>),
    Metric(MetricDecl<'a>),
    /// `class 约束性: firm`, at the top level.
    ClassDecl(ClassDecl<'a>),
    /// `region 嘉兴市: 南湖区, 秀洲区`, at the top level.
    Region(RegionDecl<'a>),
    Section(Header<'a>),
    Item(Header<'a>),
    Part(Header<'a>),
    Close,
    Lead(Vec<Name<'a>>),
    Support(Vec<Name<'a>>),
    Text(Str<'a>),
    /// `allow W0001, W0002`: warnings silenced in the enclosing scope.
    Allow(Vec<Spanned<&'a str>>),
    /// `class 约束性`, in an item or part.
    Class(Name<'a>),
    Target(Target<'a>),
    /// `quota 南湖区 30, 秀洲区 25`: quotas of the target before it.
    Quota(Vec<QuotaEntry<'a>>),
    /// A statement that did not parse; its error is already reported.
    Error {
        opens: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stmt<'a> {
    pub kind: StmtKind<'a>,
    pub span: Span,
}

/// The plan as a tree: header, declarations, then sections of items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan<'a> {
    pub title: Option<Str<'a>>,
    pub period: Option<(Year, Year)>,
    pub baseline: Option<Year>,
    pub issued_by: Option<Name<'a>>,
    pub issued_on: Option<Spanned<&'a str>>,
    pub tolerance: Option<Quantity<'a>>,
    pub agencies: Vec<AgencyDef<'a>>,
    pub units: Vec<UnitDecl<'a>>,
    pub metrics: Vec<MetricDecl<'a>>,
    pub classes: Vec<ClassDecl<'a>>,
    /// `region` statements, in order.
    pub regions: Vec<Spanned<RegionDecl<'a>>>,
    pub sections: Vec<Section<'a>>,
    /// Warning codes silenced in the whole plan.
    pub allow: Vec<Spanned<&'a str>>,
    /// A `period` statement was written but did not parse (reported).
    pub period_unparsed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Section<'a> {
    /// `None` for items written outside any section.
    pub header: Option<Header<'a>>,
    pub items: Vec<Item<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Item<'a> {
    pub header: Header<'a>,
    pub lead: Vec<Name<'a>>,
    pub support: Vec<Name<'a>>,
    pub text: Vec<Str<'a>>,
    pub targets: Vec<Target<'a>>,
    /// `class` statements, in order: one is right, a second is reported.
    pub class: Vec<Name<'a>>,
    pub parts: Vec<Item<'a>>,
    /// Warning codes silenced in this item and its parts.
    pub allow: Vec<Spanned<&'a str>>,
    /// A statement in the block did not parse (reported): what the block
    /// lacks may be in it.
    pub unparsed: bool,
}
