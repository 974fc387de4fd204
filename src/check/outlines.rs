//! Day outlines. Adding a day renders that day and the one before it, yet every page of the
//! site-wide kind (home, calendar, feed, entity pages, manifest) reads a little of every day,
//! and typing every real-size day again from its parsed file took most of such a build. So
//! `build` keeps, beside each day's parsed file, its **outline**: the typed day with only what
//! those pages read (date, edition, release time, number, title, how many appendices, what its
//! tables say of each entity (`entity::DayEntities`, not the tables), the points of its time
//! series (`series::DaySeries`), the edition's id and the first lines of its text that edition
//! errors quote), and what typing it said. A day whose rules' findings are kept is loaded from its
//! outline; the days a rendered page or a rule reads in full are then typed in full
//! ([`type_outlined`]).
//!
//! An outline is named by this program, everything the pages share (`Ids::shared`: the
//! publication, schemas, templates and theme), the file's path and its bytes, so it is exactly
//! what typing the file would give. One that cannot be read is ignored with a note and its day
//! typed again.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::archive::{Archive, Day, Outline, Schema};
use crate::cache::{StoredDiagnostic, stored};
use crate::day_path::date_from_path;
use crate::entity::{DayEntities, EntityIndex};
use crate::error::{Cached, Diagnostic, Report, Severity};
use crate::ident::Ids;
use crate::load::{DayCache, DayInput, Inputs};
use crate::model::day::DayFile;
use crate::model::publication::Publication;
use crate::series::{self, DaySeries};

/// When a build may load days from their outlines.
#[derive(Clone, Copy)]
pub struct Outlines<'a> {
    /// The build's ids: what every page shares keys the outlines, and names each edition.
    pub ids: &'a Ids,
    /// Whether the rules' findings of a date are kept: only then may its days be outlined (the
    /// rules read a day in full).
    pub findings_kept: Cached<'a>,
    /// Whether each day typed in full is held as its outline once the checks of this stage ran:
    /// a build that reads many days in full types them again window by window
    /// ([`type_outlined`], [`outline_again`]), so that it never holds them all.
    pub hold_outlines: bool,
}

impl Outlines<'_> {
    /// The outline of `input`'s day and what typing it said, when its findings are kept and its
    /// cache has one.
    pub(super) fn load(&self, input: &DayInput) -> Option<(Day, Vec<Diagnostic>)> {
        let date = date_from_path(&input.path)?;
        if !(self.findings_kept)(date) {
            return None;
        }
        input
            .cache()?
            .outline(&input.path, &input.digest, self.ids.shared(), decode)
    }

    /// Keeps the outline of `day`, typed just now, and what typing it said.
    /// With [`Outlines::hold_outlines`], the outline itself is returned, for the day to be
    /// held as it.
    pub(super) fn keep(
        &self,
        cache: &DayCache,
        day: &Day,
        said: &[Diagnostic],
        read: &Reading,
    ) -> Option<Day> {
        if !cache.keeps_outlines() {
            return None;
        }
        let payload = encode(day, said, self.ids.edition(&day.text), read)?;
        cache.put_outline(&day.source, &day.digest, self.ids.shared(), &payload);
        self.hold_outlines
            .then(|| decode(&payload).ok().map(|(outline, _)| outline))
            .flatten()
    }
}

/// An outline as stored (MessagePack: the day file's values keep their places, as in the
/// parsed-day entries).
#[derive(Serialize, Deserialize)]
struct Stored {
    date: NaiveDate,
    edition: u32,
    published: Option<NaiveDateTime>,
    source: String,
    /// The text's first lines, to the `published:` line: all an edition error quotes.
    head: String,
    digest: [u8; 32],
    file: DayFile,
    entities: DayEntities,
    series: DaySeries,
    appendix_count: usize,
    edition_id: String,
    said: Vec<StoredDiagnostic>,
}

/// What reading a day's tables for its entities takes.
pub(super) struct Reading<'a> {
    pub publication: &'a Publication,
    pub schemas: &'a BTreeMap<String, Schema>,
    pub index: &'a EntityIndex,
}

/// The day file's fields the site-wide pages read, and the charts it declares (which say what a
/// time series reads of the days before it); the narrative, slides, tables and appendices are
/// left out.
fn outline_file(file: &DayFile) -> DayFile {
    DayFile {
        date: file.date.clone(),
        published: file.published.clone(),
        correction: file.correction.clone(),
        number: file.number.clone(),
        title: file.title.clone(),
        document: file.document.clone(),
        data_time: file.data_time.clone(),
        recipients: file.recipients.clone(),
        intro: None,
        sections: Vec::new(),
        closing: None,
        distribution: Vec::new(),
        signature: None,
        circulation_note: None,
        footnotes: Vec::new(),
        appendix_caption: file.appendix_caption.clone(),
        appendices: None,
        tables: BTreeMap::new(),
        slides: Vec::new(),
        extend_default_deck: file.extend_default_deck,
        charts: file.charts.clone(),
    }
}

/// The text up to the end of its `published:` line (its first line without one).
fn head(day: &Day) -> String {
    let last = day
        .file
        .published
        .as_ref()
        .map_or(1, |p| p.referenced.line() as usize)
        .max(1);
    let end = day
        .text
        .match_indices('\n')
        .nth(last - 1)
        .map_or(day.text.len(), |(at, _)| at + 1);
    day.text[..end].to_owned()
}

fn encode(day: &Day, said: &[Diagnostic], edition_id: String, read: &Reading) -> Option<Vec<u8>> {
    let stored = Stored {
        date: day.date,
        edition: day.edition,
        published: day.published,
        source: day.source.to_str()?.to_owned(),
        head: head(day),
        digest: day.digest,
        file: outline_file(&day.file),
        entities: DayEntities::of(&day.tables, read.publication, read.schemas, read.index),
        series: series::day_series(read.publication, read.schemas, read.index, day),
        appendix_count: day.appendix_count(),
        edition_id,
        said: stored(said)?,
    };
    rmp_serde::to_vec(&stored).ok()
}

fn decode(payload: &[u8]) -> Result<(Day, Vec<Diagnostic>), String> {
    let stored: Stored =
        rmp_serde::from_slice(payload).map_err(|e| format!("it cannot be decoded ({e})"))?;
    let day = Day {
        date: stored.date,
        edition: stored.edition,
        published: stored.published,
        source: PathBuf::from(stored.source),
        text: stored.head,
        digest: stored.digest,
        file: stored.file,
        written_texts: BTreeMap::new(),
        tables: BTreeMap::new(),
        appendices: Vec::new(),
        outline: Some(Outline {
            edition_id: stored.edition_id,
            entities: stored.entities,
            series: stored.series,
            appendix_count: stored.appendix_count,
        }),
        edition_id: Default::default(),
        entities: Default::default(),
    };
    let said = stored.said.into_iter().map(Diagnostic::from).collect();
    Ok((day, said))
}

/// How many briefings before a day are read with it: a rendered day is compared with the one
/// before it, whose own empty computed columns are filled from the one before that. The
/// briefings its time series show are read from their outlines (`series`).
const READ_BEFORE: usize = 2;

/// The dates whose days this build reads in full: each day it renders (`stale`) or applies
/// the rules to (`findings_kept` false), the [`READ_BEFORE`] briefings before each, and the
/// briefings a rendered day's time series show whose outlines do not keep their points.
pub fn read_in_full(
    archive: &Archive,
    stale: &BTreeSet<NaiveDate>,
    findings_kept: Cached,
) -> BTreeSet<NaiveDate> {
    let mut wanted = BTreeSet::new();
    let mut left = 0;
    for (index, day) in archive.days.iter().enumerate().rev() {
        if stale.contains(&day.date) {
            wanted.extend(series::uncovered(archive, index));
        }
        if stale.contains(&day.date) || !findings_kept(day.date) {
            left = READ_BEFORE + 1;
        }
        if left > 0 {
            wanted.insert(day.date);
            left -= 1;
        }
    }
    wanted
}

/// Types in full the outlined days (their inputs: `outlined`) whose date is `wanted` and that
/// are still held as outlines, in place in `archive`. What typing them says was said already,
/// from their outlines; an error (the outline did not match its file) is returned.
pub fn type_outlined(
    inputs: &Inputs,
    archive: &mut Archive,
    outlined: &[DayInput],
    wanted: &BTreeSet<NaiveDate>,
) -> Report {
    use rayon::prelude::*;
    let broken: BTreeSet<String> = inputs.broken_schemas.iter().cloned().collect();
    let known = super::Known {
        schemas: &archive.schemas,
        broken: &broken,
    };
    let publication = &inputs.publication;
    let has_entities = !publication.value.entities.is_empty();
    let held: BTreeSet<&std::path::Path> = (archive.days.iter())
        .chain(&archive.superseded)
        .filter(|d| d.outline.is_some() && wanted.contains(&d.date))
        .map(|d| d.source.as_path())
        .collect();
    // Picked first, so that the work is split between threads, not the list.
    let picked: Vec<DayInput> = (outlined.iter())
        .filter(|input| held.contains(input.path.as_path()))
        .filter_map(DayInput::again)
        .collect();
    let typed: Vec<(Option<Day>, Report)> = picked
        .into_par_iter()
        .map(|input| super::type_day(input, &known, publication, has_entities))
        .collect();
    let mut errors = Report::default();
    for (day, said) in typed {
        errors.diagnostics.extend(
            said.diagnostics
                .into_iter()
                .filter(|d| d.severity == Severity::Error),
        );
        let Some(mut day) = day else { continue };
        super::day::keep_written_texts(&mut day);
        let day = Arc::new(day);
        for slot in archive.days.iter_mut().chain(archive.superseded.iter_mut()) {
            if slot.date == day.date && slot.edition == day.edition {
                *slot = day.clone();
            }
        }
    }
    errors
}

/// Holds as their outlines again the days typed in full whose date is not `wanted` and whose
/// input is in `outlined` (so that they can be typed again).
pub fn outline_again(
    archive: &mut Archive,
    outlined: &[DayInput],
    wanted: &BTreeSet<NaiveDate>,
    ids: &Ids,
) {
    use rayon::prelude::*;
    let again: BTreeSet<&std::path::Path> = outlined.iter().map(|i| i.path.as_path()).collect();
    let reading = Reading {
        publication: &archive.publication,
        schemas: &archive.schemas,
        index: &archive.entity_index,
    };
    let outline = |slot: &Arc<Day>| -> Option<Arc<Day>> {
        if slot.outline.is_some()
            || wanted.contains(&slot.date)
            || !again.contains(slot.source.as_path())
        {
            return None;
        }
        let payload = encode(slot, &[], ids.edition(&slot.text), &reading)?;
        decode(&payload).ok().map(|(day, _)| Arc::new(day))
    };
    // One day at a time between threads: the days to outline are side by side.
    let days: Vec<Option<Arc<Day>>> = archive
        .days
        .par_iter()
        .with_max_len(1)
        .map(outline)
        .collect();
    let superseded: Vec<Option<Arc<Day>>> = archive
        .superseded
        .par_iter()
        .with_max_len(1)
        .map(outline)
        .collect();
    for (slot, outlined) in archive.days.iter_mut().zip(days) {
        if let Some(day) = outlined {
            *slot = day;
        }
    }
    for (slot, outlined) in archive.superseded.iter_mut().zip(superseded) {
        if let Some(day) = outlined {
            *slot = day;
        }
    }
}
