//! Splits a text into text pieces and the tokens of `{{ … }}` and `{% … %}`. Comments
//! (`{# … #}`) are dropped here, and whitespace control (`{{-`, `-}}`, `{%-`, `-%}`, `{#-`,
//! `-#}`) trims the text beside the delimiter, as in Tera.

use super::Error;

/// A token and where it starts and ends (byte offsets in the text).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Token<'s> {
    pub tok: Tok<'s>,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub(super) enum Tok<'s> {
    /// Text outside the delimiters, printed as written.
    Text(&'s str),
    /// `{{`
    PrintStart,
    /// `}}`
    PrintEnd,
    /// `{%`
    TagStart,
    /// `%}`
    TagEnd,
    Ident(&'s str),
    Int(i64),
    Float(f64),
    /// A quoted string, escapes resolved.
    Str(String),
    Punct(Punct),
    /// What could not be read; always the last token. The parser reports it when it gets
    /// there, so that an earlier problem (an unknown tag) is named first.
    Invalid(Box<Error>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Punct {
    Dot,
    Comma,
    LParen,
    RParen,
    LBracket,
    RBracket,
    Pipe,
    Assign,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Plus,
    Minus,
    Star,
    Slash,
    Percent,
}

impl Punct {
    pub(super) fn text(self) -> &'static str {
        use Punct::*;
        match self {
            Dot => ".",
            Comma => ",",
            LParen => "(",
            RParen => ")",
            LBracket => "[",
            RBracket => "]",
            Pipe => "|",
            Assign => "=",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Plus => "+",
            Minus => "-",
            Star => "*",
            Slash => "/",
            Percent => "%",
        }
    }
}

/// The tokens of a whole text.
pub(super) fn tokenize(src: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer::new(src);
    let result = lexer.template();
    lexer.finish(result)
}

/// The tokens of a bare expression, without delimiters.
pub(super) fn tokenize_expression(src: &str) -> Vec<Token<'_>> {
    let mut lexer = Lexer::new(src);
    let result = lexer.code(None);
    lexer.finish(result)
}

struct Lexer<'s> {
    src: &'s str,
    pos: usize,
    tokens: Vec<Token<'s>>,
    /// The last delimiter ended with `-`: trim the start of the next text.
    trim_next: bool,
}

impl<'s> Lexer<'s> {
    fn new(src: &'s str) -> Lexer<'s> {
        Lexer {
            src,
            pos: 0,
            tokens: Vec::new(),
            trim_next: false,
        }
    }

    fn finish(mut self, result: Result<(), Error>) -> Vec<Token<'s>> {
        if let Err(error) = result {
            let at = error.offset;
            self.push(Tok::Invalid(Box::new(error)), at, at);
        }
        self.tokens
    }

    fn template(&mut self) -> Result<(), Error> {
        while self.pos < self.src.len() {
            let rest = &self.src.as_bytes()[self.pos..];
            let open = rest
                .windows(2)
                .position(|w| w[0] == b'{' && matches!(w[1], b'{' | b'%' | b'#'));
            let Some(open) = open.map(|i| self.pos + i) else {
                self.text(self.src.len());
                break;
            };
            self.text(open);
            let kind = self.src.as_bytes()[open + 1];
            // `{{-` trims the whitespace before it.
            if self.src.as_bytes().get(open + 2) == Some(&b'-') {
                self.trim_previous();
                self.pos = open + 3;
            } else {
                self.pos = open + 2;
            }
            match kind {
                b'#' => self.comment(open)?,
                b'{' => {
                    self.push(Tok::PrintStart, open, open + 2);
                    self.code(Some((open, b'}')))?;
                }
                _ => {
                    self.push(Tok::TagStart, open, open + 2);
                    self.code(Some((open, b'%')))?;
                }
            }
        }
        Ok(())
    }

    /// Text up to `end`, trimmed at its start after a `-}}`.
    fn text(&mut self, end: usize) {
        let mut start = self.pos;
        let mut text = &self.src[start..end];
        if std::mem::take(&mut self.trim_next) {
            let trimmed = text.trim_start();
            start += text.len() - trimmed.len();
            text = trimmed;
        }
        if !text.is_empty() {
            self.push(Tok::Text(text), start, end);
        }
        self.pos = end;
    }

    fn trim_previous(&mut self) {
        if let Some(Token {
            tok: Tok::Text(text),
            end,
            start,
        }) = self.tokens.last_mut()
        {
            *text = text.trim_end();
            *end = *start + text.len();
            if text.is_empty() {
                self.tokens.pop();
            }
        }
    }

    fn comment(&mut self, open: usize) -> Result<(), Error> {
        let Some(close) = self.src[self.pos..].find("#}").map(|i| self.pos + i) else {
            return Err(Error::new(open, "`{#` is not closed with `#}`"));
        };
        self.trim_next = close > self.pos && self.src.as_bytes()[close - 1] == b'-';
        self.pos = close + 2;
        Ok(())
    }

    /// Tokens up to the closing delimiter (`}}` or `%}`), or to the end of a bare expression.
    fn code(&mut self, delimiter: Option<(usize, u8)>) -> Result<(), Error> {
        loop {
            let rest = &self.src[self.pos..];
            let trimmed = rest.trim_start();
            self.pos += rest.len() - trimmed.len();
            let start = self.pos;
            let bytes = trimmed.as_bytes();
            let Some(&first) = bytes.first() else {
                return match delimiter {
                    None => Ok(()),
                    Some((open, kind)) => Err(unclosed(open, kind)),
                };
            };
            if let Some((_, kind)) = delimiter {
                // `-}}` trims the whitespace after it.
                let dash = usize::from(first == b'-');
                if bytes.get(dash) == Some(&kind) && bytes.get(dash + 1) == Some(&b'}') {
                    let end = start + 2 + dash;
                    let tok = if kind == b'}' {
                        Tok::PrintEnd
                    } else {
                        Tok::TagEnd
                    };
                    self.push(tok, start, end);
                    self.trim_next = dash == 1;
                    self.pos = end;
                    return Ok(());
                }
                let other = if kind == b'}' { b'%' } else { b'}' };
                if bytes.get(dash) == Some(&other) && bytes.get(dash + 1) == Some(&b'}') {
                    return Err(mismatched(start + dash, kind));
                }
            }
            let (tok, len) = match first {
                b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                    let len = word_length(bytes);
                    (Tok::Ident(&trimmed[..len]), len)
                }
                b'0'..=b'9' => number(trimmed, start)?,
                b'"' | b'\'' => string(trimmed, start)?,
                _ => {
                    let p = punct(trimmed, start)?;
                    (Tok::Punct(p), p.text().len())
                }
            };
            self.push(tok, start, start + len);
            self.pos = start + len;
        }
    }

    fn push(&mut self, tok: Tok<'s>, start: usize, end: usize) {
        self.tokens.push(Token { tok, start, end });
    }
}

fn unclosed(open: usize, kind: u8) -> Error {
    let (opening, closing) = if kind == b'}' {
        ("{{", "}}")
    } else {
        ("{%", "%}")
    };
    Error::new(open, format!("`{opening}` is not closed with `{closing}`"))
}

fn mismatched(at: usize, kind: u8) -> Error {
    let message = if kind == b'}' {
        "`{{` is closed with `}}`, not `%}`"
    } else {
        "`{%` is closed with `%}`, not `}}`"
    };
    Error::new(at, message)
}

fn word_length(bytes: &[u8]) -> usize {
    bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count()
}

/// An integer, or a decimal with digits on both sides of the point (`62.6`).
fn number(text: &str, start: usize) -> Result<(Tok<'static>, usize), Error> {
    let bytes = text.as_bytes();
    let whole = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    let fraction = match bytes.get(whole) {
        Some(b'.') => bytes[whole + 1..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count(),
        _ => 0,
    };
    if fraction == 0 {
        // Beyond 2^53 − 1 a whole number is no longer exact once it is computed with.
        return match text[..whole].parse::<i64>() {
            Ok(n) if n <= crate::cell::MAX_WHOLE => Ok((Tok::Int(n), whole)),
            _ => Err(Error::new(
                start,
                "the number is too large: at most 9.007.199.254.740.991",
            )),
        };
    }
    let len = whole + 1 + fraction;
    if whole + fraction > 15 {
        return Err(Error::new(
            start,
            "the number has more than 15 significant digits, more than can be computed exactly",
        ));
    }
    match text[..len].parse::<f64>() {
        Ok(x) if x.is_finite() => Ok((Tok::Float(x), len)),
        _ => Err(Error::new(start, "the number is too large")),
    }
}

/// A string in `'…'` or `"…"`, with Tera's escapes (`\"`, `\'`, `\\`, `\/`, `\n`, `\t`, `\r`).
fn string(text: &str, start: usize) -> Result<(Tok<'static>, usize), Error> {
    let mut chars = text.char_indices();
    let quote = chars.next().map_or('"', |(_, c)| c);
    let mut out = String::new();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => match chars.next().map(|(_, c)| c) {
                Some(e @ ('"' | '\'' | '/' | '\\')) => out.push(e),
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                _ => {
                    return Err(Error::new(
                        start + i,
                        "unknown escape in a string: write \\\" \\' \\\\ \\n \\t or \\r",
                    ));
                }
            },
            c if c == quote => return Ok((Tok::Str(out), i + 1)),
            c => out.push(c),
        }
    }
    Err(Error::new(
        start,
        format!("the string is not closed with `{quote}`"),
    ))
}

fn punct(text: &str, start: usize) -> Result<Punct, Error> {
    use Punct::*;
    let two = match text.get(..2) {
        Some("==") => Some(Eq),
        Some("!=") => Some(Ne),
        Some("<=") => Some(Le),
        Some(">=") => Some(Ge),
        _ => None,
    };
    if let Some(p) = two {
        return Ok(p);
    }
    let c = text.chars().next().unwrap_or(' ');
    Ok(match c {
        '.' => Dot,
        ',' => Comma,
        '(' => LParen,
        ')' => RParen,
        '[' => LBracket,
        ']' => RBracket,
        '|' => Pipe,
        '=' => Assign,
        '<' => Lt,
        '>' => Gt,
        '+' => Plus,
        '-' => Minus,
        '*' => Star,
        '/' => Slash,
        '%' => Percent,
        '~' => {
            return Err(Error::new(
                start,
                "`~` is not available: narrative expressions do not join texts; write the texts side by side",
            ));
        }
        other => {
            return Err(Error::new(
                start,
                format!("unexpected `{other}` in an expression"),
            ));
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(src: &str) -> Vec<Tok<'_>> {
        tokenize(src).into_iter().map(|t| t.tok).collect()
    }

    /// The error a text ends with.
    fn error(src: &str) -> Error {
        match tokenize(src).pop().map(|t| t.tok) {
            Some(Tok::Invalid(e)) => *e,
            other => panic!("{src}: no error, last token {other:?}"),
        }
    }

    #[test]
    fn text_and_delimiters() {
        use Punct::*;
        assert_eq!(
            toks("a {{ x.y | f(d=1) }} b {% if n >= 2.5 %}c"),
            vec![
                Tok::Text("a "),
                Tok::PrintStart,
                Tok::Ident("x"),
                Tok::Punct(Dot),
                Tok::Ident("y"),
                Tok::Punct(Pipe),
                Tok::Ident("f"),
                Tok::Punct(LParen),
                Tok::Ident("d"),
                Tok::Punct(Assign),
                Tok::Int(1),
                Tok::Punct(RParen),
                Tok::PrintEnd,
                Tok::Text(" b "),
                Tok::TagStart,
                Tok::Ident("if"),
                Tok::Ident("n"),
                Tok::Punct(Ge),
                Tok::Float(2.5),
                Tok::TagEnd,
                Tok::Text("c"),
            ]
        );
    }

    #[test]
    fn comments_are_dropped_and_dashes_trim() {
        assert_eq!(
            toks("a {# note #} b"),
            vec![Tok::Text("a "), Tok::Text(" b")]
        );
        assert_eq!(
            toks("a \n {{- x -}} \n b {#- c -#}  d"),
            vec![
                Tok::Text("a"),
                Tok::PrintStart,
                Tok::Ident("x"),
                Tok::PrintEnd,
                Tok::Text("b"),
                Tok::Text("d"),
            ]
        );
        assert_eq!(
            toks("{{ 5 - 3 }}")[2..4],
            [Tok::Punct(Punct::Minus), Tok::Int(3)]
        );
    }

    #[test]
    fn strings_keep_delimiters_and_resolve_escapes() {
        assert_eq!(
            toks(r#"{{ 'ĐỎ }}' }}"#).get(1),
            Some(&Tok::Str("ĐỎ }}".into()))
        );
        assert_eq!(
            toks(r#"{{ "a\"b\n" }}"#).get(1),
            Some(&Tok::Str("a\"b\n".into()))
        );
        let tokens = tokenize("x {{ 'ĐỎ' }}");
        assert_eq!((tokens[2].start, tokens[2].end), (5, 12));
    }

    #[test]
    fn errors_point_at_their_place() {
        let at = |src: &str| error(src).offset;
        assert_eq!(at("ab {{ x "), 3);
        assert_eq!(at("ab {% if x "), 3);
        assert_eq!(at("ab {# x "), 3);
        assert_eq!(at("{{ 'abc }}"), 3);
        assert_eq!(at("{{ a ~ b }}"), 5);
        assert_eq!(at("{{ a ; b }}"), 5);
        assert_eq!(at("{{ 99999999999999999999 }}"), 3);
        assert_eq!(at(r#"{{ "\q" }}"#), 4);
        assert!(error("{{ a ~ b }}").message.contains('~'));
        assert_eq!(toks("{{ a ~ b }}")[..2], [Tok::PrintStart, Tok::Ident("a")]);
    }

    #[test]
    fn a_bare_expression_needs_no_delimiters() {
        let tokens = tokenize_expression("tables.a['b'] | default(value=0)");
        assert_eq!(tokens.len(), 13);
        assert_eq!(tokens[0].tok, Tok::Ident("tables"));
    }
}
