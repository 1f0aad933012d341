//! Arbitrary plan text and arbitrary data: compile the plan, and when it
//! gives a model, load the data against it, evaluate, and render every
//! report and every diagnostic.
//!
//! Input: the plan's bytes, then a 0xFF byte (never part of UTF-8 text),
//! then a selector byte (bit 0: CSV or JSON; the rest: a year to judge
//! from), then the data's bytes. Without 0xFF the whole input is the plan
//! and the data is an empty CSV file.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::data::{Catalog, Format, Loader};
use planc::diag::{json, render, Diagnostic};
use planc::source::SourceFile;

/// Every label of `d` lies inside `file` on character boundaries, and the
/// diagnostic renders as text and JSON.
fn show(d: &Diagnostic, file: &SourceFile) {
    for l in &d.labels {
        assert!(l.span.start <= l.span.end);
        assert!(l.span.end as usize <= file.text.len());
        assert!(file.text.is_char_boundary(l.span.start as usize));
        assert!(file.text.is_char_boundary(l.span.end as usize));
    }
    let _ = render::render(d, file, render::Style::plain());
    let _ = json::to_json(d, file);
}

fuzz_target!(|input: &[u8]| {
    let (plan, rest) = match input.iter().position(|&b| b == 0xFF) {
        Some(i) => (&input[..i], &input[i + 1..]),
        None => (input, &[][..]),
    };
    let (selector, data) = rest.split_first().map_or((0, &[][..]), |(s, d)| (*s, d));
    let file = match SourceFile::from_bytes("fuzz.plan", plan.to_vec()) {
        Ok(f) => f,
        Err(e) => {
            let (file, diag) = *e;
            show(&diag, &file);
            return;
        }
    };
    let out = planc::compile(&file);
    for d in &out.diagnostics {
        show(d, &file);
    }
    let Some(model) = out.model else { return };
    // The model survives its JSON form, as `eval` reads it from a `.json`.
    let model = planc::model::Model::from_json(&model.to_json().expect("the model serialises")).expect("the model round-trips");
    let cat = Catalog::new(&model);
    let mut loader = Loader::new(&cat);
    let (format, name) = if selector & 1 == 0 {
        (Format::Csv, "fuzz.csv")
    } else {
        (Format::Json, "fuzz.json")
    };
    loader.read(name, format, data);
    let loaded = loader.finish();
    for f in &loaded.files {
        let (whole, diags) = f.diagnostics(data.to_vec());
        for d in &diags {
            show(d, &whole);
        }
        // Read back only as far as the first few problems need, within a
        // small cap: the spans still lie inside what was read.
        let part = f.diagnostics_from(Ok(data), 3, 256);
        for d in &part.diagnostics {
            show(d, &part.file);
        }
    }
    if loaded.has_errors() {
        return;
    }
    let latest = loaded.figures.latest_year();
    let chosen = 1990 + u16::from(selector >> 1) % 40;
    for as_of in latest.into_iter().chain([chosen]) {
        let e = planc::eval::evaluate(&cat, &loaded.figures, as_of);
        assert_eq!(e.results.len(), model.targets.len());
        for format in [
            planc::report::Format::Table,
            planc::report::Format::Json,
            planc::report::Format::Markdown,
            planc::report::Format::Junit,
            planc::report::Format::Html,
        ] {
            for (by_agency, by_region) in [(false, false), (true, false), (false, true)] {
                let options = planc::report::Options {
                    by_agency,
                    by_region,
                    ..planc::report::Options::default()
                };
                let _ = planc::report::render(&e, &model, format, options);
            }
        }
    }
});
