//! Typed cell values, parsed from what staff wrote against the column's declared type.

use crate::model::cell::CellInput;
use crate::model::publication::StatusDecl;
use crate::model::schema::ColumnType;
use crate::vn;
use chrono::NaiveDate;

/// A cell after its column type has been applied.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub enum Cell {
    /// Missing in the source: shown as missing, never as 0.
    Missing,
    /// Free text (may hold an HTML fragment, sanitised when rendered).
    Text {
        /// The text.
        text: String,
    },
    /// Whole number.
    Integer {
        /// The value.
        value: i64,
        /// Digits typed when the source pads with leading zeros (`04` is 2); 0 otherwise.
        digits: u8,
    },
    /// Words where a number column expects a number (`Đã hoàn thành`), declared in the
    /// column's `words`: shown as written, no number.
    Word {
        /// The words as written.
        text: String,
    },
    /// A column covered by a cell spanning from its left (`{ colspan: N, value }`).
    Covered,
    /// A column covered by a cell spanning from a row above (`{ rowspan: N, value }`).
    Above,
    /// Decimal, with the decimals typed.
    Decimal {
        /// The value.
        value: f64,
        /// Decimals to show.
        decimals: u8,
    },
    /// Percentage (the value is in percent: 73.54).
    Percent {
        /// The value.
        value: f64,
        /// Decimals to show.
        decimals: u8,
        /// Whether the % sign is shown: always, unless the source typed the figure bare
        /// ("17,7" in a column headed "Tỷ lệ (%)").
        sign: bool,
    },
    /// A fraction like 16/17, optionally with its share as printed: 8/102 (7,8%).
    Ratio {
        /// Numerator.
        numerator: i64,
        /// Denominator.
        denominator: i64,
        /// The printed share in percent, with its decimals.
        share: Option<(f64, u8)>,
    },
    /// A status code with the label as printed.
    Status {
        /// XANH / VÀNG / ĐỎ.
        code: String,
        /// The label as printed: "SẴN SẴNG (XANH)".
        label: String,
    },
    /// A date.
    Date {
        /// The date.
        date: NaiveDate,
    },
}

impl Cell {
    /// The numeric value, for sums and charts.
    pub fn number(&self) -> Option<f64> {
        match self {
            Cell::Integer { value, .. } => Some(*value as f64),
            Cell::Decimal { value, .. } | Cell::Percent { value, .. } => Some(*value),
            Cell::Ratio {
                numerator,
                denominator,
                ..
            } if *denominator != 0 => Some(*numerator as f64 / *denominator as f64 * 100.0),
            _ => None,
        }
    }

    /// The status code, if this is a status cell.
    pub fn status(&self) -> Option<&str> {
        match self {
            Cell::Status { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The text shown to readers (plain text; HTML not yet sanitised).
    pub fn display(&self, fixed_decimals: Option<u8>) -> String {
        match self {
            Cell::Missing => String::new(),
            Cell::Text { text } => text.clone(),
            Cell::Integer { value, digits } => padded(vn::integer(*value), *digits),
            Cell::Word { text } => text.clone(),
            Cell::Covered | Cell::Above => String::new(),
            Cell::Decimal { value, decimals } => {
                vn::decimal(*value, fixed_decimals.unwrap_or(*decimals))
            }
            Cell::Percent {
                value,
                decimals,
                sign,
            } => {
                let decimals = fixed_decimals.unwrap_or(*decimals);
                if *sign {
                    vn::percent(*value, decimals)
                } else {
                    vn::decimal(*value, decimals)
                }
            }
            Cell::Ratio {
                numerator,
                denominator,
                share,
            } => match share {
                Some((value, decimals)) => format!(
                    "{numerator}/{denominator} ({})",
                    vn::percent(*value, *decimals)
                ),
                None => format!("{numerator}/{denominator}"),
            },
            Cell::Status { label, .. } => label.clone(),
            Cell::Date { date } => format!(
                "{}/{}/{}",
                chrono::Datelike::day(date),
                chrono::Datelike::month(date),
                chrono::Datelike::year(date)
            ),
        }
    }

    /// The value as written into CSV: no thousands grouping, decimal comma as in the source.
    pub fn csv(&self, fixed_decimals: Option<u8>) -> String {
        match self {
            Cell::Integer { value, digits } => padded(value.to_string(), *digits),
            other => other.display(fixed_decimals),
        }
    }
}

/// `value` with leading zeros up to `digits` digits, as the source typed it (`04`).
fn padded(value: String, digits: u8) -> String {
    let width = usize::from(digits);
    if value.len() >= width || value.starts_with('-') {
        return value;
    }
    format!("{}{value}", "0".repeat(width - value.len()))
}

/// Parses one raw cell against a column type. The error says what was expected.
pub fn parse(input: &CellInput, kind: ColumnType, statuses: &[StatusDecl]) -> Result<Cell, String> {
    parse_with_words(input, kind, statuses, &[])
}

/// Like [`parse`]; `words` are the texts a number column may hold instead of a number.
pub fn parse_with_words(
    input: &CellInput,
    kind: ColumnType,
    statuses: &[StatusDecl],
    words: &[String],
) -> Result<Cell, String> {
    if matches!(input, CellInput::Null) {
        return Ok(Cell::Missing);
    }
    if let CellInput::Str(s) = input
        && kind != ColumnType::Text
        && words.iter().any(|w| w == s.trim())
    {
        return Ok(Cell::Word { text: s.clone() });
    }
    // `""` in a number column is a cell the source prints blank: no number, shown empty
    // (`~` is a value missing from the source, shown as missing).
    if let CellInput::Str(s) = input
        && s.trim().is_empty()
        && kind != ColumnType::Text
    {
        return Ok(Cell::Word {
            text: String::new(),
        });
    }
    match kind {
        ColumnType::Text => parse_text(input),
        ColumnType::Integer => parse_integer(input),
        ColumnType::Decimal => {
            parse_decimal(input).map(|(value, decimals)| Cell::Decimal { value, decimals })
        }
        ColumnType::Percent => parse_percent(input),
        ColumnType::Ratio => parse_ratio(input),
        ColumnType::Status => parse_status(input, statuses),
        ColumnType::Date => parse_date(input),
    }
}

fn parse_text(input: &CellInput) -> Result<Cell, String> {
    let text = match input {
        CellInput::Str(s) => s.clone(),
        CellInput::Int(i) => i.to_string(),
        CellInput::Float(f) if !f.is_finite() => {
            return Err(format!(
                "expected text, found `{f}` (read as a number): write it in quotes to keep it as text"
            ));
        }
        CellInput::Float(f) => f.to_string(),
        other => return Err(format!("expected text, found {}", other.describe())),
    };
    Ok(Cell::Text { text })
}

/// The largest whole number a cell holds: every whole number up to it is exact as a figure
/// (2^53 − 1). Beyond it a value would be published rounded, so it is refused.
pub const MAX_WHOLE: i64 = 9_007_199_254_740_991;

/// The most significant digits a decimal cell holds exactly.
const MAX_DIGITS: usize = 15;

/// "too large": what a cell cannot hold, with what it can.
fn beyond(kind: &str, found: &str) -> String {
    format!(
        "{found} is beyond what a {kind} column holds exactly (at most {} digits, up to {}); it would be published rounded",
        if kind == "whole-number" {
            16
        } else {
            MAX_DIGITS
        },
        vn::integer(MAX_WHOLE)
    )
}

/// How many digits `text` holds.
fn digit_count(text: &str) -> usize {
    text.chars().filter(char::is_ascii_digit).count()
}

fn parse_integer(input: &CellInput) -> Result<Cell, String> {
    let expected = "expected a whole number such as 3321 or \"3.321\"";
    match input {
        CellInput::Int(value) if value.unsigned_abs() > MAX_WHOLE as u64 => {
            Err(beyond("whole-number", &format!("`{value}`")))
        }
        CellInput::Int(value) => Ok(Cell::Integer {
            value: *value,
            digits: 0,
        }),
        CellInput::Float(f) if !f.is_finite() => Err(format!(
            "{expected}, found `{f}`, which is no number a table can show"
        )),
        CellInput::Float(f) if f.fract() == 0.0 && f.abs() > MAX_WHOLE as f64 => {
            Err(beyond("whole-number", &format!("`{f}`")))
        }
        CellInput::Float(f) => Err(format!(
            "{expected}, found the decimal number `{f}` (unquoted, a dot is a decimal point: write 3321 or \"3.321\")"
        )),
        CellInput::Str(s) => match vn::parse_number(s) {
            Some((value, 0)) if digit_count(s) > 16 || value.abs() > MAX_WHOLE as f64 => {
                Err(beyond("whole-number", &format!("\"{s}\"")))
            }
            Some((value, 0)) => Ok(Cell::Integer {
                value: value as i64,
                digits: leading_zero_digits(s),
            }),
            _ => Err(format!("{expected}, found \"{s}\"")),
        },
        other => Err(format!("{expected}, found {}", other.describe())),
    }
}

/// The digits typed when `s` pads a whole number with leading zeros (`"04"` → 2), else 0.
fn leading_zero_digits(s: &str) -> u8 {
    let digits = s.trim();
    if digits.len() > 1 && digits.starts_with('0') && digits.bytes().all(|b| b.is_ascii_digit()) {
        u8::try_from(digits.len()).unwrap_or(0)
    } else {
        0
    }
}

fn parse_decimal(input: &CellInput) -> Result<(f64, u8), String> {
    match input {
        CellInput::Int(value) if value.unsigned_abs() > MAX_WHOLE as u64 => {
            Err(beyond("decimal", &format!("`{value}`")))
        }
        CellInput::Int(value) => Ok((*value as f64, 0)),
        CellInput::Float(value) if !value.is_finite() => Err(format!(
            "expected a number such as \"62,6\", found `{value}`, which is no number a table can show"
        )),
        CellInput::Float(value) if value.abs() > MAX_WHOLE as f64 => {
            Err(beyond("decimal", &format!("`{value}`")))
        }
        CellInput::Float(value) => Ok((*value, vn::natural_decimals(*value))),
        CellInput::Str(s) if digit_count(s) > MAX_DIGITS && vn::parse_number(s).is_some() => {
            Err(beyond("decimal", &format!("\"{s}\"")))
        }
        CellInput::Str(s) => vn::parse_number(s)
            .ok_or_else(|| format!("expected a number such as \"62,6\", found \"{s}\"")),
        other => Err(format!(
            "expected a number such as \"62,6\", found {}",
            other.describe()
        )),
    }
}

fn parse_percent(input: &CellInput) -> Result<Cell, String> {
    let stripped = match input {
        CellInput::Str(s) => CellInput::Str(s.trim().strip_suffix('%').unwrap_or(s).trim().into()),
        other => other.clone(),
    };
    // Text keeps the source's choice of sign (one: "62,6%%" is refused); a number is a percentage.
    let sign = match input {
        CellInput::Str(s) => s.trim_end().ends_with('%'),
        _ => true,
    };
    parse_decimal(&stripped)
        .map(|(value, decimals)| Cell::Percent {
            value,
            decimals,
            sign,
        })
        .map_err(|problem| {
            // Say why a number is refused; otherwise what a percentage looks like.
            if problem.contains("beyond") || problem.contains("no number") {
                problem.replace(
                    "a number such as \"62,6\"",
                    "a percentage such as \"73,54%\"",
                )
            } else {
                format!(
                    "expected a percentage such as \"73,54%\", found {}",
                    input.describe()
                )
            }
        })
}

fn parse_ratio(input: &CellInput) -> Result<Cell, String> {
    let expected = || {
        format!(
            "expected a ratio such as \"17/17\" or \"8/102 (7,8%)\", found {}",
            input.describe()
        )
    };
    let CellInput::Str(s) = input else {
        return Err(expected());
    };
    let (fraction, share) = match s.split_once('(') {
        Some((f, rest)) => {
            let inner = rest.trim_end().strip_suffix(')').ok_or_else(expected)?;
            let inner = inner.trim().strip_suffix('%').unwrap_or(inner).trim();
            (
                f.trim(),
                Some(vn::parse_number(inner).ok_or_else(expected)?),
            )
        }
        None => (s.trim(), None),
    };
    let (n, d) = fraction.split_once('/').ok_or_else(expected)?;
    let numerator = n.trim().parse::<i64>().map_err(|_| expected())?;
    let denominator = d.trim().parse::<i64>().map_err(|_| expected())?;
    if numerator.unsigned_abs() > MAX_WHOLE as u64 || denominator.unsigned_abs() > MAX_WHOLE as u64
    {
        return Err(beyond("ratio", &format!("\"{s}\"")));
    }
    Ok(Cell::Ratio {
        numerator,
        denominator,
        share,
    })
}

fn parse_status(input: &CellInput, statuses: &[StatusDecl]) -> Result<Cell, String> {
    let codes: Vec<&str> = statuses.iter().map(|s| s.code.as_str()).collect();
    if codes.is_empty() {
        return Err(
            "a status, but the publication declares none: add `statuses:` to publication.yaml, or make the column `text`"
                .to_owned(),
        );
    }
    let expected = format!(
        "expected a status ({}), or a label holding one such as \"SẴN SÀNG ({})\"",
        codes.join(", "),
        codes.first().copied().unwrap_or("XANH")
    );
    let CellInput::Str(label) = input else {
        return Err(format!("{expected}, found {}", input.describe()));
    };
    let code =
        find_status_code(label, &codes).ok_or_else(|| format!("{expected}, found \"{label}\""))?;
    Ok(Cell::Status {
        code: code.to_owned(),
        label: label.clone(),
    })
}

/// The declared status code a label holds: the whole label, or the word in parentheses, or any
/// word of the label.
pub fn find_status_code<'a>(label: &str, codes: &[&'a str]) -> Option<&'a str> {
    let trimmed = label.trim();
    let inner = trimmed
        .rsplit_once('(')
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .map(str::trim);
    codes
        .iter()
        .find(|c| **c == trimmed || Some(**c) == inner)
        .or_else(|| {
            codes
                .iter()
                .find(|c| trimmed.split_whitespace().any(|w| w == **c))
        })
        .copied()
}

fn parse_date(input: &CellInput) -> Result<Cell, String> {
    match input {
        CellInput::Str(s) => vn::parse_date(s)
            .map(|date| Cell::Date { date })
            .ok_or_else(|| format!("expected a date such as \"30/7/2025\", found \"{s}\"")),
        other => Err(format!(
            "expected a date such as \"30/7/2025\", found {}",
            other.describe()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses() -> Vec<StatusDecl> {
        ["XANH", "VÀNG", "ĐỎ"]
            .iter()
            .map(|c| StatusDecl {
                code: c.to_string(),
                meaning: String::new(),
                color: "#000".into(),
            })
            .collect()
    }

    fn s(text: &str) -> CellInput {
        CellInput::Str(text.into())
    }

    #[test]
    fn status_labels_keep_their_wording() {
        let cell = parse(&s("SẴN SẴNG (XANH)"), ColumnType::Status, &statuses()).unwrap();
        assert_eq!(
            cell,
            Cell::Status {
                code: "XANH".into(),
                label: "SẴN SẴNG (XANH)".into()
            }
        );
        let slow = parse(&s("CHẬM (VÀNG)"), ColumnType::Status, &statuses()).unwrap();
        assert_eq!(slow.status(), Some("VÀNG"));
        assert!(parse(&s("TỐT"), ColumnType::Status, &statuses()).is_err());
    }

    #[test]
    fn ratios_with_and_without_share() {
        let cell = parse(&s("8/102 (7,8%)"), ColumnType::Ratio, &[]).unwrap();
        assert_eq!(cell.display(None), "8/102 (7,8%)");
        let plain = parse(&s("16/17"), ColumnType::Ratio, &[]).unwrap();
        assert_eq!(plain.display(None), "16/17");
        assert!(parse(&s("16-17"), ColumnType::Ratio, &[]).is_err());
    }

    #[test]
    fn percent_keeps_typed_decimals() {
        let cell = parse(&s("53,90%"), ColumnType::Percent, &[]).unwrap();
        assert_eq!(cell.display(None), "53,90%");
        assert!(parse(&s("62,6%%"), ColumnType::Percent, &[]).is_err());
        let missing = parse(&CellInput::Null, ColumnType::Percent, &[]).unwrap();
        assert_eq!(missing, Cell::Missing);
    }

    #[test]
    fn an_unquoted_dotted_integer_is_explained() {
        let err = parse(&CellInput::Float(3.321), ColumnType::Integer, &[]).unwrap_err();
        assert!(err.starts_with("expected a whole number"), "{err}");
        let ok = parse(&s("3.321"), ColumnType::Integer, &[]).unwrap();
        assert_eq!(
            ok,
            Cell::Integer {
                value: 3321,
                digits: 0
            }
        );
    }
}
