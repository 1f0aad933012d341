//! Qualitative commitments (`metric m: commitment`, `by Y: m assessed`),
//! judged by a reported assessment or `unassessed`; and every item, those
//! with only text too, listed in every report.

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
use planc::model::{Condition, MetricKind, Model, TargetKind};
use planc::source::SourceFile;
use serde_json::Value;

const PLAN: &str = "plan \"合作\"\nperiod 2010..2012\nagency 市发改委\n\
metric 协调机制: commitment \"建立区域合作协调机制\"\nmetric 项目: stock 项\n\
item 一 \"建立合作机制\" {\n  lead 市发改委\n  by 2012: 协调机制 assessed \"建立两地合作协调机制\"\n}\n\
item 二 \"加强宣传\" {\n  text \"加大宣传力度\"\n  text \"创新宣传引导机制\"\n}\n\
item 三 \"引进项目\" {\n  lead 市发改委\n  by 2012: 项目 >= 3项\n}\n";

fn model() -> Model {
    let out = planc::compile(&SourceFile::new("c.plan", PLAN));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.model.unwrap()
}

fn judge(rows: &str, as_of: u16) -> TargetResult {
    let m = model();
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    let csv = format!("metric,year,value,note,region\n{rows}");
    loader.read("d.csv", Format::Csv, csv.as_bytes());
    let data = loader.finish();
    assert!(
        data.files[0].problems.is_empty(),
        "{:?}",
        data.files[0].problems
    );
    evaluate(&cat, &data.figures, as_of).results.remove(0)
}

#[test]
fn a_commitment_compiles_to_its_own_metric_kind_and_condition() {
    let m = model();
    assert_eq!(m.metrics[0].kind, MetricKind::Commitment);
    assert_eq!(m.metrics[0].unit, None);
    let t = &m.targets[0];
    assert_eq!(t.condition, Condition::Commitment {});
    assert_eq!(t.kind(), TargetKind::Commitment);
    assert_eq!(t.quote.as_deref(), Some("建立两地合作协调机制"));
    let json = m.to_json().unwrap();
    assert!(json.contains("\"kind\": \"commitment\"\n"), "{json}");
    assert_eq!(Model::from_json(&json).unwrap(), m);
    // The model schema accepts it.
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("schema/model.schema.json").unwrap())
            .unwrap();
    let v = jsonschema::validator_for(&schema).unwrap();
    assert!(v.is_valid(&serde_json::from_str(&json).unwrap()));
}

#[test]
fn each_assessment_gives_its_status() {
    let cases = [
        ("", 2011, Status::Unassessed, None),
        ("", 2012, Status::Unassessed, None),
        ("协调机制,2011,done,,\n", 2011, Status::Met, Some("done")),
        ("协调机制,2011,done,,\n", 2012, Status::Met, Some("done")),
        (
            "协调机制,2011,partly,,\n",
            2011,
            Status::OnTrack,
            Some("partly"),
        ),
        (
            "协调机制,2011,not done,,\n",
            2011,
            Status::Pending,
            Some("not_done"),
        ),
        (
            "协调机制,2012,partly,,\n",
            2012,
            Status::Missed,
            Some("partly"),
        ),
        (
            "协调机制,2012,NOT DONE,,\n",
            2012,
            Status::Missed,
            Some("not_done"),
        ),
        // The deadline year unassessed: the last assessment is shown.
        (
            "协调机制,2011,partly,,\n",
            2012,
            Status::Unassessed,
            Some("partly"),
        ),
        // Only the years up to the deadline count; a region never does.
        ("协调机制,2013,done,,\n", 2013, Status::Unassessed, None),
        (
            "协调机制,2012,done,,嘉善县\n",
            2012,
            Status::Unassessed,
            None,
        ),
        ("协调机制,2012,完成,,\n", 2012, Status::Met, Some("done")),
        (
            "协调机制,2012,部分完成,,\n",
            2012,
            Status::Missed,
            Some("partly"),
        ),
    ];
    for (rows, as_of, status, value) in cases {
        let r = judge(rows, as_of);
        assert_eq!(
            r.status,
            status,
            "{rows} as of {as_of}: {:?}",
            planc::report::text::english_reason(&r)
        );
        assert_eq!(r.assessment.as_ref().map(|a| a.value), value, "{rows}");
    }
    let r = judge("协调机制,2011,partly,,\n", 2012);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("last assessed partly done for 2011; no assessment for 2012")
    );
    let r = judge("", 2012);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("no assessment reported as of 2012; due by 2012")
    );
    let r = judge("协调机制,2013,done,,\n", 2013);
    assert_eq!(
        planc::report::text::english_reason(&r).as_deref(),
        Some("assessed only for 2013, after the 2012 deadline")
    );
    // Unassessed never fails a run.
    assert!(!Status::Unassessed.fails(planc::model::Strength::Firm));
}

#[test]
fn the_note_is_kept_as_the_evidence() {
    let r = judge(
        "协调机制,2011,partly,联席会议制度已建立,\n协调机制,2012,done,\"文件 2012-35 号, 已印发\",\n",
        2012,
    );
    let a = r.assessment.unwrap();
    assert_eq!((a.value, a.year), ("done", 2012));
    assert_eq!(a.note.as_deref(), Some("文件 2012-35 号, 已印发"));
    assert_eq!(r.achieved, Some(2012));
    let r = judge("协调机制,2011,partly,联席会议制度已建立,\n", 2011);
    assert_eq!(
        r.assessment.unwrap().note.as_deref(),
        Some("联席会议制度已建立")
    );
    // No note, no evidence.
    let r = judge("协调机制,2011,partly,,\n", 2011);
    assert_eq!(r.assessment.unwrap().note, None);
}

/// (code, the cell's text, help) of each problem `csv` gives.
fn problems(csv: &str) -> Vec<(String, String, String)> {
    common::data_problems(&model(), csv)
}

#[test]
fn bad_assessments_are_reported_at_their_cells() {
    let csv = "metric,year,value,unit,measure\n协调机制,2011,yes,,\n协调机制,2011,80,,\n\
协调机制,2012,done,项,\n协调机制,2010,done,,growth\n协调机制,2012,partly,,\n协调机制,2012,done,,\n";
    let got = problems(csv);
    let want = [
        ("E0403", "yes", "write the assessment in `value` (`done`, `partly`, `not done`) and the evidence in `note`"),
        ("E0403", "80", "write the assessment in `value` (`done`, `partly`, `not done`) and the evidence in `note`"),
        ("E0402", "项", "leave the unit cell empty for a commitment"),
        ("E0406", "growth", "a commitment is assessed `done`, `partly` or `not done`; leave the measure empty"),
        ("E0405", "done", "a metric has one figure per year and region; keep one of the rows"),
    ];
    let got: Vec<(&str, &str, &str)> = got
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn a_conflict_names_the_assessments() {
    let m = model();
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    let csv = "metric,year,value\n协调机制,2012,partly\n协调机制,2012,done\n";
    loader.read("d.csv", Format::Csv, csv.as_bytes());
    let data = loader.finish();
    assert_eq!(
        data.files[0].problems[0].message,
        "conflicting assessments for `协调机制` in 2012: `done` here, `partly` before"
    );
}

#[test]
fn assessments_are_read_from_json_with_their_notes() {
    let m = model();
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    let json =
        r#"{"rows": [{"metric": "协调机制", "year": 2012, "value": "done", "note": "已建立"}]}"#;
    loader.read("d.json", Format::Json, json.as_bytes());
    let data = loader.finish();
    assert!(
        data.files[0].problems.is_empty(),
        "{:?}",
        data.files[0].problems
    );
    let r = evaluate(&cat, &data.figures, 2012).results.remove(0);
    assert_eq!(r.status, Status::Met);
    assert_eq!(r.assessment.unwrap().note.as_deref(), Some("已建立"));
}

fn run(dir: &std::path::Path, args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("planc")
        .unwrap()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn setup(rows: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.plan"), PLAN).unwrap();
    std::fs::write(
        dir.path().join("d.csv"),
        format!("metric,year,value,note\n项目,2012,4,\n{rows}"),
    )
    .unwrap();
    dir
}

#[test]
fn an_unassessed_commitment_and_a_text_only_item_show_in_every_format() {
    let dir = setup("");
    let d = dir.path();
    let base = ["eval", "c.plan", "--data", "d.csv", "--color", "never"];
    // Unassessed does not fail the run: exit 0.
    let (code, table) = run(d, &base);
    assert_eq!(code, 0, "{table}");
    assert!(
        table.contains("1-1     市发改委  协调机制  assessed done  2012  —       unassessed"),
        "{table}"
    );
    assert!(table.contains("  (2) 加强宣传\n"), "{table}");
    assert!(table.contains("no target: text only (2 texts)"), "{table}");
    assert!(
        table.contains("2 targets as of 2012: 1 met, 1 unassessed; every firm target is fine\n1 item has no target (text only)\n"),
        "{table}"
    );

    let (code, md) = run(d, &[&base[..], &["--format", "markdown"]].concat());
    assert_eq!(code, 0);
    assert!(md.contains("1 item has no target (text only).\n"), "{md}");
    assert!(
        md.contains("### (2) 加强宣传\n\n> 加大宣传力度\n>\n> 创新宣传引导机制\n\n_no target: text only (2 texts)._\n"),
        "{md}"
    );
    assert!(
        md.contains("| **unassessed** | no assessment reported as of 2012; due by 2012 |"),
        "{md}"
    );

    let (code, xml) = run(d, &[&base[..], &["--format", "junit"]].concat());
    assert_eq!(code, 0);
    assert!(
        xml.contains("<testsuites name=\"planc eval as of 2012: 合作\" tests=\"3\" failures=\"0\" skipped=\"2\">"),
        "{xml}"
    );
    assert!(
        xml.contains("<testcase classname=\"(2) 加强宣传\" name=\"2 加强宣传\">\n      <skipped message=\"no target: text only (2 texts)\"/>"),
        "{xml}"
    );
    assert!(
        xml.contains("<skipped message=\"unassessed: actual —; no assessment"),
        "{xml}"
    );
    // Document order: item 1, then 2, then 3.
    let (a, b, c) = (
        xml.find("(1) 建立合作机制").unwrap(),
        xml.find("(2) 加强宣传").unwrap(),
        xml.find("(3) 引进项目").unwrap(),
    );
    assert!(a < b && b < c, "{xml}");

    let (code, json) = run(d, &[&base[..], &["--format", "json"]].concat());
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["summary"]["unassessed"], 1);
    assert_eq!(v["summary"]["failing"], 0);
    assert_eq!(v["results"][0]["status"], "unassessed");
    assert_eq!(v["results"][0]["kind"], "commitment");
    assert_eq!(v["results"][0]["assessment"], Value::Null);
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[1]["id"], "2");
    assert_eq!(items[1]["targets"], serde_json::json!([]));
    assert_eq!(
        items[1]["text"],
        serde_json::json!(["加大宣传力度", "创新宣传引导机制"])
    );
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("schema/eval.schema.json").unwrap()).unwrap();
    assert!(jsonschema::validator_for(&schema).unwrap().is_valid(&v));
}

#[test]
fn an_assessment_and_its_evidence_show_in_every_format() {
    let dir = setup("协调机制,2012,partly,联席会议已召开\n");
    let d = dir.path();
    let base = ["eval", "c.plan", "--data", "d.csv", "--color", "never"];
    // A firm commitment assessed partly at its deadline is missed: exit 3.
    let (code, table) = run(d, &base);
    assert_eq!(code, 3, "{table}");
    assert!(table.contains("partly done 2012  missed"), "{table}");
    assert!(
        table.contains("↳ assessed partly done for 2012; evidence: 联席会议已召开"),
        "{table}"
    );
    let (_, md) = run(d, &[&base[..], &["--format", "markdown"]].concat());
    assert!(md.contains("| partly done 2012 | **missed** | assessed partly done for 2012; evidence: 联席会议已召开 |"), "{md}");
    let (_, xml) = run(d, &[&base[..], &["--format", "junit"]].concat());
    assert!(xml.contains("<failure type=\"missed\" message=\"missed: actual partly done 2012; assessed partly done for 2012; evidence: 联席会议已召开\"/>"), "{xml}");
    let (_, json) = run(d, &[&base[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["results"][0]["assessment"],
        serde_json::json!({"value": "partly", "year": 2012, "note": "联席会议已召开"})
    );
}

#[test]
fn fmt_keeps_assessed_and_commitment() {
    let dir = setup("");
    let (code, out) = run(dir.path(), &["fmt", "--check", "c.plan"]);
    assert_eq!(code, 0, "{out}");
    let out = Command::cargo_bin("planc")
        .unwrap()
        .args(["fmt", "-"])
        .write_stdin(PLAN)
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), PLAN);
}

/// The Jiaxing plan's items with only text, in every format.
const JIAXING_TEXT_ONLY: [&str; 10] = ["1", "2", "14", "16", "25", "26", "27", "29", "30", "31"];

#[test]
fn every_jiaxing_item_with_only_text_shows_in_every_format() {
    let root = env!("CARGO_MANIFEST_DIR");
    let ex = |f: &str| format!("{root}/examples/{f}");
    let base = [
        "eval".to_string(),
        ex("jiaxing-2010.plan"),
        "--data".to_string(),
        ex("jiaxing-2010.data.csv"),
        "--color".to_string(),
        "never".to_string(),
    ];
    let out = |format: &str| {
        let o = Command::cargo_bin("planc")
            .unwrap()
            .args(&base)
            .args(["--format", format])
            .output()
            .unwrap();
        String::from_utf8(o.stdout).unwrap()
    };
    let v: Value = serde_json::from_str(&out("json")).unwrap();
    let bare: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| {
            i["targets"].as_array().unwrap().is_empty() && !i["text"].as_array().unwrap().is_empty()
        })
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(bare, JIAXING_TEXT_ONLY);
    let table = out("table");
    let md = out("markdown");
    let xml = out("junit");
    assert!(
        table.contains("10 items have no target (text only)\n"),
        "{table}"
    );
    assert!(
        md.contains("10 items have no target (text only).\n"),
        "{md}"
    );
    for id in JIAXING_TEXT_ONLY {
        let item = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == id)
            .unwrap();
        let heading = format!("({id}) {}", item["title"].as_str().unwrap());
        let n = item["text"].as_array().unwrap().len();
        let what = if n == 1 {
            "no target: text only (1 text)".to_string()
        } else {
            format!("no target: text only ({n} texts)")
        };
        let at = table
            .find(&format!("  {heading}\n"))
            .unwrap_or_else(|| panic!("{heading}\n{table}"));
        // The heading, the item's text (each paragraph a line), then what
        // it lacks.
        assert!(
            table[at..].lines().nth(1 + n).unwrap().trim() == what,
            "{heading}"
        );
        let md_at = md
            .find(&format!("### {heading}\n\n> "))
            .unwrap_or_else(|| panic!("{heading}\n{md}"));
        assert!(
            md[md_at..].contains(&format!("\n\n_{what}._\n")),
            "{heading}"
        );
        assert!(
            xml.contains(&format!("<testcase classname=\"{heading}\" name=\"{id} {}\">\n      <skipped message=\"{what}\"/>", item["title"].as_str().unwrap())),
            "{heading}"
        );
    }
    // Item 9 has no targets of its own: its parts carry them and stand for it.
    assert!(!table.contains("(9) 充分发挥区位优势"), "{table}");
    assert!(table.contains("(9.1) "), "{table}");
}

#[test]
fn by_agency_lists_the_items_without_targets_an_agency_leads() {
    let plan = PLAN.replace(
        "item 二 \"加强宣传\" {\n",
        "item 二 \"加强宣传\" {\n  lead 市发改委\n",
    );
    let dir = setup("");
    std::fs::write(dir.path().join("c.plan"), plan).unwrap();
    let base = [
        "eval",
        "c.plan",
        "--data",
        "d.csv",
        "--color",
        "never",
        "--by-agency",
    ];
    let (_, table) = run(dir.path(), &base);
    assert!(
        table.contains("(2) 加强宣传: no target: text only (2 texts)"),
        "{table}"
    );
    let (_, md) = run(dir.path(), &[&base[..], &["--format", "markdown"]].concat());
    assert!(
        md.contains("_(2) 加强宣传: no target: text only (2 texts)._"),
        "{md}"
    );
    let (_, json) = run(dir.path(), &[&base[..], &["--format", "json"]].concat());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["items"][1]["lead"], serde_json::json!(["市发改委"]));
}
