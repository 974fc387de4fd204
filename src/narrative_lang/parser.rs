//! Tokens to a tree: text, `{{ expression }}`, `{% if %}` and `{% for %}` (expressions are
//! parsed in `expression.rs`). Tags nest at most [`MAX_TAG_DEPTH`] deep, so that neither
//! parsing nor evaluation can overflow the stack.

pub(super) use super::ast::{Expr, ForLoop, Node};
use super::lexer::{self, Punct, Tok, Token};
use super::{Error, MAX_TAG_DEPTH};

/// The tags of the language, for messages.
const TAGS: &str = "if, elif, else, endif, for, endfor";

/// The tree of a whole text.
pub(super) fn parse_template(src: &str) -> Result<Vec<Node<'_>>, Error> {
    let mut parser = Parser::new(src, lexer::tokenize(src));
    let (nodes, closing) = parser.block()?;
    match closing {
        None => Ok(nodes),
        Some((name, at)) => Err(stray_closing(name, at)),
    }
}

/// A bare expression, all of `src`.
pub(super) fn parse_expression(src: &str) -> Result<Expr<'_>, Error> {
    let mut parser = Parser::new(src, lexer::tokenize_expression(src));
    let expr = parser.expression()?;
    match parser.peek() {
        None => Ok(expr),
        Some(Token {
            tok: Tok::Invalid(error),
            ..
        }) => Err((**error).clone()),
        Some(token) => Err(Error::new(
            token.start,
            format!("unexpected {} after the expression", describe(&token.tok)),
        )),
    }
}

pub(super) struct Parser<'s> {
    pub src: &'s str,
    tokens: Vec<Token<'s>>,
    pub pos: usize,
    tag_depth: usize,
    /// Calls of `expression_bp` under way.
    pub expr_depth: usize,
    /// `[` open inside each other.
    pub brackets: usize,
}

impl<'s> Parser<'s> {
    fn new(src: &'s str, tokens: Vec<Token<'s>>) -> Parser<'s> {
        Parser {
            src,
            tokens,
            pos: 0,
            tag_depth: 0,
            expr_depth: 0,
            brackets: 0,
        }
    }

    pub(super) fn peek(&self) -> Option<&Token<'s>> {
        self.tokens.get(self.pos)
    }

    pub(super) fn peek_tok(&self) -> Option<&Tok<'s>> {
        self.peek().map(|t| &t.tok)
    }

    pub(super) fn next(&mut self) -> Result<Token<'s>, Error> {
        match self.tokens.get(self.pos) {
            Some(Token {
                tok: Tok::Invalid(error),
                ..
            }) => Err((**error).clone()),
            Some(token) => {
                self.pos += 1;
                Ok(token.clone())
            }
            None => Err(Error::new(
                self.src.len(),
                "the text ends inside an expression",
            )),
        }
    }

    /// Where the next token starts (the end of the text after the last).
    pub(super) fn here(&self) -> usize {
        self.peek().map_or(self.src.len(), |t| t.start)
    }

    pub(super) fn expect(&mut self, wanted: &Tok<'static>, text: &str) -> Result<Token<'s>, Error> {
        let token = self.next()?;
        if token.tok == *wanted {
            Ok(token)
        } else {
            Err(Error::new(
                token.start,
                format!("expected `{text}`, found {}", describe(&token.tok)),
            ))
        }
    }

    pub(super) fn ident(&mut self, what: &str) -> Result<Token<'s>, Error> {
        let token = self.next()?;
        match token.tok {
            Tok::Ident(_) => Ok(token),
            ref other => Err(Error::new(
                token.start,
                format!("expected {what}, found {}", describe(other)),
            )),
        }
    }

    /// Nodes up to a closing tag (`elif`, `else`, `endif`, `endfor`: its name and offset,
    /// the tag's `%}` not yet read) or the end of the text.
    #[allow(clippy::type_complexity)]
    fn block(&mut self) -> Result<(Vec<Node<'s>>, Option<(&'s str, usize)>), Error> {
        let mut nodes = Vec::new();
        while let Some(token) = self.tokens.get(self.pos).cloned() {
            self.pos += 1;
            match token.tok {
                Tok::Text(text) => nodes.push(Node::Text {
                    text,
                    start: token.start,
                }),
                Tok::PrintStart => {
                    let expr = self.expression()?;
                    self.expect(&Tok::PrintEnd, "}}")?;
                    nodes.push(Node::Print(expr));
                }
                Tok::Invalid(error) => return Err(*error),
                Tok::TagStart => {
                    let name = self.ident(&format!("a tag name ({TAGS})"))?;
                    let Tok::Ident(word) = name.tok else {
                        continue;
                    };
                    match word {
                        "if" => nodes.push(self.if_tag(name.start)?),
                        "for" => nodes.push(self.for_tag(name.start)?),
                        "elif" | "else" | "endif" | "endfor" => {
                            return Ok((nodes, Some((word, name.start))));
                        }
                        _ => return Err(unknown_tag(word, name.start).until(name.end)),
                    }
                }
                ref other => {
                    return Err(Error::new(
                        token.start,
                        format!("unexpected {}", describe(other)),
                    ));
                }
            }
        }
        Ok((nodes, None))
    }

    fn enter_tag(&mut self, at: usize) -> Result<(), Error> {
        self.tag_depth += 1;
        if self.tag_depth > MAX_TAG_DEPTH {
            return Err(Error::new(
                at,
                format!("tags are nested more than {MAX_TAG_DEPTH} levels deep"),
            )
            .expected(format!(
                "at most {MAX_TAG_DEPTH} levels of {{% if %}} and {{% for %}}"
            )));
        }
        Ok(())
    }

    fn if_tag(&mut self, at: usize) -> Result<Node<'s>, Error> {
        self.enter_tag(at)?;
        let mut branches = Vec::new();
        let mut condition = self.expression()?;
        self.expect(&Tok::TagEnd, "%}")?;
        let otherwise = loop {
            let (body, closing) = self.block()?;
            branches.push((condition, body));
            match closing {
                Some(("elif", _)) => {
                    condition = self.expression()?;
                    self.expect(&Tok::TagEnd, "%}")?;
                }
                Some(("else", _)) => {
                    self.expect(&Tok::TagEnd, "%}")?;
                    let (body, closing) = self.block()?;
                    self.closing(closing, "endif", "if", at)?;
                    break body;
                }
                closing => {
                    self.closing(closing, "endif", "if", at)?;
                    break Vec::new();
                }
            }
        };
        self.tag_depth -= 1;
        Ok(Node::If(branches, otherwise))
    }

    fn for_tag(&mut self, at: usize) -> Result<Node<'s>, Error> {
        self.enter_tag(at)?;
        let mut value = self.loop_variable()?;
        let mut key = None;
        if self.peek_tok() == Some(&Tok::Punct(Punct::Comma)) {
            self.pos += 1;
            key = Some(value);
            value = self.loop_variable()?;
        }
        let word = self.ident("`in`")?;
        if word.tok != Tok::Ident("in") {
            return Err(Error::new(word.start, "expected `in`"));
        }
        let iterable = self.expression()?;
        let end = self.expect(&Tok::TagEnd, "%}")?.end;
        let (body, closing) = self.block()?;
        self.closing(closing, "endfor", "for", at)?;
        self.tag_depth -= 1;
        Ok(Node::For(Box::new(ForLoop {
            at,
            end,
            key,
            value,
            iterable,
            body,
        })))
    }

    fn loop_variable(&mut self) -> Result<&'s str, Error> {
        let token = self.ident("a name for the loop's variable")?;
        match token.tok {
            Tok::Ident(name) if !is_keyword(name) && name != "loop" => Ok(name),
            Tok::Ident(name) => Err(Error::new(
                token.start,
                format!("`{name}` is reserved; choose another name for the loop's variable"),
            )),
            _ => Err(Error::new(token.start, "expected a name")),
        }
    }

    /// Checks that the block of `{% opener %}` at `at` ended with `{% wanted %}`.
    fn closing(
        &mut self,
        closing: Option<(&'s str, usize)>,
        wanted: &str,
        opener: &str,
        at: usize,
    ) -> Result<(), Error> {
        match closing {
            Some((name, _)) if name == wanted => {
                self.expect(&Tok::TagEnd, "%}")?;
                Ok(())
            }
            Some((name, place)) => Err(Error::new(
                place,
                format!("`{{% {name} %}}` where `{{% {wanted} %}}` was expected"),
            )),
            None => Err(Error::new(
                at,
                format!("`{{% {opener} %}}` is not closed with `{{% {wanted} %}}`"),
            )),
        }
    }
}

pub(super) fn is_keyword(name: &str) -> bool {
    matches!(
        name,
        "and" | "or" | "not" | "in" | "true" | "True" | "false" | "False" | "none" | "None"
    )
}

fn unknown_tag(name: &str, at: usize) -> Error {
    Error::new(
        at,
        format!("unknown tag `{name}`: narrative text has only the tags {TAGS}"),
    )
    .expected("a tag of the narrative language")
}

fn stray_closing(name: &str, at: usize) -> Error {
    let opener = match name {
        "endfor" => "for",
        _ => "if",
    };
    Error::new(
        at,
        format!("`{{% {name} %}}` without an open `{{% {opener} %}}`"),
    )
}

pub(super) fn describe(tok: &Tok<'_>) -> String {
    match tok {
        Tok::Text(_) => "text".into(),
        Tok::PrintStart => "`{{`".into(),
        Tok::PrintEnd => "`}}`".into(),
        Tok::TagStart => "`{%`".into(),
        Tok::TagEnd => "`%}`".into(),
        Tok::Ident(name) => format!("`{name}`"),
        Tok::Int(n) => format!("`{n}`"),
        Tok::Float(x) => format!("`{x}`"),
        Tok::Str(_) => "a string".into(),
        Tok::Punct(p) => format!("`{}`", p.text()),
        Tok::Invalid(error) => error.message.clone(),
    }
}
