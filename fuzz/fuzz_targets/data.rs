//! Data bytes (CSV, JSON, an .xlsx or .ods workbook) → load against the
//! Jiaxing model → eval → every report format, and the data diagnostics
//! rendered.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::data::{Book, Catalog, Format, Loader};
use planc::diag::render;
use planc::model::Model;
use std::sync::OnceLock;

fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| {
        let text = include_str!("../../examples/jiaxing-2010.plan");
        let file = planc::source::SourceFile::new("jiaxing-2010.plan", text);
        planc::compile(&file).model.expect("the example compiles")
    })
}

fuzz_target!(|input: &[u8]| {
    let Some((&selector, bytes)) = input.split_first() else { return };
    let model = model();
    let cat = Catalog::new(model);
    let mut loader = Loader::new(&cat);
    let format = match selector & 3 {
        0 => Format::Csv,
        1 => Format::Json,
        2 => Format::Workbook(Book::Xlsx),
        _ => Format::Workbook(Book::Ods),
    };
    loader.read("data", format, bytes);
    let data = loader.finish();
    for f in &data.files {
        let (file, diags) = f.diagnostics(bytes.to_vec());
        for d in &diags {
            let _ = render::render(d, &file, render::Style::plain());
        }
    }
    let as_of = 2005 + u16::from(selector >> 2) % 12;
    let e = planc::eval::evaluate(&cat, &data.figures, as_of);
    for format in [
        planc::report::Format::Table,
        planc::report::Format::Json,
        planc::report::Format::Markdown,
        planc::report::Format::Junit,
        planc::report::Format::Html,
    ] {
        let _ = planc::report::render(&e, model, format, planc::report::Options::default());
    }
});
