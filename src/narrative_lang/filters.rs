//! The filters of the narrative language: the Vietnamese formatting filters that page templates
//! also have (`expressions::register_filters`) and a few of Tera's builtins. None can make a
//! text longer than a constant factor of its input.

use std::borrow::Cow;

use serde_json::Value;

use super::value::Val;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Filter {
    VnNumber,
    VnPercent,
    Pad2,
    VnDate,
    VnDatePadded,
    VnDateLong,
    Default,
    Length,
    Round,
    Abs,
    Upper,
    Lower,
    First,
    Last,
}

/// Decimals that `vn_number`, `vn_percent` and `round` accept.
const MAX_DECIMALS: i64 = 15;

impl Filter {
    const ALL: [Filter; 14] = [
        Filter::VnNumber,
        Filter::VnPercent,
        Filter::Pad2,
        Filter::VnDate,
        Filter::VnDatePadded,
        Filter::VnDateLong,
        Filter::Default,
        Filter::Length,
        Filter::Round,
        Filter::Abs,
        Filter::Upper,
        Filter::Lower,
        Filter::First,
        Filter::Last,
    ];

    /// Every filter's name, for messages.
    pub(super) const ALL_NAMES: [&'static str; 14] = [
        "vn_number",
        "vn_percent",
        "pad2",
        "vn_date",
        "vn_date_padded",
        "vn_date_long",
        "default",
        "length",
        "round",
        "abs",
        "upper",
        "lower",
        "first",
        "last",
    ];

    pub(super) fn named(name: &str) -> Option<Filter> {
        let index = Filter::ALL_NAMES.iter().position(|n| *n == name)?;
        Some(Filter::ALL[index])
    }

    pub(super) fn name(self) -> &'static str {
        let index = Filter::ALL.iter().position(|f| *f == self).unwrap_or(0);
        Filter::ALL_NAMES[index]
    }

    /// The arguments it takes, by name.
    pub(super) fn parameters(self) -> &'static [&'static str] {
        match self {
            Filter::VnNumber | Filter::VnPercent => &["decimals"],
            Filter::Default => &["value"],
            Filter::Round => &["precision"],
            _ => &[],
        }
    }

    pub(super) fn parameters_text(self) -> String {
        match self.parameters() {
            [] => "no arguments".to_owned(),
            names => names
                .iter()
                .map(|n| format!("`{n}`"))
                .collect::<Vec<_>>()
                .join(", "),
        }
    }

    /// The argument it cannot do without.
    pub(super) fn required(self) -> Option<&'static str> {
        (self == Filter::Default).then_some("value")
    }

    /// Applies the filter to a defined `input` (`default` is applied by the evaluator).
    /// Errors are messages: `Err((true, …))` blames the input, `Err((false, …))` the argument.
    pub(super) fn apply<'a>(
        self,
        input: Val<'a>,
        args: &[(&str, Val<'a>)],
    ) -> Result<Val<'a>, (bool, String)> {
        // Each filter takes at most one argument.
        let arg = args.first().map(|(_, value)| value);
        let wanted = match self {
            Filter::VnNumber | Filter::VnPercent | Filter::Round => match input.number() {
                Some(x) => return self.number(x, arg),
                None => "a number",
            },
            Filter::Pad2 => match input {
                Val::Int(n) => return Ok(text(format!("{n:02}"))),
                Val::Float(x) if x.fract() == 0.0 && x.abs() < 1e15 => {
                    return Ok(text(format!("{:02}", x as i64)));
                }
                _ => "a whole number",
            },
            Filter::VnDate | Filter::VnDatePadded | Filter::VnDateLong => match &input {
                Val::Text(value) => return self.date(value),
                _ => "a date as text (YYYY-MM-DD)",
            },
            Filter::Default => return Ok(input),
            Filter::Length => match &input {
                Val::Text(s) => return Ok(Val::Int(s.chars().count() as i64)),
                Val::Data(Value::Array(a)) => return Ok(Val::Int(a.len() as i64)),
                Val::Data(Value::Object(m)) => return Ok(Val::Int(m.len() as i64)),
                _ => "a list, a table or a text",
            },
            Filter::Abs => match input {
                Val::Int(n) => {
                    return Ok(n
                        .checked_abs()
                        .map_or(Val::Float((n as f64).abs()), Val::Int));
                }
                Val::Float(x) => return Ok(Val::Float(x.abs())),
                _ => "a number",
            },
            Filter::Upper | Filter::Lower => match &input {
                Val::Text(s) if self == Filter::Upper => return Ok(text(s.to_uppercase())),
                Val::Text(s) => return Ok(text(s.to_lowercase())),
                _ => "a text",
            },
            Filter::First | Filter::Last => match input {
                Val::Data(Value::Array(items)) => {
                    let item = if self == Filter::First {
                        items.first()
                    } else {
                        items.last()
                    };
                    return Ok(item.map_or(Val::None, Val::of));
                }
                _ => "a list",
            },
        };
        Err((
            true,
            format!(
                "`{}` needs {wanted}, but gets {}",
                self.name(),
                input.kind()
            ),
        ))
    }

    /// `vn_number`, `vn_percent` and `round` of `x`.
    fn number<'a>(self, x: f64, arg: Option<&Val<'_>>) -> Result<Val<'a>, (bool, String)> {
        let decimals = decimals(arg)?;
        // Beyond 2^53 − 1 a number is no longer exact: printing it would print another.
        if !x.is_finite() || x.abs() > crate::cell::MAX_WHOLE as f64 {
            return Err((
                true,
                "the number is beyond 9.007.199.254.740.991, where figures stop being exact"
                    .to_owned(),
            ));
        }
        Ok(match self {
            Filter::VnNumber => text(crate::expressions::vn_number(x, decimals)),
            Filter::VnPercent => text(crate::vn::percent(x, decimals.unwrap_or(1))),
            _ => {
                let scale = 10f64.powi(i32::from(decimals.unwrap_or(0)));
                Val::Float((x * scale).round() / scale)
            }
        })
    }

    /// `vn_date`, `vn_date_padded` and `vn_date_long` of a date written `YYYY-MM-DD`.
    fn date<'a>(self, value: &str) -> Result<Val<'a>, (bool, String)> {
        let Some(date) = crate::vn::parse_date(value) else {
            return Err((true, format!("`{value}` is not a date (YYYY-MM-DD)")));
        };
        Ok(text(match self {
            Filter::VnDate => crate::vn::date(date),
            Filter::VnDatePadded => crate::vn::date_padded(date),
            _ => crate::vn::date_long(date),
        }))
    }
}

fn text<'a>(s: String) -> Val<'a> {
    Val::Text(Cow::Owned(s))
}

/// A number of decimals: a whole number from 0 to [`MAX_DECIMALS`], or absent.
fn decimals(value: Option<&Val<'_>>) -> Result<Option<u8>, (bool, String)> {
    match value {
        None => Ok(None),
        Some(Val::Int(n)) if (0..=MAX_DECIMALS).contains(n) => Ok(u8::try_from(*n).ok()),
        Some(other) => Err((
            false,
            format!(
                "the number of decimals must be a whole number from 0 to {MAX_DECIMALS}, not {}",
                other.print().unwrap_or(Cow::Borrowed(other.kind()))
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(filter: &str, input: Val<'static>, args: &[(&str, Val<'static>)]) -> String {
        match Filter::named(filter).unwrap().apply(input, args) {
            Ok(v) => v.print().unwrap().into_owned(),
            Err((_, message)) => format!("error: {message}"),
        }
    }

    #[test]
    fn every_name_finds_its_filter() {
        for name in Filter::ALL_NAMES {
            assert_eq!(Filter::named(name).map(Filter::name), Some(name));
        }
        assert_eq!(Filter::named("replace"), None);
    }

    #[test]
    fn vietnamese_formats() {
        assert_eq!(apply("vn_number", Val::Int(3321), &[]), "3.321");
        assert_eq!(apply("vn_number", Val::Float(3321.0), &[]), "3.321");
        assert_eq!(apply("vn_number", Val::Float(1234.5), &[]), "1.234,5");
        let one = [("decimals", Val::Int(1))];
        assert_eq!(apply("vn_number", Val::Int(2), &one), "2,0");
        assert_eq!(apply("vn_percent", Val::Float(62.6), &[]), "62,6%");
        let two = [("decimals", Val::Int(2))];
        assert_eq!(apply("vn_percent", Val::Float(62.6), &two), "62,60%");
        assert_eq!(apply("pad2", Val::Int(7), &[]), "07");
        assert_eq!(apply("pad2", Val::Float(7.0), &[]), "07");
        let date = || Val::Text("2025-08-09".into());
        assert_eq!(apply("vn_date", date(), &[]), "09/8/2025");
        assert_eq!(apply("vn_date_padded", date(), &[]), "09/08/2025");
        assert_eq!(
            apply("vn_date_long", date(), &[]),
            "ngày 9 tháng 8 năm 2025"
        );
    }

    #[test]
    fn builtins() {
        assert_eq!(apply("length", Val::Text("ĐỎ".into()), &[]), "2");
        assert_eq!(apply("round", Val::Float(2.567), &[]), "3.0");
        let p = [("precision", Val::Int(2))];
        assert_eq!(apply("round", Val::Float(2.567), &p), "2.57");
        assert_eq!(apply("abs", Val::Int(-3), &[]), "3");
        assert_eq!(
            apply("abs", Val::Int(i64::MIN), &[]),
            "9.223372036854776e18"
        );
        assert_eq!(apply("upper", Val::Text("xanh đỏ".into()), &[]), "XANH ĐỎ");
        assert_eq!(apply("lower", Val::Text("XANH".into()), &[]), "xanh");
        let list = serde_json::json!(["a", "b"]);
        let list: &'static serde_json::Value = Box::leak(Box::new(list));
        assert_eq!(apply("first", Val::Data(list), &[]), "a");
        assert_eq!(apply("last", Val::Data(list), &[]), "b");
    }

    #[test]
    fn wrong_inputs_and_arguments_are_errors() {
        assert_eq!(
            apply("vn_number", Val::Text("x".into()), &[]),
            "error: `vn_number` needs a number, but gets a text"
        );
        assert_eq!(
            apply("vn_date", Val::Text("9/8".into()), &[]),
            "error: `9/8` is not a date (YYYY-MM-DD)"
        );
        let big = [("decimals", Val::Int(200))];
        assert_eq!(
            apply("vn_number", Val::Int(1), &big),
            "error: the number of decimals must be a whole number from 0 to 15, not 200"
        );
        assert!(apply("first", Val::Text("x".into()), &[]).starts_with("error"));
    }
}
