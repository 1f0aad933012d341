//! The language server's features through the library: the fixes
//! diagnostics carry, and each answer computed from an analysis.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use lsp_types::{Position, Range, Uri};
use planc::lsp::{actions, completion, format, hover, navigate, Analysis};
use planc::source::SourceFile;
use std::str::FromStr;

fn analyse(text: &str) -> Analysis {
    Analysis::complete("a.plan", text.to_string()).expect("not cancelled")
}

fn uri() -> Uri {
    Uri::from_str("file:///a.plan").unwrap()
}

fn offset_of(text: &str, needle: &str) -> usize {
    text.find(needle)
        .unwrap_or_else(|| panic!("{needle} not in the text"))
}

/// Every fix of every fixture's diagnostics repairs what it is offered
/// for: applied, the diagnostic is gone from where it was, and there are
/// fewer of its code.
#[test]
fn every_fix_repairs_its_diagnostic() {
    let mut fixes = 0;
    for entry in std::fs::read_dir("tests/diagnostics").unwrap() {
        let path = entry.unwrap().path();
        if path.extension().and_then(|e| e.to_str()) != Some("plan") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let before = planc::compile(&SourceFile::new("a.plan", text.as_str())).diagnostics;
        for d in &before {
            for fix in &d.fixes {
                fixes += 1;
                let mut fixed = text.clone();
                fixed.replace_range(fix.span.range(), &fix.replacement);
                let after = planc::compile(&SourceFile::new("a.plan", fixed.as_str())).diagnostics;
                let at = d.primary_span().unwrap().start;
                assert!(
                    !after
                        .iter()
                        .any(|a| a.code == d.code && a.primary_span().map(|s| s.start) == Some(at)),
                    "{}: `{}` does not repair {} at {at}",
                    path.display(),
                    fix.title,
                    d.code.as_str()
                );
                // What was hidden behind a syntax error may show now, but
                // not another of the same kind.
                let same =
                    |ds: &[planc::diag::Diagnostic]| ds.iter().filter(|x| x.code == d.code).count();
                assert!(
                    same(&after) < same(&before),
                    "{}: `{}` leaves as many of its code",
                    path.display(),
                    fix.title
                );
            }
        }
    }
    // Full-width punctuation, misspelt keywords, names and units.
    assert!(fixes >= 5, "only {fixes} fixes in the fixtures");
}

#[test]
fn fixes_by_kind() {
    let text = "plan \"p\"\nperiod 2010..2012\nagency 市经贸委\nmetric 床位: stock 张\nunit 张: count\nitem 一 \"t\" {\n  leed 市经贸委\n  lead 市经茂委\n  by 2012： 床位 >= 2万场此\n}\n";
    let out = planc::compile(&SourceFile::new("a.plan", text));
    let fixes: Vec<(&str, &str, &str)> = out
        .diagnostics
        .iter()
        .flat_map(|d| {
            d.fixes.iter().map(move |f| {
                (
                    d.code.as_str(),
                    &text[f.span.range()],
                    f.replacement.as_str(),
                )
            })
        })
        .collect();
    assert_eq!(
        fixes,
        [
            ("E0001", "leed", "lead"),
            ("E0101", "市经茂委", "市经贸委"),
            ("E0002", "：", ":"),
            // The statement is read with `:` for `：` and checked on.
            ("E0103", "万场此", "万场次"),
        ],
    );
}

const PLAN: &str = "plan \"p\"\nperiod 2010..2012\nagency 市经贸委, 各县政府 \"各县(市、区)政府\"\nunit 张: count\nmetric 床位: stock 张 \"机构养老床位\"\nitem 一 \"养老\" {\n  lead 市经贸委\n  support \"各县(市、区)政府\"\n  by 2012: 床位 >= 2万张 \"床位两万张\"\n}\n";

#[test]
fn hover_names_each_kind() {
    let a = analyse(PLAN);
    let text = |at: &str, skip: usize| {
        let h = hover::hover(&a, offset_of(PLAN, at) + skip).expect("a hover");
        match h.contents {
            lsp_types::HoverContents::Markup(m) => m.value,
            _ => String::new(),
        }
    };
    assert_eq!(
        text("lead 市经贸委", 5),
        "**agency** `市经贸委`\n\nleads:\n- 一 养老"
    );
    assert_eq!(
        text("\"各县(市、区)政府\"\n", 1),
        "**agency** `各县政府`\n\nfull name: 各县(市、区)政府\n\nsupports:\n- 一 养老"
    );
    assert_eq!(
        text("床位 >=", 0),
        "**metric** `床位`: stock in 张\n\n机构养老床位\n\ntargets:\n- 1-1 `by 2012: 床位 >= 2万张 \"床位两万张\"`"
    );
    assert_eq!(
        text("万张 \"", 3),
        "**unit** `张` (declared)\n\ndimension: count\n\nscale: 1\n\na count classifier"
    );
    assert!(hover::hover(&a, 0).is_none(), "nothing at `plan`");
}

#[test]
fn definition_references_and_rename() {
    let a = analyse(PLAN);
    let u = uri();
    let on = offset_of(PLAN, "床位 >=");
    let def = navigate::definition(&a, &u, on).expect("declared");
    assert_eq!(def.range.start, Position::new(4, 7));
    assert_eq!(navigate::references(&a, &u, on, true).len(), 2);
    assert_eq!(navigate::references(&a, &u, on, false).len(), 1);
    let edit = navigate::rename(&a, &u, on, "养老床位").unwrap();
    let edits = &edit.changes.unwrap()[&u];
    assert_eq!(edits.len(), 2);
    assert!(edits.iter().all(|e| e.new_text == "养老床位"));
    // A name that is not bare is quoted; a keyword too.
    let edit = navigate::rename(&a, &u, on, "each").unwrap();
    assert!(edit.changes.unwrap()[&u]
        .iter()
        .all(|e| e.new_text == "\"each\""));
    // The full name is not the id.
    let full = offset_of(PLAN, "\"各县(市、区)政府\"\n") + 1;
    assert!(navigate::prepare_rename(&a, full)
        .unwrap_err()
        .contains("full name"));
    // A unit is one word.
    let zhang = offset_of(PLAN, "万张") + 3;
    assert!(navigate::rename(&a, &u, zhang, "a b").is_err());
    assert!(navigate::rename(&a, &u, zhang, "床").is_ok());
}

#[test]
fn completion_offers_the_metrics_unit_after_a_number() {
    let a = analyse(PLAN);
    let text = PLAN.replace("2万张 \"床位两万张\"", "3");
    let at = offset_of(&text, ">= 3") + 4;
    let items = completion::completion(Some(&a), &text, at);
    let first = items
        .iter()
        .min_by_key(|i| i.sort_text.clone())
        .expect("units");
    assert_eq!(first.label, "张");
    assert_eq!(first.preselect, Some(true));
    assert!(items
        .iter()
        .all(|i| i.kind == Some(lsp_types::CompletionItemKind::UNIT)));
    // A full name that cannot stand bare is inserted quoted.
    let lead = offset_of(&text, "  lead ") + 7;
    let items = completion::completion(Some(&a), &text, lead);
    let gx = items
        .iter()
        .find(|i| i.label == "各县政府")
        .expect("agency");
    assert_eq!(gx.insert_text, None, "the id is bare");
    assert_eq!(gx.detail.as_deref(), Some("各县(市、区)政府"));
}

#[test]
fn quick_fix_declares_a_missing_agency() {
    let text = PLAN.replace("lead 市经贸委", "lead 市民政局");
    let a = analyse(&text);
    let at = offset_of(&text, "市民政局");
    let span = planc::span::Span::new(at, at);
    let acts = actions::code_actions(&a, &uri(), span, &Default::default());
    let titles: Vec<String> = acts
        .iter()
        .map(|c| match c {
            lsp_types::CodeActionOrCommand::CodeAction(a) => a.title.clone(),
            lsp_types::CodeActionOrCommand::Command(c) => c.title.clone(),
        })
        .collect();
    assert_eq!(titles, ["declare agency `市民政局`"]);
    let lsp_types::CodeActionOrCommand::CodeAction(act) = &acts[0] else {
        panic!("a code action")
    };
    let edit = &act.edit.as_ref().unwrap().changes.as_ref().unwrap()[&uri()][0];
    assert_eq!(
        edit.range,
        Range::new(Position::new(3, 0), Position::new(3, 0))
    );
    assert_eq!(edit.new_text, "agency 市民政局\n");
}

#[test]
fn formatting_is_planc_fmt() {
    let messy = PLAN.replace("  lead 市经贸委", "      lead   市经贸委");
    let edits = format::format(&messy).unwrap();
    assert_eq!(edits.len(), 1);
    assert_eq!(edits[0].new_text, PLAN);
    assert_eq!(format::format(PLAN).unwrap(), []);
    assert!(format::format("item {")
        .unwrap_err()
        .contains("syntax errors"));
}

/// Regions are names like the others: hover, definition, references across
/// the declaration, quotas and `in REGION` targets, and rename.
#[test]
fn regions_hover_definition_references_and_rename() {
    const REGIONS: &str = "plan \"p\"\nperiod 2010..2012\nagency 甲\n\
region 嘉兴市: 南湖区, 秀洲区\nmetric projects: flow 项\n\
item 三 \"t\" {\n  lead 甲\n  by 2012: projects >= 30项\n  quota 南湖区 20, 秀洲区 10\n\
  by 2012 in 南湖区: projects >= 5项\n}\n";
    let a = analyse(REGIONS);
    assert!(a.diagnostics.is_empty(), "{:?}", a.diagnostics);
    let u = uri();
    let on = offset_of(REGIONS, "南湖区 20");
    let def = navigate::definition(&a, &u, on).expect("declared");
    // Line 3, after `region 嘉兴市: `: 7 + 3 + 2 UTF-16 units.
    assert_eq!(def.range.start, Position::new(3, 12));
    assert_eq!(def.range.end, Position::new(3, 15));
    // The declaration, the quota and the `in` target.
    assert_eq!(navigate::references(&a, &u, on, true).len(), 3);
    let h = hover::hover(&a, on).expect("a hover");
    let lsp_types::HoverContents::Markup(m) = h.contents else {
        panic!("markup expected")
    };
    assert!(
        m.value.starts_with("**region** `南湖区` (in 嘉兴市)"),
        "{}",
        m.value
    );
    assert!(m.value.contains("3-1@南湖区"), "{}", m.value);
    let city = hover::hover(&a, offset_of(REGIONS, "嘉兴市")).expect("a hover");
    let lsp_types::HoverContents::Markup(m) = city.contents else {
        panic!("markup expected")
    };
    assert!(
        m.value.contains("parts:\n- 南湖区\n- 秀洲区"),
        "{}",
        m.value
    );
    let edit = navigate::rename(&a, &u, on, "南湖").unwrap();
    let edits = &edit.changes.unwrap()[&u];
    assert_eq!(edits.len(), 3);
    assert!(edits.iter().all(|e| e.new_text == "南湖"));
}
