//! Plan text → compile → model → JSON → model: the round trip is exact,
//! and compiling twice gives the same bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::model::Model;
use planc::source::SourceFile;

fuzz_target!(|text: &str| {
    let file = SourceFile::new("fuzz.plan", text);
    let out = planc::compile(&file);
    if let Some(model) = out.model {
        let json = model.to_json().unwrap();
        let back = Model::from_json(&json).expect("the model reads back");
        assert_eq!(back, model);
        let again = planc::compile(&file).model.expect("compiles again");
        assert_eq!(again.to_json().unwrap(), json);
    }
});
