//! `--format markdown`: a report to paste into a document or an issue.
//!
//! By section (`--markdown-layout sections`, the default): a heading a
//! section and an item, the item's text quoted, a table of its targets.
//! As one table (`--markdown-layout table`): every item and target of the
//! plan in one table, the section and item on each row, so it sorts and
//! filters in a spreadsheet.

use super::lang::Key;
use super::text::Words;
use super::{by_agency, by_region, by_section, MarkdownLayout, Options, Row};
use crate::eval::Evaluation;
use crate::model::{Item, Model};

pub fn render(eval: &Evaluation, model: &Model, opts: Options, w: &Words) -> String {
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let mut out = format!(
        "# {}\n\n{}\n",
        escape(title),
        escape(&sentence(w, &w.summary(eval)))
    );
    let classes = w.class_lines(eval);
    if !classes.is_empty() {
        out.push('\n');
        for line in classes {
            out.push_str(&format!("- {}\n", escape(&line)));
        }
    }
    match (opts.by_agency, opts.markdown) {
        _ if opts.by_region => regions(&mut out, eval, model, w),
        (true, MarkdownLayout::Sections) => agencies(&mut out, eval, model, w),
        (true, MarkdownLayout::Table) => agency_table(&mut out, eval, model, w),
        (false, MarkdownLayout::Sections) => sections(&mut out, eval, model, w),
        (false, MarkdownLayout::Table) => plan_table(&mut out, eval, model, w),
    }
    out
}

/// A target's columns, after any leading ones.
const TARGET_COLUMNS: [Key; 8] = [
    Key::HeaderTarget,
    Key::HeaderMetric,
    Key::HeaderRequired,
    Key::HeaderDue,
    Key::HeaderActual,
    Key::HeaderStatus,
    Key::HeaderNote,
    Key::HeaderQuote,
];

/// A table's header row and rule: the `leading` columns, the target's
/// id, the `after_id` columns, then the rest of the target's columns.
fn header(w: &Words, leading: &[Key], after_id: &[Key]) -> String {
    let (id, rest) = TARGET_COLUMNS.split_at(1);
    let names: Vec<String> = leading
        .iter()
        .chain(id)
        .chain(after_id)
        .chain(rest)
        .map(|k| escape(w.get(*k)))
        .collect();
    format!(
        "| {} |\n|{}\n",
        names.join(" | "),
        "---|".repeat(names.len())
    )
}

/// A target's cells: id, metric, required, due, actual, status, note and
/// the document's words.
fn target_cells(w: &Words, (t, r): Row) -> Vec<String> {
    vec![
        t.id.clone(),
        t.metric.clone(),
        w.requirement(t, r.unit.as_deref()),
        w.due(t),
        w.actual(t, r),
        format!("**{}**", w.status(r)),
        w.note(t, r).unwrap_or_default(),
        w.quote(t).unwrap_or_default(),
    ]
}

fn line(cells: &[String]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// An item's text, one quoted paragraph each.
fn texts(out: &mut String, item: &Item) {
    for (i, t) in item.text.iter().enumerate() {
        if i > 0 {
            out.push_str(">\n");
        }
        out.push_str(&format!("> {}\n", escape(t)));
    }
    if !item.text.is_empty() {
        out.push('\n');
    }
}

fn sections(out: &mut String, eval: &Evaluation, model: &Model, w: &Words) {
    let groups = by_section(eval, model);
    if let Some(u) = w.untargeted_summary(&groups) {
        out.push_str(&format!("\n{}\n", escape(&sentence(w, &u))));
    }
    for s in groups {
        out.push_str(&format!("\n## {}\n", escape(&w.section_heading(s.section))));
        for i in s.items {
            out.push_str(&format!(
                "\n### {}\n\n",
                escape(&w.item_heading_class(i.item, &i.rows))
            ));
            texts(out, i.item);
            if i.rows.is_empty() {
                out.push_str(&format!(
                    "_{}_\n",
                    escape(&sentence(w, &w.no_target(i.item)))
                ));
                continue;
            }
            out.push_str(&header(w, &[], &[Key::HeaderLead]));
            for row in i.rows {
                let mut cells = target_cells(w, row);
                cells.insert(1, w.agencies(&row.1.lead));
                out.push_str(&line(&cells));
            }
        }
    }
}

/// `--by-region`: the plan-wide targets, then each declared region's.
fn regions(out: &mut String, eval: &Evaluation, model: &Model, w: &Words) {
    for g in by_region(eval, model) {
        out.push_str(&format!(
            "\n## {}\n\n",
            escape(&w.region_heading(g.region, g.rows.len()))
        ));
        if g.rows.is_empty() {
            out.push_str(&format!(
                "_{}_\n",
                escape(&sentence(w, w.get(Key::NoTargetInRegion)))
            ));
            continue;
        }
        out.push_str(&header(w, &[], &[Key::HeaderLead]));
        for row in g.rows {
            let mut cells = target_cells(w, row);
            cells.insert(1, w.agencies(&row.1.lead));
            out.push_str(&line(&cells));
        }
    }
}

fn agencies(out: &mut String, eval: &Evaluation, model: &Model, w: &Words) {
    for g in by_agency(eval, model) {
        out.push_str(&format!("\n## {}\n\n", escape(&g.agency.name)));
        out.push_str(&header(w, &[], &[Key::HeaderRole]));
        for (role, rows) in [(Key::RoleLead, g.leads), (Key::RoleSupport, g.supports)] {
            for row in rows {
                let mut cells = target_cells(w, row);
                cells.insert(1, w.get(role).to_string());
                out.push_str(&line(&cells));
            }
        }
        for item in g.untargeted {
            let what = w.fill(
                Key::UntargetedItem,
                &[
                    ("heading", &w.item_heading(item)),
                    ("what", &w.no_target(item)),
                ],
            );
            out.push_str(&format!("\n_{}_\n\n", escape(&sentence(w, &what))));
            texts(out, item);
        }
    }
}

/// Every item and target in one table: an item's own row carries its text
/// (and says when it has no target), its targets follow.
fn plan_table(out: &mut String, eval: &Evaluation, model: &Model, w: &Words) {
    let groups = by_section(eval, model);
    if let Some(u) = w.untargeted_summary(&groups) {
        out.push_str(&format!("\n{}\n", escape(&sentence(w, &u))));
    }
    out.push('\n');
    let leading = [Key::HeaderSection, Key::HeaderItem, Key::HeaderLead];
    out.push_str(&header(w, &leading, &[]));
    for s in groups {
        let section = w.section_heading(s.section);
        for i in s.items {
            let item = w.item_heading_class(i.item, &i.rows);
            if !i.item.text.is_empty() || i.rows.is_empty() {
                let note = if i.rows.is_empty() {
                    w.no_target(i.item)
                } else {
                    String::new()
                };
                let mut cells = vec![section.clone(), item.clone(), w.agencies(&i.item.lead)];
                // No id, metric, requirement, due date, figure or status.
                cells.extend(std::iter::repeat_n(String::new(), 6));
                cells.extend([note, i.item.text.join(" ")]);
                out.push_str(&line(&cells));
            }
            for row in i.rows {
                let mut cells = vec![section.clone(), item.clone(), w.agencies(&row.1.lead)];
                cells.extend(target_cells(w, row));
                out.push_str(&line(&cells));
            }
        }
    }
}

/// Every agency's targets in one table, the agency and its role on each
/// row; items without targets follow the table.
fn agency_table(out: &mut String, eval: &Evaluation, model: &Model, w: &Words) {
    out.push('\n');
    out.push_str(&header(w, &[Key::HeaderAgency, Key::HeaderRole], &[]));
    let groups = by_agency(eval, model);
    for g in &groups {
        for (role, rows) in [(Key::RoleLead, &g.leads), (Key::RoleSupport, &g.supports)] {
            for &row in rows {
                let mut cells = vec![g.agency.name.clone(), w.get(role).to_string()];
                cells.extend(target_cells(w, row));
                out.push_str(&line(&cells));
            }
        }
    }
    for g in &groups {
        for item in &g.untargeted {
            out.push_str(&format!(
                "\n_{} — {}_\n\n",
                escape(&g.agency.name),
                escape(&w.fill(
                    Key::UntargetedItem,
                    &[
                        ("heading", &w.item_heading(item)),
                        ("what", &w.no_target(item))
                    ],
                ))
            ));
            texts(out, item);
        }
    }
}

fn sentence(w: &Words, text: &str) -> String {
    w.fill(Key::Sentence, &[("text", &text)])
}

/// Keeps table cells intact: pipes escaped, line breaks as spaces.
fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
