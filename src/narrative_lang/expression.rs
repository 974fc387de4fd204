//! Expressions, by precedence climbing with Tera's binding powers, so that `a * b | f` and
//! `not a in b` mean what they mean in Tera. The recursion and the tree are both bounded by
//! [`MAX_EXPRESSION_DEPTH`], so that neither parsing nor evaluation can overflow the stack.

use super::ast::{BinOp, Expr, FilterCall, Kind};
use super::filters::Filter;
use super::lexer::{Punct, Tok};
use super::parser::{Parser, describe, is_keyword};
use super::{Error, MAX_EXPRESSION_DEPTH};

/// Brackets inside brackets (`a[b[c]]` is two), as Tera allows.
const MAX_BRACKETS: usize = 4;
const PIPE_POWER: u8 = 17;
const NOT_POWER: u8 = 5;
const NEGATE_POWER: u8 = 20;

impl<'s> Parser<'s> {
    pub(super) fn expression(&mut self) -> Result<Expr<'s>, Error> {
        self.expression_bp(0)
    }

    fn expression_bp(&mut self, min_power: u8) -> Result<Expr<'s>, Error> {
        self.expr_depth += 1;
        if self.expr_depth > MAX_EXPRESSION_DEPTH {
            return Err(too_deep(self.here()));
        }
        let mut lhs = self.prefix()?;
        while let Some(token) = self.peek().cloned() {
            let op = match token.tok {
                Tok::Punct(Punct::Pipe) => {
                    if PIPE_POWER < min_power {
                        break;
                    }
                    self.pos += 1;
                    lhs = self.filter(lhs)?;
                    continue;
                }
                Tok::Punct(p) => match binary_punct(p) {
                    Some(op) => op,
                    None => break,
                },
                Tok::Ident("and") => BinOp::And,
                Tok::Ident("or") => BinOp::Or,
                Tok::Ident("in") => BinOp::In,
                Tok::Ident("not") => BinOp::NotIn,
                _ => break,
            };
            let (left, right) = op.binding_power();
            if left < min_power {
                break;
            }
            self.pos += 1;
            if op == BinOp::NotIn {
                let word = self.next()?;
                if word.tok != Tok::Ident("in") {
                    return Err(Error::new(
                        token.start,
                        "`not` here must be followed by `in` (`x not in list`)",
                    ));
                }
            }
            let rhs = self.expression_bp(right)?;
            let (start, end) = (lhs.start, rhs.end);
            lhs = self.node(Kind::Binary(op, Box::new(lhs), Box::new(rhs)), start, end)?;
        }
        self.expr_depth -= 1;
        Ok(lhs)
    }

    fn prefix(&mut self) -> Result<Expr<'s>, Error> {
        let token = self.next()?;
        let (start, end) = (token.start, token.end);
        let kind = match token.tok {
            Tok::Int(n) => Kind::Int(n),
            Tok::Float(x) => Kind::Float(x),
            Tok::Str(s) => Kind::Str(s),
            Tok::Ident("true" | "True") => Kind::Bool(true),
            Tok::Ident("false" | "False") => Kind::Bool(false),
            Tok::Ident("none" | "None") => Kind::None,
            Tok::Ident("not") => return self.unary(start, NOT_POWER, Kind::Not),
            Tok::Punct(Punct::Minus) => return self.negation(start),
            Tok::Ident(name) if !is_keyword(name) => {
                let var = self.node(Kind::Var(name), start, end)?;
                return self.postfix(var, true);
            }
            Tok::Punct(Punct::LParen) => {
                let inner = self.expression()?;
                self.expect(&Tok::Punct(Punct::RParen), ")")?;
                return self.postfix(inner, false);
            }
            ref other => {
                return Err(Error::new(
                    start,
                    format!(
                        "expected a value (a number, a string in quotes, a name or `(`), found {}",
                        describe(other)
                    ),
                ));
            }
        };
        self.node(kind, start, end)
    }

    /// `not x` or `-x`; as in Tera, two in a row are refused (`not not x`, `- -1`).
    fn unary(
        &mut self,
        start: usize,
        power: u8,
        make: fn(Box<Expr<'s>>) -> Kind<'s>,
    ) -> Result<Expr<'s>, Error> {
        if let Some(next) = self.peek()
            && matches!(next.tok, Tok::Ident("not") | Tok::Punct(Punct::Minus))
        {
            return Err(Error::new(
                next.start,
                "`-` and `not` cannot follow each other; use parentheses",
            ));
        }
        let operand = self.expression_bp(power)?;
        let end = operand.end;
        self.node(make(Box::new(operand)), start, end)
    }

    /// `-x`; a negative number literal is a constant, as in Tera.
    fn negation(&mut self, start: usize) -> Result<Expr<'s>, Error> {
        let expr = self.unary(start, NEGATE_POWER, Kind::Neg)?;
        let Kind::Neg(inner) = &expr.kind else {
            return Ok(expr);
        };
        let kind = match inner.kind {
            Kind::Int(n) => Kind::Int(-n),
            Kind::Float(x) => Kind::Float(-x),
            _ => return Ok(expr),
        };
        self.node(kind, expr.start, expr.end)
    }

    /// `.name` and `[expression]` after a name; only `[expression]` after parentheses, as in
    /// Tera, which also allows at most [`MAX_BRACKETS`] brackets inside each other.
    fn postfix(&mut self, mut expr: Expr<'s>, dots: bool) -> Result<Expr<'s>, Error> {
        loop {
            match self.peek_tok() {
                Some(Tok::Punct(Punct::Dot)) if dots => {
                    self.pos += 1;
                    let name = self.ident("a name after `.`")?;
                    let Tok::Ident(field) = name.tok else {
                        continue;
                    };
                    let start = expr.start;
                    expr = self.node(Kind::Attr(Box::new(expr), field), start, name.end)?;
                }
                Some(Tok::Punct(Punct::LBracket)) => {
                    let open = self.next()?;
                    self.brackets += 1;
                    if self.brackets > MAX_BRACKETS {
                        return Err(Error::new(
                            open.start,
                            format!(
                                "at most {MAX_BRACKETS} `[…]` may be written inside each other"
                            ),
                        ));
                    }
                    let index = self.expression()?;
                    let close = self.expect(&Tok::Punct(Punct::RBracket), "]")?;
                    self.brackets -= 1;
                    let start = expr.start;
                    let kind = Kind::Index(Box::new(expr), Box::new(index));
                    expr = self.node(kind, start, close.end)?;
                }
                _ => return Ok(expr),
            }
        }
    }

    /// `| name` or `| name(key=value, …)`, after the `|`.
    fn filter(&mut self, input: Expr<'s>) -> Result<Expr<'s>, Error> {
        let name = self.ident("a filter name after `|`")?;
        let Tok::Ident(word) = name.tok else {
            return Err(Error::new(name.start, "expected a filter name"));
        };
        let filter =
            Filter::named(word).ok_or_else(|| unknown_filter(word, name.start).until(name.end))?;
        let mut args: Vec<(&'s str, Expr<'s>)> = Vec::new();
        let mut end = name.end;
        if self.peek_tok() == Some(&Tok::Punct(Punct::LParen)) {
            self.pos += 1;
            while self.peek_tok() != Some(&Tok::Punct(Punct::RParen)) {
                let (key, value) = self.argument(filter, &args)?;
                args.push((key, value));
                if self.peek_tok() == Some(&Tok::Punct(Punct::Comma)) {
                    self.pos += 1;
                } else {
                    break;
                }
            }
            end = self.expect(&Tok::Punct(Punct::RParen), ")")?.end;
        }
        if let Some(required) = filter.required()
            && !args.iter().any(|(key, _)| *key == required)
        {
            return Err(Error::new(
                name.start,
                format!("`{word}` needs its argument: `{word}({required}=…)`"),
            ));
        }
        let start = input.start;
        let call = FilterCall {
            input,
            filter,
            args,
        };
        self.node(Kind::Filter(Box::new(call)), start, end)
    }

    fn argument(
        &mut self,
        filter: Filter,
        seen: &[(&'s str, Expr<'s>)],
    ) -> Result<(&'s str, Expr<'s>), Error> {
        let key = self.next()?;
        let (Tok::Ident(name), Some(Tok::Punct(Punct::Assign))) = (&key.tok, self.peek_tok())
        else {
            return Err(Error::new(
                key.start,
                format!(
                    "filter arguments are written `name=value`; `{}` takes {}",
                    filter.name(),
                    filter.parameters_text()
                ),
            ));
        };
        let name = *name;
        if !filter.parameters().contains(&name) {
            return Err(Error::new(
                key.start,
                format!(
                    "`{}` has no argument `{name}`; it takes {}",
                    filter.name(),
                    filter.parameters_text()
                ),
            ));
        }
        if seen.iter().any(|(k, _)| *k == name) {
            return Err(Error::new(key.start, format!("`{name}` is given twice")));
        }
        self.pos += 1;
        Ok((name, self.expression()?))
    }

    /// A node, refused when the tree would grow deeper than [`MAX_EXPRESSION_DEPTH`].
    fn node(&self, kind: Kind<'s>, start: usize, end: usize) -> Result<Expr<'s>, Error> {
        let below = match &kind {
            Kind::Attr(e, _) | Kind::Not(e) | Kind::Neg(e) => e.depth,
            Kind::Index(a, b) | Kind::Binary(_, a, b) => a.depth.max(b.depth),
            Kind::Filter(call) => call
                .args
                .iter()
                .map(|(_, e)| e.depth)
                .fold(call.input.depth, usize::max),
            _ => 0,
        };
        if below >= MAX_EXPRESSION_DEPTH {
            return Err(too_deep(start));
        }
        Ok(Expr {
            kind,
            start,
            end,
            depth: below + 1,
        })
    }
}

fn binary_punct(p: Punct) -> Option<BinOp> {
    Some(match p {
        Punct::Eq => BinOp::Eq,
        Punct::Ne => BinOp::Ne,
        Punct::Lt => BinOp::Lt,
        Punct::Le => BinOp::Le,
        Punct::Gt => BinOp::Gt,
        Punct::Ge => BinOp::Ge,
        Punct::Plus => BinOp::Add,
        Punct::Minus => BinOp::Sub,
        Punct::Star => BinOp::Mul,
        Punct::Slash => BinOp::Div,
        Punct::Percent => BinOp::Rem,
        _ => return None,
    })
}

fn too_deep(at: usize) -> Error {
    Error::new(
        at,
        format!("the expression is nested more than {MAX_EXPRESSION_DEPTH} levels deep"),
    )
    .expected(format!(
        "at most {MAX_EXPRESSION_DEPTH} levels of parentheses, operators and filters"
    ))
}

fn unknown_filter(name: &str, at: usize) -> Error {
    Error::new(
        at,
        format!(
            "unknown filter `{name}`: the filters are {}",
            Filter::ALL_NAMES.join(", ")
        ),
    )
    .expected("a filter of the narrative language")
}
