//! Command-line conventions through the binary: `fmt --diff`, `-q` and
//! `-v`, `eval --data -` (CSV and JSON on standard input, streamed, its
//! problems shown in place), and `check --watch`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use predicates::prelude::*;
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::mpsc;
use std::time::Duration;

fn planc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planc"));
    c.env("NO_COLOR", "1");
    c
}

const UNFORMATTED: &str = "plan \"x\"\nperiod 2010..2012\nagency  a\n\n\n\nmetric m: stock 个\n";

// ---- fmt --diff ---------------------------------------------------------------

#[test]
fn fmt_diff_prints_a_unified_diff_writes_nothing_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.plan");
    std::fs::write(&path, UNFORMATTED).unwrap();
    let name = path.to_str().unwrap();
    let expected = format!(
        "--- {name}\n+++ {name}\n@@ -1,7 +1,5 @@\n plan \"x\"\n period 2010..2012\n-agency  a\n-\n-\n+agency a\n \n metric m: stock 个\n"
    );
    planc()
        .args(["fmt", "--diff", name])
        .assert()
        .code(1)
        .stdout(expected)
        .stderr(predicate::str::contains("1 file would be reformatted"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), UNFORMATTED);
}

#[test]
fn fmt_diff_applied_gives_the_formatted_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.plan");
    std::fs::write(&path, UNFORMATTED).unwrap();
    let out = planc()
        .args(["fmt", "--diff", "a.plan"])
        .current_dir(dir.path())
        .assert()
        .code(1);
    let diff = out.get_output().stdout.clone();
    let patched = std::process::Command::new("patch")
        .args(["-p0", "--quiet"])
        .current_dir(dir.path())
        .stdin(Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(&diff)?;
            child.wait()
        });
    match patched {
        Ok(status) => assert!(status.success()),
        Err(_) => return eprintln!("no patch here: the diff was not applied"),
    }
    let formatted = planc::fmt::format_with(UNFORMATTED, None).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), formatted);
    planc()
        .args(["fmt", "--diff", "a.plan"])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stdout("");
}

#[test]
fn fmt_diff_of_standard_input_and_of_clean_files() {
    planc()
        .args(["fmt", "--diff", "-"])
        .write_stdin(UNFORMATTED)
        .assert()
        .code(1)
        .stdout(predicate::str::starts_with("--- <stdin>\n+++ <stdin>\n@@"))
        .stdout(predicate::str::contains("+agency a\n"));
    planc()
        .args([
            "fmt",
            "--diff",
            "examples/jiaxing-2010.plan",
            "examples/paris-ndc-eu.plan",
        ])
        .assert()
        .code(0)
        .stdout("")
        .stderr(predicate::str::contains(
            "0 files would be reformatted, 2 already formatted",
        ));
}

#[test]
fn fmt_diff_is_coloured_only_when_asked_or_on_a_terminal() {
    let text = "plan \"x\"\nperiod 2010..2012\nagency  a\n";
    planc()
        .args(["fmt", "--diff", "--color", "always", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .stdout(concat!(
            "\x1b[1m--- <stdin>\x1b[0m\n",
            "\x1b[1m+++ <stdin>\x1b[0m\n",
            "\x1b[36m@@ -1,3 +1,3 @@\x1b[0m\n",
            " plan \"x\"\n",
            " period 2010..2012\n",
            "\x1b[31m-agency  a\x1b[0m\n",
            "\x1b[32m+agency a\x1b[0m\n",
        ));
    // A pipe gets no colour (the other tests read plain diffs from one).
    planc()
        .args(["fmt", "--diff", "-"])
        .write_stdin(text)
        .assert()
        .stdout(predicate::str::contains("\x1b").not());
}

#[test]
fn fmt_diff_with_json_is_a_usage_error() {
    planc()
        .args([
            "fmt",
            "--diff",
            "--format",
            "json",
            "examples/paris-ndc-eu.plan",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("\"usage_error\""));
}

// ---- -q and -v ------------------------------------------------------------------

#[test]
fn quiet_prints_errors_only() {
    let warning = "tests/diagnostics/W0001-deadline-after-end.plan";
    planc()
        .args(["check", warning])
        .assert()
        .code(0)
        .stderr(predicate::str::contains("W0001"))
        .stderr(predicate::str::contains("0 errors, 1 warning"));
    planc()
        .args(["-q", "check", warning])
        .assert()
        .code(0)
        .stderr("");
    planc()
        .args(["check", "--quiet", "examples/jiaxing-2010.plan"])
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    // A warning that fails the run is shown.
    planc()
        .args(["check", "-q", "--deny-warnings", warning])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("W0001"));
    // Errors are shown, and nothing else: no summary.
    planc()
        .args([
            "-q",
            "check",
            "--format",
            "short",
            "tests/diagnostics/E0101-unknown-agency.plan",
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("error[E0101]"))
        .stderr(predicate::str::contains("errors,").not());
    // Standard output is the result, quiet or not.
    planc()
        .args([
            "-q",
            "eval",
            "examples/jiaxing-2010.plan",
            "--data",
            "examples/jiaxing-2010.data.csv",
        ])
        .assert()
        .stdout(predicate::str::contains("Evaluated as of 2012"))
        .stderr("");
    planc()
        .args(["-q", "fmt", "--check", "examples/paris-ndc-eu.plan"])
        .assert()
        .code(0)
        .stderr("");
    // A data error is an error: shown, without the summary line.
    planc()
        .args([
            "-q",
            "eval",
            FIXTURE,
            "--data",
            "-",
            "--diagnostics",
            "short",
        ])
        .write_stdin("metric,year,value\n引进工业项目,2011,abc\n")
        .assert()
        .code(1)
        .stdout("")
        .stderr("<stdin>:2:13: error[E0403]: `abc` is not a number\n");
}

#[test]
fn verbose_notes_files_read_and_stage_times() {
    let out = planc()
        .args(["-v", "check", "examples/paris-ndc-eu.plan"])
        .assert()
        .code(0);
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let notes: Vec<&str> = err.lines().filter(|l| l.starts_with("note: ")).collect();
    assert_eq!(notes.len(), 2, "{err}");
    assert!(
        notes[0].starts_with("note: read examples/paris-ndc-eu.plan ("),
        "{err}"
    );
    assert!(
        notes[0].contains(" bytes) in ") && notes[0].ends_with(" ms"),
        "{err}"
    );
    assert!(
        notes[1].starts_with("note: checked examples/paris-ndc-eu.plan in "),
        "{err}"
    );
    assert!(err.contains("0 errors, 0 warnings"));

    let out = planc()
        .args([
            "eval",
            "--verbose",
            "examples/jiaxing-2010.plan",
            "--data",
            "examples/jiaxing-2010.data.csv",
        ])
        .assert();
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    for note in [
        "note: read examples/jiaxing-2010.plan (",
        "note: compiled examples/jiaxing-2010.plan in ",
        "note: read data examples/jiaxing-2010.data.csv: ",
        "note: judged 77 targets as of 2012 in ",
    ] {
        assert!(
            err.lines().any(|l| l.starts_with(note)),
            "no `{note}` in {err}"
        );
    }
    planc()
        .args(["-v", "fmt", "--check", "examples/paris-ndc-eu.plan"])
        .assert()
        .stderr(predicate::str::contains(
            "note: examples/paris-ndc-eu.plan: unchanged in ",
        ));
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("m.json");
    let out = planc()
        .args(["compile", "-v", "examples/paris-ndc-eu.plan", "-o"])
        .arg(&model)
        .assert()
        .code(0)
        .stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    let notes: Vec<&str> = err.lines().collect();
    assert_eq!(notes.len(), 2, "{err}");
    assert!(
        notes[0].starts_with("note: read examples/paris-ndc-eu.plan ("),
        "{err}"
    );
    assert!(
        notes[1].starts_with("note: compiled examples/paris-ndc-eu.plan in "),
        "{err}"
    );
    // Standard output is the same at every level.
    let plain = planc()
        .args(["compile", "examples/paris-ndc-eu.plan"])
        .output()
        .unwrap();
    let verbose = planc()
        .args(["-v", "compile", "examples/paris-ndc-eu.plan"])
        .output()
        .unwrap();
    assert!(!plain.stdout.is_empty());
    assert_eq!(plain.stdout, verbose.stdout);
    planc()
        .args(["-q", "-v", "check", "examples/paris-ndc-eu.plan"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot be used with"));
}

// ---- eval --data - ------------------------------------------------------------

const FIXTURE: &str = "tests/eval/fixture.plan";

fn eval_json(args: &[&str], stdin: Vec<u8>) -> (i32, String) {
    let out = planc()
        .args(["eval", FIXTURE, "--format", "json"])
        .args(args)
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

#[test]
fn data_on_standard_input_judges_as_the_file_does() {
    let csv = std::fs::read("tests/eval/fixture.data.csv").unwrap();
    let json = std::fs::read("tests/eval/fixture.data.json").unwrap();
    let (code, from_file) = eval_json(&["--data", "tests/eval/fixture.data.csv"], Vec::new());
    let (stdin_code, from_csv) = eval_json(&["--data", "-"], csv);
    assert_eq!(stdin_code, code);
    assert_eq!(from_csv, from_file);
    let (json_code, from_json) = eval_json(&["--data", "-", "--data-format", "json"], json.clone());
    assert_eq!(json_code, code);
    assert_eq!(from_json, from_file);
    // Standard input merges with files like any data.
    let (_, merged) = eval_json(&["--data-format", "json", "--data", "-"], json);
    assert_eq!(merged, from_file);
}

#[test]
fn data_format_overrides_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let odd = dir.path().join("figures.txt");
    std::fs::copy("tests/eval/fixture.data.json", &odd).unwrap();
    let (code, _) = eval_json(&["--data", odd.to_str().unwrap()], Vec::new());
    assert_eq!(code, 1, "read as CSV by default");
    let (code, out) = eval_json(
        &["--data", odd.to_str().unwrap(), "--data-format", "json"],
        Vec::new(),
    );
    assert_ne!(code, 1, "{out}");
    assert!(out.contains("\"results\""));
}

#[test]
fn a_problem_in_standard_input_is_shown_at_its_cell() {
    let data = "metric,year,value\n引进工业项目,2010,48\n引进工业项目,2011,abc\n";
    planc()
        .args(["eval", FIXTURE, "--data", "-"])
        .write_stdin(data)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("[<stdin>:3:13]"))
        .stderr(predicate::str::contains("引进工业项目,2011,abc"))
        .stderr(predicate::str::contains("not a number"));
    planc()
        .args(["eval", FIXTURE, "--data", "-", "--diagnostics", "short"])
        .write_stdin(data)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("<stdin>:3:13: error[E0403]"));
}

#[test]
fn standard_input_is_read_once() {
    planc()
        .args(["eval", FIXTURE, "--data", "-", "--data", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("more than once"));
    planc()
        .args(["eval", "-", "--data", "-", "--format", "json"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("give the plan as a file"))
        .stdout(predicate::str::contains("\"usage_error\""));
}

#[test]
fn a_large_stream_on_standard_input_is_read_through() {
    // 200,000 rows (about 6 MB), streamed, and every row counted.
    let mut csv = String::from("metric,year,value,region\n");
    for i in 0..200_000u32 {
        csv.push_str(&format!("引进工业项目,2011,1,r{i}\n"));
    }
    planc()
        .args(["-v", "eval", FIXTURE, "--data", "-", "--as-of", "2011"])
        .write_stdin(csv)
        .assert()
        .stderr(predicate::str::contains(
            "note: read data <stdin>: 200000 rows, 200000 accepted",
        ));
}

// ---- check --watch ------------------------------------------------------------

/// Lines of standard error as they come, from a thread.
fn stderr_lines(child: &mut std::process::Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Reads lines until one contains `what`, and returns those read.
fn until(rx: &mpsc::Receiver<String>, what: &str) -> Vec<String> {
    let mut seen = Vec::new();
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let found = line.contains(what);
                seen.push(line);
                if found {
                    return seen;
                }
            }
            Err(e) => panic!("no `{what}` ({e}); read so far: {seen:#?}"),
        }
    }
}

#[test]
fn check_watch_checks_again_when_the_plan_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.plan");
    let clean = "plan \"w\"\nperiod 2010..2012\nagency 市经贸委\nmetric m: stock 个\nitem 一 \"i\" {\n  lead 市经贸委 by 2012: m >= 1\n}\n";
    std::fs::write(&path, clean).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_planc"))
        .env("NO_COLOR", "1")
        .args(["check", "--watch", "--format", "short"])
        .arg(&path)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let rx = stderr_lines(&mut child);
    let first = until(&rx, "watching for changes");
    assert!(
        first.iter().any(|l| l == "0 errors, 0 warnings"),
        "{first:#?}"
    );

    // An unknown agency: the second report has it.
    std::fs::write(&path, clean.replace("lead 市经贸委", "lead 市经茂委会")).unwrap();
    let second = until(&rx, "watching for changes");
    assert!(
        second
            .iter()
            .any(|l| l.contains("changed: ") && l.contains("w.plan")),
        "{second:#?}"
    );
    assert!(
        second
            .iter()
            .any(|l| l.contains("w.plan:6:8: error[E0101]")),
        "{second:#?}"
    );
    assert!(
        second.iter().any(|l| l == "1 error, 0 warnings"),
        "{second:#?}"
    );

    // Fixed again: clean again.
    std::fs::write(&path, clean).unwrap();
    let third = until(&rx, "watching for changes");
    assert!(
        third.iter().any(|l| l == "0 errors, 0 warnings"),
        "{third:#?}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn check_watch_refuses_standard_input() {
    planc()
        .args(["check", "--watch", "-"])
        .write_stdin("")
        .assert()
        .code(2)
        .stderr(predicate::str::contains("--watch needs files to watch"));
}
