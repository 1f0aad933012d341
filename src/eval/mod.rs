//! The interpreter: judges every target of a model against reported
//! figures, as seen from one year.
//!
//! Invariant: eval sees only the model and the figures, never the AST.
//! Judging is exact (see [`crate::exact`]); figures are in base units until
//! they are put back into each metric's unit for the result.

#![deny(clippy::arithmetic_side_effects)]

mod bound;
mod commitment;
mod judge;
pub mod level;
mod milestone;
pub mod reason;
mod relation;
pub mod result;
pub mod series;
pub mod status;
pub mod trend;
mod yearly;

pub use reason::Reason;
pub use result::{Assessed, Rate, TargetResult};
pub use series::Lack;
pub use status::{Status, Summary};
pub use trend::{Point, Trend, TrendMeasure};

use crate::data::{Catalog, Figures};
use crate::model::Strength;
use serde::Serialize;

/// Every target's judgement, in the model's order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// The year the figures are seen from.
    pub as_of: u16,
    /// One result per target, in the model's order.
    pub results: Vec<TargetResult>,
    /// The counts of every target.
    pub summary: Summary,
    /// The counts of each class the model declares, in its order.
    pub classes: Vec<ClassSummary>,
    /// The exit gate, when it is restricted to some classes
    /// ([`Evaluation::gate_on`]); otherwise every firm target gates.
    pub gate: Option<Gate>,
}

/// The counts of one class's targets.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ClassSummary {
    /// The class's id.
    pub class: String,
    /// The strength of its targets that write none.
    pub strength: Strength,
    /// The counts of its targets.
    #[serde(flatten)]
    pub summary: Summary,
}

/// An exit gate restricted to some classes (`--fail-on 约束性`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Gate {
    /// The classes `--fail-on` names.
    pub classes: Vec<String>,
    /// Firm targets of these classes missed or behind.
    pub failing: usize,
}

impl Evaluation {
    /// Whether the run fails: a firm target missed or behind, of one of
    /// the gate's classes when the gate is restricted.
    pub fn fails(&self) -> bool {
        self.failing() > 0
    }

    /// The firm targets missed or behind that the gate counts.
    pub fn failing(&self) -> usize {
        self.gate
            .as_ref()
            .map_or(self.summary.failing, |g| g.failing)
    }

    /// Whether this result fails the run: a firm target missed or behind,
    /// of one of the gate's classes when the gate is restricted.
    pub fn gates(&self, r: &TargetResult) -> bool {
        r.status.fails(r.strength)
            && self
                .gate
                .as_ref()
                .is_none_or(|g| r.class.as_ref().is_some_and(|c| g.classes.contains(c)))
    }

    /// Restricts the exit gate to the targets of `classes`: only a firm
    /// target of one of them, missed or behind, fails the run. The names
    /// are taken as given; the caller checks them against the model.
    pub fn gate_on(&mut self, classes: Vec<String>) {
        self.gate = Some(Gate {
            classes,
            failing: 0,
        });
        let failing = self.results.iter().filter(|r| self.gates(r)).count();
        if let Some(g) = &mut self.gate {
            g.failing = failing;
        }
    }
}

/// Judges every target of the catalog's model as of `as_of`; figures of
/// later years are ignored.
pub fn evaluate(cat: &Catalog, figures: &Figures, as_of: u16) -> Evaluation {
    let results: Vec<TargetResult> = cat
        .model
        .targets
        .iter()
        .map(|t| {
            // A regional target reads its region's figures, and so does
            // every figure it is compared with.
            let ctx = judge::Context {
                cat,
                figures,
                as_of,
                region: t.region().and_then(|r| cat.region_index(r)),
            };
            judge::target(&ctx, t)
        })
        .collect();
    let mut summary = Summary::default();
    let mut classes: Vec<ClassSummary> = cat
        .model
        .classes
        .iter()
        .map(|c| ClassSummary {
            class: c.id.clone(),
            strength: c.strength,
            summary: Summary::default(),
        })
        .collect();
    for r in &results {
        summary.add(r.status, r.strength);
        if let Some(c) = r
            .class
            .as_ref()
            .and_then(|id| classes.iter_mut().find(|c| &c.class == id))
        {
            c.summary.add(r.status, r.strength);
        }
    }
    Evaluation {
        as_of,
        results,
        summary,
        classes,
        gate: None,
    }
}
