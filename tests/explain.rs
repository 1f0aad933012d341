//! `planc explain`: every code has a page under `docs/errors/`, and each
//! page's example really triggers its code while its fix compiles clean.
//!
//! Pages are Markdown with fenced blocks, as the language docs:
//! - ```` ```plan,error=CODE ```` is the example; compiling it must report
//!   CODE, and the ```` ```text ```` block after it must be exactly what
//!   `planc check --format short` prints for it (as `example.plan`);
//! - ```` ```plan ```` is the fixed plan; it must compile with no
//!   diagnostic at all (so a warning's fix does not warn either).
//!
//! E0008 (encoding), E0009 (limits) and E0011 (I/O) are about files and
//! options, not plan text: their pages show shell sessions instead,
//! ```` ```sh,error=CODE ```` then the fix in ```` ```sh ````. This test runs
//! those sessions with `sh` in a temporary directory, with the `planc`
//! under test first on `PATH`: the example must print CODE, the fix must
//! succeed without it.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;
use planc::diag::{render, Code};
use planc::source::SourceFile;

fn short(text: &str) -> String {
    let file = SourceFile::new("example.plan", text);
    let out = planc::compile(&file);
    out.diagnostics
        .iter()
        .map(|d| render::one_line(d, &file) + "\n")
        .collect()
}

fn sh(dir: &std::path::Path, script: &str) -> (bool, String) {
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_planc"))
        .parent()
        .unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[test]
fn every_code_has_a_page_whose_examples_are_true() {
    for &code in Code::ALL {
        let id = code.as_str();
        let page = code.explanation();
        assert_eq!(
            page.lines().next(),
            Some(format!("# {id}: {}", code.title()).as_str()),
            "{id}: the page's heading names its code and title"
        );
        let blocks = common::fenced_blocks(page);
        let (mut examples, mut fixes) = (0, 0);
        let dir = tempfile::tempdir().unwrap();
        for (k, (info, text)) in blocks.iter().enumerate() {
            match info.as_str() {
                i if i == format!("plan,error={id}") => {
                    examples += 1;
                    let said = short(text);
                    assert!(
                        said.contains(&format!("[{id}]")),
                        "{id}: example reports {said}"
                    );
                    let shown = blocks.get(k + 1).filter(|(i, _)| i == "text");
                    let shown = shown.map(|(_, t)| t.as_str());
                    assert_eq!(
                        shown,
                        Some(said.as_str()),
                        "{id}: the output shown is not planc's"
                    );
                }
                "plan" => {
                    fixes += 1;
                    assert_eq!(
                        short(text),
                        "",
                        "{id}: the fixed plan is not clean:\n{text}"
                    );
                }
                i if i == format!("sh,error={id}") => {
                    examples += 1;
                    let (_, out) = sh(dir.path(), text);
                    assert!(
                        out.contains(id),
                        "{id}: the session does not report it:\n{out}"
                    );
                }
                "sh" => {
                    fixes += 1;
                    let (ok, out) = sh(dir.path(), text);
                    assert!(ok && !out.contains(id), "{id}: the fix fails:\n{out}");
                }
                "text" => {}
                other => panic!("{id}: unexpected block `{other}`"),
            }
        }
        if code == Code::Internal {
            // No plan may trigger an internal error: its page has no example.
            assert_eq!((examples, fixes), (0, 0), "{id}: no example");
            assert!(
                page.contains("Report it"),
                "{id}: the page asks for a report"
            );
        } else {
            assert_eq!((examples, fixes), (1, 1), "{id}: one example and one fix");
        }
    }
}

#[test]
fn pages_on_disk_are_the_ones_compiled_in() {
    let mut on_disk: Vec<String> = std::fs::read_dir("docs/errors")
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    on_disk.sort();
    let mut codes: Vec<String> = Code::ALL
        .iter()
        .map(|c| format!("{}.md", c.as_str()))
        .collect();
    codes.sort();
    assert_eq!(on_disk, codes, "a page without a code, or the reverse");
}

#[test]
fn explain_prints_the_page() {
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["explain", "e0101"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        Code::UnknownAgency.explanation()
    );
}

#[test]
fn explain_lists_every_code() {
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["explain", "--list"])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    assert_eq!(out.lines().count(), Code::ALL.len());
    for c in Code::ALL {
        assert!(out.contains(c.as_str()) && out.contains(c.title()));
    }
}

#[test]
fn an_unknown_code_gets_a_suggestion_and_a_usage_exit() {
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["explain", "E0110"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(out).unwrap();
    assert!(err.contains("did you mean `E0010`"), "{err}");
    Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(["explain", "101"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean `E0101`"));
}
