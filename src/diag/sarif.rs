//! Diagnostics as SARIF 2.1.0, the format code-scanning tools read to show
//! findings inline (`planc check --format sarif`).
//!
//! One run; the driver's rules are every code planc has, with its title and
//! its `docs/errors/` page as help. Each result points at its file with a
//! region giving both line/column (1-based, columns counting Unicode code
//! points, which SARIF calls `unicodeCodePoints`) and the byte range.
//! Secondary labels become related locations. A diagnostic about a whole
//! file (it cannot be read) has a location without a region.

use super::{Code, Diagnostic, Severity};
use crate::source::SourceFile;
use crate::span::Span;
use serde_json::{json, Map, Value};

/// The `$schema` of the logs written.
pub const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// One file and the diagnostics found in it.
pub struct Findings<'a> {
    /// The file.
    pub file: &'a SourceFile,
    /// Its diagnostics.
    pub diagnostics: &'a [Diagnostic],
}

/// The SARIF log of one planc run over `files`.
pub fn log(files: &[Findings<'_>], tool_version: &str) -> Value {
    let results: Vec<Value> = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| result(d, f.file)))
        .collect();
    let failed = files
        .iter()
        .flat_map(|f| f.diagnostics.iter())
        .any(|d| d.code == Code::Io);
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "planc",
                    "version": tool_version,
                    "semanticVersion": tool_version,
                    "rules": Code::ALL.iter().map(|&c| rule(c)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [{ "executionSuccessful": !failed }],
            "results": results,
        }]
    })
}

/// The log of a run that could not start (its command line was invalid).
pub fn failed_invocation(message: &str, tool_version: &str) -> Value {
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": { "name": "planc", "version": tool_version } },
            "invocations": [{
                "executionSuccessful": false,
                "toolExecutionNotifications": [{
                    "level": "error",
                    "message": { "text": message },
                }],
            }],
            "results": [],
        }]
    })
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

fn rule(c: Code) -> Value {
    let page = c.explanation();
    json!({
        "id": c.as_str(),
        "name": pascal(c.title()),
        "shortDescription": { "text": c.title() },
        "fullDescription": { "text": first_paragraph(page) },
        "help": { "text": first_paragraph(page), "markdown": page },
        "defaultConfiguration": { "level": level(c.severity()) },
    })
}

fn result(d: &Diagnostic, file: &SourceFile) -> Value {
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str("\nhelp: ");
        text.push_str(h);
    }
    let mut primary = Map::new();
    primary.insert("artifactLocation".into(), json!({ "uri": uri(&file.name) }));
    if let Some(span) = d.primary_span() {
        primary.insert("region".into(), region(file, span));
    }
    let related: Vec<Value> = d
        .labels
        .iter()
        .skip(1)
        .enumerate()
        .map(|(i, l)| {
            json!({
                "id": i,
                "message": { "text": l.message },
                "physicalLocation": {
                    "artifactLocation": { "uri": uri(&file.name) },
                    "region": region(file, l.span),
                },
            })
        })
        .collect();
    let mut r = Map::new();
    r.insert("ruleId".into(), json!(d.code.as_str()));
    if let Some(i) = Code::ALL.iter().position(|&c| c == d.code) {
        r.insert("ruleIndex".into(), json!(i));
    }
    r.insert("level".into(), json!(level(d.severity)));
    r.insert("message".into(), json!({ "text": text }));
    r.insert(
        "locations".into(),
        json!([{ "physicalLocation": Value::Object(primary) }]),
    );
    if !related.is_empty() {
        r.insert("relatedLocations".into(), Value::Array(related));
    }
    Value::Object(r)
}

/// Lines and columns are 1-based; `endColumn` is the column just past the
/// last character, as in SARIF.
fn region(file: &SourceFile, span: Span) -> Value {
    let a = file.line_col(span.start as usize);
    let b = file.line_col(span.end as usize);
    json!({
        "startLine": a.line,
        "startColumn": a.column,
        "endLine": b.line,
        "endColumn": b.column,
        "byteOffset": span.start,
        "byteLength": span.len(),
    })
}

/// A file name as a URI reference: relative paths stay relative (to where
/// planc ran), absolute ones become `file://` URIs; anything but unreserved
/// characters and `/` is percent-encoded, so CJK names and spaces are
/// valid.
pub fn uri(name: &str) -> String {
    let path = name.replace('\\', "/");
    let mut out = String::with_capacity(path.len());
    if path.starts_with('/') {
        out.push_str("file://");
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The first paragraph after a page's heading.
fn first_paragraph(page: &str) -> String {
    page.lines()
        .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
        .take_while(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `unknown agency` → `UnknownAgency`, SARIF's rule name convention.
fn pascal(title: &str) -> String {
    title
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut cs = w.chars();
            cs.next()
                .map(|f| f.to_ascii_uppercase().to_string() + cs.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            uri("plans/嘉兴 a.plan"),
            "plans/%E5%98%89%E5%85%B4%20a.plan"
        );
        assert_eq!(uri("/tmp/x.plan"), "file:///tmp/x.plan");
        assert_eq!(uri("<stdin>"), "%3Cstdin%3E");
    }

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(pascal("unknown agency"), "UnknownAgency");
        assert_eq!(pascal("range low above high"), "RangeLowAboveHigh");
    }

    #[test]
    fn regions_count_code_points_and_bytes() {
        let file = SourceFile::new("a.plan", "ab\n市经贸委 x\n");
        let d = Diagnostic::new(Code::UnknownAgency, "m").label(Span::new(3, 15), "l");
        let log = log(
            &[Findings {
                file: &file,
                diagnostics: std::slice::from_ref(&d),
            }],
            "0",
        );
        let r = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(r["startLine"], 2);
        assert_eq!(r["startColumn"], 1);
        assert_eq!(r["endColumn"], 5);
        assert_eq!(r["byteOffset"], 3);
        assert_eq!(r["byteLength"], 12);
    }
}
