//! The worked examples of `docs/semantics.md` hold: each `plan` block is
//! compiled, the `csv` block after it is read, and every line of the `eval`
//! block after that names a year and the fields its result must have (of
//! the first target, or of the one `target=ID` names).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;

use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, TargetResult};
use planc::source::SourceFile;

fn field(r: &TargetResult, key: &str) -> String {
    let d =
        |v: Option<rust_decimal::Decimal>| v.map_or("-".to_string(), |d| d.normalize().to_string());
    match key {
        "status" => r.status.as_str().to_string(),
        "actual" => d(r.actual),
        "required" => d(r.required),
        "gap" => d(r.gap),
        "progress" => d(r.progress),
        "expected" => d(r.expected),
        "rate" => d(r.rate.as_ref().and_then(|r| r.actual)),
        "achieved" => r.achieved.map_or("-".to_string(), |y| y.to_string()),
        "assessment" => r
            .assessment
            .as_ref()
            .map_or("-".to_string(), |a| a.value.to_string()),
        "note" => r
            .assessment
            .as_ref()
            .and_then(|a| a.note.clone())
            .unwrap_or_else(|| "-".to_string()),
        other => panic!("unknown field {other}"),
    }
}

#[test]
fn every_worked_example_in_the_semantics_holds() {
    let doc = std::fs::read_to_string("docs/semantics.md").unwrap();
    let blocks = common::fenced_blocks(&doc);
    let mut checked = 0;
    for (i, window) in blocks.windows(3).enumerate() {
        let [(a, plan), (b, csv), (c, expectations)] = window else {
            unreachable!()
        };
        if (a.as_str(), b.as_str(), c.as_str()) != ("plan", "csv", "eval") {
            continue;
        }
        let out = planc::compile(&SourceFile::new(format!("semantics.md#{i}"), plan.as_str()));
        let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(errors.is_empty(), "example {i}: {errors:?}\n{plan}");
        let model = out.model.unwrap();
        let cat = Catalog::new(&model);
        let mut loader = Loader::new(&cat);
        loader.read_csv("example.csv", csv.as_bytes());
        let data = loader.finish();
        assert!(
            !data.has_errors(),
            "example {i}: {:?}",
            data.files[0].problems
        );
        for line in expectations.lines() {
            let pairs: Vec<(&str, &str)> = line
                .split_whitespace()
                .map(|kv| kv.split_once('=').unwrap())
                .collect();
            let as_of: u16 = pairs[0].1.parse().unwrap();
            let eval = evaluate(&cat, &data.figures, as_of);
            // `target=ID` names the result a line is about; else the first.
            let (r, rest) = match pairs.get(1) {
                Some(("target", id)) => (
                    eval.results
                        .iter()
                        .find(|r| r.target == *id)
                        .unwrap_or_else(|| panic!("example {i}: no target {id}")),
                    &pairs[2..],
                ),
                _ => (&eval.results[0], &pairs[1..]),
            };
            for (key, want) in rest {
                assert_eq!(
                    field(r, key),
                    *want,
                    "example {i}, {line}: {key} (reason {:?})",
                    planc::report::text::english_reason(r)
                );
            }
            checked += 1;
        }
    }
    // One or more per kind and per requirement (61 when written); a block
    // the parser stops seeing would lower the count.
    assert!(checked >= 61, "only {checked} expectations found");
}
