//! Reports in the office's language: `--lang zh|en` and `--lang-file` in
//! every format, the catalogue, figures in the unit the plan wrote, the
//! document's words, and the table fitted to a width. Through the library
//! and the binary; snapshots of the Jiaxing example in Chinese.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;
use common::{planc, stderr, stdout};
use planc::data::{Catalog, Format as DataFormat, Loader};
use planc::eval::{evaluate, Evaluation};
use planc::model::Model;
use planc::report::lang::{Catalogue, Key, Lang};
use planc::report::{render_in, Format, MarkdownLayout, Options};
use planc::source::SourceFile;
use serde_json::Value;
use unicode_width::UnicodeWidthStr;

const JIAXING: &str = "examples/jiaxing-2010.plan";
const JIAXING_DATA: &str = "examples/jiaxing-2010.data.csv";
const LANG: &str = "tests/eval/lang.plan";
const LANG_DATA: &str = "tests/eval/lang.data.csv";

/// A plan and its data, compiled and judged through the library.
fn judged(plan: &str, data: &str) -> (Model, Evaluation) {
    let text = std::fs::read_to_string(plan).unwrap();
    let out = planc::compile(&SourceFile::new(plan, text));
    let model = out.model.unwrap();
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    let csv = std::fs::read(data).unwrap();
    loader.read(data, DataFormat::Csv, &csv[..]);
    let figures = loader.finish();
    assert!(!figures.has_errors());
    let as_of = figures.figures.latest_year().unwrap();
    let eval = evaluate(&cat, &figures.figures, as_of);
    (model, eval)
}

fn zh() -> Catalogue {
    Catalogue::builtin(Lang::Zh)
}

/// The Chinese words an office expects, stated by hand, through the
/// library: statuses, ordinals as the plan writes them, figures in the
/// plan's units, the summary, the document's words.
#[test]
fn the_chinese_table_says_what_an_office_expects() {
    let (model, eval) = judged(JIAXING, JIAXING_DATA);
    let table = render_in(&eval, &model, Format::Table, Options::default(), &zh());
    let header = table.lines().nth(3).unwrap();
    let columns: Vec<&str> = header.split_whitespace().collect();
    assert_eq!(
        columns,
        ["目标", "牵头单位", "指标", "要求", "期限", "实际", "状态"]
    );
    for words in [
        "评估年份：2012年",
        // Sections as 一、, items as (三), parts under their item.
        "一、全面实施“与沪杭同城”战略,加强区域合作交流工作的总体要求和主要目标\n",
        "  (三) 加快平台建设,主动承接产业转移\n",
        "  (九) 2. 加快嘉兴港建设\n",
        // Figures as written: 150项, 150亿元; statuses in words.
        "≥150项",
        "≥150亿元",
        "2010–2012年155项",
        "已完成",
        "未完成（力争）",
        "无数据",
        "进度正常",
        "待评估",
        "每年增长≥5%",
        // The reasons, in Chinese.
        "↳ 缺2012年数据",
        "↳ 2012年未达到",
        // The document's words, quoted, and an item's text.
        "“到2012年,争取引进沪杭等地工业项目150项以上”",
        "到2012年,争取引进沪杭等地工业项目150项以上,实到资金150亿元以上。",
        "无量化目标：仅文字（1段）",
        // The summary.
        "截至2012年共77项目标：已完成43项，未完成17项，进度正常2项，待评估1项，无数据14项；13项硬性目标未完成或进度滞后",
        "10项任务无量化目标（仅文字）",
    ] {
        assert!(table.contains(words), "{words:?} not in\n{table}");
    }
    for english in ["met", "missed", "no data", "Target", "no figure"] {
        assert!(!table.contains(english), "{english:?} in the Chinese table");
    }
}

/// A metric kept in 元 with a target written in 万元 shows its figure in
/// 万元; one in 万元 against 亿元 in 亿元; in both languages.
#[test]
fn figures_show_in_the_unit_the_plan_wrote() {
    let (model, eval) = judged(LANG, LANG_DATA);
    let table = render_in(&eval, &model, Format::Table, Options::default(), &zh());
    assert!(
        table.contains("人均收入      ≥6万元    2025年  6.2万元"),
        "{table}"
    );
    assert!(
        table.contains("≥150亿元  2025年  2021–2025年154亿元"),
        "{table}"
    );
    // 125箱 is no exact number of 打 (12箱): shown in the metric's unit.
    assert!(table.contains("≥10打     2025年  125箱"), "{table}");
    let en = render_in(
        &eval,
        &model,
        Format::Table,
        Options::default(),
        &Catalogue::english(),
    );
    assert!(en.contains(">= 6 万元    2025  6.2 万元"), "{en}");
    assert!(en.contains("154 亿元 in 2021–2025"), "{en}");
    // JSON keeps figures in the metric's unit: 62000 元.
    let json = render_in(&eval, &model, Format::Json, Options::default(), &zh());
    let v: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["results"][0]["actual"].to_string(), "62000");
    assert_eq!(v["results"][0]["unit"], "元");
    assert_eq!(v["results"][0]["text"]["actual"], "6.2万元");
    // The expected path, too, is in the written unit.
    let early = planc(&[
        "eval", LANG, "--data", LANG_DATA, "--as-of", "2023", "--lang", "zh",
    ]);
    assert!(
        stdout(&early).contains("↳ 按进度2023年应达90亿元"),
        "{}",
        stdout(&early)
    );
    // 120箱 is exactly 10打.
    let exact = planc(&[
        "eval", LANG, "--data", LANG_DATA, "--as-of", "2024", "--lang", "zh",
    ]);
    assert!(
        stdout(&exact).contains("≥10打     2025年  2024年10打"),
        "{}",
        stdout(&exact)
    );
}

/// JSON stays language-neutral: the same document in English and Chinese
/// but for `lang`, `labels`, each result's `label` and `text`, and the
/// headings of sections and items.
#[test]
fn json_codes_are_the_same_in_every_language() {
    let run = |lang: &str| {
        let out = planc(&[
            "eval",
            JIAXING,
            "--data",
            JIAXING_DATA,
            "--format",
            "json",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
        serde_json::from_str::<Value>(&stdout(&out)).unwrap()
    };
    let (mut en, mut zh) = (run("en"), run("zh"));
    assert_eq!(zh["lang"], "zh");
    assert_eq!(zh["labels"]["met"], "已完成");
    assert_eq!(zh["labels"]["unassessed"], "未评估");
    assert_eq!(en["labels"]["on_track"], "on track");
    let r = &zh["results"][1];
    assert_eq!(
        (r["status"].as_str(), r["label"].as_str()),
        (Some("missed"), Some("未完成（力争）"))
    );
    assert_eq!(r["quote"], "实到资金150亿元以上");
    assert_eq!(r["text"]["required"], "≥150亿元");
    assert_eq!(
        zh["sections"][0]["heading"],
        "一、全面实施“与沪杭同城”战略,加强区域合作交流工作的总体要求和主要目标"
    );
    assert_eq!(
        zh["items"][2]["heading"],
        "(三) 加快平台建设,主动承接产业转移"
    );
    assert_eq!(
        en["items"][2]["heading"],
        "(3) 加快平台建设,主动承接产业转移"
    );
    // The English `reason` and the structured `reasons` do not change.
    let no_data = zh["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"] == "no_data")
        .unwrap();
    assert_eq!(no_data["reason"], "no figure for 2012");
    assert_eq!(
        no_data["reasons"],
        serde_json::json!([{"code": "lacking", "lacks": [{"code": "missing", "year": 2012}]}])
    );
    assert_eq!(no_data["text"]["note"], "缺2012年数据");
    for v in [&mut en, &mut zh] {
        let o = v.as_object_mut().unwrap();
        o.remove("lang");
        o.remove("labels");
        for list in ["results", "sections", "items"] {
            for x in o[list].as_array_mut().unwrap() {
                let x = x.as_object_mut().unwrap();
                for k in ["label", "text", "heading"] {
                    x.remove(k);
                }
            }
        }
    }
    assert_eq!(en, zh);
    // Both validate against the schema.
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string("schema/eval.schema.json").unwrap()).unwrap();
    let v = run("zh");
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&v).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

fn jiaxing_zh(extra: &[&str]) -> String {
    let mut args = vec!["eval", JIAXING, "--data", JIAXING_DATA, "--lang", "zh"];
    args.extend_from_slice(extra);
    let out = planc(&args);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    stdout(&out)
}

/// Every format in Chinese, through the binary, as snapshots (checked by
/// hand: the table at 100 columns, both Markdown layouts, JSON, JUnit).
#[test]
fn jiaxing_in_chinese_in_every_format() {
    insta::assert_snapshot!("jiaxing-zh-table-100", jiaxing_zh(&["--width", "100"]));
    insta::assert_snapshot!(
        "jiaxing-zh-by-agency-100",
        jiaxing_zh(&["--width", "100", "--by-agency"])
    );
    insta::assert_snapshot!("jiaxing-zh-markdown", jiaxing_zh(&["--format", "markdown"]));
    insta::assert_snapshot!(
        "jiaxing-zh-markdown-table",
        jiaxing_zh(&["--format", "markdown", "--markdown-layout", "table"])
    );
    insta::assert_snapshot!("jiaxing-zh-junit", jiaxing_zh(&["--format", "junit"]));
    insta::assert_snapshot!("jiaxing-zh-json", jiaxing_zh(&["--format", "json"]));
}

/// The table fits the width it is given, CJK characters counting two
/// columns; with no width (a pipe) nothing is cut.
#[test]
fn the_table_fits_its_width() {
    for width in [80usize, 100, 120] {
        let w = width.to_string();
        let text = jiaxing_zh(&["--width", &w]);
        for line in text.lines() {
            assert!(line.width() <= width, "{} > {width}: {line}", line.width());
        }
        let en = planc(&["eval", JIAXING, "--data", JIAXING_DATA, "--width", &w]);
        for line in stdout(&en).lines() {
            assert!(line.width() <= width, "{} > {width}: {line}", line.width());
        }
    }
    insta::assert_snapshot!("jiaxing-en-table-80", {
        let out = planc(&["eval", JIAXING, "--data", JIAXING_DATA, "--width", "80"]);
        stdout(&out)
    });
    // Without a width, the widest line is as long as its text.
    let free = planc(&["eval", JIAXING, "--data", JIAXING_DATA]);
    let widest = stdout(&free).lines().map(|l| l.width()).max().unwrap();
    assert!(widest > 139, "{widest}");
    // Through the library: the same width bound.
    let (model, eval) = judged(JIAXING, JIAXING_DATA);
    let opts = Options {
        width: Some(72),
        ..Options::default()
    };
    let table = render_in(&eval, &model, Format::Table, opts, &zh());
    assert!(table.lines().all(|l| l.width() <= 73), "{table}");
    // A width below 40 is refused: exit 2.
    let narrow = planc(&["eval", JIAXING, "--data", JIAXING_DATA, "--width", "20"]);
    assert_eq!(narrow.status.code(), Some(2));
}

/// One table for the whole plan: a row for every item with text or without
/// targets, and one for every target, each with its section and item.
#[test]
fn markdown_as_one_table() {
    let (model, eval) = judged(JIAXING, JIAXING_DATA);
    let opts = Options {
        markdown: MarkdownLayout::Table,
        ..Options::default()
    };
    let md = render_in(&eval, &model, Format::Markdown, opts, &Catalogue::english());
    let rows: Vec<&str> = md.lines().filter(|l| l.starts_with("| ")).collect();
    // A header, then 77 targets and the items' own rows: 30 items and the
    // three parts of item 九 (whose parts stand for it), each with text.
    assert_eq!(rows.len(), 1 + 77 + 33, "{md}");
    assert!(rows[0].starts_with("| Section | Item | Lead | Target | Metric |"));
    assert_eq!(md.matches("\n## ").count(), 0, "no headings in one table");
    assert!(md.contains("| 2 推动产业转型升级,全面提升先进制造业发展水平 | (3) 加快平台建设,主动承接产业转移 | 市经贸委 | 3-1 | 引进工业项目 | >= 150 项 | 2012 | 155 项 in 2010–2012 | **met** |  | “到2012年,争取引进沪杭等地工业项目150项以上” |"), "{md}");
    // By agency, with the agency and role on each row.
    let by_agency = planc(&[
        "eval",
        JIAXING,
        "--data",
        JIAXING_DATA,
        "--format",
        "markdown",
        "--markdown-layout",
        "table",
        "--by-agency",
        "--lang",
        "zh",
    ]);
    let text = stdout(&by_agency);
    assert!(text.contains("| 单位 | 职责 | 目标 | 指标 |"), "{text}");
    assert!(
        text.contains("| 市经贸委 | 牵头 | 3-1 | 引进工业项目 | ≥150项 |"),
        "{text}"
    );
}

/// The document's words appear in every format.
#[test]
fn the_documents_words_in_every_format() {
    let quote = "嘉兴国际会展中心三年内举办会展60场次";
    let text = "经过三年的努力,使我市有3个以上具有一定区域影响的自办品牌展会。";
    for format in ["table", "markdown", "json", "junit"] {
        for layout in ["sections", "table"] {
            let out = jiaxing_zh(&["--format", format, "--markdown-layout", layout]);
            assert!(out.contains(quote), "{format}: no quote");
            assert!(out.contains(text), "{format}: no item text");
        }
    }
}

/// A third language is a file: `--lang-file` reads it, checked; a bad one
/// names every problem and exits 2.
#[test]
fn a_third_language_is_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let en = std::fs::read_to_string("src/report/lang/en.txt").unwrap();
    let fr = en
        .replace("lang = en", "lang = fr")
        .replace("status.met = met", "status.met = atteint")
        .replace("header.status = Status", "header.status = État");
    let path = dir.path().join("fr.txt");
    std::fs::write(&path, fr).unwrap();
    let p = path.to_str().unwrap();
    let out = planc(&["eval", JIAXING, "--data", JIAXING_DATA, "--lang-file", p]);
    assert_eq!(out.status.code(), Some(3), "{}", stderr(&out));
    let table = stdout(&out);
    assert!(table.contains("État"), "{table}");
    assert!(table.contains("atteint"), "{table}");
    let json = planc(&[
        "eval",
        JIAXING,
        "--data",
        JIAXING_DATA,
        "--lang-file",
        p,
        "--format",
        "json",
    ]);
    let v: Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!(v["lang"], "fr");
    assert_eq!(v["labels"]["met"], "atteint");

    // A missing key, a misspelt placeholder, an unknown key: all named.
    let bad = std::fs::read_to_string("src/report/lang/zh.txt")
        .unwrap()
        .replace("status.met = 已完成\n", "")
        .replace("due.year = {year}年", "due.year = {yaer}年")
        + "status.done = 完成\n";
    let bad_path = dir.path().join("bad.txt");
    std::fs::write(&bad_path, bad).unwrap();
    let b = bad_path.to_str().unwrap();
    let out = planc(&["eval", JIAXING, "--data", JIAXING_DATA, "--lang-file", b]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.contains("is not a report catalogue"), "{err}");
    assert!(
        err.contains("key `due.year` has no placeholder `{yaer}`; it has {year}"),
        "{err}"
    );
    assert!(err.contains("unknown key `status.done`"), "{err}");
    assert!(err.contains("missing key `status.met`"), "{err}");
    // With --format json, standard output still carries one document.
    let out = planc(&[
        "eval",
        JIAXING,
        "--data",
        JIAXING_DATA,
        "--lang-file",
        b,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(v["ok"], false);
    // `--lang` and `--lang-file` together are a usage error.
    let both = planc(&[
        "eval",
        JIAXING,
        "--data",
        JIAXING_DATA,
        "--lang",
        "zh",
        "--lang-file",
        p,
    ]);
    assert_eq!(both.status.code(), Some(2));
    // An unreadable file is an I/O error, exit 2.
    let none = planc(&[
        "eval",
        JIAXING,
        "--data",
        JIAXING_DATA,
        "--lang-file",
        "no/such.txt",
    ]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("cannot read no/such.txt"));
}

/// The catalogue API the reports use, as documented.
#[test]
fn the_catalogue_api() {
    let zh = zh();
    assert_eq!(zh.lang(), "zh");
    assert_eq!(zh.get(Key::StatusMet), "已完成");
    assert_eq!(zh.get(Key::StatusUnassessed), "未评估");
    assert_eq!(
        zh.fill(
            Key::HeadingSection,
            &[("id", &"1"), ("ordinal", &"一"), ("title", &"总体要求")]
        ),
        "一、总体要求"
    );
    assert_eq!(
        zh.fill(Key::FigureUnit, &[("number", &"6"), ("unit", &"万元")]),
        "6万元"
    );
    let en = Catalogue::english();
    assert_eq!(
        en.count(1, Key::Targets, Key::TargetsPlural, &[]),
        "1 target"
    );
    assert_eq!(
        en.count(3, Key::Targets, Key::TargetsPlural, &[]),
        "3 targets"
    );
    assert_eq!(Catalogue::parse(Lang::Zh.source()), Ok(zh));
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

    /// Any text, a catalogue or not, is read without a panic: a catalogue
    /// or a list of problems, each with its line.
    #[test]
    fn any_catalogue_text_is_read_or_refused(
        lines in proptest::collection::vec("[a-z._ ={}\"#\\n年：]{0,24}", 0..12),
        keep in 0usize..3,
    ) {
        // Sometimes a real catalogue with lines changed, sometimes noise.
        let mut text = match keep {
            0 => String::new(),
            _ => Lang::En.source().to_string(),
        };
        for l in &lines {
            text.push_str(l);
            text.push('\n');
        }
        match Catalogue::parse(&text) {
            Ok(cat) => {
                // Every key has a text, and filling it cannot panic.
                for &k in Key::ALL {
                    let _ = cat.fill(k, &[("year", &2012)]);
                }
            }
            Err(e) => proptest::prop_assert!(!e.problems.is_empty()),
        }
    }
}
