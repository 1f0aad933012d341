//! `planc template` through the real binary: the workbook and the CSV an
//! office sends out, filled in here as an agency would (read with calamine,
//! values written back with rust_xlsxwriter; the CSV with the csv crate),
//! read back by `planc eval` without any data diagnostic, partly filled
//! or whole.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;
use calamine::{Data, Reader, Xlsx};
use common::planc;
use planc::model::MetricKind;
use std::path::Path;

const PLANS: [&str; 3] = [
    "examples/jiaxing-2010.plan",
    "examples/china-14th-fyp.plan",
    "tests/eval/fixture.plan",
];

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn model(plan: &str) -> planc::model::Model {
    let src = std::fs::read_to_string(plan).unwrap();
    planc::compile(&planc::source::SourceFile::new(plan, src))
        .model
        .unwrap()
}

/// What an agency writes in the value cell of row `i` (metric, year,
/// measure); `None` leaves it empty, as for a figure not yet reported.
fn fill(
    model: &planc::model::Model,
    i: usize,
    metric: &str,
    year: u16,
    measure: &str,
) -> Option<String> {
    if i % 5 == 4 {
        return None;
    }
    let kind = model.metrics.iter().find(|m| m.id == metric).unwrap().kind;
    Some(match (kind, measure) {
        (_, "growth target") => ">= 5".to_string(),
        (_, "target") => "<= 100".to_string(),
        (MetricKind::Milestone, _) => if year.is_multiple_of(2) {
            "done"
        } else {
            "not done"
        }
        .to_string(),
        (MetricKind::Commitment, _) => "partly".to_string(),
        _ => format!("{}.5", 100 + u32::from(year % 100) + i as u32 % 7),
    })
}

/// Fills an `.xlsx` template: every cell as it was, the value column filled.
fn fill_xlsx(model: &planc::model::Model, from: &Path, to: &Path) -> usize {
    let mut book: Xlsx<_> = calamine::open_workbook(from).unwrap();
    assert_eq!(book.sheet_names(), ["指标", "说明"]);
    let range = book.worksheet_range("指标").unwrap();
    let mut out = rust_xlsxwriter::Workbook::new();
    let sheet = out.add_worksheet();
    sheet.set_name("指标").unwrap();
    let mut filled = 0;
    for (r, row) in range.rows().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).unwrap();
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).unwrap();
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, *i as f64).unwrap();
                }
                Data::Empty => {}
                other => panic!("unexpected cell {other:?}"),
            }
        }
        if r == 0 {
            assert_eq!(
                row.iter().map(|c| c.to_string()).collect::<Vec<_>>(),
                planc::template::COLUMNS
            );
            continue;
        }
        assert_eq!(row[3], Data::Empty, "the value cell is left for the agency");
        let year = match row[2] {
            Data::Float(f) => f as u16,
            ref other => panic!("year {other:?}"),
        };
        let measure = row[5].to_string();
        if let Some(v) = fill(model, r, &row[0].to_string(), year, &measure) {
            filled += 1;
            match v.parse::<f64>() {
                Ok(n) => sheet.write_number(r as u32, 3, n).unwrap(),
                Err(_) => sheet.write_string(r as u32, 3, &v).unwrap(),
            };
        }
    }
    out.save(to).unwrap();
    filled
}

fn fill_csv(model: &planc::model::Model, from: &Path, to: &Path) {
    let mut reader = csv::Reader::from_path(from).unwrap();
    let headers = reader.headers().unwrap().clone();
    assert_eq!(
        headers
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}'))
            .collect::<Vec<_>>(),
        planc::template::COLUMNS
    );
    let mut writer = csv::Writer::from_path(to).unwrap();
    writer.write_record(&headers).unwrap();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.unwrap();
        let mut cells: Vec<String> = rec.iter().map(str::to_string).collect();
        let year: u16 = cells[2].parse().unwrap();
        // Rows are numbered as in the workbook: the header is row 0.
        if let Some(v) = fill(model, i + 1, &cells[0], year, &cells[5]) {
            cells[3] = v;
        }
        writer.write_record(&cells).unwrap();
    }
    writer.flush().unwrap();
}

#[test]
fn a_filled_template_reads_back_without_a_diagnostic() {
    for plan in PLANS {
        let m = model(plan);
        let dir = tempfile::tempdir().unwrap();
        let xlsx = dir.path().join("t.xlsx");
        let out = planc(&["template", plan, "-o", xlsx.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{plan}: {}", text(&out.stderr));
        assert!(
            text(&out.stderr).starts_with("wrote "),
            "{}",
            text(&out.stderr)
        );
        let filled = dir.path().join("filled.xlsx");
        assert!(fill_xlsx(&m, &xlsx, &filled) > 0);
        let from_xlsx = planc(&[
            "eval",
            plan,
            "--data",
            filled.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(text(&from_xlsx.stderr), "", "{plan}: a data diagnostic");
        assert!(
            matches!(from_xlsx.status.code(), Some(0 | 3)),
            "{plan}: {:?}",
            from_xlsx.status
        );
        // The CSV variant, filled alike, judges alike.
        let csv = dir.path().join("t.csv");
        let out = planc(&["template", plan, "-o", csv.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(0), "{plan}: {}", text(&out.stderr));
        let filled_csv = dir.path().join("filled.csv");
        fill_csv(&m, &csv, &filled_csv);
        let from_csv = planc(&[
            "eval",
            plan,
            "--data",
            filled_csv.to_str().unwrap(),
            "--format",
            "json",
        ]);
        assert_eq!(text(&from_csv.stderr), "", "{plan}: a data diagnostic");
        assert!(
            from_csv.stdout == from_xlsx.stdout,
            "{plan}: the CSV and the workbook judge differently"
        );
        // Nothing filled in yet: no figure, and still no diagnostic.
        let empty = planc(&[
            "eval",
            plan,
            "--data",
            xlsx.to_str().unwrap(),
            "--as-of",
            "2012",
        ]);
        assert!(
            !text(&empty.stderr).contains("error["),
            "{}",
            text(&empty.stderr)
        );
        assert!(
            !text(&empty.stderr).contains("planc::E"),
            "{}",
            text(&empty.stderr)
        );
    }
}

#[test]
fn the_template_holds_what_the_targets_need() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    let out = planc(&[
        "template",
        "tests/eval/fixture.plan",
        "-o",
        csv.to_str().unwrap(),
    ]);
    assert_eq!(
        text(&out.stderr),
        "wrote 23 rows to ".to_string() + csv.to_str().unwrap() + "\n"
    );
    let written = std::fs::read_to_string(&csv).unwrap();
    insta::assert_snapshot!("fixture-template-csv", written);
    // Stated by hand: the stock's path starts at the baseline 2009; the
    // flow is summed from the plan's start; the document's words and the
    // lead agency's name stand beside the row.
    assert!(written.starts_with(
        "\u{feff}metric,description,year,value,unit,measure,region,note,agency,quote\n"
    ));
    assert!(written.contains("\n高新技术企业,合作高新技术企业,2009,,家,,,,市科技局,\n"));
    assert!(
        written.contains("\n引进工业项目,引进工业项目,2010,,项,,,,市经贸委,引进项目150项以上\n")
    );
    assert!(!written.contains("\n引进工业项目,引进工业项目,2009,"));
    assert!(written.contains("\n水质达标比例,水质达标比例,2010,,%,,,,各县(市、区)政府,\n"));
    assert!(written.contains("\n系统建成,联网结算系统建成,2012,,,,,,各县(市、区)政府,\n"));
}

#[test]
fn agency_and_years_choose_the_rows() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("t.csv");
    let p = csv.to_str().unwrap();
    let out = planc(&[
        "template",
        "tests/eval/fixture.plan",
        "-o",
        p,
        "--agency",
        "市科技局",
        "--years",
        "2011..2012",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rows: Vec<String> = std::fs::read_to_string(&csv)
        .unwrap()
        .lines()
        .skip(1)
        .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
        .collect();
    assert_eq!(
        rows,
        [
            "高新技术企业,合作高新技术企业,2011",
            "高新技术企业,合作高新技术企业,2012",
            "服务外包产值,服务外包产值,2011",
            "服务外包产值,服务外包产值,2012",
        ]
    );
    // The agency by its name, a single year.
    let out = planc(&[
        "template",
        "tests/eval/fixture.plan",
        "-o",
        p,
        "--agency",
        "各县(市、区)政府",
        "--years",
        "2012",
        "--format",
        "csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let written = std::fs::read_to_string(&csv).unwrap();
    assert_eq!(written.lines().count(), 4, "{written}");
}

#[test]
fn usage_errors_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.xlsx");
    let p = path.to_str().unwrap();
    let out = planc(&[
        "template",
        "tests/eval/fixture.plan",
        "-o",
        p,
        "--agency",
        "市科技",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("no agency `市科技`; did you mean `市科技局`?"),
        "{}",
        text(&out.stderr)
    );
    let out = planc(&[
        "template",
        "tests/eval/fixture.plan",
        "-o",
        p,
        "--years",
        "2013..2011",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!path.exists());
    let missing = dir.path().join("no/such/dir/t.xlsx");
    let out = planc(&[
        "template",
        "tests/eval/fixture.plan",
        "-o",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("does not exist"),
        "{}",
        text(&out.stderr)
    );
    // A plan with errors: its diagnostics, exit 1, no file.
    let bad = dir.path().join("bad.plan");
    std::fs::write(&bad, "plan \"p\"\nperiod 2010..2012\nmetric x: stok 家\n").unwrap();
    let out = planc(&["template", bad.to_str().unwrap(), "-o", p]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!path.exists());
}

#[test]
fn the_library_writes_a_workbook_calamine_reads() {
    let m = model("tests/eval/fixture.plan");
    let rows = planc::template::rows(&m, &planc::template::Options::default()).unwrap();
    let bytes = planc::template::to_xlsx(&rows, &m).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let range = book.worksheet_range("指标").unwrap();
    assert_eq!(range.height(), rows.len() + 1);
    assert_eq!(
        range.get((1, 0)),
        Some(&Data::String(rows[0].metric.clone()))
    );
    assert_eq!(
        range.get((1, 2)),
        Some(&Data::Float(f64::from(rows[0].year)))
    );
}
