//! A clause with one figure: its comparison, what it measures, its
//! timing, and the target.

use super::super::names::bare;
use super::super::phrase::{Base, Cmp, Growth, Qty, Tok, Token};
use super::super::{Measure, MetricKind, Op, Quote, Requirement, Span, Target, Timing, Value};
use super::words::{flow_words, YEAR_AMOUNT_ENDS};
use super::*;

/// The comparison a clause writes around its figure at `k`.
pub(super) fn comparison(toks: &[Token], k: usize, q: &Qty) -> Option<Cmp> {
    let pre = k
        .checked_sub(1)
        .and_then(|p| toks.get(p))
        .and_then(|t| match t.tok {
            Tok::Compare(c) => Some(c),
            _ => None,
        });
    match (pre, q.post) {
        (_, Some(Cmp::About)) => Some(Cmp::About),
        (Some(Cmp::Hold), post) => post.or(Some(Cmp::Ge)),
        (Some(c), _) => Some(c),
        (None, post) => post,
    }
}

/// The operator of a comparison; none for 左右 (about). A figure with no
/// comparison written is read as a floor.
pub(super) fn op_of(c: Option<Cmp>) -> Option<Op> {
    match c {
        None | Some(Cmp::Ge) | Some(Cmp::Hold) => Some(Op::Ge),
        Some(Cmp::Gt) => Some(Op::Gt),
        Some(Cmp::Le) => Some(Op::Le),
        Some(Cmp::Lt) => Some(Op::Lt),
        Some(Cmp::About) => None,
    }
}

/// `op v`, or `~ v` for 左右.
pub(super) fn requirement(c: Option<Cmp>, v: Value) -> Requirement {
    match op_of(c) {
        Some(op) => Requirement::Compare(op, v),
        None => Requirement::About(v),
    }
}

impl Reader<'_> {
    pub(super) fn target(
        &mut self,
        metric: usize,
        st: &mut State,
        timing: Timing,
        measure: Measure,
        requirement: Requirement,
        note: Option<String>,
    ) -> Found {
        st.last_metric = Some(metric);
        Found::Target(Box::new(Target {
            item: 0,
            metric,
            strive: st.strive,
            timing,
            measure,
            requirement,
            quote: Quote {
                text: String::new(),
                span: Span::default(),
            },
            sentence: Span::default(),
            at: 0,
            note,
        }))
    }

    pub(super) fn share(&mut self, text: &str, toks: &[Token], k: usize, st: &mut State) -> Found {
        let Some(Token {
            tok: Tok::Quantity(q),
            ..
        }) = toks.get(k)
        else {
            return Found::Nothing;
        };
        // The noun after 的, to the end of the clause.
        let after = toks.get(k + 2..).unwrap_or(&[]);
        let subject: String = after
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or(""))
            .collect();
        let Some(metric) = self.metric(&subject, MetricKind::Stock, Some("%"), "%", "") else {
            return Found::Todo("a share of nothing named".to_string());
        };
        if let Some(m) = self.ex.metrics.get_mut(metric) {
            m.guess = Some("stock: the share of them that do so".to_string());
        }
        let v = Value {
            number: q.number,
            unit: "%".into(),
        };
        let timing = self.level_timing(st, MetricKind::Stock, "");
        self.target(
            metric,
            st,
            timing,
            Measure::Level,
            requirement(q.post, v),
            None,
        )
    }

    /// The timing of a level.
    pub(super) fn level_timing(&self, st: &State, kind: MetricKind, subject: &str) -> Timing {
        let (_, end) = self.ex.period();
        let year_amount = kind == MetricKind::Flow
            && !st.cumulative
            && YEAR_AMOUNT_ENDS.iter().any(|e| subject.ends_with(e));
        if st.each_year {
            return Timing::EachYear;
        }
        match st.time {
            Some(Time::Window(a, b)) if kind == MetricKind::Flow => Timing::Within(a, b),
            Some(Time::Window(_, b)) => Timing::By(b),
            Some(Time::Span(a, b)) => Timing::BySpan(a, b),
            Some(Time::By(y)) if year_amount => Timing::In(y),
            Some(Time::By(y)) => Timing::By(y),
            None if year_amount => Timing::In(end),
            None => Timing::By(end),
        }
    }

    pub(super) fn deadline(&self, st: &State) -> Timing {
        let (_, end) = self.ex.period();
        match st.time {
            Some(Time::By(y)) => Timing::By(y),
            Some(Time::Span(a, b)) => Timing::BySpan(a, b),
            Some(Time::Window(_, b)) => Timing::By(b),
            None => Timing::By(end),
        }
    }

    /// A clause with one figure, at token `k`.
    pub(super) fn quantity(
        &mut self,
        text: &str,
        toks: &[Token],
        k: usize,
        st: &mut State,
    ) -> Found {
        let Some(tok) = toks.get(k) else {
            return Found::Nothing;
        };
        let (q, range) = match &tok.tok {
            Tok::Quantity(q) => (q.clone(), None),
            Tok::Range(lo, hi) => (hi.clone(), Some((lo.clone(), hi.clone()))),
            _ => return Found::Nothing,
        };
        if q.unit.ends_with('倍') {
            return Found::Todo("a multiple: write it as `>= Nx since YEAR`".to_string());
        }
        // The cluster before the figure: [growth] [compare].
        let mut c = k;
        let mut cmp_tok = None;
        let mut growth = None;
        while let Some(p) = c.checked_sub(1) {
            match toks.get(p).map(|t| &t.tok) {
                Some(Tok::Compare(x)) if cmp_tok.is_none() && growth.is_none() => {
                    cmp_tok = Some(*x)
                }
                Some(Tok::Growth(g)) if growth.is_none() => growth = Some(*g),
                _ => break,
            }
            c = p;
        }
        let since = toks.get(..c).unwrap_or(&[]).iter().rev().find_map(|t| {
            if let Tok::Since(b) = t.tok {
                Some(b)
            } else {
                None
            }
        });
        let annual = toks
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .any(|t| t.tok == Tok::Annual);
        let cmp = comparison(toks, k, &q).or(cmp_tok);
        // Pre-posed: 建成3个省级基地 (the noun after the figure).
        let after: String = toks
            .get(k + 1..)
            .unwrap_or(&[])
            .iter()
            .map(|t| text.get(t.start..t.end).unwrap_or(""))
            .collect();
        let after_subject = bare(&after);
        let mut subject = if growth.is_none() && after_subject.chars().count() >= 2 {
            after.trim().to_string()
        } else {
            subject_text(text, toks, 0, c)
        };
        let is_pct = q.unit == "%";
        let anaphora = matches!(subject.as_str(), "" | "增长率" | "增幅" | "增速")
            || bare(&subject).is_empty();
        let reuse = if anaphora { st.last_metric } else { None };
        if anaphora && reuse.is_none() {
            return Found::Todo("a figure whose subject no rule finds".to_string());
        }
        if let Some(Tok::Since(_)) = toks.get(c.saturating_sub(1)).map(|t| &t.tok) {
            subject = subject_text(text, toks, 0, c.saturating_sub(1));
        }
        let v = |q: &Qty| Value {
            number: q.number,
            unit: q.unit.clone(),
        };
        let since_year = |b: Option<Base>| match b {
            Some(Base::Year(y)) => Some(y),
            _ => None,
        };
        match growth {
            Some(Growth::Average) if is_pct => {
                let metric = match reuse {
                    Some(m) => m,
                    None => match self.growth_metric(&subject) {
                        Some(m) => m,
                        None => return Found::Todo("a growth rate of nothing named".into()),
                    },
                };
                let timing = self.deadline(st);
                self.target(
                    metric,
                    st,
                    timing,
                    Measure::AverageGrowth,
                    requirement(cmp, v(&q)),
                    None,
                )
            }
            Some(Growth::Yearly) if is_pct => self.yearly(reuse, &subject, st, cmp, v(&q)),
            Some(Growth::Plain)
                if is_pct && (st.each_year || self.one_year || since == Some(Base::LastYear)) =>
            {
                self.yearly(reuse, &subject, st, cmp, v(&q))
            }
            Some(Growth::Plain | Growth::Rise | Growth::Fall)
                if is_pct || q.unit == "pp" || growth != Some(Growth::Plain) =>
            {
                let fall = growth == Some(Growth::Fall);
                let unit = if q.unit == "pp" { "%" } else { "" };
                let metric = match reuse {
                    Some(m) => m,
                    None => {
                        let m = if unit == "%" || !is_pct {
                            let u = if unit == "%" {
                                "%".to_string()
                            } else {
                                q.unit.clone()
                            };
                            self.metric(&subject, MetricKind::Stock, Some(&u), "", "")
                        } else {
                            self.growth_metric(&subject)
                        };
                        match m {
                            Some(m) => m,
                            None => return Found::Todo("a change of nothing named".into()),
                        }
                    }
                };
                let number = if fall { -q.number } else { q.number };
                let value = Value {
                    number,
                    unit: q.unit.clone(),
                };
                // 下降10%以上: a fall of at least 10%, so at most -10%.
                let req = match (fall, op_of(cmp)) {
                    (_, None) => Requirement::About(value),
                    (true, Some(Op::Ge)) => Requirement::Compare(Op::Le, value),
                    (true, Some(Op::Gt)) => Requirement::Compare(Op::Lt, value),
                    (true, Some(Op::Le)) => Requirement::Compare(Op::Ge, value),
                    (true, Some(Op::Lt)) => Requirement::Compare(Op::Gt, value),
                    // Exactly a fall of the value: the same comparison.
                    (true, Some(Op::Eq)) => Requirement::Compare(Op::Eq, value),
                    (false, Some(op)) => Requirement::Compare(op, value),
                };
                let timing = self.deadline(st);
                self.target(
                    metric,
                    st,
                    timing,
                    Measure::Change(since_year(since)),
                    req,
                    None,
                )
            }
            _ => {
                // A level (提高到 is one too).
                if q.unit == "pp" {
                    return Found::Todo("percentage points without a change".into());
                }
                if annual && !is_pct {
                    let metric = match reuse {
                        Some(m) => m,
                        None => {
                            match self.metric(&subject, MetricKind::Flow, Some(&q.unit), "", "") {
                                Some(m) => m,
                                None => return Found::Todo("an amount of nothing named".into()),
                            }
                        }
                    };
                    if let Some(m) = self.ex.metrics.get_mut(metric) {
                        m.guess = Some("flow: 年均 counts an amount per year".into());
                    }
                    let timing = self.deadline(st);
                    return self.target(
                        metric,
                        st,
                        timing,
                        Measure::AnnualAverage,
                        requirement(cmp, v(&q)),
                        None,
                    );
                }
                let unit_of_metric = if is_pct {
                    "%".to_string()
                } else {
                    q.unit.clone()
                };
                let money = q.unit.ends_with('元');
                let kind = if is_pct {
                    MetricKind::Stock
                } else if matches!(q.unit.as_str(), "次" | "场次" | "人次")
                    || flow_words(&subject).is_some()
                    || (money && !subject.contains("能力"))
                {
                    MetricKind::Flow
                } else {
                    MetricKind::Stock
                };
                let metric = match reuse {
                    Some(m) => m,
                    None => match self.metric(&subject, kind, Some(&unit_of_metric), "", "") {
                        Some(m) => m,
                        None => return Found::Todo("a figure of nothing named".into()),
                    },
                };
                let kind = self.ex.metrics.get(metric).map_or(kind, |m| m.kind);
                let timing = self.level_timing(st, kind, &subject);
                let note = (cmp.is_none() && range.is_none())
                    .then(|| "no comparison written: read as at least".to_string());
                let req = match range {
                    Some((lo, hi)) => Requirement::Between(v(&lo), v(&hi)),
                    None => requirement(cmp, v(&q)),
                };
                self.target(metric, st, timing, Measure::Level, req, note)
            }
        }
    }

    pub(super) fn yearly(
        &mut self,
        reuse: Option<usize>,
        subject: &str,
        st: &mut State,
        cmp: Option<Cmp>,
        v: Value,
    ) -> Found {
        let metric = match reuse {
            Some(m) => m,
            None => match self.growth_metric(subject) {
                Some(m) => m,
                None => return Found::Todo("a growth rate of nothing named".into()),
            },
        };
        self.target(
            metric,
            st,
            Timing::EachYear,
            Measure::Growth,
            requirement(cmp, v),
            None,
        )
    }
}
