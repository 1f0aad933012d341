//! Values set each year outside the plan (`each year: m [growth] set`):
//! each year judged against the value the data sets for it (`measure`
//! `target` or `growth target`). Every figure is worked out by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;

use assert_cmd::Command;
use planc::data::{Catalog, Format, Loader};
use planc::eval::{evaluate, Status, TargetResult};
use planc::model::{Condition, Model, Requirement};
use planc::source::SourceFile;
use serde_json::Value;

const HEAD: &str = "plan \"设定\"\nperiod 2021..2023\nbaseline 2020\nagency 发改委\n\
metric GDP: stock 亿元\nmetric 排放: flow 万吨\n";

fn plan(target: &str) -> String {
    format!("{HEAD}item 一 \"t\" {{\n  lead 发改委\n  {target}\n}}\n")
}

fn model(target: &str) -> Model {
    let out = planc::compile(&SourceFile::new("t.plan", plan(target)));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.model.unwrap()
}

/// Rows follow `metric,year,value,unit,measure`.
fn judge(target: &str, rows: &str, as_of: u16) -> TargetResult {
    let m = model(target);
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    let csv = format!("metric,year,value,unit,measure\n{rows}");
    loader.read("d.csv", Format::Csv, csv.as_bytes());
    let data = loader.finish();
    assert!(
        data.files[0].problems.is_empty(),
        "{:?}",
        data.files[0].problems
    );
    evaluate(&cat, &data.figures, as_of).results.remove(0)
}

const GROWTH: &str = "each year: GDP growth set";
/// +8 % in 2021, +3 % in 2022, +5 % in 2023 (100 → 108 → 111.24 → 116.802).
const LEVELS: &str = "GDP,2020,100,,\nGDP,2021,108,,\nGDP,2022,111.24,,\nGDP,2023,116.802,,\n";

#[test]
fn set_compiles_to_its_own_requirement_under_each_year_only() {
    let m = model(GROWTH);
    assert_eq!(
        m.targets[0].condition,
        Condition::YearlyGrowth {
            requirement: Requirement::SetYearly {}
        }
    );
    let m = model("each year: 排放 set");
    assert_eq!(
        m.targets[0].condition,
        Condition::EachYear {
            requirement: Requirement::SetYearly {}
        }
    );
    let json = m.to_json().unwrap();
    assert!(json.contains("\"is\": \"set_yearly\""), "{json}");
    assert_eq!(Model::from_json(&json).unwrap(), m);
    // Under a deadline it is refused, at `set`, with the form to write.
    let text = plan("by 2023: 排放 set");
    let out = planc::compile(&SourceFile::new("t.plan", text.as_str()));
    let d = &out.diagnostics[0];
    assert_eq!(d.code.as_str(), "E0305");
    assert_eq!(&text[d.labels[0].span.range()], "set");
    assert_eq!(
        d.help.as_deref(),
        Some("write `each year: 排放 set` for a value set year by year, or `each year: 排放 growth set` for a growth rate")
    );
}

#[test]
fn each_year_is_judged_against_its_own_set_value() {
    let set = "GDP,2021,>= 6,%,growth target\nGDP,2022,~ 5.5,,growth target\nGDP,2023,~5,%,growth target\n";
    let rows = format!("{LEVELS}{set}");
    let r = judge(GROWTH, &rows, 2021);
    assert_eq!(r.status, Status::OnTrack);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("set for 2021: >= 6%")
    );
    // 2022: +3 % against 5.5 ± 10 % (4.95..6.05): missed.
    let r = judge(GROWTH, &rows, 2022);
    assert_eq!(r.status, Status::Missed);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("not met in 2022; set for 2022: ~ 5.5%")
    );
    assert_eq!(r.rate.as_ref().unwrap().required.to_string(), "5.5");
    // Without 2022's miss: 2023's +5 % is within 4.5..5.5, and the window
    // is over: met.
    let rows = rows
        .replace("111.24", "114.48")
        .replace("116.802", "120.204");
    // 108 → 114.48 is +6 %, within 4.95..6.05; 114.48 → 120.204 is +5 %.
    let r = judge(GROWTH, &rows, 2023);
    assert_eq!(
        r.status,
        Status::Met,
        "{:?}",
        planc::report::text::english_reason(&r)
    );
}

#[test]
fn a_year_without_a_set_value_is_pending_then_no_data() {
    let rows = format!("{LEVELS}GDP,2021,>= 6,%,growth target\n");
    let r = judge(GROWTH, &rows, 2022);
    assert_eq!(r.status, Status::Pending);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("no value set for 2022; set for 2021: >= 6%")
    );
    let r = judge(GROWTH, &rows, 2023);
    assert_eq!(r.status, Status::NoData);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("no value set for 2022; no value set for 2023; set for 2021: >= 6%")
    );
    // A value set for a later year is not read before that year.
    let rows = format!("{LEVELS}GDP,2021,>= 6,%,growth target\nGDP,2022,>= 1,%,growth target\n");
    assert_eq!(judge(GROWTH, &rows, 2021).status, Status::OnTrack);
}

#[test]
fn a_quota_set_each_year_converts_its_unit() {
    let t = "each year: 排放 set";
    // 2021's quota 490000000 吨 is 49000 万吨; 2022's `<= 48000` in 万吨.
    let rows = "排放,2021,49000,,\n排放,2022,48500,,\n排放,2021,<= 490000000,吨,target\n排放,2022,<= 48000,,target\n";
    let r = judge(t, rows, 2021);
    assert_eq!(r.status, Status::OnTrack);
    assert_eq!(r.required.unwrap().to_string(), "49000");
    let r = judge(t, rows, 2022);
    assert_eq!(r.status, Status::Missed);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("not met in 2022; set for 2022: <= 48000 万吨")
    );
    assert_eq!(r.required.unwrap().to_string(), "48000");
}

/// (code, the cell's text, help) of each problem `csv` gives.
fn problems(csv: &str) -> Vec<(String, String, String)> {
    common::data_problems(&model(GROWTH), csv)
}

#[test]
fn bad_set_values_are_reported_at_their_cells() {
    let csv = "metric,year,value,unit,region,measure\n\
GDP,2021,6,%,,growth target\n\
GDP,2021,>= 6,%,嘉善,growth target\n\
GDP,2021,>= x,%,,growth target\n\
GDP,2021,>= 6,万元,,growth target\n\
GDP,2022,>= 6,%,,growth target\n\
GDP,2022,~ 6,%,,growth target\n";
    let got = problems(csv);
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(got.len(), 5, "{got:?}");
    assert_eq!(
        got[0],
        ("E0403", "6", "write `>= 6` (以上), `~ 5.5` (左右, within the plan's tolerance), `<= 3` (以内), `> 6` or `< 3`")
    );
    assert_eq!(
        got[1],
        (
            "E0406",
            "嘉善",
            "leave the region empty: planc reads only plan-wide set values"
        )
    );
    assert_eq!(got[2].0, "E0403");
    assert_eq!(got[2].1, ">= x");
    assert_eq!(got[3].0, "E0402");
    assert_eq!(got[3].1, "万元");
    assert_eq!(
        got[4],
        (
            "E0405",
            "~ 6",
            "a metric has one value set per year; keep one of the rows"
        )
    );
}

#[test]
fn the_binary_judges_the_14th_fyp_gdp_growth_against_its_yearly_targets() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::cargo_bin("planc")
        .unwrap()
        .current_dir(root)
        .args([
            "eval",
            "examples/china-14th-fyp.plan",
            "--data",
            "examples/china-14th-fyp.data.csv",
            "--format",
            "json",
            "--as-of",
            "2021",
        ])
        .output()
        .unwrap();
    let v: Value = serde_json::from_str(&String::from_utf8(out.stdout).unwrap()).unwrap();
    let r = &v["results"][0];
    assert_eq!(r["target"], "1-1");
    // 2021: +8.1 % against 6%以上.
    assert_eq!(r["status"], "on_track");
    assert_eq!(r["reason"], "set for 2021: >= 6%");
    assert_eq!(r["rate"]["required"], 6);
    let out = Command::cargo_bin("planc")
        .unwrap()
        .current_dir(root)
        .args([
            "eval",
            "examples/china-14th-fyp.plan",
            "--data",
            "examples/china-14th-fyp.data.csv",
            "--color",
            "never",
        ])
        .output()
        .unwrap();
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.contains("1-1     国家发展改革委  国内生产总值          growth set each year"),
        "{table}"
    );
    assert!(
        table.contains("↳ not met in 2022; set for 2022: ~ 5.5%"),
        "{table}"
    );
}
