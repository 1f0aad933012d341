//! The HTML report (`planc report --html`): a snapshot of a small plan's
//! page, what it must and must not contain stated by hand, and the
//! command through the real binary (files written atomically, exit codes).
//! tests/html_browser.rs loads the examples' pages in Chromium.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;
use common::{planc, stderr};
use planc::data::{Catalog, Loader};
use planc::eval::evaluate;
use planc::source::SourceFile;
use std::path::Path;

const PLAN: &str = "tests/report/small.plan";
const DATA: &str = "tests/report/small.data.csv";

fn page() -> String {
    let text = std::fs::read_to_string(PLAN).unwrap();
    let model = planc::compile(&SourceFile::new(PLAN, text)).model.unwrap();
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    loader.read_csv(DATA, std::fs::read(DATA).unwrap().as_slice());
    let data = loader.finish();
    assert!(!data.has_errors());
    let eval = evaluate(&cat, &data.figures, 2012);
    planc::report::html::render(&eval, &model)
}

/// The page without its style sheet and script, which are constant.
fn markup(page: &str) -> String {
    let cut = |s: &str, open: &str, close: &str| {
        let (head, rest) = s.split_once(open).unwrap();
        let (_, tail) = rest.split_once(close).unwrap();
        format!("{head}{open}…{close}{tail}")
    };
    cut(&cut(page, "<style>", "</style>"), "<script>", "</script>")
}

#[test]
fn snapshot_of_a_small_report() {
    insta::assert_snapshot!(markup(&page()));
}

#[test]
fn plan_text_is_escaped() {
    let p = page();
    // The quote's script is text, and the page has one script: its own.
    assert!(p.contains("引进项目150项以上&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
    assert_eq!(p.matches("<script").count(), 1);
    assert!(!p.contains("alert('x')"));
    // In the title, a heading, an agency's name and a filter's option.
    assert!(p.contains("<title>小计划 &lt;b&gt;&amp;&lt;/b&gt; — progress report</title>"));
    assert!(p.contains("<h1>小计划 &lt;b&gt;&amp;&lt;/b&gt;</h1>"));
    assert!(p.contains("<dd>乙局 &amp; &lt;i&gt;丙&lt;/i&gt;</dd>"));
    assert!(p.contains("<option value=\"乙局\">乙局 &amp; &lt;i&gt;丙&lt;/i&gt;</option>"));
    assert!(!p.contains("<i>丙"));
}

#[test]
fn the_page_fetches_nothing() {
    let p = page();
    for link in ["src=", "href=", "url(", "@import", "https://"] {
        assert!(!p.contains(link), "{link}");
    }
    // The SVG namespace is a name, not a fetch.
    assert!(p
        .replace("xmlns=\"http://www.w3.org/2000/svg\"", "")
        .find("http://")
        .is_none());
}

#[test]
fn each_target_has_a_panel_with_its_words_and_agencies() {
    let p = page();
    for id in ["1-1", "1-2", "2-1", "2-2"] {
        assert_eq!(
            p.matches(&format!("data-target=\"{id}\"")).count(),
            1,
            "{id}"
        );
    }
    // Counts by hand: 1-1 met, 1-2 missed, 2-1 missed, 2-2 met.
    assert!(p.contains("<td data-count=\"targets\">4</td><td data-status=\"met\">2</td><td data-status=\"missed\">2</td>"));
    // The class of each target, and the class table.
    assert!(p.contains("<span class=\"tag cls\">约束性</span>"));
    assert!(p.contains("<tr><td>预期性 (strive)</td>"));
    // Three charts: the milestone has none.
    assert_eq!(p.matches("<svg class=\"chart\"").count(), 3);
    // The item with text only is listed.
    assert!(p.contains("<h3>(3) 要求</h3>\n<details class=\"texts\"><summary class=\"muted\">no target (texts: 1)</summary>\n<blockquote>只有文字</blockquote>\n</details>"));
    // CJK fonts of the system, and A4 pages.
    assert!(p.contains("\"Noto Sans CJK SC\""));
    assert!(p.contains("@page { size: A4;"));
}

#[test]
fn report_writes_the_page_that_the_library_renders() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    let o = planc(&[
        "report",
        PLAN,
        "--data",
        DATA,
        "--html",
        "-o",
        out.to_str().unwrap(),
    ]);
    // A report is written even when firm targets are missed: eval gates.
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("(4 targets as of 2012)"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), page());
    // Nothing else is left in the directory (no temporary file).
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    // To standard output with `-o -`.
    let o = planc(&["report", PLAN, "--data", DATA, "--html", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), page());
}

#[test]
fn a_compiled_model_gives_the_same_page() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("small.model.json");
    let m = model.to_str().unwrap();
    assert_eq!(planc(&["compile", PLAN, "-o", m]).status.code(), Some(0));
    let o = planc(&["report", m, "--data", DATA, "--html", "-o", "-"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(String::from_utf8(o.stdout).unwrap(), page());
}

#[test]
fn as_of_is_honoured() {
    let o = planc(&[
        "report", PLAN, "--data", DATA, "--as-of", "2011", "--html", "-o", "-",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let p = String::from_utf8(o.stdout).unwrap();
    assert!(p.contains("<p class=\"meta\">as of 2011 ·"));
}

#[test]
fn a_format_is_required() {
    let o = planc(&["report", PLAN, "--data", DATA, "-o", "-"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--html"), "{}", stderr(&o));
}

#[test]
fn errors_leave_the_old_file_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.html");
    std::fs::write(&out, "old").unwrap();
    let o_ = out.to_str().unwrap();
    // Bad data: exit 1, the diagnostics on standard error.
    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "metric,year,value\n未知,2011,1\n").unwrap();
    let o = planc(&[
        "report",
        PLAN,
        "--data",
        bad.to_str().unwrap(),
        "--html",
        "-o",
        o_,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("未知"), "{}", stderr(&o));
    // A missing data file: exit 2.
    let o = planc(&["report", PLAN, "--data", "no/such.csv", "--html", "-o", o_]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
    // A plan with an error: exit 1.
    let plan = dir.path().join("bad.plan");
    std::fs::write(
        &plan,
        "plan \"x\"\nperiod 2010..2012\nitem 一 \"t\" {\n  by 2012: 无 >= 1\n}\n",
    )
    .unwrap();
    let o = planc(&[
        "report",
        plan.to_str().unwrap(),
        "--data",
        DATA,
        "--html",
        "-o",
        o_,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "old");
}

#[test]
fn an_unwritable_output_is_an_io_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("no/such/dir/report.html");
    let o = planc(&[
        "report",
        PLAN,
        "--data",
        DATA,
        "--html",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("cannot write"), "{}", stderr(&o));
    assert!(!Path::new(&out).exists());
}

/// `--lang zh`: the page's own words, statuses, headings by the plan's
/// ordinals and figures in the written unit, all in Chinese; `lang="zh"` so
/// the browser picks CJK fonts.
#[test]
fn the_page_in_chinese() {
    let out = planc(&[
        "report",
        "examples/jiaxing-2010.plan",
        "--data",
        "examples/jiaxing-2010.data.csv",
        "--html",
        "--lang",
        "zh",
        "-o",
        "-",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains("<html lang=\"zh\">"));
    for words in [
        "总览",
        "按牵头单位",
        "已完成",
        "未完成",
        "二、推动产业转型升级",
        "(三) 加快平台建设",
        "≥150亿元",
        "牵头单位",
        "由 planc 生成",
    ] {
        assert!(page.contains(words), "`{words}` is not on the page");
    }
    for english in ["Overview", "By lead agency", ">met<", "Generated by planc"] {
        assert!(
            !page.contains(english),
            "`{english}` is on the Chinese page"
        );
    }
}
