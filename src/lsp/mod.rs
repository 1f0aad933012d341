//! `planc lsp`: a language server over standard input and output.
//!
//! The protocol layer is `lsp-server` (messages, the initialize and
//! shutdown handshakes) with `lsp-types`; this module answers. Each open
//! document is checked on a worker thread ([`worker`]) into an
//! [`analysis::Analysis`]: the diagnostics of `planc check`, the name index
//! ([`crate::index`]), the model and the outline. Every answer is computed
//! from the last analysis, one small module a feature. Positions are
//! UTF-16, as the protocol counts them ([`position`]).

pub mod actions;
pub mod analysis;
pub mod completion;
pub mod diagnostics;
pub mod document;
pub mod format;
pub mod hover;
pub mod navigate;
pub mod position;
pub mod server;
pub mod symbols;
pub mod tokens;
pub mod worker;

pub use analysis::Analysis;

/// Serves one client over standard input and output until it exits.
pub fn serve_stdio() -> Result<(), String> {
    let (connection, io_threads) = lsp_server::Connection::stdio();
    server::run(&connection)?;
    drop(connection);
    io_threads.join().map_err(|e| e.to_string())
}
