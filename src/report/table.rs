//! The terminal table: columns aligned by display width, so CJK text (two
//! cells a character) lines up; colour only when asked for.

use super::{
    by_agency, by_region, by_section, item_heading, no_target, region_heading, section_heading,
    text, Options, Row,
};
use crate::eval::{Evaluation, Status};
use crate::model::Model;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Widest a column may grow before its text is cut with `…`; a regional
/// target's id carries its region (`3-1@南湖区`).
const MAX_WIDTHS: [usize; 7] = [16, 18, 20, 34, 10, 34, 18];
const HEADERS: [&str; 7] = [
    "Target", "Lead", "Metric", "Required", "Due", "Actual", "Status",
];

enum Line<'a> {
    Heading(String),
    Row(Row<'a>, Option<&'static str>),
    /// An item without targets.
    Untargeted(String),
}

pub fn render(eval: &Evaluation, model: &Model, opts: Options) -> String {
    let names = text::AgencyNames::new(model);
    let mut lines: Vec<Line> = Vec::new();
    let mut untargeted = None;
    if opts.by_region {
        for g in by_region(eval, model) {
            lines.push(Line::Heading(format!(
                "{} — {} target{}",
                region_heading(g.region),
                g.rows.len(),
                if g.rows.len() == 1 { "" } else { "s" }
            )));
            if g.rows.is_empty() {
                lines.push(Line::Untargeted("no target in this region".to_string()));
            }
            lines.extend(g.rows.into_iter().map(|r| Line::Row(r, None)));
        }
    } else if opts.by_agency {
        for g in by_agency(eval, model) {
            lines.push(Line::Heading(format!(
                "{} — leads {}, supports {}",
                g.agency.name,
                g.leads.len(),
                g.supports.len()
            )));
            lines.extend(g.leads.into_iter().map(|r| Line::Row(r, Some("lead"))));
            lines.extend(
                g.supports
                    .into_iter()
                    .map(|r| Line::Row(r, Some("support"))),
            );
            for item in g.untargeted {
                lines.push(Line::Untargeted(format!(
                    "{}: {}",
                    item_heading(item),
                    no_target(item)
                )));
            }
        }
    } else {
        let groups = by_section(eval, model);
        untargeted = text::untargeted_summary(&groups);
        for s in groups {
            lines.push(Line::Heading(section_heading(s.section)));
            for i in s.items {
                lines.push(Line::Heading(format!(
                    "  {}{}",
                    item_heading(i.item),
                    text::class_suffix(&i.rows)
                )));
                if i.rows.is_empty() {
                    lines.push(Line::Untargeted(no_target(i.item)));
                }
                lines.extend(i.rows.into_iter().map(|r| Line::Row(r, None)));
            }
        }
    }
    let cells = |(t, r): Row, role: Option<&str>| -> [String; 7] {
        [
            t.id.clone(),
            match role {
                Some(role) => role.to_string(),
                None => names.list(&r.lead),
            },
            t.metric.clone(),
            text::requirement(t, r.unit.as_deref()),
            text::due(t),
            text::actual(r),
            text::status(r),
        ]
    };
    let mut headers = HEADERS.map(str::to_string);
    if let Some(h) = headers.get_mut(1).filter(|_| opts.by_agency) {
        *h = "Role".to_string();
    }
    let rows: Vec<Option<[String; 7]>> = lines
        .iter()
        .map(|l| match l {
            Line::Row(r, role) => Some(cells(*r, *role)),
            Line::Heading(_) | Line::Untargeted(_) => None,
        })
        .collect();
    let mut widths = headers.clone().map(|h| h.width());
    for row in rows.iter().flatten() {
        for ((w, cell), max) in widths.iter_mut().zip(row).zip(MAX_WIDTHS) {
            *w = (*w).max(cell.width().min(max));
        }
    }
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let mut out = format!("{title}\nEvaluated as of {}\n\n", eval.as_of);
    out.push_str(&bold(&row_text(&headers, &widths, None, false), opts.color));
    out.push('\n');
    for (line, row) in lines.iter().zip(&rows) {
        match (line, row) {
            (Line::Heading(h), _) => {
                out.push_str(&bold(h, opts.color));
                out.push('\n');
            }
            (Line::Row((_, r), _), Some(cells)) => {
                out.push_str(&row_text(cells, &widths, Some(r.status), opts.color));
                out.push('\n');
                if let Some(note) = text::note(r) {
                    let indent = " ".repeat(widths.first().map_or(0, |w| w + 2));
                    out.push_str(&dim(&format!("{indent}↳ {note}"), opts.color));
                    out.push('\n');
                }
            }
            (Line::Untargeted(what), _) => {
                let indent = " ".repeat(widths.first().map_or(0, |w| w + 2));
                out.push_str(&dim(&format!("{indent}{what}"), opts.color));
                out.push('\n');
            }
            (Line::Row(..), None) => {}
        }
    }
    out.push('\n');
    out.push_str(&text::summary(eval));
    out.push('\n');
    if let Some(u) = untargeted {
        out.push_str(&u);
        out.push('\n');
    }
    for line in text::class_lines(eval) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn row_text(
    cells: &[String; 7],
    widths: &[usize; 7],
    status: Option<Status>,
    color: bool,
) -> String {
    let last = cells.len() - 1;
    let mut line = String::new();
    for (i, (cell, &w)) in cells.iter().zip(widths).enumerate() {
        let cut = truncate(cell, w);
        let pad = w.saturating_sub(cut.width());
        let shown = match status {
            Some(s) if i == last => paint(&cut, s, color),
            _ => cut,
        };
        line.push_str(&shown);
        if i < last {
            line.push_str(&" ".repeat(pad + 2));
        }
    }
    line.trim_end().to_string()
}

/// Cuts `s` to at most `width` display cells, ending in `…` when cut.
fn truncate(s: &str, width: usize) -> String {
    if s.width() <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in s.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

fn paint(s: &str, status: Status, color: bool) -> String {
    if !color {
        return s.to_string();
    }
    let code = match status {
        Status::Met => "32",
        Status::OnTrack => "36",
        Status::Missed => "31;1",
        Status::Behind => "33;1",
        Status::Pending | Status::NoData => "2",
        Status::Unassessed => "35",
    };
    format!("\x1b[{code}m{s}\x1b[0m")
}

fn bold(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[1m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn dim(s: &str, color: bool) -> String {
    if color {
        format!("\x1b[2m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_display_cells() {
        assert_eq!(truncate("市经贸委", 8), "市经贸委");
        assert_eq!(truncate("嘉兴经济技术开发区管委会", 9), "嘉兴经济…");
        assert_eq!(truncate("嘉兴经济技术开发区管委会", 9).width(), 9);
    }
}
