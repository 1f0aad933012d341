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
pub mod fmt;
pub mod io;
pub mod model;
pub mod source;
pub mod span;
pub mod syntax;

use diag::Diagnostic;
use model::Model;
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
    let mut diagnostics = Vec::new();
    let plan = syntax::parse(&file.text, &mut diagnostics);
    let model = check::check(&plan, file, &mut diagnostics);
    diag::sort(&mut diagnostics);
    let ok = !diag::has_errors(&diagnostics);
    Compiled {
        model: ok.then_some(model),
        diagnostics,
    }
}
