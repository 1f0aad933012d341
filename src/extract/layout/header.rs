//! The document's head: its title, issuing body and date, and the plan
//! period they give.

use super::super::Period;
use super::{classify, Kind};

/// The years a document of the People's Republic can name as a year of its
/// plan: 0341年 is no year of one.
pub const YEARS: std::ops::RangeInclusive<u16> = 1949..=2200;

/// Words that mark a document's title.
const TITLE_WORDS: [&str; 14] = [
    "意见", "规划", "方案", "计划", "纲要", "分工", "分解", "要点", "措施", "办法", "清单", "任务",
    "通知", "目标",
];

pub(super) fn title_like(text: &str) -> bool {
    let n = text.chars().count();
    (4..=80).contains(&n)
        && !text.ends_with(['。', ':', '：', ';', '；', ','])
        && !text.starts_with(['(', '（'])
        && TITLE_WORDS.iter().any(|w| text.contains(w))
        && classify(text) == Kind::Prose
}

/// A date as `YYYY[-MM[-DD]]`: `2010年6月30日`, `二○一○年六月`.
pub fn parse_date(text: &str) -> Option<String> {
    fn digit(c: char) -> Option<u32> {
        match c {
            '0'..='9' => c.to_digit(10),
            '０'..='９' => Some(c as u32 - '０' as u32),
            '○' | '〇' | '零' | 'O' => Some(0),
            '一' => Some(1),
            '二' => Some(2),
            '三' => Some(3),
            '四' => Some(4),
            '五' => Some(5),
            '六' => Some(6),
            '七' => Some(7),
            '八' => Some(8),
            '九' => Some(9),
            _ => None,
        }
    }
    // 十二 = 12, 三十 = 30, 三十一 = 31, 十 = 10, or digits.
    fn small(s: &str) -> Option<u32> {
        if let Some((a, b)) = s.split_once('十') {
            let tens = if a.is_empty() {
                1
            } else {
                digit(a.chars().next()?)?
            };
            let ones = if b.is_empty() {
                0
            } else {
                digit(b.chars().next()?)?
            };
            return Some(tens * 10 + ones);
        }
        s.chars()
            .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?))
    }
    let y_end = text.find('年')?;
    let y: String = text
        .get(..y_end)?
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    if y.chars().count() != 4 {
        return None;
    }
    let year = y
        .chars()
        .try_fold(0u32, |acc, c| Some(acc * 10 + digit(c)?))?;
    if !u16::try_from(year).is_ok_and(|y| YEARS.contains(&y)) {
        return None;
    }
    let rest = text.get(y_end + '年'.len_utf8()..)?;
    let Some(m_end) = rest.find('月') else {
        return Some(format!("{year}"));
    };
    let month = small(rest.get(..m_end)?).filter(|m| (1..=12).contains(m))?;
    let rest = rest.get(m_end + '月'.len_utf8()..)?;
    match rest.find('日').and_then(|d| small(rest.get(..d)?)) {
        Some(day) if (1..=31).contains(&day) => Some(format!("{year}-{month:02}-{day:02}")),
        _ => Some(format!("{year}-{month:02}")),
    }
}

/// A line that is only a date (二○一○年六月三十日).
pub(super) fn date_line(text: &str) -> Option<String> {
    let t = text.trim();
    if t.chars().count() > 16 || !(t.ends_with('日') || t.ends_with('月')) {
        return None;
    }
    parse_date(t)
}

fn years_in(text: &str) -> Vec<u16> {
    let mut out = Vec::new();
    let cs: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < cs.len() {
        let run = cs
            .get(i..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
        if run == 4 {
            let y: String = cs
                .get(i..i + 4)
                .map(|r| r.iter().collect())
                .unwrap_or_default();
            if let Ok(y) = y.parse::<u16>() {
                if YEARS.contains(&y) {
                    out.push(y);
                }
            }
        }
        i += run.max(1);
    }
    out
}

/// The plan period from the title (and the line under it), the issue
/// date and the deadlines written in the text.
pub(super) fn period(
    title: &str,
    under: Option<&str>,
    issued: Option<u16>,
    deadlines: &[u16],
) -> Option<Period> {
    for t in [Some(title), under].into_iter().flatten() {
        let ys = years_in(t);
        if let [a, b, ..] = ys.as_slice() {
            if a < b && b - a <= 30 {
                return Some(Period {
                    from: *a,
                    to: *b,
                    basis: format!("the years {a}–{b} in the title"),
                });
            }
        }
    }
    // 十四五: 2021..2025; 十一五: 2006..2010.
    if let Some(i) = title.find('十') {
        let mut cs = title.get(i..).unwrap_or("").chars().skip(1);
        let n = match cs.next() {
            Some('五') => Some(0),
            Some(c) => "一二三四五六七八九"
                .find(c)
                .map(|k| k / '一'.len_utf8() + 1)
                .filter(|_| cs.next() == Some('五')),
            None => None,
        };
        if let Some(n) = n {
            let from = 2001 + 5 * n as u16;
            return Some(Period {
                from,
                to: from + 4,
                basis: "the five-year plan the title names".to_string(),
            });
        }
    }
    if let [y] = years_in(title).as_slice() {
        return Some(Period {
            from: *y,
            to: *y,
            basis: format!("the year {y} in the title"),
        });
    }
    if let Some(y) = issued {
        for (w, n) in [
            ("三年", 3u16),
            ("五年", 5),
            ("两年", 2),
            ("二年", 2),
            ("十年", 10),
            ("四年", 4),
        ] {
            if title.contains(w) {
                return Some(Period {
                    from: y,
                    to: y + n - 1,
                    basis: format!("the title's {w} from the issue year {y}"),
                });
            }
        }
    }
    let last = deadlines
        .iter()
        .copied()
        .filter(|d| issued.is_none_or(|y| *d >= y && *d <= y + 30))
        .max();
    match (issued, last) {
        (Some(y), Some(d)) => Some(Period {
            from: y,
            to: d,
            basis: format!("the issue year {y} to the last deadline {d}"),
        }),
        (Some(y), None) => Some(Period {
            from: y,
            to: y,
            basis: format!("the issue year {y}"),
        }),
        (None, Some(d)) => {
            let first = deadlines
                .iter()
                .copied()
                .filter(|x| *x + 30 >= d)
                .min()
                .unwrap_or(d);
            Some(Period {
                from: first,
                to: d,
                basis: format!("the deadlines {first}–{d} in the text"),
            })
        }
        (None, None) => None,
    }
}
