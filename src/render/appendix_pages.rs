//! The appendices of a day: each appendix's caption, lead-in, tables and headed parts.

use super::day_pages::{DayContext, chart_view};
use super::document::{NoteScopes, footnote_views};
use super::views::{AppendixView, PartView, TableView};
use crate::model::day::Footnote;
use crate::model::publication::AppendixPart;
use crate::notes::Linker;
use crate::text::{escape_html, slug};

impl DayContext<'_> {
    /// The views of the day's appendices, in order.
    pub(super) fn appendices(&mut self) -> Vec<AppendixView> {
        self.linker = Linker::default();
        let appendices = self.day.appendices.clone();
        let day_caption = self.day.file.appendix_caption.clone();
        appendices
            .iter()
            .map(|a| {
                let decl = &a.decl;
                let scope = format!("pl-{}", slug(&a.number));
                let title = a.title.as_ref().map(|t| self.plain(t));
                let scopes = || NoteScopes::new().with(&scope, &decl.notes);
                let title_html = title
                    .as_deref()
                    .map(|t| scopes().link(&mut self.linker, &escape_html(t)));
                let intro = self.markdown_opt(decl.intro.as_ref());
                let intro_html = scopes().link(&mut self.linker, &intro);
                let tables = self.tables(
                    decl.tables.iter().map(|t| t.value.as_str()),
                    title.as_deref(),
                    &scope,
                    &decl.notes,
                );
                let mut tables = tables;
                let mut parts = Vec::new();
                self.parts(&decl.parts, 1, &scope, &decl.notes, &mut parts);
                // The notes of the title come first under the first table, as on paper, where
                // they sit at the foot of the appendix's first page.
                let mut notes = footnote_views(&decl.notes, &scope, false, &mut self.linker);
                let first_table = tables
                    .first_mut()
                    .or_else(|| parts.iter_mut().find_map(|p| p.tables.first_mut()));
                if let Some(first) = first_table {
                    first.notes.splice(0..0, std::mem::take(&mut notes));
                }
                let wide = tables
                    .iter()
                    .chain(parts.iter().flat_map(|p| &p.tables))
                    .any(|t| t.wide);
                AppendixView {
                    wide,
                    number: a.number.clone(),
                    title: title.map(|t| crate::notes::take_marks(&t).0),
                    label: decl.label.clone().unwrap_or_else(|| "Phụ lục".to_owned()),
                    anchor: format!("phu-luc-{}", slug(&a.number)),
                    title_html,
                    caption: decl
                        .caption
                        .clone()
                        .filter(|c| Some(c) != day_caption.as_ref()),
                    intro_html,
                    notes,
                    tables,
                    parts,
                }
            })
            .collect()
    }

    /// Headed parts, flattened in reading order with their depth.
    fn parts(
        &mut self,
        parts: &[AppendixPart],
        level: usize,
        scope: &str,
        notes: &[Footnote],
        out: &mut Vec<PartView>,
    ) {
        for part in parts {
            let title = part.title.as_deref().map(|t| self.plain(t));
            let heading = match (&part.number, title) {
                (Some(n), Some(t)) => format!("{n} {t}"),
                (Some(n), None) => n.clone(),
                (None, Some(t)) => t,
                (None, None) => String::new(),
            };
            let heading = NoteScopes::new()
                .with(scope, notes)
                .link(&mut self.linker, &escape_html(&heading));
            let intro = self.markdown_opt(part.intro.as_ref());
            let intro_html = NoteScopes::new()
                .with(scope, notes)
                .link(&mut self.linker, &intro);
            let tables = self.tables(
                part.tables.iter().map(|t| t.value.as_str()),
                None,
                scope,
                notes,
            );
            out.push(PartView {
                level,
                anchor: format!("{scope}-phan-{}", out.len() + 1),
                heading,
                intro_html,
                tables,
            });
            self.parts(&part.parts, level + 1, scope, notes, out);
        }
    }

    /// The views of `ids`, their charts attached. A table whose title repeats the appendix
    /// title shows it once.
    fn tables<'i>(
        &mut self,
        ids: impl Iterator<Item = &'i str>,
        appendix_title: Option<&str>,
        scope: &str,
        notes: &[Footnote],
    ) -> Vec<TableView> {
        let (charts, date, edition) = (self.charts, self.day.date, self.edition);
        let views: Vec<TableView> = ids
            .filter_map(|id| self.table(id, "../", NoteScopes::new().with(scope, notes)))
            .collect();
        views
            .into_iter()
            .map(|mut t| {
                if t.title.is_some() && t.title.as_deref() == appendix_title {
                    t.title = None;
                    t.title_html = None;
                }
                t.charts = charts
                    .for_table(date, edition, &t.id)
                    .into_iter()
                    .map(|c| chart_view(c, self.chart_src(c, "../"), "index.html"))
                    .collect();
                t
            })
            .collect()
    }
}
