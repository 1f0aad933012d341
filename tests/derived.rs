//! Derived metrics (one metric's figure over another's) and quotient
//! units (吨标准煤/万元, 件/万人): checked where they are declared and
//! judged from their parts' figures, or from their own when reported.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, TargetResult};
use planc::model::{MetricKind, Model};
use planc::source::SourceFile;

const HEAD: &str = "plan \"强度\"\nperiod 2021..2025\nbaseline 2020\nagency 发改委\n\
unit 吨标准煤: energy\nunit 亿吨标准煤 = 100000000吨标准煤\nunit 万人 = 10000人\n\
metric 能源消费量: flow 亿吨标准煤\nmetric 地区生产总值: flow 亿元\n\
metric 能耗强度 = 能源消费量 / 地区生产总值 吨标准煤/万元 \"单位GDP能耗\"\n\
metric 专利: stock 件\nmetric 人口: stock 万人\nmetric 每万人专利 = 专利 / 人口 件/万人\n\
metric 城镇化率: stock %\nmetric 通车: milestone\n";

fn plan(extra: &str, target: &str) -> String {
    format!("{HEAD}{extra}item 一 \"t\" {{\n  lead 发改委\n  {target}\n}}\n")
}

fn model(target: &str) -> Model {
    let out = planc::compile(&SourceFile::new("t.plan", plan("", target)));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.model.unwrap()
}

fn judge(target: &str, rows: &str, as_of: u16) -> TargetResult {
    let m = model(target);
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    loader.read_csv(
        "d.csv",
        format!("metric,year,value,unit\n{rows}").as_bytes(),
    );
    let data = loader.finish();
    for f in &data.files {
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }
    evaluate(&cat, &data.figures, as_of).results.remove(0)
}

fn show(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or("-".into(), |d| d.normalize().to_string())
}

// 49.8 亿吨 over 1015986 亿元 is 0.49016… 吨/万元; 57.2 over 1260582 is
// 0.45375…: −7.43 %.
const ENERGY: &str = "能源消费量,2020,49.8,\n地区生产总值,2020,1015986,\n\
能源消费量,2023,57.2,\n地区生产总值,2023,1260582,\n";

#[test]
fn a_ratio_names_its_parts_and_its_quotient_unit() {
    let m = model("by 2025: 能耗强度 change since 2020 <= -13.5%");
    let metric = m.metrics.iter().find(|x| x.id == "能耗强度").unwrap();
    assert_eq!(metric.kind, MetricKind::Ratio);
    let ratio = metric.ratio.as_ref().unwrap();
    assert_eq!(
        (ratio.numerator.as_str(), ratio.denominator.as_str()),
        ("能源消费量", "地区生产总值")
    );
    let unit = m.units.iter().find(|u| u.id == "吨标准煤/万元").unwrap();
    // 1 吨 over 10000 元, exactly.
    assert_eq!(
        (unit.dimension.as_str(), unit.scale.to_string().as_str()),
        ("energy/cny", "0.0001")
    );
    let per = m.units.iter().find(|u| u.id == "件/万人").unwrap();
    assert_eq!(
        (per.dimension.as_str(), per.scale.to_string().as_str()),
        ("count/count", "0.0001")
    );
}

#[test]
fn a_ratio_is_judged_from_its_parts() {
    let r = judge(
        "by 2025: 能耗强度 change since 2020 <= -13.5%",
        ENERGY,
        2023,
    );
    assert_eq!(r.status.as_str(), "behind");
    assert_eq!(show(r.actual), "0.453758660682");
    assert_eq!(show(r.rate.and_then(|r| r.actual)), "-7.43");
}

#[test]
fn a_figure_reported_for_the_ratio_itself_wins() {
    let rows = format!("{ENERGY}能耗强度,2023,0.42,吨标准煤/万元\n");
    let r = judge("by 2025: 能耗强度 change since 2020 <= -13.5%", &rows, 2023);
    // 0.42 against 0.49016…: −14.31 %, past the −13.5 % already.
    assert_eq!(show(r.actual), "0.42");
    assert_eq!(r.status.as_str(), "on_track");
}

#[test]
fn a_part_missing_or_zero_says_so() {
    let rows = "能源消费量,2020,49.8,\n地区生产总值,2020,0,\n";
    let r = judge("in 2021: 能耗强度 <= 1吨标准煤/万元", rows, 2021);
    assert_eq!(r.status.as_str(), "no_data");
    let r = judge("by 2025: 能耗强度 change since 2020 <= -13.5%", rows, 2023);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("`地区生产总值` is 0 in 2020, so the ratio is undefined (the baseline year), so the target cannot be judged")
    );
}

#[test]
fn a_rate_per_ten_thousand_people() {
    // 1500000 件 over 140967 万人: 10.6408… 件/万人.
    let rows = "专利,2023,1500000,\n人口,2023,140967,\n专利,2025,1700000,\n人口,2025,140500,\n";
    let r = judge("by 2025: 每万人专利 >= 12件/万人", rows, 2025);
    assert_eq!(r.status.as_str(), "met");
    assert!(show(r.actual).starts_with("12.0996"), "{:?}", r.actual);
}

/// The one diagnostic a plan gets: code, the text it points at, help.
fn refused(extra: &str, target: &str) -> (String, String, String) {
    let text = plan(extra, target);
    let out = planc::compile(&SourceFile::new("t.plan", text.as_str()));
    assert_eq!(out.diagnostics.len(), 1, "{:?}", out.diagnostics);
    let d = &out.diagnostics[0];
    let span = d.primary_span().unwrap();
    (
        d.code.as_str().into(),
        text[span.range()].into(),
        d.help.clone().unwrap_or_default(),
    )
}

#[test]
fn an_intensity_is_never_a_share() {
    let (code, at, help) = refused(
        "metric 强度2 = 能源消费量 / 地区生产总值 %\n",
        "by 2025: 城镇化率 >= 60%",
    );
    assert_eq!((code.as_str(), at.as_str()), ("E0201", "%"));
    assert_eq!(
        help,
        "write the ratio in a quotient of their units, e.g. `亿吨标准煤/亿元`"
    );
    let (code, at, _) = refused("", "by 2025: 能耗强度 <= 0.5%");
    assert_eq!((code.as_str(), at.as_str()), ("E0201", "%"));
}

#[test]
fn a_ratios_parts_are_declared_metrics_with_figures() {
    let (code, at, help) = refused(
        "metric 强度2 = 能源消费 / 地区生产总值 吨标准煤/万元\n",
        "by 2025: 城镇化率 >= 60%",
    );
    assert_eq!((code.as_str(), at.as_str()), ("E0102", "能源消费"));
    assert_eq!(help, "did you mean `能源消费量`?");
    let (code, at, _) = refused(
        "metric 强度3 = 通车 / 人口 件/万人\n",
        "by 2025: 城镇化率 >= 60%",
    );
    assert_eq!((code.as_str(), at.as_str()), ("E0305", "通车"));
}

#[test]
fn a_quotient_whose_scale_is_not_an_exact_decimal_is_refused() {
    let (code, at, _) = refused(
        "unit 打 = 12 个\nmetric 率 = 专利 / 人口 件/打\n",
        "by 2025: 城镇化率 >= 60%",
    );
    assert_eq!((code.as_str(), at.as_str()), ("E0203", "件/打"));
}

#[test]
fn the_binary_formats_checks_and_judges_a_ratio() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.plan");
    std::fs::write(
        &path,
        plan(
            "",
            "by 2025: 能耗强度 change since 2020 <= -13.5% \"单位GDP能源消耗降低13.5%\"",
        ),
    )
    .unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(&data, format!("metric,year,value,unit\n{ENERGY}")).unwrap();
    let bin = || Command::new(env!("CARGO_BIN_EXE_planc"));
    bin().arg("fmt").arg("--check").arg(&path).assert().code(0);
    bin()
        .arg("eval")
        .arg(&path)
        .args(["--as-of", "2023", "--data"])
        .arg(&data)
        .assert()
        .code(3)
        .stdout(predicates::str::contains("-7.43% (0.4538 吨标准煤/万元)"));
}

#[test]
fn average_growth_of_a_ratio_reads_every_year_from_its_parts() {
    // A view carried for average growth kept no parts: every year after
    // the base read as missing. 2025: 90/125 = 0.72 against 1 in 2020,
    // −6.36 %/yr, short of −10 %.
    let rows = "能源消费量,2020,100,\n地区生产总值,2020,100,\n\
能源消费量,2025,90,\n地区生产总值,2025,125,\n";
    let r = judge(
        "by 2025: 能耗强度 average growth since 2020 <= -10%",
        rows,
        2025,
    );
    assert_eq!(r.status.as_str(), "missed");
    assert_eq!(show(r.rate.and_then(|r| r.actual)), "-6.36");
}
