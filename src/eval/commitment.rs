//! Qualitative commitments: judged by the latest assessment reported for a
//! year up to the deadline (and the evaluation year); `unassessed` without
//! one.

use super::reason::Reason;
use super::result::Assessed;
use super::series::View;
use super::status::Status;
use crate::data::row::Assessment;
use crate::data::Figure;

pub struct Commitment {
    pub status: Status,
    pub assessed: Option<Assessed>,
    pub reason: Option<Reason>,
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
            Some(y) => Reason::AssessedOnlyAfter { year: y, deadline },
            None => Reason::NoAssessment { as_of, deadline },
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
            reason: Some(Reason::LastAssessed {
                value: a.as_str(),
                year,
                deadline,
            }),
        };
    }
    let (status, reason) = match a {
        Assessment::Done => (Status::Met, None),
        Assessment::Partly | Assessment::NotDone if due => (
            Status::Missed,
            Some(Reason::Assessed {
                value: a.as_str(),
                year,
                due: None,
            }),
        ),
        Assessment::Partly => (
            Status::OnTrack,
            Some(Reason::Assessed {
                value: a.as_str(),
                year,
                due: Some(deadline),
            }),
        ),
        Assessment::NotDone => (
            Status::Pending,
            Some(Reason::Assessed {
                value: a.as_str(),
                year,
                due: Some(deadline),
            }),
        ),
    };
    Commitment {
        status,
        assessed,
        reason,
    }
}
