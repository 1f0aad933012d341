//! A target's chart as inline SVG, drawn from a few primitives: the
//! reported series as a line with a dot per year, the expected path as a
//! dashed line, the required level (or band) and the deadline.
//!
//! Hand-made rather than from a charting crate: a chart here is a handful
//! of lines, dots and labels, and writing them takes less code than
//! adapting a crate's styling, fonts and embedding; docs/reports.md says
//! more. The math (scales, ticks) is kept apart from the markup so that it
//! can be tested on its own.

use super::escape::esc;
use super::words::Words;
use crate::eval::{Point, TargetResult, TrendMeasure};
use crate::report::text;
use rust_decimal::prelude::ToPrimitive;
use std::fmt::Write as _;

/// The chart's size in SVG units; it scales to the panel's width.
pub const WIDTH: f64 = 560.0;
pub const HEIGHT: f64 = 220.0;
/// Room for the axis labels: left, right, top, bottom.
const MARGIN: (f64, f64, f64, f64) = (64.0, 16.0, 24.0, 28.0);

/// A linear map from a domain onto a range of SVG coordinates.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    /// A domain of zero width maps onto the middle of the range.
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 || !span.is_finite() {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }
}

/// Round tick marks covering `lo..=hi`: a step of 1, 2 or 5 times a power
/// of ten giving at most about `count` intervals, and the ticks from the
/// multiple of the step at or below `lo` to the one at or above `hi`.
/// `None` when the bounds are not finite numbers.
pub fn ticks(lo: f64, hi: f64, count: u32) -> Option<(f64, Vec<f64>)> {
    if !lo.is_finite() || !hi.is_finite() || count == 0 {
        return None;
    }
    let (lo, hi) = if lo <= hi { (lo, hi) } else { (hi, lo) };
    let (lo, hi) = if lo == hi {
        // One value: a unit around it, or a tenth of its size.
        let pad = if lo == 0.0 { 1.0 } else { lo.abs() / 10.0 };
        (lo - pad, hi + pad)
    } else {
        (lo, hi)
    };
    let raw = (hi - lo) / f64::from(count);
    let power = 10f64.powf(raw.log10().floor());
    if !power.is_finite() || power == 0.0 {
        return None;
    }
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|s| *s >= raw)
        .unwrap_or(10.0 * power);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    if !first.is_finite() || !last.is_finite() || last - first > 100.0 {
        return None;
    }
    // Counted in steps from the first, so no error accumulates.
    let n = (last - first) as u32;
    Some((
        step,
        (0..=n).map(|i| (first + f64::from(i)) * step).collect(),
    ))
}

/// Decimal places that tell ticks `step` apart.
pub fn places(step: f64) -> usize {
    if step >= 1.0 || step <= 0.0 || !step.is_finite() {
        0
    } else {
        (-step.log10()).ceil().clamp(0.0, 12.0) as usize
    }
}

/// An SVG path through the points, `M x y L x y …`, one decimal place.
pub fn line(points: &[(f64, f64)]) -> String {
    let mut d = String::new();
    for (i, (x, y)) in points.iter().enumerate() {
        let _ = write!(d, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
    }
    d
}

/// The values a chart puts on its vertical axis.
fn values(r: &TargetResult, series: &[Point], path: &[Point], level: bool) -> Vec<f64> {
    let mut out: Vec<f64> = series
        .iter()
        .chain(path)
        .filter_map(|p| p.value.to_f64())
        .collect();
    // The requirement is a level: drawn only on a chart of levels.
    if level {
        out.extend(
            [r.required, r.low, r.high]
                .into_iter()
                .flatten()
                .filter_map(|d| d.to_f64()),
        );
    }
    out.retain(|v| v.is_finite());
    out
}

/// The chart of a result's trend, or `None` when it has nothing to draw.
pub fn chart(r: &TargetResult, w: &Words) -> Option<String> {
    let trend = r.trend.as_ref()?;
    if trend.series.is_empty() && trend.path.is_empty() {
        return None;
    }
    // The required level belongs on the chart when the trend is in levels
    // of the metric; a growth rate's requirement is its path.
    let level = trend.measure != TrendMeasure::Growth;
    let vals = values(r, &trend.series, &trend.path, level);
    let lo = vals.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = vals.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    // Levels start from zero when that costs less than half the height,
    // so a small change does not look like a large one.
    let lo = if lo > 0.0 && lo < hi / 2.0 { 0.0 } else { lo };
    let (step, yticks) = ticks(lo, hi, 4)?;
    let (&y0, &y1) = (yticks.first()?, yticks.last()?);
    let years = trend
        .series
        .iter()
        .chain(&trend.path)
        .map(|p| p.year)
        .chain([r.deadline]);
    let first = years.clone().min()?;
    let last = years.max()?;
    let (first, last) = if first == last {
        (first.saturating_sub(1), last.saturating_add(1))
    } else {
        (first, last)
    };
    let (ml, mr, mt, mb) = MARGIN;
    let x = Scale {
        d0: f64::from(first),
        d1: f64::from(last),
        r0: ml,
        r1: WIDTH - mr,
    };
    let y = Scale {
        d0: y0,
        d1: y1,
        r0: HEIGHT - mb,
        r1: mt,
    };
    let unit = match trend.measure {
        TrendMeasure::Growth => Some("%"),
        _ => r.unit.as_deref(),
    };
    let mut s = String::new();
    let label = format!("{} {}", w.chart_of, r.target);
    let _ = write!(
        s,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}" xmlns="http://www.w3.org/2000/svg">"#,
        esc(&label)
    );
    // Horizontal grid and the vertical axis's labels.
    let dp = places(step);
    for t in &yticks {
        let ty = y.map(*t);
        let _ = write!(
            s,
            r#"<line class="grid" x1="{ml}" x2="{:.1}" y1="{ty:.1}" y2="{ty:.1}"/><text class="tick" x="{:.1}" y="{:.1}" text-anchor="end">{}</text>"#,
            WIDTH - mr,
            ml - 6.0,
            ty + 4.0,
            esc(&format!("{t:.dp$}"))
        );
    }
    if let Some(u) = unit {
        let _ = write!(s, r#"<text class="unit" x="4" y="12">{}</text>"#, esc(u));
    }
    // Years along the bottom: every year, or every few when there are many.
    let span = u32::from(last - first);
    let every = span.div_ceil(10).max(1);
    for yr in first..=last {
        if u32::from(yr - first) % every != 0 && yr != r.deadline {
            continue;
        }
        let _ = write!(
            s,
            r#"<text class="tick" x="{:.1}" y="{:.1}" text-anchor="middle">{yr}</text>"#,
            x.map(f64::from(yr)),
            HEIGHT - mb + 18.0
        );
    }
    // The deadline.
    let dx = x.map(f64::from(r.deadline));
    let _ = write!(
        s,
        r#"<line class="deadline" x1="{dx:.1}" x2="{dx:.1}" y1="{mt:.1}" y2="{:.1}"><title>{} {}</title></line>"#,
        HEIGHT - mb,
        esc(w.deadline),
        r.deadline
    );
    // The required level or band.
    if level {
        let band = r.low.zip(r.high);
        if let Some((lo, hi)) = band.and_then(|(l, h)| Some((l.to_f64()?, h.to_f64()?))) {
            let (top, bottom) = (y.map(hi), y.map(lo));
            let _ = write!(
                s,
                r#"<rect class="band" x="{ml}" y="{top:.1}" width="{:.1}" height="{:.1}"><title>{} {}–{}</title></rect>"#,
                WIDTH - mr - ml,
                (bottom - top).max(1.0),
                esc(w.required),
                band.map_or_else(String::new, |(l, _)| text::num(l)),
                band.map_or_else(String::new, |(_, h)| text::num(h)),
            );
        } else if let Some((req, shown)) = r.required.and_then(|d| Some((d.to_f64()?, d))) {
            let ry = y.map(req);
            let _ = write!(
                s,
                r#"<path class="goal" d="M{dx:.1} {:.1} l6 6 l-6 6 l-6 -6 z"><title>{} {}</title></path>"#,
                ry - 6.0,
                esc(w.required),
                esc(&text::num(shown)),
            );
        }
    }
    let points = |ps: &[Point]| -> Vec<(f64, f64)> {
        ps.iter()
            .filter_map(|p| Some((x.map(f64::from(p.year)), y.map(p.value.to_f64()?))))
            .collect()
    };
    let path = points(&trend.path);
    if path.len() >= 2 {
        let _ = write!(
            s,
            r#"<path class="path" d="{}"><title>{}</title></path>"#,
            line(&path),
            esc(w.expected_path)
        );
    }
    let series = points(&trend.series);
    if series.len() >= 2 {
        let _ = write!(s, r#"<path class="series" d="{}"/>"#, line(&series));
    }
    for (p, (cx, cy)) in trend.series.iter().zip(&series) {
        let _ = write!(
            s,
            r#"<circle class="dot" cx="{cx:.1}" cy="{cy:.1}" r="3.5"><title>{}: {}</title></circle>"#,
            p.year,
            esc(&text::num(p.value))
        );
    }
    s.push_str("</svg>");
    Some(s)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_scale_maps_its_ends_onto_the_range() {
        let s = Scale {
            d0: 2009.0,
            d1: 2012.0,
            r0: 64.0,
            r1: 544.0,
        };
        assert_eq!(s.map(2009.0), 64.0);
        assert_eq!(s.map(2012.0), 544.0);
        assert_eq!(s.map(2010.0), 224.0);
        // An empty domain: the middle.
        let flat = Scale { d1: 2009.0, ..s };
        assert_eq!(flat.map(2009.0), 304.0);
    }

    #[test]
    fn ticks_are_round_and_cover_the_values() {
        let (step, t) = ticks(0.0, 155.0, 4).unwrap();
        assert_eq!(step, 50.0);
        assert_eq!(t, vec![0.0, 50.0, 100.0, 150.0, 200.0]);
        let (step, t) = ticks(3.37, 5.95, 4).unwrap();
        assert_eq!(step, 1.0);
        assert_eq!(t, vec![3.0, 4.0, 5.0, 6.0]);
        // One value: padded around it.
        let (_, t) = ticks(7.0, 7.0, 4).unwrap();
        assert!(t.first().unwrap() < &7.0 && t.last().unwrap() > &7.0);
        assert_eq!(ticks(f64::NAN, 1.0, 4), None);
    }

    #[test]
    fn places_tell_the_ticks_apart() {
        assert_eq!(places(50.0), 0);
        assert_eq!(places(0.5), 1);
        assert_eq!(places(0.02), 2);
    }

    #[test]
    fn a_line_moves_then_draws() {
        assert_eq!(line(&[(1.0, 2.0), (3.25, 4.0)]), "M1.0 2.0 L3.2 4.0");
        assert_eq!(line(&[]), "");
    }

    proptest! {
        #[test]
        fn ticks_cover_any_range(a in -1e12f64..1e12, b in -1e12f64..1e12) {
            let (step, t) = ticks(a, b, 4).unwrap();
            prop_assert!(step > 0.0);
            prop_assert!(t.len() >= 2 && t.len() <= 12, "{} ticks", t.len());
            let (lo, hi) = (a.min(b), a.max(b));
            prop_assert!(*t.first().unwrap() <= lo + step * 1e-9);
            prop_assert!(*t.last().unwrap() >= hi - step * 1e-9);
            for w in t.windows(2) {
                prop_assert!((w[1] - w[0] - step).abs() <= step * 1e-9);
            }
        }

        #[test]
        fn a_scale_keeps_order_and_stays_in_its_range(
            d0 in -1e9f64..1e9, width in 1e-3f64..1e9, v in 0f64..=1.0
        ) {
            let s = Scale { d0, d1: d0 + width, r0: HEIGHT - 28.0, r1: 14.0 };
            let inside = d0 + v * width;
            let y = s.map(inside);
            prop_assert!((14.0 - 1e-6..=HEIGHT - 28.0 + 1e-6).contains(&y));
            // Larger values are higher up (smaller y).
            prop_assert!(s.map(d0 + width) <= s.map(d0));
        }
    }
}
