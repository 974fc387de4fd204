//! The document rules, a stage of their own after `derive`: appendices cited in the text exist,
//! the appendix captions name the report's own number and date, footnote markers have notes,
//! and figures typed in the text equal the values the publication ties them to. They read the
//! checked archive and the derived figures; only warnings, plus errors in the rules themselves.

mod captions;
mod figures;

use std::path::Path;

use chrono::NaiveDate;
use rayon::prelude::*;

use crate::archive::{Archive, Day};
use crate::check::locate;
use crate::check::phrase::{Phrase, Plain};
use crate::derive::Derived;
use crate::error::{Cached, DayFindings, Diagnostic, Report};
use crate::model::Spanned;
use crate::model::day::Section;
use crate::model::rules::FigureRule;

/// Checks every day of the archive whose findings are not `cached`; the findings by date.
pub fn check(archive: &Archive, derived: &Derived, cached: Cached) -> DayFindings {
    let rules = &archive.publication.rules;
    let figures: Vec<(&Spanned<FigureRule>, Phrase)> = rules
        .figures
        .iter()
        .filter_map(|f| Phrase::parse(&f.value.text).ok().map(|p| (f, p)))
        .collect();
    // Days are independent: checked in parallel, their reports gathered in archive order.
    // The days picked first, so that the work is split between threads, not the archive.
    let picked: Vec<_> = (archive.days.iter())
        .zip(&derived.days)
        .filter(|(day, _)| !cached(day.date))
        .collect();
    let per_day: Vec<(NaiveDate, Report)> = picked
        .into_par_iter()
        .map(|(day, derived_day)| {
            let mut own = Report::default();
            let texts = texts(archive, day);
            if let Some(words) = &rules.appendix_citations {
                citations(day, &texts, words, &mut own);
            }
            if rules.caption_matches_header {
                captions::captions(archive, day, &mut own);
            }
            note_markers(day, &texts, &mut own);
            let checker = figures::FigureCheck {
                archive,
                day,
                derived: derived_day,
                context: std::cell::OnceCell::new(),
            };
            for (rule, phrase) in &figures {
                checker.check(rule, phrase, &texts, &mut own);
            }
            (day.date, own)
        })
        .collect();
    per_day
        .into_iter()
        .map(|(date, own)| (date, own.diagnostics))
        .collect()
}

/// At most this many findings of one rule are reported per day: a text that trips a rule
/// thousands of times (a pasted line repeated) gets the first ones and one line for the rest,
/// so the work stays linear in the text.
const MAX_FINDINGS_PER_RULE: usize = 100;

/// Whether another finding of `rule` may be reported on this day; at the limit, says so once.
fn room_for(report: &mut Report, rule: &str, file: &Path) -> bool {
    let shown = report
        .diagnostics
        .iter()
        .filter(|d| d.rule.as_deref() == Some(rule))
        .count();
    if shown == MAX_FINDINGS_PER_RULE {
        report.push(
            Diagnostic::warning(
                file,
                0,
                0,
                format!(
                    "more than {MAX_FINDINGS_PER_RULE} findings of `{rule}` on this day: the rest are not shown"
                ),
            )
            .expected("the findings above corrected first")
            .rule(rule),
        );
    }
    shown < MAX_FINDINGS_PER_RULE
}

/// A piece of text of a day with where it is written.
struct Text<'a> {
    /// The text as written (Markdown, maybe with `{{ … }}`).
    text: &'a str,
    /// The text as phrases see it, prepared once.
    plain: Plain<'a>,
    /// The file it is written in: the day file, or the publication for shared text.
    file: &'a Path,
    /// That file's text.
    file_text: &'a str,
    /// The line it starts on, or a line before it (1 when unknown).
    from_line: usize,
    /// For text found by searching backwards: the line it is on or before.
    before_line: Option<usize>,
    /// Finds offsets of the text in the file, made on first use.
    locator: std::cell::OnceCell<Option<locate::ValueLocator<'a>>>,
}

impl Text<'_> {
    /// Line and column of byte `offset` of the text.
    fn position(&self, offset: usize) -> (usize, usize) {
        let locator = self.locator.get_or_init(|| {
            let from = match self.before_line {
                Some(before) => {
                    locate::find_before(self.file_text, before, self.text).map(|(line, _)| line)
                }
                None => Some(self.from_line),
            };
            from.map(|line| locate::ValueLocator::new(self.file_text, line, self.text))
        });
        locator
            .as_ref()
            .and_then(|l| l.at(offset))
            .unwrap_or((self.from_line, 1))
    }
}

/// Every text of the day that readers see: narrative, titles, captions, slides, text cells.
fn texts<'a>(archive: &'a Archive, day: &'a Day) -> Vec<Text<'a>> {
    let file = &day.file;
    let in_day = |text: &'a str, from_line: usize| Text {
        text,
        plain: Plain::new(text),
        file: &day.source,
        file_text: &day.text,
        from_line,
        before_line: None,
        locator: Default::default(),
    };
    let spanned = |s: &'a Spanned<String>| in_day(&s.value, s.referenced.line() as usize);
    let mut out = Vec::new();
    out.extend(file.intro.as_ref().map(spanned));
    sections(&file.sections, &mut out, &in_day);
    out.extend(file.closing.as_ref().map(spanned));
    for note in file.circulation_note.iter().chain(&file.footnotes) {
        out.push(in_day(&note.text, 1));
    }
    // Slides: the day's own, else the publication's default deck.
    let (deck, deck_file, deck_text) = if file.slides.is_empty() {
        (
            &archive.publication.slides,
            archive.publication_path.as_path(),
            archive.publication_text.as_str(),
        )
    } else {
        (&file.slides, day.source.as_path(), day.text.as_str())
    };
    for slide in deck {
        let strings = slide
            .title
            .iter()
            .chain(&slide.subtitle)
            .chain(&slide.bullets)
            .chain(&slide.notes)
            .chain(&slide.chart_note)
            .chain(slide.lists.iter().map(|l| &l.label));
        for text in strings {
            out.push(Text {
                text,
                plain: Plain::new(text),
                file: deck_file,
                file_text: deck_text,
                from_line: 1,
                before_line: None,
                locator: Default::default(),
            });
        }
    }
    // Appendix titles: the day's own list, else the publication's.
    match &file.appendices {
        Some(list) => {
            for appendix in list {
                if let (Some(title), Some(first)) =
                    (&appendix.title, appendix.all_tables().first().copied())
                {
                    out.push(Text {
                        before_line: Some(first.referenced.line() as usize),
                        locator: Default::default(),
                        ..in_day(title, 1)
                    });
                }
            }
        }
        None => {
            for appendix in &archive.publication.appendices {
                if let Some(title) = &appendix.title {
                    out.push(Text {
                        text: title,
                        plain: Plain::new(title),
                        file: &archive.publication_path,
                        file_text: &archive.publication_text,
                        from_line: 1,
                        before_line: None,
                        locator: Default::default(),
                    });
                }
            }
        }
    }
    // Lead-ins of the day's own appendices and their parts.
    for appendix in file.appendices.iter().flatten() {
        out.extend(appendix.intro.as_ref().map(spanned));
        let mut parts: Vec<&crate::model::publication::AppendixPart> =
            appendix.parts.iter().collect();
        while let Some(part) = parts.pop() {
            out.extend(part.intro.as_ref().map(spanned));
            parts.extend(&part.parts);
        }
    }
    for (id, table) in &file.tables {
        let line = table.referenced.line() as usize;
        for text in table.value.title.iter().chain(&table.value.note) {
            out.push(in_day(text, line));
        }
        out.extend(table.value.intro.as_ref().map(spanned));
        for note in &table.value.notes {
            out.push(in_day(&note.text, line));
        }
        for cell in day.written_texts.get(id).into_iter().flatten() {
            out.push(in_day(&cell.text, cell.line as usize));
        }
    }
    out
}

fn sections<'a>(
    list: &'a [Section],
    out: &mut Vec<Text<'a>>,
    in_day: &impl Fn(&'a str, usize) -> Text<'a>,
) {
    for section in list {
        if let Some(title) = &section.title {
            // A title is found as the last occurrence before its body.
            let before_line = section.body.as_ref().map(|b| b.referenced.line() as usize);
            out.push(Text {
                before_line,
                ..in_day(title, 1)
            });
        }
        if let Some(body) = &section.body {
            out.push(in_day(&body.value, body.referenced.line() as usize));
        }
        sections(&section.sections, out, in_day);
    }
}

/// "Phụ lục 9", "Phụ lục IV", "Phụ lục II.1": every appendix cited is one of the day's
/// appendices (for a compound number, the appendix it belongs to).
fn citations(day: &Day, texts: &[Text], words: &str, report: &mut Report) {
    let numbers: Vec<&str> = day.appendices.iter().map(|a| a.number.as_str()).collect();
    let known = |typed: &str| {
        numbers.contains(&typed)
            || typed
                .split_once('.')
                .is_some_and(|(head, _)| numbers.contains(&head))
    };
    for text in texts {
        for (typed, offset) in text.plain.citations(words.trim()) {
            let figure = Cited { typed, offset };
            if known(&figure.typed) {
                continue;
            }
            if !room_for(report, "appendix_citations", text.file) {
                continue;
            }
            let listed = if numbers.is_empty() {
                "this day has no appendices".to_owned()
            } else {
                format!("this day's appendices are {}", numbers.join(", "))
            };
            let (line, column) = text.position(figure.offset);
            report.push(
                Diagnostic::warning(
                    text.file,
                    line,
                    column,
                    format!(
                        "\"{} {}\" is cited, but {} has no such appendix",
                        words.trim(),
                        figure.typed,
                        crate::vn::date(day.date)
                    ),
                )
                .width(figure.typed.chars().count())
                .expected(listed)
                .hint("correct the number, or add the appendix to the day's `appendices:`")
                .rule("appendix_citations")
                .with_source(text.file_text),
            );
        }
    }
}

/// Every footnote marker `[^3]` has a note with that mark: the report's footnotes, a table's
/// or an appendix's notes.
fn note_markers(day: &Day, texts: &[Text], report: &mut Report) {
    let file = &day.file;
    let appendix_notes = day.appendices.iter().flat_map(|a| &a.decl.notes);
    let table_notes = file.tables.values().flat_map(|t| &t.value.notes);
    let marks: Vec<&str> = file
        .circulation_note
        .iter()
        .chain(&file.footnotes)
        .chain(appendix_notes)
        .chain(table_notes)
        .filter_map(|n| n.mark.as_deref())
        .collect();
    for text in texts {
        if !text.text.contains("[^") {
            continue;
        }
        for (range, mark) in crate::notes::find_marks(text.text) {
            if marks.contains(&mark) || !room_for(report, "notes", text.file) {
                continue;
            }
            let (line, column) = text.position(range.start);
            report.push(
                Diagnostic::warning(
                    text.file,
                    line,
                    column,
                    format!("footnote marker `[^{mark}]` has no note"),
                )
                .width(range.len())
                .expected(format!("a note {{ mark: \"{mark}\", text: … }} in the day's `footnotes:`, the table's `notes:` or the appendix's `notes:`"))
                .hint("the marker is printed as typed until its note exists")
                .rule("notes")
                .with_source(text.file_text),
            );
        }
    }
}

/// An appendix number cited in the text.
struct Cited {
    typed: String,
    offset: usize,
}
