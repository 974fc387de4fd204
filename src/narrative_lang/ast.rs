//! The tree of a parsed text: text, `{{ expression }}`, `{% if %}` and `{% for %}`, and the
//! expressions inside them, each with its place in the text (byte offsets).

use super::filters::Filter;

#[derive(Debug)]
pub(super) enum Node<'s> {
    /// Text printed as written; `start` is its offset.
    Text {
        text: &'s str,
        start: usize,
    },
    Print(Expr<'s>),
    If(Vec<(Expr<'s>, Vec<Node<'s>>)>, Vec<Node<'s>>),
    For(Box<ForLoop<'s>>),
}

#[derive(Debug)]
pub(super) struct ForLoop<'s> {
    /// Offset of the `for` keyword.
    pub at: usize,
    /// Offset just past the tag's `%}`.
    pub end: usize,
    /// `key` in `{% for key, value in map %}`.
    pub key: Option<&'s str>,
    pub value: &'s str,
    pub iterable: Expr<'s>,
    pub body: Vec<Node<'s>>,
}

#[derive(Debug)]
pub(super) struct Expr<'s> {
    pub kind: Kind<'s>,
    pub start: usize,
    pub end: usize,
    /// Levels of the tree below and including this node.
    pub depth: usize,
}

#[derive(Debug)]
pub(super) enum Kind<'s> {
    Int(i64),
    Float(f64),
    Str(String),
    Bool(bool),
    None,
    Var(&'s str),
    Attr(Box<Expr<'s>>, &'s str),
    Index(Box<Expr<'s>>, Box<Expr<'s>>),
    Not(Box<Expr<'s>>),
    Neg(Box<Expr<'s>>),
    Binary(BinOp, Box<Expr<'s>>, Box<Expr<'s>>),
    Filter(Box<FilterCall<'s>>),
}

#[derive(Debug)]
pub(super) struct FilterCall<'s> {
    pub input: Expr<'s>,
    pub filter: Filter,
    pub args: Vec<(&'s str, Expr<'s>)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum BinOp {
    Or,
    And,
    In,
    NotIn,
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Add,
    Sub,
    Mul,
    Div,
    Rem,
}

impl BinOp {
    /// Tera's binding powers (left, right); the filter `|` binds tighter than all of them.
    pub(super) fn binding_power(self) -> (u8, u8) {
        use BinOp::*;
        match self {
            Or => (1, 2),
            And => (3, 4),
            In | NotIn => (5, 6),
            Eq | Ne | Lt | Le | Gt | Ge => (7, 8),
            Add | Sub => (11, 12),
            Mul | Div | Rem => (13, 14),
        }
    }

    pub(super) fn text(self) -> &'static str {
        use BinOp::*;
        match self {
            Or => "or",
            And => "and",
            In => "in",
            NotIn => "not in",
            Eq => "==",
            Ne => "!=",
            Lt => "<",
            Le => "<=",
            Gt => ">",
            Ge => ">=",
            Add => "+",
            Sub => "-",
            Mul => "*",
            Div => "/",
            Rem => "%",
        }
    }
}
