//! Comparing two plans' models: targets added, removed and changed, and
//! items whose agencies changed. Model against model, never text: two
//! plans that say the same in other words compare equal.
//!
//! Targets are matched by what they are, not by their ids (which follow
//! the order of writing): first by item, metric, deadline and kind; then,
//! within an item, by the closest remaining pair (value, kind, deadline,
//! comparison and the words quoted or the metric's description); last, by
//! metric and deadline across items. Agencies and metrics are compared by
//! the document's names and words, never by ids.

use crate::model::{Condition, Model, Requirement, Target, Tolerance};
use serde::Serialize;
use std::collections::HashMap;

/// A target in the terms it is compared in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct View {
    /// The target's id in its plan.
    pub id: String,
    /// Its item's id.
    pub item: String,
    /// Its metric's id.
    pub metric: String,
    /// The metric's description, else its id.
    pub metric_words: String,
    /// The target's kind (`threshold`, `each_year`, …).
    pub kind: String,
    /// The requirement's shape: `>=`, `~`, `in`, `~ growth of …`, `done`.
    pub comparison: String,
    /// The values in base units of the metric's dimension (`60000` for
    /// 6万元), low then high for a range.
    pub value: Vec<String>,
    /// `2012`, or `2013..2015` for a deadline given as a span.
    pub deadline: String,
    /// `firm` or `strive`.
    pub strength: String,
    /// Agency names, as the document writes them.
    pub lead: Vec<String>,
    /// Supporting agency names, as the document writes them.
    pub support: Vec<String>,
    /// The document's words for the target.
    pub quote: Option<String>,
}

/// The fields compared, in the order shown.
pub const FIELDS: [&str; 9] = [
    "item",
    "metric",
    "kind",
    "comparison",
    "value",
    "deadline",
    "strength",
    "lead",
    "support",
];

/// One field that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// One of [`FIELDS`], or an item's `title`, `lead`, `support`.
    pub field: &'static str,
    /// In the old plan.
    pub old: String,
    /// In the new plan.
    pub new: String,
}

/// A target in both plans whose fields differ.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// As the old plan has it.
    pub old: View,
    /// As the new plan has it.
    pub new: View,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

impl Changed {
    /// Whether only the metric's id differs: the same target under
    /// another name.
    pub fn only_renamed(&self) -> bool {
        self.fields.iter().all(|f| f.field == "metric")
    }
}

/// An item whose title, lead or support differs, or that one plan lacks.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemChange {
    /// The item's id.
    pub id: String,
    /// The fields that differ.
    pub fields: Vec<FieldChange>,
}

/// What differs between two plans' models.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Targets matched with no field different.
    pub same: usize,
    /// Targets only the new plan has.
    pub added: Vec<View>,
    /// Targets only the old plan has.
    pub removed: Vec<View>,
    /// Targets in both, with fields that differ.
    pub changed: Vec<Changed>,
    /// Items that differ, or that one plan lacks.
    pub items: Vec<ItemChange>,
}

impl Diff {
    /// Whether the plans say the same.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty()
            && self.removed.is_empty()
            && self.changed.is_empty()
            && self.items.is_empty()
    }
}

fn names(model: &Model, ids: &[String]) -> Vec<String> {
    ids.iter()
        .map(|id| {
            model
                .agencies
                .iter()
                .find(|a| &a.id == id)
                .map_or_else(|| id.clone(), |a| a.name.clone())
        })
        .collect()
}

fn tolerance(t: &Tolerance) -> String {
    match t {
        Tolerance::Relative {
            percent,
            written: true,
        } => format!(" ± {}%", percent.normalize()),
        Tolerance::Relative { written: false, .. } => String::new(),
        Tolerance::Absolute { amount } => format!(" ± {}", amount.base.normalize()),
    }
}

/// The comparison and the values of a requirement.
fn requirement(r: Option<&Requirement>) -> (String, Vec<String>) {
    let base = |q: &crate::model::Quantity| q.base.normalize().to_string();
    match r {
        None => ("done".to_string(), Vec::new()),
        Some(Requirement::Compare { op, value }) => (op.as_str().to_string(), vec![base(value)]),
        Some(Requirement::Soft {
            op,
            value,
            tolerance: t,
        }) => (
            format!("{}{}", op.as_str(), tolerance(t)),
            vec![base(value)],
        ),
        Some(Requirement::About {
            value,
            tolerance: t,
        }) => (format!("~{}", tolerance(t)), vec![base(value)]),
        Some(Requirement::Between { low, high }) => ("in".to_string(), vec![base(low), base(high)]),
        Some(Requirement::CompareMetric { op, metric }) => {
            (format!("{} {metric}", op.as_str()), Vec::new())
        }
        Some(Requirement::AboutMetric {
            metric,
            tolerance: t,
        }) => (format!("~ {metric}{}", tolerance(t)), Vec::new()),
        Some(Requirement::CompareMean { op, from, to }) => {
            (format!("{} mean {from}..{to}", op.as_str()), Vec::new())
        }
        Some(Requirement::SetYearly {}) => ("set".to_string(), Vec::new()),
    }
}

/// A target as compared.
pub fn view(model: &Model, t: &Target) -> View {
    let (comparison, value) = requirement(t.condition.requirement());
    let kind = serde_json::to_value(t.kind())
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    let kind = match t.condition.since() {
        Some(y) => format!("{kind} since {y}"),
        None => kind,
    };
    let deadline = match t.deadline_earliest {
        Some(e) => format!("{e}..{}", t.deadline),
        None => t.deadline.to_string(),
    };
    let kind = if matches!(
        t.condition,
        Condition::EachYear { .. } | Condition::WindowTotal { .. } | Condition::YearlyGrowth { .. }
    ) {
        format!("{kind} {}..{}", t.window.from, t.window.to)
    } else {
        kind
    };
    let metric_words = model
        .metrics
        .iter()
        .find(|m| m.id == t.metric)
        .and_then(|m| m.description.clone())
        .unwrap_or_else(|| t.metric.clone());
    View {
        id: t.id.clone(),
        item: t.item.clone(),
        metric: t.metric.clone(),
        metric_words,
        kind,
        comparison,
        value,
        deadline,
        strength: serde_json::to_value(t.strength)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default(),
        lead: names(model, &t.lead),
        support: names(model, &t.support),
        quote: t.quote.clone(),
    }
}

fn field(v: &View, f: &str) -> String {
    match f {
        "item" => v.item.clone(),
        "metric" => v.metric.clone(),
        "kind" => v.kind.clone(),
        "comparison" => v.comparison.clone(),
        "value" => v.value.join(".."),
        "deadline" => v.deadline.clone(),
        "strength" => v.strength.clone(),
        "lead" => v.lead.join(", "),
        "support" => v.support.join(", "),
        _ => String::new(),
    }
}

fn changes(old: &View, new: &View) -> Vec<FieldChange> {
    FIELDS
        .iter()
        .filter_map(|f| {
            let (a, b) = (field(old, f), field(new, f));
            (a != b).then_some(FieldChange {
                field: f,
                old: a,
                new: b,
            })
        })
        .collect()
}

/// Character bigrams shared, over those of the shorter text: how much of
/// one text's words the other has, from 0 to 1.
fn overlap(a: &str, b: &str) -> f64 {
    let grams = |s: &str| -> std::collections::HashSet<(char, char)> {
        let cs: Vec<char> = s.chars().filter(|c| c.is_alphanumeric()).collect();
        cs.windows(2)
            .filter_map(|w| Some((*w.first()?, *w.get(1)?)))
            .collect()
    };
    let (ga, gb) = (grams(a), grams(b));
    if ga.is_empty() || gb.is_empty() {
        return 0.0;
    }
    let shared = ga.intersection(&gb).count();
    shared as f64 / ga.len().min(gb.len()) as f64
}

/// How alike two targets of one item are; `None` when too unlike to be
/// the same target.
fn score(a: &View, b: &View) -> Option<f64> {
    let words = overlap(&a.metric_words, &b.metric_words).max(overlap(
        a.quote.as_deref().unwrap_or(""),
        b.quote.as_deref().unwrap_or(""),
    ));
    let same_value = !a.value.is_empty() && a.value == b.value;
    if words < 0.3 && !same_value {
        return None;
    }
    let mut s = words * 4.0;
    for (hit, w) in [
        (same_value, 3.0),
        (a.kind == b.kind, 2.0),
        (a.deadline == b.deadline, 2.0),
        (a.comparison == b.comparison, 1.0),
    ] {
        if hit {
            s += w;
        }
    }
    Some(s)
}

/// Pairs old target `i` with new target `j`.
fn take(pair_of_a: &mut [Option<usize>], taken_b: &mut [bool], i: usize, j: usize) {
    if let Some(p) = pair_of_a.get_mut(i) {
        *p = Some(j);
    }
    if let Some(t) = taken_b.get_mut(j) {
        *t = true;
    }
}

/// Compares two models.
pub fn diff(old: &Model, new: &Model) -> Diff {
    let a: Vec<View> = old.targets.iter().map(|t| view(old, t)).collect();
    let b: Vec<View> = new.targets.iter().map(|t| view(new, t)).collect();
    let mut pair_of_a: Vec<Option<usize>> = vec![None; a.len()];
    let mut taken_b = vec![false; b.len()];
    // 1. The same item, metric, deadline and kind, in order.
    let mut by_key: HashMap<(&str, &str, &str, &str), Vec<usize>> = HashMap::new();
    for (j, v) in b.iter().enumerate().rev() {
        by_key
            .entry((&v.item, &v.metric, &v.deadline, &v.kind))
            .or_default()
            .push(j);
    }
    for (i, v) in a.iter().enumerate() {
        if let Some(j) = by_key
            .get_mut(&(
                v.item.as_str(),
                v.metric.as_str(),
                v.deadline.as_str(),
                v.kind.as_str(),
            ))
            .and_then(Vec::pop)
        {
            take(&mut pair_of_a, &mut taken_b, i, j);
        }
    }
    // 2. Within an item, the closest remaining pairs first.
    let mut b_by_item: HashMap<&str, Vec<usize>> = HashMap::new();
    for (j, v) in b.iter().enumerate() {
        b_by_item.entry(&v.item).or_default().push(j);
    }
    let mut candidates: Vec<(f64, usize, usize)> = Vec::new();
    for (i, v) in a
        .iter()
        .enumerate()
        .filter(|(i, _)| pair_of_a.get(*i).is_some_and(Option::is_none))
    {
        for &j in b_by_item
            .get(v.item.as_str())
            .map_or(&[][..], Vec::as_slice)
        {
            if taken_b.get(j) == Some(&false) {
                if let Some(s) = b.get(j).and_then(|w| score(v, w)) {
                    candidates.push((s, i, j));
                }
            }
        }
    }
    candidates.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if pair_of_a.get(i).is_some_and(Option::is_none) && taken_b.get(j) == Some(&false) {
            take(&mut pair_of_a, &mut taken_b, i, j);
        }
    }
    // 3. A target moved to another item: the same metric and deadline.
    let mut by_metric: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (j, w) in b.iter().enumerate().rev() {
        if taken_b.get(j) == Some(&false) {
            by_metric
                .entry((&w.metric, &w.deadline))
                .or_default()
                .push(j);
        }
    }
    for (i, v) in a.iter().enumerate() {
        if pair_of_a.get(i).is_some_and(Option::is_some) {
            continue;
        }
        if let Some(j) = by_metric
            .get_mut(&(v.metric.as_str(), v.deadline.as_str()))
            .and_then(Vec::pop)
        {
            take(&mut pair_of_a, &mut taken_b, i, j);
        }
    }
    let mut out = Diff::default();
    for (i, v) in a.iter().enumerate() {
        match pair_of_a.get(i).copied().flatten().and_then(|j| b.get(j)) {
            Some(w) => {
                let fields = changes(v, w);
                if fields.is_empty() {
                    out.same += 1;
                } else {
                    out.changed.push(Changed {
                        old: v.clone(),
                        new: w.clone(),
                        fields,
                    });
                }
            }
            None => out.removed.push(v.clone()),
        }
    }
    for (j, w) in b.iter().enumerate() {
        if taken_b.get(j) == Some(&false) {
            out.added.push(w.clone());
        }
    }
    out.items = items(old, new);
    out
}

/// Items by id: title, lead and support by name; items one plan lacks.
fn items(old: &Model, new: &Model) -> Vec<ItemChange> {
    let mut out = Vec::new();
    let find = |m: &'_ Model, id: &str| m.items.iter().position(|i| i.id == id);
    for it in &old.items {
        let mut fields = Vec::new();
        match find(new, &it.id).and_then(|k| new.items.get(k)) {
            None => fields.push(FieldChange {
                field: "item",
                old: it.title.clone(),
                new: String::new(),
            }),
            Some(n) => {
                if it.title != n.title {
                    fields.push(FieldChange {
                        field: "title",
                        old: it.title.clone(),
                        new: n.title.clone(),
                    });
                }
                for (f, a, b) in [
                    ("lead", &it.lead, &n.lead),
                    ("support", &it.support, &n.support),
                ] {
                    let (a, b) = (names(old, a), names(new, b));
                    if a != b {
                        fields.push(FieldChange {
                            field: f,
                            old: a.join(", "),
                            new: b.join(", "),
                        });
                    }
                }
            }
        }
        if !fields.is_empty() {
            out.push(ItemChange {
                id: it.id.clone(),
                fields,
            });
        }
    }
    for it in &new.items {
        if find(old, &it.id).is_none() {
            out.push(ItemChange {
                id: it.id.clone(),
                fields: vec![FieldChange {
                    field: "item",
                    old: String::new(),
                    new: it.title.clone(),
                }],
            });
        }
    }
    out
}

/// The diff as JSON (docs/cli.md): `{"format": "planc-diff", "version": 1, …}`.
pub fn json(d: &Diff) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        format: &'static str,
        version: u32,
        #[serde(flatten)]
        diff: &'a Diff,
    }
    serde_json::to_string_pretty(&Doc {
        format: "planc-diff",
        version: 1,
        diff: d,
    })
    .unwrap_or_else(|e| format!("{{\"format\": \"planc-diff\", \"error\": \"{e}\"}}"))
}
