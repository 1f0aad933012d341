//! One metric's figures as seen from the evaluation year: nothing after
//! `as_of` exists yet.

use crate::data::{Figure, Figures};
use crate::exact::Exact;
use rust_decimal::Decimal;
use serde::Serialize;

/// Why a figure cannot be had. Data, not words: reports say it in their
/// language (`report::lang`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Lack {
    /// No row for the year.
    Missing {
        /// The year.
        year: u16,
    },
    /// The year is after the evaluation year.
    Future {
        /// The year.
        year: u16,
    },
    /// Only regional rows, of a dimension that does not add up.
    Unsummable {
        /// The year.
        year: u16,
        /// How many regions reported.
        regions: u32,
    },
    /// Only regional rows, whose sum is beyond exact range.
    Overflow {
        /// The year.
        year: u16,
    },
    /// Declared regions: only `regions` of the `of` regions the figure is
    /// the sum of have one.
    Partial {
        /// The year.
        year: u16,
        /// How many of its parts have a figure.
        regions: u32,
        /// How many parts it has.
        parts: u32,
    },
    /// No figure for the base year, and no reported growth rate for this
    /// year to carry the rates on to it.
    NoRate {
        /// The year.
        year: u16,
    },
    /// Another metric (a ratio's part, or the metric a relation compares
    /// with) has no usable figure for the year (its own lack).
    Part {
        /// The other metric's id.
        of: String,
        /// What it lacks.
        lack: Box<Lack>,
    },
    /// A ratio's denominator is zero in the year.
    ZeroDivisor {
        /// The year.
        year: u16,
        /// The denominator's metric id.
        of: String,
    },
}

impl Lack {
    /// The year the lack is about.
    pub fn year(&self) -> u16 {
        match self {
            Lack::Missing { year }
            | Lack::Future { year }
            | Lack::Overflow { year }
            | Lack::NoRate { year }
            | Lack::Unsummable { year, .. }
            | Lack::ZeroDivisor { year, .. }
            | Lack::Partial { year, .. } => *year,
            Lack::Part { lack, .. } => lack.year(),
        }
    }

    /// The same lack, of the metric `of`.
    pub fn of(self, of: &str) -> Lack {
        Lack::Part {
            of: of.to_string(),
            lack: Box::new(self),
        }
    }
}

/// A metric's figures up to the evaluation year, in base units.
#[derive(Clone)]
pub struct View<'a> {
    figures: &'a Figures,
    metric: u32,
    /// The declared region (its index in the model) whose figures these
    /// are; `None`: the plan-wide figures.
    region: Option<u32>,
    /// The evaluation year: no figure after it is read.
    pub as_of: u16,
    /// Base units per metric unit.
    scale: Exact,
    /// Levels carried forward by reported growth rates, for average growth.
    chain: Option<Chain>,
    /// A ratio's numerator and denominator, read in a year without a row
    /// for the ratio itself.
    parts: Option<Box<Parts<'a>>>,
}

/// The parts of a ratio metric.
#[derive(Clone)]
pub struct Parts<'a> {
    /// The numerator's id and figures.
    pub numerator: (String, View<'a>),
    /// The denominator's id and figures.
    pub denominator: (String, View<'a>),
}

/// Decimal places of a ratio computed from its parts. The quotient is the
/// one figure planc rounds: to these places, far below any figure's own
/// (at most 28), and every comparison after it is exact.
pub const RATIO_PLACES: u32 = 60;

/// A base figure carried forward by the growth rates reported for the
/// years after it: `base · Π (1 + r(y)/100)` over B+1..Y, for each year Y
/// whose every year B+1..Y has a plan-wide rate.
#[derive(Clone, Debug)]
pub struct Chain {
    /// B.
    pub year: u16,
    /// The figure of B, or the one carried to it.
    pub base: Exact,
    /// Whether `base` is the metric's own figure of B, so a year without a
    /// full run of rates falls back to its own figure. Without one (no
    /// figure for B), such a year has none.
    pub levels: bool,
    /// The carried level of each year Y with a full run of rates, in order.
    carried: Vec<(u16, Exact)>,
}

impl Chain {
    /// The years B+1.. with a full run of reported rates, as of `as_of`.
    pub fn years(&self) -> impl Iterator<Item = u16> + '_ {
        self.carried.iter().map(|&(y, _)| y)
    }

    /// Whether year `y` is carried by reported rates.
    pub fn carries(&self, y: u16) -> bool {
        self.carried.iter().any(|&(c, _)| c == y)
    }

    fn level(&self, y: u16) -> Option<&Exact> {
        self.carried.iter().find(|&&(c, _)| c == y).map(|(_, l)| l)
    }
}

impl<'a> View<'a> {
    /// The figures of metric `metric` as of `as_of`; `scale` is the base units
    /// of one metric unit.
    pub fn new(figures: &'a Figures, metric: u32, as_of: u16, scale: Decimal) -> Self {
        View {
            figures,
            metric,
            region: None,
            as_of,
            scale: Exact::from(scale),
            chain: None,
            parts: None,
        }
    }

    /// The same view of one declared region's figures (its index in the
    /// model). Reported growth rates, values set for a year and notes are
    /// plan-wide only: a region has none.
    pub fn in_region(mut self, region: Option<u32>) -> View<'a> {
        self.region = region;
        self
    }

    /// The figure of a year, in the view's region or plan-wide.
    fn figure(&self, year: u16) -> Option<Figure> {
        self.figures.get_in(self.metric, self.region, year)
    }

    /// The same view of a ratio metric, reading a year without a row for
    /// the ratio from its parts' figures (a row reported for the ratio
    /// itself wins).
    pub fn with_parts(mut self, parts: Parts<'a>) -> View<'a> {
        self.parts = Some(Box::new(parts));
        self
    }

    /// A ratio's figure from its parts: both figures of the year, in base
    /// units, divided to [`RATIO_PLACES`]. A part without any row makes
    /// the year missing (data lag), as a metric's own would.
    fn of_parts(&self, parts: &Parts, year: u16) -> Result<Exact, Lack> {
        let read = |(name, view): &(String, View)| {
            view.point(year).map_err(|l| match l {
                Lack::Missing { year } => Lack::Missing { year },
                other => Lack::Part {
                    of: name.clone(),
                    lack: Box::new(other),
                },
            })
        };
        let top = read(&parts.numerator)?;
        let bottom = read(&parts.denominator)?;
        top.div_rounded(&bottom, RATIO_PLACES)
            .ok_or(Lack::ZeroDivisor {
                year,
                of: parts.denominator.0.clone(),
            })
    }

    /// The plan-wide growth rate reported for one year, in percent; none
    /// after the evaluation year.
    pub fn rate(&self, year: u16) -> Option<Exact> {
        if year > self.as_of || self.region.is_some() {
            return None;
        }
        self.figures.rate(self.metric, year).map(Exact::from)
    }

    /// The same view, with each year after `year` that has a full run of
    /// reported rates read as `base` carried forward by them
    /// ([`Chain`]). `levels` says whether `base` is the figure of `year`,
    /// so other years keep their own figures.
    pub fn carried(&self, year: u16, base: Exact, levels: bool) -> View<'a> {
        let mut carried = Vec::new();
        let mut level = base.clone();
        let mut y = year;
        while let Some(next) = y.checked_add(1).filter(|&n| n <= self.as_of) {
            let Some(r) = self.rate(next) else { break };
            level = level.mul(&Exact::growth_factor_exact(&r));
            carried.push((next, level.clone()));
            y = next;
        }
        View {
            figures: self.figures,
            metric: self.metric,
            region: self.region,
            as_of: self.as_of,
            scale: self.scale.clone(),
            // A ratio keeps its parts: the carried years are read from
            // the rates, the others from the parts as before.
            parts: self.parts.clone(),
            chain: Some(Chain {
                year,
                base,
                levels,
                carried,
            }),
        }
    }

    /// The rates chain of a view made by [`View::carried`].
    pub fn chain(&self) -> Option<&Chain> {
        self.chain.as_ref()
    }

    /// The figure for one year (for a carried view, the carried level of a
    /// year with a full run of rates).
    pub fn point(&self, year: u16) -> Result<Exact, Lack> {
        if year > self.as_of {
            return Err(Lack::Future { year });
        }
        if let Some(chain) = &self.chain {
            if year > chain.year {
                if let Some(level) = chain.level(year) {
                    return Ok(level.clone());
                }
                if !chain.levels {
                    // A year without any row is passed over as lag, as
                    // ever; a level there has no base to be measured from.
                    return Err(match self.figure(year) {
                        None => Lack::Missing { year },
                        Some(_) => Lack::NoRate { year },
                    });
                }
            }
        }
        match self.figure(year) {
            None => match &self.parts {
                Some(parts) => self.of_parts(parts, year),
                None => Err(Lack::Missing { year }),
            },
            Some(Figure::Unsummable { regions }) => Err(Lack::Unsummable { year, regions }),
            Some(Figure::Overflow { .. }) => Err(Lack::Overflow { year }),
            Some(Figure::Partial { regions, of }) => Err(Lack::Partial {
                year,
                regions,
                parts: of,
            }),
            Some(f) => f.value().map(Exact::from).ok_or(Lack::Missing { year }),
        }
    }

    /// The sum over `from..=to`; every year must have a figure, else
    /// every lacking year is the answer.
    pub fn sum(&self, from: u16, to: u16) -> Result<Exact, Vec<Lack>> {
        let mut sum = Exact::zero();
        let mut lacks = Vec::new();
        for y in from..=to {
            match self.point(y) {
                Ok(v) => sum = sum.add(&v),
                Err(l) => lacks.push(l),
            }
        }
        if lacks.is_empty() {
            Ok(sum)
        } else {
            Err(lacks)
        }
    }

    /// The latest year in `after+1..=upto` with any row, and its figure.
    /// Years without rows are passed over (data lag), but a year whose rows
    /// give no usable figure (regional rows that do not add up, or sum
    /// beyond range) is the answer, as its lack: an older figure must not
    /// silently stand in for it.
    pub fn latest(&self, after: u16, upto: u16) -> Option<(u16, Result<Exact, Lack>)> {
        let upto = upto.min(self.as_of);
        (after.saturating_add(1)..=upto)
            .rev()
            .find_map(|y| match self.point(y) {
                Err(Lack::Missing { .. }) => None,
                figure => Some((y, figure)),
            })
    }

    /// The cumulative sum from `from` up to the last year of the unbroken
    /// run of figures that starts there (at most `upto`). A figure after a
    /// gap makes the gap the answer: the sum would silently leave it out.
    /// So does a year with rows but no usable figure (only regional rows
    /// that do not add up): only years without any row end the run.
    pub fn running_sum(&self, from: u16, upto: u16) -> Result<(u16, Exact), Lack> {
        let upto = upto.min(self.as_of);
        let mut sum = Exact::zero();
        let mut last = None;
        for y in from..=upto {
            match self.point(y) {
                Ok(v) => {
                    sum = sum.add(&v);
                    last = Some(y);
                }
                Err(lack) => {
                    let later = y
                        .checked_add(1)
                        .is_some_and(|n| (n..=upto).any(|z| self.figure(z).is_some()));
                    return match (last, &lack) {
                        (Some(l), Lack::Missing { .. }) if !later => Ok((l, sum)),
                        _ => Err(lack),
                    };
                }
            }
        }
        last.map(|l| (l, sum)).ok_or(Lack::Missing { year: from })
    }

    /// Raw figures of the metric (base units) up to the evaluation year.
    pub fn reports(&self) -> impl Iterator<Item = (u16, Figure)> + '_ {
        self.figures
            .years_in(self.metric, self.region)
            .take_while(move |&(y, _)| y <= self.as_of)
    }

    /// The value set for the year outside the plan: for the metric's level
    /// (base units) or, with `rate`, its growth (percent).
    pub fn set_value(&self, year: u16, rate: bool) -> Option<(crate::data::row::SetOp, Decimal)> {
        if year > self.as_of || self.region.is_some() {
            return None;
        }
        self.figures.set_value(self.metric, year, rate)
    }

    /// The note reported with the metric's plan-wide row of the year (a
    /// commitment's evidence).
    pub fn note(&self, year: u16) -> Option<&'a str> {
        if self.region.is_some() {
            return None;
        }
        self.figures.note(self.metric, year)
    }

    /// A base-unit amount in the metric's unit, rounded for display.
    pub fn in_unit(&self, base: &Exact) -> Option<Decimal> {
        crate::exact::in_unit(base, &self.scale)
    }
}
