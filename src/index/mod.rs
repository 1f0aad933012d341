//! Where each name of a plan is declared and used, as byte spans.
//!
//! The language server's hover, go-to-definition, references, rename,
//! completion and semantic tokens all read this one table, built from the
//! syntax stage's tree ([`crate::syntax::parse`]). It resolves names the way
//! the checker does (an agency by its id or its full name, a unit after a
//! multiplier `万`/`亿`, each side of a quotient unit), but reports nothing:
//! the checker's diagnostics say what is wrong, the index only says where
//! things are, undeclared names included, so their uses can be found too.
//!
//! The kinds of name are one table ([`Kind`]): a new kind of declaration
//! is one entry there and one walk over its declarations and uses here.

use crate::check::units::Units;
use crate::span::Span;
use crate::syntax::ast::{
    Condition, Item, Name, Operand, Plan, Quantity, RegionDecl, RegionScope, Requirement, Target,
    UnitDef,
};
use std::collections::HashMap;

/// A kind of declared name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// An agency (`agency 市经贸委`).
    Agency,
    /// A metric (`metric projects: flow 项`).
    Metric,
    /// A unit, built in or declared (`unit 打 = 12 个`).
    Unit,
    /// An indicator class (`class 约束性: firm`).
    Class,
    /// A region (`region 嘉兴市: 南湖区, 秀洲区`).
    Region,
}

impl Kind {
    /// Every kind, in the order hover and completion list them.
    pub const ALL: &'static [Kind] = &[
        Kind::Agency,
        Kind::Metric,
        Kind::Unit,
        Kind::Class,
        Kind::Region,
    ];

    /// The keyword that declares it, which is also how messages name it.
    pub fn word(self) -> &'static str {
        match self {
            Kind::Agency => "agency",
            Kind::Metric => "metric",
            Kind::Unit => "unit",
            Kind::Class => "class",
            Kind::Region => "region",
        }
    }
}

/// Where a symbol comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Origin {
    /// Declared in the plan; the span is the name in its (first)
    /// declaration.
    Declared(Span),
    /// Known to every plan without a declaration (`亿元`, `%`).
    BuiltIn,
    /// Used but declared nowhere (the checker reports it).
    Undeclared,
}

/// One named thing: an agency, a metric, a unit or a class.
#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    /// What kind of name it is.
    pub kind: Kind,
    /// The id, as declared (or as used, when undeclared).
    pub name: String,
    /// Where it is declared, or that it is built in or undeclared.
    pub origin: Origin,
    /// Another name that resolves to it: an agency's full name.
    pub alias: Option<String>,
}

/// How an occurrence names its symbol.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// The name in a declaration (a second declaration too).
    Definition,
    /// A use of the id.
    Reference,
    /// The full name in an agency's declaration, or a use of it: it stays
    /// as written when the id is renamed.
    Alias,
}

/// One place a name is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// The name as written, quotes included when quoted.
    pub span: Span,
    /// Index into [`NameIndex::symbols`].
    pub symbol: usize,
    /// How it names its symbol.
    pub role: Role,
    /// Written in double quotes.
    pub quoted: bool,
}

/// Every symbol of a plan and every place it is written.
#[derive(Clone, Debug, Default)]
pub struct NameIndex {
    symbols: Vec<Symbol>,
    /// Sorted by position.
    occurrences: Vec<Occurrence>,
    lookup: HashMap<(Kind, String), usize>,
}

impl NameIndex {
    /// Indexes the names of `plan`, a tree of the syntax stage.
    pub fn build(plan: &Plan<'_>) -> Self {
        let mut ix = NameIndex::default();
        ix.declarations(plan);
        ix.references(plan);
        ix.occurrences.sort_by_key(|o| (o.span.start, o.span.end));
        ix
    }

    /// Every symbol, in the order first met.
    pub fn symbols(&self) -> &[Symbol] {
        &self.symbols
    }

    /// The symbol with this index.
    pub fn symbol(&self, id: usize) -> Option<&Symbol> {
        self.symbols.get(id)
    }

    /// Every occurrence, in file order.
    pub fn occurrences(&self) -> &[Occurrence] {
        &self.occurrences
    }

    /// The symbol a name of `kind` resolves to, by id or alias.
    pub fn lookup(&self, kind: Kind, name: &str) -> Option<usize> {
        self.lookup.get(&(kind, name.to_string())).copied()
    }

    /// The occurrence under `offset`: the one whose span contains it, or
    /// ends at it (a cursor just after a name is on that name).
    pub fn at(&self, offset: usize) -> Option<&Occurrence> {
        let offset = offset.min(u32::MAX as usize) as u32;
        let i = self.occurrences.partition_point(|o| o.span.start <= offset);
        let before = i.checked_sub(1).and_then(|j| self.occurrences.get(j));
        before.filter(|o| offset <= o.span.end)
    }

    /// The occurrences of symbol `id`, in file order.
    pub fn occurrences_of(&self, id: usize) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(move |o| o.symbol == id)
    }

    /// The symbols of `kind`, in declaration order (built-in ones after the
    /// plan's own, undeclared ones last).
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Symbol> {
        let rank = |s: &&Symbol| match s.origin {
            Origin::Declared(_) => 0,
            Origin::BuiltIn => 1,
            Origin::Undeclared => 2,
        };
        let mut list: Vec<&Symbol> = self.symbols.iter().filter(|s| s.kind == kind).collect();
        list.sort_by_key(rank);
        list.into_iter()
    }

    fn add(&mut self, kind: Kind, name: &str, origin: Origin) -> usize {
        let id = self.symbols.len();
        self.symbols.push(Symbol {
            kind,
            name: name.to_string(),
            origin,
            alias: None,
        });
        self.lookup.insert((kind, name.to_string()), id);
        id
    }

    fn occur(&mut self, span: Span, symbol: usize, role: Role, quoted: bool) {
        self.occurrences.push(Occurrence {
            span,
            symbol,
            role,
            quoted,
        });
    }

    /// A declaration of `name`: the first makes the symbol, a repeated one
    /// is another definition of it (the checker reports E0104).
    fn declare(&mut self, kind: Kind, name: &Name<'_>) -> usize {
        let id = match self.lookup(kind, &name.text) {
            Some(id) => id,
            None => self.add(kind, &name.text, Origin::Declared(name.span)),
        };
        self.occur(name.span, id, Role::Definition, name.quoted);
        id
    }

    fn declarations(&mut self, plan: &Plan<'_>) {
        for u in &plan.units {
            self.declare(Kind::Unit, &u.name);
        }
        // Built-in units after the plan's own: a plan cannot redeclare one
        // (E0104), and its declaration is what a reader should be shown.
        for u in Units::prelude().list {
            if self.lookup(Kind::Unit, &u.id).is_none() {
                self.add(Kind::Unit, &u.id, Origin::BuiltIn);
            }
        }
        for def in plan.agencies.iter() {
            let fresh = self.lookup(Kind::Agency, &def.id.text).is_none();
            let id = self.declare(Kind::Agency, &def.id);
            if let (true, Some(full)) = (fresh, &def.name) {
                if let Some(s) = self.symbols.get_mut(id) {
                    s.alias = Some(full.text.to_string());
                }
                self.lookup
                    .entry((Kind::Agency, full.text.to_string()))
                    .or_insert(id);
                self.occur(full.span, id, Role::Alias, true);
            }
        }
        for m in &plan.metrics {
            self.declare(Kind::Metric, &m.id);
        }
        for c in &plan.classes {
            self.declare(Kind::Class, &c.id);
        }
        // A region is declared where it is first named; naming it again as
        // the parent of deeper regions (`region 南湖区: …`) refers to it.
        for decl in &plan.regions {
            let names: Vec<&Name<'_>> = match &decl.node {
                RegionDecl::Parent { parent, parts } => {
                    std::iter::once(parent).chain(parts.iter()).collect()
                }
                RegionDecl::List(names) => names.iter().collect(),
            };
            for n in names {
                match self.lookup(Kind::Region, &n.text) {
                    Some(_) => self.name_ref(Kind::Region, n),
                    None => {
                        self.declare(Kind::Region, n);
                    }
                }
            }
        }
    }

    fn references(&mut self, plan: &Plan<'_>) {
        if let Some(by) = &plan.issued_by {
            self.name_ref(Kind::Agency, by);
        }
        if let Some(q) = &plan.tolerance {
            self.quantity(q);
        }
        for u in &plan.units {
            if let UnitDef::Derived { of } = &u.def {
                self.quantity(of);
            }
        }
        for m in &plan.metrics {
            if let Some(u) = &m.unit {
                self.unit_ref(u);
            }
            if let Some((a, b)) = &m.ratio {
                self.name_ref(Kind::Metric, a);
                self.name_ref(Kind::Metric, b);
            }
        }
        for section in &plan.sections {
            for item in &section.items {
                self.item(item);
            }
        }
    }

    fn item(&mut self, item: &Item<'_>) {
        for n in &item.lead {
            self.name_ref(Kind::Agency, n);
        }
        for n in &item.support {
            self.name_ref(Kind::Agency, n);
        }
        for n in &item.class {
            self.name_ref(Kind::Class, n);
        }
        for t in &item.targets {
            self.target(t);
            for q in &t.quotas {
                for entry in &q.node {
                    self.name_ref(Kind::Region, &entry.region);
                    self.quantity(&entry.value);
                }
            }
        }
        for part in &item.parts {
            self.item(part);
        }
    }

    fn target(&mut self, t: &Target<'_>) {
        for n in &t.lead {
            self.name_ref(Kind::Agency, n);
        }
        if let Some(scope) = &t.region {
            if let RegionScope::One(n) = &scope.node {
                self.name_ref(Kind::Region, n);
            }
        }
        self.name_ref(Kind::Metric, &t.metric);
        let Condition::Measured { requirement, .. } = &t.condition.node else {
            return;
        };
        match requirement {
            Requirement::Compare {
                value, tolerance, ..
            }
            | Requirement::About { value, tolerance } => {
                match value {
                    Operand::Quantity(q) => self.quantity(q),
                    Operand::Metric { name, .. } => self.name_ref(Kind::Metric, name),
                    Operand::Mean { .. } => {}
                }
                if let Some(q) = tolerance {
                    self.quantity(q);
                }
            }
            Requirement::Between { low, high } => {
                self.quantity(low);
                self.quantity(high);
            }
            Requirement::Set { .. } => {}
        }
    }

    /// A use of a name of `kind`: its symbol, made undeclared if needed.
    fn name_ref(&mut self, kind: Kind, name: &Name<'_>) {
        let text = name.text.as_ref();
        let (id, role) = match self.lookup(kind, text) {
            Some(id) => {
                let alias = self
                    .symbols
                    .get(id)
                    .is_some_and(|s| s.name != text && s.alias.as_deref() == Some(text));
                (id, if alias { Role::Alias } else { Role::Reference })
            }
            None => (self.add(kind, text, Origin::Undeclared), Role::Reference),
        };
        self.occur(name.span, id, role, name.quoted);
    }

    fn quantity(&mut self, q: &Quantity<'_>) {
        if let Some(u) = &q.unit {
            self.unit_ref(u);
        }
    }

    /// A unit as written after a number or in a metric: a unit, a
    /// multiplier and a unit (`万名`: the reference is `名`), or a quotient
    /// of them (`吨标准煤/万元`, `例/10万人`).
    fn unit_ref(&mut self, name: &Name<'_>) {
        let text = name.text.as_ref();
        let start = name.span.start as usize;
        if self.lookup(Kind::Unit, text).is_some() || !text.contains('/') {
            self.unit_part(text, start);
            return;
        }
        let Some((top, bottom)) = text.split_once('/') else {
            return;
        };
        self.unit_part(top, start);
        let count = bottom.len()
            - bottom
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .len();
        let rest = bottom.get(count..).unwrap_or("");
        self.unit_part(rest, start + top.len() + 1 + count);
    }

    fn unit_part(&mut self, text: &str, start: usize) {
        let whole = Span::new(start, start + text.len());
        if let Some(id) = self.lookup(Kind::Unit, text) {
            self.occur(whole, id, Role::Reference, false);
            return;
        }
        let mut chars = text.chars();
        if let Some(m @ ('万' | '亿')) = chars.next() {
            let rest = chars.as_str();
            if rest.is_empty() {
                return; // a bare multiplier: `2万` names no unit
            }
            if let Some(id) = self.lookup(Kind::Unit, rest) {
                let at = start + m.len_utf8();
                self.occur(Span::new(at, at + rest.len()), id, Role::Reference, false);
                return;
            }
        }
        if text.is_empty() {
            return;
        }
        let id = self.add(Kind::Unit, text, Origin::Undeclared);
        self.occur(whole, id, Role::Reference, false);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(src: &str) -> NameIndex {
        let mut diags = Vec::new();
        NameIndex::build(&crate::syntax::parse(src, &mut diags))
    }

    fn texts<'a>(src: &'a str, ix: &NameIndex, name: &str, kind: Kind) -> Vec<(&'a str, Role)> {
        let id = ix.lookup(kind, name);
        ix.occurrences()
            .iter()
            .filter(|o| Some(o.symbol) == id)
            .map(|o| (src.get(o.span.range()).unwrap_or("?"), o.role))
            .collect()
    }

    const PLAN: &str = "plan \"p\"\nperiod 2010..2012\nagency 各县政府 \"各县(市、区)政府\", 市经贸委\nunit 张: count\nmetric 床位: stock 张\nmetric 人才: flow 名\nitem 一 \"t\" {\n  lead 市经贸委\n  support \"各县(市、区)政府\", 市科委\n  by 2012: 床位 >= 2万张\n  by 2012: 人才 >= 3万名\n}\n";

    #[test]
    fn agencies_by_id_and_full_name() {
        let ix = index(PLAN);
        assert_eq!(
            texts(PLAN, &ix, "各县政府", Kind::Agency),
            [
                ("各县政府", Role::Definition),
                ("\"各县(市、区)政府\"", Role::Alias),
                ("\"各县(市、区)政府\"", Role::Alias)
            ]
        );
        assert_eq!(
            texts(PLAN, &ix, "市经贸委", Kind::Agency),
            [
                ("市经贸委", Role::Definition),
                ("市经贸委", Role::Reference)
            ]
        );
    }

    #[test]
    fn units_after_a_multiplier_and_built_in() {
        let ix = index(PLAN);
        assert_eq!(
            texts(PLAN, &ix, "张", Kind::Unit),
            [
                ("张", Role::Definition),
                ("张", Role::Reference),
                ("张", Role::Reference)
            ]
        );
        let ming = ix.lookup(Kind::Unit, "名").and_then(|i| ix.symbol(i));
        assert_eq!(ming.map(|s| s.origin), Some(Origin::BuiltIn));
        assert_eq!(texts(PLAN, &ix, "名", Kind::Unit).len(), 2);
    }

    #[test]
    fn undeclared_names_are_indexed() {
        let ix = index(PLAN);
        let s = ix.lookup(Kind::Agency, "市科委").and_then(|i| ix.symbol(i));
        assert_eq!(s.map(|s| s.origin), Some(Origin::Undeclared));
    }

    #[test]
    fn occurrence_at_a_cursor() {
        let ix = index(PLAN);
        let at = PLAN.find("lead 市经贸委").unwrap_or(0) + "lead 市".len();
        let o = ix.at(at).and_then(|o| ix.symbol(o.symbol));
        assert_eq!(o.map(|s| s.name.as_str()), Some("市经贸委"));
        let after = PLAN.find("lead 市经贸委").unwrap_or(0) + "lead 市经贸委".len();
        assert!(ix.at(after).is_some());
        assert!(ix.at(0).is_none());
    }

    #[test]
    fn quotient_units_name_both_sides() {
        let src = "plan \"p\"\nperiod 2010..2012\nunit 吨标准煤: energy\nmetric 能耗: stock 吨标准煤/万元\n";
        let ix = index(src);
        assert_eq!(texts(src, &ix, "吨标准煤", Kind::Unit).len(), 2);
        assert_eq!(
            texts(src, &ix, "万元", Kind::Unit),
            [("万元", Role::Reference)]
        );
    }
}
