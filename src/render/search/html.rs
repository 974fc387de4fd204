//! A small HTML tokenizer for pages daybrief itself rendered: tags, attributes and text with
//! entities decoded. Enough for well-formed template output; not a general HTML parser.

use std::borrow::Cow;

/// A piece of the page, borrowed from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Token<'a> {
    /// Text between tags, as written: [`decode_entities`] reads it.
    Text(&'a str),
    /// An opening tag.
    Open(Tag<'a>),
    /// A closing tag, by lower-case name.
    Close(Cow<'a, str>),
}

/// An opening tag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tag<'a> {
    /// Lower-case name.
    pub name: Cow<'a, str>,
    /// The raw attribute text.
    attrs: &'a str,
    /// Written as `<x … />`.
    pub self_closing: bool,
}

impl<'a> Tag<'a> {
    /// Each attribute as written: its name and its value before decoding ("" for one written
    /// without a value), in order.
    pub fn attrs(&self) -> impl Iterator<Item = (&'a str, &'a str)> {
        let mut rest = self.attrs;
        std::iter::from_fn(move || {
            rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
            if rest.is_empty() {
                return None;
            }
            let name_end = rest
                .find(|c: char| c.is_whitespace() || c == '=' || c == '/')
                .unwrap_or(rest.len());
            let name = &rest[..name_end];
            rest = rest[name_end..].trim_start();
            let value = match rest.strip_prefix('=') {
                Some(after) => {
                    let after = after.trim_start();
                    let (value, next) = match after.chars().next() {
                        Some(q @ ('"' | '\'')) => {
                            let end = after[1..].find(q).map_or(after.len(), |i| i + 1);
                            (&after[1..end], after.get(end + 1..).unwrap_or(""))
                        }
                        _ => {
                            let end = after.find(char::is_whitespace).unwrap_or(after.len());
                            (&after[..end], &after[end..])
                        }
                    };
                    rest = next;
                    value
                }
                None => "",
            };
            Some((name, value))
        })
    }
}

/// Splits a page into tokens. Comments, doctypes and the content of `<script>` and `<style>` are
/// dropped.
pub fn tokens(html: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            out.push(Token::Text(rest));
            break;
        };
        if lt > 0 {
            out.push(Token::Text(&rest[..lt]));
        }
        rest = &rest[lt..];
        if let Some(after) = rest.strip_prefix("<!--") {
            rest = after.find("-->").map_or("", |i| &after[i + 3..]);
        } else if rest.starts_with("<!") || rest.starts_with("<?") {
            rest = rest.find('>').map_or("", |i| &rest[i + 1..]);
        } else if let Some(after) = rest.strip_prefix("</") {
            let end = after.find('>').unwrap_or(after.len());
            out.push(Token::Close(lower_case(after[..end].trim())));
            rest = after.get(end + 1..).unwrap_or("");
        } else if rest[1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            let end = tag_end(rest);
            let inner = &rest[1..end];
            let name_end = inner
                .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
                .unwrap_or(inner.len());
            let name = lower_case(&inner[..name_end]);
            let self_closing = inner.ends_with('/');
            rest = rest.get(end + 1..).unwrap_or("");
            if name == "script" || name == "style" {
                // Raw text: skip to the closing tag without reading it as markup.
                let close = format!("</{name}");
                let at = rest.to_ascii_lowercase().find(&close).unwrap_or(rest.len());
                rest = &rest[at..];
            }
            out.push(Token::Open(Tag {
                name,
                attrs: &inner[name_end..],
                self_closing,
            }));
        } else {
            out.push(Token::Text("<"));
            rest = &rest[1..];
        }
    }
    out
}

/// A tag name in lower case, copied only when it has capitals.
fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// The index of the `>` that ends the tag starting at `text[0]`, skipping quoted values.
fn tag_end(text: &str) -> usize {
    let mut quote = None;
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), _) if c == q => quote = None,
            (None, '>') => return i,
            _ => {}
        }
    }
    text.len()
}

/// Decodes the entities that template escaping and the Markdown sanitiser write.
pub fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest
            .find(';')
            .filter(|&semi| semi <= 10)
            .and_then(|semi| entity(&rest[1..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    let code = if let Some(hex) = name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
        u32::from_str_radix(hex, 16).ok()
    } else if let Some(dec) = name.strip_prefix('#') {
        dec.parse().ok()
    } else {
        match name {
            "amp" => Some(38),
            "lt" => Some(60),
            "gt" => Some(62),
            "quot" => Some(34),
            "apos" => Some(39),
            "nbsp" => Some(160),
            _ => None,
        }
    };
    code.and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The decoded value of the first attribute named `wanted`; `Some("")` for one written
    /// without a value.
    fn attr<'a>(tag: &Tag<'a>, wanted: &str) -> Option<Cow<'a, str>> {
        tag.attrs()
            .find(|(name, _)| name.eq_ignore_ascii_case(wanted))
            .map(|(_, value)| decode_entities(value))
    }

    #[test]
    fn reads_tags_attributes_and_text() {
        let toks = tokens(
            r#"<!DOCTYPE html><!-- x --><p class="a" id='b>c' hidden>Tôi &amp; &#x27;bạn&#39;</P><br/>"#,
        );
        let Token::Open(p) = &toks[0] else {
            panic!("{toks:?}")
        };
        assert_eq!(p.name, "p");
        assert_eq!(attr(p, "id").as_deref(), Some("b>c"));
        assert_eq!(attr(p, "hidden").as_deref(), Some(""));
        assert_eq!(attr(p, "class").as_deref(), Some("a"));
        assert_eq!(attr(p, "lang"), None);
        assert_eq!(toks[1], Token::Text("Tôi &amp; &#x27;bạn&#39;"));
        assert_eq!(decode_entities("Tôi &amp; &#x27;bạn&#39;"), "Tôi & 'bạn'");
        assert_eq!(toks[2], Token::Close("p".into()));
        let Token::Open(br) = &toks[3] else {
            panic!("{toks:?}")
        };
        assert!(br.self_closing);
        assert_eq!(toks.len(), 4);
    }

    #[test]
    fn skips_script_content_and_keeps_stray_ampersands() {
        let toks = tokens("<script>if (a < b) {}</script>a & b &unknown; 1 < 2");
        assert_eq!(
            toks[1..],
            [
                Token::Close("script".into()),
                Token::Text("a & b &unknown; 1 "),
                Token::Text("<"),
                Token::Text(" 2"),
            ]
        );
    }
}
