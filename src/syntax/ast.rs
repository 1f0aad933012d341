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
    /// The name, a string's escapes resolved.
    pub text: Cow<'a, str>,
    /// Where it is written, quotes included.
    pub span: Span,
    /// Written as a string (`"各县(市、区)政府"`).
    pub quoted: bool,
}

/// A string literal with its escapes resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Str<'a> {
    /// The text, escapes resolved.
    pub text: Cow<'a, str>,
    /// Where it is written, quotes included.
    pub span: Span,
}

/// A number with an optional unit suffix, e.g. `150亿元`, `2万`, `40%`.
/// The suffix is resolved by the checker, which knows the plan's units and
/// the multipliers 万 and 亿.
#[derive(Clone, Debug, PartialEq)]
pub struct Quantity<'a> {
    /// The number, exactly as written.
    pub value: Decimal,
    /// Where the number is written.
    pub number_span: Span,
    /// The unit written after it, unresolved (`亿元`, `万`, `%`).
    pub unit: Option<Name<'a>>,
    /// Where the whole quantity is written.
    pub span: Span,
}

/// A year as written (`2012`, or `2012年`), with its place.
pub type Year = Spanned<u16>;

/// A section, item or part header: `item 三 "标题" {`.
#[derive(Clone, Debug, PartialEq)]
pub struct Header<'a> {
    /// The ordinal as a number (`三十一` → 31); `None` when it is not a
    /// valid ordinal (reported), so no number stands for "invalid".
    pub number: Spanned<Option<u32>>,
    /// The title as written.
    pub title: Str<'a>,
}

/// One agency of an `agency` statement: `各县政府 "各县(市、区)政府"`.
#[derive(Clone, Debug, PartialEq)]
pub struct AgencyDef<'a> {
    /// The id other statements use.
    pub id: Name<'a>,
    /// The name as the document writes it, when it differs from the id.
    pub name: Option<Str<'a>>,
}

/// What a `unit` statement makes its unit of.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitDef<'a> {
    /// `unit 吨: mass` — scale 1 in a dimension.
    Base {
        /// The dimension: a known one or a new one.
        dimension: Name<'a>,
    },
    /// `unit 万吨 = 10000 吨` — a multiple of another unit.
    Derived {
        /// How much of the other unit one of this is.
        of: Quantity<'a>,
    },
}

/// `unit NAME: DIMENSION` or `unit NAME = QUANTITY`.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitDecl<'a> {
    /// The unit declared.
    pub name: Name<'a>,
    /// What it is.
    pub def: UnitDef<'a>,
}

/// A metric's kind as written after its name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MetricKind {
    /// `stock`: a level read at a year.
    Stock,
    /// `flow`: an amount in a year.
    Flow,
    /// `milestone`: done or not done.
    Milestone,
    /// `= a / b`: one metric's figure over another's.
    Ratio,
    /// A qualitative commitment (建立…机制), judged by a reported assessment.
    Commitment,
}

/// `metric ID: KIND [UNIT] ["description"]`, or `metric ID = A / B [UNIT]`.
#[derive(Clone, Debug, PartialEq)]
pub struct MetricDecl<'a> {
    /// The metric's id.
    pub id: Name<'a>,
    /// Its kind (a ratio's is [`MetricKind::Ratio`], placed at the `=`).
    pub kind: Spanned<MetricKind>,
    /// Its unit, unresolved.
    pub unit: Option<Name<'a>>,
    /// The document's description.
    pub description: Option<Str<'a>>,
    /// For a ratio (`= a / b`), its numerator and denominator.
    pub ratio: Option<(Name<'a>, Name<'a>)>,
}

/// `class 约束性: firm`: an indicator class and its targets' default
/// strength.
#[derive(Clone, Debug, PartialEq)]
pub struct ClassDecl<'a> {
    /// The class's name.
    pub id: Name<'a>,
    /// The strength of its targets that write none.
    pub strength: Spanned<Strength>,
}

/// `region 嘉兴市: 南湖区, 秀洲区` (a region and the regions it is made
/// of) or `region 南湖区, 秀洲区` (regions side by side).
#[derive(Clone, Debug, PartialEq)]
pub enum RegionDecl<'a> {
    /// `region 嘉兴市: 南湖区, 秀洲区`.
    Parent {
        /// The region made of the parts.
        parent: Name<'a>,
        /// Its parts, in order.
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
    /// The region.
    pub region: Name<'a>,
    /// Its quota.
    pub value: Quantity<'a>,
}

/// `firm` (确保) or `strive` (力争, 争取).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// `firm`: a miss fails the run.
    Firm,
    /// `strive`: a miss is reported only.
    Strive,
}

/// A comparison operator as written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cmp {
    /// `>=`
    Ge,
    /// `>`
    Gt,
    /// `<=`
    Le,
    /// `<`
    Lt,
    /// `=`
    Eq,
}

impl Cmp {
    /// The operator as written: `>=`.
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

/// When a target is judged.
#[derive(Clone, Debug, PartialEq)]
pub enum Timing {
    /// `by 2012`, or `by 2013..2015` for a deadline given as a span of years.
    By {
        /// The deadline, or a span's first year.
        year: Year,
        /// A span's last year.
        latest: Option<Year>,
    },
    /// `each year` (the plan period) or `each year 2010..2012`.
    EachYear {
        /// The years, when written.
        range: Option<(Year, Year)>,
    },
    /// `within 2010..2012`.
    Within {
        /// The first year.
        from: Year,
        /// The last year.
        to: Year,
    },
    /// `in 2030`: that one year's figure.
    In {
        /// The year.
        year: Year,
    },
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
    Mean {
        /// The first year.
        from: Year,
        /// The last year.
        to: Year,
        /// Where `mean A..B` is written.
        span: Span,
    },
    /// `国内生产总值 growth`: another metric, measured as written.
    Metric {
        /// The other metric.
        name: Name<'a>,
        /// What is measured of it, if written.
        measure: Option<Spanned<Measure>>,
        /// Where the operand is written.
        span: Span,
    },
}

impl Operand<'_> {
    /// Where the operand is written.
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
        /// The comparison.
        cmp: Spanned<Cmp>,
        /// What the figure is compared with.
        value: Operand<'a>,
        /// `± t`, if written.
        tolerance: Option<Quantity<'a>>,
    },
    /// `~ 30 ± 3`, `~ 国内生产总值 growth`.
    About {
        /// The value aimed at.
        value: Operand<'a>,
        /// `± t`, if written.
        tolerance: Option<Quantity<'a>>,
    },
    /// `set`: the value is set each year outside the plan and read from
    /// the data.
    Set {
        /// Where `set` is written.
        span: Span,
    },
    /// `in 3..5`.
    Between {
        /// The least allowed.
        low: Quantity<'a>,
        /// The most allowed.
        high: Quantity<'a>,
    },
}

/// What a target requires of its metric.
#[derive(Clone, Debug, PartialEq)]
pub enum Condition<'a> {
    /// `m done`
    Done,
    /// `m assessed`: a commitment, judged by its reported assessment.
    Assessed,
    /// `m [measure] [since B] requirement [since B]`.
    Measured {
        /// What is measured (a level when nothing is written).
        measure: Spanned<Measure>,
        /// `since` after the measure (`change since 2020 >= 3pp`) or at the
        /// end (`>= 2x since 2010`).
        since: Option<Year>,
        /// What the measure must be.
        requirement: Requirement<'a>,
    },
}

/// A target statement: `[strength] TIMING: METRIC CONDITION ["quote"]`,
/// alone or after `lead …`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target<'a> {
    /// Where the target is written.
    pub span: Span,
    /// Leads named on the target itself (`lead 市经贸委 by 2012: …`).
    pub lead: Vec<Name<'a>>,
    /// `firm` or `strive`, if written.
    pub strength: Option<Spanned<Strength>>,
    /// When it is judged.
    pub timing: Spanned<Timing>,
    /// `in 南湖区`, `in each region`; `None`: the plan-wide figure.
    pub region: Option<Spanned<RegionScope<'a>>>,
    /// The metric it measures.
    pub metric: Name<'a>,
    /// What it requires.
    pub condition: Spanned<Condition<'a>>,
    /// The document's own words for the target.
    pub quote: Option<Str<'a>>,
    /// The `quota` statements written after it in its block, in order.
    pub quotas: Vec<Spanned<Vec<QuotaEntry<'a>>>>,
}

/// One statement, as `syntax::scan` cut it and the grammar parsed it.
// A statement lives only while it is checked, one at a time (and a few
// pieces' worth in the parallel pass): boxing targets would allocate per
// target.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
pub enum StmtKind<'a> {
    /// `plan "title"`.
    Plan(Str<'a>),
    /// `period 2010..2012`.
    Period {
        /// The first year.
        from: Year,
        /// The last year.
        to: Year,
    },
    /// `baseline 2009`.
    Baseline(Year),
    /// `issued by AGENCY [on DATE]`.
    Issued {
        /// The issuing agency.
        by: Name<'a>,
        /// The date as written (`2010-06`).
        on: Option<Spanned<&'a str>>,
    },
    /// `tolerance 10%`.
    Tolerance(Quantity<'a>),
    /// `agency a, b "full name"`.
    Agency(Vec<AgencyDef<'a>>),
    /// `unit …`.
    Unit(UnitDecl<'a>),
    /// `metric …`.
    Metric(MetricDecl<'a>),
    /// `class 约束性: firm`, at the top level.
    ClassDecl(ClassDecl<'a>),
    /// `region 嘉兴市: 南湖区, 秀洲区`, at the top level.
    Region(RegionDecl<'a>),
    /// `section N "title" {`.
    Section(Header<'a>),
    /// `item N "title" {`.
    Item(Header<'a>),
    /// `part N "title" {`.
    Part(Header<'a>),
    /// `}`.
    Close,
    /// `lead a, b` with no target.
    Lead(Vec<Name<'a>>),
    /// `support a, b`.
    Support(Vec<Name<'a>>),
    /// `text "…"`.
    Text(Str<'a>),
    /// `allow W0001, W0002`: warnings silenced in the enclosing scope.
    Allow(Vec<Spanned<&'a str>>),
    /// `class 约束性`, in an item or part.
    Class(Name<'a>),
    /// A target, with `lead` or without.
    Target(Target<'a>),
    /// `quota 南湖区 30, 秀洲区 25`: quotas of the target before it.
    Quota(Vec<QuotaEntry<'a>>),
    /// A statement that did not parse; its error is already reported.
    Error {
        /// It ends in `{`: a block follows, and its `}` belongs to it.
        opens: bool,
    },
}

/// A statement and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct Stmt<'a> {
    /// What it says.
    pub kind: StmtKind<'a>,
    /// Where it is written, comments excluded.
    pub span: Span,
}

/// The plan as a tree: header, declarations, then sections of items.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan<'a> {
    /// `plan "…"`.
    pub title: Option<Str<'a>>,
    /// `period A..B`.
    pub period: Option<(Year, Year)>,
    /// `baseline Y`.
    pub baseline: Option<Year>,
    /// `issued by AGENCY`.
    pub issued_by: Option<Name<'a>>,
    /// `… on DATE`.
    pub issued_on: Option<Spanned<&'a str>>,
    /// `tolerance Q`.
    pub tolerance: Option<Quantity<'a>>,
    /// Every agency declared, in order.
    pub agencies: Vec<AgencyDef<'a>>,
    /// Every unit declared, in order.
    pub units: Vec<UnitDecl<'a>>,
    /// Every metric declared, in order.
    pub metrics: Vec<MetricDecl<'a>>,
    /// Every class declared, in order.
    pub classes: Vec<ClassDecl<'a>>,
    /// `region` statements, in order.
    pub regions: Vec<Spanned<RegionDecl<'a>>>,
    /// The sections, in order; items outside any section in one without
    /// a header.
    pub sections: Vec<Section<'a>>,
    /// Warning codes silenced in the whole plan.
    pub allow: Vec<Spanned<&'a str>>,
    /// A `period` statement was written but did not parse (reported).
    pub period_unparsed: bool,
}

/// A section and its items.
#[derive(Clone, Debug, PartialEq)]
pub struct Section<'a> {
    /// `None` for items written outside any section.
    pub header: Option<Header<'a>>,
    /// Its items, in order.
    pub items: Vec<Item<'a>>,
}

/// An item (or a part of one) and what its block holds.
#[derive(Clone, Debug, PartialEq)]
pub struct Item<'a> {
    /// `item N "title" {`.
    pub header: Header<'a>,
    /// Lead agencies of `lead` statements without a target.
    pub lead: Vec<Name<'a>>,
    /// Supporting agencies.
    pub support: Vec<Name<'a>>,
    /// `text` statements, in order.
    pub text: Vec<Str<'a>>,
    /// Its own targets, in order (its parts' are in the parts).
    pub targets: Vec<Target<'a>>,
    /// `class` statements, in order: one is right, a second is reported.
    pub class: Vec<Name<'a>>,
    /// Its parts, in order.
    pub parts: Vec<Item<'a>>,
    /// Warning codes silenced in this item and its parts.
    pub allow: Vec<Spanned<&'a str>>,
    /// A statement in the block did not parse (reported): what the block
    /// lacks may be in it.
    pub unparsed: bool,
}
