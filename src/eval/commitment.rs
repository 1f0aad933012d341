//! Qualitative commitments: judged by the latest assessment reported for a
//! year up to the deadline (and the evaluation year); `unassessed` without
//! one.

use super::result::Assessed;
use super::series::View;
use super::status::Status;
use crate::data::row::Assessment;
use crate::data::Figure;

pub struct Commitment {
    pub status: Status,
    pub assessed: Option<Assessed>,
    pub reason: Option<String>,
}

pub fn judge(view: &View, deadline: u16) -> Commitment {
    let as_of = view.as_of;
    let mut decisive: Option<(u16, Assessment)> = None;
    let mut later: Option<u16> = None;
    // Only plan-wide assessments count: a region's says nothing of the
    // whole plan's commitment.
    for (year, figure) in view.reports() {
        let Figure::Own(code) = figure else {
            continue;
        };
        let Some(a) = Assessment::of_code(code) else {
            continue;
        };
        if year <= deadline {
            decisive = Some((year, a));
        } else if later.is_none() {
            later = Some(year);
        }
    }
    let Some((year, a)) = decisive else {
        let reason = match later {
            Some(y) => format!("assessed only for {y}, after the {deadline} deadline"),
            None => format!("no assessment reported as of {as_of}; due by {deadline}"),
        };
        return Commitment {
            status: Status::Unassessed,
            assessed: None,
            reason: Some(reason),
        };
    };
    let due = as_of >= deadline;
    let assessed = Some(Assessed {
        value: a.as_str(),
        year,
        note: view.note(year).map(str::to_string),
    });
    // Past the deadline, only an assessment for the deadline year can say
    // the commitment was not kept; an earlier one leaves it unassessed.
    if due && year < deadline && a != Assessment::Done {
        return Commitment {
            status: Status::Unassessed,
            assessed,
            reason: Some(format!(
                "last assessed {} for {year}; no assessment for {deadline}",
                words(a)
            )),
        };
    }
    let (status, reason) = match a {
        Assessment::Done => (Status::Met, None),
        Assessment::Partly if due => (
            Status::Missed,
            Some(format!("assessed partly done for {year}")),
        ),
        Assessment::NotDone if due => (
            Status::Missed,
            Some(format!("assessed not done for {year}")),
        ),
        Assessment::Partly => (
            Status::OnTrack,
            Some(format!(
                "assessed partly done for {year}; due by {deadline}"
            )),
        ),
        Assessment::NotDone => (
            Status::Pending,
            Some(format!("assessed not done for {year}; due by {deadline}")),
        ),
    };
    Commitment {
        status,
        assessed,
        reason,
    }
}

fn words(a: Assessment) -> &'static str {
    match a {
        Assessment::Done => "done",
        Assessment::Partly => "partly done",
        Assessment::NotDone => "not done",
    }
}
