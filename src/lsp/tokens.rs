//! Semantic tokens: keywords, names by kind, numbers, strings, comments.
//!
//! Names come from the index, so an agency and a metric look different
//! even where the grammar sees two identifiers; keywords are the words of
//! the keyword table; comments come from the scanner.

use super::analysis::Analysis;
use super::position::utf16_len;
use crate::index::{Kind, Origin, Role};
use crate::syntax::keywords;
use crate::syntax::scan::Scanner;
use lsp_types as lsp;
use std::collections::HashMap;

/// The token types, in the legend's order.
pub const TYPES: &[lsp::SemanticTokenType] = &[
    lsp::SemanticTokenType::KEYWORD,
    lsp::SemanticTokenType::NAMESPACE,
    lsp::SemanticTokenType::VARIABLE,
    lsp::SemanticTokenType::TYPE,
    lsp::SemanticTokenType::ENUM_MEMBER,
    lsp::SemanticTokenType::NUMBER,
    lsp::SemanticTokenType::STRING,
    lsp::SemanticTokenType::COMMENT,
];

/// The modifiers, in the legend's order.
pub const MODIFIERS: &[lsp::SemanticTokenModifier] = &[
    lsp::SemanticTokenModifier::DECLARATION,
    lsp::SemanticTokenModifier::DEFAULT_LIBRARY,
];

const KEYWORD: u32 = 0;
const NUMBER: u32 = 5;
const STRING: u32 = 6;
const COMMENT: u32 = 7;
const DECLARATION: u32 = 1;
const DEFAULT_LIBRARY: u32 = 2;

/// The token types and modifiers the server uses, in their index order.
pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TYPES.to_vec(),
        token_modifiers: MODIFIERS.to_vec(),
    }
}

fn name_type(kind: Kind) -> u32 {
    match kind {
        Kind::Agency => 1,
        Kind::Metric => 2,
        Kind::Unit => 3,
        Kind::Class => 4,
        Kind::Region => 1,
    }
}

/// One token as byte offsets: start, end, type, modifiers.
type Raw = (usize, usize, u32, u32);

/// Every token of the analysed text, encoded as the protocol wants.
pub fn semantic_tokens(a: &Analysis) -> lsp::SemanticTokens {
    let text = a.text.as_str();
    let mut tokens: Vec<Raw> = Vec::new();
    // Spans already given a type: names and comments. By start.
    let mut covered: HashMap<usize, usize> = HashMap::new();
    for o in a.index.occurrences() {
        let Some(s) = a.index.symbol(o.symbol) else {
            continue;
        };
        let mut mods = 0;
        if o.role == Role::Definition {
            mods |= DECLARATION;
        }
        if s.origin == Origin::BuiltIn {
            mods |= DEFAULT_LIBRARY;
        }
        let (start, end) = (o.span.start as usize, o.span.end as usize);
        tokens.push((start, end, name_type(s.kind), mods));
        covered.insert(start, end);
    }
    let mut scanner = Scanner::new(text);
    let mut statements = Vec::new();
    for raw in scanner.by_ref() {
        for c in raw.leading.iter().chain(&raw.inner).chain(&raw.trailing) {
            tokens.push((c.start as usize, c.end as usize, COMMENT, 0));
            covered.insert(c.start as usize, c.end as usize);
        }
        statements.push(raw.span);
    }
    for c in scanner.finish().0 {
        tokens.push((c.start as usize, c.end as usize, COMMENT, 0));
    }
    for span in statements {
        words(
            text,
            span.start as usize,
            span.end as usize,
            &covered,
            &mut tokens,
        );
    }
    tokens.sort_by_key(|t| (t.0, t.1));
    encode(a, &tokens)
}

/// Keywords, numbers and strings of one statement, around what is covered.
fn words(
    text: &str,
    start: usize,
    end: usize,
    covered: &HashMap<usize, usize>,
    out: &mut Vec<Raw>,
) {
    let Some(stmt) = text.get(start..end) else {
        return;
    };
    let mut chars = stmt.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = start + i;
        if let Some(&stop) = covered.get(&at) {
            while chars.peek().is_some_and(|&(j, _)| start + j < stop) {
                chars.next();
            }
            continue;
        }
        let run_end = |chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
                       keep: &dyn Fn(char) -> bool| {
            while let Some(&(_, d)) = chars.peek() {
                if !keep(d) {
                    break;
                }
                chars.next();
            }
            chars.peek().map_or(end, |&(j, _)| start + j)
        };
        if c == '"' {
            let mut escaped = false;
            let mut stop = end;
            for (j, d) in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if d == '\\' {
                    escaped = true;
                } else if d == '"' {
                    stop = start + j + 1;
                    break;
                } else if d == '\n' {
                    stop = start + j;
                    break;
                }
            }
            out.push((at, stop, STRING, 0));
        } else if c.is_ascii_digit() {
            let stop = run_end(&mut chars, &|d| d.is_ascii_digit() || d == '.');
            out.push((at, stop, NUMBER, 0));
        } else if c.is_alphabetic() || c == '_' {
            let ascii = c.is_ascii();
            let stop = run_end(&mut chars, &|d| {
                d.is_alphabetic() || d == '_' || (ascii && d.is_ascii_digit())
            });
            if text.get(at..stop).is_some_and(keywords::is_keyword) {
                out.push((at, stop, KEYWORD, 0));
            }
        }
    }
}

/// Relative positions in UTF-16, one token a line (a token never spans
/// lines: names, strings and comments end with theirs).
fn encode(a: &Analysis, tokens: &[Raw]) -> lsp::SemanticTokens {
    let text = a.text.as_str();
    let mut data = Vec::with_capacity(tokens.len());
    let (mut line, mut col) = (0u32, 0u32);
    let mut last_end = 0usize;
    for &(start, end, kind, mods) in tokens {
        if start < last_end {
            continue; // overlaps the previous token
        }
        let p = a.lines.position(text, start);
        let length = text.get(start..end).map_or(0, utf16_len);
        if length == 0 {
            continue;
        }
        let delta_line = p.line - line;
        let delta_start = if delta_line == 0 {
            p.character - col
        } else {
            p.character
        };
        data.push(lsp::SemanticToken {
            delta_line,
            delta_start,
            length,
            token_type: kind,
            token_modifiers_bitset: mods,
        });
        line = p.line;
        col = p.character;
        last_end = end;
    }
    lsp::SemanticTokens {
        result_id: None,
        data,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_of_a_target_line() -> Result<(), String> {
        let src = "plan \"p\"\nperiod 2010..2012\nagency 市经贸委\nmetric 床位: stock 张 # beds\nunit 张: count\nitem 一 \"t\" {\n  lead 市经贸委\n  by 2012: 床位 >= 2万张\n}\n";
        let a = Analysis::complete("a.plan", src.to_string()).ok_or("cancelled")?;
        let t = semantic_tokens(&a);
        // Decode back to (line, column, length, type).
        let (mut line, mut col) = (0, 0);
        let decoded: Vec<(u32, u32, u32, u32)> = t
            .data
            .iter()
            .map(|d| {
                if d.delta_line > 0 {
                    col = 0;
                }
                line += d.delta_line;
                col += d.delta_start;
                (line, col, d.length, d.token_type)
            })
            .collect();
        // line 7: `  by 2012: 床位 >= 2万张`
        let on7: Vec<_> = decoded
            .iter()
            .filter(|d| d.0 == 7)
            .map(|d| (d.1, d.2, d.3))
            .collect();
        assert_eq!(
            on7,
            [
                (2, 2, KEYWORD),
                (5, 4, NUMBER),
                (11, 2, 2),
                (17, 1, NUMBER),
                (19, 1, 3)
            ]
        );
        // The comment on line 3, after `张` (a unit, declared on line 4).
        let on3: Vec<_> = decoded
            .iter()
            .filter(|d| d.0 == 3)
            .map(|d| (d.1, d.3))
            .collect();
        assert_eq!(
            on3,
            [(0, KEYWORD), (7, 2), (11, KEYWORD), (17, 3), (19, COMMENT)]
        );
        Ok(())
    }
}
