//! The verdict on one target, and counts of them.

use crate::model::Strength;
use serde::Serialize;

/// Where a target stands as of the evaluation year (docs/semantics.md).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The target holds (at its deadline, or for good: a milestone done).
    Met,
    /// The deadline is reached and the target does not hold.
    Missed,
    /// The deadline is ahead and the figures are at or past the expected path.
    OnTrack,
    /// The deadline is ahead and the figures fall short of the expected path.
    Behind,
    /// The deadline is ahead and there is too little data to judge.
    Pending,
    /// The deadline is reached and the data needed to judge is missing.
    NoData,
    /// A qualitative commitment with no assessment reported for a year up
    /// to its deadline. Shown and counted; it does not fail a run.
    Unassessed,
}

impl Status {
    /// Every status, in the order reports count them.
    pub const ALL: [Status; 7] = [
        Status::Met,
        Status::Missed,
        Status::OnTrack,
        Status::Behind,
        Status::Pending,
        Status::NoData,
        Status::Unassessed,
    ];

    /// The stable name used in JSON: `met`, `on_track`, `no_data` ….
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Missed => "missed",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::Pending => "pending",
            Status::NoData => "no_data",
            Status::Unassessed => "unassessed",
        }
    }

    /// The name for people: `on track`, `no data`.
    pub fn label(self) -> &'static str {
        match self {
            Status::OnTrack => "on track",
            Status::NoData => "no data",
            s => s.as_str(),
        }
    }

    /// Whether a target of this strength in this status fails the run:
    /// a firm target missed or behind. A strive target never does.
    pub fn fails(self, strength: Strength) -> bool {
        strength == Strength::Firm && matches!(self, Status::Missed | Status::Behind)
    }
}

/// How many targets are in each status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Targets counted.
    pub targets: usize,
    /// Met.
    pub met: usize,
    /// Missed.
    pub missed: usize,
    /// On track.
    pub on_track: usize,
    /// Behind.
    pub behind: usize,
    /// Pending.
    pub pending: usize,
    /// No data.
    pub no_data: usize,
    /// Unassessed.
    pub unassessed: usize,
    /// Firm targets missed or behind: any makes the run fail.
    pub failing: usize,
}

impl Summary {
    /// Counts one target.
    pub fn add(&mut self, status: Status, strength: Strength) {
        self.targets = self.targets.saturating_add(1);
        let slot = self.slot(status);
        *slot = slot.saturating_add(1);
        if status.fails(strength) {
            self.failing = self.failing.saturating_add(1);
        }
    }

    fn slot(&mut self, status: Status) -> &mut usize {
        match status {
            Status::Met => &mut self.met,
            Status::Missed => &mut self.missed,
            Status::OnTrack => &mut self.on_track,
            Status::Behind => &mut self.behind,
            Status::Pending => &mut self.pending,
            Status::NoData => &mut self.no_data,
            Status::Unassessed => &mut self.unassessed,
        }
    }

    /// The count of one status.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Met => self.met,
            Status::Missed => self.missed,
            Status::OnTrack => self.on_track,
            Status::Behind => self.behind,
            Status::Pending => self.pending,
            Status::NoData => self.no_data,
            Status::Unassessed => self.unassessed,
        }
    }
}
