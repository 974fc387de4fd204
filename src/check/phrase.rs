//! Phrases with number slots, for rules that tie a figure typed in the text to a value:
//! "hiện mới có {x}/{} xã, phường" finds "hiện mới có **2.080/3.321** xã, phường" and reads 2.080.
//! Bold markers, backslashes and line breaks in the text are ignored; letters match regardless of
//! case. No regular expressions: staff can read and write these.

use crate::vn;

/// A parsed phrase.
#[derive(Debug, Clone, PartialEq)]
pub struct Phrase {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq)]
enum Piece {
    /// Text to match letter by letter, and in lower case for the quick first look.
    Text {
        chars: Vec<char>,
        lower: String,
    },
    Number {
        checked: bool,
    },
}

/// A figure found in a text.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// As typed: "2.080".
    pub typed: String,
    /// Its value.
    pub value: f64,
    /// Decimals typed.
    pub decimals: u8,
    /// Byte offset of the figure in the text searched.
    pub offset: usize,
}

impl Piece {
    fn text(chars: Vec<char>) -> Piece {
        let lower = lower(&chars);
        Piece::Text { chars, lower }
    }
}

impl Phrase {
    /// Parses a phrase; it must hold exactly one `{x}`, and `{}` for other numbers.
    pub fn parse(pattern: &str) -> Result<Phrase, String> {
        let mut pieces = Vec::new();
        let mut text = Vec::new();
        let mut rest = pattern;
        let mut checked = 0;
        while !rest.is_empty() {
            let slot = if rest.starts_with("{x}") {
                Some(true)
            } else if rest.starts_with("{}") {
                Some(false)
            } else {
                None
            };
            match slot {
                Some(is_checked) => {
                    if !text.is_empty() {
                        pieces.push(Piece::text(normalise(&std::mem::take(&mut text))));
                    }
                    if is_checked {
                        checked += 1;
                    }
                    if matches!(pieces.last(), Some(Piece::Number { .. })) {
                        return Err("two number slots need text between them".into());
                    }
                    pieces.push(Piece::Number {
                        checked: is_checked,
                    });
                    rest = &rest[if is_checked { 3 } else { 2 }..];
                }
                None => {
                    let c = rest.chars().next().unwrap_or(' ');
                    if c == '{' {
                        return Err("`{` starts a slot: write {x} for the checked figure or {} for another number".into());
                    }
                    text.push(c);
                    rest = &rest[c.len_utf8()..];
                }
            }
        }
        if !text.is_empty() {
            pieces.push(Piece::text(normalise(&text)));
        }
        if checked != 1 {
            return Err(format!(
                "the phrase needs exactly one {{x}} (the checked figure), it has {checked}"
            ));
        }
        Ok(Phrase { pieces })
    }

    /// Every place the phrase occurs in `text`, with the checked figure.
    pub fn find_all(&self, text: &str) -> Vec<Figure> {
        self.find_in(&Plain::new(text))
    }

    /// [`Phrase::find_all`] on a text prepared once for many phrases.
    pub fn find_in(&self, text: &Plain) -> Vec<Figure> {
        // Most texts hold none of the phrase's words: skip them without walking the text.
        let absent = self.pieces.iter().any(|p| match p {
            Piece::Text { lower, .. } => !text.lower.contains(lower.as_str()),
            Piece::Number { .. } => false,
        });
        if absent {
            return Vec::new();
        }
        let plain = text.chars();
        let mut found = Vec::new();
        let mut start = 0;
        while start < plain.len() {
            match self.match_at(plain, start) {
                Some((end, figure)) => {
                    found.push(figure);
                    start = end.max(start + 1);
                }
                None => start += 1,
            }
        }
        found
    }

    fn match_at(&self, plain: &[(char, usize)], start: usize) -> Option<(usize, Figure)> {
        let mut at = start;
        let mut figure = None;
        for piece in &self.pieces {
            match piece {
                Piece::Text { chars, .. } => {
                    for c in chars {
                        let (p, _) = plain.get(at)?;
                        if !same_letter(*p, *c) {
                            return None;
                        }
                        at += 1;
                    }
                }
                Piece::Number { checked } => {
                    if at > 0 && starts_inside_number(plain, at) {
                        return None;
                    }
                    let end = number_end(plain, at)?;
                    if *checked {
                        let typed: String = plain[at..end].iter().map(|(c, _)| c).collect();
                        let (value, decimals) = vn::parse_number(&typed)?;
                        figure = Some(Figure {
                            typed,
                            value,
                            decimals,
                            offset: plain[at].1,
                        });
                    }
                    at = end;
                }
            }
        }
        figure.map(|f| (at, f))
    }
}

/// Whether `c` can be part of an appendix number: a digit or a capital Roman numeral.
fn numeral(c: char) -> bool {
    c.is_ascii_digit() || matches!(c, 'I' | 'V' | 'X' | 'L' | 'C')
}

impl Plain<'_> {
    /// The appendix numbers cited after `word` ("Phụ lục 8", "Phụ lục IV", "Phụ lục II.1"), as
    /// typed, with the byte offset of each in the original text. A word followed by anything
    /// else ("các phụ lục kèm theo") cites nothing.
    pub fn citations(&self, word: &str) -> Vec<(String, usize)> {
        let word: Vec<char> = word.chars().collect();
        if word.is_empty() || !self.lower.contains(&lower(&word)) {
            return Vec::new();
        }
        let plain = self.chars();
        let mut found = Vec::new();
        let mut at = 0;
        while at + word.len() < plain.len() {
            let matches = word
                .iter()
                .enumerate()
                .all(|(k, c)| same_letter(plain[at + k].0, *c));
            let after_word = at + word.len();
            if !matches || (at > 0 && plain[at - 1].0.is_alphanumeric()) {
                at += 1;
                continue;
            }
            at = after_word;
            if plain.get(at).is_none_or(|(c, _)| *c != ' ') {
                continue;
            }
            let start = at + 1;
            let mut end = start;
            while let Some((c, _)) = plain.get(end) {
                let joins = *c == '.' && plain.get(end + 1).is_some_and(|(n, _)| numeral(*n));
                if numeral(*c) || joins {
                    end += 1;
                } else {
                    break;
                }
            }
            let bounded = plain.get(end).is_none_or(|(c, _)| !c.is_alphanumeric());
            if end > start && bounded {
                let typed: String = plain[start..end].iter().map(|(c, _)| c).collect();
                found.push((typed, plain[start].1));
            }
            at = end.max(start);
        }
        found
    }
}

/// Whether a typed figure equals a computed value within the rounding of what was typed.
pub fn agrees(figure: &Figure, computed: f64) -> bool {
    (figure.value - computed).abs() <= 0.5 * 10f64.powi(-i32::from(figure.decimals)) + 1e-9
}

/// A text as phrases see it (see [`plain_chars`]), and in lower case for a quick first look.
/// Most texts fail that look for every phrase: their chars are listed only when one passes.
pub struct Plain<'a> {
    text: &'a str,
    chars: std::cell::OnceCell<Vec<(char, usize)>>,
    lower: String,
}

impl<'a> Plain<'a> {
    /// Prepares a text.
    pub fn new(text: &'a str) -> Plain<'a> {
        let mut lower = String::with_capacity(text.len());
        let mut space = false;
        for c in text.chars() {
            if c == '*' || c == '\\' {
                continue;
            }
            if c.is_whitespace() {
                if !space {
                    lower.push(' ');
                }
                space = true;
                continue;
            }
            space = false;
            lower.extend(c.to_lowercase());
        }
        Plain {
            text,
            chars: std::cell::OnceCell::new(),
            lower,
        }
    }

    fn chars(&self) -> &[(char, usize)] {
        self.chars.get_or_init(|| plain_chars(self.text))
    }
}

fn lower(chars: &[char]) -> String {
    chars.iter().flat_map(|c| c.to_lowercase()).collect()
}

/// The text as matched: `*` and `\` dropped, every run of whitespace one space; each char keeps
/// its byte offset in the original.
fn plain_chars(text: &str) -> Vec<(char, usize)> {
    let mut out: Vec<(char, usize)> = Vec::with_capacity(text.len());
    for (offset, c) in text.char_indices() {
        if c == '*' || c == '\\' {
            continue;
        }
        if c.is_whitespace() {
            if out.last().is_none_or(|(p, _)| *p != ' ') {
                out.push((' ', offset));
            }
            continue;
        }
        out.push((c, offset));
    }
    out
}

fn normalise(chars: &[char]) -> Vec<char> {
    let text: String = chars.iter().collect();
    let mut out = Vec::new();
    for c in text.chars() {
        if c.is_whitespace() {
            if out.last() != Some(&' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn same_letter(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// Digits, with `.` and `,` inside the number ("2.080", "62,6"); a final `.` ends a sentence.
fn number_end(plain: &[(char, usize)], start: usize) -> Option<usize> {
    let digit = |i: usize| plain.get(i).is_some_and(|(c, _)| c.is_ascii_digit());
    if !digit(start) {
        return None;
    }
    let mut end = start;
    loop {
        if digit(end) {
            end += 1;
        } else if plain.get(end).is_some_and(|(c, _)| *c == '.' || *c == ',') && digit(end + 1) {
            end += 2;
        } else {
            return Some(end);
        }
    }
}

/// A slot may not start in the middle of a number ("1/34" inside "31/34").
fn starts_inside_number(plain: &[(char, usize)], at: usize) -> bool {
    let before = plain[at - 1].0;
    before.is_ascii_digit()
        || ((before == '.' || before == ',') && at >= 2 && plain[at - 2].0.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_checked_figure_through_bold_markers() {
        let phrase = Phrase::parse("hiện mới có {x}/{} xã, phường").unwrap();
        let text = "Tuy nhiên, hiện mới có **2.080/3.321**\nxã, phường (tương đương **62,6%**)";
        let found = phrase.find_all(text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].typed, "2.080");
        assert_eq!(found[0].value, 2080.0);
        assert_eq!(&text[found[0].offset..found[0].offset + 5], "2.080");
    }

    #[test]
    fn decimals_and_the_end_of_a_sentence() {
        let phrase = Phrase::parse("tương đương {x}%").unwrap();
        let found = phrase.find_all("(tương đương 84,94%).");
        assert_eq!((found[0].value, found[0].decimals), (84.94, 2));
        let count = Phrase::parse("có {x} tỉnh").unwrap();
        assert_eq!(count.find_all("có 3.321. Tỉnh")[..], []);
        assert_eq!(count.find_all("Có 16 tỉnh.")[0].typed, "16");
    }

    #[test]
    fn a_slot_does_not_start_inside_a_number() {
        let phrase = Phrase::parse("{x}/{} tỉnh").unwrap();
        let found = phrase.find_all("đạt 31/34 tỉnh");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].typed, "31");
    }

    #[test]
    fn rounding_of_what_was_typed() {
        let phrase = Phrase::parse("({x}%)").unwrap();
        let figure = &phrase.find_all("(62,6%)")[0];
        assert!(agrees(figure, 62.57));
        assert!(!agrees(figure, 62.66));
    }

    #[test]
    fn a_phrase_needs_one_checked_slot() {
        assert!(Phrase::parse("có {} xã").is_err());
        assert!(Phrase::parse("{x}/{x}").is_err());
        assert!(Phrase::parse("{y} xã").is_err());
    }
}
