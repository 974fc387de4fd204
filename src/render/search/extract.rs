//! What a rendered page says, as search entries: one per `<section id>` inside `<main>`, plus one
//! for the page's text outside any section. Reading the finished HTML (rather than the data)
//! indexes exactly what the reader sees: expanded expressions, computed totals, the anchors the
//! links point at.

use std::borrow::Cow;
use std::sync::Arc;

use super::html::{Tag, Token, decode_entities, tokens};

/// The searchable text of one part of a page. Its texts are shared (`Arc<str>`): most of them
/// repeat from day to day, and the build state keeps each distinct one once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Entry {
    /// The `id` to link to; empty for the page's text outside any section.
    pub anchor: Arc<str>,
    /// The first heading inside the part, or empty.
    pub title: Arc<str>,
    /// Text blocks (paragraphs, list items, table rows) in reading order, each once. A table row
    /// is one block, its cells joined by " · ", so a match shows its row; cells without a letter
    /// (numbers, percentages, "—") are left out, which keeps a row the same from day to day while
    /// its figures change.
    pub blocks: Vec<Arc<str>>,
}

/// An [`Entry`] being read.
struct Draft {
    anchor: String,
    title: String,
    blocks: Vec<String>,
}

/// Elements whose content is never indexed: navigation repeats on every page, and the rest is
/// not reading text. So are download links, and text only for screen readers (`sr-only`, such as
/// "không có dữ liệu" after a "—").
const SKIPPED: &[&str] = &[
    "nav", "script", "style", "template", "noscript", "head", "svg", "button", "form",
];

/// Formatting elements that sit inside a word run ("phủ <strong>XANH</strong>").
const TRANSPARENT: &[&str] = &[
    "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
    "strong", "sub", "sup", "u", "var",
];

/// Inline elements that separate words without ending the block.
const SPACING: &[&str] = &["span", "br", "img", "wbr", "time", "data", "label"];

/// Elements that have no closing tag.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr",
];

/// One open element while walking the page.
struct Frame {
    name: String,
    /// Its content is not indexed.
    skip: bool,
    /// Index of the entry this element opened.
    entry: Option<usize>,
}

/// The search entries of one page, the page-level entry first (when it has any text).
pub fn entries(html: &str) -> Vec<Entry> {
    let mut walk = Walk {
        entries: vec![Draft {
            anchor: String::new(),
            title: String::new(),
            blocks: Vec::new(),
        }],
        stack: Vec::new(),
        in_main: false,
        block: String::new(),
        row: None,
        heading: None,
    };
    for token in tokens(html) {
        walk.token(token);
    }
    walk.flush();
    walk.entries
        .into_iter()
        .enumerate()
        .filter(|(i, e)| *i > 0 || !e.title.is_empty() || !e.blocks.is_empty())
        .map(|(_, e)| Entry {
            anchor: e.anchor.into(),
            title: e.title.into(),
            blocks: e.blocks.into_iter().map(Arc::from).collect(),
        })
        .collect()
}

struct Walk {
    entries: Vec<Draft>,
    stack: Vec<Frame>,
    in_main: bool,
    /// The text block being collected.
    block: String,
    /// The cells of the table row being collected.
    row: Option<Vec<String>>,
    /// Depth of the heading being collected as an entry's title.
    heading: Option<usize>,
}

impl Walk {
    fn token(&mut self, token: Token) {
        match token {
            Token::Text(text) if self.in_main && !self.skipping() => {
                push_text(&mut self.block, &decode_entities(text))
            }
            Token::Text(_) => {}
            Token::Open(tag) => self.open(&tag),
            Token::Close(name) => self.close(&name),
        }
    }

    fn skipping(&self) -> bool {
        self.stack.iter().any(|f| f.skip)
    }

    /// The entry that text at the current point belongs to.
    fn current(&self) -> usize {
        self.stack.iter().rev().find_map(|f| f.entry).unwrap_or(0)
    }

    fn open(&mut self, tag: &Tag) {
        if tag.name == "main" {
            self.in_main = true;
        }
        match tag.name.as_ref() {
            "tr" => {
                self.end_row();
                self.boundary("tr");
                self.row = Some(Vec::new());
            }
            "td" | "th" if self.row.is_some() => self.end_cell(),
            name => self.boundary(name),
        }
        if VOID.contains(&tag.name.as_ref()) || tag.self_closing {
            return;
        }
        let wanted = Wanted::of(tag);
        let skip = SKIPPED.contains(&tag.name.as_ref())
            || wanted.aria_hidden.as_deref() == Some("true")
            || wanted.download
            || wanted
                .class
                .is_some_and(|c| c.split_whitespace().any(|c| c == "sr-only"));
        let entry = match wanted.id {
            Some(id) if tag.name == "section" && self.in_main && !self.skipping() => {
                self.entries.push(Draft {
                    anchor: id.into_owned(),
                    title: String::new(),
                    blocks: Vec::new(),
                });
                Some(self.entries.len() - 1)
            }
            _ => None,
        };
        if is_heading(&tag.name)
            && self.in_main
            && self.heading.is_none()
            && !skip
            && !self.skipping()
        {
            let owner = entry.unwrap_or_else(|| self.current());
            if self.entries[owner].title.is_empty() {
                self.heading = Some(self.stack.len());
            }
        }
        self.stack.push(Frame {
            name: tag.name.to_string(),
            skip,
            entry,
        });
    }

    fn close(&mut self, name: &str) {
        match name {
            "tr" => self.end_row(),
            "td" | "th" if self.row.is_some() => self.end_cell(),
            "table" | "thead" | "tbody" | "tfoot" => {
                self.end_row();
                self.boundary(name);
            }
            _ => self.boundary(name),
        }
        // Close the innermost element of that name, and any left open inside it.
        if let Some(at) = self.stack.iter().rposition(|f| f.name == name) {
            if self.heading.is_some_and(|h| h >= at) {
                let title = std::mem::take(&mut self.block).trim().to_owned();
                let owner = self.current();
                self.entries[owner].title = title;
                self.heading = None;
            }
            self.stack.truncate(at);
        }
        if name == "main" {
            self.in_main = false;
        }
    }

    /// Ends the text block at any element that is not inline (inside a table row, separates
    /// words only).
    fn boundary(&mut self, name: &str) {
        if TRANSPARENT.contains(&name) {
            return;
        }
        if SPACING.contains(&name) || self.row.is_some() {
            if !self.block.ends_with(' ') {
                self.block.push(' ');
            }
            return;
        }
        if self.heading.is_none() {
            self.flush();
        }
    }

    fn end_cell(&mut self) {
        let Some(row) = self.row.as_mut() else {
            return;
        };
        let cell = std::mem::take(&mut self.block);
        let cell = cell.trim();
        if has_letter(cell) {
            row.push(cell.to_owned());
        }
    }

    fn end_row(&mut self) {
        self.end_cell();
        if let Some(cells) = self.row.take() {
            self.block = cells.join(" · ");
            self.flush();
        }
    }

    fn flush(&mut self) {
        let block = std::mem::take(&mut self.block);
        let block = block.trim();
        if !has_letter(block) {
            return;
        }
        let owner = self.current();
        let blocks = &mut self.entries[owner].blocks;
        if !blocks.iter().any(|b| b == block) {
            blocks.push(block.to_owned());
        }
    }
}

fn has_letter(text: &str) -> bool {
    text.chars().any(char::is_alphabetic)
}

fn is_heading(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// Appends text with every run of white space as one space.
/// The attributes of a tag that say how its content is indexed, read in one pass; the first
/// of each name counts.
#[derive(Default)]
struct Wanted<'a> {
    aria_hidden: Option<Cow<'a, str>>,
    download: bool,
    class: Option<Cow<'a, str>>,
    id: Option<Cow<'a, str>>,
}

impl<'a> Wanted<'a> {
    fn of(tag: &Tag<'a>) -> Wanted<'a> {
        let mut wanted = Wanted::default();
        for (name, value) in tag.attrs() {
            let slot = if name.eq_ignore_ascii_case("aria-hidden") {
                &mut wanted.aria_hidden
            } else if name.eq_ignore_ascii_case("class") {
                &mut wanted.class
            } else if name.eq_ignore_ascii_case("id") {
                &mut wanted.id
            } else {
                wanted.download |= name.eq_ignore_ascii_case("download");
                continue;
            };
            if slot.is_none() {
                *slot = Some(decode_entities(value));
            }
        }
        wanted
    }
}

fn push_text(block: &mut String, text: &str) {
    for (i, word) in text.split(char::is_whitespace).enumerate() {
        if i > 0 && !block.is_empty() && !block.ends_with(' ') {
            block.push(' ');
        }
        block.push_str(word);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(anchor: &str, title: &str, blocks: &[&str]) -> Entry {
        Entry {
            anchor: anchor.into(),
            title: title.into(),
            blocks: blocks.iter().map(|b| (*b).into()).collect(),
        }
    }

    #[test]
    fn sections_become_entries_with_their_heading_and_blocks() {
        let html = r#"<html><head><title>T</title></head><body>
            <header><a href="x">Trang chủ</a></header>
            <main id="noi-dung"><nav><a href="a">Ngày trước</a></nav>
            <h1>BÁO CÁO<span class="doc-title">Về tình hình</span></h1>
            <p>Mở đầu &amp; giới thiệu</p>
            <section class="level-1" id="muc-1-i"><h2>I. TỔNG QUAN</h2>
              <ul><li>Tình hình phủ <strong>XANH</strong>
                  ở Cao Bằng</li><li>3.321</li><li>Tình hình phủ <strong>XANH</strong> ở Cao Bằng</li></ul>
              <table><thead><tr><th>STT</th><th>Tỉnh</th><th>Tỉ lệ</th><th>Ghi chú</th></tr></thead>
                <tbody><tr><td>1</td><th scope="row">Cao Bằng</th><td class="num">62,6%</td><td>—<span class="sr-only">không có dữ liệu</span></td></tr>
                <tr><td>2</td><th scope="row">Đắk Lắk</th><td>7</td><td><p>Mạng</p><p>chậm</p></td></tr></tbody></table>
            </section>
            <p class="table-download"><a href="t.csv" download>Tải bảng</a></p>
            <p>Kính trình./.</p>
            </main><footer>daybrief</footer></body></html>"#;
        assert_eq!(
            entries(html),
            vec![
                entry(
                    "",
                    "BÁO CÁO Về tình hình",
                    &["Mở đầu & giới thiệu", "Kính trình./."]
                ),
                entry(
                    "muc-1-i",
                    "I. TỔNG QUAN",
                    &[
                        "Tình hình phủ XANH ở Cao Bằng",
                        "STT · Tỉnh · Tỉ lệ · Ghi chú",
                        "Cao Bằng",
                        "Đắk Lắk · Mạng chậm"
                    ]
                ),
            ]
        );
    }

    #[test]
    fn a_page_without_main_or_text_has_no_entries() {
        assert_eq!(entries("<body><p>Ngoài</p></body>"), vec![]);
        assert_eq!(entries("<main><p>12</p></main>"), vec![]);
    }

    #[test]
    fn nested_sections_keep_their_own_text() {
        let html = r#"<main><section id="a"><h2>A</h2><p>một</p>
            <section id="b"><h3>B</h3><p>hai</p></section><p>ba</p></section></main>"#;
        assert_eq!(
            entries(html),
            vec![entry("a", "A", &["một", "ba"]), entry("b", "B", &["hai"])]
        );
    }
}
