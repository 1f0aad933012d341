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
    let mut h = foldhash::fast::FixedState::with_seed(0x0070_6c61_6e63).build_hasher();
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

/// 26 bytes, two-byte aligned: with its tag byte a slot costs 27, so even
/// a shard that has just doubled (⁷⁄₁₆ full) spends under 62 bytes a key.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    key: Stored,
    value: Packed,
    origin: [u16; 4],
}

/// A tag byte: an empty slot.
const EMPTY: u8 = 0;

/// A shard holds at most ⁷⁄₈ of its slots' count in keys.
const FULL_NUM: usize = 7;
const FULL_DEN: usize = 8;

/// One shard's slots, and the values too large for a slot.
///
/// Open addressing, probed linearly from the slot the hash's low bits
/// name, with one tag byte a slot beside the slots (empty, or the hash's
/// top seven bits): a probe reads the tags and looks at a slot only when
/// its tag matches. A shard's tables are its own, so a worker can
/// [`Shard::prefetch`] the places the next rows will probe while it
/// stores the one before them: with ten million keys every row goes to a
/// place in memory no cache holds, and that wait, not the work, was most
/// of the time storing took.
#[derive(Default)]
pub struct Shard {
    tags: Vec<u8>,
    slots: Vec<Slot>,
    len: usize,
    hasher: foldhash::fast::RandomState,
    /// Values whose mantissa does not fit a slot.
    large: Vec<Decimal>,
    /// The block of the file being read whose rows this shard takes next:
    /// the block reader stores blocks' rows in block order with it.
    pub turn: u64,
}

impl Shard {
    /// The hash of `key` in this shard.
    pub fn hash(&self, key: Key) -> u64 {
        self.hasher.hash_one(key)
    }

    /// Asks the processor to start bringing in the tag and slot a key of
    /// this hash is probed at first: a hint, with no effect on the result.
    pub fn prefetch(&self, hash: u64) {
        let mask = self.tags.len().wrapping_sub(1);
        let at = (hash as usize) & mask;
        prefetch(self.tags.as_ptr().wrapping_add(at));
        prefetch(self.slots.as_ptr().wrapping_add(at));
    }

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
        self.insert_hashed(self.hash(key), key, value, origin)
    }

    /// [`Shard::insert`] with the key's [`Shard::hash`] already made.
    pub fn insert_hashed(
        &mut self,
        hash: u64,
        key: Key,
        value: Decimal,
        origin: Origin,
    ) -> Result<Inserted, Conflict> {
        if self.tags.is_empty() {
            self.grow();
        }
        let stored = Stored::of(key);
        let tag = tag_of(hash);
        let mask = self.tags.len().wrapping_sub(1);
        let mut at = (hash as usize) & mask;
        // The shard is never full (at most ⁷⁄₈), so an empty tag ends
        // every probe; the count bounds it all the same.
        for _ in 0..self.tags.len() {
            match self.tags.get(at).copied() {
                Some(EMPTY) => {
                    // A new key: the shard grows first if it would pass ⁷⁄₈
                    // full (a repeat never makes it grow), and the key is
                    // placed in the grown shard.
                    if self.len.saturating_add(1).saturating_mul(FULL_DEN)
                        > self.tags.len().saturating_mul(FULL_NUM)
                    {
                        self.grow();
                        return self.insert_hashed(hash, key, value, origin);
                    }
                    if let (Some(t), Some(s)) = (self.tags.get_mut(at), self.slots.get_mut(at)) {
                        *t = tag;
                        *s = Slot {
                            key: stored,
                            value: Packed::new(value, &mut self.large),
                            origin: pack_origin(origin),
                        };
                        self.len = self.len.saturating_add(1);
                        return Ok(Inserted::New);
                    }
                    break;
                }
                Some(t) if t == tag => {
                    if let Some(slot) = self.slots.get(at).filter(|s| s.key == stored) {
                        return match slot.value.get(&self.large) {
                            Some(first) if first == value => Ok(Inserted::Repeat),
                            first => Err(Conflict {
                                value: first.unwrap_or(value),
                                origin: unpack_origin(slot.origin),
                            }),
                        };
                    }
                }
                _ => {}
            }
            at = at.wrapping_add(1) & mask;
        }
        // Unreachable while the shard keeps room; said as a conflict of
        // the row with itself rather than taken for agreement.
        Err(Conflict { value, origin })
    }

    /// Doubles the slots (16 at first) and places every key again.
    fn grow(&mut self) {
        let cap = self.tags.len().saturating_mul(2).max(16);
        let tags = std::mem::replace(&mut self.tags, vec![EMPTY; cap]);
        let slots = std::mem::replace(&mut self.slots, vec![Slot::default(); cap]);
        let mask = cap.wrapping_sub(1);
        for (tag, slot) in tags.into_iter().zip(slots) {
            if tag == EMPTY {
                continue;
            }
            let mut at = (self.hash(slot.key.key()) as usize) & mask;
            while self.tags.get(at).is_some_and(|&t| t != EMPTY) {
                at = at.wrapping_add(1) & mask;
            }
            if let (Some(t), Some(s)) = (self.tags.get_mut(at), self.slots.get_mut(at)) {
                *t = tag;
                *s = slot;
            }
        }
    }

    fn keys(&self) -> usize {
        self.len
    }
}

/// The tag of a hash: its top seven bits, with the high bit set so that
/// no tag is [`EMPTY`].
fn tag_of(hash: u64) -> u8 {
    0x80 | (hash >> 57) as u8
}

/// A prefetch hint for the cache line at `p`. It reads nothing and cannot
/// fault whatever the address, so any pointer will do.
#[inline(always)]
#[allow(unsafe_code)]
pub(super) fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `_mm_prefetch` is only a hint to the cache: it does not
    // dereference the pointer, cannot fault, and changes no state the
    // program can observe. It needs SSE, which every x86_64 processor has.
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
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

    /// Every shard's turn set to the first block, at the start of a file.
    pub fn reset_turns(&mut self) {
        for s in 0..SHARDS {
            self.shard_mut(s).turn = 0;
        }
    }

    /// How many keys have a figure.
    pub fn len(&self) -> usize {
        (0..SHARDS).map(|s| self.lock(s).keys()).sum()
    }

    /// Every key and its figure, shard by shard, each shard's memory freed
    /// once it is read. `None` is a slot that cannot be read back (a bug:
    /// [`Packed`] never makes one), for the caller to report.
    pub fn drain(self, mut each: impl FnMut(Key, Option<Decimal>)) {
        for shard in self.shards.into_vec() {
            let shard = shard.into_inner().unwrap_or_else(PoisonError::into_inner);
            for (tag, s) in shard.tags.into_iter().zip(shard.slots) {
                if tag != EMPTY {
                    each(s.key.key(), s.value.get(&shard.large));
                }
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
