//! Targets that hold in every year of a window: `each_year` (the year's
//! figure) and `yearly_growth` (growth over the year before).
//!
//! Each year is its own deadline: a year that fails makes the target
//! missed at once, even while later years are still ahead.

use super::level::{lacking, Goal};
use super::series::{describe_all, Lack};
use super::status::Status;
use crate::exact::Exact;

/// One year's check: the figure and what it had to satisfy.
pub struct YearCheck {
    pub year: u16,
    pub actual: Exact,
    pub goal: Goal,
    /// The figure the year's goal was derived from (growth: the year before).
    pub before: Option<Exact>,
}

/// The outcome over the window.
pub struct Yearly {
    pub status: Status,
    /// The deciding year: the worst failing one, else the one with the
    /// smallest margin.
    pub decisive: Option<YearCheck>,
    pub passed: u32,
    pub years: u32,
    pub reason: Option<String>,
}

/// Why a year cannot be judged.
pub enum Unjudged {
    Lack(Lack),
    /// E.g. growth from a zero figure.
    Undefined(String),
}

/// Judges years `from..=to` with `check`, which gives a year's figure and
/// goal or the reason it has none.
pub fn judge(
    as_of: u16,
    from: u16,
    to: u16,
    check: &dyn Fn(u16) -> Result<YearCheck, Unjudged>,
) -> Yearly {
    let years = u32::from(to.saturating_sub(from)) + 1;
    let mut failed: Vec<YearCheck> = Vec::new();
    let mut passed: Vec<YearCheck> = Vec::new();
    let mut lacks: Vec<Lack> = Vec::new();
    let mut undefined: Vec<String> = Vec::new();
    for y in from..=to.min(as_of) {
        match check(y) {
            Ok(c) if c.goal.holds(&c.actual) => passed.push(c),
            Ok(c) => failed.push(c),
            Err(Unjudged::Lack(l)) => lacks.push(l),
            Err(Unjudged::Undefined(reason)) => undefined.push(reason),
        }
    }
    let worst = |list: Vec<YearCheck>| {
        list.into_iter()
            .max_by(|a, b| a.goal.gap(&a.actual).cmp(&b.goal.gap(&b.actual)))
    };
    let count = passed.len() as u32;
    if !failed.is_empty() {
        let years_failed: Vec<String> = failed.iter().map(|c| c.year.to_string()).collect();
        let reason = format!("not met in {}", years_failed.join(", "));
        return Yearly {
            status: Status::Missed,
            decisive: worst(failed),
            passed: count,
            years,
            reason: Some(reason),
        };
    }
    let mut reasons: Vec<String> = Vec::new();
    if !lacks.is_empty() {
        reasons.push(describe_all(&lacks));
    }
    reasons.extend(undefined);
    let status = if !reasons.is_empty() {
        lacking(as_of, to)
    } else if as_of >= to {
        Status::Met
    } else if passed.is_empty() {
        Status::Pending
    } else {
        Status::OnTrack
    };
    let reason = if !reasons.is_empty() {
        Some(reasons.join("; "))
    } else if passed.is_empty() {
        Some(format!("its first year is {from}"))
    } else {
        None
    };
    Yearly {
        status,
        decisive: worst(passed),
        passed: count,
        years,
        reason,
    }
}
