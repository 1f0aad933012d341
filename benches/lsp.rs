//! The language server's answer to a hover right after an edit: the
//! edited text checked into an analysis, then the hover computed from it
//! (what `planc lsp` does between a keystroke and the hover it answers, less
//! the debounce and the protocol's I/O).
//!
//! - `lsp/hover_after_change/jiaxing`: on the Jiaxing plan, `市经贸委` on item
//!   三's lead line becomes `市经茂委` (or back), then a hover on it;
//! - `lsp/hover/jiaxing`: the hover alone, from an analysis;
//! - `lsp/analysis/10mb`: the check of a 10 MB generated plan, which the
//!   server runs on its worker thread (set `PLANC_BENCH_LSP_10MB=0` to skip).
//!
//! ```sh
//! cargo bench --bench lsp
//! cargo bench --bench lsp -- hover_after_change
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench may fail loudly

#[path = "../examples/gen/mod.rs"]
#[allow(dead_code)]
mod gen;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use lsp_types::{Position, Range, TextDocumentContentChangeEvent};
use planc::lsp::document::Document;
use planc::lsp::{hover, Analysis};
use std::hint::black_box;
use std::time::Duration;

fn lsp(c: &mut Criterion) {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/jiaxing-2010.plan");
    let text = std::fs::read_to_string(path).expect("the reference example");
    // Item 三's `lead 市经贸委` is line 163; `贸` is its character 11.
    let lead = text.find("    lead 市经贸委\n").expect("item 三's lead") + "    lead ".len();
    let change = |to: &str| TextDocumentContentChangeEvent {
        range: Some(Range::new(Position::new(162, 11), Position::new(162, 12))),
        range_length: None,
        text: to.to_string(),
    };
    let mut g = c.benchmark_group("lsp");
    let mut flip = false;
    g.bench_function("hover_after_change/jiaxing", |b| {
        b.iter_batched(
            || {
                flip = !flip;
                let to = if flip { "茂" } else { "贸" };
                (Document::new(text.clone(), 1), to)
            },
            |(mut doc, to)| {
                doc.apply(vec![change(to)], 2);
                let a = Analysis::complete("jiaxing-2010.plan", doc.text).expect("not cancelled");
                black_box(hover::hover(&a, lead + 3).expect("a hover"))
            },
            BatchSize::SmallInput,
        )
    });
    let a = Analysis::complete("jiaxing-2010.plan", text.clone()).expect("not cancelled");
    g.bench_function("hover/jiaxing", |b| {
        b.iter(|| black_box(hover::hover(&a, lead + 3)))
    });
    if std::env::var("PLANC_BENCH_LSP_10MB").as_deref() != Ok("0") {
        let (big, _) = gen::plan_text(30864, 1).expect("generated plan");
        g.sample_size(10).measurement_time(Duration::from_secs(20));
        g.bench_function("analysis/10mb", |b| {
            b.iter(|| black_box(Analysis::complete("big.plan", big.clone())))
        });
    }
    g.finish();
}

criterion_group!(benches, lsp);
criterion_main!(benches);
