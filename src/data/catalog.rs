//! Lookups from the model that reading data and judging targets both need:
//! metric, unit and item by id, and each metric's unit scale.

use crate::model::{Item, Metric, MetricKind, Model, Unit};
use rust_decimal::Decimal;
use std::collections::HashMap;

/// Looked up once or more per data row: foldhash, not std's SipHash
/// (docs/performance.md, "Where an `eval` row's instructions go").
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

pub use crate::model::ADDITIVE_DIMENSIONS;

/// Indexes into one model, built once per evaluation.
#[derive(Debug)]
pub struct Catalog<'m> {
    /// The model indexed.
    pub model: &'m Model,
    /// By id's bytes, so a reader can find a cell's metric before (and
    /// instead of) checking that the cell is UTF-8.
    metrics: FastMap<&'m [u8], u32>,
    units: FastMap<&'m str, u32>,
    /// The first item of each id.
    items: FastMap<&'m str, u32>,
    /// Declared regions by name: their index in `model.regions`.
    regions: FastMap<&'m str, u32>,
    /// By metric index: the index of its unit in `model.units`, resolved
    /// once rather than by name on every data row.
    metric_units: Vec<Option<u32>>,
    /// By metric index: whether a regional target reads its figures in a
    /// region (its own metric, a ratio's parts, a metric it is compared
    /// with). Only these keep figures per region once data is read.
    read_by_region: Vec<bool>,
}

impl<'m> Catalog<'m> {
    /// Indexes `model`.
    pub fn new(model: &'m Model) -> Self {
        let metrics = model
            .metrics
            .iter()
            .enumerate()
            .map(|(i, m)| (m.id.as_bytes(), i as u32))
            .collect();
        let units = model
            .units
            .iter()
            .enumerate()
            .map(|(i, u)| (u.id.as_str(), i as u32))
            .collect();
        let mut items = FastMap::default();
        for (i, item) in model.items.iter().enumerate() {
            items.entry(item.id.as_str()).or_insert(i as u32);
        }
        let regions = model
            .regions
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.as_str(), i as u32))
            .collect();
        let mut cat = Catalog {
            model,
            metrics,
            units,
            items,
            regions,
            metric_units: Vec::new(),
            read_by_region: vec![false; model.metrics.len()],
        };
        cat.metric_units = model
            .metrics
            .iter()
            .map(|m| cat.units.get(m.unit.as_deref()?).copied())
            .collect();
        cat.read_by_region = cat.metrics_read_by_region();
        cat
    }

    fn metrics_read_by_region(&self) -> Vec<bool> {
        let mut read = vec![false; self.model.metrics.len()];
        let mut mark = |id: &str| {
            let Some(i) = self.metric_index(id) else {
                return;
            };
            let parts = self
                .metric(i)
                .and_then(|m| m.ratio.as_ref())
                .map(|r| [r.numerator.as_str(), r.denominator.as_str()]);
            for j in std::iter::once(Some(i))
                .chain(parts.into_iter().flatten().map(|p| self.metric_index(p)))
                .flatten()
            {
                if let Some(slot) = read.get_mut(j as usize) {
                    *slot = true;
                }
            }
        };
        for t in self.model.targets.iter().filter(|t| t.scope.is_some()) {
            mark(&t.metric);
            if let Some(
                crate::model::Requirement::CompareMetric { metric, .. }
                | crate::model::Requirement::AboutMetric { metric, .. },
            ) = t.condition.requirement()
            {
                mark(metric);
            }
        }
        read
    }

    /// Whether a regional target reads the metric's figures in a region.
    pub fn read_by_region(&self, metric: u32) -> bool {
        self.read_by_region
            .get(metric as usize)
            .copied()
            .unwrap_or(false)
    }

    /// Whether the plan declares regions: then a data row's region must
    /// be one of them.
    pub fn declares_regions(&self) -> bool {
        !self.model.regions.is_empty()
    }

    /// The index of a declared region in `model.regions`.
    pub fn region_index(&self, name: &str) -> Option<u32> {
        self.regions.get(name).copied()
    }

    /// The index of the region a declared region is part of.
    pub fn region_parent(&self, index: u32) -> Option<u32> {
        let r = self.model.regions.get(index as usize)?;
        self.region_index(r.parent.as_deref()?)
    }

    /// The (first) item with this id.
    pub fn item(&self, id: &str) -> Option<&'m Item> {
        self.model.items.get(*self.items.get(id)? as usize)
    }

    /// The index of the metric with this id.
    pub fn metric_index(&self, id: &str) -> Option<u32> {
        self.metrics.get(id.as_bytes()).copied()
    }

    /// The metric whose id is exactly these bytes, and that id: a cell that
    /// names a metric is UTF-8 without being checked.
    pub fn metric_by_bytes(&self, id: &[u8]) -> Option<(u32, &'m str)> {
        let i = *self.metrics.get(id)?;
        Some((i, self.metric(i)?.id.as_str()))
    }

    /// The metric at this index.
    pub fn metric(&self, index: u32) -> Option<&'m Metric> {
        self.model.metrics.get(index as usize)
    }

    /// The unit with this id.
    pub fn unit(&self, id: &str) -> Option<&'m Unit> {
        self.units
            .get(id)
            .and_then(|&i| self.model.units.get(i as usize))
    }

    /// The unit a metric is measured in; `None` for milestones (and for a
    /// model that names an undeclared unit).
    pub fn metric_unit(&self, index: u32) -> Option<&'m Unit> {
        let unit = (*self.metric_units.get(index as usize)?)?;
        self.model.units.get(unit as usize)
    }

    /// Base units per one of the metric's unit; 1 for unitless metrics.
    pub fn metric_scale(&self, index: u32) -> Decimal {
        self.metric_unit(index).map_or(Decimal::ONE, |u| u.scale)
    }

    /// Whether the metric is a commitment, whose plan-wide rows keep their
    /// note as evidence.
    pub fn is_commitment(&self, index: u32) -> bool {
        self.metric(index)
            .is_some_and(|m| m.kind == MetricKind::Commitment)
    }

    /// Whether regional figures of the metric may be summed.
    pub fn additive(&self, index: u32) -> bool {
        let Some(metric) = self.metric(index) else {
            return false;
        };
        metric.kind != MetricKind::Milestone
            && self.metric_unit(index).is_some_and(Unit::is_additive)
    }

    /// The declared metric id closest to `id`, for "did you mean".
    pub fn suggest_metric(&self, id: &str) -> Option<&'m str> {
        suggest(id, self.model.metrics.iter().map(|m| m.id.as_str()))
    }

    /// The declared unit of `dimension` closest to `id`.
    pub fn suggest_unit(&self, id: &str, dimension: &str) -> Option<&'m str> {
        suggest(
            id,
            self.model
                .units
                .iter()
                .filter(|u| u.dimension == dimension)
                .map(|u| u.id.as_str()),
        )
    }

    /// Units a metric's figures may be given in: those of its dimension.
    pub fn units_of(&self, dimension: &str) -> Vec<&'m str> {
        self.model
            .units
            .iter()
            .filter(|u| u.dimension == dimension)
            .map(|u| u.id.as_str())
            .collect()
    }
}

/// The candidate most similar to `word`, if it is similar enough to be a
/// plausible typo.
pub fn suggest<'a>(word: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates
        .map(|c| (strsim::normalized_damerau_levenshtein(word, c), c))
        .filter(|&(score, _)| score >= 0.5)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}
