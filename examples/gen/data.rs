//! Writes reported figures for a generated plan's metrics: the eval data
//! format, `metric,year,value,unit,region,note` (see `issues show 3` and
//! docs/data.md), streamed.
//!
//! Rows run region by region (the first region is the plan-wide figure,
//! an empty cell), year by year from the baseline to the period end, metric
//! by metric, so every (metric, year, region) appears at most once and the
//! file never holds a conflicting pair. A milestone is reported `done` once,
//! in the year it was achieved, and `not done` the year before; some are
//! never achieved (`not done` in the last year).

use super::plan::{is_count, MetricSpec, BASELINE, TO};
use super::rng::Rng;
use super::words::{self, Kind};
use super::Counting;
use std::fmt::Write as _;
use std::io::{self, Write};

#[derive(Debug, Default)]
pub struct DataStats {
    pub rows: u64,
    pub bytes: u64,
    pub regions: u64,
}

/// The region of index `r`: plan-wide, a named city or county, then
/// numbered districts of them.
fn region(r: u64) -> String {
    let named = words::REGIONS.len() as u64;
    if r == 0 {
        String::new()
    } else if r <= named {
        words::REGIONS
            .get((r - 1) as usize)
            .copied()
            .unwrap_or("")
            .to_string()
    } else {
        let base = words::REGIONS
            .get(((r - 1) % named) as usize)
            .copied()
            .unwrap_or("");
        format!("{base}第{}片区", (r - 1) / named)
    }
}

/// Writes exactly `rows` data rows (plus the header).
pub fn write_data<W: Write>(
    out: W,
    metrics: &[MetricSpec],
    rows: u64,
    seed: u64,
) -> io::Result<DataStats> {
    let mut out = Counting::new(out);
    let mut rng = Rng::new(seed ^ 0xDA7A);
    writeln!(out, "metric,year,value,unit,region,note")?;
    // Per metric: a base level in hundredths of its unit, a yearly growth
    // in tenths of a percent, and (for a milestone) the year it is done.
    let shapes: Vec<(u64, u64, Option<u16>)> = metrics
        .iter()
        .map(|m| {
            let base = rng.range(m.low.max(1), m.high.max(1)) * 100;
            let growth = rng.range(0, 150);
            let done = (m.kind == Kind::Milestone && rng.chance(80))
                .then(|| rng.range(u64::from(BASELINE) + 1, u64::from(TO)) as u16);
            (base, growth, done)
        })
        .collect();
    let mut stats = DataStats::default();
    let mut r = 0u64;
    let mut line = String::with_capacity(128);
    'regions: while stats.rows < rows {
        let name = region(r);
        let before = stats.rows;
        // A region reports a share of the plan-wide level.
        let share = if r == 0 { 100 } else { rng.range(5, 40) };
        for year in BASELINE..=TO {
            for (m, &(base, growth, done)) in metrics.iter().zip(&shapes) {
                if stats.rows >= rows {
                    break 'regions;
                }
                line.clear();
                line.push_str(&m.id);
                line.push(',');
                let _ = write!(line, "{year},");
                if m.kind == Kind::Milestone {
                    // `done` in the year achieved, `not done` the year
                    // before (or in the last year, if never achieved).
                    match done {
                        Some(d) if d == year => line.push_str("done,,"),
                        Some(d) if d == year + 1 => line.push_str("not done,,"),
                        None if year == TO => line.push_str("not done,,"),
                        _ => continue,
                    }
                } else {
                    value_cell(&mut line, &mut rng, m, base, growth, year, share);
                }
                line.push_str(&name);
                line.push(',');
                match rng.below(100) {
                    0 | 1 => line.push_str("\"初步统计,待核实\""),
                    2 => line.push_str("快报数"),
                    _ => {}
                }
                line.push('\n');
                out.write_all(line.as_bytes())?;
                stats.rows += 1;
            }
        }
        r += 1;
        if stats.rows == before {
            // Only never-done milestones: no row can be written.
            break;
        }
    }
    stats.regions = r;
    out.flush()?;
    stats.bytes = out.bytes;
    Ok(stats)
}

/// `value,unit,` for one figure: the level grown to `year`, scaled by the
/// region's share and a little noise, mostly in the metric's unit (empty
/// cell), sometimes with the unit written or converted to a smaller one.
fn value_cell(
    line: &mut String,
    rng: &mut Rng,
    m: &MetricSpec,
    base: u64,
    growth: u64,
    year: u16,
    share: u64,
) {
    // Hundredths of the unit, in integers so the output is exact and the
    // same on every platform.
    let mut v = base * share / 100;
    for _ in BASELINE..year {
        v += v * growth / 1000;
    }
    let noise = rng.range(900, 1100);
    let mut v = (v * noise / 1000).max(1);
    if is_count(m.unit) {
        v = (v / 100).max(1) * 100;
    }
    let (v, unit) = match rng.below(100) {
        0..=79 => (v, ""),
        80..=91 => (v, m.unit),
        _ => match m.unit {
            "亿元" => (v * 10_000, "万元"),
            "亿美元" => (v * 10_000, "万美元"),
            "万吨" => (v * 10_000, "吨"),
            "万标箱" => (v * 10_000, "标箱"),
            "GW" => (v * 1000, "MW"),
            u => (v, u),
        },
    };
    let _ = if v % 100 == 0 {
        write!(line, "{},", v / 100)
    } else {
        write!(line, "{}.{:02},", v / 100, v % 100)
    };
    line.push_str(unit);
    line.push(',');
}
