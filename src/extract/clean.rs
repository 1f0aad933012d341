//! Web-capture debris out, paragraphs in: each line of the document
//! without its HTML tags and surrounding blanks, keeping where each piece
//! of it stands in the source, so every quote can point back there.

/// One paragraph: a line of the document with its tags taken out.
#[derive(Clone, Debug)]
pub struct Para {
    pub text: String,
    /// `(offset in text, offset in source)` at the start of each piece of
    /// the text that is contiguous in the source, in order.
    pieces: Vec<(usize, usize)>,
}

impl Para {
    /// The source byte offset of a byte offset into the text.
    pub fn src(&self, offset: usize) -> usize {
        let i = self.pieces.partition_point(|&(t, _)| t <= offset);
        match i.checked_sub(1).and_then(|i| self.pieces.get(i)) {
            Some(&(t, s)) => s + (offset - t),
            None => offset,
        }
    }
}

/// The paragraphs of a document, debris dropped.
pub fn paragraphs(src: &str) -> Vec<Para> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in src.split_inclusive('\n') {
        let had_tags = line.contains('<');
        if let Some(p) = strip(line, start) {
            if !is_debris(&p.text, had_tags) {
                out.push(p);
            }
        }
        start += line.len();
    }
    out
}

fn blank(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}' || c == '\u{feff}'
}

/// The line without tags and entities, trimmed; `None` when nothing is left.
fn strip(line: &str, start: usize) -> Option<Para> {
    let mut text = String::new();
    let mut pieces: Vec<(usize, usize)> = Vec::new();
    let mut rest = line;
    let mut at = start;
    let mut gap = true;
    while let Some(c) = rest.chars().next() {
        let skip = if c == '<' {
            tag_len(rest)
        } else if c == '&' {
            entity_len(rest)
        } else {
            0
        };
        if skip > 0 {
            rest = rest.get(skip..).unwrap_or("");
            at += skip;
            gap = true;
            continue;
        }
        let n = c.len_utf8();
        if !(text.is_empty() && blank(c)) {
            if gap {
                pieces.push((text.len(), at));
                gap = false;
            }
            text.push(c);
        } else {
            gap = true;
        }
        rest = rest.get(n..).unwrap_or("");
        at += n;
    }
    let trimmed = text.trim_end_matches(blank).len();
    text.truncate(trimmed);
    (!text.is_empty()).then_some(Para { text, pieces })
}

/// The length of an HTML tag at the start of `s` (`<p id="x">`, `</td>`,
/// `<!-- … -->` on one line), or 0 when `<` starts no tag.
fn tag_len(s: &str) -> usize {
    let starts_tag = s
        .get(1..)
        .and_then(|r| r.chars().next())
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '/' || c == '!');
    if !starts_tag {
        return 0;
    }
    s.find('>').map_or(0, |end| end + 1)
}

/// The length of an HTML entity at the start of `s` (`&nbsp;`), or 0.
fn entity_len(s: &str) -> usize {
    let Some(end) = s.get(..12).unwrap_or(s).find(';') else {
        return 0;
    };
    let name = s.get(1..end).unwrap_or("");
    let ok = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '#');
    if ok {
        end + 1
    } else {
        0
    }
}

/// Lines a page capture adds around a document: navigation, the page's own
/// dates and counters, print links, list bullets left by tags.
fn is_debris(text: &str, had_tags: bool) -> bool {
    const STARTS: [&str; 22] = [
        "首页",
        "网站首页",
        "当前位置",
        "您现在",
        "您所在",
        "作者:",
        "作者：",
        "信息来源",
        "来源:",
        "来源：",
        "发布日期",
        "发布时间",
        "浏览次数",
        "索引号",
        "发布机构",
        "主题分类",
        "组配分类",
        "字体:",
        "分享到",
        "设为首页",
        "加入收藏",
        "【打印",
    ];
    if STARTS.iter().any(|s| text.starts_with(s)) {
        return true;
    }
    if text.contains(" > ") && text.chars().count() < 120 && !text.contains('。') {
        return true;
    }
    if text.chars().all(|c| "|｜•·-—_=*#".contains(c) || blank(c)) {
        return true;
    }
    // `1.` or `•` left alone on a line once its tags are gone.
    had_tags
        && text
            .chars()
            .all(|c| c.is_ascii_digit() || ".、•·".contains(c) || blank(c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_debris_go_and_offsets_stay() {
        let src = "<p id=\"a\"></p>\n  • <input id=\"b\">\n   首页 > 政务公开 > 公报\n  <b>牵头单位</b>:市经贸委\n";
        let ps = paragraphs(src);
        assert_eq!(ps.len(), 1);
        let p = &ps[0];
        assert_eq!(p.text, "牵头单位:市经贸委");
        let colon = p.text.find(':').unwrap_or(0);
        assert_eq!(src.get(p.src(colon)..p.src(colon) + 1), Some(":"));
        assert_eq!(src.get(p.src(0)..p.src(0) + 3), Some("牵"));
    }
}
