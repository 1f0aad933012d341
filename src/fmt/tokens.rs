//! One statement in canonical spacing, without indentation or comments.
//!
//! Every token is printed from the source text it came from (numbers,
//! years, ordinals, quoted strings with their escapes as written), so the
//! formatter never re-spells a value; only the whitespace between tokens
//! is decided here.

use crate::span::Span;
use crate::syntax::ast::{
    AgencyDef, Condition, Header, Measure, MetricKind, Name, Operand, Quantity, Requirement, Stmt,
    StmtKind, Str, Strength, Target, Timing, UnitDef, Year,
};

/// A statement's printed form.
pub(super) enum Shape {
    /// Text that stays on one line whatever its length.
    Line(String),
    /// A keyword, a comma-separated list that may wrap one element per
    /// line, and text after the list (a target with its own lead).
    List {
        keyword: &'static str,
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

/// Prints the statement `stmt` of `src`.
pub(super) fn shape(src: &str, stmt: &Stmt<'_>) -> Shape {
    let t = Tokens { src };
    let mut s = String::new();
    match &stmt.kind {
        StmtKind::Plan(title) => {
            s.push_str("plan ");
            t.string(&mut s, title);
        }
        StmtKind::Period { from, to } => {
            s.push_str("period ");
            t.years(&mut s, from, to);
        }
        StmtKind::Baseline(y) => {
            s.push_str("baseline ");
            t.year(&mut s, y);
        }
        StmtKind::Issued { by, on } => {
            s.push_str("issued by ");
            t.name(&mut s, by);
            if let Some(date) = on {
                s.push_str(" on ");
                s.push_str(date.node);
            }
        }
        StmtKind::Tolerance(q) => {
            s.push_str("tolerance ");
            t.quantity(&mut s, q);
        }
        StmtKind::Agency(defs) => {
            return Shape::List {
                keyword: "agency",
                elems: defs.iter().map(|d| t.agency_def(d)).collect(),
                tail: String::new(),
            }
        }
        StmtKind::Unit(u) => {
            s.push_str("unit ");
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
            s.push_str("metric ");
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
                    s.push_str(match kind {
                        MetricKind::Stock => "stock",
                        MetricKind::Flow => "flow",
                        MetricKind::Milestone => "milestone",
                        MetricKind::Commitment => "commitment",
                        // A ratio is always written with its parts.
                        MetricKind::Ratio => "stock",
                    });
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
        StmtKind::Section(h) => t.header(&mut s, "section", h),
        StmtKind::Item(h) => t.header(&mut s, "item", h),
        StmtKind::Part(h) => t.header(&mut s, "part", h),
        StmtKind::Close => s.push('}'),
        StmtKind::Lead(names) => return t.list("lead", names, String::new()),
        StmtKind::Support(names) => return t.list("support", names, String::new()),
        StmtKind::Text(text) => {
            s.push_str("text ");
            t.string(&mut s, text);
        }
        StmtKind::Allow(codes) => {
            return Shape::List {
                keyword: "allow",
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
            return t.list("lead", &target.lead, tail);
        }
        // Only a file the formatter refuses has these; they keep their text.
        StmtKind::Error { .. } => s.push_str(src.get(stmt.span.range()).unwrap_or("")),
    }
    Shape::Line(s)
}

struct Tokens<'s> {
    src: &'s str,
}

impl Tokens<'_> {
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

    fn header(&self, out: &mut String, keyword: &str, h: &Header<'_>) {
        out.push_str(keyword);
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

    fn list(&self, keyword: &'static str, names: &[Name<'_>], tail: String) -> Shape {
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
            Some(Strength::Strive) => out.push_str("strive "),
            Some(Strength::Firm) => out.push_str("firm "),
            None => {}
        }
        match &t.timing.node {
            Timing::By { year, latest } => {
                out.push_str("by ");
                self.year(out, year);
                if let Some(l) = latest {
                    out.push_str("..");
                    self.year(out, l);
                }
            }
            Timing::EachYear { range } => {
                out.push_str("each year");
                if let Some((a, b)) = range {
                    out.push(' ');
                    self.years(out, a, b);
                }
            }
            Timing::In { year } => {
                out.push_str("in ");
                self.year(out, year);
            }
            Timing::Within { from, to } => {
                out.push_str("within ");
                self.years(out, from, to);
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
            out.push_str(match c {
                Condition::Assessed => "assessed",
                _ => "done",
            });
            return;
        };
        // `since` goes after the measure, except on a plain level, where it
        // reads after the value: `m >= 2x since 2010`.
        let level = measure.node == Measure::Level;
        if !level {
            out.push_str(measure.node.words());
            if let Some(y) = since {
                out.push_str(" since ");
                self.year(out, y);
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
            Requirement::Set { .. } => out.push_str("set"),
            Requirement::Between { low, high } => {
                out.push_str("in ");
                self.quantity(out, low);
                out.push_str("..");
                self.quantity(out, high);
            }
        }
        if let (true, Some(y)) = (level, since) {
            out.push_str(" since ");
            self.year(out, y);
        }
    }

    fn operand(&self, out: &mut String, o: &Operand<'_>) {
        match o {
            Operand::Quantity(q) => self.quantity(out, q),
            Operand::Mean { from, to, .. } => {
                out.push_str("mean ");
                self.years(out, from, to);
            }
            Operand::Metric { name, measure, .. } => {
                self.name(out, name);
                if let Some(m) = measure {
                    out.push(' ');
                    out.push_str(m.node.words());
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
