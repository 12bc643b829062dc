//! The JSON of a safetensors header: a reader that checks the syntax as it goes and gives its
//! caller the values the format needs (strings, sizes, the fields of objects, the items of
//! lists), skipping any other value without building it; and string quoting.
//!
//! A header comes from an untrusted file, so nothing is kept that the format does not need:
//! what the reader allocates grows with the names, dtypes and shapes the header holds, at most
//! a few bytes per byte of the header, whatever the header holds.

use std::fmt::Write;

/// `s` as a JSON string literal.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Nesting deeper than this is refused, so a hostile header cannot overflow the stack.
const MAX_DEPTH: usize = 64;

/// The kinds of JSON value, as the next byte tells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Kind {
    Object,
    Array,
    String,
    Number,
    Literal,
}

/// A reader of one JSON text, value by value.
pub(super) struct Reader<'a> {
    text: &'a str,
    at: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub(super) fn new(text: &'a str) -> Self {
        Reader {
            text,
            at: 0,
            depth: 0,
        }
    }

    /// An error at the current position.
    pub(super) fn error(&self, what: &str) -> String {
        format!("{what} at byte {} of the header", self.at)
    }

    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Result<(), String> {
        self.skip_whitespace();
        if self.peek() == Some(byte) {
            self.at += 1;
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", byte as char)))
        }
    }

    /// The kind of the next value, without reading it.
    pub(super) fn kind(&mut self) -> Result<Kind, String> {
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => Ok(Kind::Object),
            Some(b'[') => Ok(Kind::Array),
            Some(b'"') => Ok(Kind::String),
            Some(b'-' | b'0'..=b'9') => Ok(Kind::Number),
            Some(b't' | b'f' | b'n') => Ok(Kind::Literal),
            _ => Err(self.error("expected a JSON value")),
        }
    }

    /// Checks that nothing but whitespace follows.
    pub(super) fn end(&mut self) -> Result<(), String> {
        self.skip_whitespace();
        if self.at < self.text.len() {
            return Err(self.error("unexpected text after the header"));
        }
        Ok(())
    }

    /// Reads an object: `field` is called with each key, the reader before the key's value,
    /// and must read or skip that value.
    pub(super) fn object(
        &mut self,
        mut field: impl FnMut(&mut Self, String) -> Result<(), String>,
    ) -> Result<(), String> {
        self.nested(|r| {
            r.expect(b'{')?;
            r.skip_whitespace();
            if r.peek() == Some(b'}') {
                r.at += 1;
                return Ok(());
            }
            loop {
                r.skip_whitespace();
                if r.peek() != Some(b'"') {
                    return Err(r.error("expected a string key"));
                }
                let key = r.string()?;
                r.expect(b':')?;
                field(r, key)?;
                r.skip_whitespace();
                match r.peek() {
                    Some(b',') => r.at += 1,
                    Some(b'}') => {
                        r.at += 1;
                        return Ok(());
                    }
                    _ => return Err(r.error("expected `,` or `}`")),
                }
            }
        })
    }

    /// Reads an array: `item` is called before each item, and must read or skip it.
    pub(super) fn array(
        &mut self,
        mut item: impl FnMut(&mut Self) -> Result<(), String>,
    ) -> Result<(), String> {
        self.nested(|r| {
            r.expect(b'[')?;
            r.skip_whitespace();
            if r.peek() == Some(b']') {
                r.at += 1;
                return Ok(());
            }
            loop {
                item(r)?;
                r.skip_whitespace();
                match r.peek() {
                    Some(b',') => r.at += 1,
                    Some(b']') => {
                        r.at += 1;
                        return Ok(());
                    }
                    _ => return Err(r.error("expected `,` or `]`")),
                }
            }
        })
    }

    /// Runs `read` one level of nesting deeper, refusing to go past [`MAX_DEPTH`].
    fn nested(&mut self, read: impl FnOnce(&mut Self) -> Result<(), String>) -> Result<(), String> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.depth += 1;
        let result = read(self);
        self.depth -= 1;
        result
    }

    /// Reads and checks any value, keeping nothing of it.
    pub(super) fn skip(&mut self) -> Result<(), String> {
        match self.kind()? {
            Kind::Object => self.object(|r, _| r.skip()),
            Kind::Array => self.array(Self::skip),
            Kind::String => self.string_with(|_| {}),
            Kind::Number => self.number().map(|_| ()),
            Kind::Literal => self.literal(),
        }
    }

    fn literal(&mut self) -> Result<(), String> {
        for word in ["true", "false", "null"] {
            if self.text[self.at..].starts_with(word) {
                self.at += word.len();
                return Ok(());
            }
        }
        Err(self.error("expected a JSON value"))
    }

    /// Reads a number as its text: an optional `-`, an integer part without leading zeros, an
    /// optional fraction and exponent.
    pub(super) fn number(&mut self) -> Result<&'a str, String> {
        self.skip_whitespace();
        let start = self.at;
        let digits = |r: &mut Self| {
            let from = r.at;
            while matches!(r.peek(), Some(b'0'..=b'9')) {
                r.at += 1;
            }
            r.at - from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let integer_start = self.at;
        match digits(self) {
            0 => return Err(self.error("expected digits")),
            1 => {}
            _ if self.text.as_bytes()[integer_start] == b'0' => {
                self.at = integer_start;
                return Err(self.error("a number with a leading zero"));
            }
            _ => {}
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if digits(self) == 0 {
                return Err(self.error("expected digits after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if digits(self) == 0 {
                return Err(self.error("expected an exponent"));
            }
        }
        Ok(&self.text[start..self.at])
    }

    /// Reads a size (a number that is a non-negative integer fitting `usize`), or gives `None`
    /// for a value of another kind or another number, which it still reads.
    pub(super) fn size(&mut self) -> Result<Option<usize>, String> {
        if self.kind()? != Kind::Number {
            self.skip()?;
            return Ok(None);
        }
        Ok(self.number()?.parse().ok())
    }

    /// Reads a string.
    pub(super) fn string(&mut self) -> Result<String, String> {
        let mut out = String::new();
        self.string_with(|piece| out.push_str(piece))?;
        Ok(out)
    }

    /// Reads a string, giving its decoded text to `piece` a piece at a time.
    fn string_with(&mut self, mut piece: impl FnMut(&str)) -> Result<(), String> {
        self.expect(b'"')?;
        loop {
            let rest = &self.text[self.at..];
            let Some(end) = rest.find(['"', '\\']) else {
                return Err(self.error("unterminated string"));
            };
            let plain = &rest[..end];
            if plain.chars().any(|c| u32::from(c) < 0x20) {
                return Err(self.error("control character in a string"));
            }
            piece(plain);
            self.at += end;
            if self.peek() == Some(b'"') {
                self.at += 1;
                return Ok(());
            }
            self.at += 1; // the backslash
            let escaped = match self.peek() {
                Some(b'"') => '"',
                Some(b'\\') => '\\',
                Some(b'/') => '/',
                Some(b'b') => '\u{8}',
                Some(b'f') => '\u{c}',
                Some(b'n') => '\n',
                Some(b'r') => '\r',
                Some(b't') => '\t',
                Some(b'u') => {
                    self.at += 1;
                    let c = self.unicode_escape()?;
                    piece(c.encode_utf8(&mut [0; 4]));
                    continue;
                }
                _ => return Err(self.error("invalid escape")),
            };
            piece(escaped.encode_utf8(&mut [0; 4]));
            self.at += 1;
        }
    }

    /// The character of a `\uXXXX` escape (the reader after the `u`), or of a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char, String> {
        let unit = self.hex4()?;
        let c = if (0xD800..0xDC00).contains(&unit) && self.text[self.at..].starts_with("\\u") {
            self.at += 2;
            let low = self.hex4()?;
            char::from_u32(0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF))
                .filter(|_| (0xDC00..0xE000).contains(&low))
        } else {
            char::from_u32(unit)
        };
        c.ok_or_else(|| self.error("invalid \\u escape"))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let hex = self
            .text
            .get(self.at..self.at + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let unit = hex
            .and_then(|h| u32::from_str_radix(h, 16).ok())
            .ok_or_else(|| self.error("expected four hex digits"))?;
        self.at += 4;
        Ok(unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks `text` as one JSON value with nothing after it.
    fn check(text: &str) -> Result<(), String> {
        let mut reader = Reader::new(text);
        reader.skip()?;
        reader.end()
    }

    fn string(text: &str) -> Result<String, String> {
        let mut reader = Reader::new(text);
        let s = reader.string()?;
        reader.end()?;
        Ok(s)
    }

    #[test]
    fn a_header_reads_field_by_field_in_order() {
        let text = r#" { "w" : {"dtype":"F32", "shape":[2, 3], "data_offsets":[0,24]},
                        "__metadata__": {"format": "pt"} }  "#;
        let mut seen = Vec::new();
        let mut reader = Reader::new(text);
        reader
            .object(|r, name| {
                r.object(|r, key| {
                    let value = match r.kind()? {
                        Kind::String => r.string()?,
                        _ => {
                            let mut sizes = Vec::new();
                            r.array(|r| {
                                sizes.push(r.size()?.unwrap());
                                Ok(())
                            })?;
                            format!("{sizes:?}")
                        }
                    };
                    seen.push(format!("{name}.{key} = {value}"));
                    Ok(())
                })
            })
            .unwrap();
        reader.end().unwrap();
        assert_eq!(
            seen,
            [
                "w.dtype = F32",
                "w.shape = [2, 3]",
                "w.data_offsets = [0, 24]",
                "__metadata__.format = pt"
            ]
        );
    }

    #[test]
    fn every_kind_of_value_is_checked_and_skipped() {
        assert_eq!(
            check(r#"[null, true, false, -1.5e+3, 0, -0, 10, 2E-2, "", {}, [], {"a": [{}]}]"#),
            Ok(())
        );
    }

    #[test]
    fn sizes_are_non_negative_integers_that_fit() {
        let sizes = |text: &str| {
            let mut out = Vec::new();
            let mut reader = Reader::new(text);
            reader.array(|r| {
                out.push(r.size()?);
                Ok(())
            })?;
            reader.end().map(|()| out)
        };
        assert_eq!(
            sizes(
                r#"[0, 7, 18446744073709551615, 18446744073709551616, -1, 1.0, 1e2, "3", null, []]"#
            ),
            Ok(vec![
                Some(0),
                Some(7),
                Some(usize::MAX),
                None,
                None,
                None,
                None,
                None,
                None,
                None
            ])
        );
    }

    #[test]
    fn escapes_are_decoded_and_quoting_round_trips() {
        assert_eq!(
            string(r#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#),
            Ok("a\"b\\c/d\né😀".to_owned())
        );
        for s in [
            "plain",
            "layers.3.b",
            "quote \" and \\ and \n and \u{1}",
            "é😀",
        ] {
            assert_eq!(string(&quote(s)), Ok(s.to_owned()));
        }
    }

    #[test]
    fn malformed_json_is_an_error_with_its_position() {
        assert_eq!(
            check("{\"a\" 1}"),
            Err("expected `:` at byte 5 of the header".to_owned())
        );
        assert_eq!(
            check("[01]"),
            Err("a number with a leading zero at byte 1 of the header".to_owned())
        );
        for bad in [
            "{\"a\": 1,}",
            "[1, 2",
            "\"open",
            "\"bad \\x escape\"",
            "\"\\ud800\\u0041\"",
            "\"\\ud800\"",
            "\"\\u12\"",
            "01",
            "-",
            "-01",
            "1.",
            "1e",
            ".5",
            "+1",
            "tru",
            "nul",
            "{} {}",
            "\"tab\there\"",
            "{1: 2}",
            "[1 2]",
            "",
        ] {
            assert!(check(bad).is_err(), "{bad:?} is not JSON");
        }
    }

    #[test]
    fn nesting_is_refused_past_the_limit() {
        let nested = |depth: usize| format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        assert_eq!(check(&nested(MAX_DEPTH)), Ok(()));
        assert!(
            check(&nested(MAX_DEPTH + 1))
                .unwrap_err()
                .starts_with("nesting too deep")
        );
        let objects = format!("{}{}", r#"{"a":"#.repeat(100), "}".repeat(100));
        assert!(check(&objects).unwrap_err().starts_with("nesting too deep"));
    }
}
