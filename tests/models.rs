//! The model of each example: snapshotted, validated against the committed
//! JSON Schema, deterministic, and round-tripping through JSON.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use planc::model::Model;
use planc::source::SourceFile;

fn model_of(path: &str) -> Model {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let out = planc::compile(&SourceFile::new(path, text));
    let errors: Vec<_> = out.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{path}: {errors:?}");
    out.model
        .unwrap_or_else(|| unreachable!("no errors means a model"))
}

/// The example plans, as many as `examples/` holds: three today.
const EXAMPLE_PLANS: usize = 4;
// A count of zero would let every per-example test pass without a check.
const _: () = assert!(EXAMPLE_PLANS > 0);

/// Every `examples/*.plan`, sorted. A directory that cannot be read fails
/// the test rather than leaving every loop below with nothing to check.
fn examples() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir("examples")
        .unwrap_or_else(|e| panic!("cannot read examples/: {e}"))
        .map(|e| e.unwrap().path().display().to_string())
        .filter(|p| p.ends_with(".plan"))
        .collect();
    v.sort();
    assert_eq!(v.len(), EXAMPLE_PLANS, "examples/*.plan: {v:?}");
    v
}

#[test]
fn there_are_example_plans_to_check() {
    assert_eq!(
        examples(),
        [
            "examples/china-14th-fyp.plan",
            "examples/jiaxing-2010.plan",
            "examples/jiaxing-districts.plan",
            "examples/paris-ndc-eu.plan"
        ]
    );
}

#[test]
fn example_models_are_snapshotted() {
    for path in examples() {
        let json = model_of(&path).to_json().unwrap();
        let name = path
            .trim_start_matches("examples/")
            .trim_end_matches(".plan")
            .to_string();
        insta::assert_snapshot!(format!("model-{name}"), json);
    }
}

#[test]
fn example_models_validate_against_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schema/model.schema.json").unwrap())
            .unwrap();
    let validator =
        jsonschema::validator_for(&schema).unwrap_or_else(|e| unreachable!("schema: {e}"));
    for path in examples() {
        let value: serde_json::Value =
            serde_json::from_str(&model_of(&path).to_json().unwrap()).unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&value)
            .map(|e| format!("{} at {}", e, e.instance_path))
            .collect();
        assert!(errors.is_empty(), "{path}: {errors:#?}");
    }
}

#[test]
fn schema_rejects_a_broken_model() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string("schema/model.schema.json").unwrap())
            .unwrap();
    let validator =
        jsonschema::validator_for(&schema).unwrap_or_else(|e| unreachable!("schema: {e}"));
    let value: serde_json::Value =
        serde_json::from_str(&model_of("examples/jiaxing-2010.plan").to_json().unwrap()).unwrap();
    // Illegal states: each breaks one condition or requirement of the
    // Jiaxing model, and both the schema and planc's reader must refuse it.
    type Break = fn(&mut serde_json::Map<String, serde_json::Value>);
    let breaks: [(&str, &str, Break); 6] = [
        ("a range without its low end", "between", |r| {
            r.remove("low");
        }),
        ("a milestone with a requirement", "milestone", |c| {
            c.insert("requirement".into(), serde_json::json!({"is": "compare"}));
        }),
        ("a comparison with a range's bound", "compare", |r| {
            r.insert("low".into(), serde_json::json!(1));
        }),
        (
            "a tolerance that does not say whether it was written",
            "about",
            |r| {
                r.insert(
                    "tolerance".into(),
                    serde_json::json!({"kind": "relative", "percent": 5}),
                );
            },
        ),
        ("a base that is not number × scale", "compare", |r| {
            r.get_mut("value")
                .and_then(|v| v.as_object_mut())
                .map(|v| v.insert("base".into(), serde_json::json!(12345)));
        }),
        ("a value without its base", "compare", |r| {
            r.get_mut("value")
                .and_then(|v| v.as_object_mut())
                .map(|v| v.remove("base"));
        }),
    ];
    for (what, form, break_it) in breaks {
        let mut broken = value.clone();
        let target = broken["targets"]
            .as_array_mut()
            .and_then(|ts| {
                ts.iter_mut().find(|t| {
                    t["condition"]["kind"] == form || t["condition"]["requirement"]["is"] == form
                })
            })
            .unwrap_or_else(|| panic!("the Jiaxing model has a {form} target"));
        let object = if target["condition"]["kind"] == form {
            target["condition"].as_object_mut()
        } else {
            target["condition"]["requirement"].as_object_mut()
        };
        break_it(object.unwrap());
        // Arithmetic between fields is beyond a JSON Schema: planc's reader
        // alone refuses a base that is not number × scale.
        if !what.starts_with("a base that") {
            assert!(!validator.is_valid(&broken), "the schema accepts {what}");
        }
        let text = serde_json::to_string(&broken).unwrap();
        assert!(Model::from_json(&text).is_err(), "planc reads {what}");
    }
    assert!(validator.is_valid(&value));
}

#[test]
fn compile_is_deterministic_and_round_trips() {
    for path in examples() {
        let a = model_of(&path);
        let b = model_of(&path);
        assert_eq!(a.to_json().unwrap(), b.to_json().unwrap());
        let back = Model::from_json(&a.to_json().unwrap());
        assert_eq!(back.as_ref(), Ok(&a), "{path}");
    }
}

#[test]
fn jiaxing_model_matches_the_document() {
    let m = model_of("examples/jiaxing-2010.plan");
    let top: Vec<&str> = m
        .items
        .iter()
        .filter(|i| i.parent.is_none())
        .map(|i| i.id.as_str())
        .collect();
    let expected: Vec<String> = (1..=31).map(|n| n.to_string()).collect();
    assert_eq!(top, expected.iter().map(String::as_str).collect::<Vec<_>>());
    let parts: Vec<&str> = m
        .items
        .iter()
        .filter(|i| i.parent.is_some())
        .map(|i| i.id.as_str())
        .collect();
    assert_eq!(parts, ["9.1", "9.2", "9.3"]);
    let item = |id: &str| m.items.iter().find(|i| i.id == id).cloned();
    let name = |id: &String| {
        m.agencies
            .iter()
            .find(|a| &a.id == id)
            .map(|a| a.name.clone())
            .unwrap_or_else(|| panic!("agency {id} is not declared"))
    };
    let names = |ids: &[String]| ids.iter().map(name).collect::<Vec<_>>();
    let i3 = item("3").unwrap_or_else(|| unreachable!());
    assert_eq!(names(&i3.lead), ["市经贸委"]);
    assert_eq!(names(&i3.support), ["市外经贸局", "各县(市、区)政府"]);
    let i6 = item("6").unwrap_or_else(|| unreachable!());
    assert_eq!(names(&i6.lead), ["市农办(农业经济局)"]);
    assert_eq!(names(&i6.support), ["市供销社(农合联)", "各县(市、区)政府"]);
    let i16 = item("16").unwrap_or_else(|| unreachable!());
    assert_eq!(names(&i16.lead), ["市发展改革委", "市交通局"]);
    let milestones = m
        .targets
        .iter()
        .filter(|t| t.kind() == planc::model::TargetKind::Milestone)
        .count();
    assert!(milestones >= 5, "{milestones} milestones");
    assert!(m.targets.len() >= 70, "{} targets", m.targets.len());
    // Every item id referenced by a target exists, and lists that target.
    for t in &m.targets {
        let it = item(&t.item).unwrap_or_else(|| unreachable!("{}", t.item));
        assert!(it.targets.contains(&t.id));
    }
}
