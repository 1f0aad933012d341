//! Reading a CSV stream on every core.
//!
//! The stream is cut into blocks of about [`BLOCK`] bytes, each ending at a
//! line break outside quotes, so that every block starts at a record. The
//! first block (which holds the header) is read on this thread; the others
//! go to two worker threads, which parse and check their rows against the
//! model and hand back what they found, in order: problems, and rows ready
//! for the store. This thread puts each block's findings into the sink in
//! block order, so problems, conflicts and the first figure of each key are
//! exactly what reading row by row gives (`tests` below compare the two).
//! At most [`IN_FLIGHT`] blocks are held at once: memory stays bounded
//! whatever the stream's length.
//!
//! A quote opens a field only at its start (after `,`, a line break or the
//! start of a block, and not on a `#` comment line), as the csv crate reads
//! it; a doubled quote inside a quoted field is a quote. Where it is not
//! clear whether a line break stands inside quotes (a quote as the last
//! byte read), the block grows until it is.

use super::csv::{self as reader, Base, Header};
use super::problem::{Place, Problem};
use super::row::{Measure, Row, SetOp};
use super::slots::{shard_of, Key, SHARDS};
use super::store::{Conflict, Origin, Part, Regional};
use super::table::Columns;
use super::{Catalog, Out, Sink};
use crate::diag::Code;
use crossbeam_channel::{bounded, Receiver, Sender};
use csv::ByteRecord;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// The bytes a block holds before it is cut at the next safe line break.
pub const BLOCK: usize = 1 << 20;

/// Blocks being parsed or waiting to be stored at once.
const IN_FLIGHT: usize = 4;

/// How many rows ahead of the one being stored a worker prefetches.
const AHEAD: usize = 8;

/// How many shards a worker stores before it wakes one waiting for them.
const WAKE_EVERY: usize = 32;

/// Reads `input` in blocks of about `block` bytes.
pub(super) fn read(input: impl Read, cat: &Catalog, sink: &mut Sink, block: usize) {
    let mut blocks = Blocks::new(input, block);
    let first = match blocks.next() {
        Ok(Some(first)) => first,
        // An empty stream, or one that cannot be read at all: the row by
        // row reader says which, as it always has.
        Ok(None) => return reader::read_sequential(io::empty(), cat, sink),
        Err(e) => return reader::read_error(csv::Error::from(e), Base::START, sink),
    };
    let mut csv = reader::reader(first.bytes.as_slice());
    let mut record = ByteRecord::new();
    let columns = match reader::read_header(&mut csv, &mut record, sink) {
        Header::Found(c) => c,
        Header::Failed => return,
        // No header in the first block: read the rest row by row, with
        // the first block's bytes in front.
        Header::Missing if blocks.has_more() => {
            let rest = io::Cursor::new(first.bytes).chain(blocks.into_input());
            return reader::read_sequential(rest, cat, sink);
        }
        Header::Missing => return reader::no_header(sink),
    };
    if !blocks.has_more() {
        // One block: read on this thread, without starting any.
        reader::read_rows(&mut csv, &mut record, &columns, cat, first.base, sink);
        return;
    }
    // The first block's rows after the header go to the workers like any
    // other block's, from where the csv crate would read the next record.
    let at = usize::try_from(csv.position().byte()).unwrap_or(usize::MAX);
    let Some((head, rest)) = (at <= first.bytes.len()).then(|| first.bytes.split_at(at)) else {
        return sink.problem(Problem::new(
            Code::Internal,
            Place::File,
            "the header ends past the first block; the file was not read",
            "",
        ));
    };
    let first_rows = Block {
        bytes: rest.to_vec(),
        base: Base {
            offset: first.base.offset.saturating_add(at as u64),
            lines: first
                .base
                .lines
                .saturating_add(memchr::memchr_iter(b'\n', head).count() as u64),
        },
    };
    if !sink.store.reset_turns() {
        // Another thread still holds the figures: never, once the threads
        // of the last file have ended.
        return sink.problem(Problem::new(
            Code::Internal,
            Place::File,
            "the figures of an earlier file are still held by a thread; this file was not read",
            "",
        ));
    }
    let regional = sink.store.regional();
    let gate = Gate::default();
    let file = sink.file;
    let parts = std::thread::scope(|scope| {
        let (jobs, take) = bounded::<Job>(IN_FLIGHT);
        let (give, found) = bounded::<Found>(IN_FLIGHT);
        let mut workers = Vec::new();
        for _ in 0..2 {
            let (take, give) = (take.clone(), give.clone());
            let worker = Worker {
                columns: &columns,
                cat,
                regional: regional.clone(),
                gate: &gate,
                file,
                part: sink.store.part(),
            };
            workers.push(scope.spawn(move || worker.work(&take, &give)));
        }
        drop((take, give));
        drive(first_rows, &mut blocks, &jobs, &found, cat, sink);
        drop(jobs);
        // Workers end when the jobs channel closes; what they still send
        // after a stop is not reported.
        while found.recv().is_ok() {}
        workers.into_iter().map(|w| w.join()).collect::<Vec<_>>()
    });
    drop(regional);
    for part in parts {
        match part {
            Ok(part) => sink.store.absorb(part),
            // A worker never panics; if one did, its sums are lost, and
            // that is said rather than a total given short.
            Err(_) => sink.problem(Problem::new(
                Code::Internal,
                Place::File,
                "a thread reading this file stopped; its regional sums are missing",
                "",
            )),
        }
    }
}

/// Sends blocks to the workers and reports their findings in block order.
fn drive<R: Read>(
    first: Block,
    blocks: &mut Blocks<R>,
    jobs: &Sender<Job>,
    found: &Receiver<Found>,
    cat: &Catalog,
    sink: &mut Sink,
) {
    let mut first = Some(first);
    let mut waiting: BTreeMap<u64, Found> = BTreeMap::new();
    let (mut sent, mut stored) = (0u64, 0u64);
    let mut input_error = None;
    loop {
        // Keep the workers fed while fewer than IN_FLIGHT blocks are out.
        while input_error.is_none()
            && (first.is_some() || blocks.has_more())
            && sent.saturating_sub(stored) < IN_FLIGHT as u64
        {
            let next = match first.take() {
                Some(b) => Ok(Some(b)),
                None => blocks.next(),
            };
            match next {
                Ok(Some(b)) => {
                    if jobs
                        .send(Job {
                            index: sent,
                            block: b,
                        })
                        .is_err()
                    {
                        return;
                    }
                    sent = sent.saturating_add(1);
                }
                Ok(None) => break,
                Err(e) => input_error = Some(e),
            }
        }
        if stored == sent {
            break;
        }
        let Ok(f) = found.recv() else {
            return;
        };
        waiting.insert(f.index, f);
        while let Some(f) = waiting.remove(&stored) {
            stored = stored.saturating_add(1);
            if !report(f, cat, sink) {
                return;
            }
        }
    }
    if let Some(e) = input_error {
        reader::read_error(csv::Error::from(e), Base::START, sink);
    }
}

/// Puts one block's findings into the sink: its problems, the conflicts
/// its workers found, and its rows that are not regional figures, in row
/// order. False when a row stopped the file.
fn report(f: Found, cat: &Catalog, sink: &mut Sink) -> bool {
    let list = f.list;
    sink.counted(list.rows, list.unreported);
    sink.stored_elsewhere(list.regional.len() as u64, f.accepted, f.place);
    let mut conflicts = f.conflicts;
    conflicts.sort_by_key(|c| (c.before, c.row));
    let mut conflicts = conflicts.into_iter().peekable();
    let conflict = |c: Clash, sink: &mut Sink| {
        let region = list.regions.get(c.region as usize).map_or("", |r| &**r);
        let row = Row {
            metric: c.metric,
            year: c.year,
            value: c.value,
            region,
            note: "",
            measure: c.measure,
            set: None,
        };
        sink.conflict(&row, c.place, c.with, cat);
    };
    for (i, event) in list.events.into_iter().enumerate() {
        while let Some(c) = conflicts.next_if(|c| c.before as usize <= i) {
            conflict(c, sink);
        }
        match event {
            Event::Problem(p) => sink.problem(p),
            Event::Row(r) => {
                let row = Row {
                    metric: r.metric,
                    year: r.year,
                    value: r.value,
                    region: r.region.as_deref().unwrap_or_default(),
                    note: r.note.as_deref().unwrap_or_default(),
                    measure: r.measure,
                    set: r.set,
                };
                sink.accept(&row, r.line, r.place, cat);
            }
        }
    }
    for c in conflicts {
        conflict(c, sink);
    }
    !list.stopped
}

/// What a worker thread needs: the file's columns and model, and the
/// figures it stores its blocks' regional rows into.
struct Worker<'a, 'm> {
    columns: &'a Columns,
    cat: &'a Catalog<'m>,
    regional: Regional,
    gate: &'a Gate,
    file: u32,
    part: Part,
}

impl Worker<'_, '_> {
    /// Parses, checks and stores blocks until the jobs end; gives back
    /// the sums of the regional figures it stored.
    fn work(mut self, take: &Receiver<Job>, give: &Sender<Found>) -> Part {
        let mut record = ByteRecord::new();
        while let Ok(job) = take.recv() {
            let mut list = List::default();
            let bytes = job.block.bytes.as_slice();
            let read = reader::read_block_rows(
                bytes,
                &mut record,
                self.columns,
                self.cat,
                job.block.base,
                &mut list,
            );
            list.stopped = !read;
            if list.stopped {
                self.gate.stop(job.index);
            }
            let found = self.store(job.index, list);
            if give.send(found).is_err() {
                break;
            }
        }
        self.part
    }

    /// Stores a block's regional figures, shard by shard, each shard
    /// after the blocks before it; the rows after a block that stopped
    /// the file are not stored.
    fn store(&mut self, index: u64, list: List) -> Found {
        let mut found = Found {
            index,
            accepted: 0,
            conflicts: Vec::new(),
            place: list.regional.first().map_or(Place::File, |r| r.place),
            list,
        };
        let ids: Vec<u32> = found
            .list
            .regions
            .iter()
            .map(|r| self.regional.region_id(r))
            .collect();
        let rows = &found.list.regional;
        // The rows by shard, each shard's in row order (a counting sort):
        // shard `s` has `order[starts[s]..starts[s + 1]]`.
        let mut counts = [0u32; SHARDS];
        for r in rows {
            if let Some(n) = counts.get_mut(usize::from(r.shard)) {
                *n = n.saturating_add(1);
            }
        }
        let mut starts = [0u32; SHARDS + 1];
        let mut total = 0u32;
        for (start, &n) in starts.iter_mut().zip(&counts) {
            *start = total;
            total = total.saturating_add(n);
        }
        if let Some(end) = starts.last_mut() {
            *end = total;
        }
        let mut order = vec![0u32; rows.len()];
        let mut next = starts;
        for (i, r) in rows.iter().enumerate() {
            if let Some(at) = next.get_mut(usize::from(r.shard)) {
                if let Some(o) = order.get_mut(*at as usize) {
                    *o = i as u32;
                }
                *at = at.saturating_add(1);
            }
        }
        let key = |r: &Figure| {
            ids.get(r.region as usize).map(|&region| Key {
                metric: r.metric,
                year: r.year,
                region,
            })
        };
        // A shard's rows with their keys and hashes, made once, so that a
        // row's slot can be prefetched a few rows ahead.
        let mut keyed: Vec<(&Figure, Key, u64)> = Vec::new();
        let mut stored = 0usize;
        for (s, range) in starts.windows(2).enumerate() {
            let Some(mut shard) = self.gate.turn(&self.regional, s, index) else {
                // A block before this one stopped the file.
                found.accepted = 0;
                found.conflicts.clear();
                return found;
            };
            let batch = match range {
                &[from, to] => order.get(from as usize..to as usize).unwrap_or_default(),
                _ => &[],
            };
            keyed.clear();
            keyed.extend(batch.iter().filter_map(|&i| {
                let r = rows.get(i as usize)?;
                let k = key(r)?;
                Some((r, k, shard.hash(k)))
            }));
            for (j, &(r, k, hash)) in keyed.iter().enumerate() {
                // The rows a few places on are fetched while this one is
                // stored.
                if let Some(&(ahead, _, ahead_hash)) = keyed.get(j.saturating_add(AHEAD)) {
                    shard.prefetch(ahead_hash);
                    self.part.prefetch(ahead.metric, ahead.year);
                }
                stored = stored.saturating_add(1);
                let origin = Origin {
                    file: self.file,
                    at: r.line,
                };
                match self
                    .part
                    .insert_hashed(&mut shard, hash, k, r.value, origin)
                {
                    Ok(()) => found.accepted = found.accepted.saturating_add(1),
                    Err(with) => found.conflicts.push(Clash {
                        before: r.before,
                        row: r.row,
                        metric: r.metric,
                        year: r.year,
                        region: r.region,
                        value: r.value,
                        measure: r.measure,
                        place: r.place,
                        with,
                    }),
                }
            }
            shard.turn = index.saturating_add(1);
            drop(shard);
            // A worker waiting for these shards is woken once a group of
            // them is done, not once for each: a wake costs more than a
            // shard's rows.
            if s % WAKE_EVERY == WAKE_EVERY - 1 {
                self.gate.moved();
            }
        }
        // Every row is in one shard's batch with its region's id: a row
        // left out would be a bug, and is said rather than dropped.
        if stored != rows.len() {
            found.list.events.push(Event::Problem(Problem::new(
                Code::Internal,
                Place::File,
                format!(
                    "{} regional figures of a block were not stored",
                    rows.len().saturating_sub(stored)
                ),
                "",
            )));
        }
        found
    }
}

/// Lets each shard take the blocks' rows in block order: a worker waits
/// for a shard's turn, and is woken when any shard's turn moves.
struct Gate {
    moves: Mutex<u64>,
    moved: Condvar,
    /// The first block that stopped the file (`u64::MAX`: none).
    stop: AtomicU64,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            moves: Mutex::new(0),
            moved: Condvar::new(),
            stop: AtomicU64::new(u64::MAX),
        }
    }
}

impl Gate {
    /// Shard `shard`, locked, once the blocks before `block` have stored
    /// their rows in it; `None` when one of them stopped the file.
    fn turn<'r>(
        &self,
        regional: &'r Regional,
        shard: usize,
        block: u64,
    ) -> Option<std::sync::MutexGuard<'r, super::slots::Shard>> {
        loop {
            let seen = *self.moves.lock().unwrap_or_else(PoisonError::into_inner);
            if self.stop.load(Ordering::SeqCst) < block {
                return None;
            }
            let guard = regional.lock(shard);
            if guard.turn == block {
                return Some(guard);
            }
            drop(guard);
            let mut moves = self.moves.lock().unwrap_or_else(PoisonError::into_inner);
            while *moves == seen && self.stop.load(Ordering::SeqCst) >= block {
                moves = self
                    .moved
                    .wait(moves)
                    .unwrap_or_else(PoisonError::into_inner);
            }
        }
    }

    /// A shard's turn moved on.
    fn moved(&self) {
        let mut moves = self.moves.lock().unwrap_or_else(PoisonError::into_inner);
        *moves = moves.wrapping_add(1);
        drop(moves);
        self.moved.notify_all();
    }

    /// Block `block` stopped the file: the blocks after it store nothing.
    fn stop(&self, block: u64) {
        self.stop.fetch_min(block, Ordering::SeqCst);
        self.moved();
    }
}

struct Job {
    index: u64,
    block: Block,
}

/// A block's findings, its regional figures stored.
struct Found {
    index: u64,
    list: List,
    /// Regional rows stored or repeating a stored figure.
    accepted: u64,
    /// Regional rows that contradict an earlier figure, by shard.
    conflicts: Vec<Clash>,
    /// Where a regional row's value is, for the file's [`super::Rows`].
    place: Place,
}

/// A block of whole records and where it starts.
struct Block {
    bytes: Vec<u8>,
    base: Base,
}

/// A row that passed every check and is not a regional figure, owned, to
/// be stored by the reading thread.
struct Owned {
    metric: u32,
    year: u16,
    value: Decimal,
    /// Shared between the rows of one region that follow each other.
    region: Option<Arc<str>>,
    /// Kept only where the store keeps it: a plan-wide commitment's.
    note: Option<Box<str>>,
    measure: Measure,
    set: Option<SetOp>,
    line: u64,
    place: Place,
}

/// A regional figure, to be stored by the worker that read it.
struct Figure {
    metric: u32,
    year: u16,
    shard: u8,
    /// Its region's index in [`List::regions`].
    region: u32,
    value: Decimal,
    measure: Measure,
    line: u64,
    place: Place,
    /// How many events of the block came before it.
    before: u32,
    /// Its index among the block's regional figures.
    row: u32,
}

/// A regional figure that contradicts an earlier one.
struct Clash {
    before: u32,
    row: u32,
    metric: u32,
    year: u16,
    region: u32,
    value: Decimal,
    measure: Measure,
    place: Place,
    with: Conflict,
}

enum Event {
    Problem(Problem),
    Row(Owned),
}

/// What a worker found in a block, in row order.
#[derive(Default)]
struct List {
    rows: u64,
    unreported: u64,
    events: Vec<Event>,
    /// The regional figures, stored by the worker.
    regional: Vec<Figure>,
    /// The regions named by `regional`, each run of one region once.
    regions: Vec<Box<str>>,
    /// A row stopped the file: nothing after it is read.
    stopped: bool,
    last_region: Option<Arc<str>>,
}

impl Out for List {
    fn problem(&mut self, p: Problem) {
        self.events.push(Event::Problem(p));
    }

    fn row_read(&mut self) {
        self.rows = self.rows.saturating_add(1);
    }

    fn unreported(&mut self) {
        self.unreported = self.unreported.saturating_add(1);
    }

    fn accept(&mut self, row: &Row, line: u64, place: Place, cat: &Catalog) {
        if !row.region.is_empty() && row.set.is_none() && row.measure != Measure::Growth {
            if self.regions.last().is_none_or(|r| **r != *row.region) {
                self.regions.push(row.region.into());
            }
            let region = self.regions.len().saturating_sub(1) as u32;
            self.regional.push(Figure {
                metric: row.metric,
                year: row.year,
                shard: shard_of(row.metric, row.year, row.region) as u8,
                region,
                value: row.value,
                measure: row.measure,
                line,
                place,
                before: self.events.len() as u32,
                row: self.regional.len() as u32,
            });
            return;
        }
        let region = if row.region.is_empty() {
            None
        } else {
            match &self.last_region {
                Some(r) if **r == *row.region => Some(r.clone()),
                _ => {
                    let r: Arc<str> = row.region.into();
                    self.last_region = Some(r.clone());
                    Some(r)
                }
            }
        };
        let commitment = cat.is_commitment(row.metric);
        let note =
            (commitment && region.is_none() && !row.note.is_empty()).then(|| row.note.into());
        self.events.push(Event::Row(Owned {
            metric: row.metric,
            year: row.year,
            value: row.value,
            region,
            note,
            measure: row.measure,
            set: row.set,
            line,
            place,
        }));
    }
}

/// The stream cut into blocks that end at a line break outside quotes.
struct Blocks<R> {
    input: R,
    buf: Vec<u8>,
    block: usize,
    /// Where `buf` starts in the stream.
    base: Base,
    /// The input has ended (or failed): `buf` is all there is.
    done: bool,
    /// The error that ended the input, returned once `buf` is given out.
    error: Option<io::Error>,
}

impl<R: Read> Blocks<R> {
    fn new(input: R, block: usize) -> Self {
        Blocks {
            input,
            buf: Vec::new(),
            block: block.max(1),
            base: Base::START,
            done: false,
            error: None,
        }
    }

    /// Whether a block or the input's error is still to come.
    fn has_more(&self) -> bool {
        !(self.done && self.buf.is_empty() && self.error.is_none())
    }

    /// Reads until `buf` holds `want` bytes or the input ends.
    fn fill(&mut self, want: usize) {
        while !self.done && self.buf.len() < want {
            let need = want.saturating_sub(self.buf.len()) as u64;
            match (&mut self.input).take(need).read_to_end(&mut self.buf) {
                Ok(n) if (n as u64) < need => self.done = true,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => {
                    self.error = Some(e);
                    self.done = true;
                }
            }
        }
    }

    /// The next block; `None` at the end. Once the input has failed, the
    /// whole records before the failure come first, then the error.
    fn next(&mut self) -> io::Result<Option<Block>> {
        let mut want = self.block;
        loop {
            self.fill(want);
            let end = match (self.done, self.error.is_some()) {
                (true, false) => self.buf.len(),
                (true, true) => safe_end(&self.buf).unwrap_or(0),
                (false, _) => match safe_end(&self.buf) {
                    Some(end) => end,
                    None => {
                        want = self.buf.len().saturating_add(self.block);
                        continue;
                    }
                },
            };
            if end == 0 {
                self.buf.clear();
                return match self.error.take() {
                    Some(e) => Err(e),
                    None => Ok(None),
                };
            }
            let rest = self.buf.split_off(end);
            let bytes = std::mem::replace(&mut self.buf, rest);
            if self.error.is_some() {
                // The bytes after the last whole record are dropped, as
                // the row-by-row reader drops a record it could not finish.
                self.buf.clear();
            }
            let base = self.base;
            let lines = memchr::memchr_iter(b'\n', &bytes).count() as u64;
            self.base = Base {
                offset: base.offset.saturating_add(bytes.len() as u64),
                lines: base.lines.saturating_add(lines),
            };
            return Ok(Some(Block { bytes, base }));
        }
    }

    /// What is left of the stream, unread blocks included, as one reader.
    fn into_input(self) -> impl Read {
        io::Cursor::new(self.buf).chain(self.input)
    }
}

/// Where `buf` can be cut so that it ends with whole records: just after
/// its last line break that stands outside quotes. `None` when there is
/// none, or it cannot yet be told.
fn safe_end(buf: &[u8]) -> Option<usize> {
    // After the last quoted field closed, nothing is quoted until `open`.
    let mut closed = 0usize;
    let mut open = None;
    let mut at = 0usize;
    'quotes: while let Some(q) = buf.get(at..).and_then(|b| memchr::memchr(b'"', b)) {
        let q = at.saturating_add(q);
        if !opens_field(buf, q, closed) {
            at = q.saturating_add(1);
            continue;
        }
        let mut from = q.saturating_add(1);
        loop {
            let Some(c) = buf.get(from..).and_then(|b| memchr::memchr(b'"', b)) else {
                open = Some(q);
                break 'quotes;
            };
            let c = from.saturating_add(c);
            match buf.get(c.saturating_add(1)) {
                // A doubled quote is a quote.
                Some(b'"') => from = c.saturating_add(2),
                Some(_) => {
                    closed = c.saturating_add(1);
                    at = closed;
                    break;
                }
                // The last byte: a closing quote, or the first of a pair.
                None => {
                    open = Some(q);
                    break 'quotes;
                }
            }
        }
    }
    // The csv crate places a record where the read that returned it began:
    // after the record before it, with any comment or empty lines between.
    // So a block may only end just after a data record, and, after `\r\n`,
    // at the `\n`, which the record before did not take.
    let mut end = open.unwrap_or(buf.len());
    loop {
        let at = closed.saturating_add(memchr::memrchr(b'\n', buf.get(closed..end)?)?);
        // A `\n` that starts the buffer ended the last block's record.
        let before = at.checked_sub(1)?;
        let crlf = buf.get(before) == Some(&b'\r');
        let content_end = if crlf { before } else { at };
        let start = buf
            .get(..at)
            .and_then(|b| memchr::memrchr(b'\n', b))
            .map_or(0, |i| i.saturating_add(1));
        let line = buf.get(start..content_end).unwrap_or_default();
        // A line that began inside a quoted field is a record's.
        let record = start < closed || !(line.is_empty() || line.first() == Some(&b'#'));
        if record {
            return Some(if crlf { at } else { at.saturating_add(1) });
        }
        end = at;
    }
}

/// Whether the quote at `q` opens a quoted field: it starts a field, on a
/// line that is not a comment. `closed` is where the last quoted field
/// ended: a line that starts before it starts inside quotes.
fn opens_field(buf: &[u8], q: usize, closed: usize) -> bool {
    let starts_field = match q.checked_sub(1).and_then(|p| buf.get(p)) {
        None => true,
        Some(b) => matches!(b, b',' | b'\n' | b'\r'),
    };
    if !starts_field {
        return false;
    }
    let line = buf
        .get(..q)
        .and_then(|b| memchr::memrchr(b'\n', b))
        .map_or(0, |i| i.saturating_add(1));
    let comment = line >= closed && buf.get(line) == Some(&b'#');
    !comment
}

#[cfg(test)]
#[allow(clippy::panic)] // tests may fail loudly
mod tests {
    use super::*;
    use crate::data::store::Store;
    use crate::data::FileReport;
    use proptest::prelude::*;

    /// The eval fixture; with `regions`, declaring 县1 and 县2 as the parts
    /// of 全市, so that regional figures are rolled up after reading
    /// rather than summed as they arrive.
    fn model(regions: bool) -> crate::model::Model {
        let mut text = include_str!("../../tests/eval/fixture.plan").to_string();
        if regions {
            text = text.replacen(
                "baseline 2009\n",
                "baseline 2009\nregion 全市: 县1, 县2\n",
                1,
            );
        }
        let source = crate::source::SourceFile::new("fixture.plan", text);
        match crate::compile(&source).model {
            Some(m) => m,
            None => panic!("the fixture plan compiles"),
        }
    }

    /// What reading `text` gives: the report, and every figure, rate and
    /// note of the fixture's metrics over the years rows may name.
    fn read_with(cat: &Catalog, text: &str, block: Option<usize>) -> (FileReport, Vec<String>) {
        let mut store = Store::new(cat);
        let mut report = FileReport::default();
        {
            let mut sink = Sink::new(0, &mut store, &mut report, &[]);
            match block {
                None => reader::read_sequential(text.as_bytes(), cat, &mut sink),
                Some(b) => read(text.as_bytes(), cat, &mut sink, b),
            }
        }
        let (figures, unreadable) = store.finish(cat);
        let mut all = vec![format!("{unreadable} {:?}", figures.latest_year())];
        for m in 0..cat.model.metrics.len() as u32 {
            for y in 2009..2014 {
                all.push(format!(
                    "{m} {y} {:?} {:?} {:?} {:?}",
                    figures.get(m, y),
                    figures.rate(m, y),
                    figures.note(m, y),
                    figures.set_value(m, y, false)
                ));
            }
        }
        (report, all)
    }

    fn same(text: &str, block: usize) -> Result<(), TestCaseError> {
        same_with(text, block, false)
    }

    fn same_with(text: &str, block: usize, regions: bool) -> Result<(), TestCaseError> {
        let model = model(regions);
        let cat = Catalog::new(&model);
        let (a, fa) = read_with(&cat, text, None);
        let (b, fb) = read_with(&cat, text, Some(block));
        prop_assert_eq!(
            (a.rows, a.accepted, a.unreported, a.suppressed),
            (b.rows, b.accepted, b.unreported, b.suppressed)
        );
        prop_assert_eq!(a.problems, b.problems);
        prop_assert_eq!(fa, fb);
        Ok(())
    }

    /// Cells that test quoting, comments, conflicts and bad values.
    fn cell() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "实到资金",
            "引进工业项目",
            "高新技术企业",
            "系统建成",
            "实到资",
            "2011",
            "2012",
            "20x1",
            "52",
            "53",
            "1.5",
            "done",
            "\"1,5\"",
            "\"a,\nb\"",
            "\"x\"\"y\"",
            "x\"y",
            "",
            "亿元",
            "万元",
            "县1",
            "县2",
            " 县1 ",
            "growth",
        ])
    }

    fn line() -> impl Strategy<Value = String> {
        prop_oneof![
            8 => prop::collection::vec(cell(), 6).prop_map(|c| c.join(",")),
            1 => Just("# a \"comment, with a quote".to_string()),
            1 => Just(",,,,,".to_string()),
            1 => Just("实到资金,2011".to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Any stream, cut into blocks of any size, reads exactly as it
        /// does row by row: the same problems in the same order and
        /// places, the same counts, the same figures.
        #[test]
        fn blocks_read_as_rows_do(
            lines in prop::collection::vec(line(), 0..40),
            crlf in any::<bool>(),
            block in 1usize..64,
        ) {
            let end = if crlf { "\r\n" } else { "\n" };
            let mut text = format!("metric,year,value,unit,region,note{end}");
            for l in &lines {
                text.push_str(l);
                text.push_str(end);
            }
            same(&text, block)?;
        }

        /// The same with declared regions.
        #[test]
        fn blocks_read_as_rows_do_with_declared_regions(
            lines in prop::collection::vec(line(), 0..40),
            block in 1usize..64,
        ) {
            let mut text = String::from("metric,year,value,unit,region,note\n");
            for l in &lines {
                text.push_str(l);
                text.push('\n');
            }
            same_with(&text, block, true)?;
        }
    }

    #[test]
    fn a_long_stream_in_small_blocks() {
        let mut text = String::from("# figures\nmetric,year,value,unit,region,note\n");
        for r in 0..300 {
            text.push_str(&format!(
                "实到资金,{},{r}.5,亿元,县{},\"n,{r}\"\n",
                2011 + r % 2,
                r / 2
            ));
        }
        text.push_str("实到资金,2011,1,亿元,县0,\n");
        for block in [1, 7, 100, 4096] {
            if let Err(e) = same(&text, block) {
                panic!("block {block}: {e}");
            }
        }
        let (report, _) = read_with(&Catalog::new(&model(false)), &text, Some(7));
        // The last row contradicts the first, stored by another thread.
        assert_eq!(report.problems.len(), 1, "{:?}", report.problems);
        assert_eq!(
            report.problems.first().map(|p| p.code),
            Some(Code::DataConflict)
        );
    }

    #[test]
    fn cuts_stand_outside_quotes() {
        assert_eq!(safe_end(b"a,b\nc,d\ne"), Some(8));
        // Never after a comment or an empty line: the record after them
        // is placed where they start.
        assert_eq!(safe_end(b"a\n# c\n\nb"), Some(2));
        assert_eq!(safe_end(b"\nb"), None);
        assert_eq!(safe_end(b"a,\"b\nc\",d\ne"), Some(10));
        // After `\r\n`, at the `\n`, where the csv crate starts a record.
        assert_eq!(safe_end(b"a\r\nb\r\nc"), Some(5));
        // An open quote: the cut is before its line.
        assert_eq!(safe_end(b"a\nb,\"c\nd"), Some(2));
        // A quote inside a field, or on a comment line, opens nothing.
        assert_eq!(safe_end(b"a,x\"y\nb\n"), Some(8));
        assert_eq!(safe_end(b"# \"q\n,\"x\ny"), None);
        assert_eq!(safe_end(b"a\n# \"q\n,\"x\ny"), Some(2));
        // A quote as the last byte cannot be told yet.
        assert_eq!(safe_end(b"a\n\"x\ny\""), Some(2));
        assert_eq!(safe_end(b"abc"), None);
    }
}
