//! Checking one data row against the model, whatever file format it came
//! from. Every cell is checked on its own, so one run reports every bad
//! cell of a row, not only the first.

use super::catalog::{suggest, Catalog};
use super::problem::{Place, Problem};
use crate::diag::Code;
use crate::exact::Exact;
use crate::model::{MetricKind, Op};
use rust_decimal::Decimal;
use std::str::FromStr;

/// Years outside this range are taken for typing errors.
pub const PLAUSIBLE_YEARS: std::ops::RangeInclusive<u16> = 1900..=2100;

/// Values that mean "not reported" in exported spreadsheets.
const NOT_AVAILABLE: &[&str] = &[
    "n/a", "na", "#n/a", "-", "--", "—", "–", "/", "null", "none", "nil", "无", "暂无", "…", "...",
];

/// The columns of a data row.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Col {
    /// `metric` (指标).
    Metric,
    /// `year` (年份).
    Year,
    /// `value` (数值).
    Value,
    /// `unit` (单位).
    Unit,
    /// `region` (地区).
    Region,
    /// `note` (备注).
    Note,
    /// `measure` (口径).
    Measure,
}

impl Col {
    /// The column's English name.
    pub fn name(self) -> &'static str {
        match self {
            Col::Metric => "metric",
            Col::Year => "year",
            Col::Value => "value",
            Col::Unit => "unit",
            Col::Region => "region",
            Col::Note => "note",
            Col::Measure => "measure",
        }
    }
}

/// A row's cells as text, trimmed. Absent optional cells are empty.
#[derive(Clone, Copy, Debug, Default)]
pub struct Cells<'a> {
    /// The metric id.
    pub metric: &'a str,
    /// The year.
    pub year: &'a str,
    /// The value.
    pub value: &'a str,
    /// The unit; empty for the metric's own.
    pub unit: &'a str,
    /// The region; empty for the plan-wide figure.
    pub region: &'a str,
    /// Free text; kept only as the evidence of a commitment's assessment.
    pub note: &'a str,
    /// What the value is: empty or `level`, `growth`, `target` ….
    pub measure: &'a str,
}

/// What a row's value is: the metric's figure, or its growth rate.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Measure {
    /// The figure itself (an empty `measure` cell, or `level`).
    #[default]
    Level,
    /// The year-on-year growth rate in percent, as reported (`growth`).
    Growth,
    /// The value set for the year outside the plan (`target`): what a
    /// `set` requirement on the metric's level must meet that year.
    Target,
    /// The growth rate set for the year (`growth target`), in percent.
    GrowthTarget,
}

impl Measure {
    /// Whether the value is a growth rate, held in percent.
    pub fn is_rate(self) -> bool {
        matches!(self, Measure::Growth | Measure::GrowthTarget)
    }

    /// Whether the row sets a year's value rather than reporting a figure.
    pub fn is_set(self) -> bool {
        matches!(self, Measure::Target | Measure::GrowthTarget)
    }
}

/// The comparison a value set for a year states: `>= 6` (以上), `~ 5.5`
/// (左右).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetOp {
    /// `>=`, `>`, `<=`, `<` or `=` the value.
    Cmp(Op),
    /// `~`: within the plan's default tolerance of the value.
    About,
}

impl SetOp {
    /// The comparison at the start of `text`, and the rest.
    pub fn split(text: &str) -> (Option<SetOp>, &str) {
        const OPS: [(&str, SetOp); 7] = [
            (">=", SetOp::Cmp(Op::Ge)),
            ("<=", SetOp::Cmp(Op::Le)),
            (">", SetOp::Cmp(Op::Gt)),
            ("<", SetOp::Cmp(Op::Lt)),
            ("=", SetOp::Cmp(Op::Eq)),
            ("~", SetOp::About),
            ("≈", SetOp::About),
        ];
        for (w, op) in OPS {
            if let Some(rest) = text.strip_prefix(w) {
                return (Some(op), rest.trim_start());
            }
        }
        (None, text)
    }

    /// The comparison as written: `>=`, `~`.
    pub fn as_str(self) -> &'static str {
        match self {
            SetOp::Cmp(op) => op.as_str(),
            SetOp::About => "~",
        }
    }
}

/// `measure` values and what they mean; letter case is ignored.
const MEASURES: &[(&str, Measure)] = &[
    ("level", Measure::Level),
    ("growth", Measure::Growth),
    ("增速", Measure::Growth),
    ("target", Measure::Target),
    ("目标", Measure::Target),
    ("growth target", Measure::GrowthTarget),
    ("growth_target", Measure::GrowthTarget),
    ("增速目标", Measure::GrowthTarget),
];

/// Words offices use for a growth rate, answered with `growth`.
const GROWTH_WORDS: &[&str] = &[
    "rate",
    "growth rate",
    "growth_rate",
    "yoy",
    "y/y",
    "增长率",
    "增长",
    "同比",
    "同比增长",
    "同比增速",
    "增幅",
];

/// A row that passed every check, its value converted to base units
/// (milestones: 1 done, 0 not done; commitments: see [`Assessment`]); a
/// growth rate stays in percent.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Row<'a> {
    /// The metric's index in the model.
    pub metric: u32,
    /// The year.
    pub year: u16,
    /// The value in base units (in percent for a rate).
    pub value: Decimal,
    /// The region; empty for the plan-wide figure.
    pub region: &'a str,
    /// The note cell, trimmed (empty when absent).
    pub note: &'a str,
    /// What the value is.
    pub measure: Measure,
    /// For a value set for the year (`target`, `growth target`), its
    /// comparison; `value` is the value.
    pub set: Option<SetOp>,
}

/// A commitment's reported assessment, held in the figure table as its
/// code: 1 done, 0.5 partly, 0 not done.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assessment {
    /// `done` (完成).
    Done,
    /// `partly` (部分完成).
    Partly,
    /// `not done` (未完成).
    NotDone,
}

impl Assessment {
    /// The words a `value` cell may hold, in any letter case.
    const WORDS: &'static [(&'static str, Assessment)] = &[
        ("done", Assessment::Done),
        ("partly", Assessment::Partly),
        ("partly done", Assessment::Partly),
        ("partly_done", Assessment::Partly),
        ("not done", Assessment::NotDone),
        ("not_done", Assessment::NotDone),
        ("完成", Assessment::Done),
        ("部分完成", Assessment::Partly),
        ("未完成", Assessment::NotDone),
    ];

    /// The assessment a cell names, in any letter case, English or Chinese.
    pub fn parse(text: &str) -> Option<Assessment> {
        let lower = text.to_lowercase();
        Self::WORDS
            .iter()
            .find(|(w, _)| *w == lower)
            .map(|&(_, a)| a)
    }

    /// How the assessment is stored among figures: 1, 0.5 or 0.
    pub fn code(self) -> Decimal {
        match self {
            Assessment::Done => Decimal::ONE,
            Assessment::Partly => Decimal::new(5, 1),
            Assessment::NotDone => Decimal::ZERO,
        }
    }

    /// The assessment stored as `code`.
    pub fn of_code(code: Decimal) -> Option<Assessment> {
        [Assessment::Done, Assessment::Partly, Assessment::NotDone]
            .into_iter()
            .find(|a| a.code() == code)
    }

    /// The stable name: `done`, `partly`, `not_done`.
    pub fn as_str(self) -> &'static str {
        match self {
            Assessment::Done => "done",
            Assessment::Partly => "partly",
            Assessment::NotDone => "not_done",
        }
    }
}

/// Checks a row; every problem found goes to `out`.
pub fn check<'a>(
    cat: &Catalog,
    cells: &Cells<'a>,
    place: &dyn Fn(Col) -> Place,
    out: &mut dyn FnMut(Problem),
) -> Option<Row<'a>> {
    let metric = check_metric(cat, cells.metric, place(Col::Metric), out);
    let year = check_year(cells.year, place(Col::Year), out);
    let region_ok = check_region(cat, cells.region, place(Col::Region), out);
    let measure = check_measure(cells.measure, place(Col::Measure), out);
    // The value is read as the measure says; an unknown measure leaves
    // nothing to read it as.
    let mut set = None;
    let value = match (metric, measure) {
        // An empty value is not reported: nothing to record, nothing wrong
        // (a partly filled template reads back).
        _ if cells.value.is_empty() => None,
        (Some(m), Some(Measure::Level)) => check_value(cat, m, cells, place, out),
        (Some(m), Some(Measure::Growth)) => check_rate(cat, m, cells, place, out),
        (Some(m), Some(ms @ (Measure::Target | Measure::GrowthTarget))) => {
            check_set(cat, m, ms, cells, place, out).map(|(op, v)| {
                set = Some(op);
                v
            })
        }
        _ => None,
    };
    region_ok?;
    Some(Row {
        metric: metric?,
        year: year?,
        value: value?,
        region: cells.region,
        note: cells.note,
        measure: measure?,
        set,
    })
}

/// A value set for the year outside the plan: a comparison and a value
/// (`>= 6`, `~ 5.5`), plan-wide, for a metric with figures. A level is in
/// the metric's unit (the unit column converts); a growth rate in percent.
fn check_set(
    cat: &Catalog,
    metric: u32,
    measure: Measure,
    cells: &Cells,
    place: &dyn Fn(Col) -> Place,
    out: &mut dyn FnMut(Problem),
) -> Option<(SetOp, Decimal)> {
    let m = cat.metric(metric)?;
    if matches!(m.kind, MetricKind::Milestone | MetricKind::Commitment) {
        out(Problem::new(
            Code::DataStructure,
            place(Col::Measure),
            format!("`{}` has no figure to set a value for", m.id),
            "a value set for the year",
        )
        .help("only a stock, flow or ratio has a value set each year; leave the measure empty"));
        return None;
    }
    let region_ok = cells.region.is_empty();
    if !region_ok {
        out(Problem::new(
            Code::DataStructure,
            place(Col::Region),
            "a value set for the year is plan-wide",
            "a region",
        )
        .help("leave the region empty: planc reads only plan-wide set values"));
    }
    let (op, rest) = SetOp::split(cells.value);
    let Some(op) = op else {
        out(Problem::new(
            Code::DataValue,
            place(Col::Value),
            format!(
                "a value set for the year states its comparison: `>= {}`, not `{}`",
                cells.value, cells.value
            ),
            "no comparison",
        )
        .help("write `>= 6` (以上), `~ 5.5` (左右, within the plan's tolerance), `<= 3` (以内), `> 6` or `< 3`"));
        return None;
    };
    let number = Cells {
        value: rest,
        ..*cells
    };
    let value = if measure == Measure::GrowthTarget {
        check_rate(cat, metric, &number, place, out)
    } else {
        check_value(cat, metric, &number, place, out)
    }?;
    region_ok.then_some((op, value))
}

fn check_measure(text: &str, place: Place, out: &mut dyn FnMut(Problem)) -> Option<Measure> {
    if text.is_empty() {
        return Some(Measure::Level);
    }
    let lower = text.to_lowercase();
    if let Some(&(_, m)) = MEASURES.iter().find(|(n, _)| *n == lower) {
        return Some(m);
    }
    let help = if GROWTH_WORDS.contains(&lower.as_str()) {
        "write `growth` for a year-on-year growth rate in percent".to_string()
    } else {
        match suggest(&lower, MEASURES.iter().map(|(n, _)| *n)) {
            Some(s) => format!("did you mean `{s}`?"),
            None => "the measure is empty or `level` for the figure itself, `growth` for its year-on-year growth rate in percent, `target` or `growth target` for a value set for the year".to_string(),
        }
    };
    out(Problem::new(
        Code::DataStructure,
        place,
        format!("unknown measure `{text}`"),
        "not a measure",
    )
    .help(help));
    None
}

/// A reported growth rate: a number in percent, its unit empty or `%`, for
/// a stock or flow. Not converted: it is compared with required rates as
/// it stands.
fn check_rate(
    cat: &Catalog,
    metric: u32,
    cells: &Cells,
    place: &dyn Fn(Col) -> Place,
    out: &mut dyn FnMut(Problem),
) -> Option<Decimal> {
    let m = cat.metric(metric)?;
    if m.kind == MetricKind::Milestone {
        out(Problem::new(
            Code::DataStructure,
            place(Col::Measure),
            format!("milestone `{}` has no growth rate", m.id),
            "growth of a milestone",
        )
        .help("a milestone is reported `done` or `not done`; leave the measure empty"));
        return None;
    }
    if m.kind == MetricKind::Commitment {
        out(Problem::new(
            Code::DataStructure,
            place(Col::Measure),
            format!("commitment `{}` has no growth rate", m.id),
            "growth of a commitment",
        )
        .help("a commitment is assessed `done`, `partly` or `not done`; leave the measure empty"));
        return None;
    }
    let unit_ok = matches!(cells.unit, "" | "%");
    if !unit_ok {
        out(Problem::new(
            Code::DataUnit,
            place(Col::Unit),
            format!(
                "a growth rate is in percent, not `{}`",
                cells.unit
            ),
            "not a rate's unit",
        )
        .help("leave the unit empty or write `%`; the value is the rate in percent, e.g. 5.2 for 5.2%"));
    }
    let value = parse_value(cells.value, &m.id, place(Col::Value), out)?;
    if value < Decimal::from(-100) {
        out(Problem::new(
            Code::DataValue,
            place(Col::Value),
            format!("a growth rate of {value}% would take `{}` below zero", m.id),
            "below -100%",
        )
        .help("a fall is at most 100%: check the sign, and that the rate is in percent"));
        return None;
    }
    unit_ok.then_some(value)
}

/// A region must be one the plan declares, when it declares any; a plan
/// that declares none takes any region, as its figures' own names.
fn check_region(
    cat: &Catalog,
    name: &str,
    place: Place,
    out: &mut dyn FnMut(Problem),
) -> Option<()> {
    if name.is_empty() || !cat.declares_regions() || cat.region_index(name).is_some() {
        return Some(());
    }
    let names = cat.model.regions.iter().map(|r| r.id.as_str());
    let help =
        match crate::check::suggest::closest(name, names) {
            Some(s) => format!("did you mean `{s}`?"),
            None => {
                format!(
            "the plan declares {} regions ({}); leave the region empty for a plan-wide figure",
            cat.model.regions.len(),
            cat.model
                .regions
                .iter()
                .take(8)
                .map(|r| format!("`{}`", r.id))
                .collect::<Vec<_>>()
                .join(", ")
                + if cat.model.regions.len() > 8 { ", …" } else { "" }
        )
            }
        };
    out(Problem::new(
        Code::DataUnknownRegion,
        place,
        format!("unknown region `{name}`"),
        "not a declared region",
    )
    .help(help));
    None
}

fn check_metric(
    cat: &Catalog,
    id: &str,
    place: Place,
    out: &mut dyn FnMut(Problem),
) -> Option<u32> {
    if let Some(i) = cat.metric_index(id) {
        return Some(i);
    }
    if id.is_empty() {
        out(Problem::new(
            Code::DataUnknownMetric,
            place,
            "empty metric cell",
            "no metric id",
        )
        .help("every row names the metric id the plan declares"));
        return None;
    }
    let described = cat
        .model
        .metrics
        .iter()
        .find(|m| m.description.as_deref() == Some(id))
        .map(|m| {
            format!(
                "`{id}` is the description of metric `{}`; write its id",
                m.id
            )
        });
    let help = described.or_else(|| {
        cat.suggest_metric(id)
            .map(|s| format!("did you mean `{s}`?"))
    });
    let help = help.or_else(|| stray_quote(id));
    out(Problem::new(
        Code::DataUnknownMetric,
        place,
        format!("unknown metric `{id}`"),
        "not a metric of this plan",
    )
    .help_opt(help));
    None
}

fn check_year(text: &str, place: Place, out: &mut dyn FnMut(Problem)) -> Option<u16> {
    let year = text
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| text.parse::<u16>().ok())
        .flatten()
        .filter(|y| !text.is_empty() && PLAUSIBLE_YEARS.contains(y));
    if year.is_some() {
        return year;
    }
    let (message, help) = if text.is_empty() {
        (
            "empty year cell".to_string(),
            "write the four-digit year the figure is for".to_string(),
        )
    } else if text.bytes().all(|b| b.is_ascii_digit()) {
        (
            format!("implausible year {text}"),
            format!(
                "years run from {} to {}; check for a typing error",
                PLAUSIBLE_YEARS.start(),
                PLAUSIBLE_YEARS.end()
            ),
        )
    } else {
        let digits: String = text.chars().take_while(char::is_ascii_digit).collect();
        let help = if digits.len() == 4 {
            format!("write the year alone: `{digits}`")
        } else {
            stray_quote(text).unwrap_or_else(|| "write a four-digit year such as 2011".to_string())
        };
        (format!("`{text}` is not a year"), help)
    };
    out(Problem::new(Code::DataYear, place, message, "year of the figure").help(help));
    None
}

/// Whether the unit cell is empty, as a milestone's or a commitment's must
/// be; a unit given is reported.
fn no_unit(
    what: &str,
    id: &str,
    cells: &Cells,
    place: &dyn Fn(Col) -> Place,
    out: &mut dyn FnMut(Problem),
) -> bool {
    let empty = cells.unit.is_empty();
    if !empty {
        out(Problem::new(
            Code::DataUnit,
            place(Col::Unit),
            format!("{what} `{id}` takes no unit"),
            "unit given",
        )
        .help(format!("leave the unit cell empty for a {what}")));
    }
    empty
}

fn check_value(
    cat: &Catalog,
    metric: u32,
    cells: &Cells,
    place: &dyn Fn(Col) -> Place,
    out: &mut dyn FnMut(Problem),
) -> Option<Decimal> {
    let m = cat.metric(metric)?;
    if m.kind == MetricKind::Milestone {
        let unit_ok = no_unit("milestone", &m.id, cells, place, out);
        let value = match cells.value.to_ascii_lowercase().as_str() {
            "done" => Some(Decimal::ONE),
            "not done" | "not_done" => Some(Decimal::ZERO),
            _ => {
                out(Problem::new(
                    Code::DataValue,
                    place(Col::Value),
                    format!(
                        "milestone `{}` is reported as `done` or `not done`, not `{}`",
                        m.id, cells.value
                    ),
                    "not a milestone state",
                )
                .help("write `done` in the year the milestone was achieved"));
                None
            }
        };
        return value.filter(|_| unit_ok);
    }
    if m.kind == MetricKind::Commitment {
        let unit_ok = no_unit("commitment", &m.id, cells, place, out);
        let value = Assessment::parse(cells.value).map(Assessment::code);
        if value.is_none() {
            out(Problem::new(
                Code::DataValue,
                place(Col::Value),
                format!(
                    "commitment `{}` is assessed `done`, `partly` or `not done`, not `{}`",
                    m.id, cells.value
                ),
                "not an assessment",
            )
            .help("write the assessment in `value` (`done`, `partly`, `not done`) and the evidence in `note`"));
        }
        return value.filter(|_| unit_ok);
    }
    let scale = check_unit(cat, metric, cells.unit, place(Col::Unit), out);
    let value = parse_value(cells.value, &m.id, place(Col::Value), out)?;
    let scale = scale?;
    let base = to_base(value, scale);
    if base.is_none() {
        let dimension = cat.metric_unit(metric).map_or("", |u| u.dimension.as_str());
        out(Problem::new(
            Code::DataValue,
            place(Col::Value),
            format!(
                "`{}` is beyond the exact range of a figure once converted to the base unit of `{dimension}`",
                cells.value
            ),
            "out of range",
        )
        .help(format!("{RANGE_RULE}; check the figure and its unit")));
    }
    base
}

/// `value · scale` exactly, or `None` when it does not fit a `Decimal`.
fn to_base(value: Decimal, scale: Decimal) -> Option<Decimal> {
    if scale == Decimal::ONE {
        return Some(value);
    }
    // `Decimal` keeps every digit of a product unless it has to drop
    // fractional digits to fit; a full scale shows that none were dropped.
    match value.checked_mul(scale) {
        Some(p) if Some(p.scale()) == value.scale().checked_add(scale.scale()) => Some(p),
        _ => Exact::from(value).mul(&Exact::from(scale)).to_decimal(),
    }
}

/// The scale (base units per unit) of the row's unit, if it fits the metric.
fn check_unit(
    cat: &Catalog,
    metric: u32,
    unit: &str,
    place: Place,
    out: &mut dyn FnMut(Problem),
) -> Option<Decimal> {
    let metric_unit = cat.metric_unit(metric);
    let Some(metric_unit) = metric_unit else {
        // The model names no usable unit for the metric; only an empty unit
        // cell can mean "the metric's unit".
        return unit.is_empty().then_some(Decimal::ONE);
    };
    if unit.is_empty() {
        return Some(metric_unit.scale);
    }
    let metric_id = cat.metric(metric).map_or("", |m| m.id.as_str());
    match cat.unit(unit) {
        Some(u) if u.dimension == metric_unit.dimension => Some(u.scale),
        Some(u) => {
            out(Problem::new(
                Code::DataUnit,
                place,
                format!(
                    "unit `{unit}` measures {} but `{metric_id}` is measured in `{}` ({})",
                    u.dimension, metric_unit.id, metric_unit.dimension
                ),
                "unit of the wrong dimension",
            )
            .help(units_help(cat, &metric_unit.dimension)));
            None
        }
        None => {
            let help = cat
                .suggest_unit(unit, &metric_unit.dimension)
                .map(|s| format!("did you mean `{s}`?"))
                .unwrap_or_else(|| units_help(cat, &metric_unit.dimension));
            out(Problem::new(
                Code::DataUnit,
                place,
                format!("unknown unit `{unit}`"),
                "not a unit of this plan",
            )
            .help(help));
            None
        }
    }
}

fn units_help(cat: &Catalog, dimension: &str) -> String {
    let units = cat.units_of(dimension);
    format!(
        "leave the unit empty for the metric's own unit, or use one of: {}",
        units
            .iter()
            .map(|u| format!("`{u}`"))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The exact range of a figure, as `docs/data.md` states it.
const RANGE_RULE: &str = "a figure is held exactly, as written and in the base unit of its dimension, as a whole number up to 79228162514264337593543950335 (2^96 - 1) with at most 28 decimal places";

/// Why a cell is not a figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NumberError {
    /// Not a number at all.
    NotNumber,
    /// A well-formed number that a `Decimal` cannot hold exactly.
    OutOfRange,
}

/// Parses a decimal in plain (`-12.50`) or scientific (`1.5e6`) notation
/// with an optional sign, exactly: a number that would need rounding is
/// out of range, not silently changed.
///
/// The range is `Decimal`'s: once trailing zeros are dropped, the digits
/// form a whole number up to 2⁹⁶ − 1 (79228162514264337593543950335) and at
/// most 28 of them stand after the decimal point. `1e28` and `1.5e-27` fit;
/// `1e29`, `1e-29` and `1.00000000000000000000000000001` do not.
pub fn parse_number(text: &str) -> Result<Decimal, NumberError> {
    match parse_plain(text.as_bytes()) {
        Some(d) => Ok(d),
        None => parse_general(text),
    }
}

/// Every form [`parse_number`] takes, with exponents and more digits.
fn parse_general(text: &str) -> Result<Decimal, NumberError> {
    let s = text.strip_prefix('+').unwrap_or(text);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => {
            // `e` is one byte: what follows it starts at i + 1.
            let exp = s.get(i.saturating_add(1)..).unwrap_or("");
            let exp = exp.strip_prefix('+').unwrap_or(exp);
            let valid = !exp.is_empty()
                && exp
                    .strip_prefix('-')
                    .unwrap_or(exp)
                    .bytes()
                    .all(|b| b.is_ascii_digit());
            let exp: i64 = if valid {
                exp.parse().map_err(|_| NumberError::OutOfRange)?
            } else {
                return Err(NumberError::NotNumber);
            };
            (s.get(..i).unwrap_or(""), exp)
        }
        None => (s, 0),
    };
    let (negative, digits) = match mantissa.strip_prefix('-') {
        Some(d) => (true, d),
        None => (false, mantissa),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let well_formed = !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && (!digits.contains('.') || !frac.is_empty())
        && frac.bytes().all(|b| b.is_ascii_digit());
    if !well_formed {
        return Err(NumberError::NotNumber);
    }
    // value = significant · 10^power, with no leading or trailing zeros.
    let all = format!("{int}{frac}");
    let significant = all.trim_start_matches('0');
    if significant.is_empty() {
        return Ok(Decimal::ZERO);
    }
    let trimmed = significant.trim_end_matches('0');
    let dropped =
        i64::try_from(significant.len().saturating_sub(trimmed.len())).unwrap_or(i64::MAX);
    let places = i64::try_from(frac.len()).unwrap_or(i64::MAX);
    let power = exponent
        .checked_add(dropped)
        .and_then(|p| p.checked_sub(places))
        .ok_or(NumberError::OutOfRange)?;
    // 2⁹⁶ − 1 has 29 digits; more never fit, and 29 always parse as i128.
    if trimmed.len() > 29 {
        return Err(NumberError::OutOfRange);
    }
    let mut n: i128 = trimmed.parse().map_err(|_| NumberError::OutOfRange)?;
    let scale = if power < 0 {
        u32::try_from(power.unsigned_abs()).map_err(|_| NumberError::OutOfRange)?
    } else {
        let shift = u32::try_from(power).map_err(|_| NumberError::OutOfRange)?;
        n = 10i128
            .checked_pow(shift)
            .and_then(|p| n.checked_mul(p))
            .ok_or(NumberError::OutOfRange)?;
        0
    };
    if negative {
        n = n.checked_neg().ok_or(NumberError::OutOfRange)?;
    }
    Decimal::try_from_i128_with_scale(n, scale).map_err(|_| NumberError::OutOfRange)
}

/// The common case of [`parse_number`] without allocating: `[+-]digits[.digits]`
/// with at most 18 digits, which always fits. It gives the same `Decimal`
/// (mantissa and scale) as the general path: trailing fractional zeros
/// dropped, zero as plain 0. `None` hands anything else to the general path.
fn parse_plain(text: &[u8]) -> Option<Decimal> {
    let (negative, digits) = match text.split_first()? {
        (b'-', rest) => (true, rest),
        (b'+', rest) => (false, rest),
        _ => (false, text),
    };
    let mut mantissa: i64 = 0;
    let mut count = 0u32;
    let mut places: Option<u32> = None;
    let mut int_digits = 0u32;
    for &b in digits {
        match b {
            b'0'..=b'9' => {
                // 18 digits never overflow an i64.
                mantissa = mantissa
                    .wrapping_mul(10)
                    .wrapping_add(i64::from(b.wrapping_sub(b'0')));
                count = count.wrapping_add(1);
                match places.as_mut() {
                    Some(p) => *p = p.wrapping_add(1),
                    None => int_digits = int_digits.wrapping_add(1),
                }
            }
            b'.' if places.is_none() => places = Some(0),
            _ => return None,
        }
        if count > 18 {
            return None;
        }
    }
    // `5.` and `.5` are not numbers: the general path says so.
    if int_digits == 0 || places == Some(0) {
        return None;
    }
    let mut scale = places.unwrap_or(0);
    if mantissa == 0 {
        return Some(Decimal::ZERO);
    }
    while scale > 0 && mantissa % 10 == 0 {
        mantissa /= 10;
        scale = scale.wrapping_sub(1);
    }
    Some(Decimal::new(
        if negative {
            mantissa.wrapping_neg()
        } else {
            mantissa
        },
        scale,
    ))
}

/// Parses a figure; everything that is not one gets a message saying what
/// is wrong with it.
fn parse_value(
    text: &str,
    metric: &str,
    place: Place,
    out: &mut dyn FnMut(Problem),
) -> Option<Decimal> {
    let error = match parse_number(text) {
        Ok(v) => return Some(v),
        Err(e) => e,
    };
    let lower = text.to_lowercase();
    let bare = lower.trim_start_matches(['+', '-']);
    let (message, label, help) = if text.is_empty() {
        (
            "empty value cell".to_string(),
            "no figure",
            "a row states one figure; delete the row if the figure was not reported".to_string(),
        )
    } else if error == NumberError::OutOfRange {
        // A well-formed number (`1e29`): no other reading of it applies.
        (
            format!("`{text}` is beyond the exact range of a figure"),
            "out of range",
            format!("{RANGE_RULE}; planc never rounds a figure: report it with fewer digits, or in another unit"),
        )
    } else if NOT_AVAILABLE.contains(&lower.as_str()) {
        (
            format!("`{text}` is not a figure"),
            "not available",
            "delete the row if the figure was not reported; planc then says which targets lack data".to_string(),
        )
    } else if matches!(bare, "nan" | "inf" | "infinity" | "∞") {
        (
            format!("`{text}` is not a finite number"),
            "not finite",
            "report a finite figure".to_string(),
        )
    } else if lower == "done" || lower == "not done" {
        (
            format!("`{text}` is for milestones; `{metric}` takes a number"),
            "not a number",
            "write the figure as a number".to_string(),
        )
    } else if let Some(h) = stray_quote(text) {
        (format!("stray quote in value `{text}`"), "stray quote", h)
    } else if is_grouped(text) {
        (
            format!("`{text}` has thousands separators"),
            "not a plain number",
            format!(
                "write the number without separators: `{}`",
                text.replace([',', '，'], "")
            ),
        )
    } else if let Some((number, unit)) = split_unit(text) {
        (
            format!("`{text}` mixes a number and a unit"),
            "not a plain number",
            format!("put the unit in the unit column: value `{number}`, unit `{unit}`"),
        )
    } else {
        (
            format!("`{text}` is not a number"),
            "not a number",
            "write a decimal number such as 150 or 12.5".to_string(),
        )
    };
    out(Problem::new(Code::DataValue, place, message, label).help(help));
    None
}

/// `1,234,567` written with thousands separators.
fn is_grouped(text: &str) -> bool {
    let int = text.split('.').next().unwrap_or("");
    let groups: Vec<&str> = int.trim_start_matches('-').split([',', '，']).collect();
    groups.len() > 1
        && groups.first().is_some_and(|g| (1..=3).contains(&g.len()))
        && groups.iter().skip(1).all(|g| g.len() == 3)
        && groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit()))
}

/// `150亿元` → (`150`, `亿元`).
fn split_unit(text: &str) -> Option<(&str, &str)> {
    let end = text
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '+'))
        .map(|(i, _)| i)?;
    let (number, unit) = text.split_at(end);
    let (number, unit) = (number.trim(), unit.trim());
    // `1e`, `1e+`: a broken exponent, not a unit.
    let exponent = unit.strip_prefix(['e', 'E']).is_some_and(|rest| {
        rest.trim_start_matches(['+', '-'])
            .bytes()
            .all(|b| b.is_ascii_digit())
    });
    (!number.is_empty()
        && !exponent
        && Decimal::from_str(number.trim_start_matches('+')).is_ok()
        && !unit.is_empty())
    .then_some((number, unit))
}

fn stray_quote(text: &str) -> Option<String> {
    text.contains(['"', '“', '”']).then(|| {
        "a quote inside a cell must be doubled (\"\") within a quoted cell; remove the stray quote".to_string()
    })
}

/// The closest of `candidates` to an unknown column name.
pub fn suggest_column(name: &str) -> Option<&'static str> {
    suggest(name, COLUMNS.iter().map(|(n, _)| *n))
}

/// Header names and their columns; Chinese names are accepted too, as
/// offices export them.
pub const COLUMNS: &[(&str, Col)] = &[
    ("metric", Col::Metric),
    ("year", Col::Year),
    ("value", Col::Value),
    ("unit", Col::Unit),
    ("region", Col::Region),
    ("note", Col::Note),
    ("measure", Col::Measure),
    ("指标", Col::Metric),
    ("年份", Col::Year),
    ("数值", Col::Value),
    ("单位", Col::Unit),
    ("地区", Col::Region),
    ("备注", Col::Note),
    ("口径", Col::Measure),
];

/// Columns a data-collection template (`planc template`) adds for the
/// people who fill it in: the metric's description, the lead agency and the
/// document's words. Readers accept them and do not read their cells.
pub const TEMPLATE_COLUMNS: &[&str] = &[
    "description",
    "agency",
    "quote",
    "指标说明",
    "牵头单位",
    "原文",
];

/// Whether a header cell names one of [`TEMPLATE_COLUMNS`] (any case).
pub fn is_template_column(name: &str) -> bool {
    let lower = name.to_lowercase();
    TEMPLATE_COLUMNS.contains(&lower.as_str())
}

/// The column a header cell names (case-insensitive, English or Chinese).
pub fn column(name: &str) -> Option<Col> {
    let lower = name.to_lowercase();
    COLUMNS.iter().find(|(n, _)| *n == lower).map(|&(_, c)| c)
}

/// Whether a cell reads as "no figure" (used by the JSON reader for `null`).
pub fn is_not_available(text: &str) -> bool {
    NOT_AVAILABLE.contains(&text.to_lowercase().as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_parse_exactly_or_not_at_all() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(parse_number("150"), Ok(d("150")));
        assert_eq!(parse_number("+1.50"), Ok(d("1.50")));
        assert_eq!(parse_number("-0.5"), Ok(d("-0.5")));
        assert_eq!(parse_number("1.5e6"), Ok(d("1500000")));
        assert_eq!(parse_number("15E-1"), Ok(d("1.5")));
        assert_eq!(
            parse_number("1.00000000000000000000000000001"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(parse_number("1e40"), Err(NumberError::OutOfRange));
        // The range is a 96-bit whole number and at most 28 places, not 28
        // significant digits: 29 digits fit while they stay below 2⁹⁶.
        let max = "79228162514264337593543950335";
        assert_eq!(parse_number(max), Ok(Decimal::MAX));
        assert_eq!(
            parse_number("79228162514264337593543950336"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(
            parse_number("-7.9228162514264337593543950335"),
            Ok(d("-7.9228162514264337593543950335"))
        );
        assert_eq!(parse_number("1e28"), Ok(d("10000000000000000000000000000")));
        assert_eq!(parse_number("1e29"), Err(NumberError::OutOfRange));
        assert_eq!(parse_number("8e28"), Err(NumberError::OutOfRange));
        assert_eq!(
            parse_number("7.9e28"),
            Ok(d("79000000000000000000000000000"))
        );
        assert_eq!(
            parse_number("1e-28"),
            Ok(d("0.0000000000000000000000000001"))
        );
        assert_eq!(parse_number("1e-29"), Err(NumberError::OutOfRange));
        assert_eq!(
            parse_number("0.00000000000000000000000000010"),
            Ok(d("0.0000000000000000000000000001"))
        );
        // Trailing zeros are not digits to hold: this is 10²⁹ / 10⁹.
        assert_eq!(
            parse_number("100000000000000000000000000000e-9"),
            Ok(d("100000000000000000000"))
        );
        assert_eq!(parse_number("0e99999999999"), Ok(Decimal::ZERO));
        assert_eq!(
            parse_number("1e99999999999999999999"),
            Err(NumberError::OutOfRange)
        );
        assert_eq!(parse_number("0e9"), Ok(Decimal::ZERO));
        assert_eq!(parse_number("-0.000"), Ok(Decimal::ZERO));
        for bad in ["", ".5", "5.", "1.2.3", "e5", "1e", "abc", "--1", "1_000"] {
            assert_eq!(parse_number(bad), Err(NumberError::NotNumber), "{bad}");
        }
    }

    proptest::proptest! {
        /// The allocation-free path gives the very `Decimal` (mantissa and
        /// scale, so the same digits in reports) the general path gives.
        #[test]
        fn the_plain_path_agrees_with_the_general_one(text in "[-+]?[0-9]{0,20}(\\.[0-9]{0,20})?") {
            if let Some(fast) = parse_plain(text.as_bytes()) {
                let general = parse_general(&text);
                proptest::prop_assert_eq!(Ok(fast), general);
                proptest::prop_assert_eq!(Ok(fast.scale()), general.map(|d| d.scale()));
            }
        }
    }

    #[test]
    fn the_plain_path_takes_the_common_forms() {
        for (text, mantissa, scale) in [
            ("150", 150, 0),
            ("-12.50", -125, 1),
            ("+0.000", 0, 0),
            ("100", 100, 0),
        ] {
            assert_eq!(
                parse_plain(text.as_bytes()),
                Some(Decimal::new(mantissa, scale)),
                "{text}"
            );
        }
        for other in [
            "",
            "-",
            ".5",
            "5.",
            "1e5",
            "1234567890123456789",
            "1.2.3",
            " 1",
        ] {
            assert_eq!(parse_plain(other.as_bytes()), None, "{other}");
        }
    }

    #[test]
    fn conversion_to_base_units_is_exact_or_refused() {
        let d = |s: &str| Decimal::from_str(s).unwrap();
        let cases = [
            // (value, scale, the exact product worked out by hand, or None
            // when no Decimal holds it exactly)
            ("1500000", "10000", Some("15000000000")),
            ("1499999.9999", "10000", Some("14999999999")),
            ("0.5", "0.001", Some("0.0005")),
            // 28 fractional digits times 3: still 28 digits, kept exactly.
            (
                "0.1234567890123456789012345678",
                "3",
                Some("0.3703703670370370367037037034"),
            ),
            // Scales 20 + 10 overflow Decimal's 28 places, but the product
            // is 0.01: the exact path finds it.
            ("0.10000000000000000000", "0.1000000000", Some("0.01")),
            // The largest Decimal, reached exactly.
            (
                "7922816251426433759354395033.5",
                "10",
                Some("79228162514264337593543950335"),
            ),
            // 31 fractional digits: refused, never rounded to 28.
            ("0.1234567890123456789012345678", "0.001", None),
            // 23.7684487542793012780631851005 has 30 significant digits,
            // more than a 96-bit mantissa holds: refused.
            ("7.9228162514264337593543950335", "3", None),
            // Past the largest Decimal.
            ("79228162514264337593543950335", "10", None),
        ];
        for (value, scale, want) in cases {
            assert_eq!(
                to_base(d(value), d(scale)),
                want.map(d),
                "{value} × {scale}"
            );
        }
        // 10²⁰ 亿元 is 10²⁸ 元 and fits; 10²¹ 亿元 does not.
        let e = |s: &str| parse_number(s).unwrap();
        assert_eq!(to_base(e("1e20"), e("1e8")), Some(e("1e28")));
        assert_eq!(to_base(e("1e21"), e("1e8")), None);
    }

    /// The message `parse_value` gives for a cell.
    fn message(text: &str) -> String {
        let mut got = Vec::new();
        let parsed = parse_value(text, "m", Place::File, &mut |p| got.push(p.message));
        assert!(parsed.is_none(), "{text} parsed");
        got.join("; ")
    }

    #[test]
    fn values_beyond_range_are_called_so() {
        // `1e29` is a well-formed number, not a number and a unit `e29`.
        assert_eq!(
            message("1e29"),
            "`1e29` is beyond the exact range of a figure"
        );
        assert_eq!(
            message("1.00000000000000000000000000001"),
            "`1.00000000000000000000000000001` is beyond the exact range of a figure"
        );
        assert_eq!(message("150亿元"), "`150亿元` mixes a number and a unit");
        assert_eq!(message("1e"), "`1e` is not a number");
    }

    #[test]
    fn grouped_numbers() {
        assert!(is_grouped("1,234,567"));
        assert!(is_grouped("12,345.5"));
        assert!(!is_grouped("1234"));
        assert!(!is_grouped("1,23"));
    }

    #[test]
    fn unit_suffix() {
        assert_eq!(split_unit("150亿元"), Some(("150", "亿元")));
        assert_eq!(split_unit("150 万吨"), Some(("150", "万吨")));
        assert_eq!(split_unit("abc"), None);
    }
}
