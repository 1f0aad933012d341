//! Data as offices send it, through the real binary: the same rows as a
//! UTF-8 CSV, a GBK CSV, a UTF-16 CSV, an `.xlsx` and an `.ods` workbook
//! (all under `tests/data/`, written by `scripts/gen-office-data.py`) give
//! byte-identical `eval --format json`; spreadsheet problems point at
//! their cells; broken workbooks and undecodable CSV are refused with a
//! clear error, never a panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;
use common::planc;
use std::process::Output;

const PLAN: &str = "tests/eval/fixture.plan";

fn eval_json(data: &str, extra: &[&str]) -> Output {
    let mut args = vec!["eval", PLAN, "--data", data, "--format", "json"];
    args.extend_from_slice(extra);
    planc(&args)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_same_rows_give_the_same_results_in_every_form() {
    let reference = eval_json("tests/data/office.csv", &[]);
    // 3: the fixture's firm 实到资金 target is missed; no data error.
    assert_eq!(
        reference.status.code(),
        Some(3),
        "{}",
        text(&reference.stderr)
    );
    assert_eq!(text(&reference.stderr), "");
    let json: serde_json::Value = serde_json::from_slice(&reference.stdout).unwrap();
    assert_eq!(json["summary"]["targets"], 7);
    for (file, extra) in [
        ("tests/data/office-gbk.csv", &[][..]),
        ("tests/data/office-gbk.csv", &["--encoding", "gbk"][..]),
        ("tests/data/office-utf16.csv", &[][..]),
        ("tests/data/office.xlsx", &[][..]),
        ("tests/data/office.xlsx#指标", &[][..]),
        ("tests/data/office.ods", &[][..]),
    ] {
        let out = eval_json(file, extra);
        assert_eq!(out.status.code(), Some(3), "{file}: {}", text(&out.stderr));
        assert!(
            out.stdout == reference.stdout,
            "{file} {extra:?}: results differ from the UTF-8 CSV's"
        );
    }
}

#[test]
fn a_guessed_gbk_file_says_so_and_an_explicit_encoding_does_not() {
    let guessed = eval_json("tests/data/office-gbk.csv", &["--diagnostics", "short"]);
    assert_eq!(
        text(&guessed.stderr),
        "tests/data/office-gbk.csv: warning[W0005]: tests/data/office-gbk.csv is not UTF-8; read as GBK (decoded as GB18030, its superset), the encoding Excel saves CSV in on a Chinese Windows\n0 errors, 1 warning\n"
    );
    let named = eval_json("tests/data/office-gbk.csv", &["--encoding", "GBK"]);
    assert_eq!(text(&named.stderr), "");
    // UTF-16 is certain from its byte order mark: nothing to say.
    assert_eq!(
        text(&eval_json("tests/data/office-utf16.csv", &[]).stderr),
        ""
    );
}

#[test]
fn an_unknown_encoding_is_a_usage_error() {
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        "tests/data/office.csv",
        "--encoding",
        "klingon",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("`klingon` is not an encoding"));
}

#[test]
fn bytes_that_are_neither_utf8_nor_gbk_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, b"metric,year,value\n\xff\xfe\x00\x01,2011,1\n").unwrap();
    // Opens like a UTF-16 BOM: decoded as UTF-16, whose text has no header.
    let out = planc(&["eval", PLAN, "--data", path.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let path2 = dir.path().join("bad2.csv");
    std::fs::write(&path2, b"metric,year,value\nx\xff\x01y,2011,1\n").unwrap();
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        path2.to_str().unwrap(),
        "--diagnostics",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error[E0008]") && err.contains("not valid UTF-8"),
        "{err}"
    );
    // GBK named for a file that is not: the bad byte is named.
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        path2.to_str().unwrap(),
        "--encoding",
        "gbk",
        "--diagnostics",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("error[E0008]") && err.contains("not valid GBK: invalid byte at offset 19"),
        "{err}"
    );
}

/// Every problem of `bad-cells.xlsx`, one a row, at the cell written in
/// `scripts/gen-office-data.py`.
#[test]
fn spreadsheet_problems_point_at_their_cells() {
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        "tests/data/bad-cells.xlsx",
        "--diagnostics",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    let got: Vec<(String, String)> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let c = &d["cells"][0];
            assert_eq!(c["sheet"], "指标");
            assert_eq!(d["file"], "tests/data/bad-cells.xlsx");
            assert!(d["line"].is_null(), "a workbook has no lines");
            (
                d["code"].as_str().unwrap().to_string(),
                c["cell"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let want = [
        ("E0405", "C3"),
        ("E0401", "A4"),
        ("E0403", "C5"),
        ("E0404", "B6"),
        ("E0402", "D7"),
        ("E0403", "C8"),
        ("E0406", "F9"),
        ("E0404", "B10"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|&(c, p)| (c.to_string(), p.to_string()))
        .collect();
    assert_eq!(got, want);
    // The conflict names both cells; row and column are numbers too.
    let conflict = &doc["diagnostics"][0]["cells"];
    assert_eq!(conflict[1]["cell"], "C2");
    assert_eq!(
        (conflict[0]["row"].as_u64(), conflict[0]["column"].as_u64()),
        (Some(3), Some(3))
    );
    // Short form: workbook, sheet and cell.
    let short = planc(&[
        "eval",
        PLAN,
        "--data",
        "tests/data/bad-cells.xlsx",
        "--diagnostics",
        "short",
    ]);
    let short = text(&short.stderr);
    assert!(
        short.contains("tests/data/bad-cells.xlsx: 指标!A4: error[E0401]: unknown metric `实到资`"),
        "{short}"
    );
    let human = planc(&["eval", PLAN, "--data", "tests/data/bad-cells.xlsx"]);
    insta::assert_snapshot!("bad-cells-human", text(&human.stderr));
}

#[test]
fn a_corrupt_workbook_is_refused_not_a_panic() {
    for (ext, kind) in [
        ("xlsx", "xlsx"),
        ("xlsm", "xlsx"),
        ("xlsb", "xlsb"),
        ("xls", "xls"),
        ("ods", "ods"),
    ] {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("random.{ext}"));
        std::fs::copy("tests/data/corrupt.xlsx", &path).unwrap();
        let out = planc(&[
            "eval",
            PLAN,
            "--data",
            path.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(out.status.code(), Some(1), "{ext}: {}", text(&out.stderr));
        let err = text(&out.stderr);
        assert!(
            err.contains("E0406")
                && err.contains(&format!("cannot read the file as an .{kind} workbook")),
            "{ext}: {err}"
        );
        assert!(!err.contains("panicked"), "{ext}: {err}");
        // One JSON document on standard output whatever happens.
        let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(doc["ok"], false);
    }
    // Truncated real workbooks too: every cut of the .xlsx.
    let bytes = std::fs::read("tests/data/office.xlsx").unwrap();
    let dir = tempfile::tempdir().unwrap();
    for cut in (0..bytes.len()).step_by(bytes.len() / 16) {
        let path = dir.path().join("cut.xlsx");
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let out = planc(&["eval", PLAN, "--data", path.to_str().unwrap()]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "cut at {cut}: {}",
            text(&out.stderr)
        );
        assert!(!text(&out.stderr).contains("panicked"));
    }
}

#[test]
fn a_sheet_is_chosen_by_name() {
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        "tests/data/office.xlsx#指 标",
        "--diagnostics",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "tests/data/office.xlsx: error[E0406]: the workbook has no sheet `指 标`\n1 error, 0 warnings\n"
    );
    // The notes sheet has no header with the data columns.
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        "tests/data/office.xlsx#说明",
        "--diagnostics",
        "short",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("说明!1:1: error[E0407]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_empty_value_is_not_reported_in_csv_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.csv");
    // The 2012 figure is empty: not zero, so the target lacks data.
    std::fs::write(
        &path,
        "metric,year,value,unit,agency,quote\n高新技术企业,2009,120,,市科技局,\n高新技术企业,2011,170,,市科技局,\n高新技术企业,2012,,,市科技局,达到200家\n",
    )
    .unwrap();
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        path.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(text(&out.stderr), "");
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let r = doc["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["metric"] == "高新技术企业")
        .unwrap()
        .clone();
    assert_eq!(r["status"], "behind", "judged on 2011, as of 2011: {r}");
    assert_eq!(r["actual"], 170);
    assert_eq!(
        doc["as_of"], 2011,
        "an empty 2012 cell does not make 2012 a year of data"
    );
}

#[test]
fn a_conflict_with_a_workbook_names_its_cell() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("more.csv");
    std::fs::write(&path, "metric,year,value\n引进工业项目,2010,49\n").unwrap();
    let out = planc(&[
        "eval",
        PLAN,
        "--data",
        "tests/data/office.xlsx",
        "--data",
        path.to_str().unwrap(),
        "--diagnostics",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stderr).unwrap();
    let d = &doc["diagnostics"][0];
    assert_eq!(d["code"], "E0405");
    assert_eq!(
        d["help"],
        "the first figure is in tests/data/office.xlsx, 指标!C2; keep one of them"
    );
    // The CSV row itself is pointed at by line and column: `49` starts at
    // character 13 of `引进工业项目,2010,49`.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(13))
    );
}

#[test]
fn a_plan_cannot_allow_the_data_warning() {
    let text = "plan \"p\"\nperiod 2010..2012\nallow W0005\n";
    let out = planc::compile(&planc::source::SourceFile::new("p.plan", text));
    let d: Vec<(&str, &str)> = out
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.message.as_str()))
        .collect();
    assert_eq!(
        d,
        [(
            "E0012",
            "`W0005` cannot be allowed: it is about data files (`eval --encoding` names a file's encoding)"
        )]
    );
}
