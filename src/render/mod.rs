//! Stage 5, **render**: pages, CSV and assets as files in memory; nothing touches the disk.
//! Data in: the archive, derived figures, charts, templates and theme. Data out: [`OutputFile`]s.

pub mod csv;
mod day_pages;
mod engine;
mod list_pages;
pub mod narrative;
mod slides;
pub mod table;
pub mod views;

use chrono::NaiveDate;
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
}

/// Shared state while rendering.
pub(crate) struct Renderer<'a> {
    pub input: &'a RenderInput<'a>,
    pub tera: Tera,
}

impl Renderer<'_> {
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
    for (day, derived) in input.archive.days.iter().zip(&input.derived.days) {
        match day_pages::render_day(&renderer, day, derived) {
            Ok(day_files) => files.extend(day_files),
            Err(Error::Content(r)) => report.diagnostics.extend(r.diagnostics),
            Err(other) => return Err(other),
        }
    }
    if report.error_count() > 0 {
        report.sort();
        return Err(Error::Content(report));
    }
    files.extend(list_pages::render_lists(&renderer)?);
    files.extend(assets(input));
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
            ".status-{slug} {{ background: {c}; border-color: {c}; }}\n.swatch-{slug} {{ background: {c}; }}\n",
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
