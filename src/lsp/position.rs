//! Byte offsets ⇄ LSP positions.
//!
//! planc's spans are byte offsets; the Language Server Protocol counts a
//! line's characters in UTF-16 code units. A CJK character is 3 bytes and
//! one unit, a character outside the Basic Multilingual Plane (`𠀀`) 4 bytes
//! and two units. Lines end at `\n`; a `\r` before it belongs to no
//! position a client can name.

use crate::span::Span;
use lsp_types::{Position, Range};

/// The start of every line of one text, to convert positions in it.
#[derive(Clone, Debug)]
pub struct LineMap {
    starts: Vec<u32>,
}

impl LineMap {
    /// The line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0u32];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| (i + 1).min(u32::MAX as usize) as u32),
        );
        LineMap { starts }
    }

    /// The line `i`'s text, without its line break.
    fn line<'t>(&self, text: &'t str, i: usize) -> (usize, &'t str) {
        let start = self.starts.get(i).map_or(text.len(), |&s| s as usize);
        let end = self
            .starts
            .get(i + 1)
            .map_or(text.len(), |&s| (s as usize).saturating_sub(1));
        let line = text.get(start..end).unwrap_or("");
        (start, line.strip_suffix('\r').unwrap_or(line))
    }

    /// The position of byte `offset` of `text`. An offset past the end is
    /// the end; one inside a character is that character's start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let (start, content) = self.line(text, line);
        let upto = content
            .get(..offset.saturating_sub(start))
            .unwrap_or(content);
        Position {
            line: line as u32,
            character: utf16_len(upto),
        }
    }

    /// The byte offset of `pos` in `text`. A character past the line's end
    /// is its end (as the protocol asks), a line past the last is the end of
    /// the text, and a position between the two units of a surrogate pair
    /// is the start of its character.
    pub fn offset(&self, text: &str, pos: Position) -> usize {
        if pos.line as usize >= self.starts.len() {
            return text.len();
        }
        let (start, content) = self.line(text, pos.line as usize);
        let mut units = 0u32;
        for (i, c) in content.char_indices() {
            let next = units + c.len_utf16() as u32;
            if next > pos.character {
                return start + i;
            }
            units = next;
        }
        start + content.len()
    }

    /// A byte span as an LSP range (UTF-16 columns).
    pub fn range(&self, text: &str, span: Span) -> Range {
        Range {
            start: self.position(text, span.start as usize),
            end: self.position(text, span.end as usize),
        }
    }

    /// An LSP range (UTF-16 columns) as a byte span.
    pub fn span(&self, text: &str, range: Range) -> Span {
        Span::new(self.offset(text, range.start), self.offset(text, range.end))
    }

    /// The byte offset where line `line` starts (the end of the text past
    /// the last line).
    pub fn line_start(&self, text: &str, line: u32) -> usize {
        self.starts
            .get(line as usize)
            .map_or(text.len(), |&s| (s as usize).min(text.len()))
    }
}

/// Length of `s` in UTF-16 code units.
pub fn utf16_len(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pos(line: u32, character: u32) -> Position {
        Position { line, character }
    }

    #[test]
    fn cjk_counts_one_unit_a_character() {
        let text = "ab\nlead 市经茂委 x\n";
        let m = LineMap::new(text);
        let at = text.find("市经茂委").unwrap_or(0);
        assert_eq!(m.position(text, at), pos(1, 5));
        assert_eq!(m.position(text, at + "市经茂委".len()), pos(1, 9));
        assert_eq!(m.offset(text, pos(1, 9)), at + "市经茂委".len());
    }

    #[test]
    fn astral_characters_count_two_units() {
        // 𠀀 (U+20000) is 4 bytes in UTF-8 and a surrogate pair in UTF-16.
        let text = "agency \"𠀀局\", x\n";
        let m = LineMap::new(text);
        let x = text.find('x').unwrap_or(0);
        assert_eq!(m.position(text, x), pos(0, 14));
        assert_eq!(m.offset(text, pos(0, 14)), x);
        let ju = text.find('局').unwrap_or(0);
        assert_eq!(m.position(text, ju), pos(0, 10));
        // Between the two halves of the pair: the character's start.
        assert_eq!(m.offset(text, pos(0, 9)), ju - 4);
    }

    #[test]
    fn out_of_range_positions_clamp() {
        let text = "ab\r\ncd";
        let m = LineMap::new(text);
        assert_eq!(m.offset(text, pos(0, 99)), 2, "before the \\r");
        assert_eq!(m.offset(text, pos(7, 0)), text.len());
        assert_eq!(m.position(text, 99), pos(1, 2));
        assert_eq!(m.position(text, 3), pos(0, 2), "the \\n of a \\r\\n");
    }

    fn line_of(s: &str) -> impl Strategy<Value = String> {
        let _ = s;
        proptest::collection::vec(
            prop_oneof![
                Just('a'),
                Just(' '),
                Just('市'),
                Just('，'),
                Just('𠀀'),
                Just('😀'),
                Just('\n'),
                Just('é'),
            ],
            0..40,
        )
        .prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// Every character boundary survives the round trip, and a
        /// position's character is the UTF-16 length of the line before it.
        #[test]
        fn offsets_round_trip(text in line_of("")) {
            let m = LineMap::new(&text);
            for (i, _) in text.char_indices().chain(std::iter::once((text.len(), ' '))) {
                let p = m.position(&text, i);
                prop_assert_eq!(m.offset(&text, p), i);
                let line_start = text.get(..i).and_then(|s| s.rfind('\n')).map_or(0, |n| n + 1);
                let before = text.get(line_start..i).unwrap_or("");
                prop_assert_eq!(p.character as usize, before.encode_utf16().count());
                prop_assert_eq!(p.line as usize, text.get(..i).unwrap_or("").matches('\n').count());
            }
        }
    }
}
