//! Chinese keywords: the one table (grammar → docs), `fmt --keywords`
//! round trips on every example and on generated plans, the Jiaxing plan in
//! Chinese keywords compiling to the same model, and the diagnostics a
//! Chinese author meets, through the library and the binary.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use assert_cmd::Command;
use common::{gen, meaning, proptest_config};
use planc::source::SourceFile;
use planc::syntax::keywords::{self, Spelling};
use proptest::prelude::*;
use serde_json::Value;

const EXAMPLES: &[&str] = &[
    "examples/jiaxing-2010.plan",
    "examples/jiaxing-districts.plan",
    "examples/china-14th-fyp.plan",
    "examples/paris-ndc-eu.plan",
];

fn planc() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_planc"));
    c.env("NO_COLOR", "1");
    c
}

fn spell(text: &str, s: Spelling) -> String {
    match planc::fmt::format_with(text, Some(s)) {
        Ok(t) => t,
        Err(d) => panic!("refused to format: {d:#?}\n{text}"),
    }
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The docs' table, as the grammar's table gives it.
fn table_markdown() -> String {
    let mut s = String::from("| English | Chinese | also accepted |\n|---|---|---|\n");
    for k in keywords::table() {
        let also: Vec<String> = k.also.iter().map(|a| format!("`{a}`")).collect();
        s.push_str(&format!(
            "| `{}` | `{}` | {} |\n",
            k.en,
            k.zh,
            also.join(" ")
        ));
    }
    s
}

#[test]
fn the_docs_table_is_the_grammar_table() {
    let doc = read("docs/language.md");
    let table = table_markdown();
    assert!(
        doc.contains(&table),
        "docs/language.md's table of Chinese keywords differs from grammar/plan.pest; it should read:\n{table}"
    );
    // Every keyword, and both spellings of each.
    assert_eq!(table.lines().count(), keywords::table().len() + 2);
    assert!(table.contains("| `lead` | `牵头` |"));
    assert!(table.contains("| `each year` | `每年` |"));
    assert!(table.contains("| `strive` | `力争` | `争取` |"));
}

#[test]
fn every_example_round_trips_both_ways() {
    for path in EXAMPLES {
        let en = read(path);
        let zh = spell(&en, Spelling::Zh);
        assert_ne!(zh, en, "{path}: nothing was spelt in Chinese");
        assert_eq!(spell(&zh, Spelling::En), en, "{path}: en → zh → en");
        assert_eq!(
            spell(&spell(&zh, Spelling::En), Spelling::Zh),
            zh,
            "{path}: zh → en → zh"
        );
        // Formatting as written keeps each spelling.
        assert_eq!(planc::fmt::format_source(&zh).unwrap(), zh, "{path}");
        assert_eq!(planc::fmt::format_source(&en).unwrap(), en, "{path}");
        // No English keyword is left at the start of a statement.
        for line in zh.lines().map(str::trim_start) {
            let first = line.split([' ', ':']).next().unwrap_or("");
            assert!(
                line.starts_with('#') || !(first.is_ascii() && keywords::is_keyword(first)),
                "{path}: `{line}` kept an English keyword"
            );
        }
        // The same plan, apart from source positions.
        let (a, b) = (meaning(path, &en), meaning(path, &zh));
        assert!(
            a.model.is_some() && a.diagnostics.is_empty(),
            "{path}: {a:?}"
        );
        assert_eq!(a, b, "{path}: the Chinese spelling changed the plan");
    }
}

#[test]
fn the_chinese_jiaxing_plan_reads_as_chinese() {
    let zh = spell(&read("examples/jiaxing-2010.plan"), Spelling::Zh);
    for line in [
        "规划期2010..2012年",
        "基期2009年",
        "发布 市合作交流办 于 2010-06",
        "单位 市经贸委, 市外经贸局, 各县政府 \"各县(市、区)政府\" # (三)",
        "指标 引进工业项目: 流量 项 \"引进沪杭等地工业项目\"",
        "  部分 二 \"推动产业转型升级,全面提升先进制造业发展水平\" {",
    ] {
        assert!(
            zh.lines().any(|l| l.trim_start() == line.trim_start()),
            "missing `{line}`"
        );
    }
    assert!(zh.contains("    牵头 市经贸委\n"), "{zh}");
    assert!(zh.contains("力争 到2012年: "), "{zh}");
}

/// A compiled model as JSON, without the file's name and source positions.
fn model_json(out: &[u8]) -> Value {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(m) => {
                m.remove("line");
                m.remove("column");
                m.values_mut().for_each(strip);
            }
            Value::Array(a) => a.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: Value = serde_json::from_slice(out).unwrap();
    v["plan"]["source"] = Value::Null;
    strip(&mut v);
    v
}

#[test]
fn the_binary_compiles_the_chinese_jiaxing_plan_to_the_same_model() {
    let dir = tempfile::tempdir().unwrap();
    let zh_path = dir.path().join("jiaxing-2010.zh.plan");
    // The Chinese plan is made by the binary itself, from the one source.
    let zh = planc()
        .args(["fmt", "--keywords", "zh", "-"])
        .write_stdin(read("examples/jiaxing-2010.plan"))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(zh.clone()).unwrap(),
        spell(&read("examples/jiaxing-2010.plan"), Spelling::Zh)
    );
    std::fs::write(&zh_path, &zh).unwrap();
    let compile = |path: &str| {
        planc()
            .args(["compile", path])
            .assert()
            .success()
            .get_output()
            .stdout
            .clone()
    };
    let en = compile("examples/jiaxing-2010.plan");
    let zh_model = compile(zh_path.to_str().unwrap());
    assert_ne!(en, zh_model, "the source name differs");
    let (a, b) = (model_json(&en), model_json(&zh_model));
    assert_eq!(a["targets"].as_array().map(Vec::len), Some(77));
    assert_eq!(a, b);

    // And it evaluates alike: the same judgements and exit code.
    let eval = |path: &str| {
        let out = planc()
            .args(["eval", path, "--data", "examples/jiaxing-2010.data.csv"])
            .args(["--format", "json"])
            .output()
            .unwrap();
        let mut v: Value = serde_json::from_slice(&out.stdout).unwrap();
        v.as_object_mut()
            .unwrap()
            .retain(|k, _| k != "plan" && k != "source");
        (out.status.code(), v["targets"].clone())
    };
    let (code_en, en) = eval("examples/jiaxing-2010.plan");
    let (code_zh, zh) = eval(zh_path.to_str().unwrap());
    assert_eq!(code_en, Some(3));
    assert_eq!((code_en, en), (code_zh, zh));
}

#[test]
fn fmt_keywords_through_the_binary() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.plan");
    let en = read("examples/paris-ndc-eu.plan");
    std::fs::write(&path, &en).unwrap();
    let p = path.to_str().unwrap();
    // An English file is not in its Chinese form, and is in its English one.
    planc()
        .args(["fmt", "--check", "--keywords", "zh", p])
        .assert()
        .code(1);
    planc()
        .args(["fmt", "--check", "--keywords", "en", p])
        .assert()
        .success();
    planc()
        .args(["fmt", "--keywords", "zh", p])
        .assert()
        .success();
    let zh = read(p);
    assert_eq!(zh, spell(&en, Spelling::Zh));
    // As written, the Chinese file is formatted; and back it comes.
    planc().args(["fmt", "--check", p]).assert().success();
    planc().args(["check", p]).assert().success();
    planc()
        .args(["fmt", "--keywords", "en", p])
        .assert()
        .success();
    assert_eq!(read(p), en);
    // Only en and zh are spellings.
    planc()
        .args(["fmt", "--keywords", "fr", p])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values: en, zh"));
}

const EN: &str = r#"plan "p"
period 2010..2015
baseline 2010
issued by 市政府 on 2010-05-01
tolerance 5%
agency 市政府, 市经贸委, 市科技局
unit 张: count
class binding: firm
metric 项目: flow 项
metric 产值: stock 亿元
metric 平台: milestone
metric 机制: commitment
region 嘉兴市: 南湖区, 秀洲区
section 一 "s" {
  item 1 "x" {
    lead 市经贸委
    support 市科技局
    text "原文"
    allow W0001
    class binding
    strive by 2012: 项目 >= 150项
    firm by 2012..2013: 平台 done
    each year 2011..2015: 产值 growth >= 5%
    each year: 项目 >= 10项
    within 2011..2015: 项目 >= 100项
    in 2013: 项目 <= 40项
    by 2015: 产值 average growth since 2010 >= 6%
    by 2015: 项目 annual average >= 20项
    by 2015: 产值 change since 2010 >= +10亿元
    by 2015: 项目 total >= 100项
    by 2015: 产值 in 50亿元..60亿元
    by 2015: 产值 >= 2x since 2010
    by 2015: 产值 > mean 2011..2013
    by 2015: 机制 assessed
    each year: 产值 growth set
    lead 市科技局 by 2015: 产值 ~ 55亿元 ± 5%
    by 2015 in 南湖区: 产值 >= 30亿元
    by 2015 in each region: 项目 >= 10项
    by 2015: 项目 >= 20项
    quota 南湖区 10, 秀洲区 10
    part 1 "p" {
      text "分项"
    }
  }
}
"#;

const ZH: &str = r#"规划 "p"
规划期2010..2015年
基期2010年
发布 市政府 于 2010-05-01
容差 5%
单位 市政府, 市经贸委, 市科技局
计量单位 张: count
属性 binding: 确保
指标 项目: 流量 项
指标 产值: 存量 亿元
指标 平台: 里程碑
指标 机制: 承诺
地区 嘉兴市: 南湖区, 秀洲区
部分 一 "s" {
  条 1 "x" {
    牵头 市经贸委
    配合 市科技局
    原文 "原文"
    允许 W0001
    属性 binding
    力争 到2012年: 项目 >= 150项
    确保 到2012..2013年: 平台 完成
    每年2011..2015年: 产值 增长 >= 5%
    每年: 项目 >= 10项
    期间2011..2015年: 项目 >= 100项
    在2013年: 项目 <= 40项
    到2015年: 产值 年均增长 较2010年 >= 6%
    到2015年: 项目 年均 >= 20项
    到2015年: 产值 变化 较2010年 >= +10亿元
    到2015年: 项目 累计 >= 100项
    到2015年: 产值 在 50亿元..60亿元
    到2015年: 产值 >= 2x 较2010年
    到2015年: 产值 > 平均2011..2013年
    到2015年: 机制 评估
    每年: 产值 增长 视情
    牵头 市科技局 到2015年: 产值 ~ 55亿元 ± 5%
    到2015年 在 南湖区: 产值 >= 30亿元
    到2015年 在 各地区: 项目 >= 10项
    到2015年: 项目 >= 20项
    分解 南湖区 10, 秀洲区 10
    分项 1 "p" {
      原文 "分项"
    }
  }
}
"#;

#[test]
fn every_keyword_in_both_spellings() {
    assert_eq!(spell(EN, Spelling::Zh), ZH);
    assert_eq!(spell(ZH, Spelling::En), EN);
    let (a, b) = (meaning("p.plan", EN), meaning("p.plan", ZH));
    assert!(a.model.is_some(), "{a:?}");
    assert_eq!(a, b);
    // Every keyword of the table is used by the Chinese plan.
    for k in keywords::table() {
        assert!(ZH.contains(k.zh), "{} unused", k.zh);
        assert!(EN.contains(&k.en), "{} unused", k.en);
    }
}

#[test]
fn one_plan_may_mix_the_spellings() {
    // Word by word, with the spacing and `年` either way, and the second
    // Chinese spelling of a keyword.
    let mixed = EN
        .replace("  lead 市经贸委\n", "  牵头 市经贸委\n")
        .replace("strive by 2012:", "争取 by 2012年:")
        .replace(
            "each year 2011..2015: 产值 growth",
            "每年 2011年..2015: 产值 增长",
        )
        .replace("by 2015: 项目 total", "到 2015: 项目 total")
        .replace("average growth since 2010", "年均增长 比2010年");
    assert_ne!(mixed, EN);
    assert_eq!(meaning("p.plan", &mixed), meaning("p.plan", EN));
    // Formatting as written: each statement in the spelling it starts with.
    let tidy = planc::fmt::format_source(&mixed).unwrap();
    for line in [
        "牵头 市经贸委",
        "力争 到2012年: 项目 >= 150项",
        "每年2011..2015年: 产值 增长 >= 5%",
        "到2015年: 项目 累计 >= 100项",
        "by 2015: 产值 average growth since 2010 >= 6%",
        "support 市科技局",
    ] {
        assert!(tidy.lines().any(|l| l.trim() == line), "{line}\n{tidy}");
    }
    assert_eq!(spell(&mixed, Spelling::En), EN);
    assert_eq!(spell(&mixed, Spelling::Zh), ZH);
}

/// (code, exact span text, help) of every diagnostic of a plan.
fn diagnostics(text: &str) -> Vec<(String, String, Option<String>)> {
    let out = planc::compile(&SourceFile::new("t.plan", text));
    out.diagnostics
        .iter()
        .map(|d| {
            let span = d.labels.first().map(|l| l.span).unwrap();
            (
                d.code.as_str().to_string(),
                text[span.range()].to_string(),
                d.help.clone(),
            )
        })
        .collect()
}

const HEAD: &str = "规划 \"p\"\n规划期2010..2012年\n单位 市经贸委\n指标 项目: 流量 项\n";

fn one(body: &str) -> (String, String, Option<String>) {
    let text = format!("{HEAD}条 1 \"x\" {{\n  {body}\n}}\n");
    let d = diagnostics(&text);
    assert_eq!(d.len(), 1, "{d:?}\n{text}");
    d.into_iter().next().unwrap()
}

fn owned(code: &str, span: &str, help: &str) -> (String, String, Option<String>) {
    (code.into(), span.into(), Some(help.into()))
}

#[test]
fn a_chinese_keyword_glued_to_a_name_is_split_in_the_help() {
    assert_eq!(
        one("牵头市经贸委"),
        owned(
            "E0001",
            "牵头市经贸委",
            "`牵头` is a keyword: put a space between it and the name after it: `牵头 市经贸委`"
        )
    );
    // A Chinese keyword may touch punctuation and numbers.
    let touching =
        format!("{HEAD}条 1 \"x\" {{\n  牵头 市经贸委\n  到2012年: 项目 累计>= 5项\n}}\n");
    assert_eq!(diagnostics(&touching), vec![]);
    assert_eq!(
        one("到2012年: 项目 增长较2010年 >= 5%"),
        owned(
            "E0001",
            "增长较2010年",
            "`增长` is a keyword: put a space between it and the name after it: `增长 较2010年`"
        )
    );
}

#[test]
fn chinese_words_for_keywords_get_a_suggestion() {
    assert_eq!(
        one("负责 市经贸委"),
        owned("E0001", "负责", "did you mean `牵头`?")
    );
    assert_eq!(
        one("截至2012年: 项目 >= 5项"),
        owned("E0001", "截至2012年", "did you mean `到`?")
    );
    assert_eq!(
        one("力求 到2012年: 项目 >= 5项"),
        owned("E0001", "力求", "did you mean `力争`?")
    );
}

#[test]
fn a_dashed_period_is_corrected_in_its_own_spelling() {
    let d = diagnostics("规划 \"p\"\n规划期 2023-2025年\n");
    assert_eq!(
        d,
        vec![owned(
            "E0001",
            "-",
            "a range of years is written with `..`: `规划期2023..2025年`"
        )]
    );
    let d = diagnostics("plan \"p\"\nperiod 2023-2025\n");
    assert_eq!(
        d,
        vec![owned(
            "E0001",
            "-",
            "a range of years is written with `..`: `period 2023..2025`"
        )]
    );
}

#[test]
fn chinese_keywords_are_reserved_and_quoting_is_the_fix() {
    let bad = "规划 \"p\"\n规划期2010..2012年\n单位 市经贸委\n指标 增长: 流量 项\n条 1 \"x\" {\n  牵头 市经贸委\n  到2012年: 增长 >= 5项\n}\n";
    let help = "quote it here and wherever it is used: \"增长\"";
    assert_eq!(
        diagnostics(bad),
        vec![owned("E0013", "增长", help), owned("E0013", "增长", help)]
    );
    let fixed = bad.replace(" 增长", " \"增长\"");
    assert_eq!(diagnostics(&fixed), vec![]);
    // A keyword inside a longer name is no keyword.
    let names = "规划 \"p\"\n规划期2010..2012年\n单位 牵头单位\n指标 年均增长率: 流量 项\n条 1 \"x\" {\n  牵头 牵头单位\n  到2012年: 年均增长率 >= 5项\n}\n";
    assert_eq!(diagnostics(names), vec![]);
}

#[test]
fn the_binary_gives_the_same_help() {
    let text = format!("{HEAD}条 1 \"x\" {{\n  牵头市经贸委\n}}\n");
    let out = planc()
        .args(["check", "--format", "json", "-"])
        .write_stdin(text)
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "E0001", "{v:#}");
    assert_eq!(
        d["help"],
        "`牵头` is a keyword: put a space between it and the name after it: `牵头 市经贸委`"
    );
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn generated_plans_round_trip_through_chinese(plan in gen::plan(), seed in any::<u64>()) {
        let text = plan.render(seed);
        let en = spell(&text, Spelling::En);
        let zh = spell(&text, Spelling::Zh);
        prop_assert_eq!(&spell(&zh, Spelling::En), &en);
        prop_assert_eq!(&spell(&en, Spelling::Zh), &zh);
        prop_assert_eq!(&planc::fmt::format_source(&zh).unwrap(), &zh);
        let (a, b) = (meaning("gen.plan", &text), meaning("gen.plan", &zh));
        prop_assert!(a.model.is_some());
        prop_assert_eq!(a, b);
    }
}
