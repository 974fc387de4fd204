//! Stage 2, **check**: types every day against the publication and its schemas.
//! Data in: [`Inputs`]. Data out: an [`Archive`] and the warnings found, or every error at once.

mod charts;
pub(crate) mod day;
pub mod edition;
pub(crate) mod locate;
pub mod outlines;
pub mod phrase;
pub(crate) mod rules;
mod schema;
mod table;
mod typed_days;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use std::sync::Arc;

pub use outlines::{Outlines, outline_again, read_in_full, type_outlined};
pub use typed_days::TypedDays;

use crate::archive::{Archive, Day};
use crate::error::{Cached, DayFindings, Diagnostic, Error, Report};
use crate::load::{DayInput, Inputs};
use crate::model::Spanned;

/// Checks everything and returns the typed archive plus warnings. Errors from all files are
/// reported together. The day files are moved into the archive, so `inputs.days` is left empty.
pub fn check(inputs: &mut Inputs) -> Result<(Archive, Report), Error> {
    let days = std::mem::take(&mut inputs.days);
    let mut checked = check_all(inputs, days, &|_| false, None, None);
    let findings = std::mem::take(&mut checked.findings);
    checked
        .report
        .diagnostics
        .extend(findings.into_values().flatten());
    checked.report.sort();
    if checked.report.error_count() > 0 {
        return Err(Error::Content(checked.report));
    }
    Ok((checked.archive, checked.report))
}

/// The outcome of [`check_all`].
#[derive(Debug, Clone)]
pub struct Checked {
    /// The days without errors, typed, oldest first.
    pub archive: Archive,
    /// Every error and warning found, but the rules' findings.
    pub report: Report,
    /// What the rules found about each day they were applied to.
    pub findings: DayFindings,
    /// Whether the publication file and the schemas have no errors, so that the later stages
    /// can run on the archive to find the errors of their own.
    pub publication_ok: bool,
    /// Whether the rules have no errors, so that they can be applied.
    pub rules_ok: bool,
    /// The inputs of the days loaded from their outlines, to type in full those a page or a
    /// rule needs ([`type_outlined`]).
    pub outlined: Vec<DayInput>,
}

/// Checks the publication and schemas of `inputs` and parses and checks every one of
/// `day_files` (taken out of `inputs.days`), and keeps going after errors: a day with errors is left out of the
/// archive, so the stages after this one can still check the other days. The rules are not
/// applied to the days whose findings are `cached`. A day found in `typed` with the same bytes
/// is reused rather than parsed and typed again; the days typed here are kept there. With
/// `outlines`, a day whose findings are kept is loaded from its outline when it has one, and
/// the outline of each day typed here is kept.
pub fn check_all(
    inputs: &Inputs,
    day_files: Vec<DayInput>,
    cached: Cached,
    typed: Option<&TypedDays>,
    outlines: Option<Outlines>,
) -> Checked {
    let mut report = Report::default();
    let mut schemas = BTreeMap::new();
    let mut broken: BTreeSet<String> = inputs.broken_schemas.iter().cloned().collect();
    for (id, loaded) in &inputs.schemas {
        match schema::check_schema(id, loaded, &mut report) {
            Some(schema) => {
                schemas.insert(id.clone(), schema);
            }
            None => {
                broken.insert(id.clone());
            }
        }
    }
    let known = Known {
        schemas: &schemas,
        broken: &broken,
    };
    let publication = &inputs.publication;
    schema::check_publication(publication, &known, &mut report);
    let has_entities = !publication.value.entities.is_empty();
    charts::check_charts(
        &publication.path,
        &publication.text,
        &publication.value.charts,
        &known,
        has_entities,
        &mut report,
    );
    let publication_ok = report.error_count() == 0;
    rules::check_config(publication, &known, &mut report);
    let rules_ok = report.error_count() == 0;
    // Each day file moves into its checked day: the archive holds no second copy of the
    // parsed archive. Days are checked in parallel and gathered in file order.
    let basis = typed.map(|_| typed_days::basis(inputs));
    let paths: BTreeSet<PathBuf> = match typed {
        Some(_) => day_files.iter().map(|d| d.path.clone()).collect(),
        None => BTreeSet::new(),
    };
    let entity_index = crate::entity::EntityIndex::new(&publication.value.entities);
    let reading = outlines::Reading {
        publication: &publication.value,
        schemas: &schemas,
        index: &entity_index,
    };
    let rules_of = |day: &Day, found: &mut Report| {
        if rules_ok && !cached(day.date) {
            rules::check_day_tables(day, publication, &schemas, found);
        }
    };
    let checked: Vec<(DayChecked, Report)> = day_files
        .into_par_iter()
        .map(|input| {
            let mut found = Report::default();
            if let (Some(typed), Some(basis)) = (typed, &basis)
                && let Some((day, said)) = typed.get(&input.path, &input.digest, basis)
            {
                rules_of(&day, &mut found);
                let own = Report { diagnostics: said };
                return ((Some(day), found, None), own);
            }
            if let Some(outlines) = outlines
                && let Some((day, said)) = outlines.load(&input)
            {
                // Its findings are kept (so no rule runs on it), and it is typed in full
                // later if a page or a rule needs it.
                let own = Report { diagnostics: said };
                let again = input.again().unwrap_or(input);
                return ((Some(Arc::new(day)), found, Some(again)), own);
            }
            let path = input.path.clone();
            let cache = input.cache().cloned();
            let again = input.again();
            let (day, own) = type_day(input, &known, publication, has_entities);
            let mut held = None;
            let day = day.map(|mut day| {
                rules_of(&day, &mut found);
                day::keep_written_texts(&mut day);
                if let (Some(outlines), Some(cache)) = (outlines, &cache) {
                    held = outlines.keep(cache, &day, &own.diagnostics, &reading);
                }
                let day = Arc::new(day);
                if let (Some(typed), Some(basis)) = (typed, &basis) {
                    typed.put(&path, basis, &day, &own.diagnostics);
                }
                day
            });
            // Held as its outline, it is typed again when a window of days reads it.
            if let (Some(outline), Some(again)) = (held, again) {
                return ((Some(Arc::new(outline)), found, Some(again)), own);
            }
            ((day, found, None), own)
        })
        .collect();
    let mut findings = DayFindings::new();
    if let Some(typed) = typed {
        typed.keep_only(&paths.iter().map(PathBuf::as_path).collect());
    }
    let mut outlined = Vec::new();
    let days: Vec<Arc<Day>> = report
        .gather(checked)
        .into_iter()
        .filter_map(|(day, found, input)| {
            outlined.extend(input);
            let day = day?;
            findings
                .entry(day.date)
                .or_default()
                .extend(found.diagnostics);
            Some(day)
        })
        .collect();
    let (days, superseded) = edition::split_editions(days, &mut report);
    report.sort();
    let archive = Archive {
        publication: publication.value.clone(),
        publication_path: publication.path.clone(),
        publication_text: publication.text.clone(),
        schemas,
        days,
        superseded,
        entity_index,
    };
    Checked {
        archive,
        report,
        findings,
        publication_ok,
        rules_ok,
        outlined,
    }
}

/// A day typed (`None` with errors), what the rules found about it, and its input when it was
/// loaded from its outline.
type DayChecked = (Option<Arc<Day>>, Report, Option<DayInput>);

/// Parses and types one day file: the day (`None` with errors, or when it cannot be read) and
/// what parsing, its chart declarations and typing said. Its written rows are still there, for
/// the rules; `day::keep_written_texts` drops them.
fn type_day(
    input: DayInput,
    known: &Known,
    publication: &crate::load::Loaded<crate::model::publication::Publication>,
    has_entities: bool,
) -> (Option<Day>, Report) {
    // Parsed here, and typed at once: the parsed rows are dropped as soon as typed.
    let (loaded, mut own) = input.parse();
    let Some(loaded) = loaded else {
        return (None, own);
    };
    charts::check_charts(
        &loaded.path,
        &loaded.text,
        &loaded.value.charts,
        known,
        has_entities,
        &mut own,
    );
    let day = day::check_day(loaded, publication, known, &mut own);
    (day.filter(|_| own.error_count() == 0), own)
}

/// The schemas that checked, and the ids of those that did not (whose errors are already
/// reported, so references to them are not reported again).
pub(crate) struct Known<'a> {
    /// Checked schemas by id.
    pub schemas: &'a BTreeMap<String, crate::archive::Schema>,
    /// Ids of schemas with errors.
    pub broken: &'a BTreeSet<String>,
}

impl Known<'_> {
    /// Whether `id` names a schema, good or broken.
    pub fn exists(&self, id: &str) -> bool {
        self.schemas.contains_key(id) || self.broken.contains(id)
    }
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
