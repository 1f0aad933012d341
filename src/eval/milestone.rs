//! Milestones: reported `done` in the year achieved (or `not done`).

use super::series::View;
use super::status::Status;
use crate::data::Figure;
use rust_decimal::Decimal;

pub struct Milestone {
    pub status: Status,
    pub done_in: Option<u16>,
    /// The latest year with any report.
    pub reported: Option<u16>,
    pub reason: Option<String>,
}

pub fn judge(view: &View, deadline: u16) -> Milestone {
    let as_of = view.as_of;
    let mut done_in = None;
    let mut reported = None;
    // Regional rows alone say nothing of the whole plan: only plan-wide
    // reports count.
    for (year, figure) in view.reports() {
        let Figure::Own(value) = figure else {
            continue;
        };
        reported = Some(year);
        if done_in.is_none() && value == Decimal::ONE {
            done_in = Some(year);
        }
    }
    let (status, reason) = match done_in {
        Some(y) if y <= deadline => (Status::Met, None),
        Some(y) if as_of >= deadline => (
            Status::Missed,
            Some(format!("done in {y}, after the {deadline} deadline")),
        ),
        _ if as_of < deadline => (
            Status::Pending,
            Some(format!(
                "not reported done as of {as_of}; due by {deadline}"
            )),
        ),
        _ => match reported.filter(|&y| y >= deadline) {
            Some(y) => (Status::Missed, Some(format!("reported not done in {y}"))),
            None => (
                Status::NoData,
                Some(format!(
                    "no report on this milestone for {deadline} or later"
                )),
            ),
        },
    };
    Milestone {
        status,
        done_in,
        reported,
        reason,
    }
}
