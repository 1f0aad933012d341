//! A generator of valid plans for property tests.
//!
//! `plan()` is a proptest strategy for a [`Plan`]: agencies with CJK (and
//! some ASCII and quoted) names, declared units, metrics of every kind,
//! sections, items and parts, and targets of every kind, each made valid
//! for its metric and the plan period, so that the plan compiles with no
//! diagnostic at all. [`Plan::render`] writes it out with a random but
//! valid layout: indentation, whitespace between tokens (spaces, tabs,
//! ideographic spaces), blank lines, wrapped agency lists, CRLF line ends
//! and comments in every position a comment can stand.
//!
//! Raw strategy values are resolved into valid plans by index arithmetic
//! (a target's metric is `metric % metrics.len()`, its condition is picked
//! among those its metric allows), so proptest can shrink any part.

use proptest::prelude::*;
use proptest::sample::select;

/// A plan as data; [`Plan::render`] turns it into source text.
#[derive(Clone, Debug)]
pub struct Plan {
    pub title: String,
    pub period: (u16, u16),
    pub baseline: Option<u16>,
    /// Issuing agency (index into `agencies`) and date.
    pub issued: Option<(usize, Option<String>)>,
    /// Default tolerance in percent.
    pub tolerance: Option<u32>,
    pub agencies: Vec<Agency>,
    /// How many agencies each `agency` statement declares, in order.
    pub agency_groups: Vec<usize>,
    pub units: Vec<UnitDecl>,
    pub metrics: Vec<Metric>,
    /// A city and its districts (`region 嘉兴市: 南湖区, …`); none when the
    /// plan declares no region.
    pub regions: Option<(String, Vec<String>)>,
    pub blocks: Vec<Block>,
}

#[derive(Clone, Debug)]
pub struct Agency {
    /// The id; written quoted when `quoted`.
    pub id: String,
    pub quoted: bool,
    /// The document's name, written after the id.
    pub name: Option<String>,
    /// Statements refer to it by its name rather than its id.
    pub by_name: bool,
}

impl Agency {
    /// How a statement refers to it: by id, or by quoted name.
    fn reference(&self) -> String {
        match (&self.name, self.by_name) {
            (Some(n), true) => quote(n),
            _ if self.quoted => quote(&self.id),
            _ => self.id.clone(),
        }
    }
}

#[derive(Clone, Debug)]
pub struct UnitDecl {
    pub id: String,
    pub def: UnitDef,
}

#[derive(Clone, Debug)]
pub enum UnitDef {
    /// `unit 张: count`
    Base(String),
    /// `unit 千瓦 = 1000 瓦`: a number and an earlier unit.
    Derived(String, String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Stock,
    Flow,
    Milestone,
}

#[derive(Clone, Debug)]
pub struct Metric {
    pub id: String,
    pub kind: Kind,
    /// Absent exactly for milestones.
    pub unit: Option<String>,
    pub description: Option<String>,
}

/// A top-level block: a section of items, or an item outside any section.
#[derive(Clone, Debug)]
pub enum Block {
    Section {
        number: u32,
        /// Numbered `三` rather than `3`.
        cjk: bool,
        title: String,
        items: Vec<Item>,
    },
    Item(Item),
}

#[derive(Clone, Debug)]
pub struct Item {
    pub number: u32,
    /// Numbered `三` rather than `3`.
    pub cjk: bool,
    pub title: String,
    pub lead: Vec<usize>,
    pub support: Vec<usize>,
    pub text: Vec<String>,
    pub targets: Vec<Target>,
    pub parts: Vec<Item>,
}

#[derive(Clone, Debug)]
pub struct Target {
    pub strength: Option<&'static str>,
    /// The target's own leads (`lead A by 2012: …`).
    pub lead: Vec<usize>,
    pub timing: Timing,
    pub metric: usize,
    pub condition: Condition,
    pub quote: Option<String>,
    pub region: Option<TargetRegion>,
    /// `quota D v, …` after the target: a district index and its value.
    pub quotas: Vec<(usize, Quantity)>,
}

/// Where a target is judged, when not plan-wide.
#[derive(Clone, Debug)]
pub enum TargetRegion {
    /// `in 南湖区` (a district index; the city when out of range).
    One(usize),
    /// `in each region`.
    Each,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Timing {
    By(u16, Option<u16>),
    EachYear(Option<(u16, u16)>),
    Within(u16, u16),
}

/// A quantity as written: the number's text and an optional unit.
#[derive(Clone, Debug)]
pub struct Quantity {
    pub number: String,
    pub unit: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Condition {
    Compare(&'static str, Quantity),
    Done,
    Range(Quantity, Quantity),
    Approx(Quantity, Option<Quantity>),
    Growth(&'static str, Quantity),
    AverageGrowth(Option<u16>, &'static str, Quantity),
    AnnualAverage(&'static str, Quantity),
    Change(Option<u16>, &'static str, Quantity),
    Total(&'static str, Quantity),
}

// ---- names --------------------------------------------------------------

const CJK: &[char] = &[
    '市', '县', '区', '经', '贸', '委', '科', '技', '局', '农', '办', '发', '展', '改', '革', '交',
    '通', '港', '务', '文', '化', '旅', '游', '卫', '生', '教', '育', '财', '政', '嘉', '兴', '湖',
];
const AGENCY_END: &[&str] = &["局", "委", "办", "院", "会", "府", "集团", "管委会"];
const METRIC_WORDS: &[&str] = &[
    "企业",
    "项目",
    "资金",
    "吞吐量",
    "销售额",
    "基地",
    "床位",
    "人才",
    "比例",
    "示范园区",
];
const TEXT_WORDS: &[&str] = &[
    "加快",
    "平台建设",
    "与沪杭同城",
    "“三个圈”",
    "(市、区)",
    "with \\\"escaped\\\" quotes",
    "a \\\\ backslash",
    "# not a comment",
    "{ not a block }",
    "全角，标点：（）",
];
const COMMENTS: &[&str] = &[
    "# 注释",
    "#no space after the hash",
    "# (三) 市经贸委",
    "# with \"quotes\" and # more hashes",
    "# 全角，标点：（）也可以",
    "# ----------------------------------------------------------------",
    "#",
    "# lead 市经贸委 by 2012: m >= 1 (not code)",
];

fn cjk_word(len: std::ops::Range<usize>) -> impl Strategy<Value = String> {
    prop::collection::vec(select(CJK), len).prop_map(|v| v.into_iter().collect())
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(select(TEXT_WORDS), 1..4).prop_map(|v| v.join(""))
}

/// `"…"` around text that is already escaped.
fn quote(escaped: &str) -> String {
    format!("\"{escaped}\"")
}

// ---- numerals -----------------------------------------------------------

/// `n` (1..1000) as the document writes ordinals: 三, 十六, 三十一, 一百零五.
fn chinese(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let digit = |d: u32| D.get(d as usize).copied().unwrap_or("");
    let (h, t, u) = (n / 100, n / 10 % 10, n % 10);
    let mut s = String::new();
    if h > 0 {
        s.push_str(digit(h));
        s.push('百');
        if t == 0 && u > 0 {
            s.push('零');
        }
    }
    if t > 0 {
        if !(h == 0 && t == 1) {
            s.push_str(digit(t));
        }
        s.push('十');
    }
    if u > 0 {
        s.push_str(digit(u));
    }
    s
}

fn ordinal(n: u32, cjk: bool) -> String {
    if cjk {
        chinese(n)
    } else {
        n.to_string()
    }
}

// ---- units --------------------------------------------------------------

/// A unit the plan can use: built in or declared.
#[derive(Clone, Debug)]
struct UnitInfo {
    id: String,
    dimension: String,
}

const PRELUDE: &[(&str, &str)] = &[
    ("元", "cny"),
    ("万元", "cny"),
    ("亿元", "cny"),
    ("亿美元", "usd"),
    ("吨", "mass"),
    ("万吨", "mass"),
    ("万标箱", "teu"),
    ("项", "count"),
    ("家", "count"),
    ("个", "count"),
    ("名", "count"),
    ("%", "ratio"),
];

/// The plan's own units: a count classifier, a base unit of a dimension of
/// its own, multiples of both, and one whose name starts with `_`.
fn declared_units() -> impl Strategy<Value = Vec<UnitDecl>> {
    prop::collection::vec(any::<bool>(), 5).prop_map(|keep| {
        let all = [
            ("张", UnitDef::Base("count".into())),
            ("GW", UnitDef::Base("power".into())),
            ("MW", UnitDef::Derived("0.001".into(), "GW".into())),
            ("千吨", UnitDef::Derived("1_000".into(), "吨".into())),
            ("_件", UnitDef::Base("count".into())),
        ];
        // A derived unit needs the unit it builds on.
        let kept = |i: usize| keep.get(i).copied().unwrap_or(false);
        all.into_iter()
            .enumerate()
            .filter(|&(i, _)| kept(i) && (i != 2 || kept(1)))
            .map(|(_, (id, def))| UnitDecl { id: id.into(), def })
            .collect()
    })
}

fn unit_table(decls: &[UnitDecl]) -> Vec<UnitInfo> {
    let mut t: Vec<UnitInfo> = PRELUDE
        .iter()
        .map(|&(id, dimension)| UnitInfo {
            id: id.into(),
            dimension: dimension.into(),
        })
        .collect();
    for d in decls {
        let dimension = match &d.def {
            UnitDef::Base(dim) => dim.clone(),
            UnitDef::Derived(_, of) => t
                .iter()
                .find(|u| &u.id == of)
                .map(|u| u.dimension.clone())
                .unwrap_or_default(),
        };
        t.push(UnitInfo {
            id: d.id.clone(),
            dimension,
        });
    }
    t
}

// ---- raw values, resolved into a valid plan -----------------------------

#[derive(Clone, Debug)]
struct RawAgency {
    stem: String,
    end: &'static str,
    /// 0 plain id, 1 id and document name, 2 quoted id, 3 ASCII id.
    style: u8,
}

fn raw_agency() -> impl Strategy<Value = RawAgency> {
    (cjk_word(1..4), select(AGENCY_END), 0u8..4).prop_map(|(stem, end, style)| RawAgency {
        stem,
        end,
        style,
    })
}

#[derive(Clone, Debug)]
struct RawMetric {
    word: &'static str,
    kind: u8,
    unit: usize,
    description: Option<String>,
}

fn raw_metric() -> impl Strategy<Value = RawMetric> {
    (
        select(METRIC_WORDS),
        0u8..5,
        any::<usize>(),
        prop::option::of(text()),
    )
        .prop_map(|(word, kind, unit, description)| RawMetric {
            word,
            kind,
            unit,
            description,
        })
}

#[derive(Clone, Debug)]
struct RawTarget {
    strength: u8,
    own_lead: Vec<usize>,
    metric: usize,
    condition: usize,
    timing: usize,
    years: (u16, u16),
    values: (u32, u32),
    number_style: u8,
    unit_style: u8,
    since: Option<u16>,
    cmp: usize,
    quote: Option<String>,
    /// 0..=3 plan-wide, 4 in one region, 5 in each region, 6 with quotas.
    region: (u8, usize),
}

fn raw_target() -> impl Strategy<Value = RawTarget> {
    (
        (
            0u8..3,
            prop::collection::vec(any::<usize>(), 0..3),
            any::<usize>(),
        ),
        (any::<usize>(), any::<usize>(), (0u16..8, 0u16..8)),
        ((0u32..2000, 0u32..500), 0u8..4, 0u8..3),
        (
            prop::option::of(0u16..4),
            0usize..5,
            prop::option::of(text()),
            (0u8..7, any::<usize>()),
        ),
    )
        .prop_map(
            |(
                (strength, own_lead, metric),
                (condition, timing, years),
                (values, number_style, unit_style),
                (since, cmp, quote, region),
            )| RawTarget {
                strength,
                own_lead,
                metric,
                condition,
                timing,
                years,
                values,
                number_style,
                unit_style,
                since,
                cmp,
                quote,
                region,
            },
        )
}

#[derive(Clone, Debug)]
struct RawItem {
    title: String,
    cjk: bool,
    lead: Vec<usize>,
    support: Vec<usize>,
    text: Vec<String>,
    targets: Vec<RawTarget>,
    parts: Vec<RawItem>,
}

fn raw_item(parts: bool) -> BoxedStrategy<RawItem> {
    let part = if parts {
        prop::collection::vec(raw_item(false), 0..3).boxed()
    } else {
        Just(Vec::new()).boxed()
    };
    (
        (text(), any::<bool>()),
        (
            prop::collection::vec(any::<usize>(), 0..3),
            prop::collection::vec(any::<usize>(), 0..8),
        ),
        prop::collection::vec(text(), 0..3),
        prop::collection::vec(raw_target(), 0..5),
        part,
    )
        .prop_map(
            |((title, cjk), (lead, support), text, targets, parts)| RawItem {
                title,
                cjk,
                lead,
                support,
                text,
                targets,
                parts,
            },
        )
        .boxed()
}

#[derive(Clone, Debug)]
struct RawBlock {
    section: Option<(String, bool)>,
    items: Vec<RawItem>,
}

fn raw_block() -> impl Strategy<Value = RawBlock> {
    (
        prop::option::of((text(), any::<bool>())),
        prop::collection::vec(raw_item(true), 1..4),
    )
        .prop_map(|(section, items)| RawBlock { section, items })
}

/// A valid plan.
pub fn plan() -> impl Strategy<Value = Plan> {
    (
        (text(), 2000u16..2030, 0u16..6, any::<bool>()),
        (
            prop::option::of((any::<usize>(), 0u8..4)),
            prop::option::of(1u32..30),
        ),
        prop::collection::vec(raw_agency(), 1..10),
        prop::collection::vec(1usize..5, 1..10),
        declared_units(),
        prop::collection::vec(raw_metric(), 1..8),
        prop::collection::vec(raw_block(), 0..4),
        prop::option::of((cjk_word(1..3), 1usize..6)),
    )
        .prop_map(
            |(
                (title, from, len, baseline),
                (issued, tolerance),
                agencies,
                groups,
                units,
                metrics,
                blocks,
                regions,
            )| {
                resolve(
                    title,
                    (from, from + len),
                    baseline,
                    issued,
                    tolerance,
                    agencies,
                    groups,
                    units,
                    metrics,
                    blocks,
                    regions,
                )
            },
        )
}

#[allow(clippy::too_many_arguments)]
fn resolve(
    title: String,
    period: (u16, u16),
    baseline: bool,
    issued: Option<(usize, u8)>,
    tolerance: Option<u32>,
    raw_agencies: Vec<RawAgency>,
    groups: Vec<usize>,
    units: Vec<UnitDecl>,
    raw_metrics: Vec<RawMetric>,
    raw_blocks: Vec<RawBlock>,
    raw_regions: Option<(String, usize)>,
) -> Plan {
    let mut taken = std::collections::HashSet::new();
    let mut unique = |base: String| {
        let mut s = base.clone();
        let mut n = 1;
        while !taken.insert(s.clone()) {
            n += 1;
            s = format!("{base}{}", chinese(n));
        }
        s
    };
    let agencies: Vec<Agency> = raw_agencies
        .iter()
        .enumerate()
        .map(|(i, a)| match a.style {
            1 => Agency {
                id: unique(format!("{}{}", a.stem, a.end)),
                quoted: false,
                name: Some(unique(format!("{}{}(市、区){}", a.stem, a.end, i))),
                by_name: i % 2 == 0,
            },
            2 => Agency {
                id: unique(format!("{}({}){}", a.stem, a.end, i)),
                quoted: true,
                name: None,
                by_name: false,
            },
            3 => Agency {
                id: unique(format!("Dept{i}")),
                quoted: false,
                name: None,
                by_name: false,
            },
            _ => Agency {
                id: unique(format!("{}{}", a.stem, a.end)),
                quoted: false,
                name: None,
                by_name: false,
            },
        })
        .collect();
    let table = unit_table(&units);
    let metrics: Vec<Metric> = raw_metrics
        .iter()
        .enumerate()
        .map(|(i, m)| {
            // Two stocks and two flows to a milestone, which allows one
            // kind of target only.
            let kind = match m.kind {
                0 | 1 => Kind::Stock,
                2 | 3 => Kind::Flow,
                _ => Kind::Milestone,
            };
            let unit = (kind != Kind::Milestone)
                .then(|| table.get(m.unit % table.len()).map(|u| u.id.clone()))
                .flatten();
            // Every other metric gets an ASCII id.
            let id = if i % 2 == 0 {
                unique(m.word.to_string())
            } else {
                unique(format!("m{i}"))
            };
            Metric {
                id,
                kind,
                unit,
                description: m.description.clone(),
            }
        })
        .collect();
    // A city and its districts, named apart from every other name.
    let regions = raw_regions.map(|(stem, n)| {
        let city = unique(format!("{stem}市"));
        let districts = (1..=n as u32)
            .map(|k| unique(format!("{stem}{}区", chinese(k))))
            .collect::<Vec<_>>();
        (city, districts)
    });
    let mut ctx = Ctx {
        districts: regions.as_ref().map_or(0, |(_, d)| d.len()),
        period,
        baseline: baseline.then(|| period.0 - 1),
        agencies: agencies.len(),
        metrics: &metrics,
        units: &table,
        next_item: 1,
    };
    let mut blocks = Vec::new();
    for (s, b) in raw_blocks.iter().enumerate() {
        let items: Vec<Item> = b.items.iter().map(|i| ctx.item(i, None)).collect();
        match &b.section {
            Some((title, cjk)) => blocks.push(Block::Section {
                number: s as u32 + 1,
                cjk: *cjk,
                title: title.clone(),
                items,
            }),
            None => blocks.extend(items.into_iter().map(Block::Item)),
        }
    }
    // Group the agency declarations into statements.
    let mut agency_groups = Vec::new();
    let mut left = agencies.len();
    for g in groups.iter().cycle().take(agencies.len()) {
        if left == 0 {
            break;
        }
        let g = (*g).min(left);
        agency_groups.push(g);
        left -= g;
    }
    let issued = issued.map(|(a, d)| {
        let date = match d {
            0 => None,
            1 => Some(format!("{}", period.0)),
            2 => Some(format!("{}-06", period.0)),
            _ => Some(format!("{}-02-29", 2008)),
        };
        (a % agencies.len(), date)
    });
    Plan {
        title,
        period,
        baseline: ctx.baseline,
        issued,
        tolerance,
        agencies,
        agency_groups,
        units,
        metrics,
        regions,
        blocks,
    }
}

struct Ctx<'c> {
    /// How many districts the plan declares (0: no region).
    districts: usize,
    period: (u16, u16),
    baseline: Option<u16>,
    agencies: usize,
    metrics: &'c [Metric],
    units: &'c [UnitInfo],
    /// Items are numbered across the whole plan.
    next_item: u32,
}

impl Ctx<'_> {
    fn item(&mut self, raw: &RawItem, part_of: Option<u32>) -> Item {
        let number = match part_of {
            Some(_) => 0, // set by the parent, per item
            None => {
                self.next_item += 1;
                self.next_item - 1
            }
        };
        let n = self.agencies;
        let agencies = |v: &[usize]| {
            let mut out: Vec<usize> = v.iter().map(|i| i % n).collect();
            out.dedup();
            out
        };
        let targets: Vec<Target> = raw.targets.iter().map(|t| self.target(t)).collect();
        let mut lead = agencies(&raw.lead);
        // Targets without leads of their own need the item's.
        if lead.is_empty() && targets.iter().any(|t| t.lead.is_empty()) {
            lead.push(0);
        }
        let parts = raw
            .parts
            .iter()
            .enumerate()
            .map(|(k, p)| Item {
                number: k as u32 + 1,
                ..self.item(p, Some(number))
            })
            .collect();
        Item {
            number,
            cjk: raw.cjk,
            title: raw.title.clone(),
            lead,
            support: agencies(&raw.support),
            text: raw.text.clone(),
            targets,
            parts,
        }
    }

    fn target(&self, raw: &RawTarget) -> Target {
        let metric = raw.metric % self.metrics.len();
        let m = self.metrics.get(metric);
        let kind = m.map_or(Kind::Milestone, |m| m.kind);
        let unit = m.and_then(|m| m.unit.clone());
        let (from, to) = self.period;
        let span = to - from + 1;
        let y1 = from + raw.years.0 % span;
        let y2 = y1 + raw.years.1 % (to - y1 + 1);
        let cmp = [">=", ">", "<=", "<", "="]
            .get(raw.cmp)
            .copied()
            .unwrap_or(">=");
        let q = |n: u32| self.quantity(n, raw.number_style, raw.unit_style, unit.as_deref());
        let pct = |n: u32| Quantity {
            number: format!("{}", n % 50),
            unit: Some("%".into()),
        };
        // The conditions this metric allows, and the timings each allows.
        let by = Timing::By(y2, None);
        let by_span = Timing::By(y1, (y2 > y1).then_some(y2));
        let each = if raw.timing.is_multiple_of(2) {
            Timing::EachYear(None)
        } else {
            Timing::EachYear(Some((y1, y2)))
        };
        let within = Timing::Within(y1, y2);
        let (v, w) = raw.values;
        let since = |deadline: u16| -> Option<u16> {
            // A base year before the deadline: the plan's, or its own.
            match (self.baseline, raw.since) {
                (Some(_), None) => None,
                (_, Some(s)) => Some(deadline - 1 - s.min(deadline - 1 - 1900)),
                (None, None) => Some(deadline - 1),
            }
        };
        let options: Vec<(Condition, Vec<Timing>)> = match kind {
            Kind::Milestone => vec![(Condition::Done, vec![by.clone(), by_span.clone()])],
            Kind::Stock | Kind::Flow => {
                let mut o = vec![
                    (
                        Condition::Compare(cmp, q(v)),
                        if kind == Kind::Flow {
                            vec![by.clone(), each.clone(), within.clone()]
                        } else {
                            vec![by.clone(), each.clone()]
                        },
                    ),
                    // Comparisons are the commonest targets: twice the weight.
                    (
                        Condition::Compare(cmp, q(w)),
                        vec![each.clone(), by.clone()],
                    ),
                    (Condition::Range(q(v), q(v + w)), vec![by.clone()]),
                    (
                        Condition::Approx(
                            q(v),
                            match raw.unit_style {
                                0 => None,
                                1 => Some(pct(w)),
                                _ => Some(q(w)),
                            },
                        ),
                        vec![by.clone()],
                    ),
                    // Year-on-year growth is judged every year: never `by`.
                    (
                        Condition::Growth(cmp, pct(v)),
                        vec![each.clone(), within.clone()],
                    ),
                    (
                        Condition::AverageGrowth(since(y2), cmp, pct(v)),
                        vec![by.clone()],
                    ),
                    (
                        Condition::Change(
                            since(y2),
                            cmp,
                            Quantity {
                                number: format!("-{}", v % 40),
                                unit: Some("%".into()),
                            },
                        ),
                        vec![by.clone()],
                    ),
                ];
                if kind == Kind::Flow {
                    o.push((
                        Condition::Total(cmp, q(v)),
                        vec![by.clone(), within.clone()],
                    ));
                    o.push((
                        Condition::AnnualAverage(cmp, q(v)),
                        vec![by.clone(), within.clone()],
                    ));
                }
                o
            }
        };
        let (condition, timings) = options
            .get(raw.condition % options.len())
            .cloned()
            .unwrap_or((Condition::Done, vec![by.clone()]));
        let timing = timings
            .get(raw.timing % timings.len())
            .cloned()
            .unwrap_or(by);
        let mut own: Vec<usize> = raw.own_lead.iter().map(|i| i % self.agencies).collect();
        own.dedup();
        // Regional targets need declared regions and a figure per region:
        // no milestone. Quotas need one value to replace, and only floors
        // get them, each the whole's value, so they add up to at least it
        // (W0004 otherwise).
        let (choice, which) = raw.region;
        let regional = self.districts > 0 && kind != Kind::Milestone;
        let region = match choice {
            4 if regional => Some(TargetRegion::One(which % (self.districts + 1))),
            5 if regional => Some(TargetRegion::Each),
            _ => None,
        };
        let quotas = match (&condition, choice) {
            (Condition::Compare(">=" | ">", q), 6) if regional => (0..self.districts)
                .filter(|d| (which >> d) & 1 == 0 || *d == 0)
                .map(|d| (d, q.clone()))
                .collect(),
            _ => Vec::new(),
        };
        Target {
            strength: [None, Some("strive"), Some("firm")]
                .get(raw.strength as usize)
                .copied()
                .flatten(),
            lead: own,
            timing,
            metric,
            condition,
            quote: raw.quote.clone(),
            region,
            quotas,
        }
    }

    /// A number in one of the ways a plan writes it, in the metric's unit
    /// or one that converts to it without a warning.
    fn quantity(&self, n: u32, number_style: u8, unit_style: u8, unit: Option<&str>) -> Quantity {
        let number = match number_style {
            0 => n.to_string(),
            1 => format!("{n}.5"),
            2 if n >= 1000 => format!("{}_{:03}", n / 1000, n % 1000),
            _ => format!("{}.25", n / 10),
        };
        let info = unit.and_then(|u| self.units.iter().find(|i| i.id == u));
        let unit = match (unit_style, info) {
            (0, _) | (_, None) => None,
            // Another unit of the same dimension, unless it counts things
            // (another classifier would be a warning).
            (1, Some(i)) if i.dimension != "count" => self
                .units
                .iter()
                .rfind(|o| o.dimension == i.dimension)
                .map(|o| o.id.clone()),
            (_, Some(i)) => Some(i.id.clone()),
        };
        Quantity { number, unit }
    }
}

// ---- rendering ------------------------------------------------------------

/// A deterministic pseudo-random sequence for layout choices (a 64-bit
/// LCG), the same on every run.
pub struct Lcg(pub u64);

impl Lcg {
    pub fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }

    pub fn chance(&mut self, one_in: u64) -> bool {
        self.below(one_in) == 0
    }
}

/// Writes source text with random, valid layout.
struct Writer {
    out: String,
    rng: Lcg,
}

impl Writer {
    /// Whitespace that must separate two tokens.
    fn space(&mut self) {
        for _ in 0..=self.rng.below(2) {
            let c = match self.rng.below(10) {
                0 => '\t',
                1 => '\u{3000}',
                _ => ' ',
            };
            self.out.push(c);
        }
    }

    /// Whitespace that may separate two tokens.
    fn maybe_space(&mut self) {
        if self.rng.chance(3) {
            self.space();
        }
    }

    fn word(&mut self, w: &str) {
        self.out.push_str(w);
    }

    fn comment(&mut self) {
        let i = self.rng.below(COMMENTS.len() as u64) as usize;
        self.out.push_str(COMMENTS.get(i).copied().unwrap_or("#"));
    }

    fn newline(&mut self) {
        if self.rng.chance(5) {
            self.space();
        }
        self.out
            .push_str(if self.rng.chance(6) { "\r\n" } else { "\n" });
    }

    fn indent(&mut self, depth: usize) {
        let n = if self.rng.chance(3) {
            self.rng.below(7) as usize
        } else {
            depth * 2
        };
        for _ in 0..n {
            self.out.push(if self.rng.chance(5) { '\t' } else { ' ' });
        }
    }

    /// Blank lines and comment lines before a statement.
    fn before(&mut self, depth: usize) {
        for _ in 0..self.rng.below(4).saturating_sub(1) {
            if self.rng.chance(2) {
                self.newline();
            } else {
                self.indent(depth);
                self.comment();
                self.newline();
            }
        }
        self.indent(depth);
    }

    /// Ends a statement, maybe with a trailing comment.
    fn end(&mut self) {
        if self.rng.chance(4) {
            self.space();
            self.comment();
        }
        self.newline();
    }

    /// `keyword A, B, C`, wrapped after commas at random, with comments
    /// after a comma or on lines of their own inside the list.
    fn list(&mut self, keyword: &str, elems: &[String], depth: usize) {
        self.word(keyword);
        self.space();
        for (k, e) in elems.iter().enumerate() {
            if k > 0 {
                self.maybe_space();
                self.word(",");
                match self.rng.below(6) {
                    0 => {
                        self.space();
                        self.comment();
                        self.newline();
                        self.indent(depth + 1);
                    }
                    1 => {
                        self.newline();
                        if self.rng.chance(2) {
                            self.indent(depth + 1);
                            self.comment();
                            self.newline();
                        }
                        self.indent(depth + 1);
                    }
                    _ => self.space(),
                }
            }
            self.word(e);
        }
    }

    fn years(&mut self, a: u16, b: u16) {
        self.word(&a.to_string());
        self.maybe_space();
        self.word("..");
        self.maybe_space();
        self.word(&b.to_string());
    }

    fn quantity(&mut self, q: &Quantity) {
        self.word(&q.number);
        if let Some(u) = &q.unit {
            // A unit starting with `_` would continue the number.
            if u.starts_with('_') {
                self.space();
            } else {
                self.maybe_space();
            }
            self.word(u);
        }
    }

    /// `:` with optional whitespace either side.
    fn colon(&mut self) {
        self.maybe_space();
        self.word(":");
        self.maybe_space();
    }
}

impl Plan {
    /// The plan's source text, laid out at random from `seed`.
    pub fn render(&self, seed: u64) -> String {
        let mut w = Writer {
            out: String::new(),
            rng: Lcg(seed),
        };
        if w.rng.chance(8) {
            w.out.push('\u{feff}');
        }
        self.header(&mut w);
        for block in &self.blocks {
            match block {
                Block::Section {
                    number,
                    cjk,
                    title,
                    items,
                } => {
                    w.before(0);
                    w.word("section");
                    w.space();
                    w.word(&ordinal(*number, *cjk));
                    w.space();
                    w.word(&quote(title));
                    w.maybe_space();
                    w.word("{");
                    w.end();
                    for item in items {
                        self.item(&mut w, item, "item", 1);
                    }
                    self.close(&mut w, 0);
                }
                Block::Item(item) => self.item(&mut w, item, "item", 0),
            }
        }
        // Comments at the end of the file.
        for _ in 0..w.rng.below(3) {
            if w.rng.chance(2) {
                w.newline();
            }
            w.comment();
            w.newline();
        }
        w.out
    }

    fn header(&self, w: &mut Writer) {
        w.before(0);
        w.word("plan");
        w.space();
        w.word(&quote(&self.title));
        w.end();
        w.before(0);
        w.word("period");
        w.space();
        w.years(self.period.0, self.period.1);
        w.end();
        if let Some(b) = self.baseline {
            w.before(0);
            w.word("baseline");
            w.space();
            w.word(&b.to_string());
            w.end();
        }
        if let Some(t) = self.tolerance {
            w.before(0);
            w.word("tolerance");
            w.space();
            w.quantity(&Quantity {
                number: t.to_string(),
                unit: Some("%".into()),
            });
            w.end();
        }
        let mut next = 0;
        for &n in &self.agency_groups {
            let defs: Vec<String> = self
                .agencies
                .iter()
                .skip(next)
                .take(n)
                .map(|a| {
                    let id = if a.quoted { quote(&a.id) } else { a.id.clone() };
                    match &a.name {
                        Some(name) => format!("{id} {}", quote(name)),
                        None => id,
                    }
                })
                .collect();
            next += n;
            w.before(0);
            w.list("agency", &defs, 0);
            w.end();
        }
        // `issued by` refers to an agency, so it follows the declarations
        // here; any order would do.
        if let Some((a, date)) = &self.issued {
            w.before(0);
            w.word("issued");
            w.space();
            w.word("by");
            w.space();
            w.word(&self.agency(*a));
            if let Some(d) = date {
                w.space();
                w.word("on");
                w.space();
                w.word(d);
            }
            w.end();
        }
        for u in &self.units {
            w.before(0);
            w.word("unit");
            w.space();
            w.word(&u.id);
            match &u.def {
                UnitDef::Base(dim) => {
                    w.colon();
                    w.word(dim);
                }
                UnitDef::Derived(n, of) => {
                    w.maybe_space();
                    w.word("=");
                    w.maybe_space();
                    w.quantity(&Quantity {
                        number: n.clone(),
                        unit: Some(of.clone()),
                    });
                }
            }
            w.end();
        }
        for m in &self.metrics {
            w.before(0);
            w.word("metric");
            w.space();
            w.word(&m.id);
            w.colon();
            w.word(match m.kind {
                Kind::Stock => "stock",
                Kind::Flow => "flow",
                Kind::Milestone => "milestone",
            });
            if let Some(u) = &m.unit {
                w.space();
                w.word(u);
            }
            if let Some(d) = &m.description {
                w.space();
                w.word(&quote(d));
            }
            w.end();
        }
        if let Some((city, districts)) = &self.regions {
            w.before(0);
            w.list(&format!("region {city}:"), districts, 0);
            w.end();
        }
    }

    /// A region by index: a district, or the city past the last one.
    fn region(&self, i: usize) -> String {
        match &self.regions {
            Some((city, d)) => d.get(i).unwrap_or(city).clone(),
            None => String::new(),
        }
    }

    fn agency(&self, i: usize) -> String {
        self.agencies
            .get(i)
            .map(Agency::reference)
            .unwrap_or_default()
    }

    fn agencies(&self, list: &[usize]) -> Vec<String> {
        list.iter().map(|&i| self.agency(i)).collect()
    }

    fn item(&self, w: &mut Writer, item: &Item, keyword: &str, depth: usize) {
        w.before(depth);
        w.word(keyword);
        w.space();
        w.word(&ordinal(item.number, item.cjk));
        w.space();
        w.word(&quote(&item.title));
        w.maybe_space();
        w.word("{");
        w.end();
        let inner = depth + 1;
        if !item.lead.is_empty() {
            w.before(inner);
            let names = self.agencies(&item.lead);
            w.list("lead", &names, inner);
            w.end();
        }
        if !item.support.is_empty() {
            w.before(inner);
            let names = self.agencies(&item.support);
            w.list("support", &names, inner);
            w.end();
        }
        for t in &item.text {
            w.before(inner);
            w.word("text");
            w.space();
            w.word(&quote(t));
            w.end();
        }
        for t in &item.targets {
            w.before(inner);
            self.target(w, t, inner);
            w.end();
            if !t.quotas.is_empty() {
                w.before(inner);
                w.word("quota");
                w.space();
                for (k, (d, q)) in t.quotas.iter().enumerate() {
                    if k > 0 {
                        w.maybe_space();
                        w.word(",");
                        w.space();
                    }
                    w.word(&self.region(*d));
                    w.space();
                    w.quantity(q);
                }
                w.end();
            }
        }
        for p in &item.parts {
            self.item(w, p, "part", inner);
        }
        self.close(w, depth);
    }

    fn close(&self, w: &mut Writer, depth: usize) {
        // Comments before `}` end the block.
        if w.rng.chance(3) {
            w.indent(depth + 1);
            w.comment();
            w.newline();
        }
        w.before(depth);
        w.word("}");
        w.end();
    }

    fn target(&self, w: &mut Writer, t: &Target, depth: usize) {
        if !t.lead.is_empty() {
            let names = self.agencies(&t.lead);
            w.list("lead", &names, depth);
            w.space();
        }
        if let Some(s) = t.strength {
            w.word(s);
            w.space();
        }
        match &t.timing {
            Timing::By(y, latest) => {
                w.word("by");
                w.space();
                match latest {
                    Some(l) => w.years(*y, *l),
                    None => w.word(&y.to_string()),
                }
            }
            Timing::EachYear(range) => {
                w.word("each");
                w.space();
                w.word("year");
                if let Some((a, b)) = range {
                    w.space();
                    w.years(*a, *b);
                }
            }
            Timing::Within(a, b) => {
                w.word("within");
                w.space();
                w.years(*a, *b);
            }
        }
        match &t.region {
            Some(TargetRegion::One(i)) => {
                w.space();
                w.word("in");
                w.space();
                w.word(&self.region(*i));
            }
            Some(TargetRegion::Each) => {
                w.space();
                w.word("in");
                w.space();
                w.word("each");
                w.space();
                w.word("region");
            }
            None => {}
        }
        w.colon();
        let metric = self
            .metrics
            .get(t.metric)
            .map(|m| m.id.as_str())
            .unwrap_or("");
        w.word(metric);
        w.space();
        let compare = |w: &mut Writer, cmp: &str, q: &Quantity| {
            w.space();
            w.word(cmp);
            w.maybe_space();
            w.quantity(q);
        };
        let since = |w: &mut Writer, s: &Option<u16>| {
            if let Some(y) = s {
                w.space();
                w.word("since");
                w.space();
                w.word(&y.to_string());
            }
        };
        match &t.condition {
            Condition::Compare(cmp, q) => {
                w.word(cmp);
                w.maybe_space();
                w.quantity(q);
            }
            Condition::Done => w.word("done"),
            Condition::Range(lo, hi) => {
                w.word("in");
                w.space();
                w.quantity(lo);
                w.maybe_space();
                w.word("..");
                w.maybe_space();
                w.quantity(hi);
            }
            Condition::Approx(v, tol) => {
                w.word("~");
                w.maybe_space();
                w.quantity(v);
                if let Some(tol) = tol {
                    w.maybe_space();
                    let pm = if w.rng.chance(2) { "±" } else { "+-" };
                    w.word(pm);
                    w.maybe_space();
                    w.quantity(tol);
                }
            }
            Condition::Growth(cmp, q) => {
                w.word("growth");
                compare(w, cmp, q);
            }
            Condition::AverageGrowth(s, cmp, q) => {
                w.word("average");
                w.space();
                w.word("growth");
                since(w, s);
                compare(w, cmp, q);
            }
            Condition::AnnualAverage(cmp, q) => {
                w.word("annual");
                w.space();
                w.word("average");
                compare(w, cmp, q);
            }
            Condition::Change(s, cmp, q) => {
                w.word("change");
                since(w, s);
                compare(w, cmp, q);
            }
            Condition::Total(cmp, q) => {
                w.word("total");
                compare(w, cmp, q);
            }
        }
        if let Some(q) = &t.quote {
            w.space();
            w.word(&quote(q));
        }
    }
}
