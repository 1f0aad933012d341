//! Indicator classes: `class 约束性: firm` at the top level, `class 约束性`
//! in an item.

use super::suggest::closest;
use crate::diag::{Code, Diagnostic};
use crate::model;
use crate::span::Span;
use crate::syntax::ast::{ClassDecl, Name, Strength};

/// The plan's classes, in declaration order.
#[derive(Default)]
pub struct Classes {
    pub list: Vec<model::Class>,
    /// Where each class's id is declared, beside `list`.
    declared: Vec<Span>,
}

impl Classes {
    pub fn declare(decls: &[ClassDecl<'_>], diags: &mut Vec<Diagnostic>) -> Self {
        let mut c = Classes::default();
        for d in decls {
            let id = d.id.text.to_string();
            if let Some(first) = c.position(&id).and_then(|i| c.declared.get(i)) {
                diags.push(
                    Diagnostic::new(Code::Duplicate, format!("class `{id}` is declared twice"))
                        .label(d.id.span, "declared again here")
                        .label(*first, "first declared here")
                        .help("declare each class once, with the strength of its targets"),
                );
                continue;
            }
            c.declared.push(d.id.span);
            c.list.push(model::Class {
                id,
                strength: match d.strength.node {
                    Strength::Firm => model::Strength::Firm,
                    Strength::Strive => model::Strength::Strive,
                },
            });
        }
        c
    }

    fn position(&self, id: &str) -> Option<usize> {
        self.list.iter().position(|c| c.id == id)
    }

    /// The class `name` refers to, or E0108 with a did-you-mean.
    pub fn resolve(&self, name: &Name<'_>, diags: &mut Vec<Diagnostic>) -> Option<&model::Class> {
        if let Some(c) = self.position(&name.text).and_then(|i| self.list.get(i)) {
            return Some(c);
        }
        let mut d = Diagnostic::new(Code::UnknownClass, format!("unknown class `{}`", name.text))
            .label(name.span, "not declared");
        let ids = self.list.iter().map(|c| c.id.as_str());
        d = match closest(&name.text, ids) {
            Some(s) => {
                let d = d
                    .help(format!("did you mean `{s}`?"))
                    .fix(format!("write `{s}`"), name.span, super::suggest::written_as(s, name.quoted));
                match self.position(s).and_then(|i| self.declared.get(i)) {
                    Some(&span) => d.label(span, format!("`{s}` declared here")),
                    None => d,
                }
            }
            None if self.list.is_empty() => d.help(format!(
                "the plan declares no class; declare it at the top of the plan with the strength of its targets: `class {}: firm`",
                name.text
            )),
            None => d.help(format!(
                "the plan declares {}; declare another at the top of the plan: `class {}: firm`",
                self.list
                    .iter()
                    .map(|c| format!("`{}`", c.id))
                    .collect::<Vec<_>>()
                    .join(", "),
                name.text
            )),
        };
        diags.push(d);
        None
    }
}
