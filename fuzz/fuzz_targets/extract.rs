//! Document bytes → decode (UTF-8 or GBK) → extract → the draft and the
//! JSON: extraction never fails, the draft compiles without errors, every
//! span lies inside the document, and the JSON parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::extract;
use planc::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let Some((text, encoding)) = extract::decode(data) else {
        return;
    };
    let x = match extract::extract(&text, "fuzz.txt") {
        Ok(x) => x,
        Err(e) => panic!("extract failed: {e}"),
    };
    let out = planc::compile(&SourceFile::new("draft.plan", x.draft.clone()));
    assert!(
        !planc::diag::has_errors(&out.diagnostics),
        "the draft does not check: {:?}",
        out.diagnostics
    );
    let ex = &x.extraction;
    for t in &ex.targets {
        assert!(t.quote.span.end <= text.len() && t.sentence.end <= text.len());
        assert!(text.is_char_boundary(t.quote.span.start) && text.is_char_boundary(t.quote.span.end));
    }
    let json = extract::json::document(&x, &text, "fuzz.txt", encoding);
    assert!(json.starts_with('{') && json.contains("\"planc-extract\""));
});
