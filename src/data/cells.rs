//! Finding a CSV cell's span in the raw text, for diagnostics.
//!
//! This is the slow path, run only for rows that have a problem: it walks
//! one record with the same quoting rules as the CSV reader (RFC 4180:
//! fields split at `,` outside double quotes, `""` inside quotes is a quote,
//! the record ends at a line break outside quotes).

use crate::span::Span;

/// The span of field `field` of the record starting at byte `record`,
/// quotes included. A field past the end of the record gives an empty span
/// at the record's end, where the missing cell would go.
pub fn cell(text: &str, record: usize, field: usize) -> Span {
    let bytes = text.as_bytes();
    let mut start = record.min(bytes.len());
    let mut index = 0;
    let mut in_quotes = false;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                if index == field {
                    return Span::new(start, i);
                }
                index = index.saturating_add(1);
                start = i.saturating_add(1);
            }
            b'\n' | b'\r' if !in_quotes => break,
            _ => {}
        }
        i = i.saturating_add(1);
    }
    if index == field {
        Span::new(start, i)
    } else {
        Span::new(i, i)
    }
}

/// The span of the whole record starting at byte `record`, without its line
/// break.
pub fn record(text: &str, record: usize) -> Span {
    let bytes = text.as_bytes();
    let start = record.min(bytes.len());
    let mut in_quotes = false;
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\n' | b'\r' if !in_quotes => break,
            _ => {}
        }
        i = i.saturating_add(1);
    }
    Span::new(start, i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_of_a_plain_record() {
        let text = "metric,year\n产值,2011,150\n";
        let r = text.find('产').unwrap_or(0);
        assert_eq!(&text[cell(text, r, 0).range()], "产值");
        assert_eq!(&text[cell(text, r, 2).range()], "150");
        assert_eq!(cell(text, r, 5), Span::new(text.len() - 1, text.len() - 1));
        assert_eq!(&text[record(text, r).range()], "产值,2011,150");
    }

    #[test]
    fn quoted_commas_and_crlf() {
        let text = "\"a,b\",\"x\"\"y\",3\r\n";
        assert_eq!(&text[cell(text, 0, 0).range()], "\"a,b\"");
        assert_eq!(&text[cell(text, 0, 1).range()], "\"x\"\"y\"");
        assert_eq!(&text[cell(text, 0, 2).range()], "3");
    }
}
