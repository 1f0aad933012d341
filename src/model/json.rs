//! Writing the model as JSON one item and target at a time.
//!
//! The output is byte for byte what `serde_json::to_string_pretty` gives for
//! the whole [`Model`](super::Model): each element is pretty-printed alone
//! and indented to its depth. JSON strings cannot hold a raw newline, so
//! indenting line by line is safe.
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
        let text = serde_json::to_string_pretty(head).unwrap_or_default();
        // Reopen the head object: drop its closing "\n}".
        let open = text.strip_suffix("\n}").unwrap_or(&text);
        let r = w
            .out
            .write_all(open.as_bytes())
            .and_then(|_| w.out.write_all(b",\n  \"items\": ["));
        w.keep(r);
        w
    }

    pub fn write_item(&mut self, item: &Item) {
        let r = element(&mut self.out, self.items, item);
        self.items += 1;
        self.keep(r);
    }

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
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    w.write_all(if index == 0 { b"\n    " } else { b",\n    " })?;
    let mut lines = text.split('\n');
    if let Some(first) = lines.next() {
        w.write_all(first.as_bytes())?;
    }
    for line in lines {
        w.write_all(b"\n    ")?;
        w.write_all(line.as_bytes())?;
    }
    Ok(())
}
