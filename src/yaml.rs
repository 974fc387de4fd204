//! YAML decoding with limits, and turning parser errors into diagnostics.

use std::path::Path;

use serde::de::DeserializeOwned;
use serde_saphyr::{Budget, Options};

use crate::error::Diagnostic;
use crate::suggest::did_you_mean;

/// A content file over the size limit.
pub fn too_large(path: &Path, size: u64, max_bytes: usize) -> Diagnostic {
    Diagnostic::error(
        path,
        0,
        0,
        format!("file is too large: {size} bytes, the limit is {max_bytes} bytes"),
    )
    .expected("a day file under 1 MiB")
    .hint("split long tables out, or check that this is the right file")
}

/// A content file that is not a regular file (a pipe, a device, a folder named `.yaml`).
pub fn not_a_file(path: &Path, kind: &str) -> Diagnostic {
    Diagnostic::error(path, 0, 0, format!("this is {kind}, not a file"))
        .expected("a YAML text file")
        .hint("replace it with the file itself; daybrief never reads from pipes or devices")
}

/// Checks size and encoding and removes a UTF-8 byte-order mark (Windows editors add one).
pub fn decode_text(path: &Path, bytes: &[u8], max_bytes: usize) -> Result<String, Box<Diagnostic>> {
    if bytes.len() > max_bytes {
        return Err(Box::new(too_large(path, bytes.len() as u64, max_bytes)));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => single_line_ends(text),
        Err(e) => {
            let valid = &bytes[..e.valid_up_to()];
            let valid = single_line_ends(std::str::from_utf8(valid).unwrap_or_default());
            let line = valid.matches('\n').count() + 1;
            let column = valid.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            return Err(Box::new(
                Diagnostic::error(path, line, column, "the file is not valid UTF-8")
                    .expected("UTF-8 text")
                    .hint("save the file as UTF-8 (in Notepad: Save As → Encoding: UTF-8)"),
            ));
        }
    };
    if text.trim().is_empty() {
        return Err(Box::new(
            Diagnostic::error(path, 0, 0, "the file is empty")
                .expected("a YAML mapping")
                .hint("start from yesterday's file with `daybrief new DATE`"),
        ));
    }
    if let Some((line, column, found)) = forbidden_character(&text) {
        return Err(Box::new(
            Diagnostic::error(path, line, column, format!("the text holds {found}"))
                .expected(
                    "printable text: tabs and line breaks are the only control characters allowed",
                )
                .hint("it usually comes with text copied out of another system: delete it")
                .with_source(&text),
        ));
    }
    Ok(text)
}

/// The text of bytes that [`decode_text`] accepted before (a day file whose bytes did not
/// change): the same text, without checking it again; `None` if they are not UTF-8 after all.
pub fn decode_checked_text(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).ok().map(single_line_ends)
}

/// Whether `c` may never reach a page, a feed, a chart or a CSV file: control characters other
/// than tab and line ends, Unicode non-characters, a byte-order mark inside the text, and the
/// bidirectional embeddings, overrides and isolates (they can show "6610" as "0166" while the
/// checks read 6610).
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r') && (c as u32) < 0xA0)
        || matches!(c as u32, 0xFDD0..=0xFDEF | 0x202A..=0x202E | 0x2066..=0x2069 | 0xFEFF)
        || (c as u32) & 0xFFFE == 0xFFFE
}

/// The first forbidden character of a YAML text, typed as is or as an escape inside a
/// double-quoted string (`"\e"`, `"\x1b"`, `"\uFFFF"`, on any line of a string that spans
/// several), with its line and column. Block scalars (`|`, `>`) and single-quoted strings have
/// no escapes, and comments are skipped.
fn forbidden_character(text: &str) -> Option<(usize, usize, String)> {
    // Only a forbidden character or an escape can be found: most files hold neither.
    if !text.contains('\\') && !text.chars().any(is_forbidden) {
        return None;
    }
    let mut quote: Option<char> = None;
    // The indentation of the line that opened a block scalar: deeper lines are its text.
    let mut block: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars.iter().take_while(|c| **c == ' ').count();
        if let Some(parent) = block {
            if indent > parent || indent == chars.len() {
                if let Some(i) = chars.iter().position(|c| is_forbidden(*c)) {
                    return Some((index + 1, i + 1, character(chars[i])));
                }
                continue;
            }
            block = None;
        }
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if is_forbidden(c) {
                return Some((index + 1, i + 1, character(c)));
            }
            let starts_value = i == 0 || matches!(chars[i - 1], ' ' | '[' | '{' | ',' | ':');
            match (quote, c) {
                (None, '#') if i == 0 || chars[i - 1] == ' ' => break,
                (None, '"' | '\'') if starts_value => quote = Some(c),
                (None, '|' | '>') if starts_value && opens_block(&chars[i + 1..]) => {
                    block = Some(indent);
                    break;
                }
                (Some('"'), '"') => quote = None,
                (Some('\''), '\'') if chars.get(i + 1) == Some(&'\'') => i += 1,
                (Some('\''), '\'') => quote = None,
                (Some('"'), '\\') => {
                    if let Some(code) = escaped(&chars[i + 1..])
                        && char::from_u32(code).is_none_or(is_forbidden)
                    {
                        return Some((index + 1, i + 1, format!("the escape for U+{code:04X}")));
                    }
                    i += 1;
                }
                _ => {}
            }
            i += 1;
        }
    }
    None
}

fn character(c: char) -> String {
    format!("the character U+{:04X}", c as u32)
}

/// Whether what follows `|` or `>` makes it a block scalar's indicator: only indentation and
/// chomping marks (`|-`, `>+2`), then nothing or a comment.
fn opens_block(after: &[char]) -> bool {
    let rest: String = after.iter().collect();
    let rest = rest.trim_start_matches(|c: char| c == '-' || c == '+' || c.is_ascii_digit());
    rest.trim().is_empty() || rest.starts_with(" #")
}

/// The character a YAML escape stands for, from the characters after its backslash.
fn escaped(after: &[char]) -> Option<u32> {
    let hex = |n: usize| {
        let digits: String = after.get(1..=n)?.iter().collect();
        u32::from_str_radix(&digits, 16).ok()
    };
    match after.first()? {
        '0' => Some(0),
        'a' => Some(7),
        'b' => Some(8),
        'e' => Some(0x1B),
        'f' => Some(0x0C),
        'v' => Some(0x0B),
        'x' => hex(2),
        'u' => hex(4),
        'U' => hex(8),
        _ => None,
    }
}

/// CRLF and a lone CR become LF. YAML counts a lone CR as a line break, `str::lines` does not:
/// with one kind of line end, the line a diagnostic names is the line it shows.
fn single_line_ends(text: &str) -> String {
    if text.contains('\r') {
        text.replace("\r\n", "\n").replace('\r', "\n")
    } else {
        text.to_owned()
    }
}

fn options() -> Options {
    let mut budget = Budget::default();
    budget.max_depth = 32;
    budget.max_aliases = 1_000;
    budget.max_nodes = 200_000;
    let mut options = Options::default();
    options.budget = Some(budget);
    options.alias_limits = serde_saphyr::alias_limits! {
        max_total_replayed_events: 100_000,
        max_alias_expansions_per_anchor: 100,
    };
    options.with_snippet = false;
    // `.nan`, `.inf` and `1e309` in a table cell reach the cell's own check, which speaks of the
    // cell and its column (see cell.rs); nowhere else takes a number as any type.
    options.non_finite_float_policy = serde_saphyr::options::NonFiniteFloatPolicy::PassThrough;
    options
}

/// Parses YAML into `T`, reporting the first problem with its line and column.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, Box<Diagnostic>> {
    serde_saphyr::from_str_with_options::<T>(text, options())
        .map_err(|e| Box::new(to_diagnostic(path, text, &e)))
}

fn to_diagnostic(path: &Path, text: &str, error: &serde_saphyr::Error) -> Diagnostic {
    let (line, column) = error
        .location()
        .map(|l| (l.line() as usize, l.column() as usize))
        .unwrap_or((0, 0));
    let raw = error.without_snippet().to_string();
    let message = strip_location(&raw);
    let diagnostic = Diagnostic::error(path, line, column, message.clone());
    explain(diagnostic, &message, text, line).with_source(text)
}

/// serde-saphyr appends " at line L column C"; we show the place ourselves.
fn strip_location(raw: &str) -> String {
    let first = raw.lines().next().unwrap_or(raw).trim();
    // Errors inside an alias name both places; the marker shows where it is used.
    let first = first.split(" (defined at line").next().unwrap_or(first);
    match first.rfind(" at line ") {
        Some(i) => first[..i].trim_end_matches(',').to_owned(),
        None => first.to_owned(),
    }
}

/// For serde's "invalid u16" and the like (a negative or too large number where a count is
/// expected), what is allowed, in words.
fn whole_number_range(message: &str) -> Option<&'static str> {
    let kind = message.strip_prefix("invalid ").unwrap_or(message);
    Some(match kind.split_whitespace().next()? {
        "u8" => "a whole number from 0 to 255",
        "u16" => "a whole number from 0 to 65.535",
        "u32" => "a whole number from 0 to 4.294.967.295",
        "u64" | "usize" => "a whole number, 0 or more",
        _ => return None,
    })
}

/// Adds what was expected and a hint for the common mistakes.
fn explain(mut d: Diagnostic, message: &str, text: &str, line: usize) -> Diagnostic {
    if let Some(limit) = limits(message) {
        return limit(d);
    }
    if let Some((field, expected)) = parse_unknown_field(message) {
        let candidates: Vec<&str> = expected.iter().map(String::as_str).collect();
        d.message = format!("unknown field `{field}`");
        d.expected = format!("one of: {}", expected.join(", "));
        if let Some(best) = did_you_mean(&field, &candidates) {
            d.hint = Some(format!("did you mean `{best}`?"));
        }
        return d;
    }
    if let Some(field) = between(message, "missing field `", "`") {
        d.message = format!("missing required field `{field}`");
        d.expected = format!("a `{field}:` entry in this mapping");
        // The parser reports the end of the mapping; for a top-level key the file's start is
        // where staff will look.
        let reported = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
        if !reported.starts_with(' ') && !reported.starts_with('-') {
            d.line = 1;
            d.column = 1;
            d.expected = format!("a top-level `{field}:` entry");
        }
        return d;
    }
    let source_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    if source_line.starts_with('\t') || source_line.contains(":\t") {
        d.expected = "spaces for indentation".into();
        d.hint = Some("YAML does not allow tabs for indentation: replace them with spaces".into());
        return d;
    }
    if message.contains("cannot deserialize null") {
        d.message = "a value is required here, but it is empty (~)".into();
        d.expected = "a value".into();
        d.hint = Some("write the value, or remove the key if it is optional".into());
        return d;
    }
    if message.contains("double-quoted scalar") || message.contains("single-quoted scalar") {
        d.expected = "a string closed on the line where it opens".into();
        d.hint = Some("check the quotes on this line and the lines above: a string opened with \" must be closed with \"".into());
        return d;
    }
    if let Some(what) = message.strip_prefix("expected ") {
        d.message = format!("wrong type of value: expected {what}");
        d.expected = match what {
            "string scalar" => "text, e.g. \"20-BCHN/CQTTBCĐ\", not a list or mapping".into(),
            "sequence start" => "a list: [a, b], or one `- item` per line".into(),
            "mapping start" => "a mapping: `key: value` entries".into(),
            other => other.to_owned(),
        };
        return d;
    }
    if let Some(key) = between(message, "duplicate mapping key: ", ",") {
        d.message = format!("the key `{key}` is written twice in this mapping");
        d.expected = "each key once".into();
        d.hint = Some("remove one of the two: the second would silently replace the first".into());
        return d;
    }
    if message.contains("did not find expected key")
        || message.contains("mapping values are not allowed")
    {
        d.expected = "keys of one mapping starting in the same column".into();
        d.hint = Some("check the indentation of this line against the lines above".into());
        return d;
    }
    if message.starts_with("a row mapping takes") {
        d.expected =
            "{ group: … }, { span: […], rows: [[…]] } or { missing_rows: [from, to] }".into();
        return d;
    }
    if let Some(range) = whole_number_range(message) {
        d.message = "this number is not allowed here".into();
        d.expected = range.into();
        return d;
    }
    if message.contains("invalid type") {
        d.expected =
            between(message, "expected ", "").unwrap_or_else(|| "a value of another type".into());
    } else {
        d.expected = "valid YAML".into();
    }
    d
}

/// The limits that protect the build from hostile files (see `options`), explained.
fn limits(message: &str) -> Option<fn(Diagnostic) -> Diagnostic> {
    let lower = message.to_lowercase();
    let breached = lower.contains("budget") || (lower.contains("alias") && lower.contains("limit"));
    if !breached {
        return None;
    }
    if message.contains("Depth") {
        return Some(|mut d| {
            d.message = "the YAML is nested too deeply".into();
            d.expected = "at most 32 levels of nested lists and mappings".into();
            d.hint =
                Some("a day file needs only a few levels: check the brackets on this line".into());
            d
        });
    }
    if lower.contains("alias") {
        return Some(|mut d| {
            d.message =
                "too many YAML aliases (`*name`): the file would expand beyond the limits".into();
            d.expected = "at most 1.000 aliases, each anchor used at most 100 times".into();
            d.hint = Some(
                "write the values out instead of using anchors (&name) and aliases (*name)".into(),
            );
            // The parser stops at the end of the file: the file as a whole is the problem.
            d.line = 0;
            d.column = 0;
            d
        });
    }
    Some(|mut d| {
        d.expected = "a file within the reader's limits (200.000 values)".into();
        d.hint = Some("check that this is the right file; split very long tables".into());
        d
    })
}

fn parse_unknown_field(message: &str) -> Option<(String, Vec<String>)> {
    let field = between(message, "unknown field `", "`")?;
    let expected = match message.split_once("expected ") {
        Some((_, rest)) => rest
            .trim_start_matches("one of ")
            .split(", ")
            .map(|s| s.trim().trim_matches('`').to_owned())
            .filter(|s| !s.is_empty())
            .collect(),
        None => Vec::new(),
    };
    Some((field, expected))
}

fn between(text: &str, start: &str, end: &str) -> Option<String> {
    let from = text.find(start)? + start.len();
    let rest = &text[from..];
    if end.is_empty() {
        return Some(rest.trim().to_owned());
    }
    let to = rest.find(end)?;
    Some(rest[..to].to_owned())
}

#[cfg(test)]
mod tests {
    use super::forbidden_character;

    #[test]
    fn escapes_are_found_on_every_line_of_a_double_quoted_string() {
        let text = "title: \"Về tình hình\n  thử \\e[31m nghiệm\"\n";
        assert_eq!(
            forbidden_character(text),
            Some((2, 7, "the escape for U+001B".into()))
        );
        let text = "a: \"x\"\nb: 'it''s \\e'\nc: |\n  C:\\e\\x00 \"\\e\"\nd: \"\\u00e9\"\n# \\e\n";
        assert_eq!(forbidden_character(text), None);
        let text = "c: >-\n  text\n\n  \u{7}\n";
        assert_eq!(
            forbidden_character(text),
            Some((4, 3, "the character U+0007".into()))
        );
    }
}
