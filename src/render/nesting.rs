//! A guard before the HTML sanitiser: its parser checks the open elements on every tag, so
//! elements nested thousands deep cost time quadratic in the depth (50,000 nested `<div>`s: 14
//! s). Text nested deeper than any document needs is refused (narrative) or shown as text
//! (cells, slides), found by one linear scan.

use std::borrow::Cow;

/// The deepest nesting of elements a text may produce; a report needs a handful.
pub const MAX_DEPTH: usize = 100;

/// Elements that never hold others, so never nest.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Whether elements in `html` nest deeper than [`MAX_DEPTH`].
pub fn too_deep(html: &str) -> bool {
    let bytes = html.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while let Some(found) = bytes[i..].iter().position(|b| *b == b'<') {
        i += found + 1;
        let closing = bytes.get(i) == Some(&b'/');
        let name_start = i + usize::from(closing);
        let name_len = bytes[name_start..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if name_len == 0 {
            continue;
        }
        let name = html[name_start..name_start + name_len].to_ascii_lowercase();
        let end = bytes[name_start..]
            .iter()
            .position(|b| *b == b'>')
            .map_or(bytes.len(), |p| name_start + p);
        let self_closing = end > 0 && bytes.get(end - 1) == Some(&b'/');
        if closing {
            depth = depth.saturating_sub(1);
        } else if !self_closing && !VOID.contains(&name.as_str()) {
            depth += 1;
            if depth > MAX_DEPTH {
                return true;
            }
        }
        i = end.min(bytes.len());
    }
    false
}

/// `html` as it is, or with every `<` escaped when it nests too deeply: then it is shown as
/// text, and the sanitiser has nothing to nest.
pub fn shallow(html: &str) -> Cow<'_, str> {
    if too_deep(html) {
        Cow::Owned(html.replace('<', "&lt;"))
    } else {
        Cow::Borrowed(html)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_open_elements_only() {
        let nested = |n: usize| format!("{}x{}", "<div>".repeat(n), "</div>".repeat(n));
        assert!(!too_deep(&nested(MAX_DEPTH)));
        assert!(too_deep(&nested(MAX_DEPTH + 1)));
        assert!(!too_deep(&"<p>a<br>b<img src=x/></p>".repeat(500)));
        assert!(!too_deep(&"<br/>".repeat(500)));
        assert!(!too_deep("a < b and <3"));
        assert_eq!(shallow("<p>x</p>"), "<p>x</p>");
        assert!(!shallow(&nested(50_000)).contains('<'));
    }
}
