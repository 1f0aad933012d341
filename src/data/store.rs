//! Aggregating rows as they are read.
//!
//! Rows go straight into tables keyed by (metric, year, region), so memory
//! grows with the number of distinct keys, never with the number of rows:
//! a file that repeats a figure ten million times costs one entry, and
//! figures split over several files cost what one file of them would.
//! Plan-wide figures are one entry per metric-year; regional figures are
//! 26-byte slots ([`super::slots`]) that keep the first figure exactly and
//! where it was given, so a conflicting row is found whenever it comes and
//! from whichever source (standard input and workbooks included), without
//! reading anything twice. Where the plan declares no regions, a region's
//! figure joins its metric-year's sum as it arrives, so the plan-wide
//! figures need no pass over the regional ones.
//!
//! A reported growth rate (a row whose `measure` is `growth`) is keyed the
//! same way beside the figures: it never conflicts with the year's figure,
//! and it is held exactly, in percent. Only plan-wide rates are used;
//! regional rates are checked for conflicts and then dropped, since rates
//! never add up across regions.

use super::catalog::Catalog;
use super::row::{Measure, SetOp};
use super::slots::{shard_of, Inserted, Key, Shard, Table};
use crate::exact::Exact;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The store's maps hash with foldhash: one lookup per data row, where
/// std's SipHash was a fifth of reading a large file (docs/performance.md).
/// Its seed is random per process, enough for a one-shot batch tool.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// Where a figure was first given, to point at it when another row
/// contradicts it: the file, in the order read, and the row's position in
/// it, whose meaning the file's format gives (a line of CSV or JSON, a
/// row of a worksheet; `FileReport::positions` names which).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Origin {
    /// The index of the file, in the order read.
    pub file: u32,
    /// 1-based line of a CSV or JSON row; 0-based row of a worksheet.
    pub at: u64,
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

/// 10ⁿ for the n an i128 holds (0 to 38), from a table.
// PANIC SAFETY: the table is made at compile time, where an index out of
// range or an overflow fails the build.
#[allow(clippy::indexing_slicing, clippy::arithmetic_side_effects)]
fn pow10(n: u32) -> Option<i128> {
    const TABLE: [i128; 39] = {
        let mut t = [1i128; 39];
        let mut i = 1;
        while i < 39 {
            t[i] = t[i - 1] * 10;
            i += 1;
        }
        t
    };
    TABLE.get(n as usize).copied()
}

/// The sum of one metric-year's regional figures, made as rows arrive: a
/// 128-bit mantissa at the largest scale seen, and the exact sum past it.
#[derive(Clone, Debug, Default)]
struct Sum {
    mantissa: i128,
    scale: u32,
    beyond: Option<Exact>,
    regions: u32,
}

impl Sum {
    fn add(&mut self, value: Decimal, additive: bool) {
        self.regions = self.regions.saturating_add(1);
        if additive {
            self.add_parts(value.mantissa(), value.scale(), || Exact::from(value));
        }
    }

    /// Adds another part's sum of the same metric-year: exact addition, so
    /// the order parts are added in changes nothing.
    fn merge(&mut self, other: &Sum) {
        self.regions = self.regions.saturating_add(other.regions);
        let exact = || match &other.beyond {
            Some(e) => e.clone(),
            None => Exact::from_parts(other.mantissa, other.scale),
        };
        match &other.beyond {
            Some(_) => {
                let so_far = match self.beyond.take() {
                    Some(e) => e,
                    None => Exact::from_parts(self.mantissa, self.scale),
                };
                self.beyond = Some(so_far.add(&exact()));
            }
            None => self.add_parts(other.mantissa, other.scale, exact),
        }
    }

    /// Adds `mantissa × 10^-scale`; `exact` gives the same value exactly,
    /// for when the sum passes 128 bits.
    fn add_parts(&mut self, mantissa: i128, scale: u32, exact: impl FnOnce() -> Exact) {
        if let Some(so_far) = &mut self.beyond {
            *so_far = so_far.add(&exact());
            return;
        }
        // Most figures of a metric-year share a scale.
        if scale == self.scale {
            if let Some(sum) = self.mantissa.checked_add(mantissa) {
                self.mantissa = sum;
                return;
            }
        }
        let value_scale = scale;
        let fast = (|| {
            let (mut acc, mut m) = (self.mantissa, mantissa);
            let scale = self.scale.max(value_scale);
            acc = acc.checked_mul(pow10(scale.checked_sub(self.scale)?)?)?;
            m = m.checked_mul(pow10(scale.checked_sub(value_scale)?)?)?;
            Some((acc.checked_add(m)?, scale))
        })();
        match fast {
            Some((mantissa, scale)) => {
                self.mantissa = mantissa;
                self.scale = scale;
            }
            None => {
                let so_far = Exact::from_parts(self.mantissa, self.scale);
                self.beyond = Some(so_far.add(&exact()));
            }
        }
    }

    fn figure(&self, additive: bool) -> Figure {
        let regions = self.regions;
        if !additive {
            return Figure::Unsummable { regions };
        }
        let exact = match &self.beyond {
            Some(e) => e.clone(),
            None => Exact::from_parts(self.mantissa, self.scale),
        };
        match exact.to_decimal() {
            Some(value) => Figure::Summed { value, regions },
            None => Figure::Overflow { regions },
        }
    }
}

/// The regional figures' sums made so far by one thread, with the latest
/// year it stored: each thread reading a file's blocks keeps its own, added
/// to the store's when it ends ([`Store::absorb`]).
#[derive(Debug)]
pub struct Part {
    /// Without declared regions: by metric index, each year's regional
    /// sum.
    sums: Vec<Years>,
    latest: Option<u16>,
    declared: bool,
    /// By metric index: whether regional figures add up.
    additive: Arc<[bool]>,
}

impl Part {
    /// Records a regional figure in `shard` (the shard of its key, see
    /// [`shard_of`]); a new one joins its metric-year's sum.
    pub fn insert(
        &mut self,
        shard: &mut Shard,
        key: Key,
        value: Decimal,
        origin: Origin,
    ) -> Result<(), Conflict> {
        self.insert_hashed(shard, shard.hash(key), key, value, origin)
    }

    /// [`Part::insert`] with the key's [`Shard::hash`] already made.
    pub fn insert_hashed(
        &mut self,
        shard: &mut Shard,
        hash: u64,
        key: Key,
        value: Decimal,
        origin: Origin,
    ) -> Result<(), Conflict> {
        let inserted = shard.insert_hashed(hash, key, value, origin)?;
        self.latest = self.latest.max(Some(key.year));
        // Without declared regions a region's figure is needed only in its
        // metric-year's sum.
        if inserted == Inserted::New && !self.declared {
            let additive = self.additive.get(key.metric as usize).copied() == Some(true);
            if let Some(years) = self.sums.get_mut(key.metric as usize) {
                years.sum(key.year).add(value, additive);
            }
        }
        Ok(())
    }

    /// Asks for the sum a regional figure of `metric` and `year` would
    /// join, ahead of its row (see [`Shard::prefetch`]).
    pub fn prefetch(&self, metric: u32, year: u16) {
        if let Some(years) = self.sums.get(metric as usize) {
            if let Some(at) = years.index(year) {
                super::slots::prefetch(years.dense.as_ptr().wrapping_add(at));
            }
        }
    }

    fn merge(&mut self, other: Part) {
        self.latest = self.latest.max(other.latest);
        for (mine, theirs) in self.sums.iter_mut().zip(other.sums) {
            for (year, sum) in theirs.into_sums() {
                mine.sum(year).merge(&sum);
            }
        }
    }
}

/// One metric's regional sums by year. A plan's years are few and close
/// together: they are held by their distance from the first year seen,
/// so a year's sum is found (and prefetched, [`Part::prefetch`]) without a
/// search; a year more than [`DENSE`] years from the others goes in a
/// short list beside them.
#[derive(Clone, Debug, Default)]
struct Years {
    first: u16,
    /// By year − `first`; a year without figures has a sum of no regions.
    dense: Vec<Sum>,
    far: Vec<(u16, Sum)>,
}

/// The span of years a metric's sums are held by distance.
const DENSE: usize = 32;

impl Years {
    /// Where the year's sum is among `dense`, if there.
    fn index(&self, year: u16) -> Option<usize> {
        let at = usize::from(year.checked_sub(self.first)?);
        (at < self.dense.len()).then_some(at)
    }

    /// The year's sum, made empty if there is none yet.
    fn sum(&mut self, year: u16) -> &mut Sum {
        if self.dense.is_empty() {
            self.first = year;
        }
        let last = usize::from(self.first).saturating_add(self.dense.len());
        let y = usize::from(year);
        if y >= usize::from(self.first) && y < usize::from(self.first).saturating_add(DENSE) {
            let at = y.saturating_sub(usize::from(self.first));
            if at >= self.dense.len() {
                self.dense.resize_with(at.saturating_add(1), Sum::default);
            }
        } else if y < usize::from(self.first) && last.saturating_sub(y) <= DENSE {
            let before = usize::from(self.first).saturating_sub(y);
            self.dense
                .splice(0..0, std::iter::repeat_with(Sum::default).take(before));
            self.first = year;
        }
        if let Some(at) = self.index(year) {
            // PANIC SAFETY: `index` is below `dense.len()`.
            #[allow(clippy::indexing_slicing)]
            return &mut self.dense[at];
        }
        let at = match self.far.iter().position(|(y, _)| *y == year) {
            Some(at) => at,
            None => {
                self.far.push((year, Sum::default()));
                self.far.len().saturating_sub(1)
            }
        };
        // PANIC SAFETY: `at` was found in `far`, or is its last entry.
        #[allow(clippy::indexing_slicing)]
        &mut self.far[at].1
    }

    /// Every year with figures and its sum.
    fn into_sums(self) -> impl Iterator<Item = (u16, Sum)> {
        let first = self.first;
        self.dense
            .into_iter()
            .enumerate()
            .filter(|(_, s)| s.regions > 0)
            .map(move |(i, s)| (first.saturating_add(i as u16), s))
            .chain(self.far)
    }
}

/// Region names and their ids, shared by the threads that store.
#[derive(Debug, Default)]
pub struct Regions {
    ids: Mutex<FastMap<Box<str>, u32>>,
}

impl Regions {
    /// The id of a region's name (0 for the empty name, the plan-wide
    /// figure), given in the order names are first seen.
    pub fn id(&self, region: &str) -> u32 {
        if region.is_empty() {
            return 0;
        }
        let mut ids = self.ids.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&id) = ids.get(region) {
            return id;
        }
        let id = u32::try_from(ids.len())
            .ok()
            .and_then(|n| n.checked_add(1))
            .unwrap_or(u32::MAX);
        ids.insert(region.into(), id);
        id
    }
}

/// What the threads that store a file's regional figures share: the
/// table of figures and the region names.
#[derive(Clone, Debug)]
pub struct Regional {
    table: Arc<Table>,
    regions: Arc<Regions>,
}

impl Regional {
    /// The id of a region's name (see [`Regions::id`]).
    pub fn region_id(&self, region: &str) -> u32 {
        self.regions.id(region)
    }

    /// Shard `shard` of the figures, locked.
    pub fn lock(&self, shard: usize) -> MutexGuard<'_, Shard> {
        self.table.lock(shard)
    }
}

/// Rows folded as they are read. A plan-wide figure or rate is one entry
/// per (metric, year); a regional one is a compact slot ([`Table`]),
/// and, where the plan declares no regions, is added at once to its
/// metric-year's sum. A row that contradicts an earlier one is refused
/// with it ([`Conflict`]); [`Store::finish`] makes the [`Figures`].
#[derive(Debug)]
pub struct Store {
    /// By (key, whether a growth rate).
    plan_wide: FastMap<(Key, bool), Entry>,
    regional: Arc<Table>,
    /// Regional growth rates: kept only to find conflicts.
    regional_rates: Table,
    /// The sums and latest year of the regional figures stored by this
    /// thread.
    part: Part,
    regions: Arc<Regions>,
    /// The last region looked up, for data sorted by region.
    last_region: Option<(Box<str>, u32)>,
    declared: bool,
    /// The evidence (`note`) of plan-wide commitment assessments, by
    /// (metric, year): one per key, the first given.
    notes: BTreeMap<(u32, u16), Box<str>>,
    /// Values set for a year outside the plan, by (metric, year, rate).
    set: BTreeMap<(u32, u16, bool), (SetOp, Decimal, Origin)>,
    latest: Option<u16>,
}

impl Store {
    /// A store for the catalog's model: its declared regions take the ids
    /// 1.. in declaration order, so a key names a region in four bytes.
    pub fn new(cat: &Catalog) -> Store {
        let declared = cat.declares_regions();
        let additive: Arc<[bool]> = (0..cat.model.metrics.len() as u32)
            .map(|m| cat.additive(m))
            .collect();
        let store = Store {
            plan_wide: FastMap::default(),
            regional: Arc::default(),
            regional_rates: Table::default(),
            part: Part {
                sums: vec![Years::default(); cat.model.metrics.len()],
                latest: None,
                declared,
                additive,
            },
            regions: Arc::default(),
            last_region: None,
            declared,
            notes: BTreeMap::new(),
            set: BTreeMap::new(),
            latest: None,
        };
        for r in &cat.model.regions {
            store.regions.id(&r.id);
        }
        store
    }

    /// The table and region names, for threads that store regional
    /// figures beside this one.
    pub fn regional(&self) -> Regional {
        Regional {
            table: self.regional.clone(),
            regions: self.regions.clone(),
        }
    }

    /// An empty part, for a thread that stores regional figures.
    pub fn part(&self) -> Part {
        Part {
            sums: vec![Years::default(); self.part.sums.len()],
            latest: None,
            declared: self.declared,
            additive: self.part.additive.clone(),
        }
    }

    /// Adds a thread's part to the store's.
    pub fn absorb(&mut self, part: Part) {
        self.part.merge(part);
    }

    /// Sets every shard's turn to 0, at the start of a file read in
    /// blocks; false if another thread still holds the table (a bug).
    pub fn reset_turns(&mut self) -> bool {
        match Arc::get_mut(&mut self.regional) {
            Some(t) => {
                t.reset_turns();
                true
            }
            None => false,
        }
    }

    fn region_id(&mut self, region: &str) -> u32 {
        if region.is_empty() {
            return 0;
        }
        if let Some((name, id)) = &self.last_region {
            if **name == *region {
                return *id;
            }
        }
        let id = self.regions.id(region);
        self.last_region = Some((region.into(), id));
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
        };
        let growth = measure == Measure::Growth;
        if key.region == 0 {
            return match self.plan_wide.get(&(key, growth)) {
                Some(e) if e.value == value => Ok(()),
                Some(e) => Err(Conflict {
                    value: e.value,
                    origin: e.origin,
                }),
                None => {
                    self.plan_wide
                        .insert((key, growth), Entry { value, origin });
                    self.latest = self.latest.max(Some(year));
                    Ok(())
                }
            };
        }
        if growth {
            // Rates never add up across regions: only checked.
            self.regional_rates.insert(key, region, value, origin)?;
            self.latest = self.latest.max(Some(year));
            return Ok(());
        }
        let mut shard = self.regional.lock(shard_of(metric, year, region));
        self.part.insert(&mut shard, key, value, origin)
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

    /// Distinct (metric, year, region) keys with a figure or rate.
    pub fn keys(&self) -> usize {
        self.plan_wide
            .len()
            .saturating_add(self.regional.len())
            .saturating_add(self.regional_rates.len())
    }

    /// Resolves the plan-wide figure of every metric-year: the plan-wide
    /// row if there is one, else the regional sum (made as rows arrived)
    /// when the metric's dimension adds up across regions. With declared
    /// regions, each region's figure and the plan-wide one are rolled up
    /// from the regions' rows. Plan-wide growth rates are kept as
    /// reported; regional ones are not used. The count is of regional
    /// figures that could not be read back (a bug), to be reported.
    pub fn finish(self, cat: &Catalog) -> (Figures, u64) {
        let metrics = cat.model.metrics.len();
        let latest = self.latest.max(self.part.latest);
        let mut series: Vec<BTreeMap<u16, Figure>> = vec![BTreeMap::new(); metrics];
        let mut rates: Vec<BTreeMap<u16, Decimal>> = vec![BTreeMap::new(); metrics];
        for ((key, growth), entry) in self.plan_wide {
            if growth {
                if let Some(r) = rates.get_mut(key.metric as usize) {
                    r.insert(key.year, entry.value);
                }
            } else if let Some(s) = series.get_mut(key.metric as usize) {
                s.insert(key.year, Figure::Own(entry.value));
            }
        }
        for (metric, (years, s)) in self
            .part
            .sums
            .into_iter()
            .zip(series.iter_mut())
            .enumerate()
        {
            let additive = cat.additive(metric as u32);
            for (year, sum) in years.into_sums() {
                s.entry(year).or_insert_with(|| sum.figure(additive));
            }
        }
        let mut unreadable = 0u64;
        let mut by_region: FastMap<(u32, u32), BTreeMap<u16, Figure>> = FastMap::default();
        if self.declared {
            // Each region's own rows, by (metric, year), taken shard by
            // shard out of the table.
            let mut own: FastMap<(u32, u16), Vec<(u32, Decimal)>> = FastMap::default();
            // Every thread that stored has ended, so the table is the
            // store's alone; a clone still held elsewhere would be a bug,
            // and its figures are counted as unreadable.
            let table = Arc::try_unwrap(self.regional).unwrap_or_else(|shared| {
                unreadable = unreadable.saturating_add(shared.len() as u64);
                Table::default()
            });
            table.drain(|key, value| match value {
                Some(v) => own
                    .entry((key.metric, key.year))
                    .or_default()
                    .push((key.region.saturating_sub(1), v)),
                None => unreadable = unreadable.saturating_add(1),
            });
            let tree = Tree::of(cat);
            for ((metric, year), rows) in own {
                let figures = tree.roll_up(&rows, cat.additive(metric));
                // Only metrics a regional target reads keep their regions'
                // figures; every metric's plan-wide figure is made alike.
                let keep = cat.read_by_region(metric);
                for (r, f) in figures.regions.into_iter().enumerate() {
                    if let Some(f) = f.filter(|_| keep) {
                        by_region
                            .entry((metric, r as u32))
                            .or_default()
                            .insert(year, f);
                    }
                }
                if let (Some(s), Some(f)) = (series.get_mut(metric as usize), figures.whole) {
                    s.entry(year).or_insert(f);
                }
            }
        }
        let figures = Figures {
            series,
            regional: by_region,
            rates,
            notes: self.notes,
            set: self
                .set
                .into_iter()
                .map(|(k, (op, v, _))| (k, (op, v)))
                .collect(),
            latest,
        };
        (figures, unreadable)
    }
}

/// The declared regions as a tree, to make each region's figure from its
/// parts' and the plan-wide figure from the top-level regions'.
struct Tree {
    /// Each region's parts, by index.
    parts: Vec<Vec<u32>>,
    /// The regions of the top level.
    roots: Vec<u32>,
    /// Every region, parts before the region they make up.
    bottom_up: Vec<u32>,
}

/// A metric-year's figures: each region's, and the plan-wide one the
/// top-level regions give.
struct RolledUp {
    regions: Vec<Option<Figure>>,
    whole: Option<Figure>,
}

impl Tree {
    fn of(cat: &Catalog) -> Tree {
        let n = cat.model.regions.len();
        let mut parts = vec![Vec::new(); n];
        let mut roots = Vec::new();
        let mut depth = vec![0u32; n];
        for i in 0..n as u32 {
            match cat.region_parent(i) {
                Some(p) => {
                    if let Some(list) = parts.get_mut(p as usize) {
                        list.push(i);
                    }
                }
                None => roots.push(i),
            }
            // The model refuses loops, so the walk ends within n steps.
            let mut d = 0u32;
            let mut at = i;
            while let Some(p) = cat.region_parent(at).filter(|_| (d as usize) < n) {
                d = d.saturating_add(1);
                at = p;
            }
            if let Some(slot) = depth.get_mut(i as usize) {
                *slot = d;
            }
        }
        let mut bottom_up: Vec<u32> = (0..n as u32).collect();
        bottom_up.sort_by_key(|&i| std::cmp::Reverse(depth.get(i as usize).copied()));
        Tree {
            parts,
            roots,
            bottom_up,
        }
    }

    /// Each region's figure: its own row, else the sum of its parts'
    /// figures when the unit is additive and every part has one; and the
    /// plan-wide figure from the top-level regions alike.
    fn roll_up(&self, rows: &[(u32, Decimal)], additive: bool) -> RolledUp {
        let mut regions: Vec<Option<Figure>> = vec![None; self.parts.len()];
        for &(r, v) in rows {
            if let Some(slot) = regions.get_mut(r as usize) {
                *slot = Some(Figure::Own(v));
            }
        }
        for &r in &self.bottom_up {
            if regions.get(r as usize).copied().flatten().is_some() {
                continue;
            }
            let Some(parts) = self.parts.get(r as usize).filter(|p| !p.is_empty()) else {
                continue;
            };
            let f = combine(parts, &regions, additive);
            if let Some(slot) = regions.get_mut(r as usize) {
                *slot = f;
            }
        }
        let whole = combine(&self.roots, &regions, additive);
        RolledUp { regions, whole }
    }
}

/// The figure several regions make together: their exact sum when the unit
/// adds up and every one of them has a figure; `None` when none has any.
fn combine(parts: &[u32], figures: &[Option<Figure>], additive: bool) -> Option<Figure> {
    let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    let of = parts
        .iter()
        .map(|&p| figures.get(p as usize).copied().flatten());
    let present = of.clone().flatten().count();
    if present == 0 {
        return None;
    }
    if !additive {
        return Some(Figure::Unsummable {
            regions: count(present),
        });
    }
    let mut sum = Exact::zero();
    let mut valued = 0usize;
    for v in of.flatten().filter_map(Figure::value) {
        sum = sum.add(&Exact::from(v));
        valued = valued.saturating_add(1);
    }
    if valued < parts.len() {
        return Some(Figure::Partial {
            regions: count(valued),
            of: count(parts.len()),
        });
    }
    Some(match sum.to_decimal() {
        Some(value) => Figure::Summed {
            value,
            regions: count(valued),
        },
        None => Figure::Overflow {
            regions: count(valued),
        },
    })
}

/// The figure of one metric in one year, in base units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Figure {
    /// A row of its own: with an empty region for the plan-wide figure, a
    /// region's row for the region's.
    Own(Decimal),
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
    /// Declared regions: only `regions` of the `of` regions it is made of
    /// have a figure, so their sum would understate it.
    Partial {
        /// How many of its parts have a figure.
        regions: u32,
        /// How many parts it has.
        of: u32,
    },
}

impl Figure {
    /// The figure, or `None` when regional rows could not be summed.
    pub fn value(self) -> Option<Decimal> {
        match self {
            Figure::Own(v) | Figure::Summed { value: v, .. } => Some(v),
            Figure::Unsummable { .. } | Figure::Overflow { .. } | Figure::Partial { .. } => None,
        }
    }
}

/// Every reported figure, by metric index and year.
#[derive(Clone, Debug, Default)]
pub struct Figures {
    series: Vec<BTreeMap<u16, Figure>>,
    /// With declared regions: each region's figures, by (metric, region
    /// index in the model).
    regional: FastMap<(u32, u32), BTreeMap<u16, Figure>>,
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

    /// The figure in a declared region (its index in the model), or
    /// plan-wide for `None`.
    pub fn get_in(&self, metric: u32, region: Option<u32>, year: u16) -> Option<Figure> {
        match region {
            None => self.get(metric, year),
            Some(r) => self.regional.get(&(metric, r))?.get(&year).copied(),
        }
    }

    /// The years with a figure for the metric, in order (in a declared
    /// region, or plan-wide for `None`).
    pub fn years_in(
        &self,
        metric: u32,
        region: Option<u32>,
    ) -> impl Iterator<Item = (u16, Figure)> + '_ {
        let s = match region {
            None => self.series.get(metric as usize),
            Some(r) => self.regional.get(&(metric, r)),
        };
        s.into_iter().flat_map(|s| s.iter().map(|(&y, &f)| (y, f)))
    }

    /// The latest year any row reports, regional rows included.
    pub fn latest_year(&self) -> Option<u16> {
        self.latest
    }
}

#[cfg(test)]
mod tests {
    use super::{Figure, Sum};
    use rust_decimal::Decimal;
    use std::str::FromStr;

    fn sum(values: &[&str]) -> Figure {
        let mut s = Sum::default();
        for v in values {
            s.add(Decimal::from_str(v).unwrap_or_default(), true);
        }
        s.figure(true)
    }

    /// The 128-bit sum hands over to `Exact` when a figure's scale or size
    /// would overflow it, and the result is exact either way.
    #[test]
    fn sums_are_exact_past_128_bits() {
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(
            sum(&["1.5", "2.25", "-0.75"]),
            Figure::Summed {
                value: d("3"),
                regions: 3
            }
        );
        // 10²⁸ at 28 places does not fit 128 bits; the sum past it does
        // not fit a Decimal, so it is no figure rather than a rounded one.
        assert_eq!(
            sum(&[
                "10000000000000000000000000000",
                "0.0000000000000000000000000001"
            ]),
            Figure::Overflow { regions: 2 }
        );
        // ... and taking 10²⁸ away again leaves the exact 10⁻²⁸.
        assert_eq!(
            sum(&[
                "10000000000000000000000000000",
                "0.0000000000000000000000000001",
                "-10000000000000000000000000000"
            ]),
            Figure::Summed {
                value: d("0.0000000000000000000000000001"),
                regions: 3
            }
        );
        let mut s = Sum::default();
        s.add(d("1"), false);
        s.add(d("2"), false);
        assert_eq!(s.figure(false), Figure::Unsummable { regions: 2 });
    }

    /// Sums made in parts by several threads and merged are the one sum,
    /// whatever the split, the order and the scales.
    #[test]
    fn merged_parts_sum_as_one() {
        let values = [
            "1.5",
            "2",
            "0.25",
            "3.50",
            "-7",
            "10000000000000000000000000000",
            "0.0000000000000000000000000001",
            "-10000000000000000000000000000",
        ];
        let whole = sum(&values);
        for cut in 0..=values.len() {
            let (a, b) = values.split_at(cut);
            let part = |vs: &[&str]| {
                let mut s = Sum::default();
                for v in vs {
                    s.add(Decimal::from_str(v).unwrap_or_default(), true);
                }
                s
            };
            let (mut x, y) = (part(b), part(a));
            x.merge(&y);
            assert_eq!(x.figure(true), whole, "cut at {cut}");
        }
    }
}
