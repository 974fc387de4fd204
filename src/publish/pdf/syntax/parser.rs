//! Reading the objects of a PDF file, token by token.

use super::{Value, get};

pub(super) struct Parser<'a> {
    pub(super) bytes: &'a [u8],
    pub(super) at: usize,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    is_space(b)
        || matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

impl Parser<'_> {
    pub(super) fn rest(&self) -> &[u8] {
        self.bytes.get(self.at..).unwrap_or_default()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    pub(super) fn skip_space(&mut self) {
        while let Some(b) = self.peek() {
            if is_space(b) {
                self.at += 1;
            } else if b == b'%' {
                while self.peek().is_some_and(|b| b != b'\n' && b != b'\r') {
                    self.at += 1;
                }
            } else {
                break;
            }
        }
    }

    fn error(&self, what: &str) -> String {
        format!("{what} at byte {}", self.at)
    }

    fn token(&mut self) -> &[u8] {
        self.skip_space();
        let start = self.at;
        while self.peek().is_some_and(|b| !is_delimiter(b)) {
            self.at += 1;
        }
        &self.bytes[start..self.at]
    }

    pub(super) fn keyword(&mut self, word: &[u8]) -> Result<(), String> {
        if self.token() == word {
            Ok(())
        } else {
            Err(self.error(&format!("expected `{}`", String::from_utf8_lossy(word))))
        }
    }

    pub(super) fn integer(&mut self) -> Result<u32, String> {
        let token = self.token();
        std::str::from_utf8(token)
            .ok()
            .and_then(|t| t.parse().ok())
            .ok_or_else(|| self.error("expected a whole number"))
    }

    pub(super) fn stream_bytes(&mut self, dict: &Value) -> Result<Vec<u8>, String> {
        self.at += b"stream".len();
        if self.rest().starts_with(b"\r\n") {
            self.at += 2;
        } else if self.peek() == Some(b'\n') {
            self.at += 1;
        }
        let length = match get(dict, b"Length") {
            Some(Value::Number(n)) => std::str::from_utf8(n)
                .ok()
                .and_then(|t| t.parse::<usize>().ok()),
            _ => None,
        }
        .ok_or_else(|| self.error("a stream without a direct /Length"))?;
        let end = self.at + length;
        let data = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| self.error("a stream longer than the file"))?
            .to_vec();
        self.at = end;
        self.keyword(b"endstream")?;
        Ok(data)
    }

    pub(super) fn value(&mut self) -> Result<Value, String> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error("unexpected end")),
            Some(b'/') => {
                self.at += 1;
                let start = self.at;
                while self.peek().is_some_and(|b| !is_delimiter(b)) {
                    self.at += 1;
                }
                Ok(Value::Name(self.bytes[start..self.at].to_vec()))
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_space();
                    if self.peek() == Some(b']') {
                        self.at += 1;
                        return Ok(Value::Array(items));
                    }
                    items.push(self.value()?);
                }
            }
            Some(b'<') if self.rest().starts_with(b"<<") => {
                self.at += 2;
                let mut entries = Vec::new();
                loop {
                    self.skip_space();
                    if self.rest().starts_with(b">>") {
                        self.at += 2;
                        return Ok(Value::Dict(entries));
                    }
                    let Value::Name(key) = self.value()? else {
                        return Err(self.error("a dictionary key that is not a name"));
                    };
                    entries.push((key, self.value()?));
                }
            }
            Some(b'<') => {
                let start = self.at;
                let len = self.rest().iter().position(|&b| b == b'>');
                let len = len.ok_or_else(|| self.error("an unclosed hex string"))?;
                self.at += len + 1;
                Ok(Value::String(self.bytes[start..self.at].to_vec()))
            }
            Some(b'(') => self.literal(),
            Some(_) => self.word(),
        }
    }

    fn literal(&mut self) -> Result<Value, String> {
        let start = self.at;
        let mut depth = 0usize;
        while let Some(b) = self.peek() {
            self.at += 1;
            match b {
                b'\\' => self.at += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(Value::String(self.bytes[start..self.at].to_vec()));
                    }
                }
                _ => {}
            }
        }
        Err(self.error("an unclosed string"))
    }

    /// A number, a reference (`12 0 R`), `true`, `false` or `null`.
    fn word(&mut self) -> Result<Value, String> {
        let token = self.token().to_vec();
        match token.as_slice() {
            b"true" => return Ok(Value::Bool(true)),
            b"false" => return Ok(Value::Bool(false)),
            b"null" => return Ok(Value::Null),
            _ => {}
        }
        let numeric =
            |t: &[u8]| !t.is_empty() && t.iter().all(|b| b.is_ascii_digit() || b"+-.".contains(b));
        if !numeric(&token) {
            return Err(self.error("an unknown word"));
        }
        // `n g R`: look two tokens ahead, and come back when it is not a reference.
        let back = self.at;
        if token.iter().all(u8::is_ascii_digit) {
            let generation = self.token().to_vec();
            if !generation.is_empty() && generation.iter().all(u8::is_ascii_digit) {
                self.skip_space();
                if self.peek() == Some(b'R') {
                    self.at += 1;
                    let number = std::str::from_utf8(&token)
                        .ok()
                        .and_then(|t| t.parse().ok())
                        .ok_or_else(|| self.error("an object number out of range"))?;
                    return Ok(Value::Ref(number));
                }
            }
        }
        self.at = back;
        Ok(Value::Number(token))
    }
}
