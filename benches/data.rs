//! Reported data, in rows per second on the generator's data file for a
//! plan of 3000 targets (docs/performance.md):
//!
//! - `csv_crate_f64`, `csv_crate_decimal`: the csv crate's fastest reading
//!   (byte records, the value parsed), the baseline for `planc eval`;
//! - `planc_load`: `data::Loader::read_csv`, every cell checked against the
//!   model and the figures aggregated (what `planc eval` reads with);
//! - `planc_load_eval`: the same, then `eval::evaluate` of every target;
//! - `eval_report/…`: judging and rendering (table, JSON, HTML) for plans of
//!   growing size (`PLANC_BENCH_EVAL_TARGETS`, default 1000,10000), in
//!   targets per second: flat throughput means linear time.
//!
//! ```sh
//! cargo bench --bench data                           # 100k rows
//! PLANC_BENCH_ROWS=1000000 cargo bench --bench data  # 1M rows
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench may fail loudly

#[path = "../examples/gen/mod.rs"]
#[allow(dead_code)]
mod gen;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

/// A generated plan of `targets` targets, its model, and `rows` rows of
/// data.
fn data(targets: u64, rows: u64) -> (planc::model::Model, Vec<u8>) {
    let (text, stats) = gen::plan_text(targets, 1).expect("generated plan");
    let model = planc::compile(&planc::source::SourceFile::new("gen.plan", text))
        .model
        .expect("a clean plan");
    let mut csv = Vec::new();
    gen::data::write_data(&mut csv, &stats.metrics, rows, 1).expect("generated data");
    (model, csv)
}

/// The csv crate's fastest reading: byte records, the value cell parsed.
fn csv_rows<P: Fn(&[u8]) -> bool>(bytes: &[u8], parse: P) -> (u64, u64) {
    let mut reader = csv::ReaderBuilder::new().from_reader(bytes);
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut numbers) = (0u64, 0u64);
    while reader.read_byte_record(&mut record).unwrap_or(false) {
        rows += 1;
        if parse(record.get(2).unwrap_or_default()) {
            numbers += 1;
        }
    }
    (rows, numbers)
}

fn reading(c: &mut Criterion) {
    let rows: u64 = std::env::var("PLANC_BENCH_ROWS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let (model, bytes) = data(3000, rows);
    let cat = planc::data::Catalog::new(&model);
    let mut g = c.benchmark_group("data");
    g.throughput(Throughput::Elements(rows))
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    g.bench_with_input(
        BenchmarkId::new("csv_crate_f64", rows),
        &bytes,
        |b, data| {
            b.iter(|| {
                csv_rows(black_box(data), |v| {
                    std::str::from_utf8(v).is_ok_and(|s| s.parse::<f64>().is_ok())
                })
            })
        },
    );
    g.bench_with_input(
        BenchmarkId::new("csv_crate_decimal", rows),
        &bytes,
        |b, data| {
            b.iter(|| {
                csv_rows(black_box(data), |v| {
                    std::str::from_utf8(v).is_ok_and(|s| s.parse::<rust_decimal::Decimal>().is_ok())
                })
            })
        },
    );
    g.bench_with_input(BenchmarkId::new("planc_load", rows), &bytes, |b, data| {
        b.iter(|| {
            let mut loader = planc::data::Loader::new(&cat);
            loader.read_csv("bench.csv", black_box(&data[..]));
            let data = loader.finish();
            assert!(!data.has_errors());
            black_box(data)
        })
    });
    g.bench_with_input(
        BenchmarkId::new("planc_load_eval", rows),
        &bytes,
        |b, data| {
            b.iter(|| {
                let mut loader = planc::data::Loader::new(&cat);
                loader.read_csv("bench.csv", black_box(&data[..]));
                let data = loader.finish();
                let as_of = data.figures.latest_year().unwrap_or(2030);
                black_box(planc::eval::evaluate(&cat, &data.figures, as_of))
            })
        },
    );
    g.finish();
}

fn reporting(c: &mut Criterion) {
    use planc::report::{render, Format, Options};
    let sizes = std::env::var("PLANC_BENCH_EVAL_TARGETS").unwrap_or_else(|_| "1000,10000".into());
    for targets in sizes
        .split(',')
        .filter_map(|s| s.trim().parse::<u64>().ok())
    {
        let (model, bytes) = data(targets, 20 * targets);
        let cat = planc::data::Catalog::new(&model);
        let mut loader = planc::data::Loader::new(&cat);
        loader.read_csv("bench.csv", &bytes[..]);
        let figures = loader.finish().figures;
        let as_of = figures.latest_year().unwrap_or(2030);
        let eval = planc::eval::evaluate(&cat, &figures, as_of);
        let mut g = c.benchmark_group("eval_report");
        g.throughput(Throughput::Elements(targets))
            .sample_size(10)
            .warm_up_time(Duration::from_millis(500))
            .measurement_time(Duration::from_secs(3));
        g.bench_function(BenchmarkId::new("evaluate", targets), |b| {
            b.iter(|| black_box(planc::eval::evaluate(&cat, black_box(&figures), as_of)))
        });
        for (name, format) in [
            ("table", Format::Table),
            ("json", Format::Json),
            ("html", Format::Html),
        ] {
            g.bench_function(BenchmarkId::new(name, targets), |b| {
                b.iter(|| black_box(render(black_box(&eval), &model, format, Options::default())))
            });
        }
        g.finish();
    }
}

criterion_group!(benches, reading, reporting);
criterion_main!(benches);
