//! The JSON of a safetensors header: a complete reader of JSON values, and string quoting.
//!
//! A header is small and read once, so values are plain trees; numbers keep their text, so
//! that byte offsets beyond 2⁵³ stay exact.

use std::fmt::Write;

/// A JSON value. Objects keep their keys in order, duplicates included.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Value {
    Null,
    Bool(bool),
    Number(String),
    String(String),
    Array(Vec<Value>),
    Object(Vec<(String, Value)>),
}

/// Parses `text` as one JSON value, with nothing but whitespace after it.
pub(super) fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser { text, at: 0 };
    let value = parser.value(0)?;
    parser.skip_whitespace();
    if parser.at < text.len() {
        return Err(parser.error("unexpected text after the header"));
    }
    Ok(value)
}

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

struct Parser<'a> {
    text: &'a str,
    at: usize,
}

impl Parser<'_> {
    fn error(&self, what: &str) -> String {
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

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        self.skip_whitespace();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            _ => Err(self.error("expected a JSON value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, String> {
        if self.text[self.at..].starts_with(word) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    fn object(&mut self, depth: usize) -> Result<Value, String> {
        self.expect(b'{')?;
        let mut entries = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b'}') {
            self.at += 1;
            return Ok(Value::Object(entries));
        }
        loop {
            self.skip_whitespace();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a string key"));
            }
            let key = self.string()?;
            self.expect(b':')?;
            entries.push((key, self.value(depth + 1)?));
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b'}') => {
                    self.at += 1;
                    return Ok(Value::Object(entries));
                }
                _ => return Err(self.error("expected `,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.expect(b'[')?;
        let mut items = Vec::new();
        self.skip_whitespace();
        if self.peek() == Some(b']') {
            self.at += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth + 1)?);
            self.skip_whitespace();
            match self.peek() {
                Some(b',') => self.at += 1,
                Some(b']') => {
                    self.at += 1;
                    return Ok(Value::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]`")),
            }
        }
    }

    fn number(&mut self) -> Result<Value, String> {
        let start = self.at;
        let digits = |p: &mut Self| {
            let from = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.at += 1;
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        if !digits(self) {
            return Err(self.error("expected digits"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected digits after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected an exponent"));
            }
        }
        Ok(Value::Number(self.text[start..self.at].to_owned()))
    }

    fn string(&mut self) -> Result<String, String> {
        self.at += 1; // the opening quote
        let mut out = String::new();
        loop {
            let rest = &self.text[self.at..];
            let Some(end) = rest.find(['"', '\\']) else {
                return Err(self.error("unterminated string"));
            };
            let plain = &rest[..end];
            if plain.chars().any(|c| u32::from(c) < 0x20) {
                return Err(self.error("control character in a string"));
            }
            out.push_str(plain);
            self.at += end;
            if self.peek() == Some(b'"') {
                self.at += 1;
                return Ok(out);
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
                    let unit = self.hex4()?;
                    let c = if (0xD800..0xDC00).contains(&unit)
                        && self.text[self.at..].starts_with("\\u")
                    {
                        self.at += 2;
                        let low = self.hex4()?;
                        char::from_u32(
                            0x10000 + ((unit - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF),
                        )
                        .filter(|_| (0xDC00..0xE000).contains(&low))
                    } else {
                        char::from_u32(unit)
                    };
                    out.push(c.ok_or_else(|| self.error("invalid \\u escape"))?);
                    continue;
                }
                _ => return Err(self.error("invalid escape")),
            };
            out.push(escaped);
            self.at += 1;
        }
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

    fn string(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    fn number(s: &str) -> Value {
        Value::Number(s.to_owned())
    }

    #[test]
    fn a_header_parses_into_ordered_entries() {
        let text = r#" { "w" : {"dtype":"F32", "shape":[2, 3], "data_offsets":[0,24]},
                        "__metadata__": {"format": "pt"} }  "#;
        let expected = Value::Object(vec![
            (
                "w".to_owned(),
                Value::Object(vec![
                    ("dtype".to_owned(), string("F32")),
                    (
                        "shape".to_owned(),
                        Value::Array(vec![number("2"), number("3")]),
                    ),
                    (
                        "data_offsets".to_owned(),
                        Value::Array(vec![number("0"), number("24")]),
                    ),
                ]),
            ),
            (
                "__metadata__".to_owned(),
                Value::Object(vec![("format".to_owned(), string("pt"))]),
            ),
        ]);
        assert_eq!(parse(text), Ok(expected));
    }

    #[test]
    fn every_kind_of_value_parses() {
        assert_eq!(
            parse(r#"[null, true, false, -1.5e+3, 0, "", {}, []]"#),
            Ok(Value::Array(vec![
                Value::Null,
                Value::Bool(true),
                Value::Bool(false),
                number("-1.5e+3"),
                number("0"),
                string(""),
                Value::Object(vec![]),
                Value::Array(vec![]),
            ]))
        );
    }

    #[test]
    fn escapes_are_decoded_and_quoting_round_trips() {
        assert_eq!(
            parse(r#""a\"b\\c\/d\n\u00e9\ud83d\ude00""#),
            Ok(string("a\"b\\c/d\né😀"))
        );
        for s in [
            "plain",
            "layers.3.b",
            "quote \" and \\ and \n and \u{1}",
            "é😀",
        ] {
            assert_eq!(parse(&quote(s)), Ok(string(s)));
        }
    }

    #[test]
    fn malformed_json_is_an_error_with_its_position() {
        assert_eq!(
            parse("{\"a\" 1}"),
            Err("expected `:` at byte 5 of the header".to_owned())
        );
        assert!(parse("{\"a\": 1,}").is_err());
        assert!(parse("[1, 2").is_err());
        assert!(parse("\"open").is_err());
        assert!(parse("\"bad \\x escape\"").is_err());
        assert!(parse("\"\\ud800\\u0041\"").is_err());
        assert!(parse("01x").is_err());
        assert!(parse("-").is_err());
        assert!(parse("1.").is_err());
        assert!(parse("tru").is_err());
        assert!(parse("{} {}").is_err());
        assert!(parse("\"tab\there\"").is_err());
        assert!(
            parse(&"[".repeat(100))
                .unwrap_err()
                .starts_with("nesting too deep")
        );
    }
}
