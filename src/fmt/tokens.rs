//! One statement in canonical spacing, without indentation or comments.
//!
//! Every token is printed from the source text it came from (numbers,
//! years, ordinals, quoted strings with their escapes as written), so the
//! formatter never re-spells a value; only the whitespace between tokens
//! is decided here.

use crate::span::Span;
use crate::syntax::ast::{
    AgencyDef, Condition, Header, Measure, MetricKind, Name, Operand, Quantity, RegionDecl,
    RegionScope, Requirement, Stmt, StmtKind, Str, Strength, Target, Timing, UnitDef, Year,
};
use crate::syntax::keywords::{Kw, Spelling};

/// A statement's printed form.
pub(super) enum Shape {
    /// Text that stays on one line whatever its length.
    Line(String),
    /// A keyword, a comma-separated list that may wrap one element per
    /// line, and text after the list (a target with its own lead).
    List {
        /// The keyword and whatever precedes the list (`region 嘉兴市:`).
        keyword: String,
        elems: Vec<Elem>,
        tail: String,
    },
}

/// One element of a list, with its source span so comments written
/// between elements can be attached to the right one.
pub(super) struct Elem {
    pub text: String,
    pub span: Span,
}

/// Prints the statement `stmt` of `src` with keywords spelt `sp`.
pub(super) fn shape(src: &str, stmt: &Stmt<'_>, sp: Spelling) -> Shape {
    let t = Tokens { src, sp };
    let mut s = String::new();
    match &stmt.kind {
        StmtKind::Plan(title) => {
            t.kw(&mut s, Kw::Plan);
            s.push(' ');
            t.string(&mut s, title);
        }
        StmtKind::Period { from, to } => {
            t.kw_years(&mut s, Kw::Period, from, to);
        }
        StmtKind::Baseline(y) => {
            t.kw_year(&mut s, Kw::Baseline, y);
        }
        StmtKind::Issued { by, on } => {
            t.kw(&mut s, Kw::IssuedBy);
            s.push(' ');
            t.name(&mut s, by);
            if let Some(date) = on {
                s.push(' ');
                t.kw(&mut s, Kw::On);
                s.push(' ');
                s.push_str(date.node);
            }
        }
        StmtKind::Tolerance(q) => {
            t.kw(&mut s, Kw::Tolerance);
            s.push(' ');
            t.quantity(&mut s, q);
        }
        StmtKind::Agency(defs) => {
            return Shape::List {
                keyword: Kw::Agency.spell(sp).to_string(),
                elems: defs.iter().map(|d| t.agency_def(d)).collect(),
                tail: String::new(),
            }
        }
        StmtKind::Unit(u) => {
            t.kw(&mut s, Kw::Unit);
            s.push(' ');
            t.name(&mut s, &u.name);
            match &u.def {
                UnitDef::Base { dimension } => {
                    s.push_str(": ");
                    t.name(&mut s, dimension);
                }
                UnitDef::Derived { of } => {
                    s.push_str(" = ");
                    t.quantity(&mut s, of);
                }
            }
        }
        StmtKind::Metric(m) => {
            t.kw(&mut s, Kw::Metric);
            s.push(' ');
            t.name(&mut s, &m.id);
            match (&m.ratio, m.kind.node) {
                (Some((a, b)), _) => {
                    s.push_str(" = ");
                    t.name(&mut s, a);
                    s.push_str(" / ");
                    t.name(&mut s, b);
                }
                (None, kind) => {
                    s.push_str(": ");
                    t.kw(
                        &mut s,
                        match kind {
                            MetricKind::Stock => Kw::Stock,
                            MetricKind::Flow => Kw::Flow,
                            MetricKind::Milestone => Kw::Milestone,
                            MetricKind::Commitment => Kw::Commitment,
                            // A ratio is always written with its parts.
                            MetricKind::Ratio => Kw::Stock,
                        },
                    );
                }
            }
            if let Some(u) = &m.unit {
                s.push(' ');
                t.name(&mut s, u);
            }
            if let Some(d) = &m.description {
                s.push(' ');
                t.string(&mut s, d);
            }
        }
        StmtKind::ClassDecl(c) => {
            t.kw(&mut s, Kw::Class);
            s.push(' ');
            t.name(&mut s, &c.id);
            s.push_str(": ");
            t.kw(
                &mut s,
                match c.strength.node {
                    Strength::Firm => Kw::Firm,
                    Strength::Strive => Kw::Strive,
                },
            );
        }
        StmtKind::Class(name) => {
            t.kw(&mut s, Kw::Class);
            s.push(' ');
            t.name(&mut s, name);
        }
        StmtKind::Region(RegionDecl::List(names)) => {
            return t.list(Kw::Region, names, String::new())
        }
        StmtKind::Region(RegionDecl::Parent { parent, parts }) => {
            let mut keyword = Kw::Region.spell(sp).to_string();
            keyword.push(' ');
            t.name(&mut keyword, parent);
            keyword.push(':');
            let Shape::List { elems, tail, .. } = t.list(Kw::Region, parts, String::new()) else {
                return Shape::Line(s);
            };
            return Shape::List {
                keyword,
                elems,
                tail,
            };
        }
        StmtKind::Quota(entries) => {
            return Shape::List {
                keyword: Kw::Quota.spell(sp).to_string(),
                elems: entries
                    .iter()
                    .map(|e| {
                        let mut text = String::new();
                        t.name(&mut text, &e.region);
                        text.push(' ');
                        t.quantity(&mut text, &e.value);
                        Elem {
                            text,
                            span: e.region.span.to(e.value.span),
                        }
                    })
                    .collect(),
                tail: String::new(),
            }
        }
        StmtKind::Section(h) => t.header(&mut s, Kw::Section, h),
        StmtKind::Item(h) => t.header(&mut s, Kw::Item, h),
        StmtKind::Part(h) => t.header(&mut s, Kw::Part, h),
        StmtKind::Close => s.push('}'),
        StmtKind::Lead(names) => return t.list(Kw::Lead, names, String::new()),
        StmtKind::Support(names) => return t.list(Kw::Support, names, String::new()),
        StmtKind::Text(text) => {
            t.kw(&mut s, Kw::Text);
            s.push(' ');
            t.string(&mut s, text);
        }
        StmtKind::Allow(codes) => {
            return Shape::List {
                keyword: Kw::Allow.spell(sp).to_string(),
                elems: codes
                    .iter()
                    .map(|c| Elem {
                        text: c.node.to_string(),
                        span: c.span,
                    })
                    .collect(),
                tail: String::new(),
            }
        }
        StmtKind::Target(target) => {
            let mut tail = String::new();
            if !target.lead.is_empty() {
                tail.push(' ');
            }
            t.target(&mut tail, target);
            if target.lead.is_empty() {
                return Shape::Line(tail);
            }
            return t.list(Kw::Lead, &target.lead, tail);
        }
        // Only a file the formatter refuses has these; they keep their text.
        StmtKind::Error { .. } => s.push_str(src.get(stmt.span.range()).unwrap_or("")),
    }
    Shape::Line(s)
}

struct Tokens<'s> {
    src: &'s str,
    sp: Spelling,
}

impl Tokens<'_> {
    fn kw(&self, out: &mut String, kw: Kw) {
        out.push_str(kw.spell(self.sp));
    }

    /// `by 2012`; in Chinese `到2012年`, as Chinese text writes a year.
    fn kw_year(&self, out: &mut String, kw: Kw, y: &Year) {
        self.kw(out, kw);
        self.before_year(out);
        self.year(out, y);
        self.after_year(out);
    }

    /// `within 2011..2015`; in Chinese `期间2011..2015年`.
    fn kw_years(&self, out: &mut String, kw: Kw, from: &Year, to: &Year) {
        self.kw(out, kw);
        self.before_year(out);
        self.years(out, from, to);
        self.after_year(out);
    }

    fn before_year(&self, out: &mut String) {
        if self.sp == Spelling::En {
            out.push(' ');
        }
    }

    fn after_year(&self, out: &mut String) {
        if self.sp == Spelling::Zh {
            out.push('年');
        }
    }

    fn measure(&self, out: &mut String, m: Measure) {
        let kw = match m {
            Measure::Level => return,
            Measure::Total => Kw::Total,
            Measure::Growth => Kw::Growth,
            Measure::AverageGrowth => Kw::AverageGrowth,
            Measure::AnnualAverage => Kw::AnnualAverage,
            Measure::Change => Kw::Change,
        };
        self.kw(out, kw);
    }

    fn slice(&self, span: Span) -> &str {
        self.src.get(span.range()).unwrap_or("")
    }

    /// A name as written: a quoted one keeps its quotes and escapes.
    fn name(&self, out: &mut String, n: &Name<'_>) {
        if n.quoted {
            out.push_str(self.slice(n.span));
        } else {
            out.push_str(&n.text);
        }
    }

    /// A string literal exactly as written, escapes included.
    fn string(&self, out: &mut String, s: &Str<'_>) {
        out.push_str(self.slice(s.span));
    }

    fn year(&self, out: &mut String, y: &Year) {
        out.push_str(self.slice(y.span));
    }

    fn years(&self, out: &mut String, from: &Year, to: &Year) {
        self.year(out, from);
        out.push_str("..");
        self.year(out, to);
    }

    /// `150亿元`: the number as written, then its unit with no space.
    fn quantity(&self, out: &mut String, q: &Quantity<'_>) {
        out.push_str(self.slice(q.number_span));
        if let Some(u) = &q.unit {
            // A number may contain `_` (`10_000`), so a unit starting with
            // `_` written right after it would become part of the number.
            if u.text.starts_with('_') {
                out.push(' ');
            }
            self.name(out, u);
        }
    }

    fn header(&self, out: &mut String, keyword: Kw, h: &Header<'_>) {
        self.kw(out, keyword);
        out.push(' ');
        out.push_str(self.slice(h.number.span));
        out.push(' ');
        self.string(out, &h.title);
        out.push_str(" {");
    }

    fn agency_def(&self, d: &AgencyDef<'_>) -> Elem {
        let mut text = String::new();
        self.name(&mut text, &d.id);
        let mut span = d.id.span;
        if let Some(n) = &d.name {
            text.push(' ');
            self.string(&mut text, n);
            span = span.to(n.span);
        }
        Elem { text, span }
    }

    fn list(&self, keyword: Kw, names: &[Name<'_>], tail: String) -> Shape {
        let keyword = keyword.spell(self.sp).to_string();
        let elems = names
            .iter()
            .map(|n| {
                let mut text = String::new();
                self.name(&mut text, n);
                Elem { text, span: n.span }
            })
            .collect();
        Shape::List {
            keyword,
            elems,
            tail,
        }
    }

    /// `strive by 2012: m >= 150项 "quote"`
    fn target(&self, out: &mut String, t: &Target<'_>) {
        match t.strength.map(|s| s.node) {
            Some(Strength::Strive) => {
                self.kw(out, Kw::Strive);
                out.push(' ');
            }
            Some(Strength::Firm) => {
                self.kw(out, Kw::Firm);
                out.push(' ');
            }
            None => {}
        }
        match &t.timing.node {
            Timing::By { year, latest } => match latest {
                Some(l) => self.kw_years(out, Kw::By, year, l),
                None => self.kw_year(out, Kw::By, year),
            },
            Timing::EachYear { range } => match range {
                Some((a, b)) => self.kw_years(out, Kw::EachYear, a, b),
                None => self.kw(out, Kw::EachYear),
            },
            Timing::In { year } => self.kw_year(out, Kw::In, year),
            Timing::Within { from, to } => self.kw_years(out, Kw::Within, from, to),
        }
        if let Some(r) = &t.region {
            out.push(' ');
            self.kw(out, Kw::In);
            out.push(' ');
            match &r.node {
                RegionScope::One(name) => self.name(out, name),
                RegionScope::Each(_) => self.kw(out, Kw::EachRegion),
            }
        }
        out.push_str(": ");
        self.name(out, &t.metric);
        out.push(' ');
        self.condition(out, &t.condition.node);
        if let Some(q) = &t.quote {
            out.push(' ');
            self.string(out, q);
        }
    }

    fn condition(&self, out: &mut String, c: &Condition<'_>) {
        let Condition::Measured {
            measure,
            since,
            requirement,
        } = c
        else {
            self.kw(
                out,
                match c {
                    Condition::Assessed => Kw::Assessed,
                    _ => Kw::Done,
                },
            );
            return;
        };
        // `since` goes after the measure, except on a plain level, where it
        // reads after the value: `m >= 2x since 2010`.
        let level = measure.node == Measure::Level;
        if !level {
            self.measure(out, measure.node);
            if let Some(y) = since {
                out.push(' ');
                self.kw_year(out, Kw::Since, y);
            }
            out.push(' ');
        }
        match requirement {
            Requirement::Compare {
                cmp,
                value,
                tolerance,
            } => {
                out.push_str(cmp.node.as_str());
                out.push(' ');
                self.operand(out, value);
                self.tolerance(out, tolerance.as_ref());
            }
            Requirement::About { value, tolerance } => {
                out.push_str("~ ");
                self.operand(out, value);
                self.tolerance(out, tolerance.as_ref());
            }
            Requirement::Set { .. } => self.kw(out, Kw::Set),
            Requirement::Between { low, high } => {
                self.kw(out, Kw::In);
                out.push(' ');
                self.quantity(out, low);
                out.push_str("..");
                self.quantity(out, high);
            }
        }
        if let (true, Some(y)) = (level, since) {
            out.push(' ');
            self.kw_year(out, Kw::Since, y);
        }
    }

    fn operand(&self, out: &mut String, o: &Operand<'_>) {
        match o {
            Operand::Quantity(q) => self.quantity(out, q),
            Operand::Mean { from, to, .. } => {
                self.kw_years(out, Kw::Mean, from, to);
            }
            Operand::Metric { name, measure, .. } => {
                self.name(out, name);
                if let Some(m) = measure {
                    out.push(' ');
                    self.measure(out, m.node);
                }
            }
        }
    }

    fn tolerance(&self, out: &mut String, t: Option<&Quantity<'_>>) {
        if let Some(t) = t {
            // `+-` and `±` mean the same; `±` is the canonical one.
            out.push_str(" ± ");
            self.quantity(out, t);
        }
    }
}
