//! Vietnamese number and date formatting: 3.321, 62,6%, 09/8/2025, "ngày 9 tháng 8 năm 2025".

use chrono::{Datelike, NaiveDate};

/// Groups thousands with `.`: 3321 → "3.321", -1200 → "-1.200".
pub fn integer(value: i64) -> String {
    let mut out = String::new();
    if value < 0 {
        out.push('-');
    }
    push_grouped(&mut out, &value.unsigned_abs().to_string());
    out
}

/// Appends `digits` (ASCII digits) with `.` between groups of three.
fn push_grouped(out: &mut String, digits: &str) {
    out.reserve(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
}

/// `value` (not negative) with `decimals` decimals, rounded half up as people and spreadsheets
/// do (0,125 → 0,13; 2,5 → 3), from the shortest decimal form that reads back as `value`:
/// formatting the binary value directly rounds ties to even and 1,005 down.
fn round_half_up(value: f64, decimals: usize) -> String {
    let shortest = format!("{value}");
    let (whole, fraction) = shortest.split_once('.').unwrap_or((&shortest, ""));
    if fraction.len() <= decimals {
        return format!("{value:.decimals$}");
    }
    let mut digits: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes().take(decimals))
        .collect();
    if fraction.as_bytes()[decimals] >= b'5' {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - decimals;
    let (w, f) = digits.split_at(split);
    let (w, f) = (String::from_utf8_lossy(w), String::from_utf8_lossy(f));
    if decimals == 0 {
        w.into_owned()
    } else {
        format!("{w}.{f}")
    }
}

/// A decimal with `,` as the decimal mark and `.` grouping: (1234.5, 1) → "1.234,5".
pub fn decimal(value: f64, decimals: u8) -> String {
    let formatted = round_half_up(value.abs(), decimals as usize);
    let (whole, fraction) = formatted.split_once('.').unwrap_or((&formatted, ""));
    let negative = value < 0.0 && formatted.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()) {
        push_grouped(&mut out, whole);
    } else {
        out.push_str(&integer(whole.parse().unwrap_or(0)));
    }
    if !fraction.is_empty() {
        out.push(',');
        out.push_str(fraction);
    }
    out
}

/// The number of decimals needed to show `value` as Rust prints it shortest (62.6 → 1).
pub fn natural_decimals(value: f64) -> u8 {
    let text = format!("{value}");
    text.split_once('.')
        .map_or(0, |(_, f)| f.len().min(6) as u8)
}

/// A percentage: (62.6, 1) → "62,6%".
pub fn percent(value: f64, decimals: u8) -> String {
    format!("{}%", decimal(value, decimals))
}

/// Short date with the day padded: 09/8/2025.
pub fn date(d: NaiveDate) -> String {
    format!("{:02}/{}/{}", d.day(), d.month(), d.year())
}

/// Short date with day and month padded, as some captions print it: 09/08/2025.
pub fn date_padded(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// Long date: "ngày 9 tháng 8 năm 2025".
pub fn date_long(d: NaiveDate) -> String {
    format!("ngày {} tháng {} năm {}", d.day(), d.month(), d.year())
}

/// The date of a document's place-and-date line (Decree 30/2020/NĐ-CP): a day below 10 and the
/// months January and February take a leading zero, "ngày 05 tháng 01 năm 2025".
pub fn date_document(d: NaiveDate) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!("ngày {:02} tháng {month} năm {}", d.day(), d.year())
}

/// A release time as administrative documents write it: "17h30 ngày 09/8/2025".
pub fn date_time(t: chrono::NaiveDateTime) -> String {
    use chrono::Timelike;
    format!("{}h{:02} ngày {}", t.hour(), t.minute(), date(t.date()))
}

/// Month heading: "Tháng 8/2025".
pub fn month(year: i32, month: u32) -> String {
    format!("Tháng {month}/{year}")
}

/// Day-of-week names, Monday first, as on a Vietnamese calendar.
pub const WEEKDAYS: [&str; 7] = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"];

/// Parses Vietnamese-formatted numbers: "3.321" → 3321.0, "62,6" → 62.6, "1.234,5" → 1234.5.
/// Returns the value and the decimals typed. Grouping dots must group by three.
pub fn parse_number(text: &str) -> Option<(f64, u8)> {
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    let (negative, t) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (whole, fraction) = match t.split_once(',') {
        Some((w, f)) => (w, Some(f)),
        None => (t, None),
    };
    let groups: Vec<&str> = whole.split('.').collect();
    // "0.500" or "0.001" is no grouped number: a decimal written with an English point.
    let grouped_ok = groups.len() == 1
        || (!groups[0].is_empty()
            && groups[0].len() <= 3
            && !groups[0].starts_with('0')
            && groups[1..].iter().all(|g| g.len() == 3));
    if !grouped_ok || !groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let digits: String = groups.concat();
    if digits.is_empty() {
        return None;
    }
    let fraction = fraction.unwrap_or("");
    if !fraction.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let value: f64 = format!(
        "{digits}.{}",
        if fraction.is_empty() { "0" } else { fraction }
    )
    .parse()
    .ok()?;
    Some((if negative { -value } else { value }, fraction.len() as u8))
}

/// Parses "30/7/2025" or "2025-07-30".
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = text.trim();
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d/%m/%Y"))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_round_half_up_as_people_do() {
        assert_eq!(decimal(0.125, 2), "0,13");
        assert_eq!(decimal(2.5, 0), "3");
        assert_eq!(decimal(1.005, 2), "1,01");
        assert_eq!(decimal(9.995, 2), "10,00");
        assert_eq!(decimal(-2.5, 0), "-3");
        assert_eq!(decimal(62.6, 1), "62,6");
        assert_eq!(decimal(0.1 + 0.2, 2), "0,30");
        assert_eq!(decimal(1234567.0, 2), "1.234.567,00");
    }

    #[test]
    fn a_leading_zero_group_is_no_grouped_number() {
        assert_eq!(parse_number("0.500"), None);
        assert_eq!(parse_number("0.001"), None);
        assert_eq!(parse_number("1.500"), Some((1500.0, 0)));
        assert_eq!(parse_number("0,5"), Some((0.5, 1)));
    }

    #[test]
    fn integers_group_by_three_with_dots() {
        assert_eq!(integer(3321), "3.321");
        assert_eq!(integer(93205), "93.205");
        assert_eq!(integer(928901), "928.901");
        assert_eq!(integer(17), "17");
        assert_eq!(integer(-1200), "-1.200");
        assert_eq!(integer(0), "0");
    }

    #[test]
    fn decimals_use_a_comma() {
        assert_eq!(decimal(62.6, 1), "62,6");
        assert_eq!(percent(73.54, 2), "73,54%");
        assert_eq!(percent(53.9, 2), "53,90%");
        assert_eq!(decimal(1234.5, 1), "1.234,5");
        assert_eq!(decimal(-0.98, 2), "-0,98");
        assert_eq!(decimal(100.0, 0), "100");
    }

    #[test]
    fn dates_follow_vietnamese_usage() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 9).unwrap();
        assert_eq!(date(d), "09/8/2025");
        assert_eq!(date_padded(d), "09/08/2025");
        assert_eq!(date_long(d), "ngày 9 tháng 8 năm 2025");
    }

    #[test]
    fn parses_vietnamese_numbers() {
        assert_eq!(parse_number("3.321"), Some((3321.0, 0)));
        assert_eq!(parse_number("62,6"), Some((62.6, 1)));
        assert_eq!(parse_number("53,90"), Some((53.9, 2)));
        assert_eq!(parse_number("-0,98"), Some((-0.98, 2)));
        assert_eq!(parse_number("1.234,5"), Some((1234.5, 1)));
        assert_eq!(parse_number("3.32"), None);
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn parses_both_date_forms() {
        let d = NaiveDate::from_ymd_opt(2025, 7, 30).unwrap();
        assert_eq!(parse_date("30/7/2025"), Some(d));
        assert_eq!(parse_date("2025-07-30"), Some(d));
        assert_eq!(parse_date("31/2/2025"), None);
    }
}
