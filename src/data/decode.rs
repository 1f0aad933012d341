//! Data files that are not UTF-8: GBK (GB18030), which Excel saves CSV in
//! on a Chinese Windows, and UTF-16 with a byte order mark. They are
//! decoded to UTF-8 as they stream, so the CSV reader and the read-back of
//! excerpts see UTF-8 text whatever the file holds.

use encoding_rs::{DecoderResult, Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};
use std::io::{self, Read};

/// How many leading bytes the guess looks at.
pub const SNIFF_BYTES: usize = 1 << 16;

/// The encoding a CSV file is read in, and whether planc guessed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Chosen {
    /// The encoding.
    pub encoding: &'static Encoding,
    /// True when the bytes suggested it (GBK); false when a byte order mark
    /// or `--encoding` said so.
    pub guessed: bool,
}

/// UTF-8, as every file was read before it could be otherwise.
impl Default for Chosen {
    fn default() -> Self {
        Chosen {
            encoding: UTF_8,
            guessed: false,
        }
    }
}

impl Chosen {
    /// Whether the bytes pass through untouched (UTF-8, whose BOM and
    /// errors the CSV reader handles itself).
    pub fn is_utf8(self) -> bool {
        self.encoding == UTF_8
    }
}

/// The encoding named by an `--encoding` label (`gbk`, `gb18030`,
/// `utf-16le`, `utf-8`, and every WHATWG label encoding_rs knows).
pub fn by_label(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes())
}

/// The encoding the first bytes of a file suggest: UTF-16 by its byte order
/// mark, GB18030 when the bytes are not UTF-8 but pair up as GBK Chinese
/// text, else UTF-8 (whose errors are reported as such).
pub fn sniff(prefix: &[u8], complete: bool) -> Chosen {
    let certain = |encoding| Chosen {
        encoding,
        guessed: false,
    };
    match prefix {
        [0xFF, 0xFE, ..] => return certain(UTF_16LE),
        [0xFE, 0xFF, ..] => return certain(UTF_16BE),
        _ => {}
    }
    let utf8 = match std::str::from_utf8(prefix) {
        Ok(_) => true,
        // Cut in the middle of a character by the end of the prefix.
        Err(e) => e.error_len().is_none() && !complete,
    };
    if !utf8 && crate::source::looks_like_gbk(prefix, complete) {
        return Chosen {
            encoding: GB18030,
            guessed: true,
        };
    }
    certain(UTF_8)
}

/// The error a decoding reader gives for bytes its encoding cannot hold.
#[derive(Debug)]
pub struct Malformed {
    /// The encoding's name.
    pub encoding: &'static str,
    /// Offset in the file of the first bad byte.
    pub offset: u64,
}

impl std::fmt::Display for Malformed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the file is not valid {}: invalid byte at offset {}",
            self.encoding, self.offset
        )
    }
}

impl std::error::Error for Malformed {}

/// The `Malformed` error inside an I/O error, if that is what it is.
pub fn malformed(e: &io::Error) -> Option<&Malformed> {
    e.get_ref()
        .and_then(|inner| inner.downcast_ref::<Malformed>())
}

/// A reader that decodes `inner` from `encoding` into UTF-8. A byte
/// sequence the encoding cannot hold is an error ([`Malformed`]), never a
/// replacement character: a figure must not change silently.
pub struct Decoding<R> {
    inner: R,
    encoding: &'static Encoding,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    start: usize,
    end: usize,
    eof: bool,
    /// Raw bytes decoded so far.
    consumed: u64,
    out: Vec<u8>,
    pos: usize,
    len: usize,
    done: bool,
    error: Option<Malformed>,
}

impl<R: Read> Decoding<R> {
    /// Decodes `inner`, read in `encoding`, to UTF-8.
    pub fn new(inner: R, encoding: &'static Encoding) -> Self {
        Decoding {
            inner,
            encoding,
            // A byte order mark of the encoding is dropped, as a UTF-8 one is.
            decoder: encoding.new_decoder_with_bom_removal(),
            raw: vec![0; SNIFF_BYTES],
            start: 0,
            end: 0,
            eof: false,
            consumed: 0,
            out: vec![0; SNIFF_BYTES.saturating_mul(3)],
            pos: 0,
            len: 0,
            done: false,
            error: None,
        }
    }
}

impl<R: Read> Read for Decoding<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            if self.pos < self.len {
                let ready = self.out.get(self.pos..self.len).unwrap_or_default();
                let n = ready.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), ready.get(..n)) {
                    dst.copy_from_slice(src);
                }
                self.pos = self.pos.saturating_add(n);
                return Ok(n);
            }
            if let Some(e) = self.error.take() {
                self.done = true;
                return Err(io::Error::new(io::ErrorKind::InvalidData, e));
            }
            if self.done {
                return Ok(0);
            }
            if self.start == self.end && !self.eof {
                let n = loop {
                    match self.inner.read(&mut self.raw) {
                        Ok(n) => break n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                        Err(e) => return Err(e),
                    }
                };
                self.start = 0;
                self.end = n;
                self.eof = n == 0;
            }
            let input = self.raw.get(self.start..self.end).unwrap_or_default();
            let (result, read, written) =
                self.decoder
                    .decode_to_utf8_without_replacement(input, &mut self.out, self.eof);
            self.start = self.start.saturating_add(read);
            self.consumed = self.consumed.saturating_add(read as u64);
            self.pos = 0;
            self.len = written;
            match result {
                DecoderResult::InputEmpty if self.eof => self.done = true,
                DecoderResult::InputEmpty | DecoderResult::OutputFull => {}
                DecoderResult::Malformed(bad, extra) => {
                    let back = u64::from(bad).saturating_add(u64::from(extra));
                    self.error = Some(Malformed {
                        encoding: self.encoding.name(),
                        offset: self.consumed.saturating_sub(back),
                    });
                }
            }
        }
    }
}

/// Opens `input` for the CSV reader in the encoding chosen for it: the
/// raw bytes for UTF-8, else a decoding reader.
pub fn reader<'r>(input: impl Read + 'r, chosen: Chosen) -> Box<dyn Read + 'r> {
    if chosen.is_utf8() {
        Box::new(input)
    } else {
        Box::new(Decoding::new(input, chosen.encoding))
    }
}

/// A file's first bytes, read to guess its encoding, and the whole file
/// again.
pub struct Peeked<R> {
    /// Whether the first bytes are the whole file.
    pub complete: bool,
    /// The first bytes, then the rest.
    pub input: io::Chain<io::Cursor<Vec<u8>>, R>,
}

impl<R> Peeked<R> {
    /// The first bytes, peeked at to guess the encoding.
    pub fn prefix(&self) -> &[u8] {
        self.input.get_ref().0.get_ref()
    }
}

/// Reads up to [`SNIFF_BYTES`] from `input`, keeping them to be read again.
pub fn peek<R: Read>(mut input: R) -> io::Result<Peeked<R>> {
    let mut prefix = vec![0; SNIFF_BYTES];
    let mut got = 0usize;
    let mut complete = false;
    while got < prefix.len() {
        let free = prefix.get_mut(got..).unwrap_or_default();
        match input.read(free) {
            Ok(0) => {
                complete = true;
                break;
            }
            Ok(n) => got = got.saturating_add(n),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    prefix.truncate(got);
    Ok(Peeked {
        complete,
        input: io::Cursor::new(prefix).chain(input),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: &'static Encoding) -> io::Result<String> {
        let mut s = String::new();
        Decoding::new(bytes, encoding).read_to_string(&mut s)?;
        Ok(s)
    }

    #[test]
    fn gbk_and_utf16_decode() {
        // "市经贸委" in GBK, then a line break.
        let gbk = [0xCA, 0xD0, 0xBE, 0xAD, 0xC3, 0xB3, 0xCE, 0xAF, b'\n'];
        assert_eq!(decode(&gbk, GB18030).ok().as_deref(), Some("市经贸委\n"));
        assert_eq!(
            sniff(&gbk, true),
            Chosen {
                encoding: GB18030,
                guessed: true
            }
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("a,市\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(sniff(&utf16, true).encoding, UTF_16LE);
        assert_eq!(decode(&utf16, UTF_16LE).ok().as_deref(), Some("a,市\n"));
    }

    #[test]
    fn a_bad_sequence_is_an_error_with_its_offset() {
        // A GBK lead byte followed by a byte no GBK character has.
        let bytes = [b'a', b'b', 0x81, 0x20, b'c'];
        let err = decode(&bytes, GB18030).err();
        let offset = err.as_ref().and_then(malformed).map(|m| m.offset);
        assert_eq!(offset, Some(2));
    }

    #[test]
    fn neither_utf8_nor_gbk_stays_utf8() {
        assert_eq!(sniff(&[b'a', 0xFF, 0xFF, 0x01], true).encoding, UTF_8);
        // A prefix cut inside a UTF-8 character is still UTF-8.
        assert_eq!(
            sniff("年".as_bytes().get(..2).unwrap_or(&[]), false).encoding,
            UTF_8
        );
    }
}
