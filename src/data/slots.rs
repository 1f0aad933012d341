//! The table of regional figures: one compact slot per (metric, year,
//! region), so memory grows with the distinct keys of the data and never
//! with its rows.
//!
//! A slot is 26 bytes: the key (10), the figure packed exactly into 8
//! ([`Packed`]) and where it was first given, packed into 8 ([`Origin`]).
//! Growth rates go in a table of their own, so a key needs no flag.
//! The slots live in [`SHARDS`] hash tables chosen by [`shard_of`], so a
//! table that grows moves 1/256 of the slots at a time: the old and new
//! allocations of one shard coexist, never those of the whole table.
//! docs/performance.md has the bytes per key this gives.
//!
//! Each shard has a lock of its own, so that the threads reading a CSV
//! file's blocks can store their rows side by side (`super::blocks`): a
//! shard takes the blocks' rows in block order ([`Shard::turn`]), which
//! keeps the first figure of every key, and every conflict, what reading
//! row by row gives.

use super::store::{Conflict, Origin};
use hashbrown::HashTable;
use rust_decimal::Decimal;
use std::hash::{BuildHasher, Hash, Hasher};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// How many tables the slots are spread over.
pub const SHARDS: usize = 256;

/// The shard of a (metric, year, region) key. It is a function of the
/// region's name rather than its interned id, so that a thread can place a
/// row before the region has an id; the seed is fixed, so every thread and
/// every run agree.
pub fn shard_of(metric: u32, year: u16, region: &str) -> usize {
    let mut h = foldhash::fast::FixedState::with_seed(0x706c_616e_63).build_hasher();
    metric.hash(&mut h);
    year.hash(&mut h);
    region.hash(&mut h);
    usize::from((h.finish() >> 56) as u8)
}

/// A figure's (metric, year, region).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    /// The metric's index in the model.
    pub metric: u32,
    /// 0 is the plan-wide figure (empty region cell); a region is its
    /// interned id (a declared region's index in the model plus one).
    pub region: u32,
    /// The year.
    pub year: u16,
}

/// A key as a slot holds it: ten bytes, two-byte aligned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stored([u16; 5]);

impl Stored {
    fn of(k: Key) -> Stored {
        Stored([
            (k.metric >> 16) as u16,
            k.metric as u16,
            (k.region >> 16) as u16,
            k.region as u16,
            k.year,
        ])
    }

    fn key(self) -> Key {
        let [m1, m0, r1, r0, year] = self.0;
        Key {
            metric: (u32::from(m1) << 16) | u32::from(m0),
            region: (u32::from(r1) << 16) | u32::from(r0),
            year,
        }
    }
}

/// A `Decimal` in eight bytes, exactly: sign, scale and a mantissa below
/// 2⁵⁷ in the word itself (every figure of up to 17 digits), else the
/// index of the value in the table's side list of large values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Packed([u16; 4]);

const INLINE_BITS: u32 = 57;
const LARGE: u64 = 1 << 63;

impl Packed {
    fn new(value: Decimal, large: &mut Vec<Decimal>) -> Packed {
        let mantissa = value.mantissa().unsigned_abs();
        let word = match u64::try_from(mantissa) {
            Ok(m) if m < 1 << INLINE_BITS => {
                (u64::from(value.is_sign_negative()) << 62)
                    | (u64::from(value.scale()) << INLINE_BITS)
                    | m
            }
            _ => {
                let index = large.len() as u64;
                large.push(value);
                LARGE | index
            }
        };
        Packed(split(word))
    }

    /// The value; `None` only if the index of a large value is not in the
    /// list, which [`Packed::new`] never makes.
    fn get(self, large: &[Decimal]) -> Option<Decimal> {
        let word = join(self.0);
        if word & LARGE != 0 {
            return large.get(usize::try_from(word & !LARGE).ok()?).copied();
        }
        let mantissa = i128::from(word & ((1 << INLINE_BITS) - 1));
        let scale = ((word >> INLINE_BITS) & 0x1f) as u32;
        let signed = if word & (1 << 62) != 0 {
            mantissa.checked_neg()?
        } else {
            mantissa
        };
        Decimal::try_from_i128_with_scale(signed, scale).ok()
    }
}

fn split(word: u64) -> [u16; 4] {
    [
        (word >> 48) as u16,
        (word >> 32) as u16,
        (word >> 16) as u16,
        word as u16,
    ]
}

fn join(parts: [u16; 4]) -> u64 {
    parts
        .into_iter()
        .fold(0u64, |w, p| (w << 16) | u64::from(p))
}

/// Positions in a file are kept in 48 bits: 281 × 10¹² lines or rows,
/// beyond any file planc can read.
const AT_BITS: u32 = 48;

/// The file's index in 16 bits and the position in 48: `Loader` reads at
/// most 65,536 files.
fn pack_origin(origin: Origin) -> [u16; 4] {
    let at = origin.at.min((1 << AT_BITS) - 1);
    split((u64::from(origin.file) << AT_BITS) | at)
}

fn unpack_origin(parts: [u16; 4]) -> Origin {
    let word = join(parts);
    Origin {
        file: (word >> AT_BITS) as u32,
        at: word & ((1 << AT_BITS) - 1),
    }
}

/// 26 bytes, two-byte aligned: with hashbrown's control byte a slot costs
/// 27, so even a table that has just doubled (⁷⁄₁₆ full) spends under 62
/// bytes a key.
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: Stored,
    value: Packed,
    origin: [u16; 4],
}

/// One shard's slots, and the values too large for a slot.
#[derive(Default)]
pub struct Shard {
    slots: HashTable<Slot>,
    hasher: foldhash::fast::RandomState,
    /// Values whose mantissa does not fit a slot.
    large: Vec<Decimal>,
    /// The block of the file being read whose rows this shard takes next:
    /// the block reader stores blocks' rows in block order with it.
    pub turn: u64,
}

impl Shard {
    /// Records the figure of `key`, or checks it against the one recorded:
    /// a different value is a [`Conflict`] with the first. A slot that
    /// cannot be read back is reported as a conflict with itself rather
    /// than taken for agreement.
    pub fn insert(
        &mut self,
        key: Key,
        value: Decimal,
        origin: Origin,
    ) -> Result<Inserted, Conflict> {
        let hash = self.hasher.hash_one(key);
        let stored = Stored::of(key);
        let hasher = &self.hasher;
        // One probe: the slot is found, or the place for it.
        match self
            .slots
            .entry(hash, |s| s.key == stored, |s| hasher.hash_one(s.key.key()))
        {
            hashbrown::hash_table::Entry::Occupied(slot) => {
                let slot = slot.get();
                match slot.value.get(&self.large) {
                    Some(first) if first == value => Ok(Inserted::Repeat),
                    first => Err(Conflict {
                        value: first.unwrap_or(value),
                        origin: unpack_origin(slot.origin),
                    }),
                }
            }
            hashbrown::hash_table::Entry::Vacant(place) => {
                place.insert(Slot {
                    key: stored,
                    value: Packed::new(value, &mut self.large),
                    origin: pack_origin(origin),
                });
                Ok(Inserted::New)
            }
        }
    }
}

/// One slot per key, spread over [`SHARDS`] hash tables, each behind a
/// lock of its own.
pub struct Table {
    shards: Box<[Mutex<Shard>]>,
}

impl std::fmt::Debug for Table {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table").field("len", &self.len()).finish()
    }
}

impl Default for Table {
    fn default() -> Self {
        Table {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
        }
    }
}

/// What [`Shard::insert`] did with a row's figure.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Inserted {
    /// The first figure for its key: recorded.
    New,
    /// The same figure as the first: nothing to record.
    Repeat,
}

impl Table {
    /// Shard `shard` (taken modulo [`SHARDS`]), locked. A lock poisoned by
    /// a thread that panicked is taken as it is: a shard is changed only by
    /// one slot's insert, which leaves it whole.
    pub fn lock(&self, shard: usize) -> MutexGuard<'_, Shard> {
        // PANIC SAFETY: the index is taken modulo the shards' count.
        #[allow(clippy::indexing_slicing)]
        self.shards[shard % SHARDS]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Shard `shard` (modulo [`SHARDS`]), when no other thread holds the
    /// table.
    pub fn shard_mut(&mut self, shard: usize) -> &mut Shard {
        // PANIC SAFETY: the index is taken modulo the shards' count.
        #[allow(clippy::indexing_slicing)]
        self.shards[shard % SHARDS]
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Records the figure of `key`, whose region is named `region`: see
    /// [`Shard::insert`].
    pub fn insert(
        &mut self,
        key: Key,
        region: &str,
        value: Decimal,
        origin: Origin,
    ) -> Result<Inserted, Conflict> {
        self.shard_mut(shard_of(key.metric, key.year, region))
            .insert(key, value, origin)
    }

    /// Every shard's turn set to `turn`, at the start of a file.
    pub fn reset_turns(&mut self, turn: u64) {
        for s in 0..SHARDS {
            self.shard_mut(s).turn = turn;
        }
    }

    /// How many keys have a figure.
    pub fn len(&self) -> usize {
        (0..SHARDS).map(|s| self.lock(s).slots.len()).sum()
    }

    /// Every key and its figure, shard by shard, each shard's memory freed
    /// once it is read. `None` is a slot that cannot be read back (a bug:
    /// [`Packed`] never makes one), for the caller to report.
    pub fn drain(self, mut each: impl FnMut(Key, Option<Decimal>)) {
        for shard in self.shards.into_vec() {
            let shard = shard.into_inner().unwrap_or_else(PoisonError::into_inner);
            for s in shard.slots {
                each(s.key.key(), s.value.get(&shard.large));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_slot_is_26_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 26);
        let k = Key {
            metric: 0x0102_0304,
            region: 0xfffe_fdfc,
            year: 2100,
        };
        assert_eq!(Stored::of(k).key(), k);
    }

    #[test]
    fn values_pack_exactly_with_their_scale() {
        let mut large = Vec::new();
        for text in [
            "0",
            "150",
            "-12.5",
            "1.50",
            "0.0000000000000000000000000001",
            "144115188075855871",
            "144115188075855872",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
        ] {
            let d = Decimal::from_str(text).unwrap_or_default();
            let p = Packed::new(d, &mut large);
            let back = p.get(&large);
            assert_eq!(back, Some(d), "{text}");
            assert_eq!(back.map(|b| b.scale()), Some(d.scale()), "{text}");
        }
        // 2⁵⁷ and beyond go to the side list.
        assert_eq!(large.len(), 3);
    }

    #[test]
    fn origins_keep_file_and_position() {
        let o = Origin {
            file: 65535,
            at: 123_456_789_012,
        };
        assert_eq!(unpack_origin(pack_origin(o)), o);
    }

    #[test]
    fn a_repeat_agrees_and_a_difference_conflicts_with_the_first() {
        let mut t = Table::default();
        let key = Key {
            metric: 3,
            region: 7,
            year: 2012,
        };
        let at = |at| Origin { file: 0, at };
        let d = |s: &str| Decimal::from_str(s).unwrap_or_default();
        assert_eq!(t.insert(key, "县", d("1.5"), at(2)), Ok(Inserted::New));
        assert_eq!(t.insert(key, "县", d("1.50"), at(3)), Ok(Inserted::Repeat));
        assert_eq!(
            t.insert(key, "县", d("2"), at(4)),
            Err(Conflict {
                value: d("1.5"),
                origin: at(2)
            })
        );
        assert_eq!(t.len(), 1);
        let mut all = Vec::new();
        t.drain(|k, v| all.push((k, v)));
        assert_eq!(all, vec![(key, Some(d("1.5")))]);
    }
}
