//! Properties of the whole pipeline on generated valid plans and data (see
//! `tests/common/gen.rs`): compiling is deterministic and the model
//! round-trips through JSON; the result does not depend on where the
//! parallel parse cuts the text; evaluating the plan equals evaluating its
//! compiled model; and no data, however extreme, makes eval panic.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;

use common::{gen, proptest_config};
use planc::data::{Catalog, Loader};
use planc::eval::evaluate;
use planc::model::{Collect, MetricKind, Model};
use planc::report::{render, Format, Options};
use planc::source::SourceFile;
use planc::span::Span;
use proptest::prelude::*;
use std::collections::BTreeSet;

/// A reported value, from the ordinary to the extreme.
#[derive(Clone, Debug)]
enum Value {
    Int(i64),
    Decimal(i32, u8),
    Zero,
    Huge,
    NegativeHuge,
    Tiny,
}

impl Value {
    fn text(&self) -> String {
        match self {
            Value::Int(n) => n.to_string(),
            Value::Decimal(m, scale) => {
                rust_decimal::Decimal::new(i64::from(*m), u32::from(*scale % 10)).to_string()
            }
            Value::Zero => "0".into(),
            Value::Huge => "79228162514264337593543950335".into(),
            Value::NegativeHuge => "-79228162514264337593543950335".into(),
            Value::Tiny => "0.0000000000000000000000000001".into(),
        }
    }
}

fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        6 => (-1_000_000i64..1_000_000).prop_map(Value::Int),
        3 => (any::<i32>(), any::<u8>()).prop_map(|(m, s)| Value::Decimal(m, s)),
        1 => Just(Value::Zero),
        1 => Just(Value::Huge),
        1 => Just(Value::NegativeHuge),
        1 => Just(Value::Tiny),
    ]
}

/// Rows as (metric pick, year offset from the period start, region pick, value).
fn rows() -> impl Strategy<Value = Vec<(usize, i16, u8, Value)>> {
    prop::collection::vec((any::<usize>(), -3i16..8, 0u8..4, value()), 0..60)
}

/// CSV data for `model`: one row per distinct (metric, year, region), so
/// the data never conflicts; milestones are `done`.
fn csv(model: &Model, rows: &[(usize, i16, u8, Value)]) -> String {
    let mut out = String::from("metric,year,value,unit,region\n");
    let mut seen = BTreeSet::new();
    if model.metrics.is_empty() {
        return out;
    }
    for (pick, offset, region, v) in rows {
        let m = &model.metrics[pick % model.metrics.len()];
        let year = (i32::from(model.plan.period.from) + i32::from(*offset)).clamp(1900, 2100);
        // A plan's declared regions (a district, the city), else any.
        let declared: Vec<&str> = model.regions.iter().map(|r| r.id.as_str()).collect();
        let region = match (usize::from(*region), declared.as_slice()) {
            (0 | 1, _) => "",
            (k, []) => ["南湖区", "秀洲区"][k - 2],
            (k, d) => d[k % d.len()],
        };
        if !seen.insert((m.id.clone(), year, region)) {
            continue;
        }
        let value = if m.kind == MetricKind::Milestone {
            "done".to_string()
        } else {
            v.text()
        };
        let id = if m.id.contains([',', '"']) {
            format!("\"{}\"", m.id.replace('"', "\"\""))
        } else {
            m.id.clone()
        };
        out.push_str(&format!("{id},{year},{value},,{region}\n"));
    }
    out
}

/// The model targets a generated plan's targets make, in every item and
/// part: one per target, one per district for `in each region`, one per
/// quota.
fn written_targets(plan: &gen::Plan) -> usize {
    let districts = plan.regions.as_ref().map_or(0, |(_, d)| d.len());
    let target = |t: &gen::Target| {
        let places = match t.region {
            Some(gen::TargetRegion::Each) => districts,
            _ => 1,
        };
        places + t.quotas.len()
    };
    let item = |i: &gen::Item| -> usize {
        fn go(i: &gen::Item, target: &dyn Fn(&gen::Target) -> usize) -> usize {
            i.targets.iter().map(target).sum::<usize>()
                + i.parts.iter().map(|p| go(p, target)).sum::<usize>()
        }
        go(i, &target)
    };
    plan.blocks
        .iter()
        .map(|b| match b {
            gen::Block::Section { items, .. } => items.iter().map(item).sum(),
            gen::Block::Item(i) => item(i),
        })
        .sum()
}

/// Everything a compilation says, spans included: the model's JSON and
/// each diagnostic's code, message, help and label spans.
type Outcome = (
    Option<String>,
    Vec<(String, String, Option<String>, Vec<Span>)>,
);

/// Compiles `text` with the item pass parsing pieces of about `piece` bytes.
fn compiled_in_pieces(text: &str, piece: usize) -> Outcome {
    let file = SourceFile::new("gen.plan", text);
    let options = planc::Options {
        parse_piece_bytes: piece,
        ..planc::Options::default()
    };
    let out = planc::compile_with(&file, &options, |_| Collect::default());
    let model = out
        .ok()
        .then(|| Model::from_parts(out.head, out.sink).to_json().unwrap());
    let diagnostics = out
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.message.clone(),
                d.help.clone(),
                d.labels.iter().map(|l| l.span).collect(),
            )
        })
        .collect();
    (model, diagnostics)
}

/// Lines that test where statements end: strings broken by a `\`, unclosed
/// strings, lists going on after a `,` across comments and blank lines,
/// stray braces, full-width punctuation.
const HOSTILE_LINES: &[&str] = &[
    "  text \"加快承接上海产业转移\\",
    "  text \"未闭合的字符串",
    "推进项目合作\"",
    "  text \"a\\\\",
    "  support 甲,",
    "  support 甲，",
    "# \"a comment with a quote",
    "",
    "}",
    "item 九十九 \"新的\\",
    "  by 2012: 未知指标 >= 1项",
    "\\",
];

/// Lines to insert into a plan: (line index, hostile line) pairs.
fn hostile() -> impl Strategy<Value = Vec<(prop::sample::Index, &'static str)>> {
    prop::collection::vec(
        (
            any::<prop::sample::Index>(),
            prop::sample::select(HOSTILE_LINES),
        ),
        0..6,
    )
}

fn with_lines(text: &str, inserts: &[(prop::sample::Index, &str)]) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    for (at, line) in inserts {
        let i = at.index(lines.len() + 1);
        lines.insert(i, line);
    }
    lines.join("\n")
}

/// Piece sizes tried besides a random one below 4 KiB: one byte puts a cut
/// at every statement boundary, the others cut between.
const PIECES: &[usize] = &[1, 3, 64, 1000];

#[test]
fn a_string_straddling_a_cut_is_parsed_the_same_for_every_piece_size() {
    // Before strings were truly one line, the `\` carried the `text`
    // string on to the next line in a whole scan, but a cut after it made
    // that line a statement of its own: a spurious E0003, or the target
    // parsed twice.
    let plan = "plan \"p\"\nperiod 2010..2012\nagency 甲\nmetric m: flow 项\n\
item 一 \"t\" {\n  lead 甲\n  text \"加快承接上海产业转移\\\n推进项目合作\"\n\
  by 2012: m >= 1项\n}\n\
item 二 \"u\" {\n  lead 甲\n  text \"断开\\\n  by 2012: 未知 >= 1项\n}\n";
    let whole = compiled_in_pieces(plan, planc::syntax::PIECE_BYTES);
    for piece in 1..=plan.len() + 1 {
        assert_eq!(
            compiled_in_pieces(plan, piece),
            whole,
            "piece of {piece} bytes"
        );
    }
    let codes: Vec<(&str, &str)> = whole
        .1
        .iter()
        .map(|(code, message, ..)| (code.as_str(), message.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            (
                "E0003",
                "string broken across lines: a `\\` does not continue a string"
            ),
            ("E0003", "unterminated string"),
            (
                "E0003",
                "string broken across lines: a `\\` does not continue a string"
            ),
            ("E0102", "unknown metric `未知`"),
        ]
    );
}

proptest! {
    #![proptest_config(proptest_config())]

    /// Nothing drops out between the plan and the model: every target the
    /// plan writes is in `targets`, every id an item lists is there exactly
    /// once, and the count `planc check` reports is the number written.
    #[test]
    fn the_model_holds_every_target_exactly_once(plan in gen::plan(), seed in any::<u64>()) {
        let text = plan.render(seed);
        let file = SourceFile::new("gen.plan", text.as_str());
        let model = planc::compile(&file).model.expect("a generated plan compiles");
        prop_assert_eq!(model.targets.len(), written_targets(&plan));
        let mut seen = std::collections::HashMap::new();
        for t in &model.targets {
            *seen.entry(t.id.as_str()).or_insert(0) += 1;
        }
        let listed: Vec<&str> = model.items.iter().flat_map(|i| i.targets.iter().map(String::as_str)).collect();
        prop_assert_eq!(listed.len(), model.targets.len());
        for id in listed {
            prop_assert_eq!(seen.get(id).copied(), Some(1), "{} is listed once and written once", id);
        }
        let counted = planc::compile_with(&file, &planc::Options::default(), |_| planc::model::Count::default());
        prop_assert!(counted.ok());
        prop_assert_eq!(counted.sink.targets, model.targets.len());
    }

    #[test]
    fn the_compiled_model_does_not_depend_on_the_piece_size(
        plan in gen::plan(),
        seed in any::<u64>(),
        piece in 1usize..4096,
    ) {
        let text = plan.render(seed);
        let whole = compiled_in_pieces(&text, planc::syntax::PIECE_BYTES);
        prop_assert!(whole.0.is_some(), "a generated plan compiles: {:?}", whole.1);
        for &size in PIECES.iter().chain([&piece]) {
            prop_assert_eq!(&compiled_in_pieces(&text, size), &whole, "piece of {} bytes", size);
        }
    }

    #[test]
    fn diagnostics_do_not_depend_on_the_piece_size(
        plan in gen::plan(),
        seed in any::<u64>(),
        inserts in hostile(),
        piece in 1usize..4096,
    ) {
        let text = with_lines(&plan.render(seed), &inserts);
        let whole = compiled_in_pieces(&text, planc::syntax::PIECE_BYTES);
        for &size in PIECES.iter().chain([&piece]) {
            prop_assert_eq!(&compiled_in_pieces(&text, size), &whole, "piece of {} bytes", size);
        }
    }

    #[test]
    fn compile_is_deterministic_and_the_model_round_trips(plan in gen::plan(), seed in any::<u64>()) {
        let text = plan.render(seed);
        let file = SourceFile::new("gen.plan", text.as_str());
        let a = planc::compile(&file).model.expect("a generated plan compiles");
        let b = planc::compile(&file).model.expect("and again");
        let json = a.to_json().unwrap();
        prop_assert_eq!(&json, &b.to_json().unwrap());
        let back = Model::from_json(&json).expect("the model reads back");
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(back.to_json().unwrap(), json);
    }

    #[test]
    fn eval_from_the_plan_equals_eval_from_its_model(
        plan in gen::plan(),
        seed in any::<u64>(),
        rows in rows(),
        as_of_offset in -2i16..10,
    ) {
        let text = plan.render(seed);
        let from_plan = planc::compile(&SourceFile::new("gen.plan", text.as_str())).model.unwrap();
        let from_model = Model::from_json(&from_plan.to_json().unwrap()).unwrap();
        let data = csv(&from_plan, &rows);
        let as_of = (i32::from(from_plan.plan.period.from) + i32::from(as_of_offset)).clamp(0, 65535) as u16;
        let judge = |m: &Model| {
            let cat = Catalog::new(m);
            let mut loader = Loader::new(&cat);
            loader.read_csv("gen.csv", data.as_bytes());
            let loaded = loader.finish();
            // Extreme figures may not convert exactly: both inputs must
            // then report the same problems.
            let problems: Vec<String> = loaded
                .files
                .iter()
                .flat_map(|f| f.diagnostics(data.clone().into_bytes()).1)
                .map(|d| format!("{} {}", d.code.as_str(), d.message))
                .collect();
            let e = evaluate(&cat, &loaded.figures, as_of);
            let json = render(&e, m, Format::Json, Options::default());
            (problems, json, e)
        };
        let (a_problems, a_json, a) = judge(&from_plan);
        let (b_problems, b_json, b) = judge(&from_model);
        prop_assert_eq!(a_problems, b_problems);
        prop_assert_eq!(a, b);
        prop_assert_eq!(a_json, b_json);
    }

    #[test]
    fn eval_never_panics_on_any_data(
        plan in gen::plan(),
        rows in rows(),
        as_of in any::<u16>(),
    ) {
        let model = planc::compile(&SourceFile::new("gen.plan", plan.render(0).as_str())).model.unwrap();
        let cat = Catalog::new(&model);
        let mut loader = Loader::new(&cat);
        loader.read_csv("gen.csv", csv(&model, &rows).as_bytes());
        let loaded = loader.finish();
        let e = evaluate(&cat, &loaded.figures, as_of);
        prop_assert_eq!(e.results.len(), model.targets.len());
        let faults = common::report_faults(&e, &model);
        prop_assert!(faults.is_empty(), "{:#?}", faults);
    }
}
