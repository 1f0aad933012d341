//! Every output format through the real binary, and machine-readable
//! output for every failure mode: JSON (and SARIF) on standard output that
//! parses, whatever went wrong.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use assert_cmd::Command;
use serde_json::Value;

const ERRORS: &str = "tests/diagnostics/multiple-independent-errors.plan";

fn planc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planc"));
    c.env("NO_COLOR", "1");
    c
}

/// Runs planc, checks its exit code, and returns stdout and stderr.
fn run(args: &[&str], code: i32) -> (String, String) {
    let out = planc().args(args).assert().code(code).get_output().clone();
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

/// Checks a document of `eval --format json` against schema/eval.schema.json.
fn assert_eval_schema(v: &Value) {
    let schema = json(&std::fs::read_to_string("schema/eval.schema.json").unwrap());
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(v)
        .map(|e| format!("{e} at {}", e.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{v:#}");
}

#[test]
fn human_format_renders_excerpts_on_stderr() {
    let (out, err) = run(&["check", ERRORS], 1);
    assert_eq!(out, "");
    assert!(err.contains("planc::E0101") && err.contains("╭─["), "{err}");
    assert!(err.contains("2 errors, 0 warnings"));
}

#[test]
fn short_format_is_one_line_per_diagnostic() {
    let (_, err) = run(&["check", "--format", "short", ERRORS], 1);
    let lines: Vec<&str> = err.lines().filter(|l| l.contains("error[")).collect();
    assert_eq!(
        lines,
        [
            format!("{ERRORS}:11:8: error[E0101]: unknown agency `市经委`"),
            format!("{ERRORS}:16:21: error[E0201]: `亿美元` measures usd, but metric `实到资金` is in `亿元` (cny)"),
        ]
    );
}

#[test]
fn json_format_gives_spans_lines_and_columns() {
    let (out, _) = run(&["check", "--format", "json", ERRORS], 1);
    let v = json(&out);
    assert_eq!(
        (v["ok"].clone(), v["errors"].clone()),
        (Value::Bool(false), 2.into())
    );
    let span = &v["diagnostics"][0]["span"];
    // `市经委`: three characters, nine bytes, on line 11 from column 8.
    assert_eq!(span["line"], 11);
    assert_eq!(span["column"], 8);
    assert_eq!(span["end_line"], 11);
    assert_eq!(span["end_column"], 11);
    assert_eq!(
        span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap(),
        9
    );
}

#[test]
fn sarif_format_is_a_valid_sarif_log() {
    let (out, _) = run(
        &[
            "check",
            "--format",
            "sarif",
            ERRORS,
            "examples/paris-ndc-eu.plan",
        ],
        1,
    );
    let v = json(&out);
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "planc");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), planc::diag::Code::ALL.len());
    for r in rules {
        assert!(r["id"].is_string() && r["shortDescription"]["text"].is_string());
        assert!(r["help"]["text"].is_string() && r["help"]["markdown"].is_string());
        assert!(
            ["error", "warning"].contains(&r["defaultConfiguration"]["level"].as_str().unwrap())
        );
    }
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    for r in results {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(r["message"]["text"].is_string());
        let loc = &r["locations"][0]["physicalLocation"];
        assert_eq!(loc["artifactLocation"]["uri"], ERRORS);
        let region = &loc["region"];
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(region[k].as_u64().unwrap() >= 1, "{k}");
        }
        assert!(region["byteOffset"].is_u64() && region["byteLength"].is_u64());
    }
    let first = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (first["startLine"].clone(), first["startColumn"].clone()),
        (11.into(), 8.into())
    );
    assert_eq!(first["endColumn"], 11);
    assert_eq!(first["byteLength"], 9);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn sarif_of_a_clean_plan_has_no_results() {
    let (out, _) = run(
        &["check", "--format", "sarif", "examples/jiaxing-2010.plan"],
        0,
    );
    assert_eq!(json(&out)["runs"][0]["results"], Value::Array(vec![]));
}

/// Inputs that fail in every way a file can, with the exit code expected.
fn failures(dir: &std::path::Path) -> Vec<(String, i32, &'static str)> {
    let bad = dir.join("bad.plan");
    std::fs::write(&bad, b"plan \"p\"\nperiod 2010..2012 \xff\n").unwrap();
    let gbk = dir.join("gbk.plan");
    std::fs::write(&gbk, b"agency \xca\xd0\xbe\xad\xc3\xb3\xce\xaf\n").unwrap();
    let file = dir.join("f.plan");
    std::fs::write(&file, "plan \"p\"\n").unwrap();
    let s = |p: &std::path::Path| p.display().to_string();
    // `check` and `fmt` read the plans in a directory: one with none is an
    // I/O failure for them, as any directory is for `compile`.
    let no_plans = dir.join("no-plans");
    std::fs::create_dir_all(&no_plans).unwrap();
    vec![
        ("no/such.plan".to_string(), 2, "E0011"),
        (s(&no_plans), 2, "E0011"),
        (s(&file.join("below-a-file.plan")), 2, "E0011"),
        (s(&bad), 1, "E0008"),
        (s(&gbk), 1, "E0008"),
        (
            "tests/diagnostics/E0001-syntax.plan".to_string(),
            1,
            "E0001",
        ),
        (
            "tests/diagnostics/E0004-unbalanced.plan".to_string(),
            1,
            "E0004",
        ),
    ]
}

#[test]
fn json_is_valid_for_every_failure_of_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for (path, code, want) in failures(dir.path()) {
        for cmd in [
            vec!["check", "--format", "json"],
            vec!["compile", "--format", "json"],
            vec!["fmt", "--check", "--format", "json"],
            vec!["eval", "--format", "json"],
        ] {
            let mut args = cmd.clone();
            args.push(&path);
            if cmd[0] == "eval" {
                args.extend(["--data", DATA]);
            }
            let (out, _) = run(&args, code);
            let v = json(&out);
            assert_eq!(v["ok"], false, "{args:?}");
            if cmd[0] == "eval" {
                assert_eval_schema(&v);
            }
            let d = &v["diagnostics"][0];
            assert_eq!(d["code"], want, "{args:?}: {out}");
            // Positions are given whenever the fault has a place.
            if want != "E0011" {
                assert!(
                    d["line"].as_u64().unwrap() >= 1 && d["span"]["end_column"].is_u64(),
                    "{out}"
                );
            }
        }
        let (out, _) = run(&["check", "--format", "sarif", &path], code);
        let v = json(&out);
        assert_eq!(v["runs"][0]["results"][0]["ruleId"], want);
        assert_eq!(
            v["runs"][0]["invocations"][0]["executionSuccessful"],
            code != 2
        );
    }
}

const DATA: &str = "examples/jiaxing-2010.data.csv";

/// Data files that fail in every way, with the exit code and code expected.
fn data_failures(dir: &std::path::Path) -> Vec<(String, i32, &'static str)> {
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, b"metric,year,value\nx,2010,1\xff\n").unwrap();
    let s = |p: &std::path::Path| p.display().to_string();
    vec![
        ("no/such.csv".to_string(), 2, "E0011"),
        ("no/such.json".to_string(), 2, "E0011"),
        (s(dir), 2, "E0011"),
        (s(&bad), 1, "E0008"),
        ("tests/data/corrupt.xlsx".to_string(), 1, "E0406"),
        ("tests/data/bad-cells.xlsx".to_string(), 1, "E0405"),
        ("tests/data/unknown-metric.csv".to_string(), 1, "E0401"),
        ("tests/data/syntax.json".to_string(), 1, "E0406"),
    ]
}

#[test]
fn eval_gives_one_json_document_for_every_failure_of_its_data() {
    let dir = tempfile::tempdir().unwrap();
    for (path, code, want) in data_failures(dir.path()) {
        let args = [
            "eval",
            "--format",
            "json",
            "examples/jiaxing-2010.plan",
            "--data",
            &path,
        ];
        let (out, err) = run(&args, code);
        let v = json(&out);
        assert_eq!(v["ok"], false, "{args:?}");
        assert_eval_schema(&v);
        assert_eq!(v["diagnostics"][0]["code"], want, "{args:?}: {out}");
        assert_eq!(v["diagnostics"][0]["file"], path.as_str(), "{out}");
        // Diagnostics for people still go to standard error.
        assert!(err.contains(want), "{err}");
    }
    // Data with no figures: nothing to judge from, a usage error.
    let empty = dir.path().join("empty.csv");
    std::fs::write(&empty, "metric,year,value\n").unwrap();
    let e = empty.display().to_string();
    let (out, _) = run(
        &[
            "eval",
            "--format",
            "json",
            "examples/jiaxing-2010.plan",
            "--data",
            &e,
        ],
        2,
    );
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert_eval_schema(&v);
    assert_eq!(v["usage_error"]["message"], "no year to judge from");
    assert!(v["usage_error"]["detail"]
        .as_str()
        .unwrap()
        .contains("pass --as-of YEAR"));
    // Other formats keep standard output empty on failure.
    let (out, _) = run(
        &[
            "eval",
            "examples/jiaxing-2010.plan",
            "--data",
            "tests/data/unknown-metric.csv",
        ],
        1,
    );
    assert_eq!(out, "");
}

#[test]
fn usage_errors_still_give_a_document_when_one_was_asked_for() {
    let (out, err) = run(&["check", "--format", "json"], 2);
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert!(v["usage_error"]["message"].is_string());
    assert!(err.contains("required"));
    let (out, _) = run(&["eval", "--format", "json", "a.plan"], 2);
    let v = json(&out);
    assert!(v["usage_error"]["detail"]
        .as_str()
        .unwrap()
        .contains("--data"));
    assert_eval_schema(&v);
    let (out, _) = run(&["check", "--format=sarif", "--no-such-flag", "a.plan"], 2);
    let v = json(&out);
    assert_eq!(v["runs"][0]["invocations"][0]["executionSuccessful"], false);
    // Without a machine format, standard output stays empty.
    let (out, _) = run(&["check"], 2);
    assert_eq!(out, "");
}

// ---- fmt --------------------------------------------------------------------

const MESSY: &str = "plan  \"p\"\nperiod 2010..2012\nagency A # the lead\nmetric m:flow 项\nitem 1 \"x\" {\n        lead A\n by 2012 :m>=1项\n}\n";
const TIDY: &str = "plan \"p\"\nperiod 2010..2012\nagency A # the lead\nmetric m: flow 项\nitem 1 \"x\" {\n  lead A\n  by 2012: m >= 1项\n}\n";

#[test]
fn fmt_formats_files_in_place_and_leaves_formatted_ones_alone() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.plan");
    let tidy = dir.path().join("tidy.plan");
    std::fs::write(&messy, MESSY).unwrap();
    std::fs::write(&tidy, TIDY).unwrap();
    // An unchanged file is not rewritten: its modification time stays.
    let old = std::time::SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000_000);
    std::fs::File::options()
        .write(true)
        .open(&tidy)
        .unwrap()
        .set_modified(old)
        .unwrap();
    let (out, err) = run(
        &[
            "fmt",
            &messy.display().to_string(),
            &tidy.display().to_string(),
        ],
        0,
    );
    assert_eq!(out, "");
    assert!(err.contains("1 file reformatted, 1 unchanged"), "{err}");
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), TIDY);
    assert_eq!(std::fs::metadata(&tidy).unwrap().modified().unwrap(), old);
    // No temporary file is left behind.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
}

#[test]
fn fmt_check_lists_what_would_change_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let messy = dir.path().join("messy.plan");
    std::fs::write(&messy, MESSY).unwrap();
    let m = messy.display().to_string();
    let (out, err) = run(&["fmt", "--check", &m, "examples/jiaxing-2010.plan"], 1);
    assert_eq!(out, format!("{m}\n"));
    assert!(
        err.contains("1 file would be reformatted, 1 already formatted"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&messy).unwrap(), MESSY);
    run(&["fmt", "--check", "examples/jiaxing-2010.plan"], 0);
    let (out, _) = run(
        &[
            "fmt",
            "--check",
            "--format",
            "json",
            &m,
            "examples/jiaxing-2010.plan",
        ],
        1,
    );
    let v = json(&out);
    assert_eq!(v["ok"], false);
    assert_eq!(v["files"][0]["file"], m.as_str());
    assert_eq!(v["files"][0]["status"], "would_reformat");
    assert_eq!(v["files"][1]["status"], "unchanged");
}

#[test]
fn fmt_leaves_a_file_with_syntax_errors_untouched_and_reports_them() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.plan");
    let text = "plan  \"p\"\nperiod 2010..2012\nitem 1 \"x\" {\n  by 2012 m >= 1\n}\n";
    std::fs::write(&broken, text).unwrap();
    let b = broken.display().to_string();
    let (_, err) = run(&["fmt", &b], 1);
    assert!(
        err.contains("E0001") && err.contains("1 not formatted because of errors"),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&broken).unwrap(), text);
    let (out, _) = run(&["fmt", "--format", "json", &b], 1);
    let v = json(&out);
    assert_eq!(v["files"][0]["status"], "not_formatted");
    assert_eq!(v["diagnostics"][0]["code"], "E0001");
    assert_eq!(v["diagnostics"][0]["line"], 4);
}

#[test]
fn fmt_formats_standard_input_to_standard_output() {
    let out = planc()
        .args(["fmt", "-"])
        .write_stdin(MESSY)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), TIDY);
    // A filter prints only the text.
    assert_eq!(String::from_utf8(out.stderr).unwrap(), "");
    let out = planc()
        .arg("fmt")
        .write_stdin(MESSY)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), TIDY);
    // `--check` on standard input prints no text, only the verdict.
    planc()
        .args(["fmt", "--check", "-"])
        .write_stdin(MESSY)
        .assert()
        .code(1)
        .stdout("<stdin>\n");
    // With JSON asked for, the report goes to standard error.
    let out = planc()
        .args(["fmt", "--format", "json", "-"])
        .write_stdin(MESSY)
        .assert()
        .code(0)
        .get_output()
        .clone();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), TIDY);
    assert_eq!(
        json(&String::from_utf8(out.stderr).unwrap())["files"][0]["status"],
        "reformatted"
    );
}

#[cfg(unix)]
#[test]
fn fmt_writes_through_a_symbolic_link() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.plan");
    let link = dir.path().join("link.plan");
    std::fs::write(&real, MESSY).unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    run(&["fmt", &link.display().to_string()], 0);
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), TIDY);
}
