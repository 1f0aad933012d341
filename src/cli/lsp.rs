//! `planc lsp`: the language server, over standard input and output.

use super::exit;
use clap::Args as ClapArgs;

#[derive(ClapArgs)]
pub struct Args {}

pub fn run(_args: Args) -> u8 {
    match planc::lsp::serve_stdio() {
        Ok(()) => exit::OK,
        Err(e) => {
            errln!("planc lsp: {e}");
            exit::USAGE
        }
    }
}
