//! Stage 2, **check**: types every day against the publication and its schemas.
//! Data in: [`Inputs`]. Data out: an [`Archive`] and the warnings found, or every error at once.

mod charts;
pub(crate) mod day;
mod edition;
mod schema;
mod table;

use std::collections::BTreeMap;
use std::path::Path;

use crate::archive::Archive;
use crate::error::{Diagnostic, Error, Report};
use crate::load::Inputs;
use crate::model::Spanned;

/// Checks everything and returns the typed archive plus warnings. Errors from all files are
/// reported together.
pub fn check(inputs: &Inputs) -> Result<(Archive, Report), Error> {
    let mut report = Report::default();
    let mut schemas = BTreeMap::new();
    for (id, loaded) in &inputs.schemas {
        if let Some(schema) = schema::check_schema(id, loaded, &mut report) {
            schemas.insert(id.clone(), schema);
        }
    }
    let publication = &inputs.publication;
    schema::check_publication(publication, &schemas, &mut report);
    let has_entities = !publication.value.entities.is_empty();
    charts::check_charts(
        &publication.path,
        &publication.text,
        &publication.value.charts,
        &schemas,
        has_entities,
        &mut report,
    );
    for day in &inputs.days {
        charts::check_charts(
            &day.path,
            &day.text,
            &day.value.charts,
            &schemas,
            has_entities,
            &mut report,
        );
    }
    let mut days = Vec::new();
    for loaded in &inputs.days {
        if let Some(day) = day::check_day(loaded, publication, &schemas, &mut report) {
            days.push(day);
        }
    }
    let (days, superseded) = edition::split_editions(days, &mut report);
    report.sort();
    if report.error_count() > 0 {
        return Err(Error::Content(report));
    }
    let archive = Archive {
        publication: publication.value.clone(),
        publication_path: publication.path.clone(),
        publication_text: publication.text.clone(),
        schemas,
        days,
        superseded,
    };
    Ok((archive, report))
}

/// Line and column of a spanned value (1-based).
pub(crate) fn at<T>(value: &Spanned<T>) -> (usize, usize) {
    (
        value.referenced.line() as usize,
        value.referenced.column() as usize,
    )
}

/// An error pointing at a spanned value, with the source line attached.
pub(crate) fn error_at<T>(
    path: &Path,
    text: &str,
    value: &Spanned<T>,
    message: impl Into<String>,
) -> Diagnostic {
    let (line, column) = at(value);
    Diagnostic::error(path, line, column, message).with_source(text)
}

/// A warning pointing at a spanned value, with the source line attached.
pub(crate) fn warning_at<T>(
    path: &Path,
    text: &str,
    value: &Spanned<T>,
    message: impl Into<String>,
) -> Diagnostic {
    let (line, column) = at(value);
    Diagnostic::warning(path, line, column, message).with_source(text)
}

pub use day::date_from_path;
pub use edition::edition_from_path;
