//! The evaluation rules of `docs/semantics.md` that decide a run's exit
//! code, through the real binary: a plan or a hand-written model, a data
//! file, `planc eval --format json`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;
use common::planc;
use serde_json::Value;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_str().unwrap().to_string()
}

/// Evaluates `plan` (a plan or a model file) against `csv` as of `as_of`:
/// the exit code and the first result.
fn eval(dir: &Path, plan: &str, csv: &str, as_of: &str) -> (Option<i32>, Value) {
    let data = write(dir, "data.csv", csv);
    let out = planc(&[
        "eval", plan, "--data", &data, "--as-of", as_of, "--format", "json",
    ]);
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!("{e}: {}", String::from_utf8_lossy(&out.stderr));
    });
    (out.status.code(), doc["results"][0].clone())
}

const HEADER: &str = "plan \"x\"\nperiod 2010..2012\nbaseline 2009\nagency 甲\n";

fn plan(dir: &Path, decls: &str, target: &str) -> String {
    let text = format!("{HEADER}{decls}\nitem 一 \"x\" {{\n  lead 甲 {target}\n}}\n");
    write(dir, "p.plan", &text)
}

#[test]
fn an_annual_average_cap_exceeded_in_its_first_year_fails_the_run() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(
        dir.path(),
        "metric 人才: flow 名",
        "by 2012: 人才 annual average <= 100名",
    );
    let (code, r) = eval(dir.path(), &p, "metric,year,value\n人才,2010,250\n", "2010");
    assert_eq!(code, Some(3));
    assert_eq!(r["status"], "behind");
    assert_eq!(
        (r["actual"].as_f64(), r["gap"].as_f64()),
        (Some(250.0), Some(150.0))
    );
}

#[test]
fn a_flow_cap_spent_early_is_behind() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(
        dir.path(),
        "metric 资金: flow 亿元",
        "by 2012: 资金 <= 90亿元",
    );
    let (code, r) = eval(dir.path(), &p, "metric,year,value\n资金,2010,60\n", "2010");
    assert_eq!((code, r["status"].as_str()), (Some(3), Some("behind")));
    assert_eq!(r["expected"].as_f64(), Some(30.0));
    let (code, r) = eval(dir.path(), &p, "metric,year,value\n资金,2010,30\n", "2010");
    assert_eq!((code, r["status"].as_str()), (Some(0), Some("on_track")));
}

#[test]
fn regional_only_shares_in_the_latest_year_are_pending_not_behind() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(dir.path(), "metric share: stock %", "by 2012: share >= 40%");
    let csv = "metric,year,value,region\nshare,2009,30,\nshare,2010,31,\nshare,2011,35,嘉善\nshare,2011,36,平湖\n";
    let (code, r) = eval(dir.path(), &p, csv, "2011");
    assert_eq!((code, r["status"].as_str()), (Some(0), Some("pending")));
    assert!(
        r["reason"]
            .as_str()
            .unwrap()
            .starts_with("only regional figures for 2011 (2 regions)"),
        "{r}"
    );
}

#[test]
fn a_hand_written_model_with_a_baseline_inside_its_span_is_not_judged() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(
        dir.path(),
        "metric c: stock 个",
        "by 2011..2012: c average growth since 2010 >= 10%",
    );
    let out = planc(&["compile", &p]);
    assert_eq!(out.status.code(), Some(0));
    let mut model: Value = serde_json::from_slice(&out.stdout).unwrap();
    // `since 2011` would be E0307 in a plan; a model can say it.
    model["targets"][0]["condition"]["since"] = 2011.into();
    let m = write(dir.path(), "m.json", &model.to_string());
    let csv = "metric,year,value\nc,2011,2\nc,2012,2.1\n";
    let (code, r) = eval(dir.path(), &m, csv, "2012");
    assert_eq!((code, r["status"].as_str()), (Some(0), Some("no_data")));
    assert_eq!(
        r["reason"],
        "its baseline 2011 is not before the first year of its deadline 2011..2012"
    );
}

#[test]
fn a_fall_to_zero_is_an_achieved_rate_of_minus_100_percent() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(
        dir.path(),
        "metric c: stock 个",
        "by 2012: c average growth <= -50%",
    );
    let (code, r) = eval(
        dir.path(),
        &p,
        "metric,year,value\nc,2009,8\nc,2012,0\n",
        "2012",
    );
    assert_eq!((code, r["status"].as_str()), (Some(0), Some("met")));
    assert_eq!(r["rate"]["actual"].as_f64(), Some(-100.0));
}

#[test]
fn a_figure_beyond_range_is_called_so() {
    let dir = tempfile::tempdir().unwrap();
    let p = plan(dir.path(), "metric c: stock 个", "by 2012: c >= 1");
    let data = write(dir.path(), "d.csv", "metric,year,value\nc,2012,1e29\n");
    let out = planc(&["eval", &p, "--data", &data, "--diagnostics", "short"]);
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        err.contains("`1e29` is beyond the exact range of a figure"),
        "{err}"
    );
    assert!(!err.contains("mixes a number and a unit"), "{err}");
}
