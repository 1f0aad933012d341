//! Targets that hold in every year of a window: `each_year` (the year's
//! figure) and `yearly_growth` (growth over the year before).
//!
//! Each year is its own deadline: a year that fails makes the target
//! missed at once, even while later years are still ahead.

use super::level::{lacking, Goal};
use super::reason::Reason;
use super::series::Lack;
use super::status::Status;
use crate::exact::Exact;

/// One year's check: the figure and what it had to satisfy.
pub struct YearCheck {
    pub year: u16,
    pub actual: Exact,
    pub goal: Goal,
    /// The figure the year's goal was derived from (growth: the year before).
    pub before: Option<Exact>,
    /// What one unit of the requirement (a percentage point of growth)
    /// amounts to in `actual` and `goal`; positive. Years are compared by
    /// their margins in that unit, so a year judged on a reported rate and
    /// one judged on levels can be told apart fairly.
    pub per: Exact,
    /// Whether a reported growth rate decided the year.
    pub reported: bool,
}

impl YearCheck {
    /// A year judged on a figure in the requirement's own unit.
    pub fn plain(year: u16, actual: Exact, goal: Goal) -> Self {
        YearCheck {
            year,
            actual,
            goal,
            before: None,
            per: Exact::from_int(1),
            reported: false,
        }
    }

    /// The margin by which the year falls short, in units of the
    /// requirement, compared across years without division.
    fn shortfall_cmp(&self, other: &YearCheck) -> std::cmp::Ordering {
        let a = self.goal.gap(&self.actual).mul(&other.per);
        let b = other.goal.gap(&other.actual).mul(&self.per);
        a.cmp(&b)
    }
}

/// The outcome over the window.
pub struct Yearly {
    pub status: Status,
    /// The deciding year: the worst failing one, else the one with the
    /// smallest margin.
    pub decisive: Option<YearCheck>,
    pub passed: u32,
    pub years: u32,
    pub reason: Vec<Reason>,
    /// The years judged on a reported growth rate, in order.
    pub reported: Vec<u16>,
}

/// Why a year cannot be judged.
pub enum Unjudged {
    Lack(Lack),
    /// E.g. growth from a zero figure.
    Undefined(Reason),
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
    let mut undefined: Vec<Reason> = Vec::new();
    let mut reported: Vec<u16> = Vec::new();
    for y in from..=to.min(as_of) {
        let c = check(y);
        if let Ok(c) = &c {
            if c.reported {
                reported.push(y);
            }
        }
        match c {
            Ok(c) if c.goal.holds(&c.actual) => passed.push(c),
            Ok(c) => failed.push(c),
            Err(Unjudged::Lack(l)) => lacks.push(l),
            Err(Unjudged::Undefined(reason)) => undefined.push(reason),
        }
    }
    let worst = |list: Vec<YearCheck>| list.into_iter().max_by(|a, b| a.shortfall_cmp(b));
    let count = passed.len() as u32;
    if !failed.is_empty() {
        let years_failed: Vec<u16> = failed.iter().map(|c| c.year).collect();
        let reason = vec![Reason::NotMetIn {
            years: years_failed,
        }];
        return Yearly {
            status: Status::Missed,
            decisive: worst(failed),
            passed: count,
            years,
            reason,
            reported,
        };
    }
    let mut reasons: Vec<Reason> = Vec::new();
    if !lacks.is_empty() {
        reasons.push(Reason::Lacking { lacks });
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
        reasons
    } else if passed.is_empty() {
        vec![Reason::FirstYear { year: from }]
    } else {
        Vec::new()
    };
    Yearly {
        status,
        decisive: worst(passed),
        passed: count,
        years,
        reason,
        reported,
    }
}

/// The note that says which years were judged on reported growth rates.
pub fn reported_note(years: &[u16]) -> Option<Reason> {
    (!years.is_empty()).then(|| Reason::RatesUsed {
        years: years.to_vec(),
    })
}
