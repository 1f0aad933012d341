//! Agency and metric declarations, and resolving references to them.

use super::suggest::{closest, written_as};
use super::units::{UnitInfo, Units};
use crate::diag::{Code, Diagnostic};
use crate::model;
use crate::span::Span;
use crate::syntax::ast::{AgencyDef, MetricDecl, MetricKind, Name};
use std::collections::HashMap;

#[derive(Default)]
pub struct Agencies {
    pub list: Vec<model::Agency>,
    /// Both ids and full names resolve.
    lookup: HashMap<String, usize>,
    /// Where each id and full name is written in its declaration.
    declared: HashMap<String, Span>,
}

impl Agencies {
    pub fn declare(defs: &[AgencyDef<'_>], diags: &mut Vec<Diagnostic>) -> Self {
        let mut a = Agencies::default();
        let mut first_span = HashMap::new();
        for def in defs {
            let id = def.id.text.to_string();
            let name = def
                .name
                .as_ref()
                .map_or_else(|| id.clone(), |n| n.text.to_string());
            if let Some(&first) = first_span.get(&id) {
                diags.push(
                    Diagnostic::new(Code::Duplicate, format!("agency `{id}` is declared twice"))
                        .label(def.id.span, "declared again here")
                        .label(first, "first declared here")
                        .help("declare each agency once"),
                );
                continue;
            }
            first_span.insert(id.clone(), def.id.span);
            let idx = a.list.len();
            a.lookup.insert(id.clone(), idx);
            a.declared.insert(id.clone(), def.id.span);
            if let Some(n) = &def.name {
                a.declared.entry(name.clone()).or_insert(n.span);
            }
            a.lookup.entry(name.clone()).or_insert(idx);
            a.list.push(model::Agency { id, name });
        }
        a
    }

    /// The id of the agency `name` refers to, by id or by full name.
    pub fn resolve(&self, name: &Name<'_>, diags: &mut Vec<Diagnostic>) -> Option<String> {
        if let Some(a) = self
            .lookup
            .get(name.text.as_ref())
            .and_then(|&i| self.list.get(i))
        {
            return Some(a.id.clone());
        }
        let mut d = Diagnostic::new(
            Code::UnknownAgency,
            format!("unknown agency `{}`", name.text),
        )
        .label(name.span, "not declared");
        d = match closest(&name.text, self.lookup.keys().map(String::as_str)) {
            Some(s) => suspect(d, name, s, self.declared.get(s)),
            None => d.help(format!(
                "declare it at the top of the plan: `agency {}`",
                display(name)
            )),
        };
        diags.push(d);
        None
    }
}

/// "Did you mean `s`?" with the fix writing `s` in place of `name`, and a
/// label on `s`'s declaration: when a name is declared with a typo and used
/// correctly, the declaration is the culprit.
fn suspect(d: Diagnostic, name: &Name<'_>, s: &str, declared: Option<&Span>) -> Diagnostic {
    let d = d.help(format!("did you mean `{s}`?")).fix(
        format!("write `{s}`"),
        name.span,
        written_as(s, name.quoted),
    );
    match declared {
        Some(&span) => d.label(span, format!("`{s}` declared here; is this the typo?")),
        None => d,
    }
}

fn display(name: &Name<'_>) -> String {
    if name.quoted {
        format!("\"{}\"", name.text)
    } else {
        name.text.to_string()
    }
}

pub struct MetricInfo {
    pub model: model::Metric,
    pub unit: Option<UnitInfo>,
}

#[derive(Default)]
pub struct Metrics {
    pub list: Vec<MetricInfo>,
    by_id: HashMap<String, usize>,
    /// Where each metric's id is declared.
    declared: HashMap<String, Span>,
}

impl Metrics {
    pub fn declare(
        decls: &[MetricDecl<'_>],
        units: &mut Units,
        diags: &mut Vec<Diagnostic>,
    ) -> Self {
        let mut m = Metrics::default();
        let mut first_span = HashMap::new();
        for d in decls {
            let id = d.id.text.to_string();
            if let Some(&first) = first_span.get(&id) {
                diags.push(
                    Diagnostic::new(Code::Duplicate, format!("metric `{id}` is declared twice"))
                        .label(d.id.span, "declared again here")
                        .label(first, "first declared here")
                        .help("declare each metric once; give different metrics different ids"),
                );
                continue;
            }
            first_span.insert(id.clone(), d.id.span);
            let unit = match (&d.unit, d.kind.node) {
                (Some(u), MetricKind::Milestone) => {
                    diags.push(
                        Diagnostic::new(
                            Code::MetricUnit,
                            format!("milestone `{id}` cannot have a unit"),
                        )
                        .label(u.span, "a milestone is done or not done")
                        .help("remove the unit, or make the metric a `stock` or `flow`"),
                    );
                    None
                }
                (Some(u), MetricKind::Commitment) => {
                    diags.push(
                        Diagnostic::new(
                            Code::MetricUnit,
                            format!("commitment `{id}` cannot have a unit"),
                        )
                        .label(u.span, "a commitment is assessed, not measured")
                        .help("remove the unit, or make the metric a `stock` or `flow`"),
                    );
                    None
                }
                (None, MetricKind::Milestone | MetricKind::Commitment) => None,
                (None, _) => {
                    diags.push(
                        Diagnostic::new(Code::MetricUnit, format!("metric `{id}` needs a unit"))
                            .label(d.kind.span, "unit expected after this")
                            .help(match &d.ratio {
                                Some((a, b)) => format!(
                                    "a ratio's unit is a quotient: e.g. `metric {id} = {} / {} 吨标准煤/万元`",
                                    a.text, b.text
                                ),
                                None => format!(
                                    "e.g. `metric {}: {} 项`",
                                    id,
                                    kind_word(d.kind.node)
                                ),
                            }),
                    );
                    None
                }
                (Some(u), _) => match units.get(&u.text) {
                    // `x`, `倍` and `pp` measure a target against a base, not
                    // a figure: a metric in them would make every level a
                    // multiple or a change.
                    Some(info)
                        if info.dimension == super::units::MULTIPLE
                            || info.dimension == super::units::POINTS =>
                    {
                        diags.push(
                            Diagnostic::new(
                                Code::MetricUnit,
                                format!("`{}` cannot be a metric's unit", info.id),
                            )
                            .label(u.span, format!("a {} of a base year's figure", if info.dimension == super::units::MULTIPLE { "multiple" } else { "change in percentage points" }))
                            .help("measure the metric in the unit of its figures (`%`, `亿元`, or a unit of its own: `unit 倍数: times`); write `>= 2x since 2010` or `change since 2020 >= +3pp` in a target"),
                        );
                        None
                    }
                    Some(info) => Some(info.clone()),
                    // `件/万人`: a quotient of known units, added as it is met.
                    None if u.text.contains('/') => match units.quotient(&u.text) {
                        Ok(info) => {
                            units.add_quotient(info.clone());
                            Some(info)
                        }
                        Err(why) => {
                            diags.push(
                                Diagnostic::new(Code::BadUnit, format!("`{}` is not a unit: {why}", u.text))
                                    .label(u.span, "a quotient of units")
                                    .help("write a quotient of known units, e.g. `吨标准煤/万元`, `件/万人`, `例/10万人`; declare a part first with `unit`"),
                            );
                            None
                        }
                    },
                    None => {
                        diags.push(units.unknown(u));
                        None
                    }
                },
            };
            m.by_id.insert(id.clone(), m.list.len());
            m.list.push(MetricInfo {
                model: model::Metric {
                    id,
                    description: d.description.as_ref().map(|s| s.text.to_string()),
                    unit: unit.as_ref().map(|u| u.id.clone()),
                    ratio: d.ratio.as_ref().map(|(a, b)| model::Ratio {
                        numerator: a.text.to_string(),
                        denominator: b.text.to_string(),
                    }),
                    kind: match d.kind.node {
                        MetricKind::Ratio => model::MetricKind::Ratio,
                        MetricKind::Stock => model::MetricKind::Stock,
                        MetricKind::Flow => model::MetricKind::Flow,
                        MetricKind::Milestone => model::MetricKind::Milestone,
                        MetricKind::Commitment => model::MetricKind::Commitment,
                    },
                },
                unit,
            });
        }
        m.declared = first_span;
        for d in decls {
            if let Some((a, b)) = &d.ratio {
                m.check_ratio(d, a, b, diags);
            }
        }
        m
    }

    /// A ratio's parts are declared metrics with figures (not milestones,
    /// not ratios themselves), and its unit is the quotient of theirs'
    /// dimensions: an intensity is never compared with a share.
    fn check_ratio(
        &self,
        d: &MetricDecl<'_>,
        a: &Name<'_>,
        b: &Name<'_>,
        diags: &mut Vec<Diagnostic>,
    ) {
        let parts = [a, b].map(|n| {
            let info = self.resolve(n, diags)?;
            match info.model.kind {
                model::MetricKind::Milestone
                | model::MetricKind::Ratio
                | model::MetricKind::Commitment => {
                    diags.push(
                        Diagnostic::new(
                            Code::KindMismatch,
                            format!("`{}` cannot be part of a ratio", info.model.id),
                        )
                        .label(n.span, format!("a {}", kind_word_model(info.model.kind)))
                        .help("a ratio divides two metrics with figures: stocks or flows"),
                    );
                    None
                }
                _ => info.unit.as_ref(),
            }
        });
        let (Some(top), Some(bottom)) = (parts[0], parts[1]) else {
            return;
        };
        let Some(unit) = self.get(d.id.text.as_ref()).and_then(|m| m.unit.as_ref()) else {
            return; // no unit: E0202 or E0103 already
        };
        let want = format!("{}/{}", top.dimension, bottom.dimension);
        if unit.dimension != want {
            let span = d.unit.as_ref().map_or(d.kind.span, |u| u.span);
            diags.push(
                Diagnostic::new(
                    Code::DimensionMismatch,
                    format!(
                        "`{}` measures {}, but `{}` / `{}` is {want}",
                        unit.id, unit.dimension, a.text, b.text
                    ),
                )
                .label(span, format!("{} unit", unit.dimension))
                .help(format!(
                    "write the ratio in a quotient of their units, e.g. `{}/{}`",
                    top.id, bottom.id
                )),
            );
        }
    }

    fn get(&self, id: &str) -> Option<&MetricInfo> {
        self.by_id.get(id).and_then(|&i| self.list.get(i))
    }

    pub fn resolve(&self, name: &Name<'_>, diags: &mut Vec<Diagnostic>) -> Option<&MetricInfo> {
        if let Some(m) = self
            .by_id
            .get(name.text.as_ref())
            .and_then(|&i| self.list.get(i))
        {
            return Some(m);
        }
        let mut d = Diagnostic::new(
            Code::UnknownMetric,
            format!("unknown metric `{}`", name.text),
        )
        .label(name.span, "not declared");
        d = match closest(&name.text, self.by_id.keys().map(String::as_str)) {
            Some(s) => suspect(d, name, s, self.declared.get(s)),
            None => d.help(format!(
                "declare it: `metric {}: flow 项 \"…\"`",
                display(name)
            )),
        };
        diags.push(d);
        None
    }
}

fn kind_word_model(k: model::MetricKind) -> &'static str {
    match k {
        model::MetricKind::Stock => "stock",
        model::MetricKind::Flow => "flow",
        model::MetricKind::Milestone => "milestone",
        model::MetricKind::Ratio => "ratio",
        model::MetricKind::Commitment => "commitment",
    }
}

fn kind_word(k: MetricKind) -> &'static str {
    match k {
        MetricKind::Stock => "stock",
        MetricKind::Flow => "flow",
        MetricKind::Milestone => "milestone",
        MetricKind::Ratio => "ratio",
        MetricKind::Commitment => "commitment",
    }
}
