//! Writing the model as JSON one item and target at a time.
//!
//! The output is byte for byte what `serde_json::to_string_pretty` gives for
//! the whole [`Model`](super::Model): each element is written with serde's
//! pretty layout, started at its depth in the document.
//!
//! `items` precede `targets` in the model, but a plan interleaves them, so
//! targets go to a second writer (a temporary file for large plans) that the
//! caller appends, followed by [`TAIL`].

use super::{Head, Item, ModelSink, Target};
use serde::Serialize;
use std::io::{self, Write};

/// What follows the targets: the end of the array and of the model.
const TAIL: &str = "\n  ]\n}\n";
/// The same when there are no targets.
const TAIL_EMPTY: &str = "]\n}\n";

/// Writes a model as JSON item by item, byte-identical to
/// [`Model::to_json`](super::Model::to_json): items to `out`, targets to
/// `spill`, and [`JsonWriter::finish`] gives both with the tail to append.
pub struct JsonWriter<W: Write, S: Write> {
    out: W,
    spill: S,
    items: usize,
    targets: usize,
    error: Option<io::Error>,
}

impl<W: Write, S: Write> JsonWriter<W, S> {
    /// Writes the head and opens the `items` array.
    pub fn start(out: W, spill: S, head: &Head) -> Self {
        let mut w = JsonWriter {
            out,
            spill,
            items: 0,
            targets: 0,
            error: None,
        };
        let r = serde_json::to_string_pretty(head)
            .map_err(io::Error::other)
            .and_then(|text| {
                // Reopen the head object: drop its closing "\n}".
                let open = text
                    .strip_suffix("\n}")
                    .ok_or_else(|| io::Error::other("the model head is not a JSON object"))?;
                w.out.write_all(open.as_bytes())?;
                w.out.write_all(b",\n  \"items\": [")
            });
        w.keep(r);
        w
    }

    /// Writes the next item.
    pub fn write_item(&mut self, item: &Item) {
        let r = element(&mut self.out, self.items, item);
        self.items += 1;
        self.keep(r);
    }

    /// Writes the next target (to the second writer).
    pub fn write_target(&mut self, target: &Target) {
        let r = element(&mut self.spill, self.targets, target);
        self.targets += 1;
        self.keep(r);
    }

    /// Closes `items` and opens `targets`. The caller then appends the
    /// spill and the returned tail to the output.
    pub fn finish(mut self) -> io::Result<(W, S, &'static str)> {
        let items_close: &[u8] = if self.items == 0 { b"]" } else { b"\n  ]" };
        let r = self
            .out
            .write_all(items_close)
            .and_then(|_| self.out.write_all(b",\n  \"targets\": ["));
        self.keep(r);
        if let Some(e) = self.error {
            return Err(e);
        }
        let tail = if self.targets == 0 { TAIL_EMPTY } else { TAIL };
        Ok((self.out, self.spill, tail))
    }

    fn keep(&mut self, r: io::Result<()>) {
        if let (Err(e), None) = (r, &self.error) {
            self.error = Some(e);
        }
    }
}

impl<W: Write, S: Write> ModelSink for JsonWriter<W, S> {
    fn item(&mut self, item: Item) {
        self.write_item(&item);
    }

    fn target(&mut self, target: Target) {
        self.write_target(&target);
    }
}

/// One array element at depth 2: `,` before all but the first.
fn element<T: Serialize>(w: &mut impl Write, index: usize, value: &T) -> io::Result<()> {
    w.write_all(if index == 0 { b"\n    " } else { b",\n    " })?;
    let mut ser = serde_json::Serializer::with_formatter(
        w,
        Indented {
            depth: 2,
            has_value: false,
        },
    );
    value.serialize(&mut ser).map_err(io::Error::other)
}

/// serde_json's `PrettyFormatter` (two spaces), starting `depth` levels
/// in, so an element is written straight into place.
struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    fn newline<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> io::Result<()> {
        for _ in 0..self.depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(bracket)
    }
}

impl serde_json::ser::Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.newline(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}
