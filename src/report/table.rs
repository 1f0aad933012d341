//! The terminal table: columns aligned by display width, so CJK text (two
//! cells a character) lines up; fitted to a width when given one; colour
//! only when asked for.

use super::lang::Key;
use super::text::Words;
use super::{by_agency, by_region, by_section, Options, Row};
use crate::eval::{Evaluation, Status};
use crate::model::Model;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Widest a column may grow before its text is cut with `…`; a regional
/// target's id carries its region (`3-1@南湖区`).
const MAX_WIDTHS: [usize; 7] = [16, 18, 20, 34, 14, 34, 18];
/// Narrowest a column is cut to when the table must fit a width; the
/// status is never cut.
const MIN_WIDTHS: [usize; 7] = [5, 6, 8, 10, 4, 10, 18];
/// Columns narrowed when the table is too wide, tier by tier: lead,
/// metric, required and actual; then target and due.
const SHRINK_TIERS: [&[usize]; 2] = [&[1, 2, 3, 5], &[0, 4]];
const HEADERS: [Key; 7] = [
    Key::HeaderTarget,
    Key::HeaderLead,
    Key::HeaderMetric,
    Key::HeaderRequired,
    Key::HeaderDue,
    Key::HeaderActual,
    Key::HeaderStatus,
];
const GAP: usize = 2;

enum Line<'a> {
    /// A section or agency heading.
    Heading(String),
    /// An item's heading.
    Item(String),
    Row(Row<'a>, Option<&'static str>),
    /// Indented text under a row or an item: a note, the document's words.
    Text(String),
}

pub fn render(eval: &Evaluation, model: &Model, opts: Options, w: &Words) -> String {
    let mut lines: Vec<Line> = Vec::new();
    let mut untargeted = None;
    let with_texts = |lines: &mut Vec<Line>, item: &crate::model::Item| {
        for t in &item.text {
            lines.push(Line::Text(w.fill(Key::ItemText, &[("text", t)])));
        }
    };
    if opts.by_region {
        for g in by_region(eval, model) {
            lines.push(Line::Heading(w.region_heading(g.region, g.rows.len())));
            if g.rows.is_empty() {
                lines.push(Line::Text(w.get(Key::NoTargetInRegion).to_string()));
            }
            lines.extend(g.rows.into_iter().map(|r| Line::Row(r, None)));
        }
    } else if opts.by_agency {
        for g in by_agency(eval, model) {
            lines.push(Line::Heading(w.fill(
                Key::HeadingAgency,
                &[
                    ("agency", &g.agency.name),
                    ("leads", &g.leads.len()),
                    ("supports", &g.supports.len()),
                ],
            )));
            lines.extend(g.leads.into_iter().map(|r| Line::Row(r, Some("lead"))));
            lines.extend(
                g.supports
                    .into_iter()
                    .map(|r| Line::Row(r, Some("support"))),
            );
            for item in g.untargeted {
                lines.push(Line::Item(w.fill(
                    Key::UntargetedItem,
                    &[
                        ("heading", &w.item_heading(item)),
                        ("what", &w.no_target(item)),
                    ],
                )));
                with_texts(&mut lines, item);
            }
        }
    } else {
        let groups = by_section(eval, model);
        untargeted = w.untargeted_summary(&groups);
        for s in groups {
            lines.push(Line::Heading(w.section_heading(s.section)));
            for i in s.items {
                lines.push(Line::Item(w.item_heading_class(i.item, &i.rows)));
                with_texts(&mut lines, i.item);
                if i.rows.is_empty() {
                    lines.push(Line::Text(w.no_target(i.item)));
                }
                lines.extend(i.rows.into_iter().map(|r| Line::Row(r, None)));
            }
        }
    }
    let cells = |(t, r): Row, role: Option<&str>| -> [String; 7] {
        [
            t.id.clone(),
            match role {
                Some("lead") => w.get(Key::RoleLead).to_string(),
                Some(_) => w.get(Key::RoleSupport).to_string(),
                None => w.agencies(&r.lead),
            },
            t.metric.clone(),
            w.requirement(t, r.unit.as_deref()),
            w.due(t),
            w.actual(t, r),
            w.status(r),
        ]
    };
    let mut headers = HEADERS.map(|k| w.get(k).to_string());
    if let Some(h) = headers.get_mut(1).filter(|_| opts.by_agency) {
        *h = w.get(Key::HeaderRole).to_string();
    }
    let rows: Vec<Option<[String; 7]>> = lines
        .iter()
        .map(|l| match l {
            Line::Row(r, role) => Some(cells(*r, *role)),
            _ => None,
        })
        .collect();
    let mut widths = headers.clone().map(|h| h.width());
    for row in rows.iter().flatten() {
        for ((w, cell), max) in widths.iter_mut().zip(row).zip(MAX_WIDTHS) {
            *w = (*w).max(cell.width().min(max));
        }
    }
    if let Some(limit) = opts.width {
        let cell_widths: Vec<[usize; 7]> = rows
            .iter()
            .flatten()
            .map(|r| r.clone().map(|c| c.width()))
            .collect();
        fit(&mut widths, limit, &cell_widths);
    }
    let limit = opts.width.unwrap_or(usize::MAX);
    let indent = widths.first().map_or(0, |w| w + GAP);
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let mut out = String::new();
    let put = |out: &mut String, text: &str, indent: usize, style: fn(&str, bool) -> String| {
        for piece in wrap(text, limit.saturating_sub(indent).max(MIN_TEXT)) {
            out.push_str(&style(
                &format!("{}{piece}", " ".repeat(indent)),
                opts.color,
            ));
            out.push('\n');
        }
    };
    put(&mut out, title, 0, plain);
    put(
        &mut out,
        &w.fill(Key::TitleAsOf, &[("year", &eval.as_of)]),
        0,
        plain,
    );
    out.push('\n');
    out.push_str(&bold(&row_text(&headers, &widths, None, false), opts.color));
    out.push('\n');
    for (line, row) in lines.iter().zip(&rows) {
        match (line, row) {
            (Line::Heading(h), _) => put(&mut out, h, 0, bold),
            (Line::Item(h), _) => put(&mut out, h, 2, bold),
            (Line::Row((t, r), _), Some(cells)) => {
                out.push_str(&row_text(cells, &widths, Some(r.status), opts.color));
                out.push('\n');
                if let Some(q) = w.quote(t) {
                    put(&mut out, &q, indent, dim);
                }
                if let Some(note) = w.note(t, r) {
                    put(&mut out, &format!("↳ {note}"), indent, dim);
                }
            }
            (Line::Text(what), _) => put(&mut out, what, indent, dim),
            (Line::Row(..), None) => {}
        }
    }
    out.push('\n');
    put(&mut out, &w.summary(eval), 0, plain);
    if let Some(u) = untargeted {
        put(&mut out, &u, 0, plain);
    }
    for line in w.class_lines(eval) {
        put(&mut out, &line, 0, plain);
    }
    out
}

/// Narrowest a wrapped text line is made, however tight the width.
const MIN_TEXT: usize = 20;

/// Narrows columns until the row fits `limit` or every column is at its
/// minimum: first the wide ones (lead, metric, required, actual), then the
/// target and the due date. Each step narrows the column of its tier that
/// then cuts the fewest cells (`cells` are the rows' display widths), the
/// one with the most room to give among equals: a column of short cells
/// and a few long ones gives before one whose cells are all long.
fn fit(widths: &mut [usize; 7], limit: usize, cells: &[[usize; 7]]) {
    let total = |w: &[usize; 7]| w.iter().sum::<usize>() + GAP * (w.len() - 1);
    // Each column's cell widths, sorted, so a count is a binary search.
    let sorted: Vec<Vec<usize>> = (0..7)
        .map(|i| {
            let mut col: Vec<usize> = cells.iter().filter_map(|r| r.get(i).copied()).collect();
            col.sort_unstable();
            col
        })
        .collect();
    for tier in SHRINK_TIERS {
        while total(widths) > limit {
            let width = |i: usize| widths.get(i).copied().unwrap_or(0);
            let slack = |i: usize| width(i).saturating_sub(MIN_WIDTHS.get(i).copied().unwrap_or(0));
            // The cells of column i cut once it is one narrower.
            let cut = |i: usize| {
                sorted.get(i).map_or(0, |col| {
                    col.len()
                        .saturating_sub(col.partition_point(|&c| c < width(i)))
                })
            };
            let Some(i) = tier
                .iter()
                .copied()
                .filter(|&i| slack(i) > 0)
                .min_by_key(|&i| (cut(i), std::cmp::Reverse(slack(i)), i))
            else {
                break;
            };
            if let Some(w) = widths.get_mut(i) {
                *w -= 1;
            }
        }
    }
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
            line.push_str(&" ".repeat(pad + GAP));
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

/// Punctuation a CJK line may not start with.
const NO_LINE_START: &str = ",.;:!?)]}，。、；：！？）」』”’》〉…";

/// Breaks `s` into lines of at most `width` display cells: after the last
/// space that fits when there is one (English), else after any character
/// (CJK, which has no spaces and may break anywhere).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw > width && !line.is_empty() {
            // Break at the last space of the line, if it leaves something.
            let cut = line.rfind(' ').filter(|&i| i > 0 && !c.is_whitespace());
            match cut {
                Some(i) => {
                    let rest = line.split_off(i);
                    lines.push(line);
                    line = rest.trim_start().to_string();
                }
                None => {
                    // Punctuation that may not start a line takes the
                    // character before it along.
                    let carried = if NO_LINE_START.contains(c) && line.chars().count() > 1 {
                        line.pop()
                    } else {
                        None
                    };
                    lines.push(std::mem::take(&mut line));
                    line.extend(carried);
                }
            }
            used = line.width();
            if used + cw > width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
        used += cw;
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
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

fn plain(s: &str, _: bool) -> String {
    s.to_string()
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

    #[test]
    fn wrapping_counts_display_cells_and_prefers_spaces() {
        assert_eq!(
            wrap("到2012年,争取引进沪杭等地工业项目150项以上", 20),
            ["到2012年,争取引进沪", "杭等地工业项目150项", "以上"]
        );
        for line in wrap("到2012年,争取引进沪杭等地工业项目150项以上", 20) {
            assert!(line.width() <= 20, "{line}");
        }
        assert_eq!(
            wrap("no figure for 2012 of the metric", 14),
            ["no figure for", "2012 of the", "metric"]
        );
        assert_eq!(wrap("", 10), [""]);
        // A comma never starts a line: the character before goes with it.
        assert_eq!(wrap("一二三四五，六", 10), ["一二三四", "五，六"]);
    }

    #[test]
    fn fitting_narrows_lead_and_metric_first_and_never_the_status() {
        let mut w = [8, 18, 20, 34, 10, 34, 18];
        fit(&mut w, 100, &[]);
        assert_eq!(w.iter().sum::<usize>() + GAP * 6, 100);
        assert_eq!(w[6], 18);
        assert_eq!(w[4], 10, "due is narrowed last");
        let mut tight = [8, 18, 20, 34, 10, 34, 18];
        fit(&mut tight, 10, &[]);
        assert_eq!(tight, MIN_WIDTHS);
        // Columns with room to spare give first: the lead and required
        // shrink toward their longest cell, cutting nothing; the metric
        // (one name cut) and the actual figures (which just fit) keep their
        // width.
        let mut w = [8, 18, 20, 20, 10, 20, 18];
        let rows = [[3, 8, 30, 10, 4, 20, 4], [3, 8, 6, 10, 4, 20, 4]];
        fit(&mut w, 116, &rows);
        assert_eq!(w, [8, 12, 20, 16, 10, 20, 18]);
    }
}
