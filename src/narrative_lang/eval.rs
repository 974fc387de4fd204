//! Evaluates a parsed text against the context, within its [`Limits`]: loop iterations and
//! steps are counted as they happen, and output is measured before it is appended.

use std::borrow::Cow;

use serde_json::Value;

use super::ast::{BinOp, Expr, FilterCall, ForLoop, Kind, Node};
use super::filters::Filter;
use super::ops::{self, Blame};
use super::value::{self, Missing, Parent, Val};
use super::{Error, Limits, bytes, count};

/// Evaluates `nodes` (parsed from `source`).
pub(super) fn render(
    source: &str,
    nodes: &[Node<'_>],
    context: &Value,
    limits: Limits,
) -> Result<String, Error> {
    let mut eval = Evaluator::new(source, context, limits);
    eval.nodes(nodes)?;
    Ok(eval.out)
}

/// Evaluates a bare expression and prints it as `{{ expression }}` would.
pub(super) fn render_expression(
    source: &str,
    expr: &Expr<'_>,
    context: &Value,
    limits: Limits,
) -> Result<String, Error> {
    let mut eval = Evaluator::new(source, context, limits);
    eval.print(expr)?;
    Ok(eval.out)
}

/// A running loop: its variables and where it stands.
struct Scope<'a> {
    key: Option<(&'a str, Val<'a>)>,
    value: (&'a str, Val<'a>),
    index: usize,
    len: usize,
}

struct Evaluator<'a> {
    source: &'a str,
    context: &'a Value,
    limits: Limits,
    out: String,
    iterations: usize,
    steps: usize,
    /// Running loops, innermost last, and where each `for` is written.
    scopes: Vec<(Scope<'a>, (usize, usize))>,
}

impl<'a> Evaluator<'a> {
    fn new(source: &'a str, context: &'a Value, limits: Limits) -> Evaluator<'a> {
        Evaluator {
            source,
            context,
            limits,
            out: String::new(),
            iterations: 0,
            steps: 0,
            scopes: Vec::new(),
        }
    }

    fn nodes(&mut self, nodes: &'a [Node<'a>]) -> Result<(), Error> {
        for node in nodes {
            match node {
                Node::Text { text, start } => {
                    self.charge(1, *start)?;
                    // Literal text only overflows when a loop repeats it: blame the loop.
                    let at = self.scopes.last().map_or((*start, *start), |(_, at)| *at);
                    self.write(text, at)?;
                }
                Node::Print(expr) => self.print(expr)?,
                Node::If(branches, otherwise) => {
                    let mut chosen = otherwise;
                    for (condition, body) in branches {
                        if self.expr(condition)?.truthy() {
                            chosen = body;
                            break;
                        }
                    }
                    self.nodes(chosen)?;
                }
                Node::For(for_loop) => self.for_loop(for_loop)?,
            }
        }
        Ok(())
    }

    fn print(&mut self, expr: &'a Expr<'a>) -> Result<(), Error> {
        let value = self.expr(expr)?;
        let text = match &value {
            Val::Missing(missing) => return Err(self.undefined(missing, expr)),
            Val::Data(_) => {
                return Err(Error::new(
                    expr.start,
                    format!(
                        "`{}` is {}, which cannot be printed: print one of its fields, or `| length`",
                        self.text_of(expr),
                        value.kind()
                    ),
                )
                .until(expr.end));
            }
            other => other.print().unwrap_or_default(),
        };
        self.write(&text, (expr.start, expr.end))
    }

    /// Appends `text`, unless the output would outgrow its budget.
    fn write(&mut self, text: &str, at: (usize, usize)) -> Result<(), Error> {
        if self.out.len() + text.len() > self.limits.output_bytes {
            return Err(Error::new(
                at.0,
                format!(
                    "output budget exceeded: this text would expand to more than {}",
                    bytes(self.limits.output_bytes)
                ),
            )
            .until(at.1)
            .expected(format!(
                "at most {} of output per text",
                bytes(self.limits.output_bytes)
            )));
        }
        let needed = self.out.len() + text.len();
        if needed > self.out.capacity() {
            // Doubling as `String` does, but never past the budget.
            let target = (self.out.capacity() * 2).clamp(needed, self.limits.output_bytes);
            self.out.reserve_exact(target - self.out.len());
        }
        self.out.push_str(text);
        Ok(())
    }

    /// Counts `steps` evaluation steps against the budget.
    fn charge(&mut self, steps: usize, at: usize) -> Result<(), Error> {
        self.steps += steps;
        if self.steps > self.limits.steps {
            return Err(Error::new(
                at,
                format!(
                    "evaluation budget exceeded: this text needs more than {} evaluation steps",
                    count(self.limits.steps)
                ),
            )
            .expected(format!(
                "at most {} evaluation steps per text",
                count(self.limits.steps)
            )));
        }
        Ok(())
    }

    /// Goes through the list or table item by item, without copying it: an inner loop over a
    /// long list costs only the iterations it runs.
    fn for_loop(&mut self, for_loop: &'a ForLoop<'a>) -> Result<(), Error> {
        match (self.expr(&for_loop.iterable)?, for_loop.key) {
            (Val::Data(Value::Array(items)), None) => {
                for (index, item) in items.iter().enumerate() {
                    let scope = Scope {
                        key: None,
                        value: (for_loop.value, Val::of(item)),
                        index,
                        len: items.len(),
                    };
                    self.iteration(for_loop, scope)?;
                }
            }
            (Val::Data(Value::Object(map)), Some(key)) => {
                for (index, (name, item)) in map.iter().enumerate() {
                    let scope = Scope {
                        key: Some((key, Val::Text(Cow::Borrowed(name.as_str())))),
                        value: (for_loop.value, Val::of(item)),
                        index,
                        len: map.len(),
                    };
                    self.iteration(for_loop, scope)?;
                }
            }
            (Val::Missing(missing), _) => {
                return Err(self.undefined(&missing, &for_loop.iterable));
            }
            (other, _) => return Err(self.not_iterable(for_loop, &other)),
        }
        Ok(())
    }

    fn iteration(&mut self, for_loop: &'a ForLoop<'a>, scope: Scope<'a>) -> Result<(), Error> {
        self.iterations += 1;
        if self.iterations > self.limits.loop_iterations {
            return Err(self.loop_budget(for_loop));
        }
        self.charge(1, for_loop.at)?;
        self.scopes.push((scope, (for_loop.at, for_loop.end)));
        let result = self.nodes(&for_loop.body);
        self.scopes.pop();
        result
    }

    fn loop_budget(&self, for_loop: &ForLoop<'_>) -> Error {
        let limit = count(self.limits.loop_iterations);
        Error::new(
            for_loop.at,
            format!(
                "loop budget exceeded: the loops of this text would run more than {limit} times"
            ),
        )
        .until(for_loop.end)
        .expected(format!("at most {limit} loop iterations per text"))
    }

    fn not_iterable(&self, for_loop: &ForLoop<'_>, iterable: &Val<'_>) -> Error {
        let what = self.text_of(&for_loop.iterable);
        let message = match (iterable, for_loop.key) {
            (Val::Data(Value::Array(_)), Some(_)) => format!(
                "`{what}` is a list: write `{{% for {} in {what} %}}`",
                for_loop.value
            ),
            (Val::Data(_), None) => format!(
                "`{what}` is a table of names: write `{{% for name, {} in {what} %}}`",
                for_loop.value
            ),
            _ => format!(
                "`{what}` is {}: a loop goes through a list or a table",
                iterable.kind()
            ),
        };
        Error::new(for_loop.iterable.start, message)
    }

    fn expr(&mut self, expr: &'a Expr<'a>) -> Result<Val<'a>, Error> {
        self.charge(1, expr.start)?;
        Ok(match &expr.kind {
            Kind::Int(n) => Val::Int(*n),
            Kind::Float(x) => Val::Float(*x),
            Kind::Str(s) => Val::Text(Cow::Borrowed(s)),
            Kind::Bool(b) => Val::Bool(*b),
            Kind::None => Val::None,
            Kind::Var(name) => self.variable(name, expr),
            Kind::Attr(inner, name) => self.attribute(inner, name, expr)?,
            Kind::Index(inner, index) => {
                let parent = self.expr(inner)?;
                let index_value = self.expr(index)?;
                if let Val::Missing(missing) = &index_value {
                    return Err(self.undefined(missing, index));
                }
                let key = || self.text_of(index).to_owned();
                self.step_into(parent, inner, key, expr, |p| value::item(p, &index_value))
            }
            Kind::Not(inner) => Val::Bool(!self.expr(inner)?.truthy()),
            Kind::Neg(inner) => match self.expr(inner)? {
                Val::Int(n) => Val::Int(n.checked_neg().ok_or_else(|| overflow(expr.start))?),
                Val::Float(x) => Val::Float(-x),
                other => return Err(self.not_a_number(&other, inner, "-")),
            },
            Kind::Binary(op, lhs, rhs) => self.binary(*op, lhs, rhs)?,
            Kind::Filter(call) => self.filter(call)?,
        })
    }

    fn variable(&self, name: &'a str, expr: &Expr<'_>) -> Val<'a> {
        for (scope, _) in self.scopes.iter().rev() {
            if scope.value.0 == name {
                return scope.value.1.clone();
            }
            if let Some((key, value)) = &scope.key
                && *key == name
            {
                return value.clone();
            }
        }
        match value::field(self.context, name) {
            Some(v) => Val::of(v),
            None => Val::Missing(Box::new(Missing {
                span: (expr.start, expr.end),
                parent: None,
                key: name.to_owned(),
                deep: false,
            })),
        }
    }

    fn attribute(
        &mut self,
        inner: &'a Expr<'a>,
        name: &'a str,
        expr: &'a Expr<'a>,
    ) -> Result<Val<'a>, Error> {
        // `loop.index` and friends describe the innermost running loop.
        if let (Kind::Var("loop"), Some((scope, _))) = (&inner.kind, self.scopes.last()) {
            return Ok(match name {
                "index" => Val::Int(scope.index as i64 + 1),
                "index0" => Val::Int(scope.index as i64),
                "first" => Val::Bool(scope.index == 0),
                "last" => Val::Bool(scope.index + 1 == scope.len),
                "length" => Val::Int(scope.len as i64),
                _ => {
                    return Err(Error::new(
                        expr.start,
                        format!(
                            "`loop.{name}` is not defined: a loop has `loop.index`, `loop.index0`, `loop.first`, `loop.last` and `loop.length`"
                        ),
                    ));
                }
            });
        }
        let parent = self.expr(inner)?;
        Ok(self.step_into(
            parent,
            inner,
            || name.to_owned(),
            expr,
            |p| value::field(p, name),
        ))
    }

    /// One step down a path: the part of `parent` that `find` picks, or "not defined".
    fn step_into(
        &self,
        parent: Val<'a>,
        inner: &Expr<'_>,
        key: impl FnOnce() -> String,
        expr: &Expr<'_>,
        find: impl FnOnce(&'a Value) -> Option<&'a Value>,
    ) -> Val<'a> {
        let (found, holder) = match parent {
            Val::Missing(mut missing) => {
                missing.deep = true;
                return Val::Missing(missing);
            }
            Val::Data(data) => (find(data), Parent::Data(data)),
            other => (None, Parent::Scalar(other.kind())),
        };
        match found {
            Some(v) => Val::of(v),
            None => Val::Missing(Box::new(Missing {
                span: (expr.start, expr.end),
                parent: Some((holder, (inner.start, inner.end))),
                key: key(),
                deep: false,
            })),
        }
    }

    fn binary(
        &mut self,
        op: BinOp,
        lhs: &'a Expr<'a>,
        rhs: &'a Expr<'a>,
    ) -> Result<Val<'a>, Error> {
        let left = self.expr(lhs)?;
        match op {
            BinOp::Or if left.truthy() => return Ok(left),
            BinOp::And if !left.truthy() => return Ok(left),
            BinOp::Or | BinOp::And => return self.expr(rhs),
            _ => {}
        }
        let right = self.expr(rhs)?;
        for (value, side) in [(&left, lhs), (&right, rhs)] {
            if let Val::Missing(missing) = value {
                return Err(self.undefined(missing, side));
            }
        }
        // Comparing or searching texts takes time with their length.
        let text_steps = [&left, &right]
            .iter()
            .map(|v| match v {
                Val::Text(s) => s.len() / 64,
                _ => 0,
            })
            .sum();
        self.charge(text_steps, lhs.start)?;
        let texts = (self.text_of(lhs), self.text_of(rhs));
        match ops::binary(op, &left, &right, texts) {
            Ok((value, looked_at)) => {
                self.charge(looked_at, rhs.start)?;
                Ok(value)
            }
            Err((Blame::Left, message)) => Err(Error::new(lhs.start, message).until(lhs.end)),
            Err((Blame::Right, message)) => Err(Error::new(rhs.start, message).until(rhs.end)),
        }
    }

    fn filter(&mut self, call: &'a FilterCall<'a>) -> Result<Val<'a>, Error> {
        let input = self.expr(&call.input)?;
        let mut args = Vec::with_capacity(call.args.len());
        for (name, expr) in &call.args {
            let value = self.expr(expr)?;
            if let Val::Missing(missing) = &value {
                return Err(self.undefined(missing, expr));
            }
            args.push((*name, value));
        }
        if let Val::Missing(missing) = &input {
            // `default` stands in for the last step of a path, as in Tera.
            if call.filter == Filter::Default && !missing.deep {
                return Ok(args.pop().map_or(Val::None, |(_, value)| value));
            }
            return Err(self.undefined(missing, &call.input));
        }
        if let Val::Text(text) = &input {
            self.charge(text.len() / 64, call.input.start)?;
        }
        call.filter
            .apply(input, &args)
            .map_err(|(blame_input, message)| {
                // Each filter takes at most one argument.
                let at = match (blame_input, call.args.first()) {
                    (false, Some((_, expr))) => expr,
                    _ => &call.input,
                };
                Error::new(at.start, message).until(at.end)
            })
    }

    /// The source of an expression, shortened for messages.
    fn text_of(&self, expr: &Expr<'_>) -> &'a str {
        let text = self.source.get(expr.start..expr.end).unwrap_or("");
        match text.char_indices().nth(60) {
            Some((cut, _)) => &text[..cut],
            None => text,
        }
    }

    /// "`x.y` is not defined", with what is there instead, at `at`.
    fn undefined(&self, missing: &Missing<'_>, at: &Expr<'_>) -> Error {
        let source = self.source;
        let text = |(start, end): (usize, usize)| source.get(start..end).unwrap_or("");
        let what = text(missing.span);
        let message = match &missing.parent {
            Some((parent, span)) => format!(
                "`{what}` is not defined: `{}` {}",
                text(*span),
                value::describe_parent(parent, &missing.key)
            ),
            None => {
                let mut names: Vec<&str> = self
                    .scopes
                    .iter()
                    .flat_map(|(s, _)| s.key.iter().map(|k| k.0).chain([s.value.0]))
                    .collect();
                if let Value::Object(map) = self.context {
                    names.extend(map.keys().map(String::as_str));
                }
                match crate::suggest::did_you_mean(&missing.key, &names) {
                    Some(near) => format!("`{what}` is not defined (did you mean `{near}`?)"),
                    None => format!(
                        "`{what}` is not defined; the names are {}",
                        value::name_list(&names)
                    ),
                }
            }
        };
        Error::new(at.start, message).until(at.end)
    }

    fn not_a_number(&self, value: &Val<'_>, expr: &Expr<'_>, op: &str) -> Error {
        match value {
            Val::Missing(missing) => self.undefined(missing, expr),
            other => Error::new(
                expr.start,
                format!(
                    "`{op}` works on numbers only, but `{}` is {}",
                    self.text_of(expr),
                    other.kind()
                ),
            )
            .until(expr.end),
        }
    }
}

fn overflow(at: usize) -> Error {
    Error::new(at, "the number is too large")
}
