//! The bad-data corpus: every file under `tests/data/` is read against
//! `tests/eval/fixture.plan`, and its diagnostics, rendered without colour
//! at a fixed width, are snapshotted.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use planc::data::{Catalog, Format, Loader};
use planc::diag::render::{render, Style};
use planc::source::SourceFile;
use std::path::Path;

fn fixture_model() -> planc::model::Model {
    let text = std::fs::read_to_string("tests/eval/fixture.plan").unwrap();
    planc::compile(&SourceFile::new("tests/eval/fixture.plan", text))
        .model
        .unwrap()
}

/// What reading one data file reports, as a person sees it.
fn report(path: &Path) -> String {
    let model = fixture_model();
    let cat = Catalog::new(&model);
    let bytes = std::fs::read(path).unwrap();
    let name = format!("tests/data/{}", path.file_name().unwrap().to_string_lossy());
    let mut loader = Loader::new(&cat);
    loader.read(&name, Format::of_path(path), &bytes);
    let data = loader.finish();
    let file = &data.files[0];
    let (source, diags) = file.diagnostics(bytes);
    let mut out = format!("rows read: {}, accepted: {}", file.rows, file.accepted);
    if file.unreported > 0 {
        out.push_str(&format!(", not reported: {}", file.unreported));
    }
    out.push('\n');
    for d in &diags {
        out.push('\n');
        out.push_str(&render(d, &source, Style::plain()));
    }
    out
}

#[test]
fn every_data_file_renders_its_diagnostics() {
    insta::glob!("data/*.*", |path| {
        insta::assert_snapshot!(report(path));
    });
}

#[test]
fn a_clean_file_with_bom_crlf_comments_and_blank_rows_has_no_problems() {
    let out = report(Path::new("tests/data/clean-bom-crlf.csv"));
    assert_eq!(out, "rows read: 3, accepted: 3\n");
}

#[test]
fn no_row_is_dropped_silently() {
    // Every row read is accepted, not reported (an empty value), or has at
    // least one problem.
    for entry in std::fs::read_dir("tests/data").unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            continue; // tests/data/extract holds documents, not data
        }
        let model = fixture_model();
        let cat = Catalog::new(&model);
        let bytes = std::fs::read(&path).unwrap();
        let mut loader = Loader::new(&cat);
        loader.read("x", Format::of_path(&path), &bytes);
        let f = &loader.finish().files[0];
        // A row with an empty value is not reported: counted, not rejected.
        let rejected = f.rows - f.accepted - f.unreported;
        assert!(
            rejected == 0 || !f.problems.is_empty(),
            "{}: {rejected} rows rejected without a problem",
            path.display()
        );
        assert!(
            f.problems.len() as u64 >= rejected.min(1),
            "{}",
            path.display()
        );
    }
}

/// A CSV file with a bad row near the start, `good` good rows, and a bad
/// row at the end, read and checked.
fn two_bad_rows(good: usize) -> (String, planc::data::FileReport) {
    let mut text = String::from("metric,year,value,unit\n实到资金,2010,50,亿元\n产值,2011,1,\n");
    for _ in 0..good {
        text.push_str("实到资金,2011,52,亿元\n");
    }
    text.push_str("实到资金,2012,53,亿元\n产量,2012,1,\n");
    let model = fixture_model();
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    loader.read_csv("big.csv", text.as_bytes());
    let report = loader.finish().files.remove(0);
    assert_eq!(report.problems.len(), 2);
    (text, report)
}

fn rendered(diags: &[planc::diag::Diagnostic], file: &SourceFile) -> Vec<String> {
    diags
        .iter()
        .map(|d| render(d, file, Style::plain()))
        .collect()
}

#[test]
fn problems_are_shown_from_only_the_bytes_they_need() {
    let (text, report) = two_bad_rows(200_000);
    assert!(text.len() > 5_000_000);
    let (whole_file, whole) = report.diagnostics(text.clone().into_bytes());
    let whole = rendered(&whole, &whole_file);
    // The first problem alone: the file is read to the line below it.
    let mut input = text.as_bytes();
    let first = report.diagnostics_from(Ok(&mut input), 1, u64::from(u32::MAX));
    let read = text.len() - input.len();
    assert!(read <= 1 << 16, "{read} bytes read for a problem on line 3");
    assert_eq!(rendered(&first.diagnostics, &first.file), whole[..1]);
    assert!(first.file.text.len() < 100, "{}", first.file.text.len());
    assert_eq!((first.omitted.errors, first.omitted.warnings), (1, 0));
    // Both: read to the end, and shown exactly as from the whole file.
    let both = report.diagnostics_from(Ok(text.as_bytes()), 50, u64::from(u32::MAX));
    assert_eq!(rendered(&both.diagnostics, &both.file), whole);
    assert_eq!((both.omitted.errors, both.omitted.warnings), (0, 0));
}

#[test]
fn a_problem_beyond_the_read_back_limit_keeps_its_byte_offset() {
    let (text, report) = two_bad_rows(1000);
    let last = text.rfind("产量").unwrap();
    let out = report.diagnostics_from(Ok(text.as_bytes()), 50, 1000);
    assert!(out.file.text.len() <= 1000 && out.file.text.ends_with('\n'));
    let (whole_file, whole) = report.diagnostics(text.clone().into_bytes());
    assert_eq!(
        render(&out.diagnostics[0], &out.file, Style::plain()),
        render(&whole[0], &whole_file, Style::plain())
    );
    let beyond = &out.diagnostics[1];
    assert_eq!(
        beyond.message,
        format!("unknown metric `产量` (at byte {last} of the file)")
    );
    assert!(beyond.labels.is_empty());
}

/// Fails after `ok` bytes.
struct Failing<'a> {
    bytes: &'a [u8],
    ok: usize,
}

impl std::io::Read for Failing<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.ok == 0 {
            return Err(std::io::Error::other("the disk went away"));
        }
        let n = buf.len().min(self.ok).min(self.bytes.len());
        buf[..n].copy_from_slice(&self.bytes[..n]);
        self.bytes = &self.bytes[n..];
        self.ok -= n;
        Ok(n)
    }
}

#[test]
fn a_failure_to_read_the_file_again_is_reported_not_swallowed() {
    let (text, report) = two_bad_rows(10);
    let cases = [
        report.diagnostics_from(
            Err::<&[u8], _>(std::io::Error::other("the disk went away")),
            50,
            u64::from(u32::MAX),
        ),
        report.diagnostics_from(
            Ok(Failing {
                bytes: text.as_bytes(),
                ok: 40,
            }),
            50,
            u64::from(u32::MAX),
        ),
    ];
    for out in cases {
        let codes: Vec<&str> = out.diagnostics.iter().map(|d| d.code.as_str()).collect();
        assert_eq!(codes, ["E0011", "E0401", "E0401"]);
        assert_eq!(
            out.diagnostics[0].message,
            "cannot read big.csv again to show where its problems are: the disk went away"
        );
        // The problems keep their messages, with where they are in bytes.
        assert!(out.diagnostics[1]
            .message
            .starts_with("unknown metric `产值` (at byte "));
        assert!(out.diagnostics[1].labels.is_empty());
    }
}

#[test]
fn json_rows_are_stored_as_they_are_read_and_a_read_error_is_reported() {
    let model = fixture_model();
    let cat = Catalog::new(&model);
    let text = "{\"rows\": [\n  {\"metric\": \"实到资金\", \"year\": 2010, \"value\": 50},\n  {\"metric\": \"实到资金\", \"year\": 2011, \"value\": 52},\n  {\"metric\": \"实到资金\", \"year\": 2012, \"value\": 53}\n]}\n";
    let cut = text.find("2012").unwrap();
    let mut loader = Loader::new(&cat);
    loader.read_json(
        "x.json",
        Failing {
            bytes: text.as_bytes(),
            ok: cut,
        },
    );
    let data = loader.finish();
    let f = &data.files[0];
    // The rows before the failure were checked and stored as they came.
    assert_eq!(f.accepted, 2);
    assert_eq!(data.figures.latest_year(), Some(2011));
    let messages: Vec<(&str, &str)> = f
        .problems
        .iter()
        .map(|p| (p.code.as_str(), p.message.as_str()))
        .collect();
    assert_eq!(
        messages,
        [("E0011", "cannot read the file: the disk went away")]
    );
}

#[test]
fn a_json_conflict_with_an_earlier_file_names_its_byte() {
    let model = fixture_model();
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    loader.read_json(
        "a.json",
        "[\n\n  {\"metric\": \"实到资金\", \"year\": 2011, \"value\": 52}\n]".as_bytes(),
    );
    loader.read_json(
        "b.json",
        "[{\"metric\": \"实到资金\", \"year\": 2011, \"value\": 53}]".as_bytes(),
    );
    let data = loader.finish();
    assert_eq!(
        data.files[1].problems[0].help.as_deref(),
        // The store keeps a JSON figure's first place as the byte its value
        // starts at: `52` is byte 55 (`[`, two line breaks, two spaces,
        // then 50 bytes of the row, 实到资金 being 12 of them).
        Some("the first figure is in a.json, at byte 55; keep one of them")
    );
}
