//! Words and figures shared by the human-readable formats, in the
//! language of one [`Catalogue`]: every word comes from it.

use super::lang::{Catalogue, Key};
use crate::eval::{Evaluation, Lack, Reason, Status, Summary, TargetResult};
use crate::exact::Exact;
use crate::model::{
    Condition, Item, MetricKind, Model, Op, Quantity, Region, Requirement, Section, Strength,
    Target, TargetKind, Tolerance,
};
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::fmt::Display;

/// Decimal places shown for a figure in a table (JSON keeps them all).
const SHOWN_PLACES: u32 = 4;

/// A decimal for display: at most four places, no trailing zeros.
pub fn num(d: Decimal) -> String {
    d.round_dp(SHOWN_PLACES).normalize().to_string()
}

/// A figure with its unit, in the catalogue's words: `6 万元`, `7%`,
/// `0.5 pp`, `2x`.
pub fn figure(cat: &Catalogue, d: Decimal, unit: Option<&str>) -> String {
    let n = num(d);
    match unit {
        Some("%") => cat.fill(Key::FigurePercent, &[("number", &n)]),
        Some("pp") => cat.fill(Key::FigurePoints, &[("number", &n)]),
        Some("x") => cat.fill(Key::FigureTimes, &[("number", &n)]),
        Some(u) => cat.fill(Key::FigureUnit, &[("number", &n), ("unit", &u)]),
        None => n,
    }
}

/// `items` joined with the catalogue's `key` separator.
fn joined(cat: &Catalogue, key: Key, items: &[String]) -> String {
    items.join(cat.get(key))
}

fn years(cat: &Catalogue, ys: &[u16]) -> String {
    let ys: Vec<String> = ys.iter().map(u16::to_string).collect();
    joined(cat, Key::ListSep, &ys)
}

/// The status's word.
pub fn status_word(cat: &Catalogue, s: Status) -> &str {
    cat.get(match s {
        Status::Met => Key::StatusMet,
        Status::Missed => Key::StatusMissed,
        Status::OnTrack => Key::StatusOnTrack,
        Status::Behind => Key::StatusBehind,
        Status::Pending => Key::StatusPending,
        Status::NoData => Key::StatusNoData,
        Status::Unassessed => Key::StatusUnassessed,
    })
}

/// `firm` or `strive`, in words.
pub fn strength(cat: &Catalogue, s: Strength) -> &str {
    cat.get(match s {
        Strength::Firm => Key::StrengthFirm,
        Strength::Strive => Key::StrengthStrive,
    })
}

fn op(cat: &Catalogue, op: Op) -> &str {
    cat.get(match op {
        Op::Ge => Key::OpGe,
        Op::Gt => Key::OpGt,
        Op::Le => Key::OpLe,
        Op::Lt => Key::OpLt,
        Op::Eq => Key::OpEq,
    })
}

fn kind_word(cat: &Catalogue, k: TargetKind) -> &str {
    cat.get(match k {
        TargetKind::Threshold => Key::KindThreshold,
        TargetKind::SingleYear => Key::KindSingleYear,
        TargetKind::EachYear => Key::KindEachYear,
        TargetKind::YearlyGrowth => Key::KindYearlyGrowth,
        TargetKind::AverageGrowth => Key::KindAverageGrowth,
        TargetKind::AnnualAverage => Key::KindAnnualAverage,
        TargetKind::WindowTotal => Key::KindWindowTotal,
        TargetKind::ChangeFromBaseline => Key::KindChangeFromBaseline,
        TargetKind::AbsoluteChange => Key::KindAbsoluteChange,
        TargetKind::Multiple => Key::KindMultiple,
        TargetKind::Milestone => Key::KindMilestone,
        TargetKind::Commitment => Key::KindCommitment,
    })
}

fn metric_kind_word(cat: &Catalogue, k: MetricKind) -> &str {
    cat.get(match k {
        MetricKind::Stock => Key::MetricStock,
        MetricKind::Flow => Key::MetricFlow,
        MetricKind::Milestone => Key::MetricMilestone,
        MetricKind::Ratio => Key::MetricRatio,
        MetricKind::Commitment => Key::MetricCommitment,
    })
}

/// An assessment's words; eval gives only `done`, `partly` and
/// `not_done`, and any other value is shown as it is.
fn assessment_word(cat: &Catalogue, value: &str) -> String {
    match value {
        "done" => cat.get(Key::AssessedDone),
        "partly" => cat.get(Key::AssessedPartly),
        "not_done" => cat.get(Key::AssessedNotDone),
        other => other,
    }
    .to_string()
}

/// One lack in words.
pub fn lack(cat: &Catalogue, l: &Lack) -> String {
    let y = |key: Key, year: &u16| cat.fill(key, &[("year", year)]);
    match l {
        Lack::Missing { year } => y(Key::LackMissing, year),
        Lack::Future { year } => y(Key::LackFuture, year),
        Lack::Unsummable { year, regions } => cat.count(
            *regions as usize,
            Key::LackUnsummable,
            Key::LackUnsummablePlural,
            &[("year", year)],
        ),
        Lack::Overflow { year } => y(Key::LackOverflow, year),
        Lack::NoRate { year } => y(Key::LackNoRate, year),
        Lack::Part { of, lack: inner } => cat.fill(
            Key::LackPart,
            &[("lack", &lack(cat, inner)), ("metric", of)],
        ),
        Lack::Partial {
            year,
            regions,
            parts,
        } => cat.fill(
            Key::LackPartial,
            &[("year", year), ("n", regions), ("of", parts)],
        ),
        Lack::ZeroDivisor { year, of } => {
            cat.fill(Key::LackZeroDivisor, &[("of", of), ("year", year)])
        }
    }
}

/// Several lacks in one sentence, missing years run together: `no figures
/// for 2010–2012`, `no figure for 2011; only regional …`.
pub fn lacks(cat: &Catalogue, ls: &[Lack]) -> String {
    let mut missing: Vec<u16> = ls
        .iter()
        .filter_map(|l| match l {
            Lack::Missing { year } => Some(*year),
            _ => None,
        })
        .collect();
    missing.sort_unstable();
    missing.dedup();
    let mut parts: Vec<String> = Vec::new();
    if !missing.is_empty() {
        let contiguous = missing
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.checked_add(1) == Some(*b)));
        parts.push(match missing.as_slice() {
            [y] => cat.fill(Key::LackMissing, &[("year", y)]),
            [first, .., last] if contiguous => {
                cat.fill(Key::LackMissingRun, &[("from", first), ("to", last)])
            }
            ys => cat.fill(Key::LackMissingList, &[("years", &years(cat, ys))]),
        });
    }
    for l in ls {
        let text = lack(cat, l);
        if !matches!(l, Lack::Missing { .. }) && !parts.contains(&text) {
            parts.push(text);
        }
    }
    joined(cat, Key::ReasonSep, &parts)
}

/// One reason in words; `level` shows a figure in the metric's unit.
pub fn reason(cat: &Catalogue, r: &Reason, level: &dyn Fn(Decimal) -> String) -> String {
    let f = |key: Key, args: &[(&str, &dyn Display)]| cat.fill(key, args);
    match r {
        Reason::Lacking { lacks: ls } => lacks(cat, ls),
        Reason::ReportedNotMet => f(Key::ReasonReportedNotMet, &[]),
        Reason::UndeclaredRegion { region } => {
            f(Key::ReasonUndeclaredRegion, &[("region", region)])
        }
        Reason::UndeclaredMetric { metric } => {
            f(Key::ReasonUndeclaredMetric, &[("metric", metric)])
        }
        Reason::UndeclaredPart { metric } => f(Key::ReasonUndeclaredPart, &[("metric", metric)]),
        Reason::KindMismatch {
            kind,
            metric_kind,
            metric,
        } => f(
            Key::ReasonKindMismatch,
            &[
                ("kind", &kind_word(cat, *kind)),
                ("metric_kind", &metric_kind_word(cat, *metric_kind)),
                ("metric", metric),
            ],
        ),
        Reason::SetCannotJudge { kind } => f(
            Key::ReasonSetCannotJudge,
            &[("kind", &kind_word(cat, *kind))],
        ),
        Reason::RelationCannotJudge { kind } => f(
            Key::ReasonRelationCannotJudge,
            &[("kind", &kind_word(cat, *kind))],
        ),
        Reason::MeanNotGrowth => f(Key::ReasonMeanNotGrowth, &[]),
        Reason::NoOtherMetric => f(Key::ReasonNoOtherMetric, &[]),
        Reason::BeyondTolerance => f(Key::ReasonBeyondTolerance, &[]),
        Reason::BeyondRequirement => f(Key::ReasonBeyondRequirement, &[]),
        Reason::BeyondRequiredLevel => f(Key::ReasonBeyondRequiredLevel, &[]),
        Reason::BeyondSetValue { year } => f(Key::ReasonBeyondSetValue, &[("year", year)]),
        Reason::BeyondMean { from, to } => f(Key::ReasonBeyondMean, &[("from", from), ("to", to)]),
        Reason::PastWithinTolerance { value } => {
            f(Key::ReasonPastWithinTolerance, &[("value", &level(*value))])
        }
        Reason::WithinTolerance => f(Key::ReasonWithinTolerance, &[]),
        Reason::BaselineNotBefore {
            baseline,
            first,
            deadline,
        } if first < deadline => f(
            Key::ReasonBaselineNotBeforeSpan,
            &[
                ("baseline", baseline),
                ("first", first),
                ("deadline", deadline),
            ],
        ),
        Reason::BaselineNotBefore {
            baseline, first, ..
        } => f(
            Key::ReasonBaselineNotBefore,
            &[("baseline", baseline), ("deadline", first)],
        ),
        Reason::NoBaseline { lack: l } => f(Key::ReasonNoBaseline, &[("lack", &lack(cat, l))]),
        Reason::BaselineNotPositive { year, value } => match value {
            Some(v) => f(
                Key::ReasonBaselineNotPositive,
                &[("year", year), ("value", &level(*v))],
            ),
            None => f(Key::ReasonBaselineNotPositiveBare, &[("year", year)]),
        },
        Reason::RatesUsed { years: ys } => rates_used(cat, ys),
        Reason::RatesCarried {
            years: ys,
            base,
            from_figure,
        } => f(
            if *from_figure {
                Key::ReasonRatesFromFigure
            } else {
                Key::ReasonRatesNoFigure
            },
            &[("rates", &rates_used(cat, ys)), ("base", base)],
        ),
        Reason::DeadlineBeforeWindow { deadline, from } => f(
            Key::ReasonDeadlineBeforeWindow,
            &[("deadline", deadline), ("from", from)],
        ),
        Reason::NoValueSet { year } => f(Key::ReasonNoValueSet, &[("year", year)]),
        Reason::SetFor {
            year,
            op: o,
            value,
            growth,
            ..
        } => {
            let o = match *o {
                "~" => cat.get(Key::OpAbout).to_string(),
                ">=" => op(cat, Op::Ge).to_string(),
                ">" => op(cat, Op::Gt).to_string(),
                "<=" => op(cat, Op::Le).to_string(),
                "<" => op(cat, Op::Lt).to_string(),
                other => other.to_string(),
            };
            let v = if *growth {
                figure(cat, *value, Some("%"))
            } else {
                level(*value)
            };
            f(
                Key::ReasonSetFor,
                &[("year", year), ("op", &o), ("value", &v)],
            )
        }
        Reason::NoYearBefore { year } => f(Key::ReasonNoYearBefore, &[("year", year)]),
        Reason::GrowthFromNonPositive { year, value } => match value {
            Some(v) => f(
                Key::ReasonGrowthFromNonPositive,
                &[("year", year), ("value", &level(*v))],
            ),
            None => f(Key::ReasonGrowthFromNonPositiveBare, &[("year", year)]),
        },
        Reason::NoFigureAfter { year } => f(Key::ReasonNoFigureAfter, &[("year", year)]),
        Reason::WindowStarts { year } => f(Key::ReasonWindowStarts, &[("year", year)]),
        Reason::NoStartingFigure { lack: Some(l) } => {
            f(Key::ReasonNoStartingFigure, &[("lack", &lack(cat, l))])
        }
        Reason::NoStartingFigure { lack: None } => f(Key::ReasonNoStartingFigureBare, &[]),
        Reason::ForMean {
            from,
            to,
            lacks: ls,
        } => f(
            Key::ReasonForMean,
            &[("lacks", &lacks(cat, ls)), ("from", from), ("to", to)],
        ),
        Reason::NotMetIn { years: ys } => f(Key::ReasonNotMetIn, &[("years", &years(cat, ys))]),
        Reason::FirstYear { year } => f(Key::ReasonFirstYear, &[("year", year)]),
        Reason::DoneLate { year, deadline } => f(
            Key::ReasonDoneLate,
            &[("year", year), ("deadline", deadline)],
        ),
        Reason::NotDoneYet { as_of, deadline } => f(
            Key::ReasonNotDoneYet,
            &[("as_of", as_of), ("deadline", deadline)],
        ),
        Reason::ReportedNotDone { year } => f(Key::ReasonReportedNotDone, &[("year", year)]),
        Reason::NoMilestoneReport { deadline } => {
            f(Key::ReasonNoMilestoneReport, &[("deadline", deadline)])
        }
        Reason::AssessedOnlyAfter { year, deadline } => f(
            Key::ReasonAssessedOnlyAfter,
            &[("year", year), ("deadline", deadline)],
        ),
        Reason::NoAssessment { as_of, deadline } => f(
            Key::ReasonNoAssessment,
            &[("as_of", as_of), ("deadline", deadline)],
        ),
        Reason::LastAssessed {
            value,
            year,
            deadline,
        } => f(
            Key::ReasonLastAssessed,
            &[
                ("value", &assessment_word(cat, value)),
                ("year", year),
                ("deadline", deadline),
            ],
        ),
        Reason::Assessed {
            value,
            year,
            due: None,
        } => f(
            Key::ReasonAssessed,
            &[("value", &assessment_word(cat, value)), ("year", year)],
        ),
        Reason::Assessed {
            value,
            year,
            due: Some(deadline),
        } => f(
            Key::ReasonAssessedDue,
            &[
                ("value", &assessment_word(cat, value)),
                ("year", year),
                ("deadline", deadline),
            ],
        ),
    }
}

fn rates_used(cat: &Catalogue, ys: &[u16]) -> String {
    let key = if ys.len() == 1 {
        Key::ReasonRatesUsed
    } else {
        Key::ReasonRatesUsedPlural
    };
    cat.fill(key, &[("years", &years(cat, ys))])
}

/// A result's reasons in one sentence, or none; figures in the metric's
/// unit. For callers without a model (tests, tools): reports use
/// [`Words::reasons`], which shows figures in the plan's written unit.
pub fn reasons(cat: &Catalogue, r: &TargetResult) -> Option<String> {
    let level = |d: Decimal| figure(cat, d, r.unit.as_deref());
    reasons_with(cat, &r.reasons, &level)
}

fn reasons_with(
    cat: &Catalogue,
    rs: &[Reason],
    level: &dyn Fn(Decimal) -> String,
) -> Option<String> {
    if rs.is_empty() {
        return None;
    }
    let parts: Vec<String> = rs.iter().map(|x| reason(cat, x, level)).collect();
    Some(joined(cat, Key::ReasonSep, &parts))
}

/// A result's reasons in English, as `--format json` gives them in
/// `reason`. Reads the English catalogue on each call: for many results,
/// read it once and call [`reasons`].
pub fn english_reason(r: &TargetResult) -> Option<String> {
    reasons(&Catalogue::english(), r)
}

/// The words of one report: its catalogue, and what it needs of the model
/// to name agencies, head items and show figures in the plan's units.
pub struct Words<'m> {
    /// The catalogue the words come from.
    pub cat: &'m Catalogue,
    names: AgencyNames<'m>,
    /// Base units per unit, by unit id.
    scales: HashMap<&'m str, Decimal>,
    items: HashMap<&'m str, &'m Item>,
}

impl<'m> Words<'m> {
    /// The words of `cat` for the reports of `model`.
    pub fn new(cat: &'m Catalogue, model: &'m Model) -> Self {
        Words {
            cat,
            names: AgencyNames::new(model),
            scales: model
                .units
                .iter()
                .map(|u| (u.id.as_str(), u.scale))
                .collect(),
            items: model.items.iter().map(|i| (i.id.as_str(), i)).collect(),
        }
    }

    /// The catalogue's text for `key`.
    pub fn get(&self, key: Key) -> &str {
        self.cat.get(key)
    }

    /// The catalogue's text for `key`, its placeholders filled.
    pub fn fill(&self, key: Key, args: &[(&str, &dyn Display)]) -> String {
        self.cat.fill(key, args)
    }

    /// Agency names for ids, joined as the document joins them.
    pub fn agencies(&self, ids: &[String]) -> String {
        self.names.list(ids)
    }

    /// The status as shown, with a strive target marked.
    pub fn status(&self, r: &TargetResult) -> String {
        let word = status_word(self.cat, r.status);
        match r.strength {
            Strength::Strive if matches!(r.status, Status::Missed | Status::Behind) => {
                self.fill(Key::StatusStrive, &[("status", &word)])
            }
            _ => word.to_string(),
        }
    }

    /// The unit a level of this target is shown in: the unit the plan
    /// wrote its value in (`6万元` on a metric in 元), with its scale and
    /// the metric unit's; `None` to show the metric's own unit.
    fn written_unit<'t>(
        &self,
        t: &'t Target,
        metric_unit: Option<&str>,
    ) -> Option<(&'t str, Decimal, Decimal)> {
        let levels = matches!(
            t.kind(),
            TargetKind::Threshold
                | TargetKind::SingleYear
                | TargetKind::EachYear
                | TargetKind::AnnualAverage
                | TargetKind::WindowTotal
        );
        let r = t.condition.requirement().filter(|_| levels)?;
        let q = r.quantities().into_iter().next()?;
        let unit = q.unit.as_deref()?;
        let metric_unit = metric_unit?;
        if unit == metric_unit || unit == "%" || q.scale.is_zero() {
            return None;
        }
        Some((unit, q.scale, *self.scales.get(metric_unit)?))
    }

    /// A level of the target's metric (`d` in the metric's unit), in the
    /// unit the plan wrote when it is exact there (`62000 元` → `6.2万元`),
    /// else in the metric's unit.
    pub fn level(&self, t: &Target, metric_unit: Option<&str>, d: Decimal) -> String {
        if let Some((unit, written, metric)) = self.written_unit(t, metric_unit) {
            let base = Exact::from_decimal(d).mul(&Exact::from_decimal(metric));
            let scale = Exact::from_decimal(written);
            let v = base.div_rounded(&scale, 28);
            // Exact only if multiplying back gives the figure itself.
            if let Some(v) = v
                .filter(|v| v.mul(&scale) == base)
                .and_then(|v| v.to_decimal())
            {
                return figure(self.cat, v, Some(unit));
            }
        }
        figure(self.cat, d, metric_unit)
    }

    /// A quantity as the plan writes it, with the metric's unit when the
    /// plan writes a bare number: `6 万元`, `150 项`, `7%`.
    fn written(&self, q: &Quantity, metric_unit: Option<&str>) -> String {
        figure(self.cat, q.number, q.unit.as_deref().or(metric_unit))
    }

    /// What the target asks, in the plan's own units: `>= 6 万元`,
    /// `growth >= 5%/yr`, `3..5 家`. `metric_unit` shows with bare numbers.
    pub fn requirement(&self, t: &Target, metric_unit: Option<&str>) -> String {
        let Some(r) = t.condition.requirement() else {
            return self
                .get(match t.condition {
                    Condition::Commitment {} => Key::ReqAssessed,
                    _ => Key::ReqDone,
                })
                .to_string();
        };
        if matches!(r, Requirement::SetYearly {}) {
            return self
                .get(match t.condition {
                    Condition::YearlyGrowth { .. } => Key::ReqGrowthSet,
                    _ => Key::ReqEachYearSet,
                })
                .to_string();
        }
        let req = |unit: Option<&str>, growth: bool| self.show(r, unit, growth);
        let with = |key: Key, req: String| self.fill(key, &[("req", &req)]);
        let since =
            |key: Key, req: String, since: &u16| self.fill(key, &[("req", &req), ("since", since)]);
        match &t.condition {
            Condition::Threshold { .. } | Condition::SingleYear { .. } => req(metric_unit, false),
            Condition::EachYear { .. } => with(Key::ReqEachYear, req(metric_unit, false)),
            Condition::YearlyGrowth { .. } => with(Key::ReqYearlyGrowth, req(Some("%"), true)),
            Condition::AverageGrowth { since: s, .. } => {
                since(Key::ReqAverageGrowth, req(Some("%"), false), s)
            }
            Condition::AnnualAverage { .. } => with(Key::ReqAnnualAverage, req(metric_unit, false)),
            Condition::WindowTotal { .. } => with(Key::ReqTotal, req(metric_unit, false)),
            Condition::ChangeFromBaseline { since: s, .. } => {
                since(Key::ReqChange, req(Some("%"), false), s)
            }
            Condition::AbsoluteChange { since: s, .. } => {
                since(Key::ReqChange, req(points(metric_unit), false), s)
            }
            Condition::Multiple { since: s, .. } => {
                since(Key::ReqMultiple, req(Some("x"), false), s)
            }
            Condition::Milestone {} | Condition::Commitment {} => {
                self.get(Key::ReqDone).to_string()
            }
        }
    }

    /// A requirement in the plan's words: `>= 150 项`, `~ 30 个 ± 10%`,
    /// `<= 3% ± 0.5 pp`, `3..5 家`. `growth` says another metric is
    /// compared by its growth.
    fn show(&self, r: &Requirement, unit: Option<&str>, growth: bool) -> String {
        let v = |q: &Quantity| self.written(q, unit);
        let tol = |t: &Tolerance| match t {
            Tolerance::Relative { percent, .. } => figure(self.cat, *percent, Some("%")),
            Tolerance::Absolute { amount } => self.written(amount, points(unit)),
        };
        let o = |x: &Op| op(self.cat, *x).to_string();
        match r {
            Requirement::Compare { op: x, value } => {
                self.fill(Key::ReqCompare, &[("op", &o(x)), ("value", &v(value))])
            }
            Requirement::Soft {
                op: x,
                value,
                tolerance,
            } => self.fill(
                Key::ReqSoft,
                &[
                    ("op", &o(x)),
                    ("value", &v(value)),
                    ("tolerance", &tol(tolerance)),
                ],
            ),
            Requirement::About { value, tolerance } => self.fill(
                Key::ReqAbout,
                &[("value", &v(value)), ("tolerance", &tol(tolerance))],
            ),
            Requirement::Between { low, high } if low.unit == high.unit => self.fill(
                Key::ReqBetween,
                &[("low", &num(low.number)), ("high", &v(high))],
            ),
            Requirement::Between { low, high } => {
                self.fill(Key::ReqBetween, &[("low", &v(low)), ("high", &v(high))])
            }
            Requirement::CompareMetric { op: x, metric } => self.fill(
                if growth {
                    Key::ReqCompareMetricGrowth
                } else {
                    Key::ReqCompareMetric
                },
                &[("op", &o(x)), ("metric", metric)],
            ),
            Requirement::AboutMetric { metric, tolerance } => self.fill(
                if growth {
                    Key::ReqAboutMetricGrowth
                } else {
                    Key::ReqAboutMetric
                },
                &[("metric", metric), ("tolerance", &tol(tolerance))],
            ),
            Requirement::CompareMean { op: x, from, to } => self.fill(
                Key::ReqCompareMean,
                &[("op", &o(x)), ("from", from), ("to", to)],
            ),
            Requirement::SetYearly {} => self.get(Key::ReqSetYearly).to_string(),
        }
    }

    /// When the target is due: `2012`, `2013..2015`, or a window `2010–2012`.
    pub fn due(&self, t: &Target) -> String {
        match t.kind() {
            TargetKind::EachYear | TargetKind::YearlyGrowth | TargetKind::WindowTotal
                if t.window.from < t.window.to =>
            {
                self.fill(
                    Key::DueWindow,
                    &[("from", &t.window.from), ("to", &t.window.to)],
                )
            }
            _ => match t.deadline_earliest {
                Some(e) if e < t.deadline => {
                    self.fill(Key::DueSpan, &[("from", &e), ("to", &t.deadline)])
                }
                _ => self.fill(Key::DueYear, &[("year", &t.deadline)]),
            },
        }
    }

    /// The figure judged, e.g. `162 项`, `12.5%/yr (1400 亿元)`, `done 2011`.
    pub fn actual(&self, t: &Target, r: &TargetResult) -> String {
        let none = || self.get(Key::None).to_string();
        if r.kind == TargetKind::Commitment {
            return r.assessment.as_ref().map_or_else(none, |a| {
                self.fill(
                    Key::ActualAssessed,
                    &[
                        ("value", &assessment_word(self.cat, a.value)),
                        ("year", &a.year),
                    ],
                )
            });
        }
        if r.kind == TargetKind::Milestone {
            return r
                .achieved
                .map_or_else(none, |y| self.fill(Key::ActualDone, &[("year", &y)]));
        }
        let rate = r.rate.as_ref().and_then(|rate| rate.actual);
        let signed = |d: Decimal| format!("{}{}", sign(d), num(d));
        let average = r.kind == TargetKind::AverageGrowth;
        let shown = match (r.actual, rate) {
            (None, None) => return none(),
            // A growth rate reported without the year's level.
            (None, Some(rate)) => self.fill(
                if average {
                    Key::ActualAverageRate
                } else {
                    Key::ActualRate
                },
                &[("rate", &signed(rate))],
            ),
            (Some(a), rate) => {
                let level = self.level(t, r.unit.as_deref(), a);
                match rate {
                    Some(rate) if r.kind == TargetKind::ChangeFromBaseline => self.fill(
                        Key::ActualChangeLevel,
                        &[("rate", &signed(rate)), ("level", &level)],
                    ),
                    Some(rate) => self.fill(
                        if average {
                            Key::ActualAverageRateLevel
                        } else {
                            Key::ActualRateLevel
                        },
                        &[("rate", &signed(rate)), ("level", &level)],
                    ),
                    None => level,
                }
            }
        };
        match r.years {
            Some(w) if w.from != w.to => self.fill(
                Key::ActualInYears,
                &[("figure", &shown), ("from", &w.from), ("to", &w.to)],
            ),
            Some(w) if w.to != r.deadline || r.kind == TargetKind::EachYear => {
                self.fill(Key::ActualInYear, &[("figure", &shown), ("year", &w.to)])
            }
            _ => shown,
        }
    }

    /// The result's reasons in one sentence, figures in the plan's units.
    pub fn reasons(&self, t: &Target, r: &TargetResult) -> Option<String> {
        let level = |d: Decimal| self.level(t, r.unit.as_deref(), d);
        reasons_with(self.cat, &r.reasons, &level)
    }

    /// A note for the row: the reasons, or where the expected path stands,
    /// and a commitment's evidence.
    pub fn note(&self, t: &Target, r: &TargetResult) -> Option<String> {
        let expected = r.expected.map(|e| {
            let value = self.level(t, r.unit.as_deref(), e);
            match r.years {
                Some(w) => self.fill(Key::NoteExpectedIn, &[("value", &value), ("year", &w.to)]),
                None => self.fill(Key::NoteExpected, &[("value", &value)]),
            }
        });
        let evidence = r
            .assessment
            .as_ref()
            .and_then(|a| a.note.as_ref())
            .map(|n| self.fill(Key::NoteEvidence, &[("note", n)]));
        let reasons = self.reasons(t, r);
        let sep = self.get(Key::ReasonSep);
        match (reasons, expected) {
            (Some(reason), _) => Some(match evidence {
                Some(e) => format!("{reason}{sep}{e}"),
                None => reason,
            }),
            _ if evidence.is_some() => evidence,
            (None, Some(e)) if r.status == Status::Behind => Some(e),
            _ => None,
        }
    }

    /// The document's words for the target, quoted.
    pub fn quote(&self, t: &Target) -> Option<String> {
        t.quote
            .as_ref()
            .map(|q| self.fill(Key::Quote, &[("text", q)]))
    }

    /// A section's heading: `1 title`, `一、title`.
    pub fn section_heading(&self, section: Option<&Section>) -> String {
        section.map_or_else(
            || self.get(Key::HeadingOther).to_string(),
            |s| {
                self.fill(
                    Key::HeadingSection,
                    &[("id", &s.id), ("ordinal", &s.ordinal), ("title", &s.title)],
                )
            },
        )
    }

    /// `(3) title` in English, `(三) title` in Chinese: the ordinal as
    /// the plan writes it; a part under its item's ordinal.
    pub fn item_heading(&self, item: &Item) -> String {
        let parent = item.parent.as_deref().and_then(|p| self.items.get(p));
        match parent {
            Some(p) => self.fill(
                Key::HeadingPart,
                &[
                    ("id", &item.id),
                    ("ordinal", &item.ordinal),
                    ("parent", &p.ordinal),
                    ("title", &item.title),
                ],
            ),
            None => self.fill(
                Key::HeadingItem,
                &[
                    ("id", &item.id),
                    ("ordinal", &item.ordinal),
                    ("title", &item.title),
                ],
            ),
        }
    }

    /// An item's heading with its targets' class: `(三) … · 约束性`. An
    /// item's targets share their item's class.
    pub fn item_heading_class(&self, item: &Item, rows: &[super::Row<'_>]) -> String {
        let heading = self.item_heading(item);
        match rows.first().and_then(|(t, _)| t.class.as_deref()) {
            Some(c) => self.fill(Key::HeadingClass, &[("heading", &heading), ("class", &c)]),
            None => heading,
        }
    }

    /// A region's name in a report: `南湖区 (in 嘉兴市)`; `None` names the
    /// plan-wide targets.
    pub fn region_name(&self, region: Option<&Region>) -> String {
        match region {
            None => self.get(Key::RegionPlanWide).to_string(),
            Some(Region {
                id,
                parent: Some(p),
            }) => self.fill(Key::RegionIn, &[("region", id), ("parent", p)]),
            Some(r) => r.id.clone(),
        }
    }

    /// A region group's heading: its name and how many targets are judged
    /// in it.
    pub fn region_heading(&self, region: Option<&Region>, n: usize) -> String {
        let name = self.region_name(region);
        self.cat.count(
            n,
            Key::HeadingRegion,
            Key::HeadingRegionPlural,
            &[("region", &name)],
        )
    }

    /// What a report says of an item without targets.
    pub fn no_target(&self, item: &Item) -> String {
        match item.text.len() {
            0 => self.get(Key::NoTarget).to_string(),
            n => self
                .cat
                .count(n, Key::NoTargetText, Key::NoTargetTexts, &[]),
        }
    }

    /// `2 items have no target`, or nothing when every item has one.
    pub fn untargeted_summary(&self, groups: &[super::SectionGroup<'_>]) -> Option<String> {
        match super::untargeted(groups).len() {
            0 => None,
            n => Some(
                self.cat
                    .count(n, Key::Untargeted, Key::UntargetedPlural, &[]),
            ),
        }
    }

    /// `31 targets as of 2012: 10 met, 3 missed, …; …`.
    pub fn summary(&self, eval: &Evaluation) -> String {
        let s = &eval.summary;
        self.fill(
            Key::Summary,
            &[
                ("targets", &self.targets(s.targets)),
                ("year", &eval.as_of),
                ("counts", &self.counts(s)),
                ("failing", &self.failing(s.failing)),
            ],
        )
    }

    fn targets(&self, n: usize) -> String {
        self.cat.count(n, Key::Targets, Key::TargetsPlural, &[])
    }

    /// `1 missed, 14 on track`, or `none`.
    fn counts(&self, s: &Summary) -> String {
        let counts: Vec<String> = Status::ALL
            .iter()
            .filter(|&&st| s.count(st) > 0)
            .map(|&st| {
                self.fill(
                    Key::CountStatus,
                    &[("n", &s.count(st)), ("status", &status_word(self.cat, st))],
                )
            })
            .collect();
        if counts.is_empty() {
            self.get(Key::CountsNone).to_string()
        } else {
            joined(self.cat, Key::CountSep, &counts)
        }
    }

    /// `every firm target is fine`, `3 firm targets are missed or behind`.
    fn failing(&self, n: usize) -> String {
        match n {
            0 => self.get(Key::FailingNone).to_string(),
            n => self.cat.count(n, Key::FailingOne, Key::FailingPlural, &[]),
        }
    }

    /// One line a class (`约束性 (firm by default): 8 targets, 5 on track, 3
    /// behind; 3 firm targets are missed or behind`), then the gate when
    /// `--fail-on` restricts it; nothing when the plan declares no class.
    pub fn class_lines(&self, eval: &Evaluation) -> Vec<String> {
        let mut lines: Vec<String> = eval
            .classes
            .iter()
            .map(|c| {
                let s = &c.summary;
                let strength = strength(self.cat, c.strength);
                if s.targets == 0 {
                    self.fill(
                        Key::ClassLineEmpty,
                        &[
                            ("class", &c.class),
                            ("strength", &strength),
                            ("targets", &self.targets(0)),
                            ("failing", &self.failing(s.failing)),
                        ],
                    )
                } else {
                    self.fill(
                        Key::ClassLine,
                        &[
                            ("class", &c.class),
                            ("strength", &strength),
                            ("targets", &self.targets(s.targets)),
                            ("counts", &self.counts(s)),
                            ("failing", &self.failing(s.failing)),
                        ],
                    )
                }
            })
            .collect();
        if let Some(g) = &eval.gate {
            lines.push(self.fill(
                Key::GateLine,
                &[
                    ("classes", &g.classes.join(",")),
                    ("failing", &self.failing(g.failing)),
                ],
            ));
        }
        lines
    }
}

/// The unit a bare amount of change or tolerance is shown in: on a `%`
/// metric it is percentage points, which `%` would show as a share
/// (`~ 40% ± 5` allows five points, `~ 40% ± 5%` two).
fn points(metric_unit: Option<&str>) -> Option<&str> {
    match metric_unit {
        Some("%") => Some("pp"),
        u => u,
    }
}

fn sign(d: Decimal) -> &'static str {
    if d.is_sign_positive() && !d.is_zero() {
        "+"
    } else {
        ""
    }
}

/// Agencies' names by id, looked up once per report rather than by a scan
/// of the model's agencies for every row.
pub struct AgencyNames<'m>(HashMap<&'m str, &'m str>);

impl<'m> AgencyNames<'m> {
    /// The names of the model's agencies.
    pub fn new(model: &'m Model) -> Self {
        let mut names = HashMap::new();
        for a in &model.agencies {
            // The first agency of an id, as a scan would find it.
            names.entry(a.id.as_str()).or_insert(a.name.as_str());
        }
        AgencyNames(names)
    }

    /// The agency's name as the document writes it, or the id if unknown.
    pub fn name<'s>(&'s self, id: &'s str) -> &'s str {
        self.0.get(id).copied().unwrap_or(id)
    }

    /// The names of `ids`, joined with `、`.
    pub fn list(&self, ids: &[String]) -> String {
        ids.iter()
            .map(|id| self.name(id))
            .collect::<Vec<_>>()
            .join("、")
    }
}
