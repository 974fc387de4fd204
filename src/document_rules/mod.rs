//! The document rules, a stage of their own after `derive`: appendices cited in the text exist,
//! the appendix captions name the report's own number and date, footnote markers have notes,
//! and figures typed in the text equal the values the publication ties them to. They read the
//! checked archive and the derived figures; only warnings, plus errors in the rules themselves.

use std::path::Path;

use rayon::prelude::*;

use tera::Tera;

use crate::archive::{Archive, Day};
use crate::check::locate;
use crate::check::phrase::{self, Phrase, Plain};
use crate::derive::{Derived, DerivedDay};
use crate::error::{Diagnostic, Report};
use crate::expressions::narrative_context;
use crate::model::Spanned;
use crate::model::day::Section;
use crate::model::rules::FigureRule;

/// Checks every day of the archive; the findings are sorted.
pub fn check(archive: &Archive, derived: &Derived) -> Report {
    let mut report = Report::default();
    let rules = &archive.publication.rules;
    let figures: Vec<(&Spanned<FigureRule>, Phrase)> = rules
        .figures
        .iter()
        .filter_map(|f| Phrase::parse(&f.value.text).ok().map(|p| (f, p)))
        .collect();
    let mut tera = Tera::new();
    crate::expressions::register_filters(&mut tera);
    // Days are independent: checked in parallel, their reports gathered in archive order.
    let per_day: Vec<Report> = archive
        .days
        .par_iter()
        .zip(&derived.days)
        .map(|(day, derived_day)| {
            let mut own = Report::default();
            let texts = texts(archive, day);
            if let Some(words) = &rules.appendix_citations {
                citations(day, &texts, words, &mut own);
            }
            if rules.caption_matches_header {
                captions(archive, day, &mut own);
            }
            note_markers(day, &texts, &mut own);
            let checker = FigureCheck {
                archive,
                day,
                derived: derived_day,
                tera: &tera,
                context: std::cell::OnceCell::new(),
            };
            for (rule, phrase) in &figures {
                checker.check(rule, phrase, &texts, &mut own);
            }
            own
        })
        .collect();
    report
        .diagnostics
        .extend(per_day.into_iter().flat_map(|own| own.diagnostics));
    report.sort();
    report
}

/// A piece of text of a day with where it is written.
struct Text<'a> {
    /// The text as written (Markdown, maybe with `{{ … }}`).
    text: &'a str,
    /// The text as phrases see it, prepared once.
    plain: Plain,
    /// The file it is written in: the day file, or the publication for shared text.
    file: &'a Path,
    /// That file's text.
    file_text: &'a str,
    /// The line it starts on, or a line before it (1 when unknown).
    from_line: usize,
    /// For text found by searching backwards: the line it is on or before.
    before_line: Option<usize>,
}

impl Text<'_> {
    /// Line and column of byte `offset` of the text.
    fn position(&self, offset: usize) -> (usize, usize) {
        let found = match self.before_line {
            Some(before) => locate::find_before(self.file_text, before, self.text)
                .and_then(|(line, _)| locate::in_value(self.file_text, line, self.text, offset)),
            None => locate::in_value(self.file_text, self.from_line, self.text, offset),
        };
        found.unwrap_or((self.from_line, 1))
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

/// The raw cells of a row item.
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
            if marks.contains(&mark) {
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

/// Every appendix caption ("(Kèm theo Báo cáo số 20-BCHN/CQTTBCĐ ngày 9/8/2025 …)") names the
/// day's number and date: the day's `appendix_caption` and each appendix's own `caption`.
fn captions(archive: &Archive, day: &Day, report: &mut Report) {
    let own_list = day.file.appendices.is_some();
    let mut seen: Vec<(&str, usize)> = Vec::new();
    if let Some(caption) = &day.file.appendix_caption {
        let line = locate::find(&day.text, 1, "appendix_caption:").map_or(1, |(l, _)| l);
        seen.push((caption, line));
        caption_names_report(
            archive,
            day,
            caption,
            (&day.source, &day.text, line),
            report,
        );
    }
    for appendix in &day.appendices {
        let Some(caption) = &appendix.decl.caption else {
            continue;
        };
        let (file, text) = if own_list {
            (day.source.as_path(), day.text.as_str())
        } else {
            (
                archive.publication_path.as_path(),
                archive.publication_text.as_str(),
            )
        };
        let from = seen
            .iter()
            .filter(|(c, _)| *c == caption)
            .map(|(_, l)| l + 1)
            .max();
        let Some((line, _)) = locate::find(text, from.unwrap_or(1), caption) else {
            continue;
        };
        seen.push((caption, line));
        caption_names_report(archive, day, caption, (file, text, line), report);
    }
}

/// One caption against the report's number and date; `at` is where it is written.
fn caption_names_report(
    archive: &Archive,
    day: &Day,
    caption: &str,
    at: (&Path, &str, usize),
    report: &mut Report,
) {
    let (file, file_text, line) = at;
    let place = |fragment: &str| {
        locate::find(file_text, line, fragment)
            .filter(|(l, _)| *l == line)
            .unwrap_or((line, 1))
    };
    let warn = |at: (usize, usize), message: String, expected: String| {
        Diagnostic::warning(file, at.0, at.1, message)
            .expected(expected)
            .hint("the caption is printed above the appendices: it should name this report")
            .rule("caption_matches_header")
            .with_source(file_text)
    };
    if let (Some(written), Some(number)) = (caption_number(caption), &day.file.number) {
        let squeeze = |s: &str| s.split_whitespace().collect::<String>();
        if squeeze(&written) != squeeze(number) {
            let written = written.trim();
            report.push(
                warn(
                    place(written),
                    format!("the appendix caption names report No. {written}, but this report is No. {number}"),
                    format!("số {number}"),
                )
                .width(written.chars().count()),
            );
        }
    }
    let Some((written, parts)) = caption_date(caption) else {
        return;
    };
    let (want, printed) = report_date(archive, day);
    let problems: Vec<String> = ["day", "month", "year"]
        .iter()
        .zip(parts.iter().zip(want))
        .filter_map(|(what, (part, want))| match (part, want) {
            (None, Some(_)) => Some(format!("no {what}")),
            (Some(part), None) => Some(format!("{what} {part}, the report leaves it blank")),
            (Some(part), Some(want)) if *part != want => Some(format!("{what} {part}, not {want}")),
            _ => None,
        })
        .collect();
    if !problems.is_empty() {
        let shown = written.split_whitespace().collect::<Vec<_>>().join(" ");
        report.push(
            warn(
                place(&written),
                format!(
                    "the appendix caption's date `{shown}` is not this report's date {printed} ({})",
                    problems.join("; ")
                ),
                format!("ngày {printed}"),
            )
            .width(written.chars().count()),
        );
    }
}

/// The report's date as day, month and year, and as shown in messages: from the place-and-date
/// line as printed when the day gives one (a draft may leave the day blank), else its date.
fn report_date(archive: &Archive, day: &Day) -> ([Option<u32>; 3], String) {
    let printed = day
        .file
        .document
        .as_ref()
        .and_then(|d| d.place_date.clone())
        .or_else(|| {
            archive
                .publication
                .document
                .as_ref()
                .and_then(|d| d.place_date.clone())
        });
    if let Some(line) = printed
        && let Some((written, parts)) = caption_date(&line)
    {
        return (
            parts,
            written.split_whitespace().collect::<Vec<_>>().join(" "),
        );
    }
    let d = day.date;
    let parts = [
        Some(chrono::Datelike::day(&d)),
        Some(chrono::Datelike::month(&d)),
        Some(chrono::Datelike::year(&d) as u32),
    ];
    (parts, crate::vn::date(d))
}

/// The report number after "số" and before "ngày", as written (blanks kept).
fn caption_number(caption: &str) -> Option<String> {
    let lower = caption.to_lowercase();
    let start = match lower.find("báo cáo số") {
        Some(i) => i + "báo cáo số".len(),
        None => lower.find("số")? + "số".len(),
    };
    let end = lower[start..]
        .find("ngày")
        .map_or(lower.len(), |i| start + i);
    let number = caption.get(start..end)?;
    (!number.trim().is_empty()).then(|| number.trim_end().to_owned())
}

/// The date after "ngày", as written, and its day, month and year (`None` where left blank):
/// "9/8/2025", "  /8/2025", "14 tháng 6 năm 2025", "tháng năm 2022".
fn caption_date(caption: &str) -> Option<(String, [Option<u32>; 3])> {
    let lower = caption.to_lowercase();
    let start = lower.find("ngày")? + "ngày".len();
    let rest = caption.get(start..)?;
    let short: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/' || *c == ' ')
        .collect();
    let number = |s: &str| s.trim().parse::<u32>().ok();
    if short.contains('/') {
        let parts: Vec<Option<u32>> = short.split('/').map(number).collect();
        let part = |i: usize| parts.get(i).copied().flatten();
        return Some((short.trim().to_owned(), [part(0), part(1), part(2)]));
    }
    // The long form: "[D] tháng [M] năm [Y]".
    let month_at = rest.to_lowercase().find("tháng")?;
    let year_at = rest.to_lowercase().find("năm")?;
    if month_at > year_at || rest[..month_at].trim().chars().any(|c| !c.is_ascii_digit()) {
        return None;
    }
    let after_year = &rest[year_at + "năm".len()..];
    let year_text: String = after_year
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == ' ')
        .collect();
    let month_text = &rest[month_at + "tháng".len()..year_at];
    if month_text.trim().chars().any(|c| !c.is_ascii_digit()) {
        return None;
    }
    let written = rest[..year_at + "năm".len() + year_text.trim_end().len()].trim();
    Some((
        written.to_owned(),
        [
            number(&rest[..month_at]),
            number(month_text),
            number(&year_text),
        ],
    ))
}

/// Evaluates figure rules on one day.
struct FigureCheck<'a> {
    archive: &'a Archive,
    day: &'a Day,
    derived: &'a DerivedDay,
    tera: &'a Tera,
    /// The day's expression context, built on first use.
    context: std::cell::OnceCell<tera::Context>,
}

impl FigureCheck<'_> {
    fn check(
        &self,
        rule: &Spanned<FigureRule>,
        phrase: &Phrase,
        texts: &[Text],
        report: &mut Report,
    ) {
        let mut computed: Option<Result<f64, String>> = None;
        for text in texts {
            for figure in phrase.find_in(&text.plain) {
                let value = computed.get_or_insert_with(|| self.evaluate(&rule.value.value));
                let value = match value {
                    Ok(value) => *value,
                    Err(problem) => {
                        report.push(self.cannot_compute(rule, problem));
                        return;
                    }
                };
                if phrase::agrees(&figure, value) {
                    continue;
                }
                let at = text.position(figure.offset);
                report.push(
                    Diagnostic::warning(
                        text.file,
                        at.0,
                        at.1,
                        format!(
                            "the text says {}, but `{}` is {}",
                            figure.typed,
                            rule.value.value.trim(),
                            crate::check::rules::show(value, figure.decimals)
                        ),
                    )
                    .width(figure.typed.chars().count())
                    .expected(format!(
                        "{} (figure rule \"{}\", {}:{})",
                        crate::check::rules::show(value, figure.decimals),
                        rule.value.text,
                        self.archive.publication_path.display(),
                        rule.referenced.line()
                    ))
                    .hint("check the figure against the table; writing the expression instead of the number keeps them equal")
                    .rule("figures")
                    .with_source(text.file_text),
                );
            }
        }
    }

    /// The value of the rule's expression for this day.
    fn evaluate(&self, expression: &str) -> Result<f64, String> {
        let context = self.context.get_or_init(|| {
            let changes = self.derived.changes(self.archive, self.day);
            narrative_context(self.day, self.derived, &changes)
        });
        let rendered = self
            .tera
            .render_str(&format!("{{{{ {expression} }}}}"), context, false)
            .map_err(|e| match e.kind() {
                tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => {
                    r.message().to_owned()
                }
                _ => e.to_string(),
            })?;
        rendered
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("it gives `{}`, not a number", rendered.trim()))
    }

    fn cannot_compute(&self, rule: &Spanned<FigureRule>, problem: &str) -> Diagnostic {
        let (line, column) = crate::check::at(rule);
        Diagnostic::warning(
            &self.archive.publication_path,
            line,
            column,
            format!(
                "figure rule: cannot compute `{}` for {}: {problem}",
                rule.value.value.trim(),
                crate::vn::date(self.day.date)
            ),
        )
        .expected("an expression such as tables.phu_xanh_xa.sum.xanh")
        .hint("the phrase was found in the day's text, but the value could not be computed: is the table in this day?")
        .rule("figures")
        .with_source(&self.archive.publication_text)
    }
}
