//! Properties of the whole pipeline on generated valid plans and data (see
//! `tests/common/gen.rs`): compiling is deterministic and the model
//! round-trips through JSON; evaluating the plan equals evaluating its
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
use planc::model::{MetricKind, Model};
use planc::report::{render, Format, Options};
use planc::source::SourceFile;
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
        let region = ["", "", "南湖区", "秀洲区"][usize::from(*region)];
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

proptest! {
    #![proptest_config(proptest_config())]

    #[test]
    fn compile_is_deterministic_and_the_model_round_trips(plan in gen::plan(), seed in any::<u64>()) {
        let text = plan.render(seed);
        let file = SourceFile::new("gen.plan", text.as_str());
        let a = planc::compile(&file).model.expect("a generated plan compiles");
        let b = planc::compile(&file).model.expect("and again");
        let json = a.to_json();
        prop_assert_eq!(&json, &b.to_json());
        let back = Model::from_json(&json).expect("the model reads back");
        prop_assert_eq!(&back, &a);
        prop_assert_eq!(back.to_json(), json);
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
        let from_model = Model::from_json(&from_plan.to_json()).unwrap();
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
