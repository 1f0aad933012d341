//! The main loop: protocol messages in, answers and diagnostics out.
//!
//! Requests are answered on this thread from each document's last
//! analysis; checks run on the worker ([`super::worker`]), whose outcomes
//! come back on a second channel that this loop also listens to.

use super::diagnostics::{publish, DocsLink};
use super::document::Documents;
use super::worker::{self, Job, Outcome};
use super::{actions, completion, format, hover, navigate, symbols, tokens};
use crossbeam_channel::select;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types as lsp;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// What the server can do, as the initialize response says.
pub fn capabilities() -> lsp::ServerCapabilities {
    lsp::ServerCapabilities {
        position_encoding: Some(lsp::PositionEncodingKind::UTF16),
        text_document_sync: Some(lsp::TextDocumentSyncCapability::Options(
            lsp::TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(lsp::TextDocumentSyncKind::INCREMENTAL),
                ..Default::default()
            },
        )),
        hover_provider: Some(lsp::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lsp::OneOf::Left(true)),
        references_provider: Some(lsp::OneOf::Left(true)),
        rename_provider: Some(lsp::OneOf::Right(lsp::RenameOptions {
            prepare_provider: Some(true),
            work_done_progress_options: Default::default(),
        })),
        completion_provider: Some(lsp::CompletionOptions {
            trigger_characters: Some(vec![" ".into(), ":".into(), ",".into()]),
            ..Default::default()
        }),
        document_formatting_provider: Some(lsp::OneOf::Left(true)),
        code_action_provider: Some(lsp::CodeActionProviderCapability::Options(
            lsp::CodeActionOptions {
                code_action_kinds: Some(vec![lsp::CodeActionKind::QUICKFIX]),
                ..Default::default()
            },
        )),
        document_symbol_provider: Some(lsp::OneOf::Left(true)),
        semantic_tokens_provider: Some(
            lsp::SemanticTokensServerCapabilities::SemanticTokensOptions(
                lsp::SemanticTokensOptions {
                    legend: tokens::legend(),
                    full: Some(lsp::SemanticTokensFullOptions::Bool(true)),
                    range: None,
                    work_done_progress_options: Default::default(),
                },
            ),
        ),
        ..Default::default()
    }
}

/// Serves one client on `connection` until it asks to exit.
pub fn run(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let init: lsp::InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("bad initialize params: {e}"))?;
    let docs = match init
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("errorDocsBase"))
        .and_then(Value::as_str)
    {
        Some(base) => DocsLink::new(Some(base.to_string())),
        None => DocsLink::source_tree(),
    };
    let result = lsp::InitializeResult {
        capabilities: capabilities(),
        server_info: Some(lsp::ServerInfo {
            name: "planc".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    let (jobs, outcomes) =
        worker::spawn().map_err(|e| format!("cannot start the checking thread: {e}"))?;
    let mut server = Server {
        connection,
        docs,
        documents: Documents::default(),
        jobs,
    };
    loop {
        select! {
            recv(connection.receiver) -> msg => match msg {
                Ok(Message::Request(req)) => {
                    if connection.handle_shutdown(&req).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    let response = server.request(req);
                    server.send(Message::Response(response));
                }
                Ok(Message::Notification(n)) => {
                    // After `shutdown`, `handle_shutdown` has read the
                    // `exit`: one here came without it.
                    if n.method == lsp::notification::Exit::METHOD {
                        return Err("exit without shutdown".to_string());
                    }
                    server.notification(n);
                }
                Ok(Message::Response(_)) => {}
                Err(_) => return Ok(()), // the client has gone
            },
            recv(outcomes) -> outcome => match outcome {
                Ok(o) => server.outcome(o),
                Err(_) => return Err("the checking thread stopped".to_string()),
            },
        }
    }
}

struct Server<'c> {
    connection: &'c Connection,
    docs: DocsLink,
    documents: Documents,
    jobs: crossbeam_channel::Sender<Job>,
}

/// A request's failure, as the protocol sends it.
struct Failure {
    code: i32,
    message: String,
}

impl Failure {
    fn failed(message: String) -> Self {
        Failure {
            code: ErrorCode::RequestFailed as i32,
            message,
        }
    }
}

fn params<P: DeserializeOwned>(req: &Request) -> Result<P, Failure> {
    serde_json::from_value(req.params.clone()).map_err(|e| Failure {
        code: ErrorCode::InvalidParams as i32,
        message: format!("invalid params for {}: {e}", req.method),
    })
}

fn to_value(v: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(v).map_err(|e| Failure::failed(e.to_string()))
}

impl Server<'_> {
    fn send(&self, msg: Message) {
        // A closed channel means the client has gone; the loop ends on its
        // next receive.
        let _ = self.connection.sender.send(msg);
    }

    fn notify<N: lsp::notification::Notification>(&self, params: N::Params) {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_string(),
            params,
        )));
    }

    fn check(&self, uri: &lsp::Uri) {
        if let Some(doc) = self.documents.get(uri) {
            let job = Job {
                uri: uri.clone(),
                version: doc.version,
                generation: doc.generation(),
                latest: doc.generation.clone(),
                text: doc.text.clone(),
            };
            // The worker outlives the loop; a send fails only if it died,
            // which the loop reports when its channel closes.
            let _ = self.jobs.send(job);
        }
    }

    fn notification(&mut self, n: Notification) {
        use lsp::notification::{
            DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, PublishDiagnostics,
        };
        let method = n.method.clone();
        let outcome = match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params).map(|p| {
                    let d = p.text_document;
                    self.documents.open(&d.uri, d.text, d.version);
                    self.check(&d.uri);
                })
            }
            DidChangeTextDocument::METHOD => {
                serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params).map(|p| {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.documents.get_mut(&uri) {
                        doc.apply(p.content_changes, p.text_document.version);
                        self.check(&uri);
                    }
                })
            }
            DidCloseTextDocument::METHOD => {
                serde_json::from_value::<lsp::DidCloseTextDocumentParams>(n.params).map(|p| {
                    let uri = p.text_document.uri;
                    if let Some(doc) = self.documents.close(&uri) {
                        // Any check still running for it is stale now.
                        doc.generation
                            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    self.notify::<PublishDiagnostics>(lsp::PublishDiagnosticsParams {
                        uri,
                        diagnostics: Vec::new(),
                        version: None,
                    });
                })
            }
            // Others (`initialized`, `didSave`, `$/…`) need no answer.
            _ => Ok(()),
        };
        // A notification has no response to carry an error: the client's
        // log says it was ignored.
        if let Err(e) = outcome {
            self.notify::<lsp::notification::LogMessage>(lsp::LogMessageParams {
                typ: lsp::MessageType::WARNING,
                message: format!("planc ignored {method}: invalid params: {e}"),
            });
        }
    }

    fn outcome(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Checked {
                uri,
                version,
                generation,
                analysis,
            } => {
                let Some(doc) = self.documents.get_mut(&uri) else {
                    return;
                };
                if doc.generation() != generation {
                    return;
                }
                doc.analysis = Some(analysis.clone());
                let diagnostics = publish(&analysis, &uri, &self.docs);
                self.notify::<lsp::notification::PublishDiagnostics>(
                    lsp::PublishDiagnosticsParams {
                        uri,
                        diagnostics,
                        version: Some(version),
                    },
                );
            }
            Outcome::Failed { uri, message } => {
                self.notify::<lsp::notification::ShowMessage>(lsp::ShowMessageParams {
                    typ: lsp::MessageType::ERROR,
                    message: format!("{}: {message}", uri.as_str()),
                });
            }
        }
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        match self.answer(&req) {
            Ok(value) => Response::new_ok(id, value),
            Err(f) => Response::new_err(id, f.code, f.message),
        }
    }

    fn answer(&self, req: &Request) -> Result<Value, Failure> {
        use lsp::request as r;
        match req.method.as_str() {
            r::HoverRequest::METHOD => {
                let p: lsp::HoverParams = params(req)?;
                let at = p.text_document_position_params;
                let Some((a, offset)) = self.at(&at) else {
                    return Ok(Value::Null);
                };
                to_value(hover::hover(&a, offset))
            }
            r::GotoDefinition::METHOD => {
                let p: lsp::GotoDefinitionParams = params(req)?;
                let at = p.text_document_position_params;
                let Some((a, offset)) = self.at(&at) else {
                    return Ok(Value::Null);
                };
                to_value(
                    navigate::definition(&a, &at.text_document.uri, offset)
                        .map(lsp::GotoDefinitionResponse::Scalar),
                )
            }
            r::References::METHOD => {
                let p: lsp::ReferenceParams = params(req)?;
                let at = p.text_document_position;
                let Some((a, offset)) = self.at(&at) else {
                    return to_value(Vec::<lsp::Location>::new());
                };
                to_value(navigate::references(
                    &a,
                    &at.text_document.uri,
                    offset,
                    p.context.include_declaration,
                ))
            }
            r::PrepareRenameRequest::METHOD => {
                let p: lsp::TextDocumentPositionParams = params(req)?;
                let Some((a, offset)) = self.at(&p) else {
                    return Ok(Value::Null);
                };
                let range = navigate::prepare_rename(&a, offset).map_err(Failure::failed)?;
                to_value(lsp::PrepareRenameResponse::Range(range))
            }
            r::Rename::METHOD => {
                let p: lsp::RenameParams = params(req)?;
                let at = p.text_document_position;
                let (a, offset) = self
                    .at(&at)
                    .ok_or_else(|| Failure::failed("the plan is not checked yet".into()))?;
                let edit = navigate::rename(&a, &at.text_document.uri, offset, &p.new_name)
                    .map_err(Failure::failed)?;
                to_value(edit)
            }
            r::Completion::METHOD => {
                let p: lsp::CompletionParams = params(req)?;
                let at = p.text_document_position;
                let Some(doc) = self.documents.get(&at.text_document.uri) else {
                    return Ok(Value::Null);
                };
                let map = super::position::LineMap::new(&doc.text);
                let offset = map.offset(&doc.text, at.position);
                let items = completion::completion(doc.analysis.as_deref(), &doc.text, offset);
                to_value(lsp::CompletionResponse::Array(items))
            }
            r::Formatting::METHOD => {
                let p: lsp::DocumentFormattingParams = params(req)?;
                let Some(doc) = self.documents.get(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_value(format::format(&doc.text).map_err(Failure::failed)?)
            }
            r::CodeActionRequest::METHOD => {
                let p: lsp::CodeActionParams = params(req)?;
                let Some(a) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                let range = a.lines.span(&a.text, p.range);
                to_value(actions::code_actions(
                    &a,
                    &p.text_document.uri,
                    range,
                    &self.docs,
                ))
            }
            r::DocumentSymbolRequest::METHOD => {
                let p: lsp::DocumentSymbolParams = params(req)?;
                let Some(a) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_value(lsp::DocumentSymbolResponse::Nested(
                    symbols::document_symbols(&a),
                ))
            }
            r::SemanticTokensFullRequest::METHOD => {
                let p: lsp::SemanticTokensParams = params(req)?;
                let Some(a) = self.analysis(&p.text_document.uri) else {
                    return Ok(Value::Null);
                };
                to_value(lsp::SemanticTokensResult::Tokens(tokens::semantic_tokens(
                    &a,
                )))
            }
            other => Err(Failure {
                code: ErrorCode::MethodNotFound as i32,
                message: format!("planc does not answer {other}"),
            }),
        }
    }

    fn analysis(&self, uri: &lsp::Uri) -> Option<std::sync::Arc<super::analysis::Analysis>> {
        self.documents.get(uri)?.analysis.clone()
    }

    /// The last analysis of a document and the byte offset of a position
    /// in its text.
    fn at(
        &self,
        p: &lsp::TextDocumentPositionParams,
    ) -> Option<(std::sync::Arc<super::analysis::Analysis>, usize)> {
        let a = self.analysis(&p.text_document.uri)?;
        let offset = a.lines.offset(&a.text, p.position);
        Some((a, offset))
    }
}
