//! `planc extract` on large documents (issue 15): the reference document
//! repeated to 1 MB and 10 MB, extracted, written and checked, as
//! `planc extract DOC -o draft.plan` does. Linear time shows as the same
//! throughput at both sizes.
//!
//! ```sh
//! cargo bench --bench extract
//! PLANC_BENCH_EXTRACT_MB=1,10,20 cargo bench --bench extract
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench may fail loudly

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::time::Duration;

/// The seed document repeated to at least `mb` MB.
fn document(mb: usize) -> String {
    let seed = include_str!("../examples/jiaxing-2010.txt");
    let mut s = String::with_capacity(mb * 1_000_000 + seed.len());
    while s.len() < mb * 1_000_000 {
        s.push_str(seed);
    }
    s
}

fn sizes() -> Vec<usize> {
    std::env::var("PLANC_BENCH_EXTRACT_MB")
        .ok()
        .map(|v| v.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![1, 10])
}

fn extract(c: &mut Criterion) {
    let mut g = c.benchmark_group("extract");
    g.sample_size(10).measurement_time(Duration::from_secs(60));
    for mb in sizes() {
        let doc = document(mb);
        g.throughput(Throughput::Bytes(doc.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(format!("{mb}MB")),
            &doc,
            |b, doc| {
                b.iter(|| {
                    let x = planc::extract::extract(black_box(doc), "doc.txt").unwrap();
                    black_box(x.draft.len())
                });
            },
        );
    }
    g.finish();
}

criterion_group!(benches, extract);
criterion_main!(benches);
