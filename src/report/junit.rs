//! `--format junit`: targets as test cases, so CI systems list them.
//!
//! A firm target missed or behind is a failure (of the gate's classes,
//! with `--fail-on`); pending, no data and unassessed are skipped; a strive
//! target missed or behind passes, with its status in the case's output. A
//! target with a class carries it, and its strength, as properties, and
//! the document's words as the property `quote`. An item without targets
//! is a skipped case of its own, so it is listed too; an item's text is a
//! property `text` of its section's suite, one a paragraph.

use super::lang::Key;
use super::text::{self, Words};
use super::{by_region, by_section, untargeted, Options};
use crate::eval::{Evaluation, Status, TargetResult};
use crate::model::{Item, Model, Target};

pub fn render(eval: &Evaluation, model: &Model, opts: Options, w: &Words) -> String {
    let s = &eval.summary;
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let groups = by_section(eval, model);
    let bare = untargeted(&groups).len();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
        xml(&w.fill(
            Key::JunitSuites,
            &[("year", &eval.as_of), ("title", &title)]
        )),
        s.targets.saturating_add(bare),
        eval.failing(),
        s.pending
            .saturating_add(s.no_data)
            .saturating_add(s.unassessed)
            .saturating_add(bare)
    ));
    if opts.by_region {
        by_region_suites(&mut out, eval, model, w);
        out.push_str("</testsuites>\n");
        return out;
    }
    for g in groups {
        let (mut tests, mut failures, mut skipped) = (0usize, 0usize, 0usize);
        for i in &g.items {
            if i.rows.is_empty() {
                tests = tests.saturating_add(1);
                skipped = skipped.saturating_add(1);
            }
            for (_, r) in &i.rows {
                tests = tests.saturating_add(1);
                if eval.gates(r) {
                    failures = failures.saturating_add(1);
                } else if is_skipped(r.status) {
                    skipped = skipped.saturating_add(1);
                }
            }
        }
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
            xml(&w.section_heading(g.section)),
        ));
        let texts: Vec<(&Item, &String)> = g
            .items
            .iter()
            .flat_map(|i| i.item.text.iter().map(move |t| (i.item, t)))
            .collect();
        if !texts.is_empty() {
            out.push_str("    <properties>\n");
            for (item, t) in texts {
                out.push_str(&format!(
                    "      <property name=\"text {}\" value=\"{}\"/>\n",
                    xml(&item.id),
                    xml(t)
                ));
            }
            out.push_str("    </properties>\n");
        }
        // Document order: each item with its targets, or as a skipped case
        // of its own when it has none.
        for i in &g.items {
            if i.rows.is_empty() {
                out.push_str(&format!(
                    "    <testcase classname=\"{}\" name=\"{}\">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                    xml(&w.item_heading(i.item)),
                    xml(&w.fill(
                        Key::JunitCaseItem,
                        &[("id", &i.item.id), ("title", &i.item.title)]
                    )),
                    xml(&w.no_target(i.item))
                ));
            }
            for &(t, r) in &i.rows {
                case(&mut out, w, i.item, t, r, eval.gates(r));
            }
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

/// `--by-region`: one suite per region (the plan-wide targets first),
/// each target a case under its item; items without targets are counted
/// in the totals but belong to no region.
fn by_region_suites(out: &mut String, eval: &Evaluation, model: &Model, w: &Words) {
    let items: std::collections::HashMap<&str, &Item> =
        model.items.iter().map(|i| (i.id.as_str(), i)).collect();
    for g in by_region(eval, model) {
        let tests = g.rows.len();
        let failures = g.rows.iter().filter(|(_, r)| eval.gates(r)).count();
        let skipped = g
            .rows
            .iter()
            .filter(|(_, r)| !eval.gates(r) && is_skipped(r.status))
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{tests}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
            xml(&w.region_heading(g.region, g.rows.len())),
        ));
        for &(t, r) in &g.rows {
            // A model written by hand may name an item it lacks: the case
            // is listed under the item's id rather than left out.
            let classname = items
                .get(t.item.as_str())
                .map_or_else(|| format!("({})", t.item), |i| w.item_heading(i));
            case_in(out, w, &classname, t, r, eval.gates(r));
        }
        out.push_str("  </testsuite>\n");
    }
}

fn case(out: &mut String, w: &Words, item: &Item, t: &Target, r: &TargetResult, fails: bool) {
    case_in(out, w, &w.item_heading(item), t, r, fails);
}

/// A target's case under the class name `classname` (its item's heading).
fn case_in(
    out: &mut String,
    w: &Words,
    classname: &str,
    t: &Target,
    r: &TargetResult,
    fails: bool,
) {
    let name = w.fill(
        Key::JunitCase,
        &[
            ("target", &t.id),
            ("metric", &t.metric),
            ("required", &w.requirement(t, r.unit.as_deref())),
            ("due", &w.due(t)),
        ],
    );
    out.push_str(&format!(
        "    <testcase classname=\"{}\" name=\"{}\">\n",
        xml(classname),
        xml(&name)
    ));
    let mut properties: Vec<(&str, String)> = Vec::new();
    if let Some(class) = &r.class {
        properties.push(("class", class.clone()));
        properties.push(("strength", text::strength(w.cat, r.strength).to_string()));
    }
    if let Some(q) = &t.quote {
        properties.push(("quote", q.clone()));
    }
    if !properties.is_empty() {
        out.push_str("      <properties>\n");
        for (name, value) in properties {
            out.push_str(&format!(
                "        <property name=\"{name}\" value=\"{}\"/>\n",
                xml(&value)
            ));
        }
        out.push_str("      </properties>\n");
    }
    let detail = w.fill(
        Key::JunitDetail,
        &[("status", &w.status(r)), ("actual", &w.actual(t, r))],
    );
    let detail = match w.note(t, r) {
        Some(n) => format!("{detail}{}{n}", w.get(Key::ReasonSep)),
        None => detail,
    };
    if fails {
        out.push_str(&format!(
            "      <failure type=\"{}\" message=\"{}\"/>\n",
            r.status.as_str(),
            xml(&detail)
        ));
    } else if is_skipped(r.status) {
        out.push_str(&format!("      <skipped message=\"{}\"/>\n", xml(&detail)));
    } else {
        out.push_str(&format!(
            "      <system-out>{}</system-out>\n",
            xml(&detail)
        ));
    }
    out.push_str("    </testcase>\n");
}

/// Statuses that judge nothing yet: a skipped case.
fn is_skipped(status: Status) -> bool {
    matches!(
        status,
        Status::Pending | Status::NoData | Status::Unassessed
    )
}

/// Escapes text for an XML attribute or element.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            // Characters XML 1.0 cannot hold at all.
            c if (c as u32) < 0x20 && c != '\t' && c != '\r' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}
