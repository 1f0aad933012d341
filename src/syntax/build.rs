//! pest pairs to AST, one function per grammar rule. An unexpected shape is
//! never unwrapped: it becomes `None`, and `parser::parse` reports it as an
//! internal error (E0900) at the statement unless the builder already said
//! what is wrong with the text.

use super::ast::*;
use super::numeral;
use super::parser::{Pair, Rule};
use crate::diag::{Code, Diagnostic};
use crate::span::{Span, Spanned};
use rust_decimal::Decimal;
use std::borrow::Cow;

pub(super) struct Builder<'a, 'd> {
    pub src: &'a str,
    /// Offset of the statement in `src`: pest positions are relative to it.
    pub base: usize,
    pub diags: &'d mut Vec<Diagnostic>,
}

impl<'a> Builder<'a, '_> {
    fn span(&self, p: &Pair<'_>) -> Span {
        let s = p.as_span();
        Span::new(self.base + s.start(), self.base + s.end())
    }

    /// The original source text under a pair. Full-width patching keeps
    /// offsets, so this is the author's text, not the patched copy.
    fn text(&self, p: &Pair<'_>) -> &'a str {
        self.src.get(self.span(p).range()).unwrap_or("")
    }

    /// statement = plan_decl | period_decl | … | target
    pub fn statement(mut self, p: Pair<'_>) -> Option<StmtKind<'a>> {
        let span = self.span(&p);
        let kids: Vec<Pair<'_>> = p.clone().into_inner().collect();
        Some(match p.as_rule() {
            Rule::plan_decl => StmtKind::Plan(self.string(kids.get(1)?)),
            Rule::period_decl => {
                let (from, to) = self.year_range(kids.get(1)?)?;
                StmtKind::Period { from, to }
            }
            Rule::baseline_decl => StmtKind::Baseline(self.year(kids.get(1)?)?),
            Rule::issued_decl => {
                let by = self.name(kids.get(1)?);
                let on = kids
                    .iter()
                    .find(|k| k.as_rule() == Rule::date)
                    .map(|d| Spanned::new(self.text(d), self.span(d)));
                StmtKind::Issued { by, on }
            }
            Rule::tolerance_decl => StmtKind::Tolerance(self.quantity(kids.get(1)?)?),
            Rule::agency_decl => StmtKind::Agency(
                kids.iter()
                    .filter(|k| k.as_rule() == Rule::agency_def)
                    .map(|k| self.agency_def(k))
                    .collect::<Option<_>>()?,
            ),
            Rule::unit_decl => StmtKind::Unit(self.unit_decl(&kids)?),
            Rule::metric_decl => StmtKind::Metric(self.metric_decl(&kids)?),
            Rule::class_decl => StmtKind::ClassDecl(ClassDecl {
                id: self.name(kids.get(1)?),
                strength: self.strength(kids.get(2)?)?,
            }),
            Rule::region_decl => StmtKind::Region(self.region_decl(&kids)?),
            Rule::quota_stmt => StmtKind::Quota(
                kids.iter()
                    .filter(|k| k.as_rule() == Rule::quota_entry)
                    .map(|k| self.quota_entry(k))
                    .collect::<Option<_>>()?,
            ),
            Rule::section_open => StmtKind::Section(self.header(&kids)?),
            Rule::item_open => StmtKind::Item(self.header(&kids)?),
            Rule::part_open => StmtKind::Part(self.header(&kids)?),
            Rule::block_close => StmtKind::Close,
            Rule::lead_stmt => {
                let agencies = self.agency_list(kids.get(1)?);
                if kids.len() > 2 {
                    // `lead 市经贸委 by 2012: …` is a target with its own lead.
                    let mut target = self.target(kids.get(2..)?, span)?;
                    target.lead = agencies;
                    StmtKind::Target(target)
                } else {
                    StmtKind::Lead(agencies)
                }
            }
            Rule::support_stmt => StmtKind::Support(self.agency_list(kids.get(1)?)),
            Rule::text_stmt => StmtKind::Text(self.string(kids.get(1)?)),
            Rule::allow_stmt => StmtKind::Allow(
                kids.iter()
                    .filter(|k| k.as_rule() == Rule::code)
                    .map(|k| Spanned::new(self.text(k), self.span(k)))
                    .collect(),
            ),
            Rule::class_stmt => StmtKind::Class(self.name(kids.get(1)?)),
            Rule::target => StmtKind::Target(self.target(&kids, span)?),
            _ => return None,
        })
    }

    /// agency_def = { ident ~ string? | string }
    fn agency_def(&mut self, p: &Pair<'_>) -> Option<AgencyDef<'a>> {
        let mut kids = p.clone().into_inner();
        let first = kids.next()?;
        let id = self.name(&first);
        let name = kids.next().map(|s| self.string(&s));
        Some(AgencyDef { id, name })
    }

    /// agency_list = { name ~ ("," ~ name)* }
    fn agency_list(&mut self, p: &Pair<'_>) -> Vec<Name<'a>> {
        p.clone().into_inner().map(|n| self.name(&n)).collect()
    }

    /// unit_decl = { kw_unit ~ unit_name ~ (unit_base | unit_derived) }
    fn unit_decl(&mut self, kids: &[Pair<'_>]) -> Option<UnitDecl<'a>> {
        let name = self.name(kids.get(1)?);
        let def = kids.get(2)?;
        let inner = def.clone().into_inner().next()?;
        let def = match def.as_rule() {
            Rule::unit_base => UnitDef::Base {
                dimension: self.name(&inner),
            },
            Rule::unit_derived => UnitDef::Derived {
                of: self.quantity(&inner)?,
            },
            _ => return None,
        };
        Some(UnitDecl { name, def })
    }

    /// metric_decl = { kw_metric ~ name ~ ":" ~ metric_kind ~ unit_name? ~ string? }
    fn metric_decl(&mut self, kids: &[Pair<'_>]) -> Option<MetricDecl<'a>> {
        let id = self.name(kids.get(1)?);
        let kind_pair = kids.get(2)?;
        let mut ratio = None;
        let kind = if kind_pair.as_rule() == Rule::metric_ratio {
            let mut names = kind_pair.clone().into_inner();
            let a = self.name(&names.next()?);
            let b = self.name(&names.next()?);
            ratio = Some((a, b));
            MetricKind::Ratio
        } else {
            match kind_pair.clone().into_inner().next()?.as_rule() {
                Rule::kw_stock => MetricKind::Stock,
                Rule::kw_flow => MetricKind::Flow,
                Rule::kw_commitment => MetricKind::Commitment,
                _ => MetricKind::Milestone,
            }
        };
        let mut unit = None;
        let mut description = None;
        for k in kids.get(3..)? {
            match k.as_rule() {
                Rule::unit_name => unit = Some(self.name(k)),
                Rule::string => description = Some(self.string(k)),
                _ => {}
            }
        }
        Some(MetricDecl {
            id,
            kind: Spanned::new(kind, self.span(kind_pair)),
            unit,
            description,
            ratio,
        })
    }

    /// section_open | item_open | part_open = { kw ~ numeral ~ string ~ "{" }
    fn header(&mut self, kids: &[Pair<'_>]) -> Option<Header<'a>> {
        let num = kids.get(1)?;
        let span = self.span(num);
        let value = numeral::parse(num.as_str());
        match value {
            Some(0) => self.diags.push(
                Diagnostic::new(
                    Code::BadNumeral,
                    format!(
                        "`{}` is not an ordinal: numbering starts at 1",
                        self.text(num)
                    ),
                )
                .label(span, "zero")
                .help("number sections, items and parts from 一 (or 1), as the document does"),
            ),
            Some(_) => {}
            None => self.diags.push(
                Diagnostic::new(
                    Code::BadNumeral,
                    format!("`{}` is not a valid ordinal", self.text(num)),
                )
                .label(span, "not a number")
                .help("write an ordinal such as 三, 十六, 三十一 or 31"),
            ),
        }
        let value = value.filter(|&n| n > 0);
        Some(Header {
            number: Spanned::new(value, span),
            title: self.string(kids.get(2)?),
        })
    }

    /// region_decl = { kw_region ~ name ~ (region_parts | ("," ~ name)*) }
    fn region_decl(&mut self, kids: &[Pair<'_>]) -> Option<RegionDecl<'a>> {
        let first = self.name(kids.get(1)?);
        if let Some(parts) = kids.get(2).filter(|k| k.as_rule() == Rule::region_parts) {
            let parts = parts.clone().into_inner().map(|n| self.name(&n)).collect();
            return Some(RegionDecl::Parent {
                parent: first,
                parts,
            });
        }
        let mut names = vec![first];
        names.extend(kids.iter().skip(2).map(|n| self.name(n)));
        Some(RegionDecl::List(names))
    }

    /// quota_entry = { name ~ quantity }
    fn quota_entry(&mut self, p: &Pair<'_>) -> Option<QuotaEntry<'a>> {
        let mut kids = p.clone().into_inner();
        let region = self.name(&kids.next()?);
        let value = self.quantity(&kids.next()?)?;
        Some(QuotaEntry { region, value })
    }

    /// region_scope = { kw_in ~ (each_region | name) }
    fn region_scope(&mut self, p: &Pair<'_>) -> Option<Spanned<RegionScope<'a>>> {
        let what = p.clone().into_inner().nth(1)?;
        let scope = if what.as_rule() == Rule::kw_each_region {
            RegionScope::Each(self.span(&what))
        } else {
            RegionScope::One(self.name(&what))
        };
        Some(Spanned::new(scope, self.span(p)))
    }

    /// strength = { kw_strive | kw_firm }
    fn strength(&mut self, p: &Pair<'_>) -> Option<Spanned<Strength>> {
        let s = match p.clone().into_inner().next()?.as_rule() {
            Rule::kw_strive => Strength::Strive,
            _ => Strength::Firm,
        };
        Some(Spanned::new(s, self.span(p)))
    }

    /// target_tail = { strength? ~ timing ~ ":" ~ condition ~ string? }
    /// `kids` starts at the optional strength.
    fn target(&mut self, kids: &[Pair<'_>], span: Span) -> Option<Target<'a>> {
        let mut it = kids.iter().peekable();
        let mut strength = None;
        if let Some(k) = it.peek() {
            if k.as_rule() == Rule::strength {
                strength = Some(self.strength(k)?);
                it.next();
            }
        }
        let timing_pair = it.next()?;
        let timing = self.timing(timing_pair)?;
        let mut region = None;
        if let Some(k) = it.peek() {
            if k.as_rule() == Rule::region_scope {
                region = Some(self.region_scope(k)?);
                it.next();
            }
        }
        let metric_pair = it.next()?;
        let metric = self.name(metric_pair);
        let rest: Vec<&Pair<'_>> = it.collect();
        let (quote, cond) = match rest.split_last() {
            Some((q, cond)) if q.as_rule() == Rule::string => (Some(self.string(q)), cond),
            _ => (None, rest.as_slice()),
        };
        let last = cond.last()?;
        // A rule that ends in an optional part (`tolerance?`) takes the
        // blanks before it even when the part is absent: end at the text.
        let end = self.span(last);
        let text = self.src.get(end.range()).unwrap_or("");
        let trimmed = text.trim_end_matches([' ', '\t', '\u{3000}']).len();
        let end = Span::new(end.start as usize, end.start as usize + trimmed);
        let condition = Spanned::new(self.condition(cond)?, self.span(metric_pair).to(end));
        Some(Target {
            span,
            lead: Vec::new(),
            strength,
            timing,
            region,
            metric,
            condition,
            quote,
            quotas: Vec::new(),
        })
    }

    /// by_year | each_year | within
    fn timing(&mut self, p: &Pair<'_>) -> Option<Spanned<Timing>> {
        let span = self.span(p);
        let mut years: Vec<Year> = Vec::with_capacity(2);
        for k in p.clone().into_inner() {
            match k.as_rule() {
                Rule::year => years.push(self.year(&k)?),
                Rule::year_range => {
                    for y in k.into_inner() {
                        years.push(self.year(&y)?);
                    }
                }
                _ => {}
            }
        }
        let t = match p.as_rule() {
            Rule::by_year => Timing::By {
                year: *years.first()?,
                latest: years.get(1).copied(),
            },
            Rule::each_year => Timing::EachYear {
                range: match years.as_slice() {
                    [a, b] => Some((*a, *b)),
                    _ => None,
                },
            },
            Rule::within => Timing::Within {
                from: *years.first()?,
                to: *years.get(1)?,
            },
            Rule::in_year => Timing::In {
                year: *years.first()?,
            },
            _ => return None,
        };
        Some(Spanned::new(t, span))
    }

    /// done | assessed | measure? ~ since? ~ requirement ~ since?
    /// (`done`, `assessed` and `set` are silent: their pairs are the keywords').
    fn condition(&mut self, pairs: &[&Pair<'_>]) -> Option<Condition<'a>> {
        if let [p] = pairs {
            if p.as_rule() == Rule::kw_done {
                return Some(Condition::Done);
            }
            if p.as_rule() == Rule::kw_assessed {
                return Some(Condition::Assessed);
            }
        }
        let mut measure = None;
        let mut since: Option<Year> = None;
        let mut requirement = None;
        for p in pairs {
            match p.as_rule() {
                Rule::measure => measure = Some(self.measure(p)?),
                Rule::since => {
                    let year = self.year(&(*p).clone().into_inner().nth(1)?)?;
                    if let Some(first) = since {
                        // Two base years: which is meant cannot be known.
                        self.diags.push(
                            Diagnostic::new(Code::Syntax, "`since` is written twice")
                                .label(self.span(p), "a second base year")
                                .label(first.span, "first base year")
                                .help("a target has one base year: keep one `since`"),
                        );
                        return None;
                    }
                    since = Some(year);
                }
                Rule::in_range | Rule::approx | Rule::compare | Rule::kw_set => {
                    requirement = Some(self.requirement(p)?)
                }
                _ => return None,
            }
        }
        let requirement = requirement?;
        let measure = measure.unwrap_or_else(|| {
            // Nothing written: the figure itself, at the metric's name.
            let at = pairs.first().map_or(Span::new(0, 0), |p| self.span(p));
            Spanned::new(
                Measure::Level,
                Span::new(at.start as usize, at.start as usize),
            )
        });
        Some(Condition::Measured {
            measure,
            since,
            requirement,
        })
    }

    /// measure = { average_growth | annual_average | growth | change | total },
    /// each silent: the inner pair is the keyword's.
    fn measure(&self, p: &Pair<'_>) -> Option<Spanned<Measure>> {
        let m = match p.clone().into_inner().next()?.as_rule() {
            Rule::kw_average_growth => Measure::AverageGrowth,
            Rule::kw_annual_average => Measure::AnnualAverage,
            Rule::kw_growth => Measure::Growth,
            Rule::kw_change => Measure::Change,
            Rule::kw_total => Measure::Total,
            _ => return None,
        };
        Some(Spanned::new(m, self.span(p)))
    }

    /// in_range | approx | compare | set_yearly
    fn requirement(&mut self, p: &Pair<'_>) -> Option<Requirement<'a>> {
        let kids: Vec<Pair<'_>> = p.clone().into_inner().collect();
        let tolerance = match kids.iter().find(|k| k.as_rule() == Rule::tolerance) {
            Some(t) => Some(self.quantity(&t.clone().into_inner().next()?)?),
            None => None,
        };
        let value = kids.iter().find(|k| {
            matches!(
                k.as_rule(),
                Rule::quantity | Rule::mean_of | Rule::metric_ref
            )
        });
        Some(match p.as_rule() {
            Rule::in_range => {
                let mut qs = kids.iter().filter(|k| k.as_rule() == Rule::quantity);
                let low = self.quantity(qs.next()?)?;
                let high = self.quantity(qs.next()?)?;
                Requirement::Between { low, high }
            }
            Rule::kw_set => Requirement::Set { span: self.span(p) },
            Rule::approx => Requirement::About {
                value: self.operand(value?)?,
                tolerance,
            },
            Rule::compare => {
                let c = kids.iter().find(|k| k.as_rule() == Rule::comparator)?;
                Requirement::Compare {
                    cmp: Spanned::new(cmp_of(c.as_str()), self.span(c)),
                    value: self.operand(value?)?,
                    tolerance,
                }
            }
            _ => return None,
        })
    }

    /// operand = quantity | mean_of | metric_ref
    fn operand(&mut self, p: &Pair<'_>) -> Option<Operand<'a>> {
        match p.as_rule() {
            Rule::quantity => Some(Operand::Quantity(self.quantity(p)?)),
            Rule::mean_of => {
                let (from, to) = self.year_range(&p.clone().into_inner().nth(1)?)?;
                Some(Operand::Mean {
                    from,
                    to,
                    span: self.span(p),
                })
            }
            Rule::metric_ref => {
                let mut kids = p.clone().into_inner();
                let name = self.name(&kids.next()?);
                let measure = match kids.next() {
                    Some(m) => Some(self.measure(&m)?),
                    None => None,
                };
                Some(Operand::Metric {
                    name,
                    measure,
                    span: self.span(p),
                })
            }
            _ => None,
        }
    }

    /// quantity = { number ~ unit_name? }
    fn quantity(&mut self, p: &Pair<'_>) -> Option<Quantity<'a>> {
        let span = self.span(p);
        let mut kids = p.clone().into_inner();
        let num = kids.next()?;
        let number_span = self.span(&num);
        let written = num.as_str();
        let digits: Cow<'_, str> = if written.contains('_') {
            Cow::Owned(written.chars().filter(|&c| c != '_').collect())
        } else {
            Cow::Borrowed(written)
        };
        // Trailing zeros of a fraction change nothing; anything else that a
        // decimal cannot hold exactly is refused, never rounded.
        let digits = if digits.contains('.') {
            digits.trim_end_matches('0').trim_end_matches('.')
        } else {
            &digits
        };
        let value = match Decimal::from_str_exact(digits) {
            Ok(v) => v,
            Err(_) => {
                self.diags.push(
                    Diagnostic::new(Code::BadNumber, format!("number `{}` is out of range", num.as_str()))
                        .label(number_span, "cannot be held exactly")
                        .help("a number is held exactly, as a whole number up to 79228162514264337593543950335 with at most 28 decimal places; use fewer digits, or a larger unit such as 亿元"),
                );
                Decimal::ZERO
            }
        };
        let unit = kids.next().map(|u| self.name(&u));
        Some(Quantity {
            value,
            number_span,
            unit,
            span,
        })
    }

    fn year_range(&mut self, p: &Pair<'_>) -> Option<(Year, Year)> {
        let mut kids = p.clone().into_inner();
        let a = self.year(&kids.next()?)?;
        let b = self.year(&kids.next()?)?;
        Some((a, b))
    }

    fn year(&mut self, p: &Pair<'_>) -> Option<Year> {
        Some(Spanned::new(p.as_str().parse().ok()?, self.span(p)))
    }

    /// name = { ident | string }
    fn name(&mut self, p: &Pair<'_>) -> Name<'a> {
        let text = self.text(p);
        if p.as_rule() != Rule::string && super::keywords::is_keyword(text) {
            self.diags.push(
                Diagnostic::new(
                    Code::KeywordName,
                    format!("`{text}` is a keyword and cannot be a bare name"),
                )
                .label(self.span(p), "a keyword")
                .help(format!("quote it here and wherever it is used: \"{text}\"")),
            );
        }
        // A name of no more bytes than the limit has no more characters
        // either: only longer ones are counted.
        let chars = (text.len() > super::MAX_NAME_CHARS).then(|| text.chars().count());
        if let Some(chars) = chars.filter(|&c| c > super::MAX_NAME_CHARS) {
            self.diags.push(
                Diagnostic::new(
                    Code::Limit,
                    format!(
                        "name is {chars} characters long, more than the limit of {}",
                        super::MAX_NAME_CHARS
                    ),
                )
                .label(self.span(p), "too long for a name")
                .help("use a short id and give the full text as a description or quoted name"),
            );
        }
        match p.as_rule() {
            Rule::string => {
                let s = self.string(p);
                Name {
                    text: s.text,
                    span: self.span(p),
                    quoted: true,
                }
            }
            _ => Name {
                text: Cow::Borrowed(self.text(p)),
                span: self.span(p),
                quoted: false,
            },
        }
    }

    /// string = ${ "\"" ~ string_inner ~ "\"" }: the text between the
    /// quotes, which are one byte each as parsed (a full-width quote is
    /// patched to `"` and padding, the padding outside the string).
    fn string(&mut self, p: &Pair<'_>) -> Str<'a> {
        let span = self.span(p);
        let inner = self
            .src
            .get(span.start as usize + 1..(span.end as usize).saturating_sub(1))
            .unwrap_or("");
        let text = if inner.contains('\\') {
            Cow::Owned(unescape(inner))
        } else {
            Cow::Borrowed(inner)
        };
        Str { text, span }
    }
}

fn cmp_of(s: &str) -> Cmp {
    match s {
        ">=" => Cmp::Ge,
        ">" => Cmp::Gt,
        "<=" => Cmp::Le,
        "<" => Cmp::Lt,
        _ => Cmp::Eq,
    }
}

/// `\"` `\\` `\n` `\t`; any other escaped character stands for itself.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}
