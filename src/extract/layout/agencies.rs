//! The agencies of a document: 牵头单位/配合单位 lines and their inline
//! forms, names split on 、, each agency declared once with a stable id.

use super::super::clean::Para;
use super::super::names::{bare, letters, Registry};
use super::super::{Agency, Quote, Span};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Lead,
    Support,
    /// 责任单位: the lead if there is no 牵头单位, else support.
    Responsible,
    /// 责任领导: a person, not an agency.
    Person,
}

/// The length of a label and its colon at the start of `text`.
pub(super) fn label(text: &str) -> Option<(Role, usize)> {
    const LABELS: [(&str, Role); 12] = [
        ("牵头单位", Role::Lead),
        ("牵头部门", Role::Lead),
        ("牵头领导", Role::Person),
        ("责任领导", Role::Person),
        ("配合单位", Role::Support),
        ("配合部门", Role::Support),
        ("协办单位", Role::Support),
        ("参与单位", Role::Support),
        ("协同单位", Role::Support),
        ("责任单位", Role::Responsible),
        ("责任部门", Role::Responsible),
        ("主办单位", Role::Lead),
    ];
    let text = text.trim_start();
    for (l, role) in LABELS {
        if let Some(rest) = text.strip_prefix(l) {
            let rest_trim = rest.trim_start();
            if let Some(c) = rest_trim.chars().next().filter(|c| *c == ':' || *c == '：') {
                let len = text.len() - rest_trim.len() + c.len_utf8();
                return Some((role, len));
            }
        }
    }
    None
}

/// Inline agencies at the end of a paragraph: `…。(牵头单位:区发改局;责任单位:…)`
/// or `(市政府办公室牵头,各县市区政府按职责分工负责)`. Returns the byte
/// offset where the bracket opens and the (role, names) found.
pub fn inline_agencies(text: &str) -> Option<(usize, Vec<(Role, String)>)> {
    let trimmed = text.trim_end_matches(['。', ' ']);
    if !(trimmed.ends_with(')') || trimmed.ends_with('）') || trimmed.ends_with(']')) {
        return None;
    }
    let open = trimmed.rfind(['(', '（', '['])?;
    let inner_start = open + trimmed.get(open..)?.chars().next()?.len_utf8();
    let inner = trimmed.get(inner_start..trimmed.len() - trimmed.chars().last()?.len_utf8())?;
    if !(inner.contains("牵头") || inner.contains("责任单位") || inner.contains("配合")) {
        return None;
    }
    let mut found = Vec::new();
    for part in inner.split([';', '；']) {
        if let Some((role, n)) = label(part) {
            found.push((role, part.trim_start().get(n..).unwrap_or("").to_string()));
            continue;
        }
        // 市政府办公室、市审改办牵头,市级各有关部门按职责分工负责
        for piece in part.split([',', '，']) {
            let p = piece.trim();
            if let Some(names) = p.strip_suffix("牵头") {
                found.push((Role::Lead, names.to_string()));
            } else if let Some(names) = ["配合", "参与", "按职责分工负责", "负责"]
                .iter()
                .find_map(|s| p.strip_suffix(s))
            {
                found.push((Role::Support, names.to_string()));
            }
        }
    }
    (!found.is_empty()).then_some((open, found))
}

/// Names in a list: split on 、 , ; outside brackets, with 等 and trailing
/// words of role dropped.
pub fn split_names(list: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0usize;
    let push = |s: usize, e: usize, out: &mut Vec<(String, usize)>| {
        let raw = list.get(s..e).unwrap_or("");
        let lead_ws = raw.len() - raw.trim_start().len();
        let mut name = raw.trim().trim_end_matches(['。', '.']);
        for suffix in ["按职责分工负责", "等单位", "等部门", "等"] {
            if let Some(n) = name.strip_suffix(suffix) {
                name = n;
            }
        }
        if !letters(name).is_empty() {
            out.push((name.to_string(), s + lead_ws));
        }
    };
    for (i, c) in list.char_indices() {
        match c {
            '(' | '（' => depth += 1,
            ')' | '）' => depth = depth.saturating_sub(1),
            '、' | ',' | '，' | ';' | '；' if depth == 0 => {
                push(start, i, &mut out);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    push(start, list.len(), &mut out);
    out
}

/// Agencies declared once each, by name exactly as written. Ids are given
/// at the end: a name that is an identifier keeps itself (市供销社), and a
/// name with punctuation takes its words outside brackets (各县政府 for
/// 各县(市、区)政府), or all its words when another name has those
/// (市供销社农合联 for 市供销社(农合联)).
#[derive(Default)]
pub struct Agencies {
    list: Vec<Agency>,
    by_name: HashMap<String, usize>,
}

impl Agencies {
    pub fn get(&mut self, name: &str, at: Span) -> usize {
        if let Some(&i) = self.by_name.get(name) {
            return i;
        }
        let i = self.list.len();
        self.list.push(Agency {
            id: String::new(),
            name: name.to_string(),
            first: at,
        });
        self.by_name.insert(name.to_string(), i);
        i
    }

    pub fn finish(mut self) -> Vec<Agency> {
        let mut ids = Registry::default();
        let plain: std::collections::HashSet<String> = self
            .list
            .iter()
            .filter(|a| letters(&a.name) == a.name)
            .map(|a| a.name.clone())
            .collect();
        for a in self.list.iter_mut().filter(|a| letters(&a.name) == a.name) {
            a.id = ids.fresh(std::slice::from_ref(&a.name), "单位");
        }
        for a in self.list.iter_mut().filter(|a| letters(&a.name) != a.name) {
            let b = bare(&a.name);
            let candidates = if plain.contains(&b) {
                vec![letters(&a.name)]
            } else {
                vec![b, letters(&a.name)]
            };
            a.id = ids.fresh(&candidates, "单位");
        }
        self.list
    }
}

/// Paragraphs closed by agency lines.
#[derive(Default)]
pub(super) struct Block {
    /// Each paragraph, and whether it is the item's header line.
    pub(super) paras: Vec<(Quote, bool)>,
    pub(super) lead: Vec<usize>,
    pub(super) support: Vec<usize>,
    pub(super) responsible: Vec<usize>,
    pub(super) closed: bool,
}

impl Block {
    /// Agencies named inline in the paragraph `para`.
    pub(super) fn add(&mut self, role: Role, list: &str, para: &Para, agencies: &mut Agencies) {
        for (name, _) in split_names(list) {
            let at = para
                .text
                .find(name.as_str())
                .map_or(Span::default(), |s| Span {
                    start: para.src(s),
                    end: para.src(s + name.len()),
                });
            self.add_one(role, &name, at, agencies);
        }
    }

    pub(super) fn add_one(&mut self, role: Role, name: &str, at: Span, agencies: &mut Agencies) {
        let list = match role {
            Role::Lead => &mut self.lead,
            Role::Support => &mut self.support,
            Role::Responsible => &mut self.responsible,
            Role::Person => return,
        };
        let i = agencies.get(name, at);
        if !list.contains(&i) {
            list.push(i);
        }
    }

    /// Lead and support, 责任单位 placed.
    pub(super) fn roles(&self) -> (Vec<usize>, Vec<usize>) {
        let mut lead = self.lead.clone();
        let mut support = self.support.clone();
        if lead.is_empty() {
            lead.extend(self.responsible.iter().copied());
        } else {
            support.extend(
                self.responsible
                    .iter()
                    .copied()
                    .filter(|r| !lead.contains(r)),
            );
        }
        support.retain(|s| !lead.contains(s));
        (lead, support)
    }
}
