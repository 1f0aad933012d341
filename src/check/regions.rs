//! Regions: `region 嘉兴市: 南湖区, 秀洲区` declares a region and the regions
//! it is made of; `region 南湖区, 秀洲区` declares regions side by side.
//! Each region is part of at most one other, and never of itself.

use super::suggest::closest;
use crate::diag::{Code, Diagnostic};
use crate::model;
use crate::span::{Span, Spanned};
use crate::syntax::ast::{Name, RegionDecl};
use std::collections::HashMap;

#[derive(Default)]
pub struct Regions {
    /// In the order first named.
    pub list: Vec<model::Region>,
    by_id: HashMap<String, usize>,
    /// Where each region is first named.
    declared: Vec<Span>,
    /// Whether a `region NAME: …` statement gave its parts, and where.
    parts_given: HashMap<usize, Span>,
    /// Whether it stands in a `region A, B` list, and where.
    listed: HashMap<usize, Span>,
}

impl Regions {
    pub fn declare(decls: &[Spanned<RegionDecl<'_>>], diags: &mut Vec<Diagnostic>) -> Self {
        let mut r = Regions::default();
        for d in decls {
            match &d.node {
                RegionDecl::List(names) => {
                    for n in names {
                        let i = r.named(n);
                        let first = r.listed.get(&i).copied().or_else(|| r.part_of_span(i));
                        if let Some(first) = first {
                            diags.push(twice(n, first));
                        } else {
                            r.listed.insert(i, n.span);
                        }
                    }
                }
                RegionDecl::Parent { parent, parts } => {
                    let p = r.named(parent);
                    if let Some(&first) = r.parts_given.get(&p) {
                        diags.push(
                            Diagnostic::new(
                                Code::Duplicate,
                                format!("the parts of region `{}` are given twice", parent.text),
                            )
                            .label(parent.span, "given again here")
                            .label(first, "first given here")
                            .help(format!(
                                "list every part of `{}` in one statement: `region {}: …, …`",
                                parent.text, parent.text
                            )),
                        );
                        continue;
                    }
                    r.parts_given.insert(p, parent.span);
                    for n in parts {
                        let i = r.named(n);
                        r.attach(i, p, n, diags);
                    }
                }
            }
        }
        r.check_cycles(diags);
        r
    }

    /// The index of the region named `n`, declaring it on first mention.
    fn named(&mut self, n: &Name<'_>) -> usize {
        if let Some(&i) = self.by_id.get(n.text.as_ref()) {
            return i;
        }
        let i = self.list.len();
        self.list.push(model::Region {
            id: n.text.to_string(),
            parent: None,
        });
        self.by_id.insert(n.text.to_string(), i);
        self.declared.push(n.span);
        i
    }

    /// Where region `i` was first made a part, if it was.
    fn part_of_span(&self, i: usize) -> Option<Span> {
        self.list.get(i)?.parent.as_ref()?;
        self.declared.get(i).copied()
    }

    /// Makes region `i` a part of region `p`.
    fn attach(&mut self, i: usize, p: usize, n: &Name<'_>, diags: &mut Vec<Diagnostic>) {
        let parent_id = self.list.get(p).map(|r| r.id.clone());
        let Some(region) = self.list.get_mut(i) else {
            return;
        };
        if let Some(other) = &region.parent {
            let first = self.declared.get(i).copied().unwrap_or(n.span);
            diags.push(
                Diagnostic::new(
                    Code::Duplicate,
                    format!("region `{}` is already part of `{other}`", n.text),
                )
                .label(n.span, "made a part again here")
                .label(first, "first named here")
                .help("a region is part of one region only; remove it from one of the lists"),
            );
            return;
        }
        if let Some(&first) = self.listed.get(&i) {
            diags.push(twice(n, first));
            return;
        }
        region.parent = parent_id;
        // Where it became a part is where it is pointed at from now on.
        if let Some(s) = self.declared.get_mut(i) {
            *s = n.span;
        }
    }

    /// A region that is part of itself, through its parents: reported once,
    /// at the first region of the loop, and cut so nothing walks it again.
    fn check_cycles(&mut self, diags: &mut Vec<Diagnostic>) {
        for i in 0..self.list.len() {
            let mut chain = vec![i];
            let mut at = i;
            while let Some(p) = self.parent_index(at) {
                if p == i {
                    let names: Vec<&str> = chain
                        .iter()
                        .chain(std::iter::once(&i))
                        .filter_map(|&k| self.list.get(k).map(|r| r.id.as_str()))
                        .collect();
                    let span = self.declared.get(i).copied().unwrap_or_default();
                    diags.push(
                        Diagnostic::new(
                            Code::Duplicate,
                            format!(
                                "region `{}` is part of itself: {}",
                                names.first().copied().unwrap_or(""),
                                names.join(" → ")
                            ),
                        )
                        .label(span, "part of itself")
                        .help("a region's parts are smaller regions within it; remove it from its own parts"),
                    );
                    if let Some(r) = self.list.get_mut(i) {
                        r.parent = None;
                    }
                    break;
                }
                if chain.contains(&p) {
                    break; // a loop further up, reported at its own region
                }
                chain.push(p);
                at = p;
            }
        }
    }

    fn parent_index(&self, i: usize) -> Option<usize> {
        let p = self.list.get(i)?.parent.as_deref()?;
        self.by_id.get(p).copied()
    }

    /// The declared region `name` names; E0109 with a suggestion otherwise.
    pub fn resolve(&self, name: &Name<'_>, diags: &mut Vec<Diagnostic>) -> Option<String> {
        if self.by_id.contains_key(name.text.as_ref()) {
            return Some(name.text.to_string());
        }
        let mut d = Diagnostic::new(
            Code::UnknownRegion,
            format!("unknown region `{}`", name.text),
        )
        .label(name.span, "not declared");
        let ids = self.list.iter().map(|r| r.id.as_str());
        d = match closest(&name.text, ids) {
            Some(s) => {
                let d = d.help(format!("did you mean `{s}`?"));
                match self.by_id.get(s).and_then(|&i| self.declared.get(i)) {
                    Some(&span) => d.label(span, format!("`{s}` declared here")),
                    None => d,
                }
            }
            None if self.list.is_empty() => d.help(format!(
                "the plan declares no region; declare its regions at the top of the plan: `region {}`, or a city and its districts: `region 嘉兴市: 南湖区, 秀洲区`",
                name.text
            )),
            None => d.help(format!(
                "declare it at the top of the plan (`region {}`), or use one of the {} regions declared",
                name.text,
                self.list.len()
            )),
        };
        diags.push(d);
        None
    }

    /// The regions without parts of their own (districts and counties), in
    /// declaration order: where `in each region` is judged.
    pub fn leaves(&self) -> Vec<&str> {
        let parents: std::collections::HashSet<&str> = self
            .list
            .iter()
            .filter_map(|r| r.parent.as_deref())
            .collect();
        self.list
            .iter()
            .map(|r| r.id.as_str())
            .filter(|id| !parents.contains(id))
            .collect()
    }
}

fn twice(n: &Name<'_>, first: Span) -> Diagnostic {
    Diagnostic::new(
        Code::Duplicate,
        format!("region `{}` is declared twice", n.text),
    )
    .label(n.span, "declared again here")
    .label(first, "first declared here")
    .help("declare each region once: in one `region` list, or as a part of one region")
}
