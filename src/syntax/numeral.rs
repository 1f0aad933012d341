//! Ordinals as the document writes them: `三`, `十六`, `三十一`, or `31`.

/// The value of an arabic or Chinese ordinal below 1000, or `None` when the
/// characters do not form a number (`十十`, `三三`).
pub fn parse(s: &str) -> Option<u32> {
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().filter(|&n: &u32| n < 1_000_000);
    }
    let digit = |c: char| {
        "零一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u32)
    };
    let mut total = 0u32;
    let mut current: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in s.chars() {
        let c = if c == '〇' { '零' } else { c };
        if let Some(d) = digit(c) {
            if current.is_some() && d != 0 {
                return None;
            }
            current = if d == 0 { current } else { Some(d) };
            continue;
        }
        let unit = match c {
            '十' => 10,
            '百' => 100,
            _ => return None,
        };
        if unit >= last_unit {
            return None;
        }
        total += current.unwrap_or(1) * unit;
        current = None;
        last_unit = unit;
    }
    let n = total + current.unwrap_or(0);
    (n > 0 || s == "零" || s == "〇").then_some(n)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn chinese_ordinals() {
        for (s, n) in [
            ("一", 1),
            ("九", 9),
            ("十", 10),
            ("十六", 16),
            ("二十", 20),
            ("三十一", 31),
            ("一百零五", 105),
            ("31", 31),
        ] {
            assert_eq!(parse(s), Some(n), "{s}");
        }
    }

    #[test]
    fn malformed_ordinals() {
        for s in ["十十", "三三", "", "百十百"] {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
