//! Regions: `region 嘉兴市: 南湖区, …` declared with its parts, targets in
//! one region or in each region, quotas per region; data rows checked
//! against the declared regions; each region's figure from its own row or
//! its parts' sum; `eval --by-region`; through the library and the binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, Evaluation, Status};
use planc::model::{Model, Scope};
use planc::source::SourceFile;

const HEAD: &str = "plan \"分解\"\nperiod 2010..2012\nagency 市经贸委\n\
region 嘉兴市: 南湖区, 秀洲区\nmetric projects: flow 项\nmetric 资金: stock 亿元\n\
metric 比重: stock %\n";

fn compile(body: &str) -> Model {
    let text = format!("{HEAD}item 三 \"t\" {{\n  lead 市经贸委\n{body}}}\n");
    let out = planc::compile(&SourceFile::new("t.plan", text));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.model.unwrap()
}

fn eval(model: &Model, csv: &str, as_of: u16) -> Evaluation {
    let cat = Catalog::new(model);
    let mut loader = Loader::new(&cat);
    loader.read_csv("d.csv", csv.as_bytes());
    let data = loader.finish();
    assert!(!data.has_errors(), "{:?}", data.files[0].problems);
    evaluate(&cat, &data.figures, as_of)
}

/// (target id, region, status) of every result.
fn statuses(e: &Evaluation) -> Vec<(String, Option<String>, Status)> {
    e.results
        .iter()
        .map(|r| (r.target.clone(), r.region.clone(), r.status))
        .collect()
}

#[test]
fn regions_and_their_parts_are_in_the_model() {
    let m = compile("  by 2012: projects >= 10\n");
    let regions: Vec<(&str, Option<&str>)> = m
        .regions
        .iter()
        .map(|r| (r.id.as_str(), r.parent.as_deref()))
        .collect();
    assert_eq!(
        regions,
        [
            ("嘉兴市", None),
            ("南湖区", Some("嘉兴市")),
            ("秀洲区", Some("嘉兴市"))
        ]
    );
}

#[test]
fn quotas_are_targets_of_their_regions_under_the_whole() {
    let m = compile("  by 2012: projects >= 50\n  quota 南湖区 30, 秀洲区 20项\n");
    let ids: Vec<&str> = m.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["3-1", "3-1@南湖区", "3-1@秀洲区"]);
    assert_eq!(m.items[0].targets, ids);
    assert_eq!(m.targets[0].scope, None);
    assert_eq!(
        m.targets[1].scope,
        Some(Scope::Quota {
            region: "南湖区".into(),
            of: "3-1".into()
        })
    );
    // The quota keeps the target's timing and comparison, with its value.
    assert_eq!(m.targets[1].deadline, 2012);
    let json = m.to_json().unwrap();
    assert_eq!(Model::from_json(&json).unwrap(), m);
}

#[test]
fn each_region_is_judged_in_every_region_without_parts() {
    let m = compile("  by 2012 in each region: 资金 >= 10\n");
    let scopes: Vec<_> = m.targets.iter().map(|t| t.scope.clone().unwrap()).collect();
    assert_eq!(
        scopes,
        [
            Scope::EachRegion {
                region: "南湖区".into(),
                of: "3-1".into()
            },
            Scope::EachRegion {
                region: "秀洲区".into(),
                of: "3-1".into()
            }
        ]
    );
    let csv = "metric,year,value,region\n资金,2012,12,南湖区\n资金,2012,8,秀洲区\n";
    let e = eval(&m, csv, 2012);
    assert_eq!(
        statuses(&e),
        [
            ("3-1@南湖区".into(), Some("南湖区".into()), Status::Met),
            ("3-1@秀洲区".into(), Some("秀洲区".into()), Status::Missed)
        ]
    );
}

#[test]
fn a_city_is_the_sum_of_its_districts_and_the_plan_of_the_city() {
    let m = compile("  by 2012 in 嘉兴市: 资金 >= 20\n  by 2012: 资金 >= 20\n");
    let csv = "metric,year,value,unit,region\n资金,2012,12,,南湖区\n资金,2012,90000,万元,秀洲区\n";
    let e = eval(&m, csv, 2012);
    assert_eq!(e.results[0].actual, Some(21.into()));
    assert_eq!(e.results[0].status, Status::Met);
    assert_eq!(e.results[1].actual, Some(21.into()));
}

#[test]
fn a_sum_with_a_district_missing_is_no_figure() {
    let m = compile("  by 2012 in 嘉兴市: 资金 >= 20\n");
    let e = eval(&m, "metric,year,value,region\n资金,2012,25,南湖区\n", 2012);
    assert_eq!(e.results[0].status, Status::NoData);
    let reason = planc::report::text::english_reason(&e.results[0]).unwrap();
    assert!(reason.contains("from 1 of the 2 regions"), "{reason}");
}

#[test]
fn a_city_row_wins_over_its_districts_and_shares_never_add_up() {
    let m = compile("  by 2012 in 嘉兴市: 资金 >= 20\n  by 2012 in 嘉兴市: 比重 >= 20\n");
    let csv = "metric,year,value,region\n资金,2012,30,嘉兴市\n资金,2012,1,南湖区\n\
资金,2012,1,秀洲区\n比重,2012,30,南湖区\n比重,2012,30,秀洲区\n";
    let e = eval(&m, csv, 2012);
    assert_eq!(e.results[0].actual, Some(30.into()));
    assert_eq!(e.results[1].status, Status::NoData);
    assert!(planc::report::text::english_reason(&e.results[1])
        .unwrap()
        .contains("do not add up"));
}

#[test]
fn without_declared_regions_any_region_is_read_as_before() {
    let text = "plan \"p\"\nperiod 2010..2012\nagency 甲\nmetric projects: stock 项\n\
item 三 \"t\" {\n  lead 甲\n  by 2012: projects >= 5\n}\n";
    let m = planc::compile(&SourceFile::new("t.plan", text))
        .model
        .unwrap();
    assert!(m.regions.is_empty());
    let e = eval(
        &m,
        "metric,year,value,region\nprojects,2012,3,任何区\nprojects,2012,3,别的县\n",
        2012,
    );
    assert_eq!(e.results[0].actual, Some(6.into()));
}

#[test]
fn an_undeclared_region_in_data_is_reported_at_its_cell() {
    let m = compile("  by 2012: projects >= 5\n");
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    loader.read_csv(
        "d.csv",
        "metric,year,value,region\nprojects,2012,3,南胡区\n".as_bytes(),
    );
    let data = loader.finish();
    let p = &data.files[0].problems;
    assert_eq!(p.len(), 1);
    assert_eq!(p[0].code, planc::diag::Code::DataUnknownRegion);
    assert_eq!(p[0].help.as_deref(), Some("did you mean `南湖区`?"));
}

#[test]
fn the_model_refuses_an_undeclared_region_and_a_loop() {
    let m = compile("  by 2012 in 南湖区: projects >= 5\n");
    let json = m.to_json().unwrap();
    let bad = json.replace("\"region\": \"南湖区\"", "\"region\": \"北湖区\"");
    let err = Model::from_json(&bad).unwrap_err().to_string();
    assert!(
        err.contains("`北湖区`, which `regions` does not declare"),
        "{err}"
    );
    let looped = json.replacen(
        "\"id\": \"嘉兴市\"",
        "\"id\": \"嘉兴市\",\n      \"parent\": \"南湖区\"",
        1,
    );
    let err = Model::from_json(&looped).unwrap_err().to_string();
    assert!(err.contains("part of itself"), "{err}");
}

#[test]
fn fmt_round_trips_regions_in_both_spellings() {
    let text = format!(
        "{HEAD}item 三 \"t\" {{\n  lead 市经贸委\n  by 2012: projects >= 50\n  quota 南湖区 30, 秀洲区 20\n  by 2012 in each region: 资金 >= 10\n  by 2012 in 南湖区: 资金 >= 10\n}}\n"
    );
    let zh = planc::fmt::format_with(&text, Some(planc::syntax::keywords::Spelling::Zh)).unwrap();
    assert!(zh.contains("地区 嘉兴市: 南湖区, 秀洲区"), "{zh}");
    assert!(zh.contains("分解 南湖区 30, 秀洲区 20"), "{zh}");
    assert!(zh.contains("到2012年 在 各地区: 资金 >= 10"), "{zh}");
    let en = planc::fmt::format_with(&zh, Some(planc::syntax::keywords::Spelling::En)).unwrap();
    assert_eq!(en, planc::fmt::format_with(&text, None).unwrap());
    let a = planc::compile(&SourceFile::new("t.plan", text))
        .model
        .unwrap();
    let b = planc::compile(&SourceFile::new("t.plan", zh))
        .model
        .unwrap();
    assert_eq!(a.targets.len(), b.targets.len());
    assert_eq!(a.regions, b.regions);
}

fn planc() -> Command {
    Command::cargo_bin("planc").unwrap()
}

#[test]
fn the_example_checks_clean_and_eval_by_region_shows_every_district() {
    let plan = "examples/jiaxing-districts.plan";
    let data = "examples/jiaxing-districts.data.csv";
    planc().args(["check", plan]).assert().success();
    let out = planc()
        .args(["eval", plan, "--data", data, "--by-region"])
        .env("NO_COLOR", "1")
        .assert()
        .success();
    let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    for d in [
        "南湖区",
        "秀洲区",
        "嘉善县",
        "平湖市",
        "海宁市",
        "海盐县",
        "桐乡市",
    ] {
        assert!(
            text.contains(&format!("{d} (in 嘉兴市) — 3 targets")),
            "{d}: {text}"
        );
    }
    for format in ["json", "markdown", "junit"] {
        let out = planc()
            .args([
                "eval",
                plan,
                "--data",
                data,
                "--by-region",
                "--format",
                format,
            ])
            .assert()
            .success();
        let text = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(text.contains("3-3@海盐县"), "{format}: {text}");
        if format == "json" {
            assert_eval_schema(&text);
        }
    }
}

/// The eval JSON names each result's region and lists each region's
/// targets, and validates against schema/eval.schema.json.
fn assert_eval_schema(text: &str) {
    let v: serde_json::Value = serde_json::from_str(text).unwrap();
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schema/eval.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&v)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let quota = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "3-1@南湖区")
        .unwrap();
    assert_eq!(quota["region"], "南湖区");
    let regions = v["regions"].as_array().unwrap();
    assert_eq!(regions.len(), 8);
    assert_eq!(regions[0]["id"], "嘉兴市");
    assert_eq!(regions[0]["targets"], serde_json::json!([]));
    assert_eq!(regions[1]["parent"], "嘉兴市");
    assert_eq!(regions[1]["targets"].as_array().unwrap().len(), 3);
}

#[test]
fn an_unknown_region_in_data_fails_the_run_with_e0409() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.csv");
    std::fs::write(&data, "metric,year,value,region\nprojects,2011,3,南胡区\n").unwrap();
    planc()
        .args(["eval", "examples/jiaxing-districts.plan", "--data"])
        .arg(&data)
        .args(["--diagnostics", "short"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "d.csv:2:17: error[E0409]: unknown region `南胡区`",
        ));
}

/// Column 62 is the opening quote of `"秀州区"`: the value the region
/// key gives, counted in characters.
#[test]
fn an_unknown_region_in_json_data_is_pointed_at_its_value() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("d.json");
    std::fs::write(
        &data,
        "[\n  {\"metric\": \"projects\", \"year\": 2011, \"value\": 3, \"region\": \"秀州区\"}\n]\n",
    )
    .unwrap();
    planc()
        .args(["eval", "examples/jiaxing-districts.plan", "--data"])
        .arg(&data)
        .args(["--diagnostics", "short"])
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "d.json:2:62: error[E0409]: unknown region `秀州区`",
        ));
}

/// W0004 says which way to mend: quotas under a floor are raised, quotas
/// over a cap lowered.
#[test]
fn quota_warnings_say_which_way_to_mend() {
    let text = std::fs::read_to_string("tests/diagnostics/W0004-quota-sum.plan").unwrap();
    let out = planc::compile(&SourceFile::new("q.plan", text));
    let helps: Vec<String> = out
        .diagnostics
        .iter()
        .filter(|d| d.code.as_str() == "W0004")
        .map(|d| d.help.clone().unwrap_or_default())
        .collect();
    assert_eq!(helps.len(), 2, "{helps:?}");
    assert!(helps[0].contains("; raise the quotas,"), "{}", helps[0]);
    assert!(helps[1].contains("; lower the quotas,"), "{}", helps[1]);
}
