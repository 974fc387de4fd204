//! Document rules, checked on the text of every day: appendices cited in the text exist, the
//! appendix caption names the report's own number and date, and figures typed in the text
//! equal the values the publication ties them to.

use std::path::Path;

use rayon::prelude::*;

use tera::Tera;

use super::locate;
use super::phrase::{self, Phrase, Plain};
use crate::archive::{Archive, Day};
use crate::derive::{Derived, DerivedDay};
use crate::error::{Diagnostic, Report};
use crate::model::Spanned;
use crate::model::day::Section;
use crate::model::rules::FigureRule;
use crate::render::narrative_context;

/// Checks every day of the archive.
pub fn check(archive: &Archive, derived: &Derived) -> Report {
    let mut report = Report::default();
    let rules = &archive.publication.rules;
    let figures: Vec<(&Spanned<FigureRule>, Phrase)> = rules
        .figures
        .iter()
        .filter_map(|f| Phrase::parse(&f.value.text).ok().map(|p| (f, p)))
        .collect();
    let mut tera = Tera::new();
    crate::render::register_filters(&mut tera);
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
                caption(day, &mut own);
            }
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
                if let (Some(title), Some(first)) = (&appendix.title, appendix.all_tables().first().copied()) {
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
    for (id, table) in &file.tables {
        let line = table.referenced.line() as usize;
        for text in table.value.title.iter().chain(&table.value.note) {
            out.push(in_day(text, line));
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
/// "Phụ lục 9": every appendix cited is one of the day's appendices.
fn citations(day: &Day, texts: &[Text], words: &str, report: &mut Report) {
    let numbers: Vec<&str> = day.appendices.iter().map(|a| a.number.as_str()).collect();
    let Ok(phrase) = Phrase::parse(&format!("{} {{x}}", words.trim())) else {
        return;
    };
    for text in texts {
        for figure in phrase.find_in(&text.plain) {
            if numbers.contains(&figure.typed.as_str()) {
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

/// "(Kèm theo Báo cáo số 20-BCHN/CQTTBCĐ ngày 9/8/2025 …)" names the day's number and date.
fn caption(day: &Day, report: &mut Report) {
    let Some(caption) = &day.file.appendix_caption else {
        return;
    };
    let (line, column) = locate::find(&day.text, 1, "appendix_caption:").unwrap_or((1, 1));
    let place = |fragment: &str| {
        locate::find(&day.text, line, fragment)
            .filter(|(l, _)| *l == line)
            .unwrap_or((line, column))
    };
    let warn = |at: (usize, usize), message: String, expected: String| {
        Diagnostic::warning(&day.source, at.0, at.1, message)
            .expected(expected)
            .hint("the caption is printed above the appendices: it should name this report")
            .rule("caption_matches_header")
            .with_source(&day.text)
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
    if let Some(written) = caption_date(caption) {
        let parts: Vec<&str> = written.split('/').map(str::trim).collect();
        let want = [
            chrono::Datelike::day(&day.date),
            chrono::Datelike::month(&day.date),
            chrono::Datelike::year(&day.date) as u32,
        ];
        let problems: Vec<String> = ["day", "month", "year"]
            .iter()
            .zip(want)
            .enumerate()
            .filter_map(|(i, (what, want))| match parts.get(i).copied() {
                None | Some("") => Some(format!("no {what}")),
                Some(part) if part.parse::<u32>().ok() != Some(want) => {
                    Some(format!("{what} {part}, not {want}"))
                }
                Some(_) => None,
            })
            .collect();
        if !problems.is_empty() {
            let shown = written.split_whitespace().collect::<String>();
            report.push(
                warn(
                    place(&written),
                    format!(
                        "the appendix caption's date `{shown}` is not this report's date {} ({})",
                        crate::vn::date(day.date),
                        problems.join("; ")
                    ),
                    format!("ngày {}", crate::vn::date(day.date)),
                )
                .width(written.chars().count()),
            );
        }
    }
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

/// The date after "ngày": digits, blanks and slashes ("9/8/2025", "  /8/2025").
fn caption_date(caption: &str) -> Option<String> {
    let lower = caption.to_lowercase();
    let start = lower.find("ngày")? + "ngày".len();
    let rest = caption.get(start..)?;
    let date: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '/' || *c == ' ')
        .collect();
    let date = date.trim();
    date.contains('/').then(|| date.to_owned())
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
                            super::rules::show(value, figure.decimals)
                        ),
                    )
                    .width(figure.typed.chars().count())
                    .expected(format!(
                        "{} (figure rule \"{}\", {}:{})",
                        super::rules::show(value, figure.decimals),
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
        let (line, column) = super::at(rule);
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
