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

#[derive(Clone, Debug, PartialEq)]
pub struct UnitInfo {
    pub id: String,
    pub dimension: String,
    pub scale: Decimal,
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
    ("%", "ratio", 1),
];

pub const COUNT: &str = "count";
pub const RATIO: &str = "ratio";

const MULTIPLIERS: &[(char, u64)] = &[('万', 10_000), ('亿', 100_000_000)];

#[derive(Clone, Debug, Default)]
pub struct Units {
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
                UnitDef::Base { dimension } => UnitInfo {
                    id: id.to_string(),
                    dimension: dimension.text.to_string(),
                    scale: Decimal::ONE,
                    classifier: dimension.text == COUNT,
                },
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
                    diags.push(self.unknown(name));
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
                        .help("a value in base units must fit 28 significant digits: use a smaller number, a larger unit, or fewer decimal places"),
                );
                None
            }
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

    pub fn unknown(&self, name: &Name<'_>) -> Diagnostic {
        let mut d = Diagnostic::new(Code::UnknownUnit, format!("unknown unit `{}`", name.text))
            .label(name.span, "not a known unit");
        let text = name.text.as_ref();
        // `150项以上`: a known unit followed by words of the document.
        let prefix = self
            .list
            .iter()
            .filter(|u| text.starts_with(u.id.as_str()) && u.id.len() < text.len())
            .max_by_key(|u| u.id.len());
        if let Some(u) = prefix {
            d = d.help(format!(
                "did you mean `{}`? Comparisons are written with an operator: `>= 150{}`",
                u.id, u.id
            ));
        } else if let Some(s) = closest(text, self.list.iter().map(|u| u.id.as_str())) {
            d = d.help(format!("did you mean `{s}`?"));
        } else {
            d = d.help(format!(
                "declare it, e.g. `unit {text}: count` or `unit {text} = 10000 个`"
            ));
        }
        d
    }
}
