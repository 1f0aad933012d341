//! `--format markdown`: a report to paste into a document or an issue.

use super::{
    by_agency, by_region, by_section, item_heading, no_target, region_heading, section_heading,
    text, Options, Row,
};
use crate::eval::Evaluation;
use crate::model::Model;

pub fn render(eval: &Evaluation, model: &Model, opts: Options) -> String {
    let names = text::AgencyNames::new(model);
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let mut out = format!("# {}\n\n{}.\n", escape(title), text::summary(eval));
    let classes = text::class_lines(eval);
    if !classes.is_empty() {
        out.push('\n');
        for line in classes {
            out.push_str(&format!("- {}\n", escape(&line)));
        }
    }
    if opts.by_region {
        for g in by_region(eval, model) {
            out.push_str(&format!("\n## {}\n\n", escape(&region_heading(g.region))));
            if g.rows.is_empty() {
                out.push_str("_No target in this region._\n");
                continue;
            }
            out.push_str(HEADER);
            for row in g.rows {
                let lead = names.list(&row.1.lead);
                out.push_str(&line(row, &lead));
            }
        }
    } else if opts.by_agency {
        for g in by_agency(eval, model) {
            out.push_str(&format!("\n## {}\n\n", escape(&g.agency.name)));
            out.push_str(HEADER_AGENCY);
            for (role, rows) in [("lead", g.leads), ("support", g.supports)] {
                for row in rows {
                    out.push_str(&line(row, role));
                }
            }
            for item in g.untargeted {
                out.push_str(&format!(
                    "\n_{}: {}._\n",
                    escape(&item_heading(item)),
                    escape(&no_target(item))
                ));
            }
        }
    } else {
        let groups = by_section(eval, model);
        if let Some(u) = text::untargeted_summary(&groups) {
            out.push_str(&format!("{}.\n", escape(&u)));
        }
        for s in groups {
            out.push_str(&format!("\n## {}\n", escape(&section_heading(s.section))));
            for i in s.items {
                out.push_str(&format!(
                    "\n### {}{}\n\n",
                    escape(&item_heading(i.item)),
                    escape(&text::class_suffix(&i.rows))
                ));
                if i.rows.is_empty() {
                    out.push_str(&format!("_{}._\n", escape(&no_target(i.item))));
                    continue;
                }
                out.push_str(HEADER);
                for row in i.rows {
                    let lead = names.list(&row.1.lead);
                    out.push_str(&line(row, &lead));
                }
            }
        }
    }
    out
}

const HEADER: &str = "| Target | Lead | Metric | Required | Due | Actual | Status | Note |\n|---|---|---|---|---|---|---|---|\n";
const HEADER_AGENCY: &str = "| Target | Role | Metric | Required | Due | Actual | Status | Note |\n|---|---|---|---|---|---|---|---|\n";

fn line((t, r): Row, second: &str) -> String {
    let cells = [
        t.id.clone(),
        second.to_string(),
        t.metric.clone(),
        text::requirement(t, r.unit.as_deref()),
        text::due(t),
        text::actual(r),
        format!("**{}**", text::status(r)),
        text::note(r).unwrap_or_default(),
    ];
    let cells: Vec<String> = cells.iter().map(|c| escape(c)).collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Keeps table cells intact: pipes escaped, line breaks as spaces.
fn escape(s: &str) -> String {
    s.replace('|', "\\|").replace(['\n', '\r'], " ")
}
