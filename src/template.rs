//! Data-collection templates: the rows a plan's targets need reported, one
//! per metric and year, as a workbook (`.xlsx`) or CSV an office sends out
//! to its agencies. Built from the model alone; filled in, the file is read
//! back by `planc eval --data` like any data file.
//!
//! Which years a target needs follows docs/semantics.md: the years it
//! judges, and the figure its path or its change starts from.

use crate::model::{Condition, MetricKind, Model, Requirement, Target};
use std::collections::BTreeMap;

/// The template's columns, in order: the data columns, then the ones the
/// readers accept and skip (`description`, `agency`, `quote`).
pub const COLUMNS: [&str; 10] = [
    "metric",
    "description",
    "year",
    "value",
    "unit",
    "measure",
    "region",
    "note",
    "agency",
    "quote",
];

/// The column index of `value`, where the figures go.
pub const VALUE_COLUMN: u16 = 3;

/// What a value cell takes, for its validation and the hint shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expect {
    /// A number in the row's unit.
    Number,
    /// `done` or `not done`.
    Milestone,
    /// `done`, `partly` or `not done`, with the evidence in `note`.
    Assessment,
    /// A comparison and a number: a value set for the year (`>= 6`).
    Set,
}

/// One row of the template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The metric's id.
    pub metric: String,
    /// The metric's description.
    pub description: String,
    /// The year the figure is for.
    pub year: u16,
    /// The metric's unit; empty for a milestone or a commitment.
    pub unit: String,
    /// Empty for a figure; `target` or `growth target` for a value set for
    /// the year.
    pub measure: &'static str,
    /// The lead agencies' names, of every target that needs the row.
    pub agency: String,
    /// The document's words for those targets.
    pub quote: String,
    /// What the value cell accepts.
    pub expect: Expect,
}

/// Which rows to write.
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Only targets this agency leads (an id or a name).
    pub agency: Option<String>,
    /// Only these years (inclusive).
    pub years: Option<(u16, u16)>,
}

/// A key of the rows: the metric (by its first target's order), the
/// measure, the year.
type Key = (usize, String, &'static str, u16);

#[derive(Default)]
struct Needs {
    agencies: Vec<String>,
    quotes: Vec<String>,
}

/// The rows the plan's targets need, in the order of their first target,
/// then by year; `Err` names an agency the plan does not declare.
pub fn rows(model: &Model, options: &Options) -> Result<Vec<Row>, String> {
    let agency = match &options.agency {
        Some(a) => Some(resolve_agency(model, a)?),
        None => None,
    };
    let mut order: Vec<&str> = Vec::new();
    let mut needs: BTreeMap<Key, Needs> = BTreeMap::new();
    for target in &model.targets {
        if let Some(a) = agency {
            if !target.lead.iter().any(|l| l == a) {
                continue;
            }
        }
        for (metric, measure, year) in needed(model, target) {
            if options
                .years
                .is_some_and(|(from, to)| year < from || year > to)
            {
                continue;
            }
            let rank = match order.iter().position(|m| *m == metric) {
                Some(i) => i,
                None => {
                    order.push(metric);
                    order.len().saturating_sub(1)
                }
            };
            let entry = needs
                .entry((rank, metric.to_string(), measure, year))
                .or_default();
            for lead in &target.lead {
                let name = model
                    .agencies
                    .iter()
                    .find(|a| &a.id == lead)
                    .map_or(lead.as_str(), |a| a.name.as_str());
                if !entry.agencies.iter().any(|x| x == name) {
                    entry.agencies.push(name.to_string());
                }
            }
            if let Some(q) = &target.quote {
                if !entry.quotes.contains(q) {
                    entry.quotes.push(q.clone());
                }
            }
        }
    }
    Ok(needs
        .into_iter()
        .map(|((_, metric, measure, year), n)| {
            let m = model.metrics.iter().find(|m| m.id == metric);
            let kind = m.map(|m| m.kind);
            let expect = match (kind, measure) {
                (_, "target" | "growth target") => Expect::Set,
                (Some(MetricKind::Milestone), _) => Expect::Milestone,
                (Some(MetricKind::Commitment), _) => Expect::Assessment,
                _ => Expect::Number,
            };
            let unit = match expect {
                Expect::Number => m.and_then(|m| m.unit.clone()).unwrap_or_default(),
                Expect::Set if measure == "growth target" => "%".to_string(),
                Expect::Set => m.and_then(|m| m.unit.clone()).unwrap_or_default(),
                _ => String::new(),
            };
            Row {
                description: m.and_then(|m| m.description.clone()).unwrap_or_default(),
                metric,
                year,
                unit,
                measure,
                agency: n.agencies.join("、"),
                quote: n.quotes.join("；"),
                expect,
            }
        })
        .collect())
}

/// The agency id an `--agency` value names: an id, else a name.
fn resolve_agency<'m>(model: &'m Model, wanted: &str) -> Result<&'m str, String> {
    if let Some(a) = model
        .agencies
        .iter()
        .find(|a| a.id == wanted)
        .or_else(|| model.agencies.iter().find(|a| a.name == wanted))
    {
        return Ok(a.id.as_str());
    }
    let ids = model.agencies.iter().map(|a| a.id.as_str());
    Err(match crate::check::suggest::closest(wanted, ids) {
        Some(s) => format!("the plan declares no agency `{wanted}`; did you mean `{s}`?"),
        None => format!(
            "the plan declares no agency `{wanted}`; it declares {}",
            model
                .agencies
                .iter()
                .map(|a| format!("`{}`", a.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}

/// The (metric, measure, year) figures a target is judged on: the years
/// it judges, and the year its path or change starts from.
fn needed<'m>(model: &'m Model, t: &'m Target) -> Vec<(&'m str, &'static str, u16)> {
    let p0 = model.plan.period.from;
    let before_plan = p0.saturating_sub(1);
    let metric = t.metric.as_str();
    let flow = model
        .metrics
        .iter()
        .find(|m| m.id == t.metric)
        .is_some_and(|m| m.kind == MetricKind::Flow);
    // A figure read in one year is judged on a straight line from the
    // base year, the plan's baseline, or the year before the plan, but
    // never from before it (docs/semantics.md, the expected path).
    let path_start = t
        .condition
        .since()
        .or(model.plan.baseline)
        .unwrap_or(before_plan)
        .max(before_plan);
    let span = |from: u16, to: u16| from.min(to)..=to;
    let mut years: Vec<u16> = match &t.condition {
        Condition::Threshold { .. } if flow => span(t.window.from, t.deadline).collect(),
        Condition::Threshold { .. } | Condition::SingleYear { .. } => {
            span(path_start, t.deadline).collect()
        }
        Condition::EachYear { .. }
        | Condition::AnnualAverage { .. }
        | Condition::WindowTotal { .. } => {
            span(t.window.from, t.window.to.max(t.deadline)).collect()
        }
        Condition::YearlyGrowth { .. } => {
            span(t.window.from.saturating_sub(1), t.window.to.max(t.deadline)).collect()
        }
        Condition::AverageGrowth { since, .. }
        | Condition::ChangeFromBaseline { since, .. }
        | Condition::AbsoluteChange { since, .. }
        | Condition::Multiple { since, .. } => std::iter::once(*since)
            .chain(span(path_start, t.deadline))
            .collect(),
        Condition::Milestone {} | Condition::Commitment {} => {
            span(t.window.from, t.deadline).collect()
        }
    };
    years.sort_unstable();
    years.dedup();
    let mut out: Vec<(&str, &'static str, u16)> = years.iter().map(|&y| (metric, "", y)).collect();
    match t.condition.requirement() {
        Some(Requirement::CompareMetric { metric: other, .. })
        | Some(Requirement::AboutMetric { metric: other, .. }) => {
            out.extend(years.iter().map(|&y| (other.as_str(), "", y)));
        }
        Some(Requirement::CompareMean { from, to, .. }) => {
            out.extend(span(*from, *to).map(|y| (metric, "", y)));
        }
        Some(Requirement::SetYearly {}) => {
            let measure = if matches!(t.condition, Condition::YearlyGrowth { .. }) {
                "growth target"
            } else {
                "target"
            };
            out.extend(span(t.window.from, t.window.to).map(|y| (metric, measure, y)));
        }
        _ => {}
    }
    out
}

/// The template as CSV (UTF-8 with a byte order mark, which Excel needs to
/// show Chinese text).
pub fn to_csv(rows: &[Row]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(COLUMNS)?;
    for r in rows {
        let year = r.year.to_string();
        out.write_record([
            r.metric.as_str(),
            r.description.as_str(),
            year.as_str(),
            "",
            r.unit.as_str(),
            r.measure,
            "",
            "",
            r.agency.as_str(),
            r.quote.as_str(),
        ])?;
    }
    out.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()))
}

/// The template as an `.xlsx` workbook: the rows on a first sheet 指标,
/// each value cell validated for what it takes (a number; `done`/`not
/// done`; an assessment), and a second sheet 说明 that says how to fill it
/// in.
pub fn to_xlsx(rows: &[Row], model: &Model) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{DataValidation, DataValidationRule, Format, Workbook};
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let given = Format::new().set_background_color("#F2F2F2");
    let sheet = book.add_worksheet();
    sheet.set_name("指标")?;
    for (c, name) in (0u16..).zip(COLUMNS) {
        sheet.write_string_with_format(0, c, name, &bold)?;
    }
    for (r, row) in (1u32..).zip(rows) {
        let texts = [
            (0, row.metric.as_str()),
            (1, row.description.as_str()),
            (4, row.unit.as_str()),
            (5, row.measure),
            (8, row.agency.as_str()),
            (9, row.quote.as_str()),
        ];
        for (c, text) in texts {
            if !text.is_empty() {
                sheet.write_string_with_format(r, c, text, &given)?;
            }
        }
        sheet.write_number_with_format(r, 2, f64::from(row.year), &given)?;
    }
    let number = DataValidation::new()
        // Any number Excel holds to its 15 digits; text is refused.
        .allow_decimal_number(DataValidationRule::Between(-1e15, 1e15))
        .set_input_title("数值 value")?
        .set_input_message("A number in the unit of the row (or change the unit). Leave empty if not reported.")?
        .set_error_message("A figure is a plain number: no separators, no unit, no N/A. Leave the cell empty if the figure is not reported.")?;
    let milestone = DataValidation::new()
        .allow_list_strings(&["done", "not done"])?
        .set_input_title("完成情况 milestone")?
        .set_input_message("done in the year it was achieved; not done otherwise.")?;
    let assessment = DataValidation::new()
        .allow_list_strings(&["done", "partly", "not done"])?
        .set_input_title("评估 assessment")?
        .set_input_message("done, partly or not done; the evidence goes in note.")?;
    let set = DataValidation::new()
        .allow_any_value()
        .set_input_title("年度目标 value set for the year")?
        .set_input_message("A comparison and a number: >= 6, ~ 5.5, <= 3.")?;
    // One validation for each run of rows that take the same kind of value.
    let mut start = 0usize;
    while let Some(first) = rows.get(start) {
        let run = rows
            .get(start..)
            .unwrap_or_default()
            .iter()
            .take_while(|r| r.expect == first.expect)
            .count()
            .max(1);
        let rule = match first.expect {
            Expect::Number => &number,
            Expect::Milestone => &milestone,
            Expect::Assessment => &assessment,
            Expect::Set => &set,
        };
        let from = u32::try_from(start).unwrap_or(u32::MAX).saturating_add(1);
        let to = from
            .saturating_add(u32::try_from(run).unwrap_or(u32::MAX))
            .saturating_sub(1);
        sheet.add_data_validation(from, VALUE_COLUMN, to, VALUE_COLUMN, rule)?;
        start = start.saturating_add(run);
    }
    let widths = [16.0, 24.0, 8.0, 14.0, 10.0, 10.0, 10.0, 24.0, 20.0, 40.0];
    for (c, w) in (0u16..).zip(widths) {
        sheet.set_column_width(c, w)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    let notes = book.add_worksheet();
    notes.set_name("说明")?;
    let title = model
        .plan
        .title
        .as_deref()
        .unwrap_or(model.plan.source.as_str());
    let lines = [
        format!("{title}: figures to report"),
        "填写「指标」表的 value 列：每行一个指标一个年份。未上报的留空（不是 0）。".to_string(),
        "Fill in the value column of the sheet 指标, one row per metric and year. Leave a figure that is not reported empty (never 0).".to_string(),
        "value: a plain number in the row's unit (another unit of the same kind may replace it); done / not done for a milestone; done / partly / not done for a commitment, with the evidence in note.".to_string(),
        "region: empty for the whole plan's figure; a region's name for a regional figure (add a row).".to_string(),
        "description, agency and quote are for reference and are not read back; do not rename the columns.".to_string(),
        "Read back with: planc eval PLAN --data THIS_FILE".to_string(),
    ];
    for (r, line) in (0u32..).zip(&lines) {
        notes.write_string(r, 0, line)?;
    }
    notes.set_column_width(0, 120.0)?;
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_follow_the_targets() -> Result<(), String> {
        let text = "plan \"p\"\nperiod 2010..2012\nbaseline 2009\nagency 甲\nagency 乙\nmetric 企业: stock 家 \"高新技术企业\"\nmetric 产值: flow 亿元\nmetric 系统: milestone\nitem 一 \"x\" {\n  lead 甲\n  by 2012: 企业 >= 200 \"企业200家\"\n  by 2012: 产值 >= 10\n}\nitem 二 \"y\" {\n  lead 乙\n  by 2011: 系统 done\n}\n";
        let out = crate::compile(&crate::source::SourceFile::new("p.plan", text));
        let model = out.model.ok_or_else(|| format!("{:?}", out.diagnostics))?;
        let all = rows(&model, &Options::default())?;
        let keys: Vec<(String, u16)> = all.iter().map(|r| (r.metric.clone(), r.year)).collect();
        let want: Vec<(String, u16)> = [
            ("企业", 2009),
            ("企业", 2010),
            ("企业", 2011),
            ("企业", 2012),
            ("产值", 2010),
            ("产值", 2011),
            ("产值", 2012),
            ("系统", 2010),
            ("系统", 2011),
        ]
        .iter()
        .map(|&(m, y)| (m.to_string(), y))
        .collect();
        assert_eq!(keys, want);
        assert_eq!(all.first().map(|r| r.quote.as_str()), Some("企业200家"));
        assert_eq!(all.first().map(|r| r.unit.as_str()), Some("家"));
        let only = rows(
            &model,
            &Options {
                agency: Some("乙".into()),
                years: Some((2011, 2015)),
            },
        )?;
        assert_eq!(only.len(), 1);
        assert_eq!(only.first().map(|r| r.expect), Some(Expect::Milestone));
        let wrong = rows(
            &model,
            &Options {
                agency: Some("丙".into()),
                years: None,
            },
        );
        assert!(wrong.is_err());
        Ok(())
    }
}
