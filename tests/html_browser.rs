//! The HTML report in a real browser: each example's report is loaded in
//! headless Chromium and checked from the DOM it renders (after the
//! page's script ran) against `planc eval --format json`: every target is
//! there, every target with two or more figures has a chart, the status
//! counts match, the filters work, the console stays silent, and it
//! prints on A4 pages. A
//! screenshot of each is saved under `target/html-browser/`; with
//! `UPDATE_SCREENSHOTS=1` it replaces the one in `docs/img/`.
//!
//! Chromium is looked for as `$CHROMIUM`, `chromium`, `chromium-browser`
//! or `google-chrome`. Without one the test says so loudly and passes,
//! unless `PLANC_REQUIRE_BROWSER` is set, as `.ci/run` sets it after
//! installing Debian's `chromium` and `fonts-noto-cjk`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PLANC: &str = env!("CARGO_BIN_EXE_planc");
const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The examples with data: (name, plan, data, the report's language).
const EXAMPLES: [(&str, &str, &str, &str); 3] = [
    (
        "jiaxing-2010",
        "examples/jiaxing-2010.plan",
        "examples/jiaxing-2010.data.csv",
        "en",
    ),
    (
        "jiaxing-2010-zh",
        "examples/jiaxing-2010.plan",
        "examples/jiaxing-2010.data.csv",
        "zh",
    ),
    (
        "china-14th-fyp",
        "examples/china-14th-fyp.plan",
        "examples/china-14th-fyp.data.csv",
        "en",
    ),
];

fn browser() -> Option<String> {
    let candidates = std::env::var("CHROMIUM")
        .ok()
        .into_iter()
        .chain(["chromium", "chromium-browser", "google-chrome"].map(String::from));
    for c in candidates {
        let ok = Command::new(&c)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            return Some(c);
        }
    }
    None
}

/// Runs a command that must succeed, killed after a minute: a hung
/// browser fails the test instead of stalling it.
fn run(cmd: &mut Command) -> (String, String) {
    run_with(cmd, &[0])
}

/// As [`run`], for a command that may end with any of `codes`.
fn run_with(cmd: &mut Command, codes: &[i32]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let (out, err) = (dir.path().join("out"), dir.path().join("err"));
    let mut child = cmd
        .stdout(std::fs::File::create(&out).unwrap())
        .stderr(std::fs::File::create(&err).unwrap())
        .spawn()
        .unwrap();
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            let stderr = std::fs::read_to_string(&err).unwrap();
            assert!(
                status.code().is_some_and(|c| codes.contains(&c)),
                "{cmd:?} failed: {status}\n{stderr}"
            );
            return (std::fs::read_to_string(&out).unwrap(), stderr);
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("{cmd:?} took over a minute");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Chromium, headless, with a profile of its own so runs in parallel do
/// not share one.
fn chromium(exe: &str, profile: &Path) -> Command {
    let mut c = Command::new(exe);
    c.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--no-first-run",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()));
    c
}

/// The DOM after the page's script ran, and what the browser logged.
fn dump(exe: &str, profile: &Path, url: &str) -> (String, String) {
    run(chromium(exe, profile).args(["--dump-dom", url]))
}

/// Console messages of the page: any is a failure, since the page logs
/// nothing when all is well.
fn console(log: &str) -> Vec<&str> {
    log.lines().filter(|l| l.contains(":CONSOLE")).collect()
}

/// Each `<article …>` of the DOM, from its opening tag to its end.
fn articles(dom: &str) -> Vec<&str> {
    dom.split("<article ")
        .skip(1)
        .map(|a| a.split("</article>").next().unwrap())
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let open = tag.split('>').next()?;
    let start = open.find(&format!(" {name}=\""))? + name.len() + 3;
    let rest = &open[start..];
    Some(&rest[..rest.find('"')?])
}

/// The first row of counts of the summary table, by status.
fn summary_counts(dom: &str) -> Vec<(String, u64)> {
    let table = dom.split("<table id=\"summary\">").nth(1).unwrap();
    let table = table.split("</table>").next().unwrap();
    table
        .split("<td")
        .filter_map(|cell| {
            let status = attr(cell, "data-status")?;
            let n = cell.split('>').nth(1)?.split('<').next()?;
            Some((status.to_string(), n.parse().unwrap()))
        })
        .collect()
}

fn url(path: &Path, hash: &str) -> String {
    format!("file://{}{hash}", path.display())
}

#[test]
fn each_example_renders_in_chromium() {
    let Some(exe) = browser() else {
        let message = "\n\n*** html_browser: SKIPPED: no Chromium found ($CHROMIUM, chromium, \
             chromium-browser, google-chrome). Install it: apt-get install -y chromium \
             fonts-noto-cjk ***\n";
        assert!(
            std::env::var_os("PLANC_REQUIRE_BROWSER").is_none(),
            "{message}"
        );
        eprintln!("{message}");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let shots = Path::new(ROOT).join("target/html-browser");
    std::fs::create_dir_all(&shots).unwrap();
    for (name, plan, data, lang) in EXAMPLES {
        // Relative paths from the checkout, as the page shows them.
        let html = dir.path().join(format!("{name}.html"));
        run(Command::new(PLANC)
            .current_dir(ROOT)
            .arg("report")
            .arg(plan)
            .arg("--data")
            .arg(data)
            .arg("--html")
            .args(["--lang", lang])
            .arg("-o")
            .arg(&html));
        // Exit 3: the examples have firm targets missed.
        let (json, _) = run_with(
            Command::new(PLANC)
                .current_dir(ROOT)
                .arg("eval")
                .arg(plan)
                .arg("--data")
                .arg(data)
                .args(["--format", "json"]),
            &[0, 3],
        );
        let eval: Value = serde_json::from_str(&json).unwrap();
        let results = eval["results"].as_array().unwrap();
        let profile = dir.path().join(format!("profile-{name}"));

        let (dom, log) = dump(&exe, &profile, &url(&html, ""));
        assert!(console(&log).is_empty(), "{name}: {:?}", console(&log));
        assert!(
            dom.contains("data-filters=\"ready\""),
            "{name}: the page's script did not run"
        );
        // Every target, in the plan's order, once.
        let panels = articles(&dom);
        let ids: Vec<&str> = panels
            .iter()
            .map(|a| attr(a, "data-target").unwrap())
            .collect();
        let expected: Vec<&str> = results
            .iter()
            .map(|r| r["target"].as_str().unwrap())
            .collect();
        assert_eq!(ids, expected, "{name}");
        // Every target with two or more figures has a chart.
        let mut charts = 0;
        for (panel, r) in panels.iter().zip(results) {
            let figures = r["trend"]["series"].as_array().map_or(0, Vec::len);
            if figures >= 2 {
                assert!(
                    panel.contains("<svg class=\"chart\""),
                    "{name}: target {} has {figures} figures and no chart",
                    r["target"]
                );
                charts += 1;
            }
        }
        assert!(charts > 10, "{name}: only {charts} charts");
        // The counts match eval's.
        let counts = summary_counts(&dom);
        assert_eq!(counts.len(), 7, "{name}: {counts:?}");
        for (status, n) in &counts {
            assert_eq!(
                Some(*n),
                eval["summary"][status.as_str()].as_u64(),
                "{name}: {status}"
            );
        }

        // Filtered from the address: only the missed targets show.
        let (dom, log) = dump(&exe, &profile, &url(&html, "#status=missed"));
        assert!(console(&log).is_empty(), "{name}: {:?}", console(&log));
        let shown: Vec<&str> = articles(&dom)
            .into_iter()
            .filter(|a| attr(a, "hidden").is_none())
            .map(|a| attr(a, "data-status").unwrap())
            .collect();
        let missed = eval["summary"]["missed"].as_u64().unwrap();
        assert_eq!(shown.len() as u64, missed, "{name}");
        assert!(shown.iter().all(|s| *s == "missed"), "{name}: {shown:?}");
        assert!(
            dom.contains(&format!("<span id=\"shown\">{missed}</span>")),
            "{name}"
        );

        // Printed: A4 pages (595 × 842 points), several of them.
        let pdf = dir.path().join(format!("{name}.pdf"));
        run(chromium(&exe, &profile)
            .arg("--no-pdf-header-footer")
            .arg(format!("--print-to-pdf={}", pdf.display()))
            .arg(url(&html, "")));
        let pdf = std::fs::read(&pdf).unwrap();
        let text = String::from_utf8_lossy(&pdf);
        let boxes: Vec<&str> = text
            .match_indices("/MediaBox [")
            .map(|(i, m)| text[i + m.len()..].split(']').next().unwrap())
            .collect();
        assert!(boxes.len() >= 2, "{name}: {} pages", boxes.len());
        for b in &boxes {
            let n: Vec<f64> = b.split_whitespace().map(|x| x.parse().unwrap()).collect();
            assert!(
                (n[2] - 595.28).abs() < 1.0 && (n[3] - 841.89).abs() < 1.0,
                "{name}: page {b} is not A4"
            );
        }

        let shot = shots.join(format!("report-{name}.png"));
        let _ = std::fs::remove_file(&shot);
        run(chromium(&exe, &profile)
            .arg("--window-size=1100,1700")
            .arg(format!("--screenshot={}", shot.display()))
            .arg(url(&html, "")));
        let png = std::fs::read(&shot).unwrap();
        assert!(png.starts_with(b"\x89PNG"), "{name}: no screenshot");
        if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
            let docs: PathBuf = Path::new(ROOT).join("docs/img");
            std::fs::create_dir_all(&docs).unwrap();
            std::fs::copy(&shot, docs.join(format!("report-{name}.png"))).unwrap();
        }
    }
}
