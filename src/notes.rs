//! Footnote markers: `[^3]` typed where the source prints a mark, in narrative, titles, column
//! labels and cells. A number cell loses its markers before it is typed (`"02[^3]"` is 2);
//! every page turns the markers left in its HTML into links to the notes, and back.

use std::collections::BTreeSet;

/// The longest mark accepted: longer brackets are ordinary text.
const MAX_MARK: usize = 8;

/// Whether `mark` can be a footnote mark: digits, letters or `*`, at most 8 characters.
pub fn is_mark(mark: &str) -> bool {
    !mark.is_empty()
        && mark.chars().count() <= MAX_MARK
        && mark.chars().all(|c| c.is_alphanumeric() || c == '*')
}

/// The markers in `text`, in order, with their byte ranges.
pub fn find_marks(text: &str) -> Vec<(std::ops::Range<usize>, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(start) = text[from..].find("[^").map(|i| i + from) {
        let inner = start + 2;
        let end = text[inner..]
            .char_indices()
            .take(MAX_MARK + 1)
            .find(|(_, c)| *c == ']')
            .map(|(i, _)| inner + i);
        match end {
            Some(end) if is_mark(&text[inner..end]) => {
                out.push((start..end + 1, &text[inner..end]));
                from = end + 1;
            }
            _ => from = inner,
        }
    }
    out
}

/// `text` without its markers, and the marks in order: `"02[^3]"` → `("02", ["3"])`.
pub fn take_marks(text: &str) -> (String, Vec<String>) {
    let found = find_marks(text);
    let mut rest = String::with_capacity(text.len());
    let mut last = 0;
    for (range, _) in &found {
        rest.push_str(&text[last..range.start]);
        last = range.end;
    }
    rest.push_str(&text[last..]);
    let marks = found.into_iter().map(|(_, m)| m.to_owned()).collect();
    (rest.trim_end().to_owned(), marks)
}

/// The anchor of a note: `fn-<scope>-<mark>` (scope empty for the report's own notes).
pub fn note_id(scope: &str, mark: &str) -> String {
    let mark = crate::text::slug(mark);
    let mark = if mark.is_empty() {
        "sao".to_owned()
    } else {
        mark
    };
    if scope.is_empty() {
        format!("fn-{mark}")
    } else {
        format!("fn-{scope}-{mark}")
    }
}

/// Links the markers of one page to their notes. The first marker of a note carries the id
/// the note links back to; later ones only link forward, so ids stay unique.
#[derive(Debug, Default)]
pub struct Linker {
    referenced: BTreeSet<String>,
    /// Ids already given to notes on the page.
    issued: BTreeSet<String>,
}

impl Linker {
    /// Claims `id` for a note of the page: `false` when a note already has it (a mark used
    /// twice, a table shown twice), so that ids stay unique.
    pub fn issue(&mut self, id: &str) -> bool {
        self.issued.insert(id.to_owned())
    }

    /// `html` with each marker whose note `resolve` finds replaced by a superscript link.
    /// `resolve` gives the note's scope for a mark; unknown marks stay as typed (check warns).
    pub fn link(&mut self, html: &str, resolve: impl Fn(&str) -> Option<String>) -> String {
        let found = find_marks(html);
        if found.is_empty() {
            return html.to_owned();
        }
        let mut out = String::with_capacity(html.len() + found.len() * 64);
        let mut last = 0;
        for (range, mark) in found {
            out.push_str(&html[last..range.start]);
            last = range.end;
            match resolve(mark) {
                Some(scope) => out.push_str(&self.reference(&scope, mark)),
                None => out.push_str(&html[range]),
            }
        }
        out.push_str(&html[last..]);
        out
    }

    /// The superscript link of one marker.
    pub fn reference(&mut self, scope: &str, mark: &str) -> String {
        let id = note_id(scope, mark);
        let back = if self.referenced.insert(id.clone()) {
            format!(" id=\"ref-{id}\"")
        } else {
            String::new()
        };
        let mark = crate::text::escape_html(mark);
        format!(
            "<sup class=\"note-ref\"><a href=\"#{id}\"{back} aria-label=\"chú thích {mark}\">{mark}</a></sup>"
        )
    }

    /// Whether a note has been referenced on this page (its back link has a target).
    pub fn is_referenced(&self, scope: &str, mark: &str) -> bool {
        self.referenced.contains(&note_id(scope, mark))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_are_found_and_taken() {
        assert_eq!(
            take_marks("02[^3]"),
            ("02".to_owned(), vec!["3".to_owned()])
        );
        assert_eq!(
            take_marks("Bộ Công an [^1]"),
            ("Bộ Công an".to_owned(), vec!["1".to_owned()])
        );
        assert_eq!(
            take_marks("a[^]b [^x y] [^123456789]").1,
            Vec::<String>::new()
        );
        assert_eq!(take_marks("[^*]x").1, vec!["*".to_owned()]);
    }

    #[test]
    fn the_first_reference_carries_the_back_link_target() {
        let mut linker = Linker::default();
        let html = linker.link("a[^1] b[^1] c[^9]", |m| (m == "1").then(String::new));
        assert_eq!(
            html,
            "a<sup class=\"note-ref\"><a href=\"#fn-1\" id=\"ref-fn-1\" aria-label=\"chú thích 1\">1</a></sup> \
             b<sup class=\"note-ref\"><a href=\"#fn-1\" aria-label=\"chú thích 1\">1</a></sup> c[^9]"
        );
        assert!(linker.is_referenced("", "1"));
    }
}
