//! A document's bytes to text: UTF-8 (with or without a byte-order mark),
//! else GBK. Kept here, small, because a document is read whole and only
//! once; plans and data files have their own reading in `source` and `io`.

/// How the bytes were read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// GBK, decoded as GB18030.
    Gbk,
}

/// Decodes a document. `None` when the bytes are neither UTF-8 nor GBK
/// without a malformed sequence.
pub fn decode(bytes: &[u8]) -> Option<(String, Encoding)> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Some((text.to_string(), Encoding::Utf8));
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    (!had_errors).then(|| (text.into_owned(), Encoding::Gbk))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_utf8_gbk_and_refuses_garbage() {
        assert_eq!(
            decode("到2012年".as_bytes()),
            Some(("到2012年".to_string(), Encoding::Utf8))
        );
        let (gbk, _, _) = encoding_rs::GBK.encode("牵头单位:市经贸委");
        assert_eq!(
            decode(&gbk),
            Some(("牵头单位:市经贸委".to_string(), Encoding::Gbk))
        );
        assert_eq!(decode(&[0xFF, 0xFF, 0x80]), None);
    }
}
