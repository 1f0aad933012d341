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
    let mut out = format!("rows read: {}, accepted: {}\n", file.rows, file.accepted);
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
    // Every row read is either accepted or has at least one problem.
    for entry in std::fs::read_dir("tests/data").unwrap() {
        let path = entry.unwrap().path();
        let model = fixture_model();
        let cat = Catalog::new(&model);
        let bytes = std::fs::read(&path).unwrap();
        let mut loader = Loader::new(&cat);
        loader.read("x", Format::of_path(&path), &bytes);
        let f = &loader.finish().files[0];
        let rejected = f.rows - f.accepted;
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
