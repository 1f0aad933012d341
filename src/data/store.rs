//! Aggregating rows as they are read.
//!
//! Rows go straight into a map keyed by (metric, year, region), so memory
//! grows with the number of distinct metric-years and regions, never with
//! the number of rows: a file that repeats a figure ten million times costs
//! one entry.
//!
//! A reported growth rate (a row whose `measure` is `growth`) is keyed the
//! same way beside the figures, in a table of its own: it never conflicts
//! with the year's figure, and it is held exactly, in percent. Only
//! plan-wide rates are used; regional rates are checked for conflicts and
//! then dropped, since rates never add up across regions.

use super::catalog::Catalog;
use super::problem::Place;
use super::row::{Measure, SetOp};
use crate::exact::Exact;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};

/// The store's maps hash with foldhash: one lookup per data row, where
/// std's SipHash was a fifth of reading a large file (docs/performance.md).
/// Its seed is random per process, enough for a one-shot batch tool.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Where a figure was first given, to point at it when another row
/// contradicts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The index of the file, in the order read.
    pub file: u32,
    /// 1-based line of the row.
    pub line: u64,
    /// The row's place in the file.
    pub place: Place,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key {
    metric: u32,
    year: u16,
    /// 0 is the plan-wide figure (empty region cell).
    region: u32,
    /// A reported growth rate rather than the figure.
    growth: bool,
}

#[derive(Clone, Copy, Debug)]
struct Entry {
    value: Decimal,
    origin: Origin,
}

/// An earlier row that gave a different figure for the same metric, year
/// and region.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Conflict {
    /// The earlier figure.
    pub value: Decimal,
    /// Where it was given.
    pub origin: Origin,
}

/// Rows folded as they are read: one entry per (metric, year, region),
/// a row that contradicts an earlier one is refused with it
/// ([`Conflict`]); [`Store::finish`] sums regions into [`Figures`].
#[derive(Debug, Default)]
pub struct Store {
    entries: FastMap<Key, Entry>,
    regions: FastMap<Box<str>, u32>,
    /// The evidence (`note`) of plan-wide commitment assessments, by
    /// (metric, year): one per key, the first given.
    notes: BTreeMap<(u32, u16), Box<str>>,
    /// Values set for a year outside the plan, by (metric, year, rate).
    set: BTreeMap<(u32, u16, bool), (SetOp, Decimal, Origin)>,
}

impl Store {
    fn region_id(&mut self, region: &str) -> u32 {
        if region.is_empty() {
            return 0;
        }
        if let Some(&id) = self.regions.get(region) {
            return id;
        }
        let id = u32::try_from(self.regions.len())
            .ok()
            .and_then(|n| n.checked_add(1))
            .unwrap_or(u32::MAX);
        self.regions.insert(region.into(), id);
        id
    }

    /// Records a figure (in base units) or a growth rate (in percent). A
    /// row that repeats one exactly agrees with it and is accepted; a
    /// different value is a conflict and is not recorded.
    pub fn insert(
        &mut self,
        metric: u32,
        year: u16,
        region: &str,
        measure: Measure,
        value: Decimal,
        origin: Origin,
    ) -> Result<(), Conflict> {
        let key = Key {
            metric,
            year,
            region: self.region_id(region),
            growth: measure == Measure::Growth,
        };
        match self.entries.get(&key) {
            Some(e) if e.value == value => Ok(()),
            Some(e) => Err(Conflict {
                value: e.value,
                origin: e.origin,
            }),
            None => {
                self.entries.insert(key, Entry { value, origin });
                Ok(())
            }
        }
    }

    /// Records a value set for the year (plan-wide); a different one for
    /// the same metric, year and measure is a conflict.
    pub fn set(
        &mut self,
        metric: u32,
        year: u16,
        rate: bool,
        op: SetOp,
        value: Decimal,
        origin: Origin,
    ) -> Result<(), Conflict> {
        match self.set.get(&(metric, year, rate)) {
            Some(&(o, v, _)) if o == op && v == value => Ok(()),
            Some(&(_, v, origin)) => Err(Conflict { value: v, origin }),
            None => {
                self.set.insert((metric, year, rate), (op, value, origin));
                Ok(())
            }
        }
    }

    /// Keeps the note of a plan-wide commitment assessment as its evidence;
    /// a later row's note for the same metric and year does not replace it.
    pub fn note(&mut self, metric: u32, year: u16, note: &str) {
        if !note.is_empty() {
            self.notes
                .entry((metric, year))
                .or_insert_with(|| note.into());
        }
    }

    /// Resolves the plan-wide figure of every metric-year: the plan-wide
    /// row if there is one, else the sum of the regional rows when the
    /// metric's dimension adds up across regions. Plan-wide growth rates
    /// are kept as reported; regional ones are not used.
    pub fn finish(self, cat: &Catalog) -> Figures {
        let metrics = cat.model.metrics.len();
        let mut series: Vec<BTreeMap<u16, Figure>> = vec![BTreeMap::new(); metrics];
        let mut rates: Vec<BTreeMap<u16, Decimal>> = vec![BTreeMap::new(); metrics];
        let mut regional: FastMap<(u32, u16), (Exact, u32)> = FastMap::default();
        let mut latest: Option<u16> = None;
        for (key, entry) in self.entries {
            latest = latest.max(Some(key.year));
            if key.growth {
                if key.region == 0 {
                    if let Some(r) = rates.get_mut(key.metric as usize) {
                        r.insert(key.year, entry.value);
                    }
                }
            } else if key.region == 0 {
                if let Some(s) = series.get_mut(key.metric as usize) {
                    s.insert(key.year, Figure::PlanWide(entry.value));
                }
            } else {
                let slot = regional
                    .entry((key.metric, key.year))
                    .or_insert_with(|| (Exact::zero(), 0));
                slot.0 = slot.0.add(&Exact::from(entry.value));
                slot.1 = slot.1.saturating_add(1);
            }
        }
        for ((metric, year), (sum, regions)) in regional {
            let Some(s) = series.get_mut(metric as usize) else {
                continue;
            };
            if s.contains_key(&year) {
                continue;
            }
            let figure = match sum.to_decimal() {
                Some(value) if cat.additive(metric) => Figure::Summed { value, regions },
                Some(_) => Figure::Unsummable { regions },
                None => Figure::Overflow { regions },
            };
            s.insert(year, figure);
        }
        Figures {
            series,
            rates,
            notes: self.notes,
            set: self
                .set
                .into_iter()
                .map(|(k, (op, v, _))| (k, (op, v)))
                .collect(),
            latest,
        }
    }
}

/// The figure of one metric in one year, in base units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// A row with an empty region.
    PlanWide(Decimal),
    /// No plan-wide row; the sum of `regions` regional rows.
    Summed {
        /// The sum.
        value: Decimal,
        /// How many regions were summed.
        regions: u32,
    },
    /// Only regional rows, of a dimension that does not add up.
    Unsummable {
        /// How many regions reported.
        regions: u32,
    },
    /// Only regional rows, whose sum does not fit a decimal exactly.
    Overflow {
        /// How many regions reported.
        regions: u32,
    },
}

impl Figure {
    /// The figure, or `None` when regional rows could not be summed.
    pub fn value(self) -> Option<Decimal> {
        match self {
            Figure::PlanWide(v) | Figure::Summed { value: v, .. } => Some(v),
            Figure::Unsummable { .. } | Figure::Overflow { .. } => None,
        }
    }
}

/// Every reported figure, by metric index and year.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    series: Vec<BTreeMap<u16, Figure>>,
    /// Plan-wide growth rates as reported, in percent.
    rates: Vec<BTreeMap<u16, Decimal>>,
    /// The evidence of commitment assessments, by (metric, year).
    notes: BTreeMap<(u32, u16), Box<str>>,
    /// Values set for a year, by (metric, year, rate): the comparison and
    /// the value (base units, or percent for a rate).
    set: BTreeMap<(u32, u16, bool), (SetOp, Decimal)>,
    latest: Option<u16>,
}

impl Figures {
    /// The plan-wide growth rate reported for the metric in the year, in
    /// percent.
    pub fn rate(&self, metric: u32, year: u16) -> Option<Decimal> {
        self.rates.get(metric as usize)?.get(&year).copied()
    }

    /// The value set for the metric's level (or, with `rate`, its growth)
    /// in the year.
    pub fn set_value(&self, metric: u32, year: u16, rate: bool) -> Option<(SetOp, Decimal)> {
        self.set.get(&(metric, year, rate)).copied()
    }

    /// The note reported with a commitment's plan-wide assessment.
    pub fn note(&self, metric: u32, year: u16) -> Option<&str> {
        self.notes.get(&(metric, year)).map(|n| &**n)
    }

    /// The figure of the metric in the year.
    pub fn get(&self, metric: u32, year: u16) -> Option<Figure> {
        self.series.get(metric as usize)?.get(&year).copied()
    }

    /// The years with a figure for the metric, in order.
    pub fn years(&self, metric: u32) -> impl Iterator<Item = (u16, Figure)> + '_ {
        self.series
            .get(metric as usize)
            .into_iter()
            .flat_map(|s| s.iter().map(|(&y, &f)| (y, f)))
    }

    /// The latest year any row reports, regional rows included.
    pub fn latest_year(&self) -> Option<u16> {
        self.latest
    }
}
