//! Property tests of `planc extract` on generated documents: lines made of
//! the pieces real documents are made of (headings, agency lines, phrases
//! with figures, debris, stray punctuation), in any order. Extraction
//! always succeeds, its draft always checks without errors, and every
//! quote is the document's own text at its span.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

mod common;

use common::proptest_config;
use planc::extract;
use planc::source::SourceFile;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "一、",
    "二、",
    "十一、",
    "(一)",
    "(三十一)",
    "（二）",
    "1.",
    "12.",
    "(1)",
    "牵头单位:",
    "配合单位:",
    "责任单位：",
    "市经贸委",
    "各县(市、区)政府",
    "、",
    ",",
    "，",
    ";",
    "。",
    ":",
    "到2012年",
    "到2009年",
    "到1800年",
    "每年",
    "三年内",
    "三至五年内",
    "经过三年的努力",
    "力争",
    "争取",
    "引进工业项目",
    "150项以上",
    "5千万元的",
    "3~5家",
    "2~1个",
    "50%以上的",
    "年均增长10%",
    "递增5%",
    "增长率达到15%",
    "较“十一五”末",
    "下降10%以上",
    "提高3个百分点",
    "比2015年翻一番",
    "与经济增长基本同步",
    "建成开港",
    "基本覆盖",
    "逐步",
    "举办",
    "达到",
    "突破",
    "不低于",
    "控制在",
    "以内",
    "左右",
    "0",
    "99999999999999999999999999999999",
    "1.5",
    "２０",
    "万",
    "亿",
    "元",
    "%",
    "“",
    "”",
    "(",
    ")",
    "<p id=\"x\">",
    "</p>",
    "&nbsp;",
    "首页 > 公报",
    "二○一○年六月",
    "工作方案",
    "(测试办  二○一○年六月)",
    "\"",
    "\\",
    "#",
    "{",
    "}",
    " ",
    "\t",
    "s356",
    "年均",
    "每年举办",
    "居民收入增长",
    "的",
    "其中",
    "全市",
];

fn line() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..12).prop_map(|p| p.concat())
}

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(line(), 0..30).prop_map(|ls| ls.join("\n"))
}

fn check(doc: &str) {
    let x = extract::extract(doc, "doc.txt").unwrap_or_else(|e| panic!("{e}\n{doc}"));
    let out = planc::compile(&SourceFile::new("draft.plan", x.draft.clone()));
    assert!(
        !planc::diag::has_errors(&out.diagnostics),
        "the draft does not check: {:#?}\n--- document\n{doc}\n--- draft\n{}",
        out.diagnostics,
        x.draft
    );
    for t in &x.extraction.targets {
        let q = &t.quote;
        let at = doc.get(q.span.start..q.span.end).unwrap();
        // Exact unless a tag stood inside the paragraph (then its span).
        assert!(
            at == q.text || at.contains('<') || at.contains('&'),
            "{at:?} ≠ {:?}",
            q.text
        );
    }
}

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn any_document_gives_a_draft_that_checks(doc in document()) {
        check(&doc);
    }

    #[test]
    fn any_text_gives_a_draft_that_checks(doc in "\\PC{0,400}") {
        check(&doc);
    }
}

#[test]
fn empty_and_odd_documents() {
    for doc in [
        "",
        "\n\n",
        "。",
        "(一)",
        "牵头单位:",
        "一、\n(一)\n牵头单位:、、",
        "1.\n2.\n1.\n牵头单位:甲",
        // A name in letters the plan grammar does not take (found by the property).
        "0%𝋀ᤰ",
        // Years no plan has (found by the fuzz target): no period, no deadline.
        "到0341年,引进项目5项。",
        "(一)标题。到0341年,收入比0341年翻一番。\n牵头单位:甲",
    ] {
        check(doc);
    }
}
