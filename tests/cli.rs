//! Golden tests through the real `planc` binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use predicates::prelude::*;

fn planc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planc"));
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn check_clean_example_exits_zero() {
    planc()
        .args(["check", "examples/paris-ndc-eu.plan"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("0 errors, 0 warnings"));
}

#[test]
fn check_jiaxing_has_no_errors() {
    planc()
        .args(["check", "examples/jiaxing-2010.plan"])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "examples/jiaxing-2010.plan: 31 items and 3 parts, 77 targets",
        ))
        .stderr(predicate::str::contains("0 errors"));
}

#[test]
fn check_errors_exit_one_with_rendered_diagnostics() {
    let out = planc()
        .args([
            "check",
            "tests/diagnostics/multiple-independent-errors.plan",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    insta::assert_snapshot!("cli-check-errors", err);
}

#[test]
fn check_json_lists_every_diagnostic() {
    let out = planc()
        .args([
            "check",
            "--format",
            "json",
            "tests/diagnostics/multiple-independent-errors.plan",
        ])
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["errors"], 2);
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "E0101");
    assert_eq!(d["severity"], "error");
    assert_eq!(
        d["file"],
        "tests/diagnostics/multiple-independent-errors.plan"
    );
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(11), Some(8))
    );
    // Byte span of `市经委`: three 3-byte characters.
    let span = &d["span"];
    assert_eq!(
        span["end"].as_u64().unwrap() - span["start"].as_u64().unwrap(),
        9
    );
    assert_eq!(span["end_column"], 11);
}

#[test]
fn missing_file_is_a_usage_error() {
    planc()
        .args(["check", "no/such.plan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot read no/such.plan"));
}

#[test]
fn missing_file_still_gives_valid_json() {
    let out = planc()
        .args(["check", "--format", "json", "no/such.plan"])
        .assert()
        .code(2)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["diagnostics"][0]["code"], "E0011");
}

#[test]
fn bad_arguments_are_a_usage_error() {
    planc().args(["check"]).assert().code(2);
    planc().args(["frobnicate"]).assert().code(2);
}

#[test]
fn help_has_examples() {
    planc()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("Examples:"))
        .stdout(predicate::str::contains("Exit codes"));
}

#[test]
fn compile_writes_the_model_to_stdout() {
    let out = planc()
        .args(["compile", "examples/jiaxing-2010.plan"])
        .assert()
        .code(0)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "planc-model");
    assert_eq!(v["targets"].as_array().map(Vec::len), Some(77));
}

#[test]
fn compile_output_file_is_written_and_identical_to_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    planc()
        .args(["compile", "examples/jiaxing-2010.plan", "-o"])
        .arg(&path)
        .assert()
        .code(0);
    let stdout = planc()
        .args(["compile", "examples/jiaxing-2010.plan"])
        .output()
        .unwrap()
        .stdout;
    assert_eq!(std::fs::read(&path).unwrap(), stdout);
}

#[test]
fn compile_errors_leave_the_old_output_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    std::fs::write(&path, "previous model").unwrap();
    planc()
        .args([
            "compile",
            "tests/diagnostics/E0101-unknown-agency.plan",
            "-o",
        ])
        .arg(&path)
        .assert()
        .code(1);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "previous model");
}

#[test]
fn stdin_is_read_with_a_dash() {
    planc()
        .args(["check", "-"])
        .write_stdin("plan \"p\"\nperiod 2010..2012\n")
        .assert()
        .code(0);
}

#[test]
fn invalid_utf8_and_gbk_get_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.plan");
    std::fs::write(&bad, b"plan \"p\"\nperiod 2010..2012 \xff\n").unwrap();
    planc()
        .arg("check")
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E0008"))
        .stderr(predicate::str::contains("offset 27"));
    // 市经贸委 in GBK.
    let gbk = dir.path().join("gbk.plan");
    std::fs::write(&gbk, b"agency \xca\xd0\xbe\xad\xc3\xb3\xce\xaf\n").unwrap();
    planc()
        .arg("check")
        .arg(&gbk)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("GBK"))
        .stderr(predicate::str::contains("iconv -f GBK -t UTF-8"));
}

#[test]
fn streamed_model_equals_the_library_model() {
    let text = std::fs::read_to_string("examples/jiaxing-2010.plan").unwrap();
    let lib = planc::compile(&planc::source::SourceFile::new(
        "examples/jiaxing-2010.plan",
        text,
    ))
    .model
    .unwrap()
    .to_json()
    .unwrap();
    let out = planc()
        .args(["compile", "examples/jiaxing-2010.plan"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8(out.stdout).unwrap(), lib);
}

#[test]
fn a_new_output_file_is_not_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.json");
    planc()
        .args(["compile", "examples/paris-ndc-eu.plan", "-o"])
        .arg(&path)
        .assert()
        .code(0);
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o644);
}

#[test]
fn a_repeated_plan_gives_capped_duplicate_diagnostics() {
    let one = std::fs::read_to_string("examples/jiaxing-2010.plan").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("repeated.plan");
    std::fs::write(&path, one.repeat(50)).unwrap();
    let out = planc()
        .args(["check", "--max-errors", "5"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.matches("planc::E").count(), 5, "{err}");
    assert!(
        err.contains("more diagnostics (raise --max-errors to see them)"),
        "{err}"
    );
    let json = planc()
        .args(["check", "--format", "json", "--max-errors", "3"])
        .arg(&path)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    let shown = v["diagnostics"].as_array().map(Vec::len);
    assert_eq!(shown, Some(3));
    let total = v["errors"].as_u64().unwrap() + v["warnings"].as_u64().unwrap();
    assert_eq!(v["truncated"].as_u64(), Some(total - 3));
    // Every copy after the first repeats the header, agencies, metrics and items.
    assert!(total > 49 * 100, "{total}");
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = std::fs::read_to_string("examples/jiaxing-2010.plan").unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crlf.plan");
    std::fs::write(&path, format!("\u{feff}{}", text.replace('\n', "\r\n"))).unwrap();
    planc()
        .arg("check")
        .arg(&path)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("77 targets"));
    let plain = planc()
        .args(["compile", "examples/jiaxing-2010.plan"])
        .output()
        .unwrap()
        .stdout;
    let crlf = planc().arg("compile").arg(&path).output().unwrap().stdout;
    let strip = |b: Vec<u8>| {
        let mut v: serde_json::Value = serde_json::from_slice(&b).unwrap();
        v["plan"]["source"] = serde_json::Value::Null;
        v
    };
    assert_eq!(strip(plain), strip(crlf));
}

#[test]
fn an_overlong_statement_is_a_limit_error_not_a_flood() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.plan");
    let names: Vec<String> = (0..150_000).map(|i| format!("a{i}")).collect();
    std::fs::write(
        &path,
        format!(
            "plan \"p\"\nperiod 2010..2012\nagency {}\n",
            names.join(", ")
        ),
    )
    .unwrap();
    let out = planc()
        .arg("check")
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("E0009"), "{err}");
    assert!(err.len() < 2000, "diagnostic output is {} bytes", err.len());
}

#[test]
fn a_hundred_thousand_deep_nesting_is_a_diagnostic_not_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    // 100,000 braces and parentheses on one line.
    let braces = dir.path().join("braces.plan");
    std::fs::write(
        &braces,
        format!(
            "plan \"p\"\nperiod 2010..2012\n{}{}\n",
            "{".repeat(100_000),
            "(".repeat(100_000)
        ),
    )
    .unwrap();
    planc()
        .arg("check")
        .arg(&braces)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E0001"));
    // 100,000 nested blocks, one per line, never closed.
    let nested = dir.path().join("nested.plan");
    let mut text = String::from("plan \"p\"\nperiod 2010..2012\n");
    for i in 0..100_000 {
        text.push_str(&format!("item {i} \"t\" {{\n"));
    }
    std::fs::write(&nested, text).unwrap();
    planc()
        .arg("check")
        .arg(&nested)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("E0009"))
        .stderr(predicate::str::contains("blocks nested deeper than 32"));
}

#[test]
fn a_string_broken_across_the_parallel_cut_is_reported_once() {
    // A plan over 256 KiB is parsed in 256 KiB pieces. The `text` line
    // below holds byte 256 KiB, so the first cut falls right after it. Its `\` must not
    // carry the string on: the next line is a target of its own, parsed
    // once, whatever the cut.
    let mut plan = String::from("plan \"p\"\nperiod 2010..2012\nagency 甲\nmetric m: flow 项\n");
    let mut i = 0;
    let filler = |i: usize| format!("item {i} \"标题\" {{\n  lead 甲\n  by 2012: m >= 1项\n}}\n");
    while plan.len() + filler(i + 1).len() < (1 << 18) - 200 {
        i += 1;
        plan.push_str(&filler(i));
    }
    i += 1;
    plan.push_str(&format!("item {i} \"断开\" {{\n  lead 甲\n"));
    let pad = (1 << 18) - 5 - plan.len() - 2;
    plan.push_str(&format!("#{}\n", "x".repeat(pad)));
    let text_at = plan.len();
    plan.push_str("  text \"加快承接上海产业转移\\\n  by 2012: 未知 >= 1项\n}\n");
    assert!(text_at < 1 << 18 && plan[text_at..].find('\n').unwrap() + text_at > 1 << 18);
    let line = plan[..text_at].matches('\n').count() + 1;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("big.plan");
    std::fs::write(&path, &plan).unwrap();
    let out = planc()
        .args(["check", "--format", "short"])
        .arg(&path)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    let name = path.display().to_string();
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            format!("{name}:{line}:8: error[E0003]: string broken across lines: a `\\` does not continue a string"),
            format!("{name}:{}:12: error[E0102]: unknown metric `未知`", line + 1),
            "2 errors, 0 warnings".to_string(),
        ]
    );
}

#[test]
fn max_file_size_stops_at_what_positions_can_address() {
    // Spans are 32-bit byte offsets: 4 GiB − 1 is the largest limit.
    planc()
        .args([
            "check",
            "--max-file-size",
            "4294967296",
            "examples/jiaxing-2010.plan",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "4294967296 is above the largest file planc can point into: 4294967295 bytes",
        ));
    planc()
        .args([
            "check",
            "--max-file-size",
            "4294967295",
            "examples/jiaxing-2010.plan",
        ])
        .assert()
        .code(0);
    planc()
        .args([
            "check",
            "--max-file-size",
            "many",
            "examples/jiaxing-2010.plan",
        ])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`many` is not a number of bytes"));
}

#[test]
fn eval_reads_a_data_file_back_no_further_than_max_file_size() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan");
    std::fs::write(&plan, "plan \"p\"\nperiod 2010..2012\nmetric m: flow 项\n").unwrap();
    let data = dir.path().join("d.csv");
    let mut text = String::from("metric,year,value\nx,2010,1\n");
    for _ in 0..40 {
        text.push_str("m,2010,1\n");
    }
    let last = text.len();
    text.push_str("y,2011,1\n");
    std::fs::write(&data, &text).unwrap();
    let out = planc()
        .args(["eval", "--format", "json", "--max-file-size", "200"])
        .arg(&plan)
        .arg("--data")
        .arg(&data)
        .assert()
        .code(1)
        .get_output()
        .clone();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let d = &v["diagnostics"];
    // The first problem, within the first 200 bytes, has its position...
    assert_eq!(
        (d[0]["code"].clone(), d[0]["line"].clone()),
        ("E0401".into(), 2.into())
    );
    assert_eq!(d[0]["column"], 1);
    // ...the one past them keeps its byte offset in the message.
    assert_eq!(d[1]["code"], "E0401");
    assert_eq!(
        d[1]["message"],
        format!("unknown metric `y` (at byte {last} of the file)")
    );
    assert_eq!(d[1]["line"], serde_json::Value::Null);
}

#[test]
fn json_data_is_streamed_whatever_max_file_size_says() {
    // JSON data, like CSV, is not read whole, so the plan limit does not
    // apply to it.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan");
    std::fs::write(
        &plan,
        "plan \"p\"\nperiod 2010..2012\nagency A\nmetric m: flow 项\nitem 1 \"x\" {\n  lead A\n  by 2012: m >= 1项\n}\n",
    )
    .unwrap();
    let data = dir.path().join("d.json");
    let mut text = String::from("{\"rows\": [\n");
    for i in 0..51 {
        let year = 2010 + i % 3;
        text.push_str(&format!(
            "  {{\"metric\": \"m\", \"year\": {year}, \"value\": 2}},\n"
        ));
    }
    text.push_str("  {\"metric\": \"m\", \"year\": 2012, \"value\": 2}\n]}\n");
    std::fs::write(&data, &text).unwrap();
    planc()
        .args(["eval", "--max-file-size", "200"])
        .arg(&plan)
        .arg("--data")
        .arg(&data)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("1 met"));
}

#[test]
fn a_reader_that_stops_early_does_not_make_planc_panic() {
    // `planc check … 2>&1 | head -1`: the pipe closes after the first line.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.plan");
    let mut text = String::from("plan \"p\"\nperiod 2010..2012\n");
    for i in 0..3000 {
        text.push_str(&format!("metric m{i}: flow 项!\n"));
    }
    std::fs::write(&path, text).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["check", "--max-errors", "5000"])
        .arg(&path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    let mut stderr = child.stderr.take().unwrap();
    std::io::Read::read_exact(&mut stderr, &mut first).unwrap();
    drop(stderr);
    let status = child.wait().unwrap();
    // Not 101, the exit code of a panic.
    assert_eq!(status.code(), Some(1));
}
