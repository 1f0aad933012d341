//! `planc init [DIR]`: the starting plan checks and evaluates clean, through
//! the library and the binary, in both keyword spellings; existing files
//! are never overwritten.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use planc::data::{Catalog, Loader};
use planc::eval::Status;
use planc::source::SourceFile;
use predicates::prelude::*;

const PLAN: &str = include_str!("../src/cli/init/starter.plan");
const DATA: &str = include_str!("../src/cli/init/starter.data.csv");

fn planc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planc"));
    c.env("NO_COLOR", "1");
    c
}

#[test]
fn the_starting_plan_compiles_clean_and_its_data_judges_it() {
    let out = planc::compile(&SourceFile::new("plan.plan", PLAN));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let model = out.model.unwrap();
    // Header, one agency, one metric, one item, one target.
    assert_eq!(model.agencies.len(), 1);
    assert_eq!(model.metrics.len(), 1);
    assert_eq!(model.items.len(), 1);
    assert_eq!(model.targets.len(), 1);
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    loader.read_csv("plan.data.csv", DATA.as_bytes());
    let data = loader.finish();
    assert!(!data.has_errors(), "{:?}", data.files);
    let eval = planc::eval::evaluate(&cat, &data.figures, 2025);
    assert_eq!(eval.results[0].status, Status::OnTrack);
    assert!(!eval.fails());
}

#[test]
fn the_starting_plan_is_formatted_and_explains_itself() {
    assert_eq!(planc::fmt::format_with(PLAN, None).unwrap(), PLAN);
    // Each statement has a comment above it telling what it is for.
    for what in ["header", "agencies", "metrics", "items and targets"] {
        assert!(PLAN.contains(what), "no comment on {what}");
    }
}

#[test]
fn init_then_check_and_eval_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("new-plan");
    planc()
        .arg("init")
        .arg(&target)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("plan.plan"));
    let plan = target.join("plan.plan");
    let data = target.join("plan.data.csv");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), PLAN);
    assert_eq!(std::fs::read_to_string(&data).unwrap(), DATA);
    planc()
        .arg("check")
        .arg(&plan)
        .assert()
        .code(0)
        .stderr(predicate::str::contains("1 item, 1 target"))
        .stderr(predicate::str::contains("0 errors, 0 warnings"));
    planc()
        .arg("eval")
        .arg(&plan)
        .arg("--data")
        .arg(&data)
        .assert()
        .code(0)
        .stdout(predicate::str::contains("on track"))
        .stdout(predicate::str::contains("1 target as of 2025: 1 on track"))
        .stderr("");
}

#[test]
fn init_in_the_current_directory_with_chinese_keywords() {
    let dir = tempfile::tempdir().unwrap();
    planc()
        .args(["init", "--keywords", "zh"])
        .current_dir(dir.path())
        .assert()
        .code(0)
        .stderr(predicate::str::contains("planc check plan.plan"));
    let plan = std::fs::read_to_string(dir.path().join("plan.plan")).unwrap();
    assert!(plan.contains("牵头 市发展改革委 到2027年:"), "{plan}");
    assert!(plan.contains("\n规划 \""), "{plan}");
    planc()
        .args(["check", "plan.plan"])
        .current_dir(dir.path())
        .assert()
        .code(0);
    planc()
        .args(["eval", "plan.plan", "--data", "plan.data.csv"])
        .current_dir(dir.path())
        .assert()
        .code(0);
}

#[test]
fn init_never_overwrites_and_writes_nothing_when_it_refuses() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("plan.data.csv");
    std::fs::write(&data, "mine").unwrap();
    planc()
        .arg("init")
        .arg(dir.path())
        .assert()
        .code(2)
        .stderr(predicate::str::contains("plan.data.csv already exists"))
        .stderr(predicate::str::contains("never overwrites"));
    assert_eq!(std::fs::read_to_string(&data).unwrap(), "mine");
    // The plan was not written either: a refusal leaves no half a start.
    assert!(!dir.path().join("plan.plan").exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn init_quiet_says_nothing() {
    let dir = tempfile::tempdir().unwrap();
    planc()
        .args(["-q", "init"])
        .arg(dir.path())
        .assert()
        .code(0)
        .stdout("")
        .stderr("");
    assert!(dir.path().join("plan.plan").exists());
}

#[test]
fn init_into_an_unwritable_place_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, "").unwrap();
    planc()
        .arg("init")
        .arg(file.join("sub"))
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot create the directory"));
}
