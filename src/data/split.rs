//! A block's CSV records, split as the csv crate's reader splits them, at
//! a fraction of its cost.
//!
//! The block reader's workers read blocks of whole records
//! ([`super::blocks`]). Most records have no quote: such a record is its
//! line cut at commas, found with one scan for the line's end, and its
//! fields are slices of the block ([`Split`]), never copied. A record with
//! a quote is read byte by byte into a `ByteRecord`, as the csv crate's
//! reader would ([`Records::quoted`]). Either way the fields and the
//! position are exactly the csv crate's (`tests` compare them on random
//! bytes), so a row means the same whichever reader read it.

use csv::ByteRecord;

/// A record's fields and where it starts: a `ByteRecord`, or a [`Split`].
pub(super) trait Fields {
    /// How many fields.
    fn count(&self) -> usize;
    /// Field `i`.
    fn field(&self, i: usize) -> Option<&[u8]>;
    /// The byte and the 1-based line the record is placed at.
    fn at(&self) -> (u64, u64);
    /// Whether a field may hold a line break (only a quoted one can).
    fn has_break(&self) -> bool;
}

impl Fields for ByteRecord {
    fn count(&self) -> usize {
        self.len()
    }

    fn field(&self, i: usize) -> Option<&[u8]> {
        self.get(i)
    }

    fn at(&self) -> (u64, u64) {
        self.position().map_or((0, 0), |p| (p.byte(), p.line()))
    }

    fn has_break(&self) -> bool {
        memchr::memchr2(b'\n', b'\r', self.as_slice()).is_some()
    }
}

/// A record without quotes: its fields are slices of the block.
#[derive(Default)]
pub(super) struct Split<'b> {
    fields: Vec<&'b [u8]>,
    byte: u64,
    line: u64,
}

impl Fields for Split<'_> {
    fn count(&self) -> usize {
        self.fields.len()
    }

    fn field(&self, i: usize) -> Option<&[u8]> {
        self.fields.get(i).copied()
    }

    fn at(&self) -> (u64, u64) {
        (self.byte, self.line)
    }

    fn has_break(&self) -> bool {
        false
    }
}

/// What [`Records::next`] read.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Next {
    /// A record without quotes, in the [`Split`].
    Split,
    /// A record with a quote, in the `ByteRecord`.
    Record,
    /// The end of the bytes.
    End,
}

/// The records of a block, read as the csv crate's reader (`csv::reader`)
/// reads them, but without that reader's one exception at the start of a
/// stream: a UTF-8 byte order mark is not skipped, since a block starts
/// inside the file. As the csv crate reads them:
/// - `\r`, `\n` and `\r\n` end a record;
/// - empty lines and `#` comment lines (which only `\n` ends) before a
///   record are skipped, but a comment the bytes end in is a record of one
///   empty field;
/// - a record is placed where the read of it began: after the record
///   before, and after a `\r\n` at its `\n`.
pub(super) struct Records<'b> {
    bytes: &'b [u8],
    at: usize,
    /// 1-based: the line breaks (`\n`) passed, plus one.
    line: u64,
}

impl<'b> Records<'b> {
    pub fn new(bytes: &'b [u8]) -> Self {
        Records {
            bytes,
            at: 0,
            line: 1,
        }
    }

    /// Reads the next record into `split` or, if it has a quote, `record`.
    pub fn next(&mut self, split: &mut Split<'b>, record: &mut ByteRecord) -> Next {
        let (byte, line) = (self.at as u64, self.line);
        // Empty and comment lines.
        loop {
            match self.bytes.get(self.at) {
                None => return Next::End,
                Some(b'\n') => {
                    self.at = self.at.saturating_add(1);
                    self.line = self.line.saturating_add(1);
                }
                Some(b'\r') => self.at = self.at.saturating_add(1),
                Some(b'#') => match self
                    .bytes
                    .get(self.at..)
                    .and_then(|rest| memchr::memchr(b'\n', rest))
                {
                    Some(n) => {
                        self.at = self.at.saturating_add(n).saturating_add(1);
                        self.line = self.line.saturating_add(1);
                    }
                    None => {
                        self.at = self.bytes.len();
                        split.fields.clear();
                        split.fields.push(b"");
                        (split.byte, split.line) = (byte, line);
                        return Next::Split;
                    }
                },
                Some(_) => break,
            }
        }
        let bytes = self.bytes;
        let rest = bytes.get(self.at..).unwrap_or_default();
        let end = memchr::memchr3(b'\n', b'\r', b'"', rest).unwrap_or(rest.len());
        if rest.get(end) == Some(&b'"') {
            record.clear();
            let mut position = csv::Position::new();
            position.set_byte(byte).set_line(line);
            record.set_position(Some(position));
            self.quoted(record);
            return Next::Record;
        }
        split.fields.clear();
        let text = rest.get(..end).unwrap_or_default();
        let mut from = 0;
        commas(text, |comma| {
            split.fields.push(text.get(from..comma).unwrap_or_default());
            from = comma.saturating_add(1);
        });
        split.fields.push(text.get(from..).unwrap_or_default());
        (split.byte, split.line) = (byte, line);
        self.at = self.at.saturating_add(end);
        self.terminator();
        Next::Split
    }

    /// Passes the byte that ended a record, if any: after `\r`, a `\n` is
    /// left for the next read.
    fn terminator(&mut self) {
        match self.bytes.get(self.at) {
            Some(b'\n') => {
                self.at = self.at.saturating_add(1);
                self.line = self.line.saturating_add(1);
            }
            Some(_) => self.at = self.at.saturating_add(1),
            None => {}
        }
    }

    /// Reads a record with a quote in it, byte by byte as the csv crate's
    /// reader does: a quote opens a quoted field only at the start of a
    /// field; in one, a doubled quote is a quote, and a closing quote may
    /// be followed by more of the field (`"a"b` is `ab`); a line break in
    /// quotes is part of the field; the bytes' end closes the record.
    fn quoted(&mut self, record: &mut ByteRecord) {
        #[derive(Clone, Copy, PartialEq)]
        enum State {
            Start,
            Bare,
            Quoted,
            /// Just after a quote in a quoted field.
            QuoteInQuoted,
        }
        let mut field: Vec<u8> = Vec::new();
        let mut state = State::Start;
        while let Some(&b) = self.bytes.get(self.at) {
            match state {
                State::Quoted => {
                    if b == b'"' {
                        state = State::QuoteInQuoted;
                    } else {
                        field.push(b);
                    }
                }
                State::QuoteInQuoted if b == b'"' => {
                    field.push(b);
                    state = State::Quoted;
                }
                State::Start if b == b'"' => state = State::Quoted,
                _ if b == b',' => {
                    record.push_field(&field);
                    field.clear();
                    state = State::Start;
                }
                _ if b == b'\n' || b == b'\r' => {
                    record.push_field(&field);
                    self.terminator();
                    return;
                }
                _ => {
                    field.push(b);
                    state = State::Bare;
                }
            }
            if b == b'\n' {
                self.line = self.line.saturating_add(1);
            }
            self.at = self.at.saturating_add(1);
        }
        record.push_field(&field);
    }
}

/// Calls `each` with the index of every comma in `text`, in order, eight
/// bytes at a time: a record's line is short, too short for memchr's
/// set-up to pay.
fn commas(text: &[u8], mut each: impl FnMut(usize)) {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let mut chunks = text.chunks_exact(8);
    let mut base = 0usize;
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let x = u64::from_le_bytes(word) ^ (ONES * u64::from(b','));
        // The high bit of each byte of `x` that is zero (a comma), exactly:
        // no carry crosses a byte.
        let mut found = !(((x & LOW7).wrapping_add(LOW7)) | x | LOW7);
        while found != 0 {
            each(base.saturating_add(found.trailing_zeros() as usize / 8));
            found &= found.wrapping_sub(1);
        }
        base = base.saturating_add(8);
    }
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == b',' {
            each(base.saturating_add(i));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    type Read = Vec<(Vec<Vec<u8>>, u64, u64)>;

    fn fields(f: &impl Fields) -> (Vec<Vec<u8>>, u64, u64) {
        let (byte, line) = f.at();
        let all = (0..f.count())
            .filter_map(|i| f.field(i).map(<[u8]>::to_vec))
            .collect();
        (all, byte, line)
    }

    /// Every record of `bytes` with its fields and position: by the csv
    /// crate's reader, and by [`Records`].
    fn both(bytes: &[u8]) -> (Read, Read) {
        let mut csv = super::super::csv::reader(bytes);
        let mut record = ByteRecord::new();
        let mut by_csv = Vec::new();
        while csv.read_byte_record(&mut record).unwrap_or(false) {
            by_csv.push(fields(&record));
        }
        let mut records = Records::new(bytes);
        let mut split = Split::default();
        let mut by_split = Vec::new();
        loop {
            match records.next(&mut split, &mut record) {
                Next::End => break,
                Next::Split => by_split.push(fields(&split)),
                Next::Record => by_split.push(fields(&record)),
            }
        }
        (by_csv, by_split)
    }

    #[test]
    fn records_are_the_csv_crates() {
        for text in [
            "",
            "a,b\n",
            "a,b",
            "\n\na\r\nb\rc\r\n\r\n# x\r\n#\nd,,e\n",
            "# only a comment",
            "a\n# c\n\nb",
            ",,\n,",
            "a,\"b,\nc\"\"d\"e,f\r\n\"g",
            "x\"y,\"\"\n\"",
        ] {
            let (a, b) = both(text.as_bytes());
            assert_eq!(a, b, "{text:?}");
        }
        // The positions that matter, by hand: after `\r\n`, at the `\n`;
        // a record after comment lines, where they start.
        let (_, read) = both(b"a\r\n# c\nb,\"q\nr\"\nc");
        let at: Vec<(u64, u64)> = read.iter().map(|r| (r.1, r.2)).collect();
        assert_eq!(at, vec![(0, 1), (2, 1), (15, 5)]);
    }

    proptest! {
        #[test]
        fn commas_are_found_eight_bytes_at_a_time(text in prop::collection::vec(any::<u8>(), 0..40)) {
            let mut found = Vec::new();
            commas(&text, |i| found.push(i));
            let expected: Vec<usize> = text.iter().enumerate().filter(|(_, &b)| b == b',').map(|(i, _)| i).collect();
            prop_assert_eq!(found, expected);
        }

        #[test]
        fn any_bytes_split_as_the_csv_crate_splits_them(
            bytes in prop::collection::vec(
                prop::sample::select(vec![b'a', b'1', b',', b'\r', b'\n', b'#', b'"', b'"', b' ', 0xe5, 0x8e, 0xbf]),
                0..200,
            )
        ) {
            let (a, b) = both(&bytes);
            prop_assert_eq!(a, b);
        }
    }
}
