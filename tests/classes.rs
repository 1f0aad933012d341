//! Indicator classes: `class 约束性: firm` declared at the top level,
//! `class 约束性` in an item; how a class and a target's own strength
//! combine; the refusals; and the exit gate per class (`--fail-on`),
//! through the library and the binary.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use assert_cmd::Command;
use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, Evaluation};
use planc::model::{Model, Strength};
use planc::source::SourceFile;

const HEAD: &str = "plan \"类别\"\nperiod 2021..2025\nbaseline 2020\nagency 发改委\n\
unit 年: years\nmetric 森林: stock %\nmetric 寿命: stock 年\nmetric 专利: stock 件\n\
class 约束性: firm\nclass 预期性: strive\n";

fn compile(body: &str) -> Model {
    let text = format!("{HEAD}{body}");
    let out = planc::compile(&SourceFile::new("t.plan", text));
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    out.model.unwrap()
}

/// (class, strength) of each target, in order.
fn classes(body: &str) -> Vec<(Option<String>, Strength)> {
    compile(body)
        .targets
        .iter()
        .map(|t| (t.class.clone(), t.strength))
        .collect()
}

fn c(s: &str) -> Option<String> {
    Some(s.to_string())
}

#[test]
fn a_class_gives_its_targets_their_default_strength() {
    let got = classes(
        "item 1 \"a\" {\n  lead 发改委\n  class 约束性\n  by 2025: 森林 >= 24%\n}\n\
         item 2 \"b\" {\n  lead 发改委\n  class 预期性\n  by 2025: 专利 >= 12件\n}\n\
         item 3 \"c\" {\n  lead 发改委\n  by 2025: 寿命 >= 78年\n}\n",
    );
    assert_eq!(
        got,
        [
            (c("约束性"), Strength::Firm),
            (c("预期性"), Strength::Strive),
            // No class: firm, as before classes.
            (None, Strength::Firm),
        ]
    );
}

#[test]
fn a_strength_written_on_the_target_overrides_its_class() {
    // A 约束性 indicator with a 力争 clause, and a firm clause in a 预期性 one.
    let got = classes(
        "item 1 \"a\" {\n  lead 发改委\n  class 约束性\n  by 2025: 森林 >= 24%\n  strive by 2025: 森林 >= 25% \"力争\"\n}\n\
         item 2 \"b\" {\n  lead 发改委\n  class 预期性\n  firm by 2025: 专利 >= 12件\n  by 2025: 寿命 >= 78年\n}\n",
    );
    assert_eq!(
        got,
        [
            (c("约束性"), Strength::Firm),
            (c("约束性"), Strength::Strive),
            (c("预期性"), Strength::Firm),
            (c("预期性"), Strength::Strive),
        ]
    );
}

#[test]
fn parts_take_their_items_class_unless_they_state_their_own() {
    let m = compile(
        "item 1 \"a\" {\n  lead 发改委\n  class 约束性\n  part 1 \"x\" {\n    lead 发改委\n    by 2025: 森林 >= 24%\n  }\n\
         part 2 \"y\" {\n    lead 发改委\n    class 预期性\n    by 2025: 专利 >= 12件\n  }\n}\n",
    );
    let items: Vec<(&str, Option<&str>)> = m
        .items
        .iter()
        .map(|i| (i.id.as_str(), i.class.as_deref()))
        .collect();
    assert_eq!(
        items,
        [
            ("1", Some("约束性")),
            ("1.1", Some("约束性")),
            ("1.2", Some("预期性"))
        ]
    );
    let targets: Vec<(&str, Option<&str>, Strength)> = m
        .targets
        .iter()
        .map(|t| (t.id.as_str(), t.class.as_deref(), t.strength))
        .collect();
    assert_eq!(
        targets,
        [
            ("1.1-1", Some("约束性"), Strength::Firm),
            ("1.2-1", Some("预期性"), Strength::Strive)
        ]
    );
}

#[test]
fn classes_are_in_the_model_and_survive_its_json() {
    let m = compile("item 1 \"a\" {\n  lead 发改委\n  class 预期性\n  by 2025: 森林 >= 24%\n}\n");
    let json = m.to_json().unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(
        v["classes"],
        serde_json::json!([{"id": "约束性", "strength": "firm"}, {"id": "预期性", "strength": "strive"}])
    );
    assert_eq!(v["items"][0]["class"], "预期性");
    assert_eq!(v["targets"][0]["class"], "预期性");
    assert_eq!(v["targets"][0]["strength"], "strive");
    assert_eq!(Model::from_json(&json).unwrap(), m);
    // A model naming a class it does not declare is refused.
    let broken = json.replacen("\"class\": \"预期性\"", "\"class\": \"预期\"", 1);
    let err = Model::from_json(&broken).unwrap_err().to_string();
    assert_eq!(
        err,
        "invalid model: `1` names the class `预期`, which `classes` does not declare"
    );
    // A plan without classes writes no `classes` and no `class`.
    let text = "plan \"p\"\nperiod 2021..2025\nagency 发改委\nmetric 森林: stock %\n\
                item 1 \"a\" {\n  lead 发改委\n  by 2025: 森林 >= 24%\n}\n";
    let json = planc::compile(&SourceFile::new("p.plan", text))
        .model
        .unwrap()
        .to_json()
        .unwrap();
    assert!(!json.contains("\"class\""), "{json}");
    assert!(!json.contains("\"classes\""), "{json}");
}

/// Each diagnostic of a plan: code, the text it points at, help.
fn refused(text: &str) -> Vec<(String, String, String)> {
    let out = planc::compile(&SourceFile::new("t.plan", text));
    assert!(out.model.is_none());
    out.diagnostics
        .iter()
        .map(|d| {
            let span = d.primary_span().unwrap();
            (
                d.code.as_str().to_string(),
                text[span.range()].to_string(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn item(body: &str) -> String {
    format!("{HEAD}item 1 \"a\" {{\n  lead 发改委\n{body}  by 2025: 森林 >= 24%\n}}\n")
}

fn triple(code: &str, at: &str, help: &str) -> (String, String, String) {
    (code.to_string(), at.to_string(), help.to_string())
}

#[test]
fn an_unknown_class_is_refused_with_a_suggestion() {
    assert_eq!(
        refused(&item("  class 约束\n")),
        [triple("E0108", "约束", "did you mean `约束性`?")]
    );
    assert_eq!(
        refused(&item("  class binding\n")),
        [triple(
            "E0108",
            "binding",
            "the plan declares `约束性`, `预期性`; declare another at the top of the plan: `class binding: firm`"
        )]
    );
    let none = "plan \"p\"\nperiod 2021..2025\nagency 发改委\nmetric 森林: stock %\n\
                item 1 \"a\" {\n  lead 发改委\n  class 约束性\n  by 2025: 森林 >= 24%\n}\n";
    assert_eq!(
        refused(none),
        [triple(
            "E0108",
            "约束性",
            "the plan declares no class; declare it at the top of the plan with the strength of its targets: `class 约束性: firm`"
        )]
    );
}

#[test]
fn a_class_declared_twice_is_refused() {
    let text = format!("{HEAD}class 约束性: strive\n");
    assert_eq!(
        refused(&text),
        [triple(
            "E0104",
            "约束性",
            "declare each class once, with the strength of its targets"
        )]
    );
    // The second declaration is the one pointed at.
    let out = planc::compile(&SourceFile::new("t.plan", text.as_str()));
    let span = out.diagnostics[0].primary_span().unwrap();
    assert_eq!(span.start as usize, text.rfind("约束性").unwrap());
}

#[test]
fn an_item_with_two_classes_is_refused() {
    let text = item("  class 约束性\n  class 预期性\n");
    assert_eq!(
        refused(&text),
        [triple(
            "E0106",
            "预期性",
            "an item has one class, which its targets share; keep one `class`, or move the targets of the other class into a `part` with its own `class`"
        )]
    );
}

#[test]
fn a_class_where_it_cannot_stand_is_refused() {
    // An assignment at the top level, a declaration in an item.
    let text = format!("{HEAD}class 约束性\n");
    assert_eq!(
        refused(&text),
        [triple(
            "E0005",
            "class 约束性",
            "give an item its class inside the item (`class 约束性`); declare a class at the top level with its strength: `class 约束性: firm`"
        )]
    );
    assert_eq!(
        refused(&item("  class 重点: firm\n")),
        [triple(
            "E0005",
            "class 重点: firm",
            "declare classes at the top level, before the sections; in an item, `class 约束性` (without a strength) gives the item its class"
        )]
    );
    // `class` is a keyword: not a name.
    let text = format!("{HEAD}agency class\n");
    assert_eq!(refused(&text)[0].0, "E0013");
}

#[test]
fn fmt_writes_classes_in_canonical_spacing() {
    let text = "plan \"p\"\nperiod 2021..2025\nagency 发改委\nmetric 森林: stock %\n\
                class   约束性 :firm\nitem 1 \"a\" {\n  lead 发改委\n  class    约束性\n  by 2025: 森林 >= 24%\n}\n";
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.plan");
    std::fs::write(&path, text).unwrap();
    Command::cargo_bin("planc")
        .unwrap()
        .args(["fmt", path.to_str().unwrap()])
        .assert()
        .success();
    let formatted = std::fs::read_to_string(&path).unwrap();
    assert!(formatted.contains("\nclass 约束性: firm\n"), "{formatted}");
    assert!(formatted.contains("\n  class 约束性\n"), "{formatted}");
}

const GATED: &str = "item 1 \"约束\" {\n  lead 发改委\n  class 约束性\n  by 2025: 森林 >= 30%\n  strive by 2025: 寿命 >= 90年 \"力争\"\n}\n\
item 2 \"预期\" {\n  lead 发改委\n  class 预期性\n  by 2025: 专利 >= 100件\n  firm by 2025: 寿命 >= 80年\n}\n\
item 3 \"无\" {\n  lead 发改委\n  by 2025: 专利 >= 90件\n}\n";

const GATED_DATA: &str =
    "metric,year,value\n森林,2020,20\n森林,2025,25\n寿命,2020,70\n寿命,2025,75\n\
专利,2020,10\n专利,2025,20\n";

fn gated() -> Evaluation {
    let m = compile(GATED);
    let cat = Catalog::new(&m);
    let mut loader = Loader::new(&cat);
    loader.read_csv("d.csv", GATED_DATA.as_bytes());
    let data = loader.finish();
    evaluate(&cat, &data.figures, 2025)
}

#[test]
fn the_gate_counts_firm_targets_of_its_classes() {
    let mut e = gated();
    // Every target is missed. Firm: 1-1 (约束性, its default), 2-2 (firm
    // written in 预期性) and 3-1 (no class); strive: 1-2 (力争) and 2-1.
    assert!(e.results.iter().all(|r| r.status.as_str() == "missed"));
    assert_eq!(e.summary.failing, 3);
    let per: Vec<(&str, usize, usize)> = e
        .classes
        .iter()
        .map(|c| (c.class.as_str(), c.summary.targets, c.summary.failing))
        .collect();
    assert_eq!(per, [("约束性", 2, 1), ("预期性", 2, 1)]);
    assert!(e.fails());
    e.gate_on(vec!["约束性".into()]);
    assert_eq!(e.failing(), 1);
    let gated: Vec<&str> = e
        .results
        .iter()
        .filter(|r| e.gates(r))
        .map(|r| r.target.as_str())
        .collect();
    assert_eq!(gated, ["1-1"]);
    // The plan-wide count is unchanged.
    assert_eq!(e.summary.failing, 3);
    e.gate_on(vec!["预期性".into()]);
    assert_eq!(e.failing(), 1);
    assert!(e
        .results
        .iter()
        .filter(|r| e.gates(r))
        .all(|r| r.target == "2-2"));
}

/// The gate through the binary, by its exit code.
#[test]
fn fail_on_sets_the_exit_code() {
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("p.plan");
    let data = dir.path().join("d.csv");
    // 2-2 (firm in 预期性) passes here: only the 约束性 firm target misses.
    let rows = GATED_DATA.replace("寿命,2025,75", "寿命,2025,85");
    std::fs::write(&plan, format!("{HEAD}{GATED}")).unwrap();
    std::fs::write(&data, rows).unwrap();
    let run = |extra: &[&str]| {
        let mut args = vec![
            "eval",
            plan.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
        ];
        args.extend_from_slice(extra);
        Command::cargo_bin("planc")
            .unwrap()
            .env("NO_COLOR", "1")
            .args(&args)
            .output()
            .unwrap()
    };
    // 1-1 (约束性) and 3-1 (no class) are firm and missed.
    assert_eq!(run(&[]).status.code(), Some(3));
    assert_eq!(run(&["--fail-on", "约束性"]).status.code(), Some(3));
    assert_eq!(run(&["--fail-on", "预期性"]).status.code(), Some(0));
    assert_eq!(run(&["--fail-on", "预期性,约束性"]).status.code(), Some(3));
    assert_eq!(
        run(&["--fail-on", "预期性", "--fail-on", "约束性"])
            .status
            .code(),
        Some(3)
    );
    let out = run(&["--fail-on", "预期"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: --fail-on names an unknown class `预期`; did you mean `预期性`?\n"
    );
    // The table says what gated the run.
    let out = run(&["--fail-on", "预期性"]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(
        table.ends_with(
            "5 targets as of 2025: 1 met, 4 missed; 2 firm targets are missed or behind\n\
             约束性 (firm by default): 2 targets, 2 missed; 1 firm target is missed or behind\n\
             预期性 (strive by default): 2 targets, 1 met, 1 missed; every firm target is fine\n\
             gate (--fail-on 预期性): every firm target is fine\n"
        ),
        "{table}"
    );

    // A plan without classes: --fail-on is a usage error.
    let bare = dir.path().join("bare.plan");
    std::fs::write(
        &bare,
        "plan \"p\"\nperiod 2021..2025\nagency 发改委\nmetric 森林: stock %\n\
         item 1 \"a\" {\n  lead 发改委\n  by 2025: 森林 >= 30%\n}\n",
    )
    .unwrap();
    let out = Command::cargo_bin("planc")
        .unwrap()
        .args([
            "eval",
            bare.to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--fail-on",
            "约束性",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        "error: --fail-on names the class `约束性`, but the plan declares no class (`class 约束性: firm`)\n"
    );
}
