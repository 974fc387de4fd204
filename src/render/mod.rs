//! Stage 5, **render**: pages, CSV and assets as files in memory; nothing touches the disk.
//! Data in: the archive, derived figures, charts, templates and theme. Data out: [`OutputFile`]s.

pub mod csv;
mod day_pages;
mod engine;
mod entity_pages;
mod feeds;
mod history_pages;
mod list_pages;
mod manifest;
pub mod narrative;
mod search;
mod slides;
pub mod table;
pub mod views;

use chrono::NaiveDate;
use rayon::prelude::*;
use tera::Tera;

use crate::archive::Archive;
use crate::chart::Charts;
use crate::derive::Derived;
use crate::error::{Error, Report};
use crate::load::TemplateSource;

pub(crate) use day_pages::narrative_context;
pub use engine::register_filters;

/// A file of the finished site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path relative to the site root, with `/` separators.
    pub path: String,
    /// Contents.
    pub bytes: Vec<u8>,
}

/// What render needs.
pub struct RenderInput<'a> {
    /// The checked archive.
    pub archive: &'a Archive,
    /// Derived figures.
    pub derived: &'a Derived,
    /// Charts drawn by the chart stage.
    pub charts: &'a Charts,
    /// Templates.
    pub templates: &'a [TemplateSource],
    /// Theme files by relative path.
    pub theme: &'a [(String, Vec<u8>)],
    /// Build and edition identifiers.
    pub ids: &'a crate::ident::Ids,
    /// Build time for `manifest.json`, only when the user asks for one (`--stamp-time`).
    pub built_at: Option<String>,
}

/// Shared state while rendering.
pub(crate) struct Renderer<'a> {
    pub input: &'a RenderInput<'a>,
    pub tera: Tera,
}

impl Renderer<'_> {
    /// The common fields of one of a day's pages: they show the edition and its id.
    pub fn day_meta(
        &self,
        day: &crate::archive::Day,
        path: &str,
        title: String,
        section: &'static str,
    ) -> views::PageMeta {
        let mut meta = self.meta(path, title, section);
        meta.id = self.input.ids.edition(&day.text);
        meta.edition = Some(format!("Bản {}", day.edition));
        meta
    }

    /// The common fields of a page at `path` (relative to the site root).
    pub fn meta(&self, path: &str, title: String, section: &'static str) -> views::PageMeta {
        let publication = &self.input.archive.publication;
        views::PageMeta {
            root: root_from(path),
            title,
            publication: publication.name.clone(),
            section,
            id: self.input.ids.build.clone(),
            edition: None,
            sample: publication.sample,
            has_entities: publication.entity_pages.is_some(),
        }
    }

    pub fn page(&self, name: &str, view: &impl serde::Serialize) -> Result<Vec<u8>, Error> {
        let context = tera::Context::from_serialize(view)
            .map_err(|e| engine::template_error(&e, self.input.templates))?;
        engine::render(&self.tera, name, &context, self.input.templates).map(String::into_bytes)
    }
}

/// Compiles the templates alone: the errors of every broken template, or nothing.
pub fn check_templates(templates: &[TemplateSource]) -> Report {
    match engine::build(templates) {
        Ok(_) => Report::default(),
        Err(Error::Content(report)) => report,
        Err(other) => {
            let mut report = Report::default();
            report.push(crate::error::Diagnostic::error(
                std::path::Path::new("templates"),
                0,
                0,
                other.to_string(),
            ));
            report
        }
    }
}

/// Renders the whole site. All narrative errors of all days are reported together.
pub fn render(input: &RenderInput) -> Result<Vec<OutputFile>, Error> {
    let renderer = Renderer {
        input,
        tera: engine::build(input.templates)?,
    };
    let mut files = Vec::new();
    let mut report = Report::default();
    let live = input
        .archive
        .days
        .iter()
        .zip(&input.derived.days)
        .map(|(day, derived)| (day, derived, day_pages::Place::live(day.date)));
    let frozen = input
        .archive
        .all_editions()
        .into_iter()
        .zip(&input.derived.editions)
        .map(|(day, derived)| {
            (
                day,
                derived,
                day_pages::Place::frozen(day.date, day.edition),
            )
        });
    // Days are independent: render them in parallel, then gather in archive order so the
    // output (and the order of reported errors) never depends on scheduling.
    let jobs: Vec<_> = live.chain(frozen).collect();
    let rendered: Vec<Result<Vec<OutputFile>, Error>> = jobs
        .par_iter()
        .map(|(day, derived, place)| day_pages::render_day(&renderer, day, derived, place))
        .collect();
    for result in rendered {
        match result {
            Ok(day_files) => files.extend(day_files),
            Err(Error::Content(r)) => report.diagnostics.extend(r.diagnostics),
            Err(other) => return Err(other),
        }
    }
    if report.error_count() > 0 {
        report.sort();
        return Err(Error::Content(report));
    }
    let search = search::render_search(&renderer, &files)?;
    files.extend(search);
    files.extend(list_pages::render_lists(&renderer)?);
    files.extend(entity_pages::render_entities(&renderer)?);
    let mut pages: Vec<String> = files
        .iter()
        .filter(|f| f.path.ends_with(".html"))
        .map(|f| f.path.clone())
        .collect();
    pages.sort();
    files.extend(feeds::render_feeds(&renderer, &pages)?);
    files.extend(assets(input));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let editions = input
        .archive
        .all_editions()
        .into_iter()
        .map(|d| manifest::EditionEntry {
            date: d.date.format("%Y-%m-%d").to_string(),
            edition: d.edition,
            id: input.ids.edition(&d.text),
            path: day_pages::edition_dir(d.date, d.edition),
        })
        .collect();
    let manifest = manifest::manifest(
        &files,
        &input.ids.build,
        input.built_at.as_deref(),
        editions,
    );
    files.push(manifest);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

fn assets(input: &RenderInput) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = input
        .theme
        .iter()
        .map(|(path, bytes)| OutputFile {
            path: format!("assets/{path}"),
            bytes: bytes.clone(),
        })
        .collect();
    files.push(OutputFile {
        path: "assets/statuses.css".into(),
        bytes: status_css(input.archive).into_bytes(),
    });
    files.push(OutputFile {
        path: "README.md".into(),
        bytes: crate::defaults::SITE_README.as_bytes().to_vec(),
    });
    files
}

/// Status colours come from the publication, so they live in a generated stylesheet.
fn status_css(archive: &Archive) -> String {
    let mut css = String::from("/* Generated from content/publication.yaml `statuses`. */\n");
    for status in archive.statuses() {
        let slug = crate::text::slug(&status.code);
        css.push_str(&format!(
            ".status-{slug}, table.calendar td.has-briefing.status-{slug} {{ background: {c}; border-color: {c}; }}\n.swatch-{slug} {{ background: {c}; }}\n",
            c = status.color
        ));
    }
    css
}

/// The folder of a day, relative to the site root: "2025/08/09/".
pub fn day_dir(date: NaiveDate) -> String {
    date.format("%Y/%m/%d/").to_string()
}

/// The relative prefix from a page at `path` to the site root.
pub fn root_from(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}
