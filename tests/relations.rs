//! Relations between figures: a level or year-on-year growth against
//! another metric measured the same way, or against the metric's own mean
//! over past years. Every figure below is worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, TargetResult};
use planc::model::{Condition, Model, Requirement, Tolerance};
use planc::source::SourceFile;

const HEAD: &str = "plan \"关系\"\nperiod 2021..2025\nbaseline 2020\nagency 发改委\n\
metric GDP: stock 亿元 \"国内生产总值\"\nmetric 劳动生产率: stock 元\nmetric 收入: stock 元\n\
metric 研发强度: stock %\nmetric 配额: stock 万吨\nmetric 排放: stock 万吨\nmetric 投资: flow 亿元\n";

fn plan(target: &str) -> String {
    format!("{HEAD}item 一 \"t\" {{\n  lead 发改委\n  {target}\n}}\n")
}

fn model(target: &str) -> Model {
    let out = planc::compile(&SourceFile::new("t.plan", plan(target)));
    assert!(
        out.diagnostics.is_empty(),
        "{target}: {:?}",
        out.diagnostics
    );
    out.model.unwrap()
}

const DATA: &str = "metric,year,value\n\
GDP,2020,100\nGDP,2021,108\nGDP,2022,111\n\
劳动生产率,2020,10\n劳动生产率,2021,10.9\n劳动生产率,2022,11.2\n\
收入,2020,30\n收入,2021,32.5\n收入,2022,33.3\n\
研发强度,2016,2.1\n研发强度,2017,2.12\n研发强度,2018,2.14\n研发强度,2019,2.23\n研发强度,2020,2.4\n研发强度,2022,2.55\n\
配额,2021,500\n配额,2022,490\n排放,2021,480\n排放,2022,495\n";

fn judge(target: &str, data: &str, as_of: u16) -> TargetResult {
    let m = model(target);
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    loader.read_csv("d.csv", data.as_bytes());
    let figures = loader.finish();
    for f in &figures.files {
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }
    evaluate(&cat, &figures.figures, as_of).results.remove(0)
}

fn show(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or("-".into(), |d| d.normalize().to_string())
}

#[test]
fn growth_above_another_metrics_growth() {
    let t = "each year: 劳动生产率 growth > GDP growth";
    match &model(t).targets[0].condition {
        Condition::YearlyGrowth {
            requirement: Requirement::CompareMetric { metric, .. },
        } => assert_eq!(metric, "GDP"),
        other => panic!("{other:?}"),
    }
    // 2021: 10.9/10 = +9% against GDP's 108/100 = +8%: held.
    let r = judge(t, DATA, 2021);
    assert_eq!(r.status.as_str(), "on_track");
    // 2022: 11.2/10.9 = +2.75% against 111/108 = +2.78%: not held.
    let r = judge(t, DATA, 2022);
    assert_eq!(r.status.as_str(), "missed");
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("not met in 2022")
    );
    // Shown unscaled: the figure, and 10.9 · 111/108 = 11.2027… it needed.
    assert_eq!(show(r.actual), "11.2");
    assert!(show(r.required).starts_with("11.20277"), "{:?}", r.required);
    let rate = r.rate.unwrap();
    assert_eq!(
        (show(Some(rate.required)), show(rate.actual)),
        ("2.78".into(), "2.75".into())
    );
}

#[test]
fn growth_in_step_with_another_metric_within_the_default_tolerance() {
    let t = "each year: 收入 growth ~ GDP growth";
    match &model(t).targets[0].condition {
        Condition::YearlyGrowth {
            requirement: Requirement::AboutMetric { tolerance, .. },
        } => assert_eq!(
            *tolerance,
            Tolerance::Relative {
                percent: 10.into(),
                written: false
            }
        ),
        other => panic!("{other:?}"),
    }
    // 2021: +8.33% against +8% ± 0.8: within. 2022: +2.46% against
    // +2.78% ± 0.278, i.e. 2.50..3.06: outside.
    assert_eq!(judge(t, DATA, 2021).status.as_str(), "on_track");
    assert_eq!(judge(t, DATA, 2022).status.as_str(), "missed");
    // Half a point either way takes 2.46% in.
    let t = "each year: 收入 growth ~ GDP growth ± 0.5pp";
    assert_eq!(judge(t, DATA, 2022).status.as_str(), "on_track");
}

#[test]
fn a_level_above_its_own_mean_of_past_years() {
    // (2.1 + 2.12 + 2.14 + 2.23 + 2.4) / 5 = 2.198.
    let t = "by 2025: 研发强度 > mean 2016..2020";
    let r = judge(t, DATA, 2022);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(show(r.required), "2.198");
    let below = DATA.replace("研发强度,2022,2.55", "研发强度,2022,2.198");
    let r = judge(t, &below, 2025);
    assert_eq!(r.status.as_str(), "no_data");
    let at = format!("{DATA}研发强度,2025,2.198\n");
    assert_eq!(judge(t, &at, 2025).status.as_str(), "missed");
    let above = format!("{DATA}研发强度,2025,2.1981\n");
    assert_eq!(judge(t, &above, 2025).status.as_str(), "met");
}

#[test]
fn each_year_under_a_quota_reported_as_data() {
    let t = "each year: 排放 <= 配额";
    assert_eq!(judge(t, DATA, 2021).status.as_str(), "on_track");
    let r = judge(t, DATA, 2022);
    assert_eq!(r.status.as_str(), "missed");
    assert_eq!(
        (show(r.actual), show(r.required), show(r.gap)),
        ("495".into(), "490".into(), "5".into())
    );
    // Without the quota's figure the year cannot be judged.
    let no_quota = DATA.replace("配额,2022,490\n", "");
    let r = judge(t, &no_quota, 2022);
    assert_eq!(r.status.as_str(), "pending");
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("no figure for 2022 of `配额`")
    );
}

/// The one diagnostic a target gets: code, the text it points at, help.
fn refused(target: &str) -> (String, String, String) {
    let text = plan(target);
    let out = planc::compile(&SourceFile::new("t.plan", text.as_str()));
    assert_eq!(out.diagnostics.len(), 1, "{target}: {:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    let span = d.primary_span().unwrap();
    (
        d.code.as_str().to_string(),
        text[span.range()].to_string(),
        d.help.clone().unwrap_or_default(),
    )
}

#[test]
fn relations_that_cannot_be_judged_are_refused_where_they_are_written() {
    let (code, at, help) = refused("each year: 劳动生产率 growth > GDP");
    assert_eq!((code.as_str(), at.as_str()), ("E0305", "GDP"));
    assert_eq!(help, "compare like with like: `GDP growth`");
    let (code, at, _) = refused("by 2025: 研发强度 > 排放");
    assert_eq!((code.as_str(), at.as_str()), ("E0201", "排放"));
    let (code, at, _) = refused("by 2025: 投资 annual average > GDP");
    assert_eq!((code.as_str(), at.as_str()), ("E0305", "GDP"));
    let (code, at, _) = refused("each year: 劳动生产率 growth > GDP growth ± 1%");
    assert_eq!((code.as_str(), at.as_str()), ("E0305", "1%"));
    let (code, at, _) = refused("by 2025: 研发强度 ~ mean 2016..2020");
    assert_eq!((code.as_str(), at.as_str()), ("E0305", "mean 2016..2020"));
    let (code, at, help) = refused("each year: 劳动生产率 growth > GDQ growth");
    assert_eq!((code.as_str(), at.as_str()), ("E0102", "GDQ"));
    assert_eq!(help, "did you mean `GDP`?");
}

#[test]
fn the_binary_checks_formats_and_judges_relations() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.plan");
    let text = format!(
        "{HEAD}item 一 \"t\" {{\n  lead 发改委\n  each year: 劳动生产率 growth > GDP growth\n  each year: 收入 growth ~ GDP growth\n  by 2025: 研发强度 > mean 2016..2020\n  each year: 排放 <= 配额\n}}\n"
    );
    std::fs::write(&path, &text).unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(&data, DATA).unwrap();
    let bin = || Command::new(env!("CARGO_BIN_EXE_planc"));
    bin().arg("fmt").arg("--check").arg(&path).assert().code(0);
    let out = bin()
        .arg("eval")
        .arg(&path)
        .args(["--as-of", "2022", "--format", "json", "--data"])
        .arg(&data)
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let statuses: Vec<&str> = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, ["missed", "missed", "on_track", "missed"]);
}

#[test]
fn before_the_deadline_a_level_aims_at_the_other_metrics_latest_figure() {
    // The quota's 2023 figure is not in yet (data lag): its 2022 figure,
    // 490, is what the path aims at, not a reason to stop.
    let rows = format!("{DATA}排放,2020,500\n排放,2023,485\n配额,2020,520\n");
    let r = judge("by 2025: 排放 <= 配额", &rows, 2023);
    assert_eq!(
        r.status.as_str(),
        "on_track",
        "{:?}",
        planc::report::text::english_reason(&r)
    );
    assert_eq!(show(r.required), "490");
}
