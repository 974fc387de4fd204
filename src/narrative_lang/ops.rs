//! The operators on two defined values: arithmetic on numbers only (so no operator can grow a
//! text), comparisons of scalars, and `in`.

use std::cmp::Ordering;

use super::ast::BinOp;
use super::value::{self, Val};

/// Which operand a problem is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Blame {
    Left,
    Right,
}

/// `left op right` for every operator but `and` and `or` (which the evaluator short-circuits),
/// and the extra steps it took (items an `in` looked at). `texts` are the operands as written.
pub(super) fn binary<'a>(
    op: BinOp,
    left: &Val<'a>,
    right: &Val<'a>,
    texts: (&str, &str),
) -> Result<(Val<'a>, usize), (Blame, String)> {
    let compare = |ordering: Option<Ordering>| {
        ordering.ok_or_else(|| {
            (
                Blame::Left,
                format!(
                    "`{}` compares two numbers or two texts, but `{}` is {} and `{}` is {}",
                    op.text(),
                    texts.0,
                    left.kind(),
                    texts.1,
                    right.kind()
                ),
            )
        })
    };
    let equality = || {
        left.equals(right).ok_or_else(|| {
            let (blame, text, value) = match left {
                Val::Data(_) => (Blame::Left, texts.0, left),
                _ => (Blame::Right, texts.1, right),
            };
            (
                blame,
                format!(
                    "`{}` compares numbers, texts, true/false and none; `{text}` is {}",
                    op.text(),
                    value.kind()
                ),
            )
        })
    };
    let result = match op {
        BinOp::Eq => Val::Bool(equality()?),
        BinOp::Ne => Val::Bool(!equality()?),
        BinOp::Lt => Val::Bool(compare(left.compare(right))?.is_lt()),
        BinOp::Le => Val::Bool(compare(left.compare(right))?.is_le()),
        BinOp::Gt => Val::Bool(compare(left.compare(right))?.is_gt()),
        BinOp::Ge => Val::Bool(compare(left.compare(right))?.is_ge()),
        BinOp::In | BinOp::NotIn => {
            let Some((found, looked_at)) = value::contains(right, left) else {
                return Err((
                    Blame::Right,
                    format!(
                        "`in` looks in a list, a table or a text, but `{}` is {}",
                        texts.1,
                        right.kind()
                    ),
                ));
            };
            return Ok((Val::Bool(found == (op == BinOp::In)), looked_at));
        }
        _ => arithmetic(op, left, right, texts)?,
    };
    Ok((result, 0))
}

/// `+ - * / %` as in Tera: integers stay integers except for `/`; a decimal makes a decimal.
fn arithmetic<'a>(
    op: BinOp,
    left: &Val<'a>,
    right: &Val<'a>,
    texts: (&str, &str),
) -> Result<Val<'a>, (Blame, String)> {
    for (value, text, blame) in [(left, texts.0, Blame::Left), (right, texts.1, Blame::Right)] {
        if value.number().is_none() {
            return Err((
                blame,
                format!(
                    "`{}` works on numbers only, but `{text}` is {}",
                    op.text(),
                    value.kind()
                ),
            ));
        }
    }
    let overflow = || {
        (
            Blame::Left,
            format!(
                "`{} {} {}` is too large a number",
                texts.0,
                op.text(),
                texts.1
            ),
        )
    };
    if let (Val::Int(a), Val::Int(b)) = (left, right)
        && op != BinOp::Div
    {
        let result = match op {
            BinOp::Add => a.checked_add(*b),
            BinOp::Sub => a.checked_sub(*b),
            BinOp::Mul => a.checked_mul(*b),
            _ if *b == 0 => return Err(by_zero(texts.1)),
            _ => a.checked_rem_euclid(*b),
        };
        return result.map(Val::Int).ok_or_else(overflow);
    }
    let (a, b) = (
        left.number().unwrap_or_default(),
        right.number().unwrap_or_default(),
    );
    if matches!(op, BinOp::Div | BinOp::Rem) && b == 0.0 {
        return Err(by_zero(texts.1));
    }
    let result = match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => a * b,
        BinOp::Div => a / b,
        _ => a.rem_euclid(b),
    };
    if result.is_finite() {
        Ok(Val::Float(result))
    } else {
        Err(overflow())
    }
}

fn by_zero(divisor: &str) -> (Blame, String) {
    (Blame::Right, format!("division by zero: `{divisor}` is 0"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn calc(op: BinOp, left: Val<'static>, right: Val<'static>) -> String {
        match binary(op, &left, &right, ("a", "b")) {
            Ok((v, _)) => v.print().unwrap().into_owned(),
            Err((blame, message)) => format!("{blame:?}: {message}"),
        }
    }

    #[test]
    fn arithmetic_follows_tera() {
        use Val::{Float, Int};
        assert_eq!(calc(BinOp::Add, Int(2), Int(3)), "5");
        assert_eq!(calc(BinOp::Add, Int(2), Float(0.5)), "2.5");
        assert_eq!(calc(BinOp::Div, Int(6), Int(3)), "2.0");
        assert_eq!(calc(BinOp::Rem, Int(-7), Int(3)), "2");
        assert_eq!(calc(BinOp::Mul, Float(1.5), Int(2)), "3.0");
        assert_eq!(
            calc(BinOp::Div, Int(1), Int(0)),
            "Right: division by zero: `b` is 0"
        );
        assert_eq!(
            calc(BinOp::Mul, Int(i64::MAX), Int(2)),
            "Left: `a * b` is too large a number"
        );
        assert_eq!(
            calc(BinOp::Mul, Float(1e300), Float(1e300)),
            "Left: `a * b` is too large a number"
        );
    }

    #[test]
    fn texts_do_not_add_or_repeat() {
        let text = || Val::Text("ab".into());
        assert_eq!(
            calc(BinOp::Add, text(), text()),
            "Left: `+` works on numbers only, but `a` is a text"
        );
        assert_eq!(
            calc(BinOp::Mul, Val::Int(3), text()),
            "Right: `*` works on numbers only, but `b` is a text"
        );
    }

    #[test]
    fn comparisons_and_membership() {
        let text = |s: &'static str| Val::Text(s.into());
        assert_eq!(calc(BinOp::Lt, Val::Int(2), Val::Float(2.5)), "true");
        assert_eq!(calc(BinOp::Ge, text("b"), text("a")), "true");
        assert_eq!(calc(BinOp::Eq, text("1"), Val::Int(1)), "false");
        assert_eq!(calc(BinOp::Ne, Val::None, Val::None), "false");
        assert!(calc(BinOp::Lt, text("1"), Val::Int(1)).starts_with("Left: `<` compares"));
        assert_eq!(calc(BinOp::In, text("XA"), text("XANH")), "true");
        assert_eq!(calc(BinOp::NotIn, text("ĐỎ"), text("XANH")), "true");
        let list: &'static serde_json::Value = Box::leak(Box::new(serde_json::json!([1, "a"])));
        assert_eq!(calc(BinOp::In, Val::Float(1.0), Val::Data(list)), "true");
        assert_eq!(
            calc(BinOp::In, text("a"), Val::Int(3)),
            "Right: `in` looks in a list, a table or a text, but `b` is a number"
        );
        assert!(calc(BinOp::Eq, Val::Data(list), Val::Int(1)).starts_with("Left: `==` compares"));
    }
}
