//! `planc completions SHELL` and `planc man [COMMAND]` through the binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use assert_cmd::Command;
use predicates::prelude::*;

fn planc() -> Command {
    Command::new(env!("CARGO_BIN_EXE_planc"))
}

#[test]
fn every_shell_gets_a_script_naming_every_command() {
    for (shell, marker) in [
        ("bash", "complete -F _planc"),
        ("zsh", "#compdef planc"),
        ("fish", "complete -c planc"),
        ("elvish", "edit:completion:arg-completer[planc]"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let out = planc().args(["completions", shell]).assert().code(0);
        let script = String::from_utf8(out.get_output().stdout.clone()).unwrap();
        assert!(script.contains(marker), "{shell}: no `{marker}`");
        for command in [
            "check",
            "compile",
            "eval",
            "fmt",
            "explain",
            "init",
            "completions",
            "man",
        ] {
            assert!(script.contains(command), "{shell}: no `{command}`");
        }
        // Options are completed too, and in these shells their values.
        assert!(script.contains("--data-format"), "{shell}");
        if ["bash", "zsh", "fish"].contains(&shell) {
            assert!(script.contains("sarif"), "{shell}");
        }
    }
}

#[test]
fn the_bash_script_is_valid_bash() {
    let out = planc().args(["completions", "bash"]).assert().code(0);
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("planc.bash");
    std::fs::write(&script, &out.get_output().stdout).unwrap();
    let Ok(status) = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
    else {
        eprintln!("no bash here: syntax not checked");
        return;
    };
    assert!(status.success());
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    planc()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("tcsh"));
}

#[test]
fn the_manual_page_is_roff_with_every_command() {
    let out = planc().arg("man").assert().code(0);
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(page.contains(".TH planc 1"), "{page}");
    assert!(page.contains(".SH SUBCOMMANDS"), "{page}");
    for command in ["planc\\-check(1)", "planc\\-eval(1)", "planc\\-init(1)"] {
        assert!(page.contains(command), "no {command}");
    }
    assert!(page.contains("\\-\\-quiet"));
}

#[test]
fn a_command_has_its_own_page_with_the_global_options() {
    let out = planc().args(["man", "eval"]).assert().code(0);
    let page = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    assert!(
        page.contains(&format!(
            ".TH planc-eval 1  \"planc-eval {}\"",
            env!("CARGO_PKG_VERSION")
        )),
        "{page}"
    );
    assert!(page.contains("\\-\\-data\\-format"));
    assert!(page.contains("\\-\\-verbose"));
    planc()
        .args(["man", "evaluate"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no command `evaluate`"))
        .stderr(predicate::str::contains("check, compile, eval"));
}
