//! The binary is self-contained: copied out of the build tree and run from
//! another directory, with no file of the repository beside it, it checks,
//! evaluates, writes a template and explains codes (the grammar's keyword
//! table and the error pages are compiled in). This is what
//! `cargo install` relies on (README).

#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)] // tests may fail loudly

use std::process::Command;

#[test]
fn a_copied_binary_runs_anywhere() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("planc");
    std::fs::copy(env!("CARGO_BIN_EXE_planc"), &bin).unwrap();
    let work = dir.path().join("work");
    std::fs::create_dir(&work).unwrap();
    for f in ["jiaxing-2010.plan", "jiaxing-2010.data.csv"] {
        std::fs::copy(format!("examples/{f}"), work.join(f)).unwrap();
    }
    let run = |args: &[&str]| {
        Command::new(&bin)
            .args(args)
            .current_dir(&work)
            .env("NO_COLOR", "1")
            .output()
            .unwrap()
    };
    let check = run(&["check", "jiaxing-2010.plan"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let eval = run(&[
        "eval",
        "jiaxing-2010.plan",
        "--data",
        "jiaxing-2010.data.csv",
    ]);
    assert_eq!(
        eval.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&eval.stderr)
    );
    let explain = run(&["explain", "W0005"]);
    assert!(String::from_utf8_lossy(&explain.stdout).starts_with("# W0005: "));
    let fmt = run(&["fmt", "--check", "--keywords", "zh", "jiaxing-2010.plan"]);
    assert_eq!(
        fmt.status.code(),
        Some(1),
        "the keyword table is compiled in"
    );
    let template = run(&["template", "jiaxing-2010.plan", "-o", "t.xlsx"]);
    assert_eq!(template.status.code(), Some(0));
    assert!(work.join("t.xlsx").is_file());
}
