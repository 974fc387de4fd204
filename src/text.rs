//! Text helpers for Vietnamese: NFC normalisation and diacritic folding for slugs.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Removes diacritics and lower-cases: "Đắk Lắk" → "dak lak".
pub fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' | 'Đ' => 'd',
            other => other,
        })
        .collect::<String>()
        .to_lowercase()
}

/// An ascii slug for ids and class names: "VÀNG" → "vang", "Phụ lục 8" → "phu-luc-8". A name
/// with no Latin letter or digit gets its characters' code points ("中文" → "u4e2d-u6587"),
/// so it still has an address of its own.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-');
    if !out.is_empty() {
        return out.to_owned();
    }
    let points: Vec<String> = text
        .nfc()
        .filter(|c| c.is_alphanumeric())
        .map(|c| format!("u{:x}", u32::from(c)))
        .collect();
    points.join("-")
}

/// Characters that print as nothing (zero-width space and joiners, bidi controls, word
/// joiner, BOM, soft hyphen): they make two names that look the same differ.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}'
        | '\u{FEFF}')
}

/// `text` with each invisible character written out (`Cà<U+200D>Mau`), for messages: a name
/// that fails to match because of one must show why.
pub fn show_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_invisible) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_invisible(c) {
            out.push_str(&format!("<U+{:04X}>", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Whether `text` is what `split_whitespace` and `join(" ")` would make of it: no whitespace
/// but single spaces between words.
pub fn singly_spaced(text: &str) -> bool {
    !text.starts_with(' ')
        && !text.ends_with(' ')
        && !text.contains("  ")
        && !text.contains(|c: char| c.is_whitespace() && c != ' ')
}

/// Plain text of an HTML fragment (for CSV): tags dropped, common entities decoded, every run
/// of whitespace (a tag counts as one) a single space, none at either end. One pass: it runs on
/// every cell of every table.
pub fn strip_tags(html: &str) -> String {
    // Most cells are plain, singly spaced text, which this returns unchanged.
    if !html.contains(['<', '&']) && singly_spaced(html) {
        return html.to_owned();
    }
    const ENTITIES: [(&str, char); 6] = [
        ("&nbsp;", ' '),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&quot;", '"'),
        ("&#39;", '\''),
        ("&amp;", '&'),
    ];
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut space = false;
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        let mut step = c.len_utf8();
        let c = match c {
            '<' => {
                in_tag = true;
                None
            }
            '>' if in_tag => {
                in_tag = false;
                space = true;
                None
            }
            _ if in_tag => None,
            '&' => match ENTITIES.iter().find(|(name, _)| rest.starts_with(name)) {
                Some((name, decoded)) => {
                    step = name.len();
                    Some(*decoded)
                }
                None => Some('&'),
            },
            c => Some(c),
        };
        rest = &rest[step..];
        match c {
            Some(c) if c.is_whitespace() => space = true,
            Some(c) => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.push(c);
            }
            None => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_without_latin_letters_get_code_points() {
        assert_eq!(slug("中文"), "u4e2d-u6587");
        assert_eq!(slug("Cà Mau"), slug("Ca Mau"));
        assert_eq!(slug("—"), "");
    }

    #[test]
    fn invisible_characters_are_written_out() {
        assert_eq!(
            show_invisible("Cà\u{200D}Mau\u{FEFF}"),
            "Cà<U+200D>Mau<U+FEFF>"
        );
        assert_eq!(show_invisible("Cà Mau"), "Cà Mau");
    }

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Đắk Lắk"), "dak lak");
        assert_eq!(slug("VÀNG"), "vang");
        assert_eq!(slug("ĐỎ"), "do");
        assert_eq!(slug("Phụ lục 8"), "phu-luc-8");
    }

    #[test]
    fn strips_paragraph_tags() {
        assert_eq!(strip_tags("<p>Một</p> <p>Hai &amp; ba</p>"), "Một Hai & ba");
        assert_eq!(
            strip_tags("a<b>b</b>c &amp;lt; &lt;i&gt;\u{a0}&nbsp;d "),
            "a b c &lt; <i> d"
        );
        assert_eq!(strip_tags(" &am<br>p; <x &amp;> &"), "&am p; &");
    }
}
