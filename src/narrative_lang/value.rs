//! The values an expression computes: scalars of its own, lists and tables borrowed from the
//! context (never copied), and "not defined" with what is needed to say why.

use std::borrow::Cow;
use std::cmp::Ordering;

use serde_json::Value;

/// A value during evaluation.
#[derive(Debug, Clone)]
pub(super) enum Val<'a> {
    None,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(Cow<'a, str>),
    /// A list or a table of the context (scalars of the context become the variants above).
    Data(&'a Value),
    /// A name or field that is not there.
    Missing(Box<Missing<'a>>),
}

/// Why a value is not defined.
#[derive(Debug, Clone)]
pub(super) struct Missing<'a> {
    /// The expression that is not defined (`tables.ho_so.sum.tongg`): offsets in the text.
    pub span: (usize, usize),
    /// The value that lacks it, and where that is written; `None` for an unknown name.
    pub parent: Option<(Parent<'a>, (usize, usize))>,
    /// The field, or the index as written.
    pub key: String,
    /// Something before the last step of the path is already missing (`tables.nope.count`):
    /// `default` does not cover that, as in Tera.
    pub deep: bool,
}

/// A value that was asked for a field or an item it does not have.
#[derive(Debug, Clone)]
pub(super) enum Parent<'a> {
    /// A list or a table.
    Data(&'a Value),
    /// A scalar, by kind (`a text`).
    Scalar(&'static str),
}

impl<'a> Val<'a> {
    /// A value of the context: scalars are taken apart, lists and tables are borrowed.
    pub(super) fn of(value: &'a Value) -> Val<'a> {
        match value {
            Value::Null => Val::None,
            Value::Bool(b) => Val::Bool(*b),
            Value::Number(n) => match n.as_i64() {
                Some(i) => Val::Int(i),
                None => Val::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => Val::Text(Cow::Borrowed(s)),
            Value::Array(_) | Value::Object(_) => Val::Data(value),
        }
    }

    /// What kind of value this is, for messages.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Val::None => "none",
            Val::Bool(_) => "a true/false value",
            Val::Int(_) | Val::Float(_) => "a number",
            Val::Text(_) => "a text",
            Val::Data(Value::Array(_)) => "a list",
            Val::Data(_) => "a table of names",
            Val::Missing(_) => "not defined",
        }
    }

    /// Truthiness as in Tera: none, false, 0, "" and empty lists are false; so is a value that
    /// is not defined, so that `{% if tables.x %}` tests whether the table is there.
    pub(super) fn truthy(&self) -> bool {
        match self {
            Val::None | Val::Missing(_) => false,
            Val::Bool(b) => *b,
            Val::Int(n) => *n != 0,
            Val::Float(x) => *x != 0.0,
            Val::Text(s) => !s.is_empty(),
            Val::Data(Value::Array(a)) => !a.is_empty(),
            Val::Data(Value::Object(m)) => !m.is_empty(),
            Val::Data(_) => true,
        }
    }

    pub(super) fn number(&self) -> Option<f64> {
        match self {
            Val::Int(n) => Some(*n as f64),
            Val::Float(x) => Some(*x),
            _ => None,
        }
    }

    /// Equality of scalars; `None` when either side is a list, a table or not defined.
    pub(super) fn equals(&self, other: &Val<'_>) -> Option<bool> {
        Some(match (self, other) {
            (Val::Data(_) | Val::Missing(_), _) | (_, Val::Data(_) | Val::Missing(_)) => {
                return None;
            }
            (Val::Int(a), Val::Int(b)) => a == b,
            (Val::Text(a), Val::Text(b)) => a == b,
            (Val::Bool(a), Val::Bool(b)) => a == b,
            (Val::None, Val::None) => true,
            (a, b) => match (a.number(), b.number()) {
                (Some(x), Some(y)) => x == y,
                _ => false,
            },
        })
    }

    /// Order of two numbers or two texts.
    pub(super) fn compare(&self, other: &Val<'_>) -> Option<Ordering> {
        match (self, other) {
            (Val::Int(a), Val::Int(b)) => Some(a.cmp(b)),
            (Val::Text(a), Val::Text(b)) => Some(a.cmp(b)),
            (a, b) => a.number()?.partial_cmp(&b.number()?),
        }
    }

    /// Prints a scalar as Tera does: integers plainly, decimals as Rust's `{:?}` (`3.0`,
    /// `62.6`), none as nothing. `None` for a list, a table or a missing value.
    pub(super) fn print(&self) -> Option<Cow<'_, str>> {
        Some(match self {
            Val::None => Cow::Borrowed(""),
            Val::Bool(b) => Cow::Borrowed(if *b { "true" } else { "false" }),
            Val::Int(n) => Cow::Owned(n.to_string()),
            Val::Float(x) => Cow::Owned(format!("{x:?}")),
            Val::Text(s) => Cow::Borrowed(s.as_ref()),
            Val::Data(_) | Val::Missing(_) => return None,
        })
    }
}

/// Whether `needle` is in `container`, and how many items or 64-byte pieces were looked at;
/// `None` when `container` cannot hold things.
pub(super) fn contains(container: &Val<'_>, needle: &Val<'_>) -> Option<(bool, usize)> {
    match container {
        Val::Data(Value::Array(items)) => {
            let found = items
                .iter()
                .any(|item| Val::of(item).equals(needle) == Some(true));
            Some((found, items.len()))
        }
        Val::Data(Value::Object(map)) => match needle {
            Val::Text(key) => Some((map.contains_key(key.as_ref()), 1)),
            _ => Some((false, 1)),
        },
        Val::Text(text) => match needle {
            Val::Text(part) => Some((text.contains(part.as_ref()), text.len() / 64)),
            _ => Some((false, 1)),
        },
        _ => None,
    }
}

/// Field `key` of `parent`, if it is a table that has it.
pub(super) fn field<'a>(parent: &'a Value, key: &str) -> Option<&'a Value> {
    match parent {
        Value::Object(map) => map.get(key),
        _ => None,
    }
}

/// Item `index` of a list (negative counts from the end), or field `index` of a table.
pub(super) fn item<'a>(parent: &'a Value, index: &Val<'_>) -> Option<&'a Value> {
    match (parent, index) {
        (Value::Array(items), Val::Int(i)) => {
            let i = if *i < 0 {
                items
                    .len()
                    .checked_sub(usize::try_from(i.unsigned_abs()).ok()?)?
            } else {
                usize::try_from(*i).ok()?
            };
            items.get(i)
        }
        (Value::Object(map), Val::Text(key)) => map.get(key.as_ref()),
        _ => None,
    }
}

/// What a table has, for "did you mean" and the list of names in a message.
pub(super) fn describe_parent(parent: &Parent<'_>, key: &str) -> String {
    match parent {
        Parent::Data(Value::Object(map)) => {
            let names: Vec<&str> = map.keys().map(String::as_str).collect();
            if let Some(near) = crate::suggest::did_you_mean(key, &names) {
                return format!("has no `{key}` (did you mean `{near}`?)");
            }
            if names.is_empty() {
                return format!("has no `{key}`: it is empty");
            }
            format!("has no `{key}`; it has {}", name_list(&names))
        }
        Parent::Data(Value::Array(items)) => {
            format!("has no `{key}`: it is a list of {} items", items.len())
        }
        Parent::Data(other) => format!("has no `{key}`: it is {}", Val::of(other).kind()),
        Parent::Scalar(kind) => format!("has no `{key}`: it is {kind}"),
    }
}

/// Up to twelve names, in backquotes.
pub(super) fn name_list(names: &[&str]) -> String {
    let mut shown: Vec<String> = names.iter().take(12).map(|n| format!("`{n}`")).collect();
    if names.len() > 12 {
        shown.push(format!("… ({} in all)", names.len()));
    }
    shown.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printing_matches_tera() {
        assert_eq!(Val::Int(3321).print().as_deref(), Some("3321"));
        assert_eq!(Val::Float(3321.0).print().as_deref(), Some("3321.0"));
        assert_eq!(Val::Float(62.6).print().as_deref(), Some("62.6"));
        assert_eq!(Val::None.print().as_deref(), Some(""));
        assert_eq!(Val::Bool(true).print().as_deref(), Some("true"));
        let list = serde_json::json!([1, 2]);
        assert!(Val::of(&list).print().is_none());
    }

    #[test]
    fn numbers_compare_across_kinds() {
        assert_eq!(Val::Int(2).equals(&Val::Float(2.0)), Some(true));
        assert_eq!(Val::Int(2).equals(&Val::Text("2".into())), Some(false));
        assert_eq!(Val::Int(2).compare(&Val::Float(2.5)), Some(Ordering::Less));
        assert_eq!(Val::Int(2).compare(&Val::Text("a".into())), None);
    }

    #[test]
    fn items_count_from_either_end() {
        let list = serde_json::json!(["a", "b", "c"]);
        assert_eq!(item(&list, &Val::Int(-1)), Some(&serde_json::json!("c")));
        assert_eq!(item(&list, &Val::Int(3)), None);
        assert_eq!(item(&list, &Val::Int(-4)), None);
        assert_eq!(item(&list, &Val::Int(i64::MIN)), None);
    }
}
