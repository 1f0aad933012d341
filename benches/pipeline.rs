//! The compiler's stages at growing sizes, through the public library API:
//!
//! - `parse`: `syntax::parse`, the whole plan as one tree;
//! - `check`: `check::check` of that tree, with lowering to the model;
//! - `compile`: `planc::compile`, the model in memory;
//! - `check_streaming`: `compile_with` counting only, as `planc check` runs;
//! - `compile_json_streaming`: `compile_with` into the streaming
//!   `JsonWriter`, as `planc compile -o` runs (written to a sink);
//! - `fmt`: `fmt::format_source`;
//! - `to_json`: `Model::to_json` of a compiled model.
//!
//! Throughput is reported in bytes of plan text.
//!
//! ```sh
//! cargo bench --bench pipeline                      # the example and 1k, 10k targets
//! PLANC_BENCH_TARGETS=1000,10000,100000 cargo bench --bench pipeline   # up to 100k
//! cargo bench --bench pipeline -- compile/10000     # one case
//! ```
//!
//! Plans come from the generator (`examples/gen`, seed 1): about 330 bytes
//! per target, so 100k targets are about 33 MB. See docs/performance.md.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench may fail loudly

#[path = "../examples/gen/mod.rs"]
#[allow(dead_code)]
mod gen;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use planc::source::SourceFile;
use std::hint::black_box;
use std::time::Duration;

/// The plans to measure: the reference example, then generated plans of the
/// target counts in `PLANC_BENCH_TARGETS` (default 1000 and 10000).
pub fn inputs() -> Vec<(String, String)> {
    let mut v = Vec::new();
    let jiaxing = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/jiaxing-2010.plan");
    v.push((
        "jiaxing".to_string(),
        std::fs::read_to_string(jiaxing).expect("the reference example"),
    ));
    let sizes = std::env::var("PLANC_BENCH_TARGETS").unwrap_or_else(|_| "1000,10000".into());
    for n in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<u64>().ok())
    {
        let (text, _) = gen::plan_text(n, 1).expect("generated plan");
        v.push((n.to_string(), text));
    }
    v
}

fn pipeline(c: &mut Criterion) {
    for (name, text) in inputs() {
        let file = SourceFile::new("bench.plan", text.clone());
        let bytes = text.len() as u64;
        let big = bytes > 4_000_000;

        let mut g = c.benchmark_group("parse");
        configure(&mut g, bytes, big);
        g.bench_with_input(BenchmarkId::from_parameter(&name), &text, |b, t| {
            b.iter(|| {
                let mut diags = Vec::new();
                let plan = planc::syntax::parse(black_box(t), &mut diags);
                black_box((plan, diags))
            })
        });
        g.finish();

        let mut diags = Vec::new();
        let plan = planc::syntax::parse(&file.text, &mut diags);
        let mut g = c.benchmark_group("check");
        configure(&mut g, bytes, big);
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| {
                let mut diags = Vec::new();
                black_box(planc::check::check(black_box(&plan), &file, &mut diags))
            })
        });
        g.finish();
        drop(plan);

        let mut g = c.benchmark_group("compile");
        configure(&mut g, bytes, big);
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| black_box(planc::compile(black_box(&file))))
        });
        g.finish();

        // What `planc check` runs: the streaming pipeline, counting only.
        let options = planc::Options::default();
        let mut g = c.benchmark_group("check_streaming");
        configure(&mut g, bytes, big);
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| {
                black_box(planc::compile_with(black_box(&file), &options, |_| {
                    planc::model::Count::default()
                }))
            })
        });
        g.finish();

        // What `planc compile` runs: streaming, the model written as JSON
        // (to a sink, so no file system time is counted).
        let mut g = c.benchmark_group("compile_json_streaming");
        configure(&mut g, bytes, big);
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| {
                let out = planc::compile_with(black_box(&file), &options, |head| {
                    planc::model::JsonWriter::start(std::io::sink(), std::io::sink(), head)
                });
                black_box(out.sink.finish().is_ok())
            })
        });
        g.finish();

        let mut g = c.benchmark_group("fmt");
        configure(&mut g, bytes, big);
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| black_box(planc::fmt::format_source(black_box(&file.text))))
        });
        g.finish();

        let model = planc::compile(&file).model.expect("a clean plan");
        let mut g = c.benchmark_group("to_json");
        configure(&mut g, bytes, big);
        g.bench_function(BenchmarkId::from_parameter(&name), |b| {
            b.iter(|| black_box(black_box(&model).to_json().unwrap()))
        });
        g.finish();
    }
}

/// Throughput in plan bytes; fewer, shorter samples for big inputs so the
/// whole run stays within minutes.
fn configure<M: criterion::measurement::Measurement>(
    g: &mut criterion::BenchmarkGroup<'_, M>,
    bytes: u64,
    big: bool,
) {
    g.throughput(Throughput::Bytes(bytes));
    if big {
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(5));
    } else {
        g.sample_size(20)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(2));
    }
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
