//! Words and figures shared by the human-readable formats.

use crate::eval::{Status, TargetResult};
use crate::model::{
    Condition, Model, Quantity, Requirement, Strength, Target, TargetKind, Tolerance,
};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Decimal places shown for a figure in a table (JSON keeps them all).
const SHOWN_PLACES: u32 = 4;

/// A decimal for display: at most four places, no trailing zeros.
pub fn num(d: Decimal) -> String {
    d.round_dp(SHOWN_PLACES).normalize().to_string()
}

fn with_unit(d: Decimal, unit: Option<&str>) -> String {
    match unit {
        Some("%") => format!("{}%", num(d)),
        Some(u) => format!("{} {u}", num(d)),
        None => num(d),
    }
}

/// A quantity as the plan writes it, with the metric's unit when the plan
/// writes a bare number: `6 万元`, `150 项`, `7%`.
fn written(q: &Quantity, metric_unit: Option<&str>) -> String {
    with_unit(q.number, q.unit.as_deref().or(metric_unit))
}

/// What the target asks, in the plan's own units: `>= 6 万元`,
/// `growth >= 5%/yr`, `3..5 家`. `metric_unit` shows with bare numbers.
pub fn requirement(t: &Target, metric_unit: Option<&str>) -> String {
    let Some(r) = t.condition.requirement() else {
        return match t.condition {
            Condition::Commitment {} => "assessed done",
            _ => "done",
        }
        .to_string();
    };
    if matches!(r, Requirement::SetYearly {}) {
        return match t.condition {
            Condition::YearlyGrowth { .. } => "growth set each year",
            _ => "set each year",
        }
        .to_string();
    }
    let (shown, suffix) = match &t.condition {
        Condition::Threshold { .. } | Condition::SingleYear { .. } => {
            (show(r, metric_unit, ""), String::new())
        }
        Condition::EachYear { .. } => (show(r, metric_unit, ""), " each year".into()),
        Condition::YearlyGrowth { .. } => (
            format!("growth {}", show(r, Some("%"), " growth")),
            "/yr".into(),
        ),
        Condition::AverageGrowth { since, .. } => (
            format!("avg growth {}", show(r, Some("%"), "")),
            format!("/yr since {since}"),
        ),
        Condition::AnnualAverage { .. } => (show(r, metric_unit, ""), "/yr on average".into()),
        Condition::WindowTotal { .. } => {
            (format!("total {}", show(r, metric_unit, "")), String::new())
        }
        Condition::ChangeFromBaseline { since, .. } => (
            format!("change {}", show(r, Some("%"), "")),
            format!(" since {since}"),
        ),
        Condition::AbsoluteChange { since, .. } => (
            format!("change {}", show(r, points(metric_unit), "")),
            format!(" since {since}"),
        ),
        Condition::Multiple { since, .. } => (show(r, Some("x"), ""), format!(" since {since}")),
        Condition::Milestone {} | Condition::Commitment {} => ("done".to_string(), String::new()),
    };
    format!("{shown}{suffix}")
}

/// A requirement in the plan's words: `>= 150 项`, `~ 30 个 ± 10%`,
/// `<= 3% ± 0.5pp`, `3..5 家`.
/// `measured` names how another metric is measured (` growth`).
fn show(r: &Requirement, unit: Option<&str>, measured: &str) -> String {
    let v = |q: &Quantity| written(q, unit);
    let tol = |t: &Tolerance| match t {
        Tolerance::Relative { percent, .. } => format!("{}%", num(*percent)),
        Tolerance::Absolute { amount } => written(amount, points(unit)),
    };
    match r {
        Requirement::Compare { op, value } => format!("{} {}", op.as_str(), v(value)),
        Requirement::Soft {
            op,
            value,
            tolerance,
        } => format!("{} {} ± {}", op.as_str(), v(value), tol(tolerance)),
        Requirement::About { value, tolerance } => format!("~ {} ± {}", v(value), tol(tolerance)),
        Requirement::Between { low, high } if low.unit == high.unit => {
            format!("{}..{}", num(low.number), v(high))
        }
        Requirement::Between { low, high } => format!("{}..{}", v(low), v(high)),
        Requirement::CompareMetric { op, metric } => format!("{} {metric}{measured}", op.as_str()),
        Requirement::AboutMetric { metric, tolerance } => {
            format!("~ {metric}{measured} ± {}", tol(tolerance))
        }
        Requirement::CompareMean { op, from, to } => format!("{} mean {from}..{to}", op.as_str()),
        Requirement::SetYearly {} => "set yearly".to_string(),
    }
}

/// The unit a bare amount of change or tolerance is shown in: on a `%`
/// metric it is percentage points, which `%` would show as a share
/// (`~ 40% ± 5` allows five points, `~ 40% ± 5%` two).
fn points(metric_unit: Option<&str>) -> Option<&str> {
    match metric_unit {
        Some("%") => Some("pp"),
        u => u,
    }
}

/// When the target is due: `2012`, `2013..2015`, or a window `2010–2012`.
pub fn due(t: &Target) -> String {
    match t.kind() {
        TargetKind::EachYear | TargetKind::YearlyGrowth | TargetKind::WindowTotal
            if t.window.from < t.window.to =>
        {
            format!("{}–{}", t.window.from, t.window.to)
        }
        _ => match t.deadline_earliest {
            Some(e) if e < t.deadline => format!("{e}..{}", t.deadline),
            _ => t.deadline.to_string(),
        },
    }
}

/// The figure judged, e.g. `162 项`, `12.5%/yr (1400 亿元)`, `done 2011`.
pub fn actual(r: &TargetResult) -> String {
    if r.kind == TargetKind::Commitment {
        return r.assessment.as_ref().map_or_else(
            || "—".to_string(),
            |a| format!("{} {}", a.value.replace('_', " "), a.year),
        );
    }
    if r.kind == TargetKind::Milestone {
        return r
            .achieved
            .map_or_else(|| "—".to_string(), |y| format!("done {y}"));
    }
    let rate = r.rate.as_ref().and_then(|rate| rate.actual);
    let shown = match (r.actual, rate) {
        (None, None) => return "—".to_string(),
        // A growth rate reported without the year's level.
        (None, Some(rate)) => format!("{}{}%/yr", sign(rate), num(rate)),
        (Some(a), rate) => {
            let level = with_unit(a, r.unit.as_deref());
            match rate {
                Some(rate) if r.kind == TargetKind::ChangeFromBaseline => {
                    format!("{}{}% ({level})", sign(rate), num(rate))
                }
                Some(rate) => format!("{}{}%/yr ({level})", sign(rate), num(rate)),
                None => level,
            }
        }
    };
    match r.years {
        Some(w) if w.from != w.to => format!("{shown} in {}–{}", w.from, w.to),
        Some(w) if w.to != r.deadline || r.kind == TargetKind::EachYear => {
            format!("{shown} in {}", w.to)
        }
        _ => shown,
    }
}

fn sign(d: Decimal) -> &'static str {
    if d.is_sign_positive() && !d.is_zero() {
        "+"
    } else {
        ""
    }
}

/// The status as shown, with a strive target marked.
pub fn status(r: &TargetResult) -> String {
    match r.strength {
        Strength::Strive if matches!(r.status, Status::Missed | Status::Behind) => {
            format!("{} (strive)", r.status.label())
        }
        _ => r.status.label().to_string(),
    }
}

/// A note for the row: the reason, or where the expected path stands.
pub fn note(r: &TargetResult) -> Option<String> {
    let expected = r.expected.map(|e| {
        let y = r.years.map_or(String::new(), |w| format!(" in {}", w.to));
        format!(
            "expected {}{y} on the path to the target",
            with_unit(e, r.unit.as_deref())
        )
    });
    let evidence = r
        .assessment
        .as_ref()
        .and_then(|a| a.note.as_ref())
        .map(|n| format!("evidence: {n}"));
    match (&r.reason, expected) {
        (Some(reason), _) => Some(match evidence {
            Some(e) => format!("{reason}; {e}"),
            None => reason.clone(),
        }),
        _ if evidence.is_some() => evidence,
        (None, Some(e)) if r.status == Status::Behind => Some(e),
        _ => None,
    }
}

/// Agency names for ids, joined as the document joins them.
/// Agencies' names by id, looked up once per report rather than by a scan
/// of the model's agencies for every row.
pub struct AgencyNames<'m>(HashMap<&'m str, &'m str>);

impl<'m> AgencyNames<'m> {
    /// The names of the model's agencies.
    pub fn new(model: &'m Model) -> Self {
        let mut names = HashMap::new();
        for a in &model.agencies {
            // The first agency of an id, as a scan would find it.
            names.entry(a.id.as_str()).or_insert(a.name.as_str());
        }
        AgencyNames(names)
    }

    /// The agency's name as the document writes it, or the id if unknown.
    pub fn name<'s>(&'s self, id: &'s str) -> &'s str {
        self.0.get(id).copied().unwrap_or(id)
    }

    /// The names of `ids`, joined with `、`.
    pub fn list(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.name(id))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// `2 items have no target`, or nothing when every item has one.
pub fn untargeted_summary(groups: &[super::SectionGroup<'_>]) -> Option<String> {
    match super::untargeted(groups).len() {
        0 => None,
        1 => Some("1 item has no target (text only)".to_string()),
        n => Some(format!("{n} items have no target (text only)")),
    }
}

/// `31 targets as of 2012: 10 met, 3 missed, …`.
pub fn summary(eval: &crate::eval::Evaluation) -> String {
    let s = &eval.summary;
    format!(
        "{} target{} as of {}: {}; {}",
        s.targets,
        if s.targets == 1 { "" } else { "s" },
        eval.as_of,
        counts(s),
        failing(s.failing)
    )
}

/// `1 missed, 14 on track`, or `none`.
fn counts(s: &crate::eval::Summary) -> String {
    let counts: Vec<String> = Status::ALL
        .iter()
        .filter(|&&st| s.count(st) > 0)
        .map(|&st| format!("{} {}", s.count(st), st.label()))
        .collect();
    if counts.is_empty() {
        "none".to_string()
    } else {
        counts.join(", ")
    }
}

/// `every firm target is fine`, `3 firm targets are missed or behind`.
fn failing(n: usize) -> String {
    match n {
        0 => "every firm target is fine".to_string(),
        1 => "1 firm target is missed or behind".to_string(),
        n => format!("{n} firm targets are missed or behind"),
    }
}

/// One line a class (`约束性 (firm by default): 8 targets, 5 on track, 3
/// behind; 3 firm targets are missed or behind`), then the gate when
/// `--fail-on` restricts it; nothing when the plan declares no class.
pub fn class_lines(eval: &crate::eval::Evaluation) -> Vec<String> {
    let mut lines: Vec<String> = eval
        .classes
        .iter()
        .map(|c| {
            let s = &c.summary;
            format!(
                "{} ({} by default): {} target{}{}{}; {}",
                c.class,
                strength(c.strength),
                s.targets,
                if s.targets == 1 { "" } else { "s" },
                if s.targets == 0 { "" } else { ", " },
                if s.targets == 0 {
                    String::new()
                } else {
                    counts(s)
                },
                failing(s.failing)
            )
        })
        .collect();
    if let Some(g) = &eval.gate {
        lines.push(format!(
            "gate (--fail-on {}): {}",
            g.classes.join(","),
            failing(g.failing)
        ));
    }
    lines
}

/// `firm` or `strive`.
pub fn strength(s: crate::model::Strength) -> &'static str {
    match s {
        crate::model::Strength::Firm => "firm",
        crate::model::Strength::Strive => "strive",
    }
}

/// The class of an item's targets, for its heading: ` · 约束性`, or
/// nothing. An item's targets share their item's class.
pub fn class_suffix(rows: &[super::Row<'_>]) -> String {
    rows.first()
        .and_then(|(t, _)| t.class.as_deref())
        .map(|c| format!(" · {c}"))
        .unwrap_or_default()
}
