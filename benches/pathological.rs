//! Hostile inputs at growing sizes (issue 5): each is checked as
//! `planc check` does (streaming, at most 50 diagnostics kept) at 1×, 4× and
//! 16× a base size. Linear time shows as the same throughput (MiB/s) at
//! every size; a quadratic path shows as throughput falling 4× per step.
//! This is the harness for the "finishes in linear time" goal: it reports,
//! it does not assert.
//!
//! ```sh
//! cargo bench --bench pathological
//! PLANC_BENCH_PATHO_KB=1024 cargo bench --bench pathological   # 1, 4, 16 MB
//! ```

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench may fail loudly

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use planc::source::SourceFile;
use std::hint::black_box;
use std::time::Duration;

/// `unit` repeated until the text is at least `bytes` long, after `head`.
fn repeat(head: &str, unit: &str, tail: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len() + head.len() + tail.len());
    s.push_str(head);
    while s.len() < bytes {
        s.push_str(unit);
    }
    s.push_str(tail);
    s
}

const HEAD: &str = "plan \"p\"\nperiod 2010..2012\nagency 市经贸委\nmetric m: flow 项\n";

/// The inputs, by name, for a base size in bytes.
fn inputs(bytes: usize) -> Vec<(&'static str, String)> {
    let jiaxing = include_str!("../examples/jiaxing-2010.plan");
    vec![
        // One valid plan repeated: every declaration and ordinal a duplicate.
        ("repeated_plan", repeat("", jiaxing, "", bytes)),
        // Blocks opened and never closed: nesting far past the limit.
        ("deep_nesting", repeat(HEAD, "item 1 \"t\" {\n", "", bytes)),
        // `(` on one line, capped by the statement length limit.
        (
            "open_parens",
            repeat(HEAD, "(((((((((((((((((((((((((((((((\n", "", bytes),
        ),
        // A string never closed, then a long line of text.
        (
            "unterminated_string",
            repeat(
                "plan \"p\nperiod 2010..2012\ntext \"",
                "未闭合的字符串",
                "",
                bytes,
            ),
        ),
        // One list continued over many lines with trailing commas.
        (
            "long_continuation",
            repeat(
                "plan \"p\"\nperiod 2010..2012\nagency a0,\n",
                "  市经贸委,\n",
                "  b\n",
                bytes,
            ),
        ),
        // Unbalanced closing braces.
        ("stray_braces", repeat(HEAD, "}\n", "", bytes)),
        // Full-width punctuation in every line: one diagnostic each.
        (
            "fullwidth_lines",
            repeat(HEAD, "agency 甲，乙\n", "", bytes),
        ),
        // Valid targets, each naming an unknown metric.
        (
            "unknown_names",
            repeat(
                "plan \"p\"\nperiod 2010..2012\nagency 市经贸委\nitem 1 \"t\" {\n  lead 市经贸委\n",
                "  by 2012: 未知指标 >= 150项\n",
                "}\n",
                bytes,
            ),
        ),
    ]
}

fn hostile(c: &mut Criterion) {
    let base_kb: usize = std::env::var("PLANC_BENCH_PATHO_KB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(256);
    let options = planc::Options {
        max_diagnostics: 50,
        ..planc::Options::default()
    };
    for factor in [1, 4, 16] {
        for (name, text) in inputs(base_kb * 1024 * factor) {
            let file = SourceFile::new("hostile.plan", text);
            let mut g = c.benchmark_group(format!("hostile/{name}"));
            g.throughput(Throughput::Bytes(file.text.len() as u64))
                .sample_size(10)
                .warm_up_time(Duration::from_millis(300))
                .measurement_time(Duration::from_secs(2));
            g.bench_function(BenchmarkId::from_parameter(format!("{factor}x")), |b| {
                b.iter(|| {
                    let out = planc::compile_with(black_box(&file), &options, |_| {
                        planc::model::Count::default()
                    });
                    black_box((out.diagnostics.len(), out.omitted.errors))
                })
            });
            g.finish();
        }
    }
}

criterion_group!(benches, hostile);
criterion_main!(benches);
