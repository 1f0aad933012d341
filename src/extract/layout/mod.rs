//! The document's structure: title, issuing body and date, period,
//! sections (一、), items ((三), 1.), parts (an item's paragraphs each with
//! its own 牵头单位), and the agencies of the 牵头单位/配合单位 lines.

mod agencies;
mod header;

use super::clean::Para;
use super::{Extraction, Item, Quote, Section, Span};
use agencies::{inline_agencies, label, split_names, Agencies, Block, Role};
use header::{date_line, parse_date, period, title_like};

/// What a paragraph is.
#[derive(Clone, Debug, PartialEq)]
enum Kind {
    /// `一、title`.
    Section {
        ordinal: String,
        rest: usize,
    },
    /// `(三)title`, `1.title`, `(1)title`: level 1, 2, 3.
    Heading {
        level: u8,
        ordinal: String,
        rest: usize,
    },
    /// `牵头单位:…` (lead) or `配合单位:…` (support); `责任单位` is a lead
    /// when no 牵头单位 is named.
    Agencies {
        role: Role,
        rest: usize,
    },
    Prose,
}

const CN_DIGITS: &str = "一二三四五六七八九十百零〇○两";

fn is_cn_ordinal(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| CN_DIGITS.contains(c))
}

fn classify(text: &str) -> Kind {
    if let Some((role, rest)) = label(text) {
        return Kind::Agencies { role, rest };
    }
    // 一、title
    if let Some(i) = text.find('、') {
        let ord = text.get(..i).unwrap_or("");
        if is_cn_ordinal(ord) && ord.chars().count() <= 3 {
            return Kind::Section {
                ordinal: ord.to_string(),
                rest: i + '、'.len_utf8(),
            };
        }
    }
    // (三)title, (1)title
    let open = text.starts_with('(') || text.starts_with('（');
    if open {
        let after = text
            .get(text.chars().next().map_or(1, char::len_utf8)..)
            .unwrap_or("");
        if let Some(close) = after.find([')', '）']) {
            let ord = after.get(..close).unwrap_or("");
            let close_len = after
                .get(close..)
                .and_then(|s| s.chars().next())
                .map_or(1, char::len_utf8);
            let rest = text.len() - after.len() + close + close_len;
            if is_cn_ordinal(ord) && ord.chars().count() <= 4 {
                return Kind::Heading {
                    level: 1,
                    ordinal: ord.to_string(),
                    rest,
                };
            }
            if !ord.is_empty() && ord.len() <= 3 && ord.chars().all(|c| c.is_ascii_digit()) {
                return Kind::Heading {
                    level: 3,
                    ordinal: ord.to_string(),
                    rest,
                };
            }
        }
    }
    // 1.title, 1．title, 1、title (not 1.5%)
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    if (1..=3).contains(&digits) {
        let after = text.get(digits..).unwrap_or("");
        let mut cs = after.chars();
        if let Some(sep) = cs.next().filter(|c| ['.', '．', '、'].contains(c)) {
            if cs
                .next()
                .is_some_and(|c| !c.is_ascii_digit() && !c.is_whitespace() || c == ' ')
            {
                return Kind::Heading {
                    level: 2,
                    ordinal: text.get(..digits).unwrap_or("").to_string(),
                    rest: digits + sep.len_utf8(),
                };
            }
        }
    }
    Kind::Prose
}

/// A paragraph as read: its kind and where it is.
struct Line<'a> {
    para: &'a Para,
    kind: Kind,
}

impl Line<'_> {
    fn text(&self) -> &str {
        &self.para.text
    }
    fn quote(&self, from: usize, to: usize) -> Quote {
        let text = self.para.text.get(from..to).unwrap_or("").to_string();
        Quote {
            text,
            span: Span {
                start: self.para.src(from),
                end: self.para.src(to),
            },
        }
    }
}

/// The document's first sentence end at or after `from` in `text`.
fn sentence_end(text: &str, from: usize) -> usize {
    text.get(from..)
        .and_then(|r| r.find(['。', '！', '？']))
        .map_or(text.len(), |i| from + i)
}

/// Reads the structure. Targets are found later, in `rules`.
pub fn read(paras: &[Para]) -> Extraction {
    let lines: Vec<Line> = paras
        .iter()
        .map(|p| Line {
            para: p,
            kind: classify(&p.text),
        })
        .collect();
    let mut ex = Extraction::default();
    let mut agencies = Agencies::default();

    // The item level: the heading level whose headings most often name
    // agencies (on lines after them, or inline).
    let mut named = [0usize; 4];
    let mut seen = [0usize; 4];
    let mut current: Option<u8> = None;
    for l in &lines {
        match &l.kind {
            Kind::Heading { level, .. } => {
                current = Some(*level);
                if let Some(c) = seen.get_mut(usize::from(*level)) {
                    *c += 1;
                }
                if inline_agencies(l.text()).is_some() {
                    if let Some(c) = named.get_mut(usize::from(*level)) {
                        *c += 1;
                    }
                    current = None;
                }
            }
            Kind::Agencies { .. } => {
                if let Some(level) = current.take() {
                    if let Some(c) = named.get_mut(usize::from(level)) {
                        *c += 1;
                    }
                }
            }
            Kind::Section { .. } => current = None,
            Kind::Prose => {}
        }
    }
    let item_level: u8 =
        match (1u8..=3).max_by_key(|&l| (named.get(usize::from(l)).copied().unwrap_or(0), 3 - l)) {
            Some(l) if named.get(usize::from(l)).copied().unwrap_or(0) > 0 => l,
            _ => (1u8..=3)
                .find(|&l| seen.get(usize::from(l)).copied().unwrap_or(0) > 0)
                .unwrap_or(1),
        };

    // The body starts after the title: the last title-like line before the
    // first item that names agencies (else before the first section).
    let first_named = lines.iter().position(|l| {
        matches!(l.kind, Kind::Agencies { .. }) || inline_agencies(l.text()).is_some()
    });
    let first_section = lines
        .iter()
        .position(|l| matches!(l.kind, Kind::Section { .. } | Kind::Heading { .. }));
    let limit = first_named.or(first_section).unwrap_or(lines.len());
    let title_at = lines
        .get(..limit)
        .and_then(|ls| ls.iter().rposition(|l| title_like(l.text())));
    let body_from;
    let mut issued_year = None;
    if let Some(t) = title_at {
        // A title broken over short lines above it.
        let mut from = t;
        while from > 0 && t - from < 2 {
            match lines.get(from - 1) {
                Some(l)
                    if l.kind == Kind::Prose
                        && l.text().chars().count() <= 30
                        && !l.text().starts_with(['(', '（'])
                        && !l.text().ends_with(['。', ':', '：', '日'])
                        && date_line(l.text()).is_none()
                        && !l.text().contains("文件")
                        && !l.text().contains('〔') =>
                {
                    from -= 1
                }
                _ => break,
            }
        }
        let text: String = lines
            .get(from..=t)
            .map(|ls| ls.iter().map(|l| l.text()).collect())
            .unwrap_or_default();
        let start = lines.get(from).map_or(0, |l| l.para.src(0));
        let end = lines.get(t).map_or(0, |l| l.para.src(l.text().len()));
        ex.title = Some(Quote {
            text,
            span: Span { start, end },
        });
        body_from = t + 1;
        // (市合作交流办  二○一○年六月) under the title.
        let under = lines.get(t + 1).map(|l| l.text().trim());
        let bracketed = under.and_then(|u| {
            let inner = u.strip_prefix(['(', '（'])?.strip_suffix([')', '）'])?;
            let date = parse_date(inner)?;
            let body = inner
                .split(|c: char| c.is_whitespace() || c == '\u{3000}')
                .next()
                .unwrap_or("")
                .trim();
            Some((body.to_string(), date))
        });
        if let Some((body, date)) = bracketed {
            if !body.is_empty() && parse_date(&body).is_none() {
                let l = lines.get(t + 1);
                let at = l.map_or(Span::default(), |l| {
                    let s = l.text().find(body.as_str()).unwrap_or(0);
                    Span {
                        start: l.para.src(s),
                        end: l.para.src(s + body.len()),
                    }
                });
                ex.issued_by = Some(agencies.get(&body, at));
            }
            issued_year = date.get(..4).and_then(|y| y.parse().ok());
            ex.issued_on = Some(date);
        } else {
            // A signature and a date line before the title (the notice's).
            for (i, l) in lines.iter().enumerate().take(t).rev() {
                if let Some(date) = date_line(l.text()) {
                    issued_year = date.get(..4).and_then(|y| y.parse().ok());
                    ex.issued_on = Some(date);
                    if let Some(prev) = i.checked_sub(1).and_then(|p| lines.get(p)) {
                        let name = prev.text().trim();
                        if name.chars().count() <= 30
                            && !name.ends_with(['。', ':', '：'])
                            && name.chars().all(|c| c.is_alphanumeric())
                        {
                            let at = Span {
                                start: prev.para.src(0),
                                end: prev.para.src(prev.text().len()),
                            };
                            ex.issued_by = Some(agencies.get(name, at));
                        }
                    }
                    break;
                }
            }
        }
    } else {
        body_from = 0;
    }
    let deadlines: Vec<u16> = lines
        .get(body_from..)
        .unwrap_or(&[])
        .iter()
        .flat_map(|l| {
            let t = l.text();
            let mut ys = Vec::new();
            let mut rest = t;
            while let Some(i) = rest.find('到') {
                let after = rest.get(i + '到'.len_utf8()..).unwrap_or("");
                if let Some(y) = after
                    .get(..4)
                    .filter(|y| y.chars().all(|c| c.is_ascii_digit()))
                    .and_then(|y| y.parse::<u16>().ok())
                    .filter(|y| header::YEARS.contains(y))
                {
                    ys.push(y);
                }
                rest = after;
            }
            ys
        })
        .collect();
    let under = ex
        .title
        .as_ref()
        .and(lines.get(body_from))
        .map(|l| l.text());
    ex.period = ex
        .title
        .as_ref()
        .and_then(|t| period(&t.text, under, issued_year, &deadlines))
        .or_else(|| period("", None, issued_year, &deadlines));

    // The body.
    let mut section: Option<usize> = None;
    let mut item: Option<usize> = None;
    let mut heading: Option<String> = None;
    // Per item: blocks of paragraphs, each closed by its agency lines.
    let mut blocks: Vec<Block> = Vec::new();
    let mut after_agencies = false;
    for l in lines.iter().skip(body_from) {
        match &l.kind {
            Kind::Section { ordinal, rest } => {
                close_item(&mut ex, item.take(), &mut blocks);
                let end = l.text().trim_end_matches(['。', ' ']).len().max(*rest);
                ex.sections.push(Section {
                    ordinal: ordinal.clone(),
                    title: l.quote(*rest, end),
                    intro: Vec::new(),
                });
                section = Some(ex.sections.len() - 1);
                heading = None;
            }
            Kind::Heading {
                level,
                ordinal,
                rest,
            } if *level == item_level => {
                close_item(&mut ex, item.take(), &mut blocks);
                let text = l.text();
                let (body_end, inline) = match inline_agencies(text) {
                    Some((open, found)) => (open, Some(found)),
                    None => (text.len(), None),
                };
                let t_end = sentence_end(text, *rest).min(body_end);
                let title = l.quote(*rest, t_end.max(*rest));
                let mut block = Block::default();
                // The title is read for targets too (立山: 1.…增长6.2%左右。).
                block
                    .paras
                    .push((l.quote(*rest, body_end.max(*rest)), true));
                if let Some(found) = inline {
                    for (role, names) in found {
                        block.add(role, &names, l.para, &mut agencies);
                    }
                    block.closed = true;
                }
                blocks.push(block);
                ex.items.push(Item {
                    ordinal: ordinal.clone(),
                    id: String::new(),
                    title,
                    section,
                    parent: None,
                    lead: Vec::new(),
                    support: Vec::new(),
                    sentences: Vec::new(),
                    heading: heading.take(),
                });
                item = Some(ex.items.len() - 1);
                after_agencies = false;
            }
            Kind::Heading { level, .. } if *level < item_level => {
                close_item(&mut ex, item.take(), &mut blocks);
                heading = Some(l.text().to_string());
            }
            Kind::Agencies { role, rest } => {
                if item.is_some() {
                    if blocks.is_empty() {
                        blocks.push(Block::default());
                    }
                    if let Some(b) = blocks.last_mut() {
                        let list = l.text().get(*rest..).unwrap_or("");
                        let base = l.para.src(*rest);
                        for (name, off) in split_names(list) {
                            let at = Span {
                                start: base + off,
                                end: base + off + name.len(),
                            };
                            b.add_one(*role, &name, at, &mut agencies);
                        }
                        b.closed = true;
                    }
                    after_agencies = true;
                } else {
                    ex.preamble.push(l.quote(0, l.text().len()));
                }
            }
            _ => {
                // Prose (or a heading below the item level).
                let quote = l.quote(0, l.text().len());
                if item.is_some() {
                    let inline = inline_agencies(l.text());
                    let new_block = after_agencies || blocks.last().is_none_or(|b| b.closed);
                    if new_block {
                        blocks.push(Block::default());
                        after_agencies = false;
                    }
                    if let Some(b) = blocks.last_mut() {
                        match inline {
                            Some((open, found)) => {
                                b.paras.push((l.quote(0, open), false));
                                for (role, names) in found {
                                    b.add(role, &names, l.para, &mut agencies);
                                }
                                b.closed = true;
                            }
                            None => b.paras.push((quote, false)),
                        }
                    }
                } else if let Some(s) = section.and_then(|s| ex.sections.get_mut(s)) {
                    s.intro.push(quote);
                } else {
                    ex.preamble.push(quote);
                }
            }
        }
    }
    close_item(&mut ex, item.take(), &mut blocks);
    ex.agencies = agencies.finish();
    ex
}

/// Splits a paragraph quote into sentences (。！？), keeping spans.
pub fn sentences(q: &Quote, src: &str) -> Vec<Quote> {
    let mut out = Vec::new();
    let text = &q.text;
    let mut start = 0;
    // A paragraph whose text is the source's own (no tag was taken out of
    // it) places each sentence exactly; otherwise each has its span.
    let contiguous = src.get(q.span.start..q.span.end) == Some(text.as_str());
    let src_span = |a: usize, b: usize| -> Span {
        if contiguous {
            Span {
                start: q.span.start + a,
                end: q.span.start + b,
            }
        } else {
            q.span
        }
    };
    for (i, c) in text.char_indices() {
        if matches!(c, '。' | '！' | '？' | '!' | '?') {
            let end = i + c.len_utf8();
            if text.get(start..i).is_some_and(|s| !s.trim().is_empty()) {
                out.push(Quote {
                    text: text.get(start..end).unwrap_or("").to_string(),
                    span: src_span(start, end),
                });
            }
            start = end;
        }
    }
    if text.get(start..).is_some_and(|s| !s.trim().is_empty()) {
        out.push(Quote {
            text: text.get(start..).unwrap_or("").to_string(),
            span: src_span(start, text.len()),
        });
    }
    out
}

/// Gives the item its agencies and sentences, or splits it into parts
/// when more than one of its blocks names agencies.
fn close_item(ex: &mut Extraction, item: Option<usize>, blocks: &mut Vec<Block>) {
    let Some(i) = item else {
        blocks.clear();
        return;
    };
    let taken: Vec<Block> = std::mem::take(blocks);
    let with_agencies = taken
        .iter()
        .filter(|b| !b.lead.is_empty() || !b.responsible.is_empty() || !b.support.is_empty())
        .count();
    if with_agencies <= 1 {
        let mut lead = Vec::new();
        let mut support = Vec::new();
        let mut sentences_ = Vec::new();
        for b in &taken {
            let (l, s) = b.roles();
            lead.extend(l);
            support.extend(s);
            for (q, _) in &b.paras {
                sentences_.push(q.clone());
            }
        }
        if let Some(it) = ex.items.get_mut(i) {
            it.lead = lead;
            it.support = support;
            it.sentences = sentences_;
        }
        return;
    }
    // Parts: each block with its own agencies. Text before the first
    // such block (the header line) stays with the item; a block without
    // agencies joins the part after it.
    let mut pending: Vec<Quote> = Vec::new();
    let mut header: Vec<Quote> = Vec::new();
    let mut n = 0usize;
    let section = ex.items.get(i).and_then(|it| it.section);
    for b in taken {
        for (q, is_header) in &b.paras {
            if *is_header {
                header.push(q.clone());
            } else {
                pending.push(q.clone());
            }
        }
        let (lead, support) = b.roles();
        if lead.is_empty() && support.is_empty() {
            continue;
        }
        n += 1;
        let paras = std::mem::take(&mut pending);
        let title = paras
            .first()
            .map(|q| {
                let end = sentence_end(&q.text, 0);
                let t = q.text.get(..end).unwrap_or("").to_string();
                Quote {
                    span: Span {
                        start: q.span.start,
                        end: q.span.start + t.len(),
                    },
                    text: t,
                }
            })
            .unwrap_or_else(|| Quote {
                text: format!("第{n}部分"),
                span: Span::default(),
            });
        ex.items.push(Item {
            ordinal: n.to_string(),
            id: String::new(),
            title,
            section,
            parent: Some(i),
            lead,
            support,
            sentences: paras,
            heading: None,
        });
    }
    if let Some(last) = ex.items.last_mut().filter(|it| it.parent == Some(i)) {
        last.sentences.append(&mut pending);
    }
    if let Some(it) = ex.items.get_mut(i) {
        it.sentences = header;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_of_lines() {
        assert!(matches!(
            classify("一、推动产业转型升级"),
            Kind::Section { .. }
        ));
        assert!(matches!(
            classify("(三)加快平台建设。"),
            Kind::Heading { level: 1, .. }
        ));
        assert!(matches!(
            classify("（三十一）加大宣传力度"),
            Kind::Heading { level: 1, .. }
        ));
        assert!(matches!(
            classify("12.启动南外环"),
            Kind::Heading { level: 2, .. }
        ));
        assert!(matches!(
            classify("(1)标题"),
            Kind::Heading { level: 3, .. }
        ));
        assert_eq!(classify("1.5%的增长"), Kind::Prose);
        assert!(matches!(
            classify("牵头单位:市经贸委"),
            Kind::Agencies {
                role: Role::Lead,
                ..
            }
        ));
        assert!(matches!(
            classify("配合单位：市外经贸局"),
            Kind::Agencies {
                role: Role::Support,
                ..
            }
        ));
    }

    #[test]
    fn names_split_outside_brackets() {
        let names: Vec<String> = split_names("市外经贸局、各县(市、区)政府")
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(names, ["市外经贸局", "各县(市、区)政府"]);
    }

    #[test]
    fn inline_roles() {
        let (_, found) =
            inline_agencies("9.粮食产量稳定在23万吨。(责任领导:丁玲;牵头单位:区农业农村局)")
                .unwrap();
        assert_eq!(
            found,
            [
                (Role::Person, "丁玲".to_string()),
                (Role::Lead, "区农业农村局".to_string())
            ]
        );
        let (_, found) =
            inline_agencies("……衔接。(市政府办公室、市审改办牵头,市级各有关部门按职责分工负责)")
                .unwrap();
        assert_eq!(found[0], (Role::Lead, "市政府办公室、市审改办".to_string()));
        assert_eq!(found[1].0, Role::Support);
    }

    #[test]
    fn dates() {
        assert_eq!(
            parse_date("二○一○年六月三十日").as_deref(),
            Some("2010-06-30")
        );
        assert_eq!(
            parse_date("市合作交流办  二○一○年六月").as_deref(),
            Some("2010-06")
        );
        assert_eq!(parse_date("2023年3月28日").as_deref(), Some("2023-03-28"));
    }
}
