//! planc: a compiler, checker and evaluator for policy-target plans.
//!
//! A plan file is parsed (`syntax`), checked and lowered (`check`) into the
//! evaluation model (`model`), which is the one interface to everything
//! downstream. The CLI in `main.rs` only wraps this library.
//!
//! ```
//! use planc::{compile, source::SourceFile};
//!
//! let plan = r#"
//! plan "引进项目"
//! period 2010..2012
//! agency 市经贸委
//! metric projects: flow 项 "引进沪杭等地工业项目"
//! item 三 "加快平台建设" {
//!   lead 市经贸委 by 2012: projects >= 150
//! }
//! "#;
//! let out = compile(&SourceFile::new("a.plan", plan));
//! assert!(out.diagnostics.is_empty());
//! let model = out.model.unwrap();
//! assert_eq!(model.targets[0].lead, ["市经贸委"]);
//! assert_eq!(model.targets[0].value.unwrap().to_string(), "150");
//! ```

pub mod check;
pub mod diag;
pub mod io;
pub mod model;
pub mod source;
pub mod span;
pub mod syntax;

use diag::Diagnostic;
use model::{Collect, Head, Model, ModelSink};
use source::SourceFile;

/// The outcome of compiling one plan.
#[derive(Debug)]
pub struct Compiled {
    /// Present when no error was reported (warnings allowed).
    pub model: Option<Model>,
    /// Errors and warnings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks a plan, producing its model and every diagnostic.
pub fn compile(file: &SourceFile) -> Compiled {
    let (body, head, diagnostics) = compile_with(file, |_| Collect::default());
    let ok = !diag::has_errors(&diagnostics);
    Compiled {
        model: ok.then(|| Model::from_parts(head, body)),
        diagnostics,
    }
}

/// Compiles a plan streaming: the plan's top level is checked first, then
/// `make_sink` gets the model's head, then each item is parsed, checked and
/// handed to the sink in turn, so only one item's tree is alive at a time.
/// Returns the sink, the head and every diagnostic, sorted. The sink's
/// contents are meaningful only when no diagnostic is an error.
pub fn compile_with<S: ModelSink>(
    file: &SourceFile,
    make_sink: impl FnOnce(&Head) -> S,
) -> (S, Head, Vec<Diagnostic>) {
    let src = file.text.as_str();
    let mut diagnostics = Vec::new();
    let outline = syntax::outline(src, &mut diagnostics);
    let (mut checker, head) = check::Checker::new(&outline, file, &mut diagnostics);
    let mut sink = make_sink(&head);
    let mut checked = Vec::new();
    syntax::items(src, &mut diagnostics, |section, item| {
        checker.item(section, &item, &mut sink, &mut checked);
    });
    diagnostics.append(&mut checked);
    checker.finish(&mut diagnostics);
    diag::sort(&mut diagnostics);
    (sink, head, diagnostics)
}
