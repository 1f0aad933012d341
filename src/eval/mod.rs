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
mod relation;
pub mod result;
pub mod series;
pub mod status;
mod yearly;

pub use result::{Assessed, Rate, TargetResult};
pub use status::{Status, Summary};

use crate::data::{Catalog, Figures};
use serde::Serialize;

/// Every target's judgement, in the model's order.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Evaluation {
    /// The year the figures are seen from.
    pub as_of: u16,
    pub results: Vec<TargetResult>,
    pub summary: Summary,
}

impl Evaluation {
    /// Whether a firm target is missed or behind.
    pub fn fails(&self) -> bool {
        self.summary.failing > 0
    }
}

/// Judges every target of the catalog's model as of `as_of`; figures of
/// later years are ignored.
pub fn evaluate(cat: &Catalog, figures: &Figures, as_of: u16) -> Evaluation {
    let ctx = judge::Context {
        cat,
        figures,
        as_of,
    };
    let results: Vec<TargetResult> = cat
        .model
        .targets
        .iter()
        .map(|t| judge::target(&ctx, t))
        .collect();
    let mut summary = Summary::default();
    for r in &results {
        summary.add(r.status, r.strength);
    }
    Evaluation {
        as_of,
        results,
        summary,
    }
}
