//! No data makes eval panic: every target kind against empty, zero,
//! negative, huge and tiny figures, seen from any year, including the
//! extremes of the year type.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

mod common;

use planc::data::{Catalog, Loader};
use planc::eval::{evaluate, Status};
use planc::source::SourceFile;

const PLAN: &str = r#"plan "robust"
period 2010..2012
baseline 2009
agency 甲
metric s: stock 家
metric f: flow 亿元
metric m: milestone
item 一 "t" {
  lead 甲
  by 2012: s >= 200
  by 2012: f >= 150
  each year: f > 100
  each year: f growth >= 10%
  by 2012: s average growth >= 10%
  by 2012: f annual average >= 20
  within 2010..2011: f >= 60
  by 2012: s in 3..5
  by 2012: s ~ 30 ± 3
  by 2012: s change since 2010 <= -10%
  by 2012: m done
  by 2011..2012: s >= 5
}
"#;

const VALUES: &[&str] = &[
    "0",
    "-1",
    "-79228162514264337593543950335",
    "79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "1",
    "7922816251426433759354395033.5",
];

#[test]
fn eval_never_panics() {
    let model = planc::compile(&SourceFile::new("robust.plan", PLAN))
        .model
        .unwrap();
    let cat = Catalog::new(&model);
    let mut sets: Vec<String> = vec![String::new()];
    for v in VALUES {
        let mut rows = String::new();
        for y in 2009..=2012 {
            for metric in ["s", "f"] {
                rows.push_str(&format!("{metric},{y},{v}\n"));
            }
        }
        sets.push(rows);
        // Only one year, and a zero baseline with a huge later figure.
        sets.push(format!("s,2011,{v}\nf,2011,{v}\n"));
        sets.push(format!(
            "s,2009,0\ns,2010,0\ns,2012,{v}\nf,2009,0\nf,2012,{v}\nm,2012,done\n"
        ));
    }
    let mut judged = 0;
    for rows in &sets {
        let mut loader = Loader::new(&cat);
        loader.read_csv("r.csv", format!("metric,year,value\n{rows}").as_bytes());
        let data = loader.finish();
        for as_of in [0, 1, 1900, 2009, 2010, 2011, 2012, 2013, 2100, u16::MAX] {
            let e = evaluate(&cat, &data.figures, as_of);
            assert_eq!(e.results.len(), model.targets.len());
            for r in &e.results {
                if matches!(r.status, Status::Pending | Status::NoData) {
                    assert!(
                        planc::report::text::english_reason(r).is_some(),
                        "{} as of {as_of}: no reason",
                        r.target
                    );
                }
            }
            // Every format shows every target.
            let faults = common::report_faults(&e, &model);
            assert!(faults.is_empty(), "as of {as_of}: {faults:#?}");
            judged += e.results.len();
        }
    }
    assert!(judged > 1000);
}
