//! `--format junit`: targets as test cases, so CI systems list them.
//!
//! A firm target missed or behind is a failure (of the gate's classes,
//! with `--fail-on`); pending and no data are skipped; a strive target
//! missed or behind passes, with its status in the case's output. A
//! target with a class carries it, and its strength, as properties.

use super::{by_section, item_heading, section_heading, text};
use crate::eval::{Evaluation, Status};
use crate::model::Model;

pub fn render(eval: &Evaluation, model: &Model) -> String {
    let s = &eval.summary;
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    out.push_str(&format!(
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" skipped=\"{}\">\n",
        xml(&format!("planc eval as of {}: {title}", eval.as_of)),
        s.targets,
        eval.failing(),
        s.pending + s.no_data
    ));
    for g in by_section(eval, model) {
        let rows: Vec<_> = g
            .items
            .iter()
            .flat_map(|i| i.rows.iter().map(move |r| (i.item, *r)))
            .collect();
        let failures = rows.iter().filter(|(_, (_, r))| eval.gates(r)).count();
        let skipped = rows
            .iter()
            .filter(|(_, (_, r))| matches!(r.status, Status::Pending | Status::NoData))
            .count();
        out.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" skipped=\"{skipped}\">\n",
            xml(&section_heading(g.section)),
            rows.len()
        ));
        for (item, (t, r)) in rows {
            let name = format!(
                "{} {} {} by {}",
                t.id,
                t.metric,
                text::requirement(t, r.unit.as_deref()),
                text::due(t)
            );
            out.push_str(&format!(
                "    <testcase classname=\"{}\" name=\"{}\">\n",
                xml(&item_heading(item)),
                xml(&name)
            ));
            if let Some(class) = &r.class {
                out.push_str(&format!(
                    "      <properties>\n        <property name=\"class\" value=\"{}\"/>\n        <property name=\"strength\" value=\"{}\"/>\n      </properties>\n",
                    xml(class),
                    text::strength(r.strength)
                ));
            }
            let detail = format!(
                "{}: actual {}{}",
                text::status(r),
                text::actual(r),
                text::note(r).map(|n| format!("; {n}")).unwrap_or_default()
            );
            if eval.gates(r) {
                out.push_str(&format!(
                    "      <failure type=\"{}\" message=\"{}\"/>\n",
                    r.status.as_str(),
                    xml(&detail)
                ));
            } else if matches!(r.status, Status::Pending | Status::NoData) {
                out.push_str(&format!("      <skipped message=\"{}\"/>\n", xml(&detail)));
            } else {
                out.push_str(&format!(
                    "      <system-out>{}</system-out>\n",
                    xml(&detail)
                ));
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
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
