//! Where each diagnostic points, stated by hand, and every output format
//! saying the same.
//!
//! Each fixture under `tests/diagnostics/` and the data files with problems
//! on Chinese lines under `tests/data/` are listed with the code, line and
//! column of every diagnostic they give, in the order planc prints them.
//! Lines and columns are 1-based and columns count characters, so `市` is
//! one column. The comment beside a position shows the text before it on
//! its line. The real binary is run with each format: the human header
//! `╭─[file:line:column]`, `--format short`, JSON and SARIF must all give
//! these positions.

// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

use assert_cmd::Command;
use serde_json::Value;

/// (code, line, column) of one diagnostic's primary label.
type Pos = (&'static str, u32, u32);

#[rustfmt::skip]
const PLANS: &[(&str, &[Pos])] = &[
    ("E0001-chinese-keyword.plan", &[
        ("E0001", 6, 3),    // `  |牵头市经贸委`
        ("E0001", 7, 3),    // `  |负责 市经贸委`
        ("E0001", 8, 16),   // `  到2012年: 引进项目 |增长较2010年 >= 5%`
        ("E0001", 9, 3),    // `  |力求 到2012年: …`
    ]),
    ("E0001-misspelt-keyword.plan", &[
        ("E0001", 6, 3),    // `  |leed 市经贸委`
        ("E0001", 8, 3),    // `  |eachyear: 引进项目 >= 50项`
    ]),
    ("E0001-syntax.plan", &[
        ("E0001", 12, 11),  // `  by 2012 |引进项目`
    ]),
    ("E0001-unquoted-parentheses.plan", &[
        ("E0001", 4, 8),    // `agency |市农办（农业经济局）`
        ("E0002", 7, 16),   // `  support 市外经贸局|，`: full-width comma
        ("E0001", 7, 17),   // `  support 市外经贸局，|各县(市、区)政府`
    ]),
    ("E0001-year-range-dash.plan", &[
        ("E0001", 2, 12),   // `period 2023|-2025`
    ]),
    ("E0002-fullwidth-stop.plan", &[
        ("E0002", 1, 10),   // `plan "测试"|；`
        ("E0002", 2, 18),   // `period 2010..2012|。`
    ]),
    ("E0002-fullwidth.plan", &[
        ("E0002", 12, 16),  // `  support 市外经贸局|，各县政府`
        ("E0002", 13, 10),  // `  by 2012|：`
    ]),
    ("E0003-string-across-lines.plan", &[
        ("E0003", 12, 8),   // `  text |"加快承接上海产业转移\`
        ("E0003", 13, 7),   // `推进项目合作|"`: the next line is on its own
    ]),
    ("E0003-unterminated-string.plan", &[
        ("E0003", 10, 8),   // `item 三 |"加快平台建设 {`
    ]),
    ("E0004-unbalanced.plan", &[
        ("E0004", 13, 1),   // `|}`
        ("E0004", 14, 1),   // `|item 四 "加快产业结构调整" {`
    ]),
    ("E0005-misplaced-class.plan", &[
        ("E0005", 5, 1),    // `|class 约束性`: a class without a strength
        ("E0005", 9, 3),    // `  |class 约束性: firm`: a declaration in an item
    ]),
    ("E0005-misplaced.plan", &[
        ("E0005", 10, 1),   // `|lead 市经贸委`
        ("E0005", 13, 3),   // `  |item 四 "内嵌" {`
    ]),
    ("E0006-number-range.plan", &[
        ("E0006", 12, 20),  // `  by 2012: 实到资金 >= |99999…`
    ]),
    ("E0007-ordinal-zero.plan", &[
        ("E0007", 4, 6),    // `item |0 "加快平台建设" {`
        ("E0007", 7, 6),    // `item |零 "加快产业结构调整" {`
    ]),
    ("E0007-ordinal.plan", &[
        ("E0007", 10, 6),   // `item |十十`
    ]),
    ("E0009-long-name.plan", &[
        ("E0009", 3, 8),    // `agency |AAA…`
    ]),
    ("E0009-nesting.plan", &[
        ("E0005", 11, 3),   // `  |item 2 "t" {`
        ("E0009", 42, 65),  // 64 spaces, then `item 33`
    ]),
    ("E0010-bad-date.plan", &[
        ("E0010", 4, 21),   // `issued by 市合作交流办 on |2010-13-30`
    ]),
    ("E0012-bad-allow.plan", &[
        ("E0012", 3, 14),   // `allow W0002, |E0101`
        ("E0012", 3, 21),   // `allow W0002, E0101, |W9999`
    ]),
    ("E0013-chinese-keyword-name.plan", &[
        ("E0013", 3, 4),    // `单位 |配合, 市经贸委`
        ("E0013", 4, 4),    // `指标 |增长: 流量 项`
        ("E0013", 8, 11),   // `  到2012年: |增长 >= 150项`
    ]),
    ("E0013-keyword-name.plan", &[
        ("E0013", 3, 8),    // `agency |by, 市经贸委`
        ("E0013", 4, 8),    // `metric |total: flow 项`
        ("E0013", 6, 8),    // `  lead |by by 2012: …`
    ]),
    ("E0101-declared-with-typo.plan", &[
        ("E0101", 6, 8),    // `  lead |市经贸委`
    ]),
    ("E0101-unknown-agency.plan", &[
        ("E0101", 11, 8),   // `  lead |市经委`
        ("E0101", 12, 18),  // `  support 市外经贸局, |县政府`
    ]),
    ("E0102-unknown-metric.plan", &[
        ("E0102", 12, 12),  // `  by 2012: |引进工业项目`
    ]),
    ("E0103-multiplier.plan", &[
        ("E0103", 4, 18),   // `metric 耕地: stock |万亩`
        ("E0103", 8, 21),   // `  by 2012: 实到资金 >= 2|万亩`
    ]),
    ("E0103-unknown-unit.plan", &[
        ("E0103", 12, 23),  // `  by 2012: 引进项目 >= 150|项以上`
        ("E0103", 13, 23),  // `  by 2012: 实到资金 >= 150|亿圆`
    ]),
    ("E0104-duplicate-class.plan", &[
        ("E0104", 7, 7),    // `class |约束性: strive`
    ]),
    ("E0104-duplicate-region.plan", &[
        ("E0104", 8, 13),   // `region 嘉兴市: |南湖区`
        ("E0104", 9, 13),   // `region 杭州市: |海宁市`
        ("E0104", 11, 11),  // `region 乙: |甲`
        ("E0104", 16, 9),   // `        |南湖区 25`, a second quota
    ]),
    ("E0104-duplicate.plan", &[
        ("E0104", 10, 8),   // `agency |市经贸委`
        ("E0104", 11, 8),   // `metric |引进项目: stock 个`
        ("E0104", 12, 6),   // `unit |吨: mass`
    ]),
    ("E0105-duplicate-number.plan", &[
        ("E0105", 12, 6),   // `item |3 "加快产业结构调整" {`
    ]),
    ("E0106-class-twice.plan", &[
        ("E0106", 11, 9),   // `  class |预期性`
    ]),
    ("E0106-repeated-header.plan", &[
        ("E0106", 10, 1),   // `|period 2011..2015`
    ]),
    ("E0107-missing-period.plan", &[
        ("E0107", 1, 6),    // `plan |"没有规划期"`
    ]),
    ("E0108-unknown-class.plan", &[
        ("E0108", 11, 9),   // `  class |约束`
        ("E0108", 17, 9),   // `  class |expected`
    ]),
    ("E0109-no-regions.plan", &[
        ("E0109", 8, 14),   // `  by 2012 in |each region:`
        ("E0109", 10, 9),   // `  quota |南湖区 30`
        ("E0109", 10, 17),  // `  quota 南湖区 30, |秀洲区 30`
    ]),
    ("E0109-unknown-region.plan", &[
        ("E0109", 11, 9),   // `  quota |南胡区 20`
        ("E0109", 12, 14),  // `  by 2012 in |秀州区:`
        ("E0109", 13, 14),  // `  by 2012 in |海宁:`
    ]),
    ("E0201-dimension.plan", &[
        ("E0201", 12, 22),  // `  by 2012: 实到资金 >= 10|亿美元`
    ]),
    ("E0201-points-not-percent.plan", &[
        ("E0201", 10, 27),  // `  by 2025: 寿命 change >= +1|pp "提高1岁"`: not a `%` metric
        ("E0201", 11, 22),  // `  by 2025: 城镇化率 >= 65|pp "达到65%"`: a level is in `%`
        ("E0201", 12, 36),  // `  each year: 城镇化率 growth ~ 2% ± 0.1|岁`: neither `%` nor `pp`
    ]),
    ("E0201-ratio-unit.plan", &[
        ("E0201", 6, 34),   // `metric 单位GDP能耗 = 能源消费总量 / 国内生产总值 |%`
    ]),
    ("E0202-commitment-unit.plan", &[
        ("E0202", 3, 25),   // `metric 协调机制: commitment |项`
    ]),
    ("E0202-metric-unit.plan", &[
        ("E0202", 10, 12),  // `metric 人才: |flow`
        ("E0202", 11, 22),  // `metric 开港: milestone |项`
    ]),
    ("E0203-bad-unit.plan", &[
        ("E0203", 10, 11),  // `unit 百吨 = |0 吨`
        ("E0203", 11, 11),  // `unit 千人 = |1000`
    ]),
    ("E0301-range.plan", &[
        ("E0301", 12, 20),  // `  by 2012: 龙头企业 in |5..3家`
    ]),
    ("E0302-multiple-no-baseline.plan", &[
        ("E0302", 7, 12),   // `  by 2025: |国内生产总值 >= 2x "翻一番"`
    ]),
    ("E0302-no-baseline.plan", &[
        ("E0302", 7, 12),   // `  by 2012: |产值 average growth >= 15%`
        ("E0302", 8, 12),   // `  by 2012: |产值 change <= -10%`
    ]),
    ("E0303-no-lead.plan", &[
        ("E0303", 10, 6),   // `item |三 "加快平台建设" {`
    ]),
    ("E0304-deadline-before-start.plan", &[
        ("E0304", 12, 6),   // `  by |2009: 引进项目 >= 150项`
    ]),
    ("E0305-commitment.plan", &[
        ("E0305", 8, 12),   // `  by 2012: |引进项目 assessed`: not a commitment
        ("E0305", 9, 12),   // `  by 2012: |协调机制 >= 1项`: a commitment has no figure
        ("E0305", 10, 14),  // `  each year: |协调机制 assessed`
    ]),
    ("E0305-growth-by-deadline.plan", &[
        ("E0305", 8, 3),    // `  |by 2012: 摊位 growth >= 5%`
    ]),
    ("E0305-kind-mismatch.plan", &[
        ("E0305", 12, 12),  // `  by 2012: |龙头企业 done`
        ("E0305", 13, 12),  // `  by 2012: |结算系统 >= 1项`
        ("E0305", 14, 22),  // `  within 2010..2012: |龙头企业 >= 50家`
    ]),
    ("E0305-set-by-deadline.plan", &[
        ("E0305", 7, 3),    // `  |by 2025: GDP growth set`
        ("E0305", 8, 16),   // `  by 2025: GDP |set`
    ]),
    ("E0305-since-and-tolerance.plan", &[
        ("E0305", 9, 23),   // `  by 2025: 城镇化率 since |2020 >= 65%`
        ("E0305", 10, 17),  // `  by 2025: 城镇化率 |= 65% ± 0.5 "65%左右"`
        ("E0305", 11, 12),  // `  in 2025: |能耗 total <= 500`
    ]),
    ("E0306-year-range.plan", &[
        ("E0306", 12, 10),  // `  within |2012..2010: 引进项目`
    ]),
    ("E0307-baseline-order.plan", &[
        ("E0307", 12, 30),  // `  by 2012: 实到资金 change since |2012 <= -10%`
    ]),
    ("E0308-regional-form.plan", &[
        ("E0308", 12, 11),  // `  by 2012 |in 南湖区: 开港 done`
        ("E0308", 13, 11),  // `  by 2012 |in each region: 机制 assessed`
        ("E0308", 15, 3),   // `  |quota 秀洲区 20` under a regional target
        ("E0308", 17, 3),   // `  |quota 南湖区 30, …` under a range
    ]),
    ("W0001-deadline-after-end.plan", &[
        ("W0001", 12, 12),  // `  by 2013..|2015: 结算系统 done`
    ]),
    ("W0002-classifier.plan", &[
        ("W0002", 12, 22),  // `  by 2012: 龙头企业 >= 50|个`
    ]),
    ("W0003-new-dimension.plan", &[
        ("W0003", 3, 9),    // `unit 斤: |mas`
    ]),
    ("W0004-quota-sum.plan", &[
        ("W0004", 10, 3),   // `  |quota 南湖区 60, 秀洲区 50` under `>= 150项`
        ("W0004", 17, 3),   // `  |quota 南湖区 600吨, …` under `<= 1000吨`
    ]),
    ("multiple-independent-errors.plan", &[
        ("E0101", 11, 8),   // `  lead |市经委`
        ("E0201", 16, 21),  // `  by 2012: 实到资金 >= 5|亿美元`
    ]),
];

/// Data files whose problems sit after Chinese text on their line, read
/// against `tests/eval/fixture.plan`.
#[rustfmt::skip]
const DATA: &[(&str, &[Pos])] = &[
    ("conflicts.csv", &[
        ("E0405", 4, 11),   // `实到资金,2011,|53`
        ("E0405", 6, 13),   // `高新技术企业,2011,|81`
    ]),
    ("milestone.csv", &[
        ("E0403", 2, 11),   // `系统建成,2011,|yes`
        ("E0402", 3, 16),   // `系统建成,2012,done,|项`
    ]),
    ("rows.json", &[
        ("E0406", 6, 49),   // `    {"metric": "高新技术企业", "year": 2011, "value": |true}`
        ("E0404", 7, 34),   // `    {"metric": "高新技术企业", "year": |2011.5`
        ("E0401", 8, 16),   // `    {"metric": |"高新技术"`
        ("E0406", 10, 24),  // `    {"metric": "系统建成", |"yaer"`
        ("E0407", 10, 5),   // `    |{`
        ("E0407", 11, 5),   // `    |{"year": 2012, "value": 1}`
        ("E0406", 12, 5),   // `    |[1, 2]`
    ]),
    ("syntax.json", &[
        ("E0406", 2, 48),   // `  {"metric": "实到资金", "year": 2011, "value": 52,|}`
    ]),
    ("unclosed-quote.csv", &[
        ("E0406", 3, 13),   // `高新技术企业,2011,|"150`
    ]),
    ("units.csv", &[
        ("E0402", 2, 14),   // `实到资金,2011,52,|吨`
        ("E0402", 3, 14),   // `实到资金,2011,52,|万圆`
        ("E0402", 5, 16),   // `水质达标比例,2011,40,|家`
    ]),
    ("values.csv", &[
        ("E0403", 2, 11),   // `实到资金,2010,|N/A,`
        // Line 3, `实到资金,2011,,`: an empty value is not reported, no error.
        ("E0403", 4, 11),   // `实到资金,2012,|NaN,`
        ("E0403", 5, 13),   // `高新技术企业,2010,|inf,`
        ("E0403", 6, 13),   // `高新技术企业,2011,|"1,234",`
        ("E0403", 7, 13),   // `高新技术企业,2012,|150亿元,`
        ("E0403", 8, 13),   // `引进工业项目,2010,|5"5,`
        ("E0403", 9, 13),   // `引进工业项目,2011,|done,`
        ("E0403", 10, 13),  // `引进工业项目,2012,|12.5.1,`
        ("E0403", 11, 13),  // `服务外包产值,2010,|1.000…`
    ]),
    ("years.csv", &[
        ("E0404", 2, 8),    // `高新技术企业,|20111`
        ("E0404", 3, 8),    // `高新技术企业,|2011年`
        ("E0404", 4, 8),    // `高新技术企业,|99`
        ("E0404", 5, 8),    // `高新技术企业,|,150`
        ("E0404", 6, 8),    // `高新技术企业,|2011.0`
    ]),
];

/// Runs planc in `tests/`, so file names read `diagnostics/…` as in the
/// snapshots, and returns standard output and standard error.
fn run(args: &[&str]) -> (String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .current_dir("tests")
        .env("NO_COLOR", "1")
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0..=1)),
        "planc {args:?} exited with {:?}",
        out.status.code()
    );
    (
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The human rendering: each `planc::CODE` line and the
/// `╭─[file:line:column]` headers of its excerpts. miette shows labels far
/// apart in excerpts of their own, in file order, each headed by the
/// position of its first label; so the primary label's position is one of
/// the headers, not always the first.
fn human(text: &str) -> Vec<(String, Vec<(u32, u32)>)> {
    let mut out: Vec<(String, Vec<(u32, u32)>)> = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(c) = line.strip_prefix("planc::") {
            out.push((c.to_string(), Vec::new()));
        } else if let Some(rest) = line.strip_prefix("╭─[") {
            let inner = rest.strip_suffix(']').unwrap();
            let mut it = inner.rsplitn(3, ':');
            let column = it.next().unwrap().parse().unwrap();
            let row = it.next().unwrap().parse().unwrap();
            out.last_mut().unwrap().1.push((row, column));
        }
    }
    out
}

/// Checks the human rendering against the stated positions and against
/// the JSON document's labels: every header is the position of one of the
/// diagnostic's labels, and one header is its primary label's.
fn check_human(text: &str, expected: &[Pos], json_text: &str, what: &str) {
    let shown = human(text);
    let codes: Vec<&str> = shown.iter().map(|(c, _)| c.as_str()).collect();
    let stated: Vec<&str> = expected.iter().map(|p| p.0).collect();
    assert_eq!(codes, stated, "human, {what}:\n{text}");
    let doc: Value = serde_json::from_str(json_text).unwrap();
    let diags = doc["diagnostics"].as_array().unwrap();
    for (((_, headers), &(code, line, column)), d) in shown.iter().zip(expected).zip(diags) {
        assert!(
            headers.contains(&(line, column)),
            "human, {what}: {code} is at {line}:{column}, the headers say {headers:?}\n{text}"
        );
        let labels: Vec<(u32, u32)> = d["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| {
                (
                    l["span"]["line"].as_u64().unwrap() as u32,
                    l["span"]["column"].as_u64().unwrap() as u32,
                )
            })
            .collect();
        for h in headers {
            assert!(
                labels.contains(h),
                "human, {what}: header {h:?} of {code} is no label's position {labels:?}\n{text}"
            );
        }
    }
}

/// Positions in `--format short`: `file:line:column: severity[CODE]: …`.
fn short(text: &str, file: &str) -> Vec<(String, u32, u32)> {
    text.lines()
        .filter(|l| l.contains("error[") || l.contains("warning["))
        .filter_map(|l| l.strip_prefix(file)?.strip_prefix(':'))
        .map(|rest| {
            let mut it = rest.splitn(3, ':');
            let row = it.next().unwrap().parse().unwrap();
            let column = it.next().unwrap().parse().unwrap();
            let tail = it.next().unwrap();
            let code = tail.split_once('[').unwrap().1.split_once(']').unwrap().0;
            (code.to_string(), row, column)
        })
        .collect()
}

/// Positions in the JSON document: each diagnostic's `line` and `column`,
/// checked against its primary span's.
fn json(text: &str) -> Vec<(String, u32, u32)> {
    let v: Value = serde_json::from_str(text).unwrap();
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            assert_eq!(d["line"], d["span"]["line"]);
            assert_eq!(d["column"], d["span"]["column"]);
            (
                d["code"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap() as u32,
                d["column"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

/// Positions in the SARIF log: each result's first location.
fn sarif(text: &str) -> Vec<(String, u32, u32)> {
    let v: Value = serde_json::from_str(text).unwrap();
    assert_eq!(v["runs"][0]["columnKind"], "unicodeCodePoints");
    v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            (
                r["ruleId"].as_str().unwrap().to_string(),
                region["startLine"].as_u64().unwrap() as u32,
                region["startColumn"].as_u64().unwrap() as u32,
            )
        })
        .collect()
}

fn owned(expected: &[Pos]) -> Vec<(String, u32, u32)> {
    expected
        .iter()
        .map(|&(c, l, col)| (c.to_string(), l, col))
        .collect()
}

#[test]
fn every_fixture_is_in_the_table() {
    let mut files: Vec<String> = std::fs::read_dir("tests/diagnostics")
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".plan"))
        .collect();
    files.sort();
    let listed: Vec<String> = PLANS.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(files, listed);
}

#[test]
fn every_format_gives_the_stated_positions_for_every_plan_fixture() {
    for (name, stated) in PLANS {
        let file = format!("diagnostics/{name}");
        let (doc, _) = run(&["check", "--format", "json", &file]);
        assert_eq!(json(&doc), owned(stated), "json, {file}");
        let (_, err) = run(&["check", "--color", "never", &file]);
        check_human(&err, stated, &doc, &file);
        let (_, err) = run(&["check", "--format", "short", &file]);
        assert_eq!(short(&err, &file), owned(stated), "short, {file}:\n{err}");
        let (out, _) = run(&["check", "--format", "sarif", &file]);
        assert_eq!(sarif(&out), owned(stated), "sarif, {file}");
    }
}

#[test]
fn every_format_gives_the_stated_positions_for_data_on_chinese_lines() {
    for (name, stated) in DATA {
        let file = format!("data/{name}");
        let eval = |format: &str| {
            run(&[
                "eval",
                "eval/fixture.plan",
                "--color",
                "never",
                "--diagnostics",
                format,
                "--data",
                &file,
            ])
            .1
        };
        let doc = eval("json");
        assert_eq!(json(&doc), owned(stated), "json, {file}");
        check_human(&eval("human"), stated, &doc, &file);
        let err = eval("short");
        assert_eq!(short(&err, &file), owned(stated), "short, {file}:\n{err}");
    }
}
