//! Milestones: reported `done` in the year achieved (or `not done`).

use super::reason::Reason;
use super::series::View;
use super::status::Status;
use crate::data::Figure;
use rust_decimal::Decimal;

pub struct Milestone {
    pub status: Status,
    pub done_in: Option<u16>,
    /// The latest year with any report.
    pub reported: Option<u16>,
    pub reason: Option<Reason>,
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
        Some(y) if as_of >= deadline => {
            (Status::Missed, Some(Reason::DoneLate { year: y, deadline }))
        }
        _ if as_of < deadline => (
            Status::Pending,
            Some(Reason::NotDoneYet { as_of, deadline }),
        ),
        _ => match reported.filter(|&y| y >= deadline) {
            Some(y) => (Status::Missed, Some(Reason::ReportedNotDone { year: y })),
            None => (Status::NoData, Some(Reason::NoMilestoneReport { deadline })),
        },
    };
    Milestone {
        status,
        done_in,
        reported,
        reason,
    }
}
