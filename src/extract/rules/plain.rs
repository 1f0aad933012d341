//! Commitments without a figure of their own: 翻一番, 与…同步, 每年举办…
//! and dated milestones (到2012年…建成…).

use super::super::phrase::{self, Base, Tok, Token};
use super::super::{Measure, MetricKind, Op, Quote, Requirement, Span, Timing, Value};
use super::*;
use rust_decimal::Decimal;

impl Reader<'_> {
    /// Milestones, 每年举办, 翻一番 and 与…同步: commitments without a
    /// figure of their own.
    pub(super) fn without_figure(
        &mut self,
        text: &str,
        toks: &[Token],
        st: &mut State,
    ) -> Option<Vec<Found>> {
        let (_, end) = self.ex.period();
        let timing_by = match st.time {
            Some(Time::By(y)) => Some(Timing::By(y)),
            Some(Time::Span(a, b)) => Some(Timing::BySpan(a, b)),
            Some(Time::Window(_, b)) => Some(Timing::By(b)),
            None => None,
        };
        // 比2015年翻一番.
        if let Some(mult) = toks.iter().find_map(|t| {
            if let Tok::Multiple(m) = t.tok {
                Some(m)
            } else {
                None
            }
        }) {
            // Without 比YYYY年, the plan's baseline (the year before it).
            let (from, _) = self.ex.period();
            let base = toks
                .iter()
                .find_map(|t| {
                    if let Tok::Since(Base::Year(y)) = t.tok {
                        Some(y)
                    } else {
                        None
                    }
                })
                .unwrap_or(from.saturating_sub(1));
            let subject = subject_text(
                text,
                toks,
                0,
                first_of(toks, |t| matches!(t, Tok::Since(_) | Tok::Multiple(_)))
                    .unwrap_or(toks.len()),
            );
            let metric = self.metric(
                &subject,
                MetricKind::Stock,
                None,
                "亿元",
                "a multiple of a level: the unit is a guess",
            )?;
            return Some(vec![self.target(
                metric,
                st,
                timing_by.unwrap_or(Timing::By(end)),
                Measure::Multiple(base),
                Requirement::Compare(
                    Op::Ge,
                    Value {
                        number: Decimal::from(mult),
                        unit: "x".into(),
                    },
                ),
                None,
            )]);
        }
        // X增长与Y增长(基本)同步.
        if toks.iter().any(|t| t.tok == Tok::Sync) {
            let with = text.find('与')?;
            let sync_at = toks.iter().find(|t| t.tok == Tok::Sync)?.start;
            let left = text
                .get(..with)?
                .trim_end_matches("增长")
                .trim_end_matches("增速");
            let right = text
                .get(with + '与'.len_utf8()..sync_at)?
                .trim_end_matches("基本");
            let right = right
                .strip_suffix("增长")
                .or_else(|| right.strip_suffix("增速"))?;
            if !text.get(..with)?.ends_with("增长") && !text.get(..with)?.ends_with("增速") {
                return None;
            }
            let left = strip_fillers(left);
            let other = self.metric(
                strip_fillers(right),
                MetricKind::Stock,
                None,
                "亿元",
                "only its growth is compared: the unit is a guess",
            )?;
            let metric = self.metric(
                left,
                MetricKind::Stock,
                None,
                "亿元",
                "only its growth is compared: the unit is a guess",
            )?;
            return Some(vec![self.target(
                metric,
                st,
                Timing::EachYear,
                Measure::Growth,
                Requirement::AboutGrowthOf(other),
                None,
            )]);
        }
        // 每年举办…: at least once a year.
        if st.each_year
            && toks.iter().any(|t| t.tok == Tok::Recurring)
            && !toks.iter().any(|t| t.tok == Tok::Figure)
        {
            let at = first_of(toks, |t| *t == Tok::Recurring).unwrap_or(0);
            let subject = subject_text(text, toks, at + 1, toks.len());
            let metric = self.metric(&subject, MetricKind::Flow, Some("次"), "次", "")?;
            return Some(vec![self.target(
                metric,
                st,
                Timing::EachYear,
                Measure::Level,
                Requirement::Compare(
                    Op::Ge,
                    Value {
                        number: Decimal::ONE,
                        unit: "次".into(),
                    },
                ),
                Some("no figure: held every year is read as at least once a year".into()),
            )]);
        }
        // 到2012年…建成…: a milestone, when the sentence names a deadline.
        let m = first_of(toks, |t| *t == Tok::Milestone)?;
        if toks.iter().take(m).any(|t| t.tok == Tok::Gradual) {
            return None;
        }
        let timing = timing_by?;
        let subject = subject_text(text, toks, 0, toks.len());
        // …框架和基本形成…体系: two milestones in one clause.
        let second = toks
            .iter()
            .enumerate()
            .skip(m + 1)
            .find(|(_, t)| t.tok == Tok::Milestone)
            .map(|(k, _)| k);
        if let Some(k) = second {
            let cut = toks.get(k).map_or(text.len(), |t| t.start);
            if let Some(first_part) = text.get(..cut).and_then(|s| s.strip_suffix('和')) {
                let rest = text.get(cut..).unwrap_or("");
                let first_toks = phrase::tokens(first_part).ok()?;
                let rest_toks = phrase::tokens(rest).ok()?;
                let mut out = Vec::new();
                for (part, ptoks, at) in [(first_part, &first_toks, 0), (rest, &rest_toks, cut)] {
                    let m = self.metric(
                        &subject_text(part, ptoks, 0, ptoks.len()),
                        MetricKind::Milestone,
                        None,
                        "",
                        "",
                    )?;
                    if let Found::Target(mut t) =
                        self.target(m, st, timing, Measure::Done, Requirement::Done, None)
                    {
                        // A quote within the clause, placed by the caller.
                        t.quote = Quote {
                            text: part.to_string(),
                            span: Span {
                                start: at,
                                end: at + part.len(),
                            },
                        };
                        out.push(Found::Target(t));
                    }
                }
                return Some(out);
            }
        }
        let metric = self.metric(&subject, MetricKind::Milestone, None, "", "")?;
        Some(vec![self.target(
            metric,
            st,
            timing,
            Measure::Done,
            Requirement::Done,
            None,
        )])
    }
}
