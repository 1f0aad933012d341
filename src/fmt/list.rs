//! Comma lists of agencies: on one line when they fit, else one element per
//! line with the continuation lines aligned under the first element.
//!
//! ```text
//! support 市交通局,
//!         嘉兴经济技术开发区管委会, # a comment stays after its element
//!         # a comment on its own line stays before the next element
//!         嘉服集团
//! ```

use super::out::Out;
use super::tokens::Elem;
use crate::span::Span;
use unicode_width::UnicodeWidthStr;

/// Lines longer than this, in display columns (a CJK character is two),
/// have their list wrapped.
pub const MAX_WIDTH: usize = 100;

/// Where the comments written inside a wrapped list go.
struct Placed {
    /// A comment after element `k` on its line.
    after: Vec<Option<Span>>,
    /// Comment lines before element `k`.
    before: Vec<Vec<Span>>,
    /// Comments that fit no element. The grammar leaves no such place (a
    /// list only continues after a comma); kept anyway, before the list,
    /// so that no comment can ever be lost.
    stray: Vec<Span>,
}

pub(super) struct List<'a> {
    pub keyword: &'a str,
    pub elems: &'a [Elem],
    /// Text after the last element.
    pub tail: &'a str,
    /// Comments inside the statement, in source order.
    pub inner: &'a [Span],
}

impl List<'_> {
    /// Writes the list at block depth `depth`, leaving its last line open
    /// for a trailing comment.
    pub fn write(&self, out: &mut Out<'_>, src: &str, depth: usize) {
        if !self.wraps(depth) {
            out.indent(depth);
            out.push(self.keyword);
            out.push(" ");
            for (k, e) in self.elems.iter().enumerate() {
                if k > 0 {
                    out.push(", ");
                }
                out.push(&e.text);
            }
            out.push(self.tail);
            return;
        }
        let placed = self.place(src);
        for &c in &placed.stray {
            out.comment_line(depth, 0, c);
        }
        let pad = self.keyword.width() + 1;
        let last = self.elems.len().saturating_sub(1);
        for (k, e) in self.elems.iter().enumerate() {
            if k == 0 {
                out.indent(depth);
                out.push(self.keyword);
                out.push(" ");
            } else {
                for &c in placed.before.get(k).into_iter().flatten() {
                    out.comment_line(depth, pad, c);
                }
                out.indent(depth);
                out.spaces(pad);
            }
            out.push(&e.text);
            if k < last {
                out.push(",");
                if let Some(&Some(c)) = placed.after.get(k) {
                    out.trailing_comment(c);
                }
                out.end_line(false);
            }
        }
        out.push(self.tail);
    }

    /// A list wraps when it holds a comment, which must end a line, or when
    /// the line up to its last element is wider than `MAX_WIDTH`. Text
    /// after the list and a trailing comment do not count: wrapping could
    /// not shorten them.
    fn wraps(&self, depth: usize) -> bool {
        if self.elems.len() < 2 {
            return false;
        }
        if !self.inner.is_empty() {
            return true;
        }
        let mut width = depth * super::out::INDENT.len() + self.keyword.width() + 1;
        for (k, e) in self.elems.iter().enumerate() {
            if k > 0 {
                width += 2;
            }
            width += e.text.width();
            if width > MAX_WIDTH {
                return true;
            }
        }
        false
    }

    /// Attaches each inner comment to the element it follows: on the same
    /// line, or on a line of its own before the next element.
    fn place(&self, src: &str) -> Placed {
        let n = self.elems.len();
        let mut placed = Placed {
            after: vec![None; n],
            before: vec![Vec::new(); n],
            stray: Vec::new(),
        };
        let mut k = 0usize;
        for &c in self.inner {
            while self
                .elems
                .get(k + 1)
                .is_some_and(|e| e.span.start <= c.start)
            {
                k += 1;
            }
            let Some(prev) = self.elems.get(k).filter(|e| e.span.end <= c.start) else {
                placed.stray.push(c);
                continue;
            };
            let gap = src
                .get(prev.span.end as usize..c.start as usize)
                .unwrap_or("");
            let same_line = !gap.contains('\n');
            let slot = if same_line && k + 1 < n {
                placed.after.get_mut(k).filter(|s| s.is_none())
            } else {
                None
            };
            if let Some(slot) = slot {
                *slot = Some(c);
            } else if let Some(before) = placed.before.get_mut(k + 1) {
                before.push(c);
            } else {
                placed.stray.push(c);
            }
        }
        placed
    }
}
