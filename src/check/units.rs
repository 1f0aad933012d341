//! Units, their dimensions and scales, and the resolution of quantities.
//!
//! Every unit has a dimension and a scale: how many of the dimension's base
//! unit one of it is. Values convert only within a dimension, exactly, in
//! decimal. The multipliers 万 and 亿 may prefix any unit (`2万名`).

use super::suggest::closest;
use crate::diag::{Code, Diagnostic};
use crate::syntax::ast::{Name, Quantity, UnitDecl, UnitDef};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// A unit the checker knows: built in or declared by the plan.
#[derive(Clone, Debug, PartialEq)]
pub struct UnitInfo {
    /// Its name: `万元`, `%`.
    pub id: String,
    /// Its dimension: `cny`, `count`, or one the plan declares.
    pub dimension: String,
    /// How many of the dimension's base unit one of it is.
    pub scale: Decimal,
    /// A count classifier (项, 家, 个 …).
    pub classifier: bool,
}

/// The units every plan knows without declaring them.
const PRELUDE: &[(&str, &str, u64)] = &[
    ("元", "cny", 1),
    ("万元", "cny", 10_000),
    ("亿元", "cny", 100_000_000),
    ("美元", "usd", 1),
    ("万美元", "usd", 10_000),
    ("亿美元", "usd", 100_000_000),
    ("吨", "mass", 1),
    ("万吨", "mass", 10_000),
    ("标箱", "teu", 1),
    ("万标箱", "teu", 10_000),
    ("项", "count", 1),
    ("家", "count", 1),
    ("个", "count", 1),
    ("名", "count", 1),
    ("次", "count", 1),
    ("场次", "count", 1),
    ("所", "count", 1),
    ("种", "count", 1),
    ("人", "count", 1),
    ("件", "count", 1),
    ("%", "ratio", 1),
    // Percentage points: the difference of two percentages (提高3个百分点).
    ("pp", "points", 1),
    // Multiples of a base year's level (翻一番 is `2x`).
    ("x", "multiple", 1),
    ("倍", "multiple", 1),
];

/// The dimension of count classifiers.
pub const COUNT: &str = "count";
/// The dimension of `%`.
pub const RATIO: &str = "ratio";
/// The dimension of `pp`, percentage points.
pub const POINTS: &str = "points";
/// The dimension of `x` and `倍`, multiples.
pub const MULTIPLE: &str = "multiple";

const MULTIPLIERS: &[(char, u64)] = &[('万', 10_000), ('亿', 100_000_000)];

/// The units a plan can use, by name.
#[derive(Clone, Debug, Default)]
pub struct Units {
    /// Every unit, in order: the built-in ones, then the plan's.
    pub list: Vec<UnitInfo>,
    by_id: HashMap<String, usize>,
}

/// A quantity resolved against the unit table.
#[derive(Clone, Copy, Debug)]
pub struct Resolved<'u> {
    /// The value in base units of the dimension: `number × scale`, exactly.
    pub base: Decimal,
    /// Base units per one of the written suffix (multiplier included).
    pub scale: Decimal,
    /// The unit named (after any multiplier), or `None` when the number had
    /// no unit and no default applied.
    pub unit: Option<&'u UnitInfo>,
}

impl Units {
    /// The built-in units (docs/language.md#units-and-dimensions).
    pub fn prelude() -> Self {
        let mut u = Units::default();
        for &(id, dim, scale) in PRELUDE {
            u.insert(UnitInfo {
                id: id.to_string(),
                dimension: dim.to_string(),
                scale: Decimal::from(scale),
                classifier: dim == COUNT,
            });
        }
        u
    }

    fn insert(&mut self, info: UnitInfo) {
        self.by_id.insert(info.id.clone(), self.list.len());
        self.list.push(info);
    }

    /// The unit with this name, as declared (no 万/亿 prefix resolved).
    pub fn get(&self, id: &str) -> Option<&UnitInfo> {
        self.by_id.get(id).and_then(|&i| self.list.get(i))
    }

    /// Adds the plan's own units, in order; a derived unit may build on any
    /// unit declared before it.
    pub fn declare(&mut self, decls: &[UnitDecl<'_>], diags: &mut Vec<Diagnostic>) {
        for d in decls {
            let id = d.name.text.as_ref();
            if self.get(id).is_some() {
                let builtin = PRELUDE.iter().any(|p| p.0 == id);
                let mut diag =
                    Diagnostic::new(Code::Duplicate, format!("unit `{id}` is declared twice"))
                        .label(d.name.span, "declared again here");
                if builtin {
                    diag = diag.help(format!("`{id}` is built in: remove this declaration"));
                } else if let Some(first) = decls.iter().find(|o| o.name.text == d.name.text) {
                    diag = diag.label(first.name.span, "first declared here");
                }
                diags.push(diag);
                continue;
            }
            let info = match &d.def {
                UnitDef::Base { dimension } => {
                    self.new_dimension(dimension, diags);
                    UnitInfo {
                        id: id.to_string(),
                        dimension: dimension.text.to_string(),
                        scale: Decimal::ONE,
                        classifier: dimension.text == COUNT,
                    }
                }
                UnitDef::Derived { of } => {
                    let Some(r) = self.resolve(of, None, diags) else {
                        continue;
                    };
                    let Some(unit) = r.unit else {
                        diags.push(
                            Diagnostic::new(
                                Code::BadUnit,
                                format!("unit `{id}` needs a unit to be a multiple of"),
                            )
                            .label(of.span, "no unit here")
                            .help(format!("write e.g. `unit {id} = 10000 吨`")),
                        );
                        continue;
                    };
                    if r.base <= Decimal::ZERO {
                        diags.push(
                            Diagnostic::new(
                                Code::BadUnit,
                                format!("unit `{id}` must be a positive multiple"),
                            )
                            .label(of.span, "zero or negative")
                            .help("a unit's scale must be greater than zero"),
                        );
                        continue;
                    }
                    UnitInfo {
                        id: id.to_string(),
                        dimension: unit.dimension.clone(),
                        scale: r.base,
                        classifier: false,
                    }
                }
            };
            self.insert(info);
        }
    }

    /// W0003 for a dimension no unit has yet whose name is close to one
    /// that some unit has: `unit 斤: mas` beside `mass`.
    fn new_dimension(&self, dimension: &Name<'_>, diags: &mut Vec<Diagnostic>) {
        let name = dimension.text.as_ref();
        let mut known: Vec<&str> = self.list.iter().map(|u| u.dimension.as_str()).collect();
        known.sort_unstable();
        known.dedup();
        if known.contains(&name) {
            return;
        }
        if let Some(near) = closest(name, known) {
            diags.push(
                Diagnostic::new(
                    Code::NewDimension,
                    format!("`{name}` is a new dimension, close to `{near}`"),
                )
                .label(dimension.span, format!("a new dimension; did you mean `{near}`?"))
                .help(format!(
                    "write `{near}` if the unit measures {near}; if `{name}` really is a new dimension, say so with `allow W0003`"
                )),
            );
        }
    }

    /// Resolves a quantity's suffix: a unit, a multiplier (`万`), or a
    /// multiplier and a unit (`万名`). With no unit written, `default`
    /// applies. Reports an unknown unit and returns `None`.
    pub fn resolve<'u>(
        &'u self,
        q: &Quantity<'_>,
        default: Option<&'u UnitInfo>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Resolved<'u>> {
        let (multiplier, unit) = match &q.unit {
            None => (Decimal::ONE, default),
            Some(name) => match self.split_suffix(&name.text) {
                Some((m, u)) => (m, u.or(default)),
                None => {
                    let dimension = default.map(|u| u.dimension.as_str());
                    diags.push(self.unknown_in(name, dimension));
                    return None;
                }
            },
        };
        // Multiplying only, exactly: a value a decimal cannot hold exactly
        // is refused, never rounded.
        let scale = crate::exact::product(multiplier, unit.map_or(Decimal::ONE, |u| u.scale));
        match scale.and_then(|s| Some((s, crate::exact::product(q.value, s)?))) {
            Some((scale, base)) => Some(Resolved { base, scale, unit }),
            None => {
                diags.push(
                    Diagnostic::new(Code::BadNumber, "quantity cannot be represented exactly")
                        .label(q.span, "too large or too precise in base units")
                        .help("a value in base units is held exactly, as a whole number up to 2^96 - 1 with at most 28 decimal places: use a smaller number, a larger unit, or fewer decimal places"),
                );
                None
            }
        }
    }

    /// The unit `a/b` (or `a/10万b`) from its parts, exactly: dimension
    /// `dim(a)/dim(b)`, scale `scale(a) / (n · scale(b))`, which must be an
    /// exact decimal. `Err` says why it is not a unit.
    pub fn quotient(&self, id: &str) -> Result<UnitInfo, String> {
        let (top, bottom) = id.split_once('/').ok_or("not a quotient")?;
        let digits = bottom.len().saturating_sub(
            bottom
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len(),
        );
        let (count, bottom) = bottom.split_at(digits);
        let count = if count.is_empty() {
            Decimal::ONE
        } else {
            count
                .parse::<Decimal>()
                .map_err(|_| format!("`{count}` is not a count"))?
        };
        let part = |s: &str| -> Result<(Decimal, &UnitInfo), String> {
            match self.split_suffix(s) {
                Some((m, Some(u))) => {
                    let scale = crate::exact::product(m, u.scale)
                        .ok_or_else(|| format!("`{s}` is beyond exact range"))?;
                    Ok((scale, u))
                }
                _ => Err(format!("`{s}` is not a known unit")),
            }
        };
        let (a, ua) = part(top)?;
        let (b, ub) = part(bottom)?;
        let below = crate::exact::product(count, b).ok_or("the divisor is beyond exact range")?;
        // Exact or refused: the quotient times the divisor gives the top back.
        let scale = a
            .checked_div(below)
            .filter(|q| crate::exact::product(*q, below) == Some(a))
            .filter(|q| *q > Decimal::ZERO)
            .ok_or_else(|| format!("its scale {a}/{below} is not an exact decimal"))?;
        Ok(UnitInfo {
            id: id.to_string(),
            dimension: format!("{}/{}", ua.dimension, ub.dimension),
            scale,
            classifier: false,
        })
    }

    /// Adds a quotient unit a metric is declared in, so quantities and data
    /// can use it by name.
    pub fn add_quotient(&mut self, info: UnitInfo) {
        if self.get(&info.id).is_none() {
            self.insert(info);
        }
    }

    fn split_suffix(&self, s: &str) -> Option<(Decimal, Option<&UnitInfo>)> {
        if let Some(u) = self.get(s) {
            return Some((Decimal::ONE, Some(u)));
        }
        let mut chars = s.chars();
        let first = chars.next()?;
        let &(_, m) = MULTIPLIERS.iter().find(|(c, _)| *c == first)?;
        let rest = chars.as_str();
        if rest.is_empty() {
            return Some((Decimal::from(m), None));
        }
        self.get(rest).map(|u| (Decimal::from(m), Some(u)))
    }

    /// An unknown unit, with what is known of it: see [`Units::unknown_in`].
    pub fn unknown(&self, name: &Name<'_>) -> Diagnostic {
        self.unknown_in(name, None)
    }

    /// An unknown unit. `dimension` is the one the unit must have, when the
    /// metric tells: only units of it are suggested. A multiplier before an
    /// unknown unit (`万亩`) is named as such, and the help always shows how
    /// to declare the unit.
    pub fn unknown_in(&self, name: &Name<'_>, dimension: Option<&str>) -> Diagnostic {
        let text = name.text.as_ref();
        let mut chars = text.chars();
        let first = chars.next();
        let (multiplier, body) = match first {
            Some(m) if MULTIPLIERS.iter().any(|&(c, _)| c == m) && !chars.as_str().is_empty() => {
                (Some(m), chars.as_str())
            }
            _ => (None, text),
        };
        let mult = multiplier.map(String::from).unwrap_or_default();
        let power = if multiplier == Some('亿') { 8 } else { 4 };
        // A metric's unit is one declared unit (`metric m: flow 万亩`).
        if let (Some(_), Some(u)) = (multiplier, self.get(body)) {
            let scale = if power == 8 { "100000000" } else { "10000" };
            return Diagnostic::new(Code::UnknownUnit, format!("unknown unit `{text}`"))
                .label(name.span, "not a declared unit")
                .help(format!(
                    "a metric's unit is a declared unit, not a multiple of one: write `{}`, or declare `unit {text} = {scale} {}` first",
                    u.id, u.id
                ));
        }
        let label = match multiplier {
            Some(m) => format!("`{m}` is a multiplier, but `{body}` is not a known unit"),
            None => "not a known unit".to_string(),
        };
        let d = Diagnostic::new(Code::UnknownUnit, format!("unknown unit `{text}`"))
            .label(name.span, label);
        let fits: Vec<&UnitInfo> = self
            .list
            .iter()
            .filter(|u| dimension.is_none_or(|d| u.dimension == d))
            .collect();
        // `150项以上`: a known unit followed by words of the document.
        let prefix = fits
            .iter()
            .filter(|u| body.starts_with(u.id.as_str()) && u.id.len() < body.len())
            .max_by_key(|u| u.id.len());
        if let Some(u) = prefix {
            return d.help(format!(
                "did you mean `{mult}{}`? Comparisons are written with an operator: `>= 150{mult}{}`",
                u.id, u.id
            ));
        }
        // A guess must keep some of what was written: replacing every
        // character (`亩` → `元`) is no guess.
        let len = body.chars().count();
        let guess = closest(body, fits.iter().map(|u| u.id.as_str()))
            .filter(|c| strsim::levenshtein(body, c) < len);
        let declare = self.how_to_declare(body, dimension);
        let then = match multiplier {
            Some(_) if power == 8 => format!("; then `{text}` is 10⁸ {body}"),
            Some(_) => format!("; then `{text}` is 10⁴ {body}"),
            None => String::new(),
        };
        // Without a guess, the metric's dimension says what would fit.
        let choices = match (guess, dimension) {
            (None, Some(dim)) if fits.len() <= 12 => {
                let ids: Vec<&str> = fits.iter().map(|u| u.id.as_str()).collect();
                format!("`{dim}` units are {}; or ", ids.join(", "))
            }
            _ => String::new(),
        };
        match guess {
            Some(g) => d
                .help(format!(
                    "did you mean `{mult}{g}`? If `{body}` is a new unit, declare it: {declare}{then}"
                ))
                .fix(format!("write `{mult}{g}`"), name.span, format!("{mult}{g}")),
            None => d.help(format!("{choices}declare it: {declare}{then}")),
        }
    }

    /// How to declare `unit`: as a multiple of a unit of `dimension` when
    /// that is known, else also as a unit of a dimension of its own.
    fn how_to_declare(&self, unit: &str, dimension: Option<&str>) -> String {
        let base = dimension.and_then(|d| {
            self.list
                .iter()
                .find(|u| u.dimension == d && u.scale == Decimal::ONE)
        });
        match base {
            Some(b) => format!("`unit {unit} = N {}` (N {} to one {unit})", b.id, b.id),
            None => format!(
                "`unit {unit}: area` (a dimension of its own) or `unit {unit} = N UNIT` (a multiple of a known unit)"
            ),
        }
    }
}
