//! A spreadsheet number as the sheet shows it, written the Vietnamese way: 0,626 formatted
//! `0.0%` is "62,6%", 0,8 formatted `0.00` is "0,80", 3321 is "3321".

use crate::vn;

/// What a number format asks for: decimals shown (at least, at most) and a percent sign.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Shape {
    min_decimals: u8,
    max_decimals: u8,
    percent: bool,
    grouped: bool,
}

/// The text a cell holding `value` with format `format` shows (`None`: General).
pub fn number_text(value: f64, format: Option<&str>) -> String {
    // Beyond 15 digits no cell holds a number exactly: shown as is, the column refuses it.
    if !value.is_finite() || value.abs() >= 1e15 {
        return format!("{value:e}");
    }
    let Some(shape) = format.and_then(shape_of) else {
        return general(value);
    };
    let shown = if shape.percent { value * 100.0 } else { value };
    let mut text = vn::decimal(shown, shape.max_decimals);
    if !shape.grouped {
        text = text.replace('.', "");
    }
    // Optional digits (`#`) after the required ones are left out when they are zeros.
    if shape.max_decimals > shape.min_decimals && text.contains(',') {
        let keep = text
            .find(',')
            .map_or(0, |comma| comma + 1 + shape.min_decimals as usize);
        while text.len() > keep && text.ends_with('0') {
            text.pop();
        }
        if text.ends_with(',') {
            text.pop();
        }
    }
    if shape.percent {
        text.push('%');
    }
    text
}

/// General: as many digits as needed, at most ten significant ones as Excel shows them, so
/// the binary noise of 0,1 + 0,2 never shows.
fn general(value: f64) -> String {
    let rounded: f64 = format!("{value:.9e}").parse().unwrap_or(value);
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        return format!("{}", rounded as i64);
    }
    vn::decimal(rounded, vn::natural_decimals(rounded)).replace('.', "")
}

/// The shape of a format code's first section; `None` when it shows no digits (`@`, General).
fn shape_of(code: &str) -> Option<Shape> {
    let mut plain = String::new();
    let mut chars = code.chars();
    let mut in_quotes = false;
    let mut in_brackets = false;
    while let Some(c) = chars.next() {
        match c {
            '"' => in_quotes = !in_quotes,
            _ if in_quotes => {}
            '[' => in_brackets = true,
            ']' => in_brackets = false,
            _ if in_brackets => {}
            '\\' | '_' | '*' => {
                chars.next();
            }
            ';' => break,
            other => plain.push(other),
        }
    }
    if !plain.contains(['0', '#', '?']) {
        return None;
    }
    let decimals = plain.split_once('.').map_or("", |(_, after)| after);
    let placeholders: String = decimals
        .chars()
        .take_while(|c| matches!(c, '0' | '#' | '?'))
        .collect();
    let min = placeholders.chars().filter(|c| *c == '0').count();
    Some(Shape {
        min_decimals: min.min(15) as u8,
        max_decimals: placeholders.len().min(15) as u8,
        percent: plain.contains('%'),
        grouped: plain.contains(','),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_show_what_the_sheet_shows() {
        assert_eq!(number_text(0.626, Some("0.0%")), "62,6%");
        assert_eq!(number_text(0.7354, Some("0.00%")), "73,54%");
        assert_eq!(number_text(1.0, Some("0%")), "100%");
        assert_eq!(number_text(0.8, Some("0.00")), "0,80");
        assert_eq!(number_text(3321.0, Some("#,##0")), "3.321");
        assert_eq!(number_text(1234.5, Some("0.00")), "1234,50");
        assert_eq!(number_text(62.6, Some("0.##")), "62,6");
        assert_eq!(number_text(-1.09, Some("0.00;[Red]-0.00")), "-1,09");
        assert_eq!(number_text(12.5, Some("\"x\"0.0")), "12,5");
        assert_eq!(number_text(12.5, Some("@")), "12,5");
    }

    #[test]
    fn general_shows_the_shortest_form() {
        assert_eq!(number_text(56.0, None), "56");
        assert_eq!(number_text(10.71, None), "10,71");
        assert_eq!(number_text(0.1 + 0.2, None), "0,3");
        assert_eq!(number_text(-1.09, None), "-1,09");
        assert_eq!(number_text(1234.5, None), "1234,5");
        assert_eq!(number_text(1e300, Some("0.00")), "1e300");
        assert_eq!(number_text(-2.5e15, None), "-2.5e15");
    }
}
