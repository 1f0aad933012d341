//! The plan and data generator behind `examples/generate.rs`, shared with
//! the benchmarks (`benches/`) and the generator's test
//! (`tests/generate.rs`), which include it by path.

pub mod data;
pub mod plan;
pub mod rng;
pub mod words;

use std::io::{self, Write};

/// A writer that counts the bytes it passes on.
pub struct Counting<W> {
    inner: W,
    pub bytes: u64,
}

impl<W: Write> Counting<W> {
    pub fn new(inner: W) -> Self {
        Counting { inner, bytes: 0 }
    }
}

impl<W: Write> Write for Counting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.bytes += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A whole plan as a string, for benchmarks and tests.
pub fn plan_text(targets: u64, seed: u64) -> io::Result<(String, plan::PlanStats)> {
    let mut buf = Vec::new();
    let stats = plan::write_plan(&mut buf, targets, seed)?;
    let text = String::from_utf8(buf).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    Ok((text, stats))
}
