//! The model says exactly what the plan says: values exact in base units
//! beside the number and unit as written, ordinals as written, and no
//! target lost without an error. Each test is a reproducer of a way the
//! model used to be wrong without saying so.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, Status};
use planc::model::{Condition, Model, Quantity, Requirement, Tolerance};
use planc::source::SourceFile;
use rust_decimal::Decimal;

fn plan(units: &str, metric: &str, target: &str) -> String {
    format!(
        "plan \"exact\"\nperiod 2010..2012\nagency 甲\n{units}\nmetric {metric}\nitem 三 \"t\" {{\n  lead 甲\n  {target}\n}}\n"
    )
}

fn compile(text: &str) -> Model {
    let out = planc::compile(&SourceFile::new("t.plan", text));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let model = out.model.unwrap();
    assert_eq!(model.targets.len(), 1, "the target is in the model");
    model
}

/// The status of the one target as of 2012, with `csv` rows.
fn status(model: &Model, csv: &str) -> Status {
    let cat = Catalog::new(model);
    let mut loader = Loader::new(&cat);
    loader.read_csv("d.csv", format!("metric,year,value,unit\n{csv}").as_bytes());
    let data = loader.finish();
    for f in &data.files {
        assert!(f.problems.is_empty(), "{:?}", f.problems);
    }
    evaluate(&cat, &data.figures, 2012).results[0].status
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn q(number: &str, unit: Option<&str>, scale: &str, base: &str) -> Quantity {
    Quantity {
        number: d(number),
        unit: unit.map(str::to_string),
        scale: d(scale),
        base: d(base),
    }
}

#[test]
fn a_cap_in_a_smaller_unit_is_exact_and_an_exact_hit_is_met() {
    // 1 吨 on a 箱 metric (1 箱 = 3 吨) was stored as 0.3333… 箱.
    let m = compile(&plan("unit 箱 = 3 吨", "m: stock 箱", "by 2012: m <= 1 吨"));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::Compare { value, .. },
        } => assert_eq!(*value, q("1", Some("吨"), "1", "1")),
        other => panic!("{other:?}"),
    }
    assert_eq!(status(&m, "m,2012,1,吨\n"), Status::Met);
    assert_eq!(
        status(&m, "m,2012,1.0000000000000000000000000001,吨\n"),
        Status::Missed
    );
}

#[test]
fn a_floor_in_a_larger_unit_is_exact_and_an_exact_hit_is_met() {
    // 5 个 on a 打 metric (1 打 = 12 个) was stored as 0.41666… 打.
    let m = compile(&plan("unit 打 = 12 个", "m: stock 打", "by 2012: m >= 5个"));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::Compare { value, .. },
        } => assert_eq!(*value, q("5", Some("个"), "1", "5")),
        other => panic!("{other:?}"),
    }
    assert_eq!(status(&m, "m,2012,5,个\n"), Status::Met);
    assert_eq!(status(&m, "m,2012,4.99,个\n"), Status::Missed);
}

#[test]
fn the_value_keeps_the_unit_the_plan_wrote() {
    let m = compile(&plan("", "m: flow 元", "by 2012: m >= 6万元"));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::Compare { value, .. },
        } => {
            assert_eq!(*value, q("6", Some("万元"), "10000", "60000"));
        }
        other => panic!("{other:?}"),
    }
    let m = compile(&plan("", "m: flow 名", "by 2012: m >= 2万"));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::Compare { value, .. },
        } => {
            assert_eq!(*value, q("2", Some("万"), "10000", "20000"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_value_in_a_tiny_unit_is_kept_not_dropped() {
    // Dividing 100 吨 by a scale of 1e-27 overflowed, and the target left
    // the model with no error.
    let m = compile(&plan(
        "unit 微 = 0.000000000000000000000000001 吨",
        "m: stock 微",
        "by 2012: m >= 100吨",
    ));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::Compare { value, .. },
        } => assert_eq!(value.base, d("100")),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_huge_approximate_value_keeps_its_default_tolerance() {
    // 10% of this value overflowed, and the target left the model.
    let m = compile(&plan(
        "",
        "m: stock 吨",
        "by 2012: m ~ 79228162514264337593543950335",
    ));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::About { value, tolerance },
        } => {
            assert_eq!(value.base, Decimal::MAX);
            assert_eq!(
                *tolerance,
                Tolerance::Relative {
                    percent: d("10"),
                    written: false
                }
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_value_beyond_exact_range_in_base_units_is_refused_with_e0006() {
    let text = plan(
        "",
        "m: stock 亿元",
        "by 2012: m >= 7922816251426433759354395033亿元",
    );
    let out = planc::compile(&SourceFile::new("t.plan", text.as_str()));
    assert!(out.model.is_none());
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0006"]);
    let span = out.diagnostics[0].primary_span().unwrap();
    assert_eq!(&text[span.range()], "7922816251426433759354395033亿元");
}

#[test]
fn ordinals_are_kept_as_written() {
    let text = "plan \"p\"\nperiod 2010..2012\nagency 甲\nsection 二 \"s\" {\n  item 十七 \"i\" {\n    lead 甲\n    part 2 \"p\" {\n    }\n  }\n}\n";
    let out = planc::compile(&SourceFile::new("t.plan", text));
    let m = out.model.unwrap();
    assert_eq!(
        (m.sections[0].id.as_str(), m.sections[0].ordinal.as_str()),
        ("2", "二")
    );
    let items: Vec<(&str, &str)> = m
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.ordinal.as_str()))
        .collect();
    assert_eq!(items, [("17", "十七"), ("17.2", "2")]);
}

#[test]
fn the_binary_writes_the_exact_model_and_judges_the_exact_hit_met() {
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("p.plan");
    std::fs::write(
        &plan_path,
        plan("unit 箱 = 3 吨", "m: stock 箱", "by 2012: m <= 1 吨"),
    )
    .unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(&data, "metric,year,value,unit\nm,2012,1,吨\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .arg("compile")
        .arg(&plan_path)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["version"], 3);
    assert_eq!(
        json["targets"][0]["condition"],
        serde_json::json!({
            "kind": "threshold",
            "requirement": {
                "is": "compare",
                "op": "<=",
                "value": {"number": 1, "unit": "吨", "scale": 1, "base": 1}
            }
        })
    );
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .arg("eval")
        .arg(&plan_path)
        .args(["--format", "json", "--as-of", "2012", "--data"])
        .arg(&data)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["results"][0]["status"], "met");
}

#[test]
fn a_plan_number_that_would_round_is_refused_not_rounded() {
    // `Decimal::from_str` rounded this to 1.0000000000000000000000000000.
    let text = plan(
        "",
        "m: stock 吨",
        "by 2012: m >= 1.00000000000000000000000000001",
    );
    let out = planc::compile(&SourceFile::new("t.plan", text.as_str()));
    let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["E0006"]);
    let span = out.diagnostics[0].primary_span().unwrap();
    assert_eq!(&text[span.range()], "1.00000000000000000000000000001");
    // Trailing zeros beyond 28 places change nothing and are accepted.
    let m = compile(&plan(
        "",
        "m: stock 吨",
        "by 2012: m >= 1.000000000000000000000000000000",
    ));
    match &m.targets[0].condition {
        Condition::Threshold {
            requirement: Requirement::Compare { value, .. },
        } => assert_eq!(value.base, Decimal::ONE),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_value_at_the_edge_of_the_range_with_a_tolerance_is_judged_without_a_crash() {
    // `v + 1` overflowed a Decimal in eval and panicked; bounds are exact.
    let m = compile(&plan(
        "",
        "m: stock 吨",
        "by 2012: m ~ 79228162514264337593543950335 ± 1",
    ));
    assert_eq!(
        status(&m, "m,2012,79228162514264337593543950335,吨\n"),
        Status::Met
    );
    assert_eq!(status(&m, "m,2012,1,吨\n"), Status::Missed);
    let dir = tempfile::tempdir().unwrap();
    let plan_path = dir.path().join("p.plan");
    std::fs::write(
        &plan_path,
        plan(
            "",
            "m: stock 吨",
            "by 2012: m ~ 79228162514264337593543950335 ± 1",
        ),
    )
    .unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(
        &data,
        "metric,year,value\nm,2012,79228162514264337593543950334\n",
    )
    .unwrap();
    Command::new(env!("CARGO_BIN_EXE_planc"))
        .arg("eval")
        .arg(&plan_path)
        .args(["--as-of", "2012", "--data"])
        .arg(&data)
        .assert()
        .code(0)
        .stdout(predicates::str::contains("1 met"));
}

#[test]
fn a_syntax_error_at_a_patched_quote_points_at_the_quote_as_written() {
    // Found by fuzzing: `“` is parsed as padding and `"`, and the error
    // after the padding pointed into the middle of `“`.
    let text = "plan \"p\"\nperiod 2010..2012\nmetric 嘉兴“与沪杭同城”战略\n";
    let out = planc::compile(&SourceFile::new("t.plan", text));
    for d in &out.diagnostics {
        for l in &d.labels {
            assert!(text.is_char_boundary(l.span.start as usize), "{d:?}");
            assert!(text.is_char_boundary(l.span.end as usize), "{d:?}");
        }
    }
    let at: Vec<(&str, &str)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), &text[d.primary_span().unwrap().range()]))
        .collect();
    assert_eq!(at, [("E0002", "“"), ("E0002", "”")]);
}
