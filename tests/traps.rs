//! Traps a new plan author meets, each pinned by code, position and help:
//! through the library, and through the real binary where the CLI is the
//! trap.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::diag::Diagnostic;
use planc::source::SourceFile;
use predicates::prelude::*;

fn planc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planc"));
    c.env("NO_COLOR", "1");
    c
}

fn diags(text: &str) -> Vec<Diagnostic> {
    planc::compile(&SourceFile::new("t.plan", text)).diagnostics
}

/// `(code, the text under the primary label, help)` of each diagnostic.
fn facts(text: &str) -> Vec<(String, String, String)> {
    diags(text)
        .iter()
        .map(|d| {
            let under = d
                .primary_span()
                .and_then(|s| text.get(s.range()))
                .unwrap_or("")
                .to_string();
            (
                d.code.as_str().to_string(),
                under,
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

const HEAD: &str = "plan \"p\"\nperiod 2010..2012\nbaseline 2009\n";

// ---- keywords ------------------------------------------------------------

#[test]
fn a_keyword_as_a_bare_name_is_an_error_at_its_declaration() {
    let text = format!(
        "{HEAD}agency by\nmetric m: flow 项\nitem 一 \"t\" {{\n  lead \"by\" by 2012: m >= 5\n}}\n"
    );
    let f = facts(&text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "E0013");
    assert_eq!(f[0].1, "by");
    assert!(f[0].2.contains("\"by\""), "{}", f[0].2);
    // The primary label is on the declaration (line 4), not the use.
    let d = &diags(&text)[0];
    assert_eq!(
        d.primary_span().unwrap().start as usize,
        text.find("agency by").unwrap() + 7
    );
}

#[test]
fn a_quoted_keyword_is_an_ordinary_name() {
    let text = format!(
        "{HEAD}agency \"by\"\nmetric \"total\": flow 项\nitem 一 \"t\" {{\n  lead \"by\" by 2012: \"total\" total >= 5\n}}\n"
    );
    assert_eq!(facts(&text), []);
    let model = planc::compile(&SourceFile::new("t.plan", text))
        .model
        .unwrap();
    assert_eq!(model.targets[0].lead, ["by"]);
}

#[test]
fn every_grammar_keyword_is_reserved() {
    for kw in planc::syntax::keywords::all() {
        let text = format!("{HEAD}agency {kw}\n");
        let f = facts(&text);
        assert!(
            f.iter().any(|(c, under, _)| c == "E0013" && under == kw),
            "{kw}: {f:?}"
        );
    }
}

#[test]
fn a_misspelt_keyword_gets_a_suggestion() {
    let text = format!(
        "{HEAD}agency A\nmetric m: flow 项\nitem 一 \"t\" {{\n  leed A\n  eachyear: m >= 5\n  by 2012: m >= 5\n}}\n"
    );
    let f = facts(&text);
    assert_eq!(
        f,
        [
            ("E0001".into(), "leed".into(), "did you mean `lead`?".into()),
            (
                "E0001".into(),
                "eachyear".into(),
                "did you mean `each year`?".into()
            ),
        ]
    );
}

#[test]
fn a_misspelt_lead_is_not_followed_by_no_lead() {
    // Before: E0303 "item 1 has targets but no lead agency", first.
    let text = format!(
        "{HEAD}agency A\nmetric m: flow 项\nitem 一 \"t\" {{\n  leed A\n  by 2012: m >= 5\n}}\n"
    );
    let codes: Vec<String> = facts(&text).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["E0001"]);
    // An item with no lead and nothing unparsed still gets E0303.
    let text =
        format!("{HEAD}agency A\nmetric m: flow 项\nitem 一 \"t\" {{\n  by 2012: m >= 5\n}}\n");
    let codes: Vec<String> = facts(&text).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["E0303"]);
}

// ---- timing ----------------------------------------------------------------

#[test]
fn growth_by_a_deadline_asks_for_each_year() {
    let text = format!(
        "{HEAD}agency A\nmetric m: stock 项\nitem 一 \"t\" {{\n  lead A\n  by 2012: m growth >= 5%\n}}\n"
    );
    let f = facts(&text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "E0305");
    assert_eq!(f[0].1, "by 2012");
    assert!(f[0].2.contains("`each year: m growth >= 5%`"), "{}", f[0].2);
    // The forms it points to are clean.
    for ok in [
        "each year: m growth >= 5%",
        "by 2012: m average growth >= 5%",
    ] {
        let text =
            format!("{HEAD}agency A\nmetric m: stock 项\nitem 一 \"t\" {{\n  lead A\n  {ok}\n}}\n");
        assert_eq!(facts(&text), [], "{ok}");
    }
}

// ---- ordinals --------------------------------------------------------------

#[test]
fn ordinal_zero_is_an_error_not_a_sentinel() {
    for zero in ["0", "零", "〇", "00"] {
        let text = format!(
            "{HEAD}agency A\nitem {zero} \"t\" {{\n  lead A\n}}\nitem {zero} \"u\" {{\n  lead A\n}}\n"
        );
        let f = facts(&text);
        // Both are reported; neither is a duplicate "0" nor silently accepted.
        assert_eq!(f.len(), 2, "{zero}: {f:?}");
        for (code, under, help) in &f {
            assert_eq!(code, "E0007");
            assert_eq!(under, zero);
            assert!(help.contains("一"), "{help}");
        }
    }
    assert_eq!(planc::syntax::numeral::parse("零"), Some(0));
}

// ---- units and dimensions --------------------------------------------------

#[test]
fn a_dimension_close_to_a_known_one_warns() {
    let text = format!("{HEAD}unit 斤: mas\n");
    let f = facts(&text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "W0003");
    assert_eq!(f[0].1, "mas");
    assert!(f[0].2.contains("`mass`") && f[0].2.contains("allow W0003"));
    // Allowed, it is silent; a real new dimension never warns.
    assert_eq!(facts(&format!("{HEAD}allow W0003\nunit 斤: mas\n")), []);
    assert_eq!(
        facts(&format!("{HEAD}unit GW: power\nunit MW = 0.001 GW\n")),
        []
    );
}

#[test]
fn the_eu_example_adds_a_dimension_cleanly() {
    let text = std::fs::read_to_string("examples/paris-ndc-eu.plan").unwrap();
    assert!(text.contains("unit GW: power"));
    assert_eq!(facts(&text), []);
}

#[test]
fn an_unknown_unit_after_a_multiplier_is_named_and_not_guessed() {
    let text = format!(
        "{HEAD}agency A\nmetric m: flow 亿元\nitem 一 \"t\" {{\n  lead A\n  by 2012: m >= 2万亩\n}}\n"
    );
    let f = facts(&text);
    assert_eq!(f.len(), 1, "{f:?}");
    assert_eq!(f[0].0, "E0103");
    assert_eq!(f[0].1, "万亩");
    // Before: "did you mean `万元`?".
    assert!(!f[0].2.contains("did you mean"), "{}", f[0].2);
    assert!(f[0].2.contains("unit 亩 = N 元"), "{}", f[0].2);
    let d = &diags(&text)[0];
    assert!(d.labels[0].message.contains("`亩` is not a known unit"));
    // A metric of unknown dimension: the help shows both declarations.
    let f = facts(&format!("{HEAD}metric m: flow 万亩\n"));
    assert!(f[0].2.contains("unit 亩: area"), "{}", f[0].2);
}

#[test]
fn unit_suggestions_keep_to_the_metric_dimension() {
    // `万吨` is one edit from `万元` but measures mass: not offered for a
    // cny metric; `万元以上` still gets the comparison hint.
    let text = format!(
        "{HEAD}agency A\nmetric m: flow 亿元\nitem 一 \"t\" {{\n  lead A\n  by 2012: m >= 2万元以上\n  by 2012: m >= 2亿美\n}}\n"
    );
    let f = facts(&text);
    assert!(f[0].2.starts_with("did you mean `万元`?"), "{}", f[0].2);
    assert!(!f[1].2.contains("美元"), "{}", f[1].2);
}

// ---- syntax help -------------------------------------------------------------

#[test]
fn period_with_a_dash_is_one_targeted_error() {
    let f = facts("plan \"p\"\nperiod 2023-2025\n");
    assert_eq!(
        f,
        [(
            "E0001".into(),
            "-".into(),
            "a range of years is written with `..`: `period 2023..2025`".into()
        )]
    );
}

#[test]
fn fullwidth_stops_are_to_be_removed() {
    let text = "plan \"p\"；\nperiod 2010..2012。\n";
    let f = facts(text);
    assert_eq!(f.len(), 2, "{f:?}");
    for (c, under, help) in &f {
        assert_eq!(c, "E0002");
        assert!(help.contains(&format!("remove `{under}`")), "{help}");
        assert!(
            !help.contains("ASCII `;`") && !help.contains("ASCII `.`"),
            "{help}"
        );
    }
}

#[test]
fn a_declaration_with_a_typo_is_pointed_at() {
    let text = format!(
        "{HEAD}agency 市经贸卫\nmetric 引进项目: flow 项\nitem 一 \"t\" {{\n  lead 市经贸委\n  by 2012: 引进项目 >= 5\n}}\n"
    );
    let d = diags(&text);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].help.as_deref(), Some("did you mean `市经贸卫`?"));
    let decl = &d[0].labels[1];
    assert_eq!(text.get(decl.span.range()), Some("市经贸卫"));
    assert!(decl.message.contains("is this the typo?"));
}

#[test]
fn check_reports_the_traps_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("a.plan");
    std::fs::write(&p, "plan \"p\"\nperiod 2023-2025\n").unwrap();
    planc()
        .args(["check", "--format", "short"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a.plan:2:12: error[E0001]"))
        .stderr(predicate::str::contains("E0107").not());
}

// ---- the command line ------------------------------------------------------

const PLAN: &str = "examples/jiaxing-2010.plan";
const DATA: &str = "examples/jiaxing-2010.data.csv";

#[test]
fn eval_takes_the_plan_after_data() {
    // Before: "the following required arguments were not provided: <INPUT>".
    let after = planc()
        .args(["eval", "--data", DATA, PLAN])
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    let before = planc()
        .args(["eval", PLAN, "--data", DATA])
        .assert()
        .code(3)
        .get_output()
        .stdout
        .clone();
    assert_eq!(after, before);
    assert!(String::from_utf8(after)
        .unwrap()
        .contains("77 targets as of 2012"));
}

#[test]
fn fmt_on_a_terminal_with_no_file_is_a_usage_error() {
    // `script` gives the command a terminal for standard input; without
    // the fix it waits for input and `timeout` ends it with 124.
    let cmd = format!("timeout 20 {} fmt", env!("CARGO_BIN_EXE_planc"));
    let out = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .stdin(std::process::Stdio::null())
        .output()
        .expect("`script` (util-linux) runs the command on a terminal");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    assert!(text.contains("standard input is a terminal"), "{text}");
    // Not a terminal: no file still means standard input, as does `-`.
    for args in [&["fmt"][..], &["fmt", "-"][..]] {
        planc()
            .args(args)
            .write_stdin("plan   \"p\"\nperiod 2010..2012\n")
            .assert()
            .code(0)
            .stdout("plan \"p\"\nperiod 2010..2012\n");
    }
}

fn tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let good = "plan \"p\"\nperiod 2010..2012\n";
    std::fs::create_dir_all(dir.path().join("b/c")).unwrap();
    std::fs::create_dir_all(dir.path().join(".hidden")).unwrap();
    std::fs::write(dir.path().join("b/c/z.plan"), good).unwrap();
    std::fs::write(
        dir.path().join("b/a.plan"),
        "plan   \"p\"\nperiod 2010..2012\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.plan"), good).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "not a plan").unwrap();
    std::fs::write(dir.path().join(".hidden/x.plan"), "broken").unwrap();
    dir
}

#[test]
fn check_walks_directories_in_sorted_order() {
    let dir = tree();
    let d = dir.path().to_str().unwrap();
    let err = planc()
        .args(["check", d])
        .assert()
        .code(0)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).unwrap();
    let files: Vec<&str> = err
        .lines()
        .filter_map(|l| l.split(": ").next())
        .filter(|f| f.ends_with(".plan"))
        .collect();
    assert_eq!(
        files,
        [
            format!("{d}/a.plan"),
            format!("{d}/b/a.plan"),
            format!("{d}/b/c/z.plan")
        ],
        "{err}"
    );
    // A directory without plans is an I/O error, not silence.
    let empty = tempfile::tempdir().unwrap();
    planc()
        .args(["check", empty.path().to_str().unwrap()])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no `.plan` file in directory"));
}

#[test]
fn fmt_walks_directories() {
    let dir = tree();
    planc()
        .args(["fmt", "--check", dir.path().to_str().unwrap()])
        .assert()
        .code(1)
        .stdout(format!("{}/b/a.plan\n", dir.path().display()));
    planc()
        .args(["fmt", dir.path().to_str().unwrap()])
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(dir.path().join("b/a.plan")).unwrap();
    assert_eq!(fixed, "plan \"p\"\nperiod 2010..2012\n");
    // The hidden directory was not touched.
    let hidden = std::fs::read_to_string(dir.path().join(".hidden/x.plan")).unwrap();
    assert_eq!(hidden, "broken");
}

#[test]
fn compile_refuses_a_directory_clearly() {
    planc()
        .args(["compile", "examples"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("is a directory"))
        .stderr(predicate::str::contains("`planc check examples`"));
}

#[test]
fn compile_into_a_missing_directory_names_the_target() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("missing/m.json");
    let t = target.to_str().unwrap();
    let out = planc()
        .args(["compile", PLAN, "-o", t, "--format", "json"])
        .assert()
        .code(2)
        .get_output()
        .stdout
        .clone();
    let doc: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "E0011");
    assert_eq!(d["file"], t);
    let message = d["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("cannot write {t}: ")),
        "{message}"
    );
    assert!(!message.contains(".planc-"), "{message}");
    assert!(d["help"].as_str().unwrap().contains("does not exist"));
}

#[test]
fn check_counts_items_and_parts_apart() {
    planc()
        .args(["check", PLAN])
        .assert()
        .code(0)
        .stderr(predicate::str::contains(
            "examples/jiaxing-2010.plan: 31 items and 3 parts, 77 targets",
        ));
    let readme = std::fs::read_to_string("README.md").unwrap();
    assert!(
        readme.contains("(31 items, 77\ntargets)") || readme.contains("(31 items, 77 targets)")
    );
}
