//! `planc eval` through the real binary: formats, exit codes, plan and
//! model input, merged and JSON data, diagnostics for bad data.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;
use common::{planc, stderr, stdout};
use std::path::Path;

const PLAN: &str = "tests/eval/fixture.plan";
const DATA: &str = "tests/eval/fixture.data.csv";

/// The fixture plan compiled to a model file in `dir`.
fn compiled_model(dir: &Path) -> String {
    let path = dir.join("fixture.model.json");
    let path = path.to_str().unwrap().to_string();
    let out = planc(&["compile", PLAN, "-o", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    path
}

#[test]
fn table_by_section_and_item() {
    let out = planc(&["eval", PLAN, "--data", DATA]);
    // 5-1 is firm and missed: exit 3.
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    insta::assert_snapshot!("eval-table", stdout(&out));
}

#[test]
fn table_columns_align_with_cjk_text() {
    use unicode_width::UnicodeWidthStr;
    let text = stdout(&planc(&["eval", PLAN, "--data", DATA]));
    let header = text.lines().find(|l| l.starts_with("Target")).unwrap();
    let status_col = header.find("Status").unwrap();
    // Target rows start with an id such as `3-1`.
    let rows: Vec<&str> = text
        .lines()
        .filter(|l| {
            l.split_whitespace()
                .next()
                .is_some_and(|id| id.contains('-'))
        })
        .collect();
    assert_eq!(rows.len(), 7);
    for row in rows {
        let last = ["met", "missed", "no data"]
            .iter()
            .filter_map(|s| row.rfind(s))
            .max()
            .unwrap();
        assert_eq!(row[..last].width(), header[..status_col].width(), "{row}");
    }
}

#[test]
fn as_of_an_earlier_year_shows_on_track_and_behind() {
    let out = planc(&["eval", PLAN, "--data", DATA, "--as-of", "2011"]);
    insta::assert_snapshot!("eval-table-2011", stdout(&out));
}

#[test]
fn by_agency_lists_leads_and_supports() {
    let out = planc(&["eval", PLAN, "--data", DATA, "--by-agency"]);
    insta::assert_snapshot!("eval-by-agency", stdout(&out));
}

#[test]
fn markdown_and_junit() {
    let md = planc(&["eval", PLAN, "--data", DATA, "--format", "markdown"]);
    assert_eq!(md.status.code(), Some(3));
    insta::assert_snapshot!("eval-markdown", stdout(&md));
    let junit = planc(&["eval", PLAN, "--data", DATA, "--format", "junit"]);
    assert_eq!(junit.status.code(), Some(3));
    insta::assert_snapshot!("eval-junit", stdout(&junit));
}

#[test]
fn json_output_validates_against_its_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schema/eval.schema.json").unwrap()).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    for as_of in ["2010", "2011", "2012", "2015"] {
        let out = planc(&[
            "eval", PLAN, "--data", DATA, "--format", "json", "--as-of", as_of,
        ]);
        let value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{e} at {}", e.instance_path))
            .collect();
        assert!(errors.is_empty(), "as of {as_of}: {errors:#?}");
    }
    // The schema is not a rubber stamp: an unknown status is refused.
    let out = planc(&["eval", PLAN, "--data", DATA, "--format", "json"]);
    let mut value: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    value["results"][0]["status"] = "late".into();
    assert!(!validator.is_valid(&value));
}

#[test]
fn json_output_figures() {
    let out = planc(&["eval", PLAN, "--data", DATA, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    // --as-of defaults to the latest year in the data.
    assert_eq!(v["as_of"], 2012);
    assert_eq!(v["summary"]["met"], 5);
    assert_eq!(v["summary"]["failing"], 1);
    let r = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "3-2")
        .unwrap();
    // 450000 万元 + 52 亿元 + 53 亿元 = 150 亿元: met exactly.
    assert_eq!(
        (
            r["status"].as_str(),
            r["actual"].to_string(),
            r["gap"].to_string()
        ),
        (Some("met"), "150".into(), "0".into())
    );
    let r = v["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["target"] == "5-1")
        .unwrap();
    assert_eq!(
        (r["status"].as_str(), r["gap"].to_string()),
        (Some("missed"), "4".into())
    );
}

#[test]
fn plan_and_model_input_give_identical_output() {
    let dir = tempfile::tempdir().unwrap();
    let model = compiled_model(dir.path());
    for args in [
        vec!["--format", "table"],
        vec!["--format", "json"],
        vec!["--format", "markdown", "--by-agency"],
        vec!["--format", "junit", "--as-of", "2011"],
    ] {
        let from_plan = planc(&[&["eval", PLAN, "--data", DATA][..], &args].concat());
        let from_model = planc(&[&["eval", model.as_str(), "--data", DATA][..], &args].concat());
        assert_eq!(stdout(&from_plan), stdout(&from_model), "{args:?}");
        assert_eq!(from_plan.status.code(), from_model.status.code());
    }
}

#[test]
fn data_files_merge_and_json_data_is_equivalent() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(DATA).unwrap();
    let lines: Vec<&str> = text.lines().filter(|l| !l.starts_with('#')).collect();
    let (header, rows) = (lines[0], &lines[1..]);
    let (a, b) = rows.split_at(rows.len() / 2);
    let part = |name: &str, rows: &[&str]| {
        let path = dir.path().join(name);
        std::fs::write(&path, format!("{header}\n{}\n", rows.join("\n"))).unwrap();
        path.to_str().unwrap().to_string()
    };
    let (a, b) = (part("a.csv", a), part("b.csv", b));
    let whole = stdout(&planc(&["eval", PLAN, "--data", DATA]));
    assert_eq!(
        stdout(&planc(&["eval", PLAN, "--data", &a, "--data", &b])),
        whole
    );
    // One file per `--data`, so the plan may come after it.
    assert_eq!(
        stdout(&planc(&["eval", "--data", &a, "--data", &b, PLAN])),
        whole
    );
    assert_eq!(
        stdout(&planc(&[
            "eval",
            PLAN,
            "--data",
            "tests/eval/fixture.data.json"
        ])),
        whole
    );
}

#[test]
fn exit_zero_when_every_firm_target_is_fine() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("ok.csv");
    std::fs::write(
        &data,
        "metric,year,value\n高新技术企业,2009,100\n高新技术企业,2011,170\n",
    )
    .unwrap();
    let out = planc(&["eval", PLAN, "--data", data.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(stdout(&out).contains("every firm target is fine"));
}

#[test]
fn bad_data_exits_one_with_located_diagnostics() {
    let out = planc(&["eval", PLAN, "--data", "tests/data/values.csv"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("E0403"), "{err}");
    assert!(err.contains("tests/data/values.csv:2:"), "{err}");
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        DATA,
        "--data",
        "tests/data/conflicts.csv",
        "--diagnostics",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    insta::assert_snapshot!("eval-conflict-across-files", stderr(&out));
}

#[test]
fn usage_and_io_errors_exit_two() {
    assert_eq!(planc(&["eval", PLAN]).status.code(), Some(2));
    assert_eq!(
        planc(&["eval", PLAN, "--data", "no/such.csv"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        planc(&["eval", "no/such.plan", "--data", DATA])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        planc(&["eval", PLAN, "--data", DATA, "--as-of", "12"])
            .status
            .code(),
        Some(2)
    );
    let dir = tempfile::tempdir().unwrap();
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "metric,year,value\n").unwrap();
    let out = planc(&["eval", PLAN, "--data", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--as-of"));
    // With a year given, nothing reported is simply pending.
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        empty.to_str().unwrap(),
        "--as-of",
        "2011",
    ]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn invalid_plan_or_model_exits_one() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("bad.json");
    std::fs::write(&model, "{\"format\": \"other\"}").unwrap();
    let out = planc(&["eval", model.to_str().unwrap(), "--data", DATA]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("not a planc model"));
    let plan = dir.path().join("bad.plan");
    std::fs::write(
        &plan,
        "plan \"x\"\nperiod 2010..2012\nitem 一 \"t\" {\n  lead 无\n}\n",
    )
    .unwrap();
    assert_eq!(
        planc(&["eval", plan.to_str().unwrap(), "--data", DATA])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = stdout(&planc(&["eval", PLAN, "--data", DATA]));
    assert!(!plain.contains('\x1b'));
    let coloured = stdout(&planc(&["--color", "always", "eval", PLAN, "--data", DATA]));
    assert!(coloured.contains("\x1b[31;1mmissed"));
    let json = stdout(&planc(&[
        "--color", "always", "eval", PLAN, "--data", DATA, "--format", "json",
    ]));
    assert!(!json.contains('\x1b'));
}

#[test]
fn the_jiaxing_example_as_of_2012_and_2011() {
    let plan = "examples/jiaxing-2010.plan";
    let data = "examples/jiaxing-2010.data.csv";
    let out = planc(&["eval", plan, "--data", data]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    insta::assert_snapshot!("jiaxing-2012", stdout(&out));
    let json = |as_of: &str| -> serde_json::Value {
        let out = planc(&[
            "eval", plan, "--data", data, "--format", "json", "--as-of", as_of,
        ]);
        serde_json::from_str(&stdout(&out)).unwrap()
    };
    let s = &json("2012")["summary"];
    assert!(
        s["met"].as_u64() > Some(0)
            && s["missed"].as_u64() > Some(0)
            && s["no_data"].as_u64() > Some(0),
        "{s}"
    );
    let s = &json("2011")["summary"];
    assert!(
        s["on_track"].as_u64() > Some(0) && s["behind"].as_u64() > Some(0),
        "{s}"
    );
    insta::assert_snapshot!(
        "jiaxing-2011",
        stdout(&planc(&["eval", plan, "--data", data, "--as-of", "2011"]))
    );
}

#[test]
fn the_readme_shows_real_output() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let start = readme.find("```\n嘉兴市").unwrap() + 4;
    let shown = &readme[start..start + readme[start..].find("```").unwrap()];
    let out = stdout(&planc(&[
        "eval",
        "examples/jiaxing-2010.plan",
        "--data",
        "examples/jiaxing-2010.data.csv",
    ]));
    // Every shown line appears in the real output, in order ("…" elides).
    let mut rest = out.as_str();
    for line in shown.lines().filter(|l| *l != "…") {
        let at = rest
            .find(line)
            .unwrap_or_else(|| panic!("README line not in the output: {line}"));
        rest = &rest[at + line.len()..];
    }
}

/// The same rows read twice, or split over two files, hold the same
/// distinct figures (`-v` says how many); a conflict with a row that came
/// on standard input, which cannot be read again, still names its line.
#[test]
fn repeated_rows_hold_nothing_more_and_stdin_conflicts_are_found() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("regions.csv");
    let mut text = String::from("metric,year,value,unit,region\n");
    for r in 0..50 {
        for y in 2011..2013 {
            text.push_str(&format!("实到资金,{y},{r}.5,亿元,县{r}\n"));
        }
    }
    std::fs::write(&csv, &text).unwrap();
    let csv = csv.to_str().unwrap();
    let held = |data: &[&str]| {
        let mut args = vec!["-v", "eval", PLAN, "--format", "json"];
        for d in data {
            args.extend(["--data", d]);
        }
        let out = planc(&args);
        assert_ne!(out.status.code(), Some(1), "{}", stderr(&out));
        let err = stderr(&out);
        let note = err
            .lines()
            .find(|l| l.contains("distinct figures"))
            .unwrap_or_else(|| panic!("{err}"))
            .to_string();
        (note, stdout(&out))
    };
    let (once, report) = held(&[csv]);
    assert_eq!(
        once,
        "note: held 100 distinct figures (metric, year, region)"
    );
    assert_eq!(held(&[csv, csv]), (once.clone(), report.clone()));

    // 实到资金 in 县3 for 2012 is 3.5 on line 9 of standard input.
    let other = dir.path().join("other.csv");
    std::fs::write(
        &other,
        "metric,year,value,unit,region\n实到资金,2012,4,亿元,县3\n",
    )
    .unwrap();
    let out = assert_cmd::Command::new(env!("CARGO_BIN_EXE_planc"))
        .args([
            "eval",
            PLAN,
            "--data",
            "-",
            "--data",
            other.to_str().unwrap(),
        ])
        .write_stdin(text.as_bytes())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("conflicting figures for `实到资金` in 2012 in 县3"),
        "{err}"
    );
    assert!(
        err.contains("the first figure is in <stdin>, line 9"),
        "{err}"
    );
}

/// A file of several blocks, read on every core: the problems come in line
/// order whichever thread found them, conflicts name the first figure's
/// line, and quoted notes with commas are read as one cell.
#[test]
fn a_file_read_on_every_core_reports_in_line_order() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("big.csv");
    let mut text = String::from("metric,year,value,unit,region,note\n");
    // Over 3 MiB: four blocks at least. Line n (from 2) is region 县{n};
    // every seventh note is quoted, with commas.
    for n in 2..60_000u32 {
        let note = if n % 7 == 0 {
            "\"初步统计,待核实,以年报为准\""
        } else {
            "核实"
        };
        text.push_str(&format!("实到资金,2011,{n}.5,亿元,县{n},{note}\n"));
    }
    // Line 60000 contradicts line 2 (县2, 2.5), line 60001 has a bad year,
    // line 60002 contradicts line 59999.
    text.push_str("实到资金,2011,9,亿元,县2,\n");
    text.push_str("实到资金,20x1,1,亿元,县1,\n");
    text.push_str("实到资金,2011,1,亿元,县59999,\n");
    std::fs::write(&csv, &text).unwrap();
    assert!(text.len() > 3 << 20, "{} bytes", text.len());
    let out = planc(&[
        "-v",
        "eval",
        PLAN,
        "--data",
        csv.to_str().unwrap(),
        "--diagnostics",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let err = stderr(&out);
    let found: Vec<(u32, &str)> = err
        .lines()
        .filter(|l| l.contains("error["))
        .map(|l| {
            let rest = l.split_once("big.csv:").unwrap().1;
            let line = rest.split_once(':').unwrap().0.parse().unwrap();
            let code = l.split_once('[').unwrap().1.split_once(']').unwrap().0;
            (line, code)
        })
        .collect();
    assert_eq!(
        found,
        vec![(60000, "E0405"), (60001, "E0404"), (60002, "E0405")],
        "{err}"
    );
    // 59,998 regions, one figure each.
    assert!(err.contains("held 59998 distinct figures"), "{err}");
}
