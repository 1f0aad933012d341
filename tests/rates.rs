//! Reported growth rates (`measure` = `growth`): read beside the figures,
//! and used by growth targets before any rate computed from levels. Every
//! figure below is worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::data::{Catalog, Format, Loader};
use planc::diag::render::{render, Style};
use planc::eval::{evaluate, TargetResult};
use planc::model::Model;
use planc::source::SourceFile;

const HEAD: &str = "plan \"增速\"\nperiod 2021..2025\nbaseline 2020\nagency 发改委\n\
metric GDP: stock 亿元 \"国内生产总值\"\nmetric 劳动生产率: stock 元\nmetric 建成: milestone\n";

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

/// The judgement of the one target as of `as_of`; `rows` follow the header
/// `metric,year,value,unit,measure,region`.
fn judge(target: &str, rows: &str, as_of: u16) -> TargetResult {
    let m = model(target);
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    let csv = format!("metric,year,value,unit,measure,region\n{rows}");
    loader.read_csv("d.csv", csv.as_bytes());
    let data = loader.finish();
    for f in &data.files {
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }
    evaluate(&cat, &data.figures, as_of).results.remove(0)
}

fn show(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or("-".into(), |d| d.normalize().to_string())
}

fn rate(r: &TargetResult) -> (String, String) {
    let rate = r.rate.as_ref().unwrap();
    (show(Some(rate.required)), show(rate.actual))
}

/// 2020 → 2021 is +8 % by the levels.
const LEVELS: &str = "GDP,2020,100,,,\nGDP,2021,108,,,\n";

#[test]
fn a_reported_rate_wins_over_the_rate_the_levels_give() {
    let t = "each year: GDP growth >= 5%";
    // The levels alone: +8 %.
    let r = judge(t, LEVELS, 2021);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(rate(&r), ("5".into(), "8".into()));
    assert_eq!(planc::report::text::english_reason(&r), None);
    // Reported at 4.9 %: judged on that, whatever the levels say.
    let r = judge(t, &format!("{LEVELS}GDP,2021,4.9,%,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "missed");
    assert_eq!(rate(&r), ("5".into(), "4.9".into()));
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("not met in 2021; the growth rate reported for 2021 used")
    );
    // The year's level is shown; no level was required of it.
    assert_eq!(
        (show(r.actual), show(r.required), show(r.gap)),
        ("108".into(), "-".into(), "-".into())
    );
    // Exactly at the bound holds; a hair below does not.
    let r = judge(t, &format!("{LEVELS}GDP,2021,5,,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "on_track");
    let r = judge(
        t,
        &format!("{LEVELS}GDP,2021,4.9999999999,,growth,\n"),
        2021,
    );
    assert_eq!(r.status.as_str(), "missed");
    // A rate needs no levels at all.
    let r = judge(t, "GDP,2021,5.5,,growth,\n", 2021);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(show(r.actual), "-");
}

#[test]
fn a_year_without_a_reported_rate_falls_back_to_its_levels() {
    let t = "each year: GDP growth >= 5%";
    // 2021 reported (+6 %); 2022 from the levels: 108 → 113.4 is +5 %.
    let rows = format!("{LEVELS}GDP,2021,6,%,growth,\nGDP,2022,113.4,,,\n");
    let r = judge(t, &rows, 2022);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("the growth rate reported for 2021 used")
    );
    // The deciding year is the one with the smaller margin in points:
    // 2022's 0 against 2021's 1.
    assert_eq!(r.years.unwrap().to, 2022);
    assert_eq!(rate(&r), ("5".into(), "5".into()));
    // 113.39 is +4.99 %: 2022 fails on its levels.
    let r = judge(t, &rows.replace("113.4", "113.39"), 2022);
    assert_eq!(r.status.as_str(), "missed");
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("not met in 2022; the growth rate reported for 2021 used")
    );
    assert_eq!(
        (show(r.actual), show(r.gap)),
        ("113.39".into(), "0.01".into())
    );
    // A regional rate is never used: 2021 is judged on its levels (+8 %).
    let r = judge(t, &format!("{LEVELS}GDP,2021,1,%,growth,嘉善\n"), 2021);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(rate(&r), ("5".into(), "8".into()));
    // Nor a rate for a year after the evaluation year.
    let r = judge(t, &format!("{LEVELS}GDP,2022,1,%,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "on_track");
}

#[test]
fn margins_of_reported_and_computed_years_are_compared_in_points() {
    // 2021 reported at +6 % (a margin of 1 point); 2022 from levels
    // 1000 → 1055, +5.5 % (half a point, but 5 亿元 in levels). The
    // smaller margin is 2022's.
    let t = "each year: GDP growth >= 5%";
    let rows = "GDP,2020,900,,,\nGDP,2021,1000,,,\nGDP,2021,6,,growth,\nGDP,2022,1055,,,\n";
    let r = judge(t, rows, 2022);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(r.years.unwrap().to, 2022);
    assert_eq!(rate(&r), ("5".into(), "5.5".into()));
    assert_eq!(show(r.gap), "-5");
}

#[test]
fn about_a_rate_reported() {
    // ~ 5 % within the default 10 %: 4.5 to 5.5 %.
    let t = "each year: GDP growth ~ 5%";
    let at = |v: &str| judge(t, &format!("{LEVELS}GDP,2021,{v},,growth,\n"), 2021);
    assert_eq!(at("4.5").status.as_str(), "on_track");
    assert_eq!(at("5.5").status.as_str(), "on_track");
    assert_eq!(at("4.49").status.as_str(), "missed");
    assert_eq!(at("5.51").status.as_str(), "missed");
    // The levels' +8 % would have missed it.
    assert_eq!(judge(t, LEVELS, 2021).status.as_str(), "missed");
}

#[test]
fn average_growth_from_rates_reported_for_every_year() {
    let t = "by 2022: GDP average growth >= 5%";
    // The levels say +10 % a year (100 → 121) …
    let levels = "GDP,2020,100,,,\nGDP,2021,110,,,\nGDP,2022,121,,,\n";
    assert_eq!(judge(t, levels, 2022).status.as_str(), "met");
    // … the rates reported say 1.03 · 1.07 = 1.1021 < 1.05² = 1.1025.
    let rates = format!("{levels}GDP,2021,3,,growth,\nGDP,2022,7,,growth,\n");
    let r = judge(t, &rates, 2022);
    assert_eq!(r.status.as_str(), "missed");
    // The 2020 figure carried forward by them: 110.21 against 110.25.
    assert_eq!(
        (show(r.actual), show(r.required), show(r.gap)),
        ("110.21".into(), "110.25".into(), "0.04".into())
    );
    // √1.1021 − 1 = 4.98 %.
    assert_eq!(rate(&r), ("5".into(), "4.98".into()));
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("the growth rates reported for 2021, 2022 used, from the 2020 figure")
    );
    // 5 % and 5 % is 1.1025 exactly: met for >=, missed for >.
    let five = format!("{levels}GDP,2021,5,,growth,\nGDP,2022,5,,growth,\n");
    assert_eq!(judge(t, &five, 2022).status.as_str(), "met");
    let strict = "by 2022: GDP average growth > 5%";
    assert_eq!(judge(strict, &five, 2022).status.as_str(), "missed");
    // 1.04 · 1.0601 = 1.102504 just clears it.
    let just = format!("{levels}GDP,2021,4,,growth,\nGDP,2022,6.01,,growth,\n");
    assert_eq!(judge(strict, &just, 2022).status.as_str(), "met");
    // Early: 2021 at +4 % is below the compound path's 105.
    let r = judge(t, &rates.replace("GDP,2021,3,", "GDP,2021,4,"), 2021);
    assert_eq!(r.status.as_str(), "behind");
    assert_eq!(
        (show(r.actual), show(r.expected)),
        ("104".into(), "105".into())
    );
}

#[test]
fn average_growth_uses_levels_unless_every_year_has_a_rate() {
    let t = "by 2022: GDP average growth >= 5%";
    let levels = "GDP,2020,100,,,\nGDP,2022,110.25,,,\n";
    // 2021 has no rate: 2022 is judged on its level, 100 · 1.05² = 110.25.
    let r = judge(t, &format!("{levels}GDP,2022,1,,growth,\n"), 2022);
    assert_eq!(r.status.as_str(), "met");
    assert_eq!(planc::report::text::english_reason(&r), None);
    assert_eq!(rate(&r), ("5".into(), "5".into()));
    // 2021 has one, 2022 not: still the level of 2022.
    let r = judge(t, &format!("{levels}GDP,2021,1,,growth,\n"), 2022);
    assert_eq!(r.status.as_str(), "met");
    assert_eq!(show(r.actual), "110.25");
}

#[test]
fn average_growth_from_rates_alone_needs_no_base_figure() {
    let t = "by 2022: GDP average growth >= 5%";
    let r = judge(t, "GDP,2021,5,,growth,\nGDP,2022,5,,growth,\n", 2022);
    assert_eq!(r.status.as_str(), "met");
    // No level to show: the rates are the figures.
    assert_eq!((show(r.actual), show(r.required)), ("-".into(), "-".into()));
    assert_eq!(rate(&r), ("5".into(), "5".into()));
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("the growth rates reported for 2021, 2022 used; no figure for 2020")
    );
    // Without the rates, the missing base figure is the answer.
    let r = judge(t, "GDP,2022,110,,,\n", 2022);
    assert_eq!(r.status.as_str(), "no_data");
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("no figure for 2020 (the baseline year), so the target cannot be judged")
    );
    // A gap in the rates with a level after it: that level has no base.
    let r = judge(t, "GDP,2021,5,,growth,\nGDP,2022,110,,,\n", 2022);
    assert_eq!(r.status.as_str(), "no_data");
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("no growth rate reported for 2022, and no figure for the base year to measure its level against")
    );
}

#[test]
fn growth_against_another_metrics_growth_uses_each_sides_reported_rate() {
    let t = "each year: 劳动生产率 growth > GDP growth";
    // 劳动生产率 from levels: 10 → 10.9, +9 %.
    let own = "劳动生产率,2020,10,,,\n劳动生产率,2021,10.9,,,\n";
    // GDP's levels say +8 %, its reported rate 8.1 %: 9 > 8.1.
    let r = judge(t, &format!("{own}{LEVELS}GDP,2021,8.1,,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(rate(&r), ("8.1".into(), "9".into()));
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("the growth rate reported for 2021 used")
    );
    // Reported at exactly 9 %: 9 > 9 does not hold (100·0.9·1 against 9·10).
    let r = judge(t, &format!("{own}{LEVELS}GDP,2021,9,,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "missed");
    // Own rate reported, GDP's from levels: 8 > 8 does not hold; 8.01 does.
    let r = judge(
        t,
        &format!("{own}劳动生产率,2021,8,,growth,\n{LEVELS}"),
        2021,
    );
    assert_eq!(r.status.as_str(), "missed");
    assert_eq!(rate(&r), ("8".into(), "8".into()));
    let r = judge(
        t,
        &format!("{own}劳动生产率,2021,8.01,,growth,\n{LEVELS}"),
        2021,
    );
    assert_eq!(r.status.as_str(), "on_track");
    // Both reported: 9.2 > 9.1, no levels needed.
    let both = "劳动生产率,2021,9.2,,growth,\nGDP,2021,9.1,,growth,\n";
    let r = judge(t, both, 2021);
    assert_eq!(r.status.as_str(), "on_track");
    assert_eq!(rate(&r), ("9.1".into(), "9.2".into()));
    // 基本同步 within 0.5 points of a reported 9.1: 8.6 holds, 8.59 not.
    let t = "each year: 劳动生产率 growth ~ GDP growth ± 0.5pp";
    let at = |v: &str| {
        judge(
            t,
            &format!("劳动生产率,2021,{v},,growth,\nGDP,2021,9.1,,growth,\n"),
            2021,
        )
    };
    assert_eq!(at("8.6").status.as_str(), "on_track");
    assert_eq!(at("8.59").status.as_str(), "missed");
    // Own from levels (+9 %) within 0.5 points of a reported 9.5: held.
    let r = judge(t, &format!("{own}GDP,2021,9.5,,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "on_track");
    let r = judge(t, &format!("{own}GDP,2021,9.51,,growth,\n"), 2021);
    assert_eq!(r.status.as_str(), "missed");
}

#[test]
fn targets_on_levels_ignore_reported_rates() {
    // A level target reads only levels: the rate row is no figure.
    let t = "by 2022: GDP >= 100亿元";
    let r = judge(t, "GDP,2022,5,,growth,\n", 2022);
    assert_eq!(r.status.as_str(), "no_data");
}

/// Reads `csv` against the test plan and renders its diagnostics.
fn diagnostics(csv: &str) -> (u64, Vec<String>, String) {
    let m = model("each year: GDP growth >= 5%");
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    loader.read("d.csv", Format::Csv, csv.as_bytes());
    let data = loader.finish();
    let file = &data.files[0];
    let (source, diags) = file.diagnostics(csv.as_bytes().to_vec());
    let codes = diags.iter().map(|d| d.code.as_str().to_string()).collect();
    let text = diags
        .iter()
        .map(|d| render(d, &source, Style::plain()))
        .collect();
    (file.accepted, codes, text)
}

#[test]
fn a_rate_and_a_figure_never_conflict_but_two_rates_do() {
    let csv = "metric,year,value,unit,measure\n\
GDP,2021,108,,\nGDP,2021,8.1,%,growth\nGDP,2021,8.1,,GROWTH\nGDP,2021,8.4,,增速\n";
    let (accepted, codes, text) = diagnostics(csv);
    assert_eq!(accepted, 3);
    assert_eq!(codes, ["E0405"]);
    assert!(
        text.contains("conflicting growth rates for `GDP` in 2021: 8.4% here, 8.1% before"),
        "{text}"
    );
    // Pointed at the value of line 5, and at line 3's before it.
    assert!(text.contains("[d.csv:5:10]"), "{text}");
    assert!(text.contains("differs from this one"), "{text}");
}

#[test]
fn a_bad_measure_is_reported_at_its_cell() {
    let csv = "metric,year,value,unit,measure\nGDP,2021,8.1,%,grwoth\n建成,2021,done,,growth\nGDP,2022,5,万元,growth\n";
    let (accepted, codes, text) = diagnostics(csv);
    assert_eq!(accepted, 0);
    assert_eq!(codes, ["E0406", "E0406", "E0402"]);
    // `grwoth` is the fifth cell of line 2, at column 16; the milestone's
    // `growth` at column 15 of line 3; `万元` at column 12 of line 4.
    assert!(text.contains("unknown measure `grwoth`"), "{text}");
    assert!(text.contains("[d.csv:2:16]"), "{text}");
    assert!(text.contains("did you mean `growth`?"), "{text}");
    assert!(
        text.contains("milestone `建成` has no growth rate"),
        "{text}"
    );
    assert!(text.contains("[d.csv:3:15]"), "{text}");
    assert!(
        text.contains("a growth rate is in percent, not `万元`"),
        "{text}"
    );
    assert!(text.contains("[d.csv:4:12]"), "{text}");
}

#[test]
fn the_binary_judges_on_reported_rates_from_csv_and_json() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan");
    std::fs::write(&plan, plan_text()).unwrap();
    let csv = dir.path().join("d.csv");
    std::fs::write(
        &csv,
        "metric,year,value,unit,measure\nGDP,2020,100,,\nGDP,2021,108,,\nGDP,2021,4.9,%,growth\n",
    )
    .unwrap();
    let json = dir.path().join("d.json");
    std::fs::write(
        &json,
        r#"{"rows": [{"metric": "GDP", "year": 2020, "value": 100},
{"metric": "GDP", "year": 2021, "value": 108},
{"metric": "GDP", "year": 2021, "value": 4.9, "unit": "%", "measure": "growth"}]}"#,
    )
    .unwrap();
    for data in [&csv, &json] {
        let out = Command::new(env!("CARGO_BIN_EXE_planc"))
            .args(["eval", "--format", "json", "--data"])
            .arg(data)
            .arg(&plan)
            .output()
            .unwrap();
        // The firm target is missed on the reported 4.9 %: exit 3.
        assert_eq!(
            out.status.code(),
            Some(3),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let r = &v["results"][0];
        assert_eq!(r["status"], "missed");
        assert_eq!(r["rate"]["actual"].to_string(), "4.9");
        assert_eq!(
            r["reason"],
            "not met in 2021; the growth rate reported for 2021 used"
        );
    }
    // The table shows a rate reported without a level, and why.
    std::fs::write(
        &csv,
        "metric,year,value,unit,measure\nGDP,2021,5.5,,growth\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["eval", "--color", "never", "--data"])
        .arg(&csv)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let table = String::from_utf8_lossy(&out.stdout);
    assert!(table.contains("+5.5%/yr in 2021  on track"), "{table}");
    assert!(
        table.contains("↳ the growth rate reported for 2021 used"),
        "{table}"
    );
    // A bad measure stops the run with its position.
    std::fs::write(
        &csv,
        "metric,year,value,unit,measure\nGDP,2021,4.9,%,rate\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["eval", "--color", "never", "--data"])
        .arg(&csv)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E0406"), "{err}");
    assert!(err.contains("unknown measure `rate`"), "{err}");
    assert!(err.contains("d.csv:2:16"), "{err}");
    assert!(
        err.contains("write `growth` for a year-on-year growth rate"),
        "{err}"
    );
}

fn plan_text() -> String {
    plan("each year: GDP growth >= 5%")
}
