//! Go to definition, find references and rename.

use super::analysis::Analysis;
use crate::index::{Kind, Origin, Role};
use crate::syntax::ast::StmtKind;
use crate::syntax::scan;
use lsp_types as lsp;
use std::collections::HashMap;

/// The declaration of the name at `offset`.
pub fn definition(a: &Analysis, uri: &lsp::Uri, offset: usize) -> Option<lsp::Location> {
    let o = a.index.at(offset)?;
    match a.index.symbol(o.symbol)?.origin {
        Origin::Declared(span) => Some(lsp::Location {
            uri: uri.clone(),
            range: a.lines.range(&a.text, span),
        }),
        Origin::BuiltIn | Origin::Undeclared => None,
    }
}

/// Every place the name at `offset` is written, its declaration only when
/// `declaration` is asked for.
pub fn references(
    a: &Analysis,
    uri: &lsp::Uri,
    offset: usize,
    declaration: bool,
) -> Vec<lsp::Location> {
    let Some(o) = a.index.at(offset) else {
        return Vec::new();
    };
    a.index
        .occurrences_of(o.symbol)
        .filter(|r| declaration || r.role != Role::Definition)
        .map(|r| lsp::Location {
            uri: uri.clone(),
            range: a.lines.range(&a.text, r.span),
        })
        .collect()
}

/// The range a rename at `offset` would change, or why it cannot.
pub fn prepare_rename(a: &Analysis, offset: usize) -> Result<lsp::Range, String> {
    let o = a
        .index
        .at(offset)
        .ok_or("no agency, metric, unit or class here")?;
    let s = a.index.symbol(o.symbol).ok_or("no symbol here")?;
    if s.origin == Origin::BuiltIn {
        return Err(format!(
            "`{}` is a built-in unit and cannot be renamed",
            s.name
        ));
    }
    if o.role == Role::Alias {
        return Err(format!(
            "this is the full name of agency `{}`: rename its id, or edit the name",
            s.name
        ));
    }
    Ok(a.lines.range(&a.text, o.span))
}

/// Renames the name at `offset` to `new_name` everywhere it is written as
/// its id; an agency's full name stays as written.
pub fn rename(
    a: &Analysis,
    uri: &lsp::Uri,
    offset: usize,
    new_name: &str,
) -> Result<lsp::WorkspaceEdit, String> {
    prepare_rename(a, offset)?;
    let o = a.index.at(offset).ok_or("no name here")?;
    let s = a.index.symbol(o.symbol).ok_or("no symbol here")?;
    if a.index
        .lookup(s.kind, new_name)
        .is_some_and(|other| other != o.symbol)
    {
        return Err(format!("{} `{new_name}` already exists", s.kind.word()));
    }
    let bare = is_bare_name(s.kind, new_name);
    if !bare && s.kind == Kind::Unit {
        return Err(format!(
            "`{new_name}` is not a unit name: a unit is one word"
        ));
    }
    if new_name.is_empty() || new_name.contains(['"', '\\', '\n', '\r']) {
        return Err(format!("`{new_name}` cannot be a name"));
    }
    let edits = a
        .index
        .occurrences_of(o.symbol)
        .filter(|r| r.role != Role::Alias)
        .map(|r| lsp::TextEdit {
            range: a.lines.range(&a.text, r.span),
            new_text: if r.quoted || !bare {
                format!("\"{new_name}\"")
            } else {
                new_name.to_string()
            },
        })
        .collect();
    Ok(lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        document_changes: None,
        change_annotations: None,
    })
}

/// Whether `name` reads as a bare name of `kind`, as the grammar itself
/// decides: a declaration of it parses, with exactly that name.
pub fn is_bare_name(kind: Kind, name: &str) -> bool {
    let probe = match kind {
        Kind::Agency => format!("agency {name}"),
        Kind::Metric => format!("metric {name}: flow 项"),
        Kind::Unit => format!("unit {name}: count"),
        Kind::Class => format!("class {name}: firm"),
        Kind::Region => format!("region {name}"),
    };
    let scanned = scan::scan(&probe);
    let [raw] = scanned.stmts.as_slice() else {
        return false;
    };
    let mut diags = Vec::new();
    let stmt = crate::syntax::statement(&probe, raw, &mut diags);
    if !diags.is_empty() {
        return false;
    }
    let declared = match &stmt.kind {
        StmtKind::Agency(defs) => match defs.as_slice() {
            [d] if d.name.is_none() => Some(&d.id),
            _ => None,
        },
        StmtKind::Metric(m) => Some(&m.id),
        StmtKind::Unit(u) => Some(&u.name),
        StmtKind::ClassDecl(c) => Some(&c.id),
        StmtKind::Region(crate::syntax::ast::RegionDecl::List(names)) => match names.as_slice() {
            [n] => Some(n),
            _ => None,
        },
        _ => None,
    };
    declared.is_some_and(|n| !n.quoted && n.text == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_names_by_the_grammar() {
        assert!(is_bare_name(Kind::Agency, "市经贸委"));
        assert!(is_bare_name(Kind::Metric, "国家3A级以上旅游景区"));
        assert!(!is_bare_name(Kind::Agency, "各县(市、区)政府"));
        assert!(!is_bare_name(Kind::Agency, "lead"), "a keyword");
        assert!(!is_bare_name(Kind::Agency, "a b"));
        assert!(!is_bare_name(Kind::Unit, "3吨"));
        assert!(is_bare_name(Kind::Unit, "毫克每升"));
    }
}
