//! planc: a compiler, checker and evaluator for policy-target plans.
//!
//! A plan file is parsed ([`syntax`]), checked and lowered ([`check`]) into
//! the evaluation [`model`], the one interface to everything downstream:
//! reported figures are read against it ([`data`]), every target is judged
//! ([`eval`]) and the results are rendered ([`report`]). Problems are
//! [`diag::Diagnostic`] values with byte spans, turned into text, JSON or
//! SARIF only when shown. The `planc` command only wraps this library.
//!
//! # Embedding
//!
//! Compile a plan, read the figures reported for it, judge every target
//! and read the verdict:
//!
//! ```
//! use planc::data::{Catalog, Loader};
//! use planc::diag::render::{render, Style};
//! use planc::eval::{evaluate, Status};
//! use planc::report::{self, Format};
//! use planc::source::SourceFile;
//!
//! let file = SourceFile::new(
//!     "a.plan",
//!     r#"
//! plan "引进项目"
//! period 2010..2012
//! agency 市经贸委
//! metric projects: flow 项 "引进沪杭等地工业项目"
//! item 三 "加快平台建设" {
//!   lead 市经贸委 by 2012: projects >= 150 "引进项目150个"
//! }
//! "#,
//! );
//!
//! // 1. Compile. The model is there only when the plan has no error; each
//! //    diagnostic renders as `planc check` shows it.
//! let compiled = planc::compile(&file);
//! for d in &compiled.diagnostics {
//!     eprint!("{}", render(d, &file, Style { color: false, width: 100 }));
//! }
//! let model = compiled.model.expect("the plan has no error");
//!
//! // 2. Read reported figures: CSV or JSON from any `Read`, streamed. Each
//! //    file's problems are data too (`data.files[i].problems`).
//! let catalog = Catalog::new(&model);
//! let mut loader = Loader::new(&catalog);
//! let csv = "metric,year,value\nprojects,2010,48\nprojects,2011,55\n";
//! loader.read_csv("reported.csv", csv.as_bytes());
//! let data = loader.finish();
//! assert!(!data.has_errors());
//!
//! // 3. Judge every target as of the latest year reported.
//! let as_of = data.figures.latest_year().expect("figures were read");
//! let verdict = evaluate(&catalog, &data.figures, as_of);
//! let result = &verdict.results[0];
//! assert_eq!((result.target.as_str(), as_of), ("3-1", 2011));
//! // 103 projects of 150, with a year to go: on the way.
//! assert_eq!(result.status, Status::OnTrack);
//! assert!(!verdict.fails()); // no firm target missed or behind: exit 0
//!
//! // 4. Or hand the verdict on as `planc eval --format json` would.
//! let json = report::render(&verdict, &model, Format::Json, Default::default());
//! assert!(json.contains(r#""status": "on_track""#));
//! ```
//!
//! [`compile_with`] streams instead: each item is checked and handed to a
//! [`model::ModelSink`] in turn, so a large plan's model need not be held
//! in memory.

#![warn(missing_docs)]
#![deny(unsafe_code)]

// The pest parser is generated for `no_std` + `alloc` (see Cargo.toml).
extern crate alloc;

pub mod check;
pub mod data;
pub mod diag;
pub mod diff;
pub mod eval;
pub mod exact;
pub mod extract;
pub mod fmt;
pub mod index;
pub mod io;
pub mod lsp;
pub mod model;
pub mod report;
pub mod source;
pub mod span;
pub mod syntax;
pub mod template;

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
    let out = compile_with(file, &Options::default(), |_| Collect::default());
    let ok = out.ok();
    Compiled {
        model: ok.then(|| Model::from_parts(out.head, out.sink)),
        diagnostics: out.diagnostics,
    }
}

/// Settings of a compilation.
#[derive(Clone, Debug)]
pub struct Options {
    /// Keep at most this many diagnostics (the first by position); the
    /// rest are only counted.
    pub max_diagnostics: usize,
    /// Statements are parsed on every core, in pieces of about this many
    /// bytes of plan text cut at statement boundaries
    /// ([`syntax::PIECE_BYTES`], 256 KiB, by default). The result is the
    /// same for every size; tests use small ones to put cuts everywhere.
    pub parse_piece_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_diagnostics: usize::MAX,
            parse_piece_bytes: syntax::PIECE_BYTES,
        }
    }
}

/// The outcome of [`compile_with`].
pub struct Streamed<S> {
    /// The sink, holding what it kept of the items and targets.
    pub sink: S,
    /// The model's head: everything before the items.
    pub head: Head,
    /// Sorted by position, at most `Options::max_diagnostics` of them.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics beyond the cap, counted.
    pub omitted: diag::Omitted,
}

impl<S> Streamed<S> {
    /// No error was reported (kept or omitted): the sink's model is valid.
    pub fn ok(&self) -> bool {
        self.omitted.errors == 0 && !diag::has_errors(&self.diagnostics)
    }
}

/// Compiles a plan streaming: the plan's top level is checked first, then
/// `make_sink` gets the model's head (while the first items are parsed on
/// the other cores), then each item is checked and handed to the sink in
/// turn, so only one item's tree is alive at a time.
/// The sink's contents are meaningful only when [`Streamed::ok`].
pub fn compile_with<S: ModelSink>(
    file: &SourceFile,
    options: &Options,
    make_sink: impl FnOnce(&Head) -> S,
) -> Streamed<S> {
    let src = file.text.as_str();
    let cap = options.max_diagnostics;
    let mut diagnostics = Vec::new();
    let (outline, pieces) = syntax::outline(src, options.parse_piece_bytes, &mut diagnostics);
    // The checker is built from the top level while the first pieces of
    // items are parsed.
    let prepare = move |diags: &mut Vec<Diagnostic>| {
        let mut omitted = diag::Omitted::default();
        let (checker, head) = check::Checker::new(&outline, file, diags);
        drop(outline);
        checker.finish(diags);
        omitted.trim(diags, cap);
        let sink = make_sink(&head);
        (checker, head, sink, omitted)
    };
    let (_, head, sink, mut omitted) = syntax::items_after(
        src,
        &pieces,
        &mut diagnostics,
        prepare,
        |(checker, _, sink, omitted), section, item, diags| {
            checker.item(section, &item, sink, diags);
            omitted.trim(diags, cap);
        },
    );
    omitted.cut(&mut diagnostics, cap);
    Streamed {
        sink,
        head,
        diagnostics,
        omitted,
    }
}
