//! The HTML report: one self-contained page (inline CSS, SVG charts and a
//! small filtering script; nothing fetched), with an overview of the
//! counts per status by section, class and agency, then a panel per
//! target: its chart, status and reason, agencies and the document's words.
//!
//! Every string from the plan or the data is escaped ([`escape::esc`]);
//! every word the page writes itself is in [`words`].

mod escape;
mod svg;
pub mod words;

use super::lang::Catalogue;
use super::{by_agency, by_section, text, Row};
use crate::eval::{Evaluation, Status, Summary, TargetResult, TrendMeasure};
use crate::model::{Model, Target};
use escape::esc;
use std::collections::HashMap;
use std::fmt::Write as _;
use words::Words;

const CSS: &str = include_str!("page.css");
const SCRIPT: &str = include_str!("filter.js");

/// The page, in English.
pub fn render(eval: &Evaluation, model: &Model) -> String {
    let cat = Catalogue::english();
    render_in(eval, model, &text::Words::new(&cat, model))
}

/// The page in the language of `tw`, the words every report shares.
pub fn render_in(eval: &Evaluation, model: &Model, tw: &text::Words) -> String {
    let w = &Words::new(tw);
    let names = text::AgencyNames::new(model);
    let title = model.plan.title.as_deref().unwrap_or(&model.plan.source);
    let mut s = String::with_capacity(64 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        esc(w.lang),
        esc(title),
        esc(w.report)
    );
    let _ = write!(
        s,
        "<header>\n<h1>{}</h1>\n<p class=\"meta\">{} {} · {} {} · {}</p>\n</header>\n",
        esc(title),
        esc(w.as_of),
        eval.as_of,
        eval.summary.targets,
        esc(w.targets),
        esc(&model.plan.source)
    );
    overview(&mut s, eval, model, w, &names);
    let facets = facets(eval, model, w, &names);
    filters(&mut s, eval, &facets, w);
    legend(&mut s, w);
    let metrics: HashMap<&str, &str> = model
        .metrics
        .iter()
        .filter_map(|m| Some((m.id.as_str(), m.description.as_deref()?)))
        .collect();
    s.push_str("<main>\n");
    for g in by_section(eval, model) {
        let _ = write!(
            s,
            "<section class=\"sec\">\n<h2>{}</h2>\n",
            esc(&section_or(g.section, w))
        );
        for i in g.items {
            let _ = write!(
                s,
                "<section class=\"item\">\n<h3>{}</h3>\n",
                esc(&w.text.item_heading(i.item))
            );
            if i.rows.is_empty() {
                // An item with only text: its words, on demand.
                match i.item.text.len() {
                    0 => {
                        let _ = writeln!(s, "<p class=\"muted\">{}</p>", esc(w.no_target));
                    }
                    n => {
                        let _ = writeln!(
                            s,
                            "<details class=\"texts\"><summary class=\"muted\">{}</summary>",
                            esc(&format!("{} ({}: {n})", w.no_target, w.texts))
                        );
                        for t in &i.item.text {
                            let _ = writeln!(s, "<blockquote>{}</blockquote>", esc(t));
                        }
                        s.push_str("</details>\n");
                    }
                }
            }
            for row in i.rows {
                panel(&mut s, row, w, &names, &metrics, &facets);
            }
            s.push_str("</section>\n");
        }
        s.push_str("</section>\n");
    }
    let _ = write!(
        s,
        "</main>\n<footer>{}</footer>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n",
        esc(w.generated_by)
    );
    s
}

fn section_or(section: Option<&crate::model::Section>, w: &Words) -> String {
    match section {
        Some(_) => w.text.section_heading(section),
        None => w.other_items.to_string(),
    }
}

/// The counts of some rows.
fn count<'a>(rows: impl IntoIterator<Item = &'a TargetResult>) -> Summary {
    let mut sum = Summary::default();
    for r in rows {
        sum.add(r.status, r.strength);
    }
    sum
}

/// A table's header: the first column, the total, then one per status.
fn head(s: &mut String, first: &str, w: &Words, extra: Option<&str>) {
    let _ = write!(
        s,
        "<thead><tr><th>{}</th><th>{}</th>",
        esc(first),
        esc(w.total)
    );
    for st in Status::ALL {
        let _ = write!(
            s,
            "<th class=\"s {}\">{}</th>",
            st.as_str(),
            esc(w.status(st))
        );
    }
    if let Some(e) = extra {
        let _ = write!(s, "<th>{}</th>", esc(e));
    }
    s.push_str("</tr></thead>\n");
}

/// One row of counts; each cell says its status, so the page can be read
/// back (the browser test does).
fn counts(s: &mut String, name: &str, sum: &Summary, extra: Option<usize>) {
    let _ = write!(
        s,
        "<tr><td>{}</td><td data-count=\"targets\">{}</td>",
        esc(name),
        sum.targets
    );
    for st in Status::ALL {
        let n = sum.count(st);
        let zero = if n == 0 { " class=\"zero\"" } else { "" };
        let _ = write!(s, "<td{zero} data-status=\"{}\">{n}</td>", st.as_str());
    }
    if let Some(e) = extra {
        let _ = write!(s, "<td>{e}</td>");
    }
    s.push_str("</tr>\n");
}

fn overview(
    s: &mut String,
    eval: &Evaluation,
    model: &Model,
    w: &Words,
    names: &text::AgencyNames,
) {
    let _ = write!(
        s,
        "<section id=\"overview\">\n<h2>{}</h2>\n<table id=\"summary\">\n",
        esc(w.overview)
    );
    head(s, "", w, None);
    counts(s, w.all_targets, &eval.summary, None);
    s.push_str("</table>\n");
    let _ = write!(
        s,
        "<h3>{}</h3>\n<table id=\"by-section\">\n",
        esc(w.by_section)
    );
    head(s, w.section, w, None);
    for g in by_section(eval, model) {
        let rows = g.items.iter().flat_map(|i| i.rows.iter().map(|(_, r)| *r));
        counts(s, &section_or(g.section, w), &count(rows), None);
    }
    s.push_str("</table>\n");
    if !eval.classes.is_empty() {
        let _ = write!(s, "<h3>{}</h3>\n<table id=\"by-class\">\n", esc(w.by_class));
        head(s, w.class, w, None);
        for c in &eval.classes {
            let name = format!("{} ({})", c.class, w.strength(c.strength));
            counts(s, &name, &c.summary, None);
        }
        s.push_str("</table>\n");
    }
    // Plans name dozens of agencies: the table opens on demand (and for
    // printing, which the script sees to).
    let agencies = by_agency(eval, model);
    let _ = write!(
        s,
        "<details id=\"agencies\">\n<summary><h3>{} ({})</h3></summary>\n<table id=\"by-agency\">\n",
        esc(w.by_agency),
        agencies.len()
    );
    head(s, w.agency, w, Some(w.supports));
    for g in agencies {
        let leads = count(g.leads.iter().map(|(_, r)| *r));
        counts(s, names.name(&g.agency.id), &leads, Some(g.supports.len()));
    }
    s.push_str("</table>\n</details>\n</section>\n");
}

/// A filter: a name, the values it offers (value, label), and a target's
/// values. Each is one entry of [`facets`]: a region filter, once results
/// carry regions, is one more.
struct Facet<'w> {
    key: &'static str,
    label: &'w str,
    options: Vec<(String, String)>,
    of: fn(&TargetResult) -> Vec<&str>,
}

/// The filters the plan has: status always; agency when targets name
/// agencies; class when the plan declares classes. A filter without
/// options is left out.
fn facets<'w>(
    eval: &Evaluation,
    model: &Model,
    w: &Words<'w>,
    names: &text::AgencyNames,
) -> Vec<Facet<'w>> {
    let all = [
        Facet {
            key: "status",
            label: w.status,
            options: Status::ALL
                .into_iter()
                .filter(|st| eval.summary.count(*st) > 0)
                .map(|st| (st.as_str().to_string(), w.status(st).to_string()))
                .collect(),
            of: |r| vec![r.status.as_str()],
        },
        Facet {
            key: "agency",
            label: w.agency,
            options: by_agency(eval, model)
                .iter()
                .filter(|g| !g.leads.is_empty() || !g.supports.is_empty())
                .map(|g| (g.agency.id.clone(), names.name(&g.agency.id).to_string()))
                .collect(),
            of: |r| {
                let mut ids: Vec<&str> = Vec::new();
                for id in r.lead.iter().chain(&r.support) {
                    if !ids.contains(&id.as_str()) {
                        ids.push(id);
                    }
                }
                ids
            },
        },
        Facet {
            key: "class",
            label: w.class,
            options: model
                .classes
                .iter()
                .map(|c| (c.id.clone(), c.id.clone()))
                .collect(),
            of: |r| r.class.iter().map(String::as_str).collect(),
        },
    ];
    all.into_iter().filter(|f| !f.options.is_empty()).collect()
}

/// A target's values of each facet, as the JSON object the script reads.
fn facet_values(facets: &[Facet], r: &TargetResult) -> String {
    let map: serde_json::Map<String, serde_json::Value> = facets
        .iter()
        .map(|f| (f.key.to_string(), serde_json::json!((f.of)(r))))
        .collect();
    serde_json::Value::Object(map).to_string()
}

fn filters(s: &mut String, eval: &Evaluation, facets: &[Facet], w: &Words) {
    let _ = write!(
        s,
        "<form id=\"filters\" aria-label=\"{}\">\n<strong>{}</strong>\n",
        esc(w.filter),
        esc(w.filter)
    );
    for f in facets {
        let _ = write!(
            s,
            "<label>{} <select name=\"{}\"><option value=\"\">{}</option>",
            esc(f.label),
            f.key,
            esc(w.any)
        );
        for (value, label) in &f.options {
            let _ = write!(
                s,
                "<option value=\"{}\">{}</option>",
                esc(value),
                esc(label)
            );
        }
        s.push_str("</select></label>\n");
    }
    let _ = write!(
        s,
        "<button type=\"reset\">{}</button>\n<span class=\"muted\">{} <span id=\"shown\">{}</span> {} {} {}</span>\n</form>\n",
        esc(w.reset),
        esc(w.showing),
        eval.summary.targets,
        esc(w.of),
        eval.summary.targets,
        esc(w.targets)
    );
}

/// What the lines of a chart mean, once for the page.
fn legend(s: &mut String, w: &Words) {
    let _ = writeln!(
        s,
        "<div class=\"legend\">\
<span><svg width=\"28\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke=\"#1f2328\" stroke-width=\"2\"/><circle cx=\"14\" cy=\"5\" r=\"3\" fill=\"#fff\" stroke=\"#1f2328\" stroke-width=\"2\"/></svg> {}</span>\
<span><svg width=\"28\" height=\"10\"><line x1=\"0\" y1=\"5\" x2=\"28\" y2=\"5\" stroke=\"#0969da\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/></svg> {}</span>\
<span><svg width=\"12\" height=\"12\"><path d=\"M6 0 l6 6 l-6 6 l-6 -6 z\" fill=\"#1f2328\"/></svg> {}</span>\
<span><svg width=\"12\" height=\"12\"><line x1=\"6\" y1=\"0\" x2=\"6\" y2=\"12\" stroke=\"#999\" stroke-dasharray=\"2 3\"/></svg> {}</span>\
</div>",
        esc(w.reported),
        esc(w.expected_path),
        esc(w.required_level),
        esc(w.deadline)
    );
}

fn panel(
    s: &mut String,
    (t, r): Row,
    w: &Words,
    names: &text::AgencyNames,
    metrics: &HashMap<&str, &str>,
    facets: &[Facet],
) {
    let status = r.status.as_str();
    let _ = writeln!(
        s,
        "<article class=\"panel s-{status}\" id=\"target-{}\" data-target=\"{}\" data-status=\"{status}\" data-f=\"{}\">",
        esc(&t.id),
        esc(&t.id),
        esc(&facet_values(facets, r))
    );
    let _ = write!(
        s,
        "<header class=\"ph\"><span class=\"tid\">{}</span><h4>{}</h4>",
        esc(&t.id),
        esc(&t.metric)
    );
    if let Some(d) = metrics.get(t.metric.as_str()).filter(|d| **d != t.metric) {
        let _ = write!(s, "<span class=\"muted\">{}</span>", esc(d));
    }
    let _ = write!(
        s,
        "<span class=\"badge {status}\">{}</span><span class=\"tag\">{}</span>",
        esc(w.status(r.status)),
        esc(w.strength(r.strength))
    );
    if let Some(c) = &r.class {
        let _ = write!(s, "<span class=\"tag cls\">{}</span>", esc(c));
    }
    s.push_str("</header>\n");
    if let Some(q) = &t.quote {
        let _ = writeln!(s, "<blockquote class=\"quote\">{}</blockquote>", esc(q));
    }
    let chart = svg::chart(r, w);
    let _ = writeln!(
        s,
        "<div class=\"body{}\">",
        if chart.is_some() { "" } else { " nochart" }
    );
    if let Some(svg) = chart {
        let measure = r.trend.as_ref().map_or("", |tr| match tr.measure {
            TrendMeasure::Level => "",
            TrendMeasure::RunningTotal => w.running_total,
            TrendMeasure::Mean => w.mean,
            TrendMeasure::Growth => w.growth,
        });
        let _ = write!(s, "<figure>{svg}");
        if !measure.is_empty() {
            let _ = write!(s, "<figcaption>{}</figcaption>", esc(measure));
        }
        s.push_str("</figure>\n");
    }
    facts(s, t, r, w, names);
    s.push_str("</div>\n");
    if let Some(tr) = r.trend.as_ref().filter(|tr| !tr.series.is_empty()) {
        let shown: Vec<String> = tr
            .series
            .iter()
            .map(|p| format!("{} {}", p.year, text::num(p.value)))
            .collect();
        let _ = writeln!(
            s,
            "<p class=\"figs\">{}: {}</p>",
            esc(w.figures),
            esc(&shown.join(" · "))
        );
    }
    s.push_str("</article>\n");
}

fn facts(s: &mut String, t: &Target, r: &TargetResult, w: &Words, names: &text::AgencyNames) {
    s.push_str("<dl>");
    let mut fact = |label: &str, value: Option<String>| {
        if let Some(v) = value.filter(|v| !v.is_empty()) {
            let _ = write!(s, "<dt>{}</dt><dd>{}</dd>", esc(label), esc(&v));
        }
    };
    fact(w.required, Some(w.text.requirement(t, r.unit.as_deref())));
    fact(w.due, Some(w.text.due(t)));
    fact(w.actual, Some(w.text.actual(t, r)));
    fact(w.note, w.text.note(t, r));
    fact(w.lead, Some(names.list(&r.lead)));
    fact(w.support, Some(names.list(&r.support)));
    s.push_str("</dl>\n");
}
