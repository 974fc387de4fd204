//! The parts of a page that follow Decree 30/2020/NĐ-CP: the header blocks, footnotes and
//! their markers, appendix parts.

use crate::model::day::DayFile;
use crate::model::day::Footnote;
use crate::model::publication::{DocumentDecl, DocumentFamily, Publication};
use crate::notes::{Linker, note_id};
use crate::render::views::{FootnoteView, HeaderView, TableView};
use crate::vn;

/// The header of `file`'s report, when the publication (or the day) declares `document:`.
pub fn header_view(
    publication: &Publication,
    file: &DayFile,
    date: chrono::NaiveDate,
) -> Option<HeaderView> {
    let decl = match (&publication.document, &file.document) {
        (None, None) => return None,
        (Some(p), day) => p.merged(day.as_ref()),
        (None, Some(day)) => DocumentDecl::default().merged(Some(day)),
    };
    let number_line = file.number.as_ref().map(|n| match decl.family {
        Some(DocumentFamily::Party) => format!("Số {n}"),
        _ => format!("Số: {n}"),
    });
    let place_date = decl.place_date.clone().or_else(|| {
        decl.place
            .as_ref()
            .map(|place| format!("{place}, {}", vn::date_document(date)))
    });
    Some(HeaderView {
        governing_body: decl.governing_body,
        national_title: decl.national_title,
        motto: decl.motto,
        place_date,
        number_line,
        kind: decl.kind.unwrap_or_else(|| "BÁO CÁO".to_owned()),
        draft: decl.draft.unwrap_or(false),
        secrecy: decl.secrecy,
        urgency: decl.urgency,
    })
}

/// Which notes a marker may link to, nearest first: each scope with the marks it holds.
pub struct NoteScopes<'a> {
    scopes: Vec<(String, &'a [Footnote])>,
}

impl<'a> NoteScopes<'a> {
    /// No notes yet.
    pub fn new() -> Self {
        NoteScopes { scopes: Vec::new() }
    }

    /// `notes` under `scope` ("" for the report's own), searched after the earlier ones.
    pub fn with(mut self, scope: &str, notes: &'a [Footnote]) -> Self {
        self.scopes.push((scope.to_owned(), notes));
        self
    }

    /// The scope of the nearest note with `mark`.
    pub fn resolve(&self, mark: &str) -> Option<String> {
        self.scopes
            .iter()
            .find(|(_, notes)| notes.iter().any(|n| n.mark.as_deref() == Some(mark)))
            .map(|(scope, _)| scope.clone())
    }

    /// Links the markers of `html`.
    pub fn link(&self, linker: &mut Linker, html: &str) -> String {
        linker.link(html, |mark| self.resolve(mark))
    }
}

/// The views of `notes` in `scope`, after the page's markers have been linked.
pub fn footnote_views(
    notes: &[Footnote],
    scope: &str,
    circulation: bool,
    linker: &mut Linker,
) -> Vec<FootnoteView> {
    notes
        .iter()
        .map(|n| {
            let mark = n.mark.as_deref().unwrap_or("");
            // A note without a mark is never linked to, and an id is given once per page.
            let id = Some(note_id(scope, mark))
                .filter(|id| !mark.is_empty() && linker.issue(id))
                .unwrap_or_default();
            let back =
                (!id.is_empty() && linker.is_referenced(scope, mark)).then(|| format!("ref-{id}"));
            FootnoteView {
                mark: n.mark.clone(),
                text: n.text.clone(),
                circulation,
                id,
                back,
                lines: n.text.trim_end().lines().map(str::to_owned).collect(),
            }
        })
        .collect()
}

/// Links every marker of a table view (title, headers, cells, captions, lead-in) and fills
/// its notes. `outer` are the notes a marker may reach when the table has none of its own.
pub fn link_table(
    view: &mut TableView,
    table_notes: &[Footnote],
    outer: NoteScopes,
    linker: &mut Linker,
) {
    let scope = format!("bang-{}", view.id);
    let mut scopes = NoteScopes::new().with(&scope, table_notes);
    scopes.scopes.extend(outer.scopes);
    let mut link = |html: &mut String| {
        if html.contains("[^") {
            *html = scopes.link(linker, html);
        }
    };
    if let Some(title) = &mut view.title_html {
        link(title);
    }
    link(&mut view.intro_html);
    for row in view.header_rows.iter_mut().flatten() {
        link(&mut row.label);
    }
    for row in &mut view.rows {
        link(&mut row.text);
        for cell in &mut row.cells {
            link(&mut cell.html);
        }
    }
    for cell in view.total.iter_mut().flatten() {
        link(&mut cell.html);
    }
    view.notes = footnote_views(table_notes, &scope, false, linker);
}
