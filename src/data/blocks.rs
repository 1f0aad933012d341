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
use super::table::Columns;
use super::{Catalog, Out, Sink};
use crossbeam_channel::{bounded, Receiver, Sender};
use csv::ByteRecord;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::io::{self, Read};
use std::sync::Arc;

/// The bytes a block holds before it is cut at the next safe line break.
pub const BLOCK: usize = 1 << 20;

/// Blocks being parsed or waiting to be stored at once.
const IN_FLIGHT: usize = 4;

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
    if !reader::read_rows(&mut csv, &mut record, &columns, cat, first.base, sink) {
        return;
    }
    if !blocks.has_more() {
        return;
    }
    std::thread::scope(|scope| {
        let (jobs, take) = bounded::<Job>(IN_FLIGHT);
        let (give, found) = bounded::<Found>(IN_FLIGHT);
        for _ in 0..2 {
            let (take, give) = (take.clone(), give.clone());
            let columns = &columns;
            scope.spawn(move || work(&take, &give, columns, cat));
        }
        drop((take, give));
        drive(&mut blocks, &jobs, &found, cat, sink);
        drop(jobs);
        // Workers end when the jobs channel closes; what they still send
        // after a stop is not stored.
        while found.recv().is_ok() {}
    });
}

/// Sends blocks to the workers and stores their findings in block order.
fn drive<R: Read>(
    blocks: &mut Blocks<R>,
    jobs: &Sender<Job>,
    found: &Receiver<Found>,
    cat: &Catalog,
    sink: &mut Sink,
) {
    let mut waiting: BTreeMap<u64, Found> = BTreeMap::new();
    let (mut sent, mut stored) = (0u64, 0u64);
    let mut input_error = None;
    loop {
        // Keep the workers fed while fewer than IN_FLIGHT blocks are out.
        while input_error.is_none()
            && blocks.has_more()
            && sent.saturating_sub(stored) < IN_FLIGHT as u64
        {
            match blocks.next() {
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
            if !store(f, cat, sink) {
                return;
            }
        }
    }
    if let Some(e) = input_error {
        reader::read_error(csv::Error::from(e), Base::START, sink);
    }
}

/// Puts one block's findings into the sink; false when a row stopped the
/// file.
fn store(f: Found, cat: &Catalog, sink: &mut Sink) -> bool {
    sink.counted(f.list.rows, f.list.unreported);
    for event in f.list.events {
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
    !f.list.stopped
}

fn work(take: &Receiver<Job>, give: &Sender<Found>, columns: &Columns, cat: &Catalog) {
    let mut record = ByteRecord::new();
    while let Ok(job) = take.recv() {
        let mut list = List::default();
        let mut csv = reader::reader(job.block.bytes.as_slice());
        list.stopped = !reader::read_rows(
            &mut csv,
            &mut record,
            columns,
            cat,
            job.block.base,
            &mut list,
        );
        if give
            .send(Found {
                index: job.index,
                list,
            })
            .is_err()
        {
            return;
        }
    }
}

struct Job {
    index: u64,
    block: Block,
}

struct Found {
    index: u64,
    list: List,
}

/// A block of whole records and where it starts.
struct Block {
    bytes: Vec<u8>,
    base: Base,
}

/// A row that passed every check, owned, to be stored by the reading
/// thread.
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

    fn model() -> crate::model::Model {
        let text = include_str!("../../tests/eval/fixture.plan");
        let source = crate::source::SourceFile::new("fixture.plan", text.to_string());
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
        let model = model();
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
