//! `planc fmt`: plans in one canonical layout, with every comment kept.
//!
//! The formatter works on the statements `syntax::scan` cut out of the file
//! and the grammar parsed, not on the plan tree, because the statements
//! keep what the tree drops: comments, blank lines and the order of
//! everything as written. It prints each statement from its AST with
//! canonical spacing, re-using the source text of every token, and never
//! reorders anything. `docs/fmt.md` gives the layout rules.
//!
//! A file the syntax stage reports an error on is refused: its meaning is
//! not known, so no layout can be guaranteed to keep it. Errors found later
//! by the checker (an unknown agency, a unit of the wrong dimension) do not
//! stop formatting: they are about what the plan says, not how it is
//! written, and an author wants a tidy file while fixing them.
//!
//! ```
//! let messy = "item 三 \"t\" {\n      lead   市经贸委\n   by 2012 :projects>=150项 # c\n}\n";
//! let tidy = planc::fmt::format_source(messy).unwrap_or_default();
//! assert_eq!(tidy, "item 三 \"t\" {\n  lead 市经贸委\n  by 2012: projects >= 150项 # c\n}\n");
//! ```

mod layout;
mod list;
mod out;
mod tokens;

pub use list::MAX_WIDTH;

use crate::diag::{self, Diagnostic};
use crate::syntax;
use crate::syntax::keywords::Spelling;

/// Formats the plan `src`, each statement in the spelling of the keyword
/// it starts with. On a syntax error the file cannot be formatted: the
/// errors of the syntax stage come back instead, sorted by position.
pub fn format_source(src: &str) -> Result<String, Vec<Diagnostic>> {
    format_with(src, None)
}

/// Formats the plan `src` with every keyword in `keywords`' spelling
/// (`fmt --keywords en|zh`), or as written when `None`. Comments, strings
/// and names are never touched.
///
/// ```
/// use planc::syntax::keywords::Spelling;
/// let en = "item 三 \"t\" {\n  lead 市经贸委\n  by 2012: projects >= 150项\n}\n";
/// let zh = planc::fmt::format_with(en, Some(Spelling::Zh)).unwrap_or_default();
/// assert_eq!(zh, "条 三 \"t\" {\n  牵头 市经贸委\n  到2012年: projects >= 150项\n}\n");
/// assert_eq!(planc::fmt::format_with(&zh, Some(Spelling::En)).ok().as_deref(), Some(en));
/// ```
pub fn format_with(src: &str, keywords: Option<Spelling>) -> Result<String, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    // The syntax stage exactly as the compiler runs it: every statement
    // parsed, braces balanced, blocks nested as the language allows.
    let (outline, pieces) = syntax::outline(src, syntax::PIECE_BYTES, &mut diags);
    drop(outline);
    syntax::items(src, &pieces, &mut diags, |_, _, _| {});
    if diag::has_errors(&diags) {
        diag::sort(&mut diags);
        return Err(diags);
    }
    Ok(layout::layout(src, keywords))
}
