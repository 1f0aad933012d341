//! `planc lsp` through the real binary: a JSON-RPC exchange over its
//! standard input and output, as an editor has it. Ranges are UTF-16, and
//! every one asserted here was counted by hand.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)] // tests may fail loudly

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

type Res<T = ()> = Result<T, Box<dyn std::error::Error>>;

/// A guard against a hung server, not a performance bound.
const PATIENCE: Duration = Duration::from_secs(120);

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Res<Client> {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planc"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let stdin = child.stdin.take().ok_or("no stdin")?;
        let stdout = child.stdout.take().ok_or("no stdout")?;
        let (tx, incoming) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut r) {
                if tx.send(msg).is_err() {
                    return;
                }
            }
        });
        Ok(Client {
            child,
            stdin,
            incoming,
            pending: Vec::new(),
            next_id: 1,
        })
    }

    fn send(&mut self, msg: &Value) -> Res {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len())?;
        self.stdin.flush()?;
        Ok(())
    }

    fn notify(&mut self, method: &str, params: Value) -> Res {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}))
    }

    /// Sends a request and waits for its response (the whole message).
    fn call(&mut self, method: &str, params: Value) -> Res<Value> {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))?;
        loop {
            let msg = self.incoming.recv_timeout(PATIENCE)?;
            if msg["id"] == json!(id) && msg.get("method").is_none() {
                return Ok(msg);
            }
            self.pending.push(msg);
        }
    }

    /// The result of a request that must succeed.
    fn request(&mut self, method: &str, params: Value) -> Res<Value> {
        let msg = self.call(method, params)?;
        if let Some(e) = msg.get("error") {
            return Err(format!("{method} failed: {e}").into());
        }
        Ok(msg["result"].clone())
    }

    /// The diagnostics published for `version` of `uri`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Res<Vec<Value>> {
        let wanted = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        };
        if let Some(i) = self.pending.iter().position(wanted) {
            let m = self.pending.remove(i);
            return Ok(m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default());
        }
        loop {
            let msg = self.incoming.recv_timeout(PATIENCE)?;
            if wanted(&msg) {
                return Ok(msg["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default());
            }
            self.pending.push(msg);
        }
    }

    fn initialize(&mut self) -> Res<Value> {
        let result = self.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        )?;
        self.notify("initialized", json!({}))?;
        Ok(result)
    }

    fn open(&mut self, uri: &str, text: &str) -> Res {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plan", "version": 1, "text": text}}),
        )
    }

    fn change(&mut self, uri: &str, version: i64, edits: &[Value]) -> Res {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": edits}),
        )
    }

    fn finish(mut self) -> Res {
        let r = self.call("shutdown", Value::Null)?;
        assert_eq!(r["result"], Value::Null);
        assert!(r.get("error").is_none());
        self.notify("exit", Value::Null)?;
        let status = self.child.wait()?;
        assert!(status.success(), "planc lsp exited with {status}");
        Ok(())
    }
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

fn range(l0: u32, c0: u32, l1: u32, c1: u32) -> Value {
    json!({"start": {"line": l0, "character": c0}, "end": {"line": l1, "character": c1}})
}

fn at(uri: &str, line: u32, character: u32) -> Value {
    json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}})
}

fn hover_text(h: &Value) -> String {
    h["contents"]["value"].as_str().unwrap_or("").to_string()
}

const JIAXING: &str = "file:///plans/jiaxing-2010.plan";

#[test]
fn jiaxing_end_to_end() -> Res {
    let text = std::fs::read_to_string("examples/jiaxing-2010.plan")?;
    let mut c = Client::start()?;
    let init = c.initialize()?;
    let caps = &init["capabilities"];
    assert_eq!(caps["positionEncoding"], "utf-16");
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental");
    assert_eq!(init["serverInfo"]["name"], "planc");

    c.open(JIAXING, &text)?;
    assert_eq!(c.diagnostics(JIAXING, 1)?, Vec::<Value>::new());

    // Line 163 (162 from 0): `    lead 市经贸委`; the name is characters 9..13.
    let h = c.request("textDocument/hover", at(JIAXING, 162, 10))?;
    assert_eq!(h["range"], range(162, 9, 162, 13));
    let t = hover_text(&h);
    assert!(t.starts_with("**agency** `市经贸委`"), "{t}");
    assert!(
        t.contains("leads:\n- 三 加快平台建设,主动承接产业转移\n- 四 "),
        "{t}"
    );
    assert!(
        t.contains("supports:\n- 九.3 加快大型专业市场建设\n- 十一 "),
        "{t}"
    );
    // An agency with a full name.
    let h = c.request("textDocument/hover", at(JIAXING, 16, 30))?;
    assert!(
        hover_text(&h).contains("full name: 各县(市、区)政府"),
        "{h}"
    );
    // A metric: line 169, `    strive by 2012: 引进工业项目 >= 150项 …`.
    let h = c.request("textDocument/hover", at(JIAXING, 168, 21))?;
    assert_eq!(h["range"], range(168, 20, 168, 26));
    let t = hover_text(&h);
    assert!(
        t.starts_with("**metric** `引进工业项目`: flow in 项\n\n引进沪杭等地工业项目"),
        "{t}"
    );
    assert!(
        t.contains("targets:\n- 3-1 `strive by 2012: 引进工业项目 >= 150项"),
        "{t}"
    );
    // A unit written after a number: `项` at characters 33..34.
    let h = c.request("textDocument/hover", at(JIAXING, 168, 33))?;
    assert_eq!(h["range"], range(168, 33, 168, 34));
    assert!(hover_text(&h).contains("dimension: count"), "{h}");
    // A declared unit: line 103, `metric 机构养老床位: stock 张 …`.
    let h = c.request("textDocument/hover", at(JIAXING, 101, 21))?;
    assert!(
        hover_text(&h).starts_with("**unit** `张` (declared)"),
        "{h}"
    );

    // Definition: `agency 市经贸委, …` on line 17, characters 7..11.
    let d = c.request("textDocument/definition", at(JIAXING, 162, 9))?;
    assert_eq!(d["uri"], JIAXING);
    assert_eq!(d["range"], range(16, 7, 16, 11));
    let mut refs = at(JIAXING, 162, 9);
    refs["context"] = json!({"includeDeclaration": true});
    let r = c.request("textDocument/references", refs.clone())?;
    assert_eq!(r.as_array().map(Vec::len), Some(9));
    assert_eq!(r[0]["range"], range(16, 7, 16, 11));
    assert_eq!(r[1]["range"], range(162, 9, 162, 13));
    refs["context"] = json!({"includeDeclaration": false});
    let r = c.request("textDocument/references", refs)?;
    assert_eq!(r.as_array().map(Vec::len), Some(8));

    // Completion right after `150` on line 169: the metric's unit first.
    let items = c.request("textDocument/completion", at(JIAXING, 168, 33))?;
    let mut items = items.as_array().cloned().unwrap_or_default();
    items.sort_by_key(|i| i["sortText"].as_str().unwrap_or("").to_string());
    assert_eq!(items[0]["label"], "项");
    assert_eq!(items[0]["preselect"], true);
    assert_eq!(items[0]["detail"], "the unit of 引进工业项目");
    // At a line's start: keywords in both spellings.
    let items = c.request("textDocument/completion", at(JIAXING, 163, 0))?;
    let labels: Vec<&str> = items
        .as_array()
        .map(|a| a.iter().filter_map(|i| i["label"].as_str()).collect())
        .unwrap_or_default();
    assert!(labels.contains(&"lead") && labels.contains(&"牵头") && labels.contains(&"each year"));
    // In a `lead` line: agencies, with their full names.
    let items = c.request("textDocument/completion", at(JIAXING, 162, 9))?;
    let all = items.as_array().cloned().unwrap_or_default();
    assert!(all.iter().all(|i| i["kind"] == 9), "modules only");
    assert!(all
        .iter()
        .any(|i| i["label"] == "各县政府" && i["detail"] == "各县(市、区)政府"));

    // Rename the agency everywhere its id is written.
    let mut p = at(JIAXING, 162, 9);
    let prep = c.request("textDocument/prepareRename", p.clone())?;
    assert_eq!(prep, range(162, 9, 162, 13));
    p["newName"] = json!("市经信委");
    let edit = c.request("textDocument/rename", p.clone())?;
    let edits = edit["changes"][JIAXING]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(edits.len(), 9);
    assert!(edits.iter().all(|e| e["newText"] == "市经信委"));
    assert!(edits.iter().any(|e| e["range"] == range(16, 7, 16, 11)));
    p["newName"] = json!("市科技局");
    let clash = c.call("textDocument/rename", p)?;
    assert!(clash["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("already exists"));

    // The example is formatted already.
    let f = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": JIAXING}, "options": {"tabSize": 2, "insertSpaces": true}}),
    )?;
    assert_eq!(f, json!([]));

    // Sections, items, parts.
    let s = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": JIAXING}}),
    )?;
    let sections = s.as_array().cloned().unwrap_or_default();
    assert_eq!(sections.len(), 7);
    assert_eq!(
        sections[1]["name"],
        "二 推动产业转型升级,全面提升先进制造业发展水平"
    );
    assert_eq!(
        sections[1]["range"]["start"],
        json!({"line": 160, "character": 0})
    );
    assert_eq!(
        sections[1]["selectionRange"]["start"],
        json!({"line": 160, "character": 8})
    );
    let nine = &sections[3]["children"][0];
    assert_eq!(nine["name"], "九 充分发挥区位优势,积极发展现代物流业");
    assert_eq!(nine["children"].as_array().map(Vec::len), Some(3));

    // Semantic tokens: line 1 is a comment; line 163's lead is a keyword,
    // then an agency.
    let t = c.request(
        "textDocument/semanticTokens/full",
        json!({"textDocument": {"uri": JIAXING}}),
    )?;
    let data: Vec<u64> = t["data"]
        .as_array()
        .map(|a| a.iter().filter_map(Value::as_u64).collect())
        .unwrap_or_default();
    assert_eq!(data.len() % 5, 0);
    assert_eq!(data.get(..5), Some(&[0, 0, 34, 7, 0][..]));
    let tokens = decode(&data);
    let lead_line: Vec<_> = tokens.iter().filter(|t| t.0 == 162).collect();
    assert_eq!(lead_line, [&(162, 4, 4, 0), &(162, 9, 4, 1)]);

    // The case: `市经茂委` on the lead line is E0101 exactly there,
    // with a did-you-mean quick fix that repairs it.
    c.change(
        JIAXING,
        2,
        &[json!({"range": range(162, 11, 162, 12), "text": "茂"})],
    )?;
    let diags = c.diagnostics(JIAXING, 2)?;
    assert_eq!(diags.len(), 1, "{diags:?}");
    let d = &diags[0];
    assert_eq!(d["code"], "E0101");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "planc");
    assert_eq!(d["range"], range(162, 9, 162, 13));
    assert!(d["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("unknown agency `市经茂委`: not declared\nhelp: did you mean `市经贸委`?"));
    assert_eq!(
        d["relatedInformation"][0]["location"]["range"],
        range(16, 7, 16, 11)
    );
    let href = d["codeDescription"]["href"].as_str().unwrap_or("");
    assert!(href.ends_with("/docs/errors/E0101.md"), "{href}");
    // Hover on the bad name explains the code.
    let h = c.request("textDocument/hover", at(JIAXING, 162, 10))?;
    assert!(hover_text(&h).contains("**E0101** unknown agency"), "{h}");

    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": JIAXING}, "range": range(162, 10, 162, 10), "context": {"diagnostics": [d]}}),
    )?;
    let fix = &actions[0];
    assert_eq!(fix["title"], "write `市经贸委`");
    assert_eq!(fix["kind"], "quickfix");
    assert_eq!(fix["isPreferred"], true);
    let edits = fix["edit"]["changes"][JIAXING].clone();
    assert_eq!(
        edits,
        json!([{"range": range(162, 9, 162, 13), "newText": "市经贸委"}])
    );
    assert_eq!(actions[1]["title"], "declare agency `市经茂委`");
    // Apply it as the editor would: clean again.
    c.change(
        JIAXING,
        3,
        &[json!({"range": edits[0]["range"], "text": edits[0]["newText"]})],
    )?;
    assert_eq!(c.diagnostics(JIAXING, 3)?, Vec::<Value>::new());
    c.finish()
}

/// Semantic tokens as (line, character, length, type).
fn decode(data: &[u64]) -> Vec<(u64, u64, u64, u64)> {
    let (mut line, mut col) = (0, 0);
    data.chunks(5)
        .map(|t| {
            if t[0] > 0 {
                col = 0;
            }
            line += t[0];
            col += t[1];
            (line, col, t[2], t[3])
        })
        .collect()
}

const CJK: &str = "file:///plans/%E9%94%99%E8%AF%AF.plan";

/// Errors on CJK lines, one after a character outside the BMP: UTF-16
/// counts `𠀀` as two units, so the columns differ from character counts.
const CJK_PLAN: &str = "plan \"错误\"
period 2010..2012
agency \"𠀀局\", 市经贸委
metric 项目: flow 项
item 一 \"标题\" {
  lead \"𠀀局\", 市经茂委
  by 2012: 项木 >= 150
  support 市经贸委，市科技局
}
";

#[test]
fn errors_on_cjk_lines() -> Res {
    let mut c = Client::start()?;
    c.initialize()?;
    c.open(CJK, CJK_PLAN)?;
    let diags = c.diagnostics(CJK, 1)?;
    let got: Vec<(String, Value)> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap_or("").to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("E0101".to_string(), range(5, 14, 5, 18)),
            ("E0102".to_string(), range(6, 11, 6, 13)),
            ("E0002".to_string(), range(7, 14, 7, 15)),
            // The comma is read as `,` to go on: the next name is checked.
            ("E0101".to_string(), range(7, 15, 7, 19)),
        ]
    );
    // The quoted name with 𠀀: four characters, five UTF-16 units.
    let h = c.request("textDocument/hover", at(CJK, 5, 8))?;
    assert_eq!(h["range"], range(5, 7, 5, 12));
    assert!(hover_text(&h).starts_with("**agency** `𠀀局`"), "{h}");
    let d = c.request("textDocument/definition", at(CJK, 5, 8))?;
    assert_eq!(d["range"], range(2, 7, 2, 12));
    // Formatting is refused while a syntax error stands.
    let f = c.call(
        "textDocument/formatting",
        json!({"textDocument": {"uri": CJK}, "options": {"tabSize": 2, "insertSpaces": true}}),
    )?;
    assert!(
        f["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("syntax errors"),
        "{f}"
    );

    // Apply the preferred fix of each diagnostic, last first so the
    // earlier ranges stay put.
    let mut version = 1;
    let mut diags = Vec::new();
    for (line, character, title) in [
        (7, 14, "replace `，` with `,`"),
        (6, 11, "write `项目`"),
        (5, 14, "write `市经贸委`"),
    ] {
        let actions = c.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": CJK}, "range": range(line, character, line, character), "context": {"diagnostics": []}}),
        )?;
        assert_eq!(actions[0]["title"], title);
        let e = &actions[0]["edit"]["changes"][CJK][0];
        version += 1;
        c.change(
            CJK,
            version,
            &[json!({"range": e["range"], "text": e["newText"]})],
        )?;
        diags = c.diagnostics(CJK, version)?;
    }
    // `市科技局` is left: undeclared, with no name near it, so the fix
    // declares it after the last agency declaration.
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["range"], range(7, 15, 7, 19));
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": CJK}, "range": range(7, 16, 7, 16), "context": {"diagnostics": []}}),
    )?;
    assert_eq!(actions[0]["title"], "declare agency `市科技局`");
    let e = &actions[0]["edit"]["changes"][CJK][0];
    assert_eq!(e["range"], range(3, 0, 3, 0));
    assert_eq!(e["newText"], "agency 市科技局\n");
    version += 1;
    c.change(
        CJK,
        version,
        &[json!({"range": e["range"], "text": e["newText"]})],
    )?;
    assert_eq!(c.diagnostics(CJK, version)?, Vec::<Value>::new());

    // Clean, it formats: the list gets its space after the comma.
    let f = c.request(
        "textDocument/formatting",
        json!({"textDocument": {"uri": CJK}, "options": {"tabSize": 2, "insertSpaces": true}}),
    )?;
    assert_eq!(f[0]["range"], range(0, 0, 10, 0));
    let formatted = f[0]["newText"].as_str().unwrap_or("");
    assert!(
        formatted.contains("  support 市经贸委, 市科技局\n"),
        "{formatted}"
    );
    assert!(
        formatted.contains("  lead \"𠀀局\", 市经贸委\n"),
        "{formatted}"
    );

    // Rename the agency with the astral name: quoted where it is quoted.
    let mut p = at(CJK, 6, 9);
    p["newName"] = json!("𠀀办");
    let edit = c.request("textDocument/rename", p)?;
    let edits = edit["changes"][CJK].as_array().cloned().unwrap_or_default();
    assert_eq!(
        edits,
        [
            json!({"range": range(2, 7, 2, 12), "newText": "\"𠀀办\""}),
            json!({"range": range(6, 7, 6, 12), "newText": "\"𠀀办\""}),
        ]
    );
    c.finish()
}

#[test]
fn half_typed_input_never_stops_the_server() -> Res {
    let uri = "file:///plans/typing.plan";
    let mut c = Client::start()?;
    c.initialize()?;
    c.open(uri, "")?;
    c.diagnostics(uri, 1)?;
    // Type a plan one character at a time, asking for hover and
    // completion at the cursor after every keystroke.
    let mut line = 0;
    let mut col = 0;
    let mut version = 1;
    for ch in CJK_PLAN.chars().take(160) {
        version += 1;
        c.change(
            uri,
            version,
            &[json!({"range": range(line, col, line, col), "text": ch.to_string()})],
        )?;
        if ch == '\n' {
            line += 1;
            col = 0;
        } else {
            col += ch.len_utf16() as u32;
        }
        c.request("textDocument/hover", at(uri, line, col))?;
        c.request("textDocument/completion", at(uri, line, col))?;
    }
    // The last text is checked (earlier ones may have been skipped).
    let diags = c.diagnostics(uri, version)?;
    assert!(!diags.is_empty());
    c.finish()
}

#[path = "../examples/gen/mod.rs"]
#[allow(dead_code)]
mod gen;

/// A large plan is checked on the worker thread: requests sent while it
/// is being checked are answered, edits made meanwhile are applied, and
/// the diagnostics that come are those of the last text.
#[test]
fn a_large_plan_is_checked_without_blocking_requests() -> Res {
    let (text, _) = gen::plan_text(5000, 7)?;
    assert!(text.len() > 1_500_000, "{} bytes", text.len());
    let uri = "file:///plans/large.plan";
    let mut c = Client::start()?;
    c.initialize()?;
    c.open(uri, &text)?;
    // Asked at once, before the first check can have finished: answered
    // from no analysis (nothing to hover yet), not after the check.
    let h = c.request("textDocument/hover", at(uri, 3, 8))?;
    assert_eq!(h, Value::Null);
    let end = text.lines().count() as u32;
    for version in 2..=4 {
        c.change(
            uri,
            version,
            &[json!({"range": range(end, 0, end, 0), "text": format!("# edit {version}\n")})],
        )?;
        c.request("textDocument/completion", at(uri, end, 0))?;
    }
    assert_eq!(c.diagnostics(uri, 4)?, Vec::<Value>::new());
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({"textDocument": {"uri": uri}}),
    )?;
    assert!(symbols.as_array().is_some_and(|s| !s.is_empty()));
    c.finish()
}

/// The protocol broken from the start: no crash, exit 2 and a message.
#[test]
fn input_closed_before_initialize_exits_2() -> Res {
    let out = Command::new(env!("CARGO_BIN_EXE_planc"))
        .arg("lsp")
        .stdin(Stdio::null())
        .output()?;
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("planc lsp: "), "{err}");
    Ok(())
}

/// `exit` without `shutdown` is a protocol error (exit 2), and invalid
/// messages are answered or logged, not a crash.
#[test]
fn exit_without_shutdown_exits_2() -> Res {
    let mut c = Client::start()?;
    c.initialize()?;
    c.notify("textDocument/didOpen", json!({"nonsense": true}))?;
    let log = c.incoming.recv_timeout(PATIENCE)?;
    assert_eq!(log["method"], "window/logMessage");
    assert!(log["params"]["message"]
        .as_str()
        .unwrap_or("")
        .starts_with("planc ignored textDocument/didOpen: invalid params"));
    let r = c.call("textDocument/hover", json!({"textDocument": {}}))?;
    assert_eq!(r["error"]["code"], -32602, "invalid params: {r}");
    let r = c.call("planc/unknown", json!({}))?;
    assert_eq!(r["error"]["code"], -32601, "method not found: {r}");
    c.notify("exit", Value::Null)?;
    assert_eq!(c.child.wait()?.code(), Some(2));
    Ok(())
}
