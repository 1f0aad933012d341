//! Each result's trend (docs/eval-json.md#trends): the series a target
//! reads and the path it is judged against, worked out by hand for each
//! measure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, TargetResult, TrendMeasure};
use planc::source::SourceFile;

const PREAMBLE: &str = r#"plan "trends"
period 2010..2012
baseline 2009
agency 甲
metric s: stock 家
metric f: flow 亿元
metric m: milestone
item 一 "t" {
  lead 甲
"#;

fn run(target: &str, rows: &str, as_of: u16) -> TargetResult {
    let text = format!("{PREAMBLE}  {target}\n}}\n");
    let out = planc::compile(&SourceFile::new("t.plan", text));
    let model = out.model.expect("the plan compiles");
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    // `metric,year,value[,unit,measure]`: short rows are padded.
    let mut csv = String::from("metric,year,value,unit,measure\n");
    for row in rows.lines() {
        csv.push_str(row);
        csv.push_str(&",".repeat(5 - row.split(',').count()));
        csv.push('\n');
    }
    loader.read_csv("t.csv", csv.as_bytes());
    let data = loader.finish();
    assert!(!data.has_errors());
    evaluate(&cat, &data.figures, as_of).results.remove(0)
}

/// `(year, value)` pairs as written, for comparison.
fn pairs(points: &[planc::eval::Point]) -> Vec<(u16, String)> {
    points
        .iter()
        .map(|p| (p.year, p.value.to_string()))
        .collect()
}

fn p(list: &[(u16, &str)]) -> Vec<(u16, String)> {
    list.iter().map(|(y, v)| (*y, v.to_string())).collect()
}

#[test]
fn a_stock_threshold_is_a_line_from_the_baseline_figure() {
    let r = run(
        "by 2012: s >= 200家",
        "s,2008,90\ns,2009,110\ns,2011,150\ns,2013,999\n",
        2012,
    );
    let t = r.trend.unwrap();
    assert_eq!(t.measure, TrendMeasure::Level);
    // From the first year reported; nothing after as_of; 2010 not reported.
    assert_eq!(
        pairs(&t.series),
        p(&[(2008, "90"), (2009, "110"), (2011, "150")])
    );
    // 110 → 200 over 2009..2012, a straight line: its two ends.
    assert_eq!(pairs(&t.path), p(&[(2009, "110"), (2012, "200")]));
}

#[test]
fn a_flow_threshold_is_a_running_total_from_zero() {
    let r = run(
        "by 2012: f >= 150亿元",
        "f,2010,40\nf,2011,60\nf,2012,55\n",
        2012,
    );
    let t = r.trend.unwrap();
    assert_eq!(t.measure, TrendMeasure::RunningTotal);
    assert_eq!(
        pairs(&t.series),
        p(&[(2010, "40"), (2011, "100"), (2012, "155")])
    );
    assert_eq!(pairs(&t.path), p(&[(2009, "0"), (2012, "150")]));
}

#[test]
fn average_growth_compounds_from_the_base_year() {
    let r = run(
        "by 2012: s average growth >= 10%",
        "s,2009,100\ns,2010,108\ns,2012,135\n",
        2012,
    );
    let t = r.trend.unwrap();
    assert_eq!(t.measure, TrendMeasure::Level);
    assert_eq!(
        pairs(&t.path),
        p(&[(2009, "100"), (2010, "110"), (2011, "121"), (2012, "133.1")])
    );
}

#[test]
fn yearly_growth_is_in_percent_against_the_rate_required() {
    let r = run(
        "each year: s growth >= 5%",
        "s,2009,100\ns,2010,104\ns,2011,110.24\n",
        2011,
    );
    let t = r.trend.unwrap();
    assert_eq!(t.measure, TrendMeasure::Growth);
    // 2009 has no year before it reported: no growth.
    assert_eq!(pairs(&t.series), p(&[(2010, "4"), (2011, "6")]));
    assert_eq!(pairs(&t.path), p(&[(2010, "5"), (2011, "5"), (2012, "5")]));
}

#[test]
fn an_annual_average_is_the_mean_so_far_against_the_yearly_value() {
    let r = run(
        "by 2012: f annual average >= 10亿元",
        "f,2010,8\nf,2011,13\n",
        2011,
    );
    let t = r.trend.unwrap();
    assert_eq!(t.measure, TrendMeasure::Mean);
    assert_eq!(pairs(&t.series), p(&[(2010, "8"), (2011, "10.5")]));
    assert_eq!(
        pairs(&t.path),
        p(&[(2010, "10"), (2011, "10"), (2012, "10")])
    );
}

#[test]
fn without_a_starting_figure_there_is_no_path() {
    let r = run("by 2012: s >= 200家", "s,2011,150\n", 2011);
    let t = r.trend.unwrap();
    assert_eq!(pairs(&t.series), p(&[(2011, "150")]));
    assert!(t.path.is_empty());
}

#[test]
fn a_milestone_has_no_trend() {
    let r = run("by 2012: m done", "m,2011,done\n", 2012);
    assert!(r.trend.is_none());
}

#[test]
fn each_year_draws_the_value_as_written_not_its_tolerance() {
    // `~ 100家` holds within the plan's tolerance, 90..110; the path is
    // the 100 written, each year of the window.
    let r = run("each year: s ~ 100家", "s,2010,95\ns,2011,104\n", 2011);
    let t = r.trend.unwrap();
    assert_eq!(t.measure, TrendMeasure::Level);
    assert_eq!(pairs(&t.series), p(&[(2010, "95"), (2011, "104")]));
    assert_eq!(
        pairs(&t.path),
        p(&[(2010, "100"), (2011, "100"), (2012, "100")])
    );
}

#[test]
fn average_growth_on_reported_rates_draws_the_carried_levels() {
    // 100 in 2009, then growth of 10% and 5% reported: 110 and 115.5 are
    // what was judged; the 2010 level reported (999) is not.
    let r = run(
        "by 2012: s average growth >= 5%",
        "s,2009,100\ns,2010,10,%,growth\ns,2010,999\ns,2011,5,%,growth\n",
        2011,
    );
    assert_eq!(r.actual.map(|d| d.to_string()), Some("115.5".to_string()));
    let t = r.trend.unwrap();
    assert_eq!(
        pairs(&t.series),
        p(&[(2009, "100"), (2010, "110"), (2011, "115.5")])
    );
    // Without a figure for the base year the levels would be factors: none.
    let r = run(
        "by 2012: s average growth >= 5%",
        "s,2010,10,%,growth\ns,2011,5,%,growth\n",
        2011,
    );
    assert!(r.trend.is_none());
}
