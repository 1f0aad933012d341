//! Helpers shared by the integration tests. Each test crate uses a part of
//! them, so unused ones are not warnings.
#![allow(dead_code)]
// Test code: a panic is a failing test (as clippy.toml allows in `#[test]`s).
#![allow(clippy::unwrap_used, clippy::panic, clippy::indexing_slicing)]

pub mod gen;

use std::process::{Command, Output};

/// The real `planc` binary run with `args`, its output collected. Colour
/// and width are left to planc (no `NO_COLOR`, no `COLUMNS`): output to a
/// pipe is plain unless `--color always` asks for colour.
pub fn planc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_planc"))
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("COLUMNS")
        .output()
        .unwrap()
}

/// A run's standard output, which must be UTF-8.
pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

/// A run's standard error, which must be UTF-8.
pub fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

use planc::model::{Model, Position};
use planc::source::SourceFile;

/// What a plan means, with every source position blanked: its model when
/// it compiles, and every diagnostic as code, message and help (their
/// spans are positions too). Two layouts of one plan have equal meanings.
#[derive(Debug, PartialEq)]
pub struct Meaning {
    pub model: Option<Model>,
    pub diagnostics: Vec<(String, String, Option<String>)>,
}

pub fn meaning(name: &str, text: &str) -> Meaning {
    let out = planc::compile(&SourceFile::new(name, text));
    let model = out.model.map(|mut m| {
        let nowhere = Position { line: 0, column: 0 };
        m.items.iter_mut().for_each(|i| i.source = nowhere);
        m.targets.iter_mut().for_each(|t| t.source = nowhere);
        m
    });
    let diagnostics = out
        .diagnostics
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                d.message.clone(),
                d.help.clone(),
            )
        })
        .collect();
    Meaning { model, diagnostics }
}

/// Property tests run a fixed number of cases from a fixed seed, so CI is
/// deterministic and its time known. `PROPTEST_CASES` and
/// `PROPTEST_RNG_SEED` (a number) override both for a deeper local run.
pub fn proptest_config() -> proptest::test_runner::Config {
    use proptest::test_runner::{Config, RngSeed};
    let mut c = Config::default();
    if std::env::var_os("PROPTEST_CASES").is_none() {
        c.cases = 64;
    }
    if std::env::var_os("PROPTEST_RNG_SEED").is_none() {
        c.rng_seed = RngSeed::Fixed(0x0070_6c61_6e63);
    }
    // A failure is reproduced from the fixed seed; nothing to persist.
    c.failure_persistence = None;
    c
}

/// Formats `text`, failing the test with the diagnostics on a refusal.
pub fn fmt(text: &str) -> String {
    match planc::fmt::format_source(text) {
        Ok(t) => t,
        Err(d) => panic!("refused to format: {d:#?}\n{text}"),
    }
}

/// The comments of a plan, in order, as the formatter prints them.
pub fn comments(text: &str) -> Vec<String> {
    let s = planc::syntax::scan::scan(text);
    let mut v = Vec::new();
    let mut push = |sp: planc::span::Span| v.push(text[sp.range()].trim_end().to_string());
    for st in &s.stmts {
        st.leading.iter().copied().for_each(&mut push);
        st.inner.iter().copied().for_each(&mut push);
        st.trailing.into_iter().for_each(&mut push);
    }
    s.tail.iter().copied().for_each(&mut push);
    v
}

/// `text` with every comment removed (line ends kept).
pub fn strip_comments(text: &str) -> String {
    let s = planc::syntax::scan::scan(text);
    let mut spans: Vec<planc::span::Span> = Vec::new();
    for st in &s.stmts {
        spans.extend(&st.leading);
        spans.extend(&st.inner);
        spans.extend(st.trailing);
    }
    spans.extend(&s.tail);
    spans.sort();
    let mut out = String::new();
    let mut at = 0;
    for sp in spans {
        out.push_str(&text[at..sp.start as usize]);
        at = sp.end as usize;
    }
    out.push_str(&text[at..]);
    out
}

/// `(info string, code)` of every fenced block of a Markdown text, in
/// order. A fence may be indented (inside a list item); its indentation is
/// removed from the block's lines.
pub fn fenced_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String, String)> = None;
    for line in markdown.lines() {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        match &mut current {
            None if trimmed.starts_with("```") => {
                current = Some((
                    indent,
                    trimmed.trim_start_matches('`').to_string(),
                    String::new(),
                ));
            }
            Some(_) if trimmed.starts_with("```") => {
                out.extend(current.take().map(|(_, info, code)| (info, code)));
            }
            Some((n, _, code)) => {
                let cut = line.char_indices().nth(*n).map_or(line.len(), |(i, _)| i);
                let head = line.get(..cut).unwrap_or("");
                code.push_str(if head.trim().is_empty() {
                    line.get(cut..).unwrap_or("")
                } else {
                    line
                });
                code.push('\n');
            }
            None => {}
        }
    }
    assert!(current.is_none(), "unclosed fence");
    out
}

/// What is wrong with the reports of `e` in every format: each must show
/// every target, in order, with its status (JSON), its id (table and
/// Markdown) or its test case (JUnit). Empty when all is well.
pub fn report_faults(e: &planc::eval::Evaluation, model: &Model) -> Vec<String> {
    use planc::report::{render, Format, Options};
    let mut faults = Vec::new();
    let n = model.targets.len();
    let json = render(e, model, Format::Json, Options::default());
    match serde_json::from_str::<serde_json::Value>(&json) {
        Ok(v) => {
            let results = v["results"].as_array().cloned().unwrap_or_default();
            let got: Vec<(serde_json::Value, serde_json::Value)> = results
                .iter()
                .map(|r| (r["target"].clone(), r["status"].clone()))
                .collect();
            let want: Vec<(serde_json::Value, serde_json::Value)> = e
                .results
                .iter()
                .map(|r| (r.target.as_str().into(), r.status.as_str().into()))
                .collect();
            if got != want {
                faults.push(format!("JSON results {got:?}, want {want:?}"));
            }
            if v["summary"]["targets"] != n {
                faults.push(format!("JSON summary {} of {n} targets", v["summary"]));
            }
        }
        Err(err) => faults.push(format!("JSON does not parse ({err}): {json}")),
    }
    let table = render(e, model, Format::Table, Options::default());
    let markdown = render(e, model, Format::Markdown, Options::default());
    let html = render(e, model, Format::Html, Options::default());
    if html.matches("<script").count() != 1 {
        faults.push("HTML has a script besides its own".to_string());
    }
    // A chart's coordinates are finite numbers, whatever the figures
    // (Rust writes the others as `NaN`, `inf`, `-inf`).
    for chart in html.split("<svg class=\"chart\"").skip(1) {
        let chart = chart.split("</svg>").next().unwrap_or_default();
        if ["NaN", "\"inf", " inf", "-inf"]
            .iter()
            .any(|bad| chart.contains(bad))
        {
            faults.push(format!(
                "a chart has a coordinate that is not a number: {chart}"
            ));
        }
    }
    for r in &e.results {
        let id = &r.target;
        if html.matches(&format!(" data-target=\"{id}\"")).count() != 1 {
            faults.push(format!("HTML has no single panel for {id}"));
        }
        if !table.lines().any(|l| l.starts_with(&format!("{id} "))) {
            faults.push(format!("table has no row for {id}:\n{table}"));
        }
        if !markdown.contains(&format!("| {id} |")) {
            faults.push(format!("Markdown has no row for {id}:\n{markdown}"));
        }
    }
    let plural = if n == 1 { "" } else { "s" };
    if !table.contains(&format!("{n} target{plural} as of {}", e.as_of)) {
        faults.push(format!("table has no summary of {n} targets:\n{table}"));
    }
    // Every item is listed: one without targets of its own (unless its
    // parts carry them) is a case of its own in JUnit and a heading in
    // the table and Markdown.
    let bare: Vec<_> = model
        .items
        .iter()
        .filter(|i| {
            i.targets.is_empty()
                && !model
                    .items
                    .iter()
                    .any(|p| p.parent.as_deref() == Some(i.id.as_str()))
        })
        .collect();
    for i in &bare {
        let heading = format!("({}) {}", i.id, i.title);
        if !table.contains(&format!("  {heading}\n"))
            || !markdown.contains(&format!("### {heading}\n"))
        {
            faults.push(format!(
                "item {} without targets is not listed:\n{table}",
                i.id
            ));
        }
    }
    let junit = render(e, model, Format::Junit, Options::default());
    let cases = junit.matches("<testcase ").count();
    let want = n + bare.len();
    if cases != want || !junit.contains(&format!(" tests=\"{want}\"")) {
        faults.push(format!(
            "JUnit has {cases} test cases for {n} targets and {} items without:\n{junit}",
            bare.len()
        ));
    }
    faults
}

/// (code, the cell's text, help) of each problem CSV data `csv` gives
/// against `model`, in order.
pub fn data_problems(model: &Model, csv: &str) -> Vec<(String, String, String)> {
    let cat = planc::data::Catalog::new(model);
    let mut loader = planc::data::Loader::new(&cat);
    loader.read("d.csv", planc::data::Format::Csv, csv.as_bytes());
    let data = loader.finish();
    let (_, diags) = data.files[0].diagnostics(csv.as_bytes().to_vec());
    diags
        .iter()
        .map(|d| {
            (
                d.code.as_str().to_string(),
                csv[d.labels[0].span.range()].to_string(),
                d.help.clone().unwrap_or_default(),
            )
        })
        .collect()
}
