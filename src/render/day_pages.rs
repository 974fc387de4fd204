//! The pages of one day: the report, the appendices and their CSV files.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::day_nav::{edition_view, nav};
use super::document::{NoteScopes, footnote_views, header_view, link_table};
use super::narrative::{expand, render_markdown};
pub use super::place::{Place, edition_dir};
use super::shared::{SHARED_DIR, shared_file};
use super::slides::{SlideText, deck, slide_view};
use super::table::table_view;
use super::views::{
    AppendicesPage, ChartView, DocView, ReportPage, SectionView, SlideView, SlidesPage, TableView,
};
use super::{OutputFile, Renderer, day_dir};
use crate::archive::Day;
use crate::chart::Charts;
use crate::derive::DerivedDay;
use crate::error::{Diagnostic, Error, Report};
use crate::model::Spanned;
use crate::model::day::Section;
use crate::notes::Linker;
use crate::text::{escape_html, slug};
use crate::vn;

/// The files of a day at one place: its pages and the shared files they link (charts and CSV,
/// see `render::shared`), and where its charts and CSV files were in earlier builds.
pub struct DayFiles {
    /// Pages, then the shared files.
    pub files: Vec<OutputFile>,
    /// Old address relative to the day's folder → name of the shared file.
    pub moved: Vec<(String, String)>,
}

/// The pages of `day` at `place`, with `charts` (the day's, see `chart::draw_unit`).
pub fn render_day(
    r: &Renderer,
    day: &Day,
    derived: &DerivedDay,
    place: &Place,
    charts: &Charts,
) -> Result<DayFiles, Error> {
    let dir = &place.dir;
    let changes = derived.changes(r.input.archive, day);
    let chart_files = charts
        .of_page(day.date, place.frozen)
        .into_iter()
        .map(|c| {
            let file = shared_file(&c.name, "svg", c.svg.clone().into_bytes());
            (c.name.clone(), file)
        })
        .collect();
    let mut ctx = DayContext {
        r,
        day,
        derived,
        charts,
        edition: place.frozen,
        context: crate::expressions::narrative_context(day, derived, &changes),
        report: Report::default(),
        linker: Linker::default(),
        to_root: super::root_from(dir),
        chart_files,
        csv_files: BTreeMap::new(),
    };
    let report_path = format!("{dir}index.html");
    let appendices_path = format!("{dir}appendices/index.html");
    let slides_path = format!("{dir}slides/index.html");
    let doc = ctx.doc();
    let appendices = ctx.appendices();
    let slides = ctx.slides();
    // A publication without slides has no deck page, and no link to one.
    let has_deck = !slides.is_empty();
    let pdf = r.input.archive.publication.pdf;
    if ctx.report.error_count() > 0 {
        return Err(Error::Content(ctx.report));
    }
    let publication = &r.input.archive.publication;
    let date_text = vn::date(day.date);
    let edition = edition_view(r, day, place);
    let edition_id = r.input.ids.edition_of(day);
    let meta =
        |path: &str, title: String, section| r.day_meta(day, &edition_id, path, title, section);
    let report_page = ReportPage {
        page: meta(
            &report_path,
            format!("Báo cáo ngày {date_text} — {}", publication.name),
            "report",
        ),
        doc,
        nav: nav(derived, place, "", has_deck, pdf),
        edition: edition.clone(),
    };
    let appendices_page = AppendicesPage {
        page: meta(
            &appendices_path,
            format!("Phụ lục ngày {date_text} — {}", publication.name),
            "appendices",
        ),
        date_text: date_text.clone(),
        number: day.file.number.clone(),
        caption: day.file.appendix_caption.clone(),
        appendices,
        nav: nav(derived, place, "../", has_deck, pdf),
        edition: edition.clone(),
    };
    let slides_page = SlidesPage {
        page: meta(
            &slides_path,
            format!("Trình chiếu ngày {date_text} — {}", publication.name),
            "slides",
        ),
        date_text,
        slides,
        nav: nav(derived, place, "../", has_deck, pdf),
        edition: edition.clone(),
    };
    let mut files = Vec::with_capacity(8);
    if has_deck {
        files.push(OutputFile {
            path: slides_path,
            bytes: r.page("slides.html", &slides_page)?,
        });
    }
    files.extend([
        OutputFile {
            path: report_path,
            bytes: r.page("report.html", &report_page)?,
        },
        OutputFile {
            path: appendices_path,
            bytes: r.page("appendices.html", &appendices_page)?,
        },
    ]);
    if place.frozen.is_none() {
        files.extend(super::history_pages::render_history(
            r,
            day,
            derived,
            &changes,
            |to_day| nav(derived, place, to_day, has_deck, pdf),
            &edition,
        )?);
    }
    // Every table has its CSV file, linked from a page or not.
    for id in day.tables.keys() {
        ctx.csv_path(id);
    }
    // The addresses earlier builds gave them, relative to the day's folder.
    let in_day = dir.strip_prefix(&day_dir(day.date)).unwrap_or("");
    let shared_name = |file: &OutputFile| {
        file.path
            .strip_prefix(SHARED_DIR)
            .unwrap_or(&file.path)
            .to_owned()
    };
    let mut moved = Vec::new();
    for (name, file) in std::mem::take(&mut ctx.chart_files) {
        moved.push((format!("{in_day}charts/{name}.svg"), shared_name(&file)));
        files.push(file);
    }
    for (id, file) in std::mem::take(&mut ctx.csv_files) {
        moved.push((format!("{in_day}appendices/{id}.csv"), shared_name(&file)));
        files.push(file);
    }
    Ok(DayFiles { files, moved })
}

pub(super) struct DayContext<'a> {
    pub(super) r: &'a Renderer<'a>,
    pub(super) day: &'a Day,
    pub(super) derived: &'a DerivedDay,
    pub(super) charts: &'a Charts,
    /// `Some(edition)` on a frozen edition page (its charts are the edition's own).
    pub(super) edition: Option<u32>,
    /// What the narrative's expressions see (`expressions::narrative_context`).
    pub(super) context: serde_json::Value,
    pub(super) report: Report,
    /// Links footnote markers on the page being built.
    pub(super) linker: Linker,
    /// From the place's folder to the site root: "../../../".
    pub(super) to_root: String,
    /// The place's charts as shared files, by name.
    pub(super) chart_files: BTreeMap<String, OutputFile>,
    /// The CSV files of the tables shown so far, as shared files, by table.
    pub(super) csv_files: BTreeMap<String, OutputFile>,
}

impl DayContext<'_> {
    fn markdown(&mut self, text: &Spanned<String>) -> String {
        render_markdown(text, &self.context, &self.day.source, &self.day.text).unwrap_or_else(|d| {
            self.report.push(*d);
            String::new()
        })
    }

    /// Markdown of an optional field; empty when the field is absent.
    pub(super) fn markdown_opt(&mut self, text: Option<&Spanned<String>>) -> String {
        text.map(|t| self.markdown(t)).unwrap_or_default()
    }

    /// Expands a title that has no location of its own (from the publication or a schema).
    pub(super) fn plain(&mut self, text: &str) -> String {
        if !crate::narrative_lang::has_markup(text) {
            return text.to_owned();
        }
        crate::narrative_lang::render(text, &self.context).unwrap_or_else(|e| {
            let (file, file_text, line, column) = self.locate_text(text, e.position(text));
            let d = Diagnostic::error(
                &file,
                line,
                column,
                format!("expression error: {}", e.message),
            )
            .expected("a valid expression such as {{ date | vn_date }}")
            .hint("see \"Template expressions\" in README.md for what is allowed")
            .with_source(file_text);
            self.report.push(d);
            String::new()
        })
    }

    /// Where a text without a recorded place (a title, a slide line) is written, and the
    /// place `within` it (line, column from 0): found in the day file, else in the publication.
    fn locate_text(&self, text: &str, within: (usize, usize)) -> (PathBuf, &str, usize, usize) {
        let archive = self.r.input.archive;
        let first_line = text.lines().next().unwrap_or(text);
        let files = [
            (&self.day.source, self.day.text.as_str()),
            (&archive.publication_path, archive.publication_text.as_str()),
        ];
        for (file, file_text) in files {
            if let Some((line, column)) = crate::check::locate::find(file_text, 1, first_line) {
                let (inner_line, inner_column) = within;
                return if inner_line <= 1 {
                    (file.clone(), file_text, line, column + inner_column)
                } else {
                    (
                        file.clone(),
                        file_text,
                        line + inner_line - 1,
                        inner_column + 1,
                    )
                };
            }
        }
        (archive.publication_path.clone(), "", 0, 0)
    }

    fn doc(&mut self) -> DocView {
        let file = &self.day.file;
        let archive = self.r.input.archive;
        let subtitle = archive.publication.subtitle.as_ref().map(|s| {
            expand(
                s,
                &self.context,
                &archive.publication_path,
                &archive.publication_text,
            )
            .unwrap_or_else(|d| {
                self.report.push(*d);
                String::new()
            })
        });
        self.linker = Linker::default();
        let notes = self.report_notes();
        let intro_html = self.linked_markdown(file.intro.as_ref(), &notes);
        let closing_html = self.linked_markdown(file.closing.as_ref(), &notes);
        let mut sections = Vec::new();
        self.sections(&file.sections, 1, &notes, &mut sections);
        let mut footnotes =
            footnote_views(file.circulation_note.as_slice(), "", true, &mut self.linker);
        footnotes.extend(footnote_views(&file.footnotes, "", false, &mut self.linker));
        DocView {
            date_text: vn::date(self.day.date),
            date_long: vn::date_long(self.day.date),
            number: file.number.clone(),
            title: file.title.clone(),
            subtitle,
            issuer: archive.publication.issuer.clone(),
            header: header_view(&archive.publication, file, self.day.date),
            recipients: file.recipients.clone(),
            intro_html,
            sections,
            closing_html,
            distribution: file.distribution.clone(),
            signature: file.signature.clone(),
            footnotes,
        }
    }

    /// The notes markers in the report's text link to: the circulation note and footnotes.
    fn report_notes(&self) -> Vec<crate::model::day::Footnote> {
        let file = &self.day.file;
        file.circulation_note
            .iter()
            .chain(&file.footnotes)
            .cloned()
            .collect()
    }

    /// Markdown with its footnote markers linked to `notes` (the report's own).
    fn linked_markdown(
        &mut self,
        text: Option<&Spanned<String>>,
        notes: &[crate::model::day::Footnote],
    ) -> String {
        let html = self.markdown_opt(text);
        NoteScopes::new()
            .with("", notes)
            .link(&mut self.linker, &html)
    }

    fn sections(
        &mut self,
        sections: &[Section],
        level: usize,
        notes: &[crate::model::day::Footnote],
        out: &mut Vec<SectionView>,
    ) {
        for section in sections {
            // Titles may quote figures too: "3. Điểm khác {{ changes.label }}".
            let title = section.title.as_deref().map(|t| self.plain(t));
            let heading = heading(section.number.as_deref(), title);
            let anchor = format!(
                "muc-{}",
                slug(&format!(
                    "{}-{}",
                    out.len() + 1,
                    section.number.as_deref().unwrap_or("")
                ))
            );
            let mut body_html = self.linked_markdown(section.body.as_ref(), notes);
            let mut heading = NoteScopes::new()
                .with("", notes)
                .link(&mut self.linker, &escape_html(&heading));
            // A numbered paragraph without a title ("1. Tiếp tục hoàn thiện …") runs its number
            // into the text, as printed, instead of standing as a heading.
            if section.title.is_none()
                && !heading.is_empty()
                && let Some(rest) = body_html.strip_prefix("<p>")
            {
                body_html = format!("<p><span class=\"section-number\">{heading}</span> {rest}");
                heading = String::new();
            }
            // The section heading already names the table.
            let table = section.table.as_ref().and_then(|t| {
                let mut view = self.table(&t.value, "", NoteScopes::new().with("", notes))?;
                view.title = None;
                view.title_html = None;
                Some(view)
            });
            let charts = section
                .charts
                .iter()
                .filter_map(|c| self.chart(&c.value, ""))
                .collect();
            out.push(SectionView {
                level,
                anchor,
                heading,
                body_html,
                table,
                charts,
            });
            self.sections(&section.sections, level + 1, notes, out);
        }
    }

    /// The path of table `id`'s CSV file from the site root, made on first use; `None` for a
    /// table the day lacks.
    pub(super) fn csv_path(&mut self, id: &str) -> Option<String> {
        if let Some(file) = self.csv_files.get(id) {
            return Some(file.path.clone());
        }
        let schema = self.r.input.archive.schemas.get(id)?;
        let table = self.derived.table(self.day, id)?;
        let total = self.derived.totals.get(id).map(Vec::as_slice);
        let file = shared_file(id, "csv", super::csv::table_csv(schema, table, total));
        let path = file.path.clone();
        self.csv_files.insert(id.to_owned(), file);
        Some(path)
    }

    /// The view of a day table; `to_day` leads from the page to the day's folder. Its
    /// footnote markers link to its own notes, then to `outer`.
    pub(super) fn table(&mut self, id: &str, to_day: &str, outer: NoteScopes) -> Option<TableView> {
        let csv = self.csv_path(id)?;
        let schema = self.r.input.archive.schemas.get(id)?;
        let table = self.derived.table(self.day, id)?;
        let title = table.title.clone().map(|t| self.plain(&t));
        let total = self.derived.totals.get(id).map(Vec::as_slice);
        let href = format!("{to_day}{}{csv}", self.to_root);
        let mut view = table_view(schema, table, title, total, href);
        let written = self.day.file.tables.get(id).map(|t| &t.value);
        let intro = written.and_then(|t| t.intro.as_ref());
        view.intro_html = self.markdown_opt(intro);
        let notes = written.map_or(&[][..], |t| t.notes.as_slice());
        link_table(&mut view, notes, outer, &mut self.linker);
        Some(view)
    }

    /// A chart of this day; `to_day` leads from the page to the day's folder.
    fn chart(&self, name: &str, to_day: &str) -> Option<ChartView> {
        let chart = self.charts.get(self.day.date, self.edition, name)?;
        let appendices = format!("{to_day}appendices/index.html");
        Some(chart_view(
            chart,
            self.chart_src(chart, to_day),
            &appendices,
        ))
    }

    /// The address of a chart's shared file from a page; `to_day` leads from the page to the
    /// day's folder.
    pub(super) fn chart_src(&self, chart: &crate::chart::ChartFile, to_day: &str) -> String {
        match self.chart_files.get(&chart.name) {
            Some(file) => format!("{to_day}{}{}", self.to_root, file.path),
            None => String::new(),
        }
    }

    fn slides(&mut self) -> Vec<SlideView> {
        let archive = self.r.input.archive;
        deck(archive, self.day)
            .into_iter()
            .enumerate()
            .map(|(i, slide)| {
                let text = SlideText {
                    title: slide.title.as_deref().map(|t| self.plain(t)),
                    subtitle: slide.subtitle.as_deref().map(|t| self.plain(t)),
                    bullets: slide.bullets.iter().map(|b| self.plain(b)).collect(),
                    notes: slide.notes.as_deref().map(|t| self.plain(t)),
                };
                let chart = slide
                    .chart
                    .as_ref()
                    .and_then(|c| self.chart(&c.value, "../"));
                let table = slide.table.as_ref().and_then(|t| {
                    let mut view = self.table(&t.table.value, "../", NoteScopes::new())?;
                    if let Some(n) = t.rows {
                        view.rows.truncate(n);
                        view.total = None;
                    }
                    Some(view)
                });
                slide_view(i + 1, slide, text, chart, table)
            })
            .collect()
    }
}

/// The view of a drawn chart for a page: `src` is its file and `appendices` the appendices
/// page, both relative to the page.
pub(super) fn chart_view(
    chart: &crate::chart::ChartFile,
    src: String,
    appendices: &str,
) -> ChartView {
    ChartView {
        name: chart.name.clone(),
        title: chart.title.clone(),
        desc: chart.desc.clone(),
        src,
        table_href: format!("{appendices}#bang-{}", chart.table),
    }
}

/// A section heading: the number exactly as typed (`I.`, `a)`, `(i)`, `1.1.`), then the title.
fn heading(number: Option<&str>, title: Option<String>) -> String {
    let number = number.map(str::to_owned);
    match (number, title) {
        (Some(n), Some(t)) if !t.is_empty() => format!("{n} {t}"),
        (Some(n), _) => n,
        (None, Some(t)) => t,
        (None, None) => String::new(),
    }
}
