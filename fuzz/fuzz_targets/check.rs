//! Plan bytes → decode → parse → check → render every diagnostic, as text
//! (which walks spans over CJK lines) and as JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use planc::diag::{json, render};
use planc::source::SourceFile;

fuzz_target!(|data: &[u8]| {
    let file = match SourceFile::from_bytes("fuzz.plan", data.to_vec()) {
        Ok(f) => f,
        Err(e) => {
            let (file, diag) = *e;
            let _ = render::render(&diag, &file, render::Style::plain());
            return;
        }
    };
    let out = planc::compile(&file);
    for d in &out.diagnostics {
        for l in &d.labels {
            // Every span lies on character boundaries inside the file.
            assert!(l.span.end as usize <= file.text.len());
            assert!(file.text.is_char_boundary(l.span.start as usize));
            assert!(file.text.is_char_boundary(l.span.end as usize));
        }
        let _ = render::render(d, &file, render::Style::plain());
        let _ = json::to_json(d, &file);
    }
});
