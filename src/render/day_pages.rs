//! The pages of one day: the report, the appendices and their CSV files.

use tera::Context;

use super::narrative::{expand, render_markdown};
use super::slides::{SlideText, deck, slide_view};
use super::table::table_view;
use super::views::{
    AppendicesPage, AppendixView, ChartView, DayNav, DocView, FootnoteView, LinkView, PageMeta,
    ReportPage, SectionView, SlideView, SlidesPage, TableView,
};
use super::{OutputFile, Renderer, day_dir, root_from};
use crate::archive::Day;
use crate::derive::DerivedDay;
use crate::error::{Diagnostic, Error, Report};
use crate::model::Spanned;
use crate::model::day::Section;
use crate::text::slug;
use crate::vn;

pub fn render_day(r: &Renderer, day: &Day, derived: &DerivedDay) -> Result<Vec<OutputFile>, Error> {
    let dir = day_dir(day.date);
    let mut ctx = DayContext {
        r,
        day,
        derived,
        context: narrative_context(day, derived),
        report: Report::default(),
    };
    let report_path = format!("{dir}index.html");
    let appendices_path = format!("{dir}appendices/index.html");
    let doc = ctx.doc();
    let appendices = ctx.appendices();
    let slides = ctx.slides();
    let slides_path = format!("{dir}slides/index.html");
    if ctx.report.error_count() > 0 {
        return Err(Error::Content(ctx.report));
    }
    let publication = &r.input.archive.publication;
    let date_text = vn::date(day.date);
    let report_page = ReportPage {
        page: PageMeta {
            root: root_from(&report_path),
            title: format!("Báo cáo ngày {date_text} — {}", publication.name),
            publication: publication.name.clone(),
            section: "report",
        },
        doc,
        nav: nav(derived, ""),
    };
    let appendices_page = AppendicesPage {
        page: PageMeta {
            root: root_from(&appendices_path),
            title: format!("Phụ lục ngày {date_text} — {}", publication.name),
            publication: publication.name.clone(),
            section: "appendices",
        },
        date_text,
        number: day.file.number.clone(),
        caption: day.file.appendix_caption.clone(),
        appendices,
        nav: nav(derived, "../"),
    };
    let slides_page = SlidesPage {
        page: PageMeta {
            root: root_from(&slides_path),
            title: format!(
                "Trình chiếu ngày {} — {}",
                vn::date(day.date),
                publication.name
            ),
            publication: publication.name.clone(),
            section: "slides",
        },
        date_text: vn::date(day.date),
        slides,
        nav: nav(derived, "../"),
    };
    let mut files = vec![
        OutputFile {
            path: slides_path,
            bytes: r.page("slides.html", &slides_page)?,
        },
        OutputFile {
            path: report_path,
            bytes: r.page("report.html", &report_page)?,
        },
        OutputFile {
            path: appendices_path,
            bytes: r.page("appendices.html", &appendices_page)?,
        },
    ];
    for chart in r.input.charts.files.values().filter(|c| c.date == day.date) {
        files.push(OutputFile {
            path: format!("{dir}charts/{}.svg", chart.name),
            bytes: chart.svg.clone().into_bytes(),
        });
    }
    for (id, table) in &day.tables {
        if let Some(schema) = r.input.archive.schemas.get(id) {
            files.push(OutputFile {
                path: format!("{dir}appendices/{id}.csv"),
                bytes: super::csv::table_csv(
                    schema,
                    table,
                    derived.totals.get(id).map(Vec::as_slice),
                ),
            });
        }
    }
    Ok(files)
}

/// What `{{ … }}` in the narrative can use.
pub(crate) fn narrative_context(day: &Day, derived: &DerivedDay) -> Context {
    let mut context = Context::new();
    context.insert("date", &day.date.format("%Y-%m-%d").to_string());
    context.insert("data_time", &day.file.data_time);
    context.insert("number", &day.file.number);
    context.insert("tables", &derived.tables);
    context.insert(
        "previous_date",
        &derived.previous.map(|d| d.format("%Y-%m-%d").to_string()),
    );
    context
}

/// Links around a day; `to_day` leads from the page to the day's folder ("" or "../").
fn nav(derived: &DerivedDay, to_day: &str) -> DayNav {
    let link = |date: chrono::NaiveDate| LinkView {
        href: format!("{to_day}../../../{}index.html", day_dir(date)),
        label: vn::date(date),
    };
    DayNav {
        previous: derived.previous.map(link),
        next: derived.next.map(link),
        report: format!("{to_day}index.html"),
        appendices: format!("{to_day}appendices/index.html"),
        slides: format!("{to_day}slides/index.html"),
        archive: format!("{to_day}../../../archive/index.html"),
    }
}

struct DayContext<'a> {
    r: &'a Renderer<'a>,
    day: &'a Day,
    derived: &'a DerivedDay,
    context: Context,
    report: Report,
}

impl DayContext<'_> {
    fn markdown(&mut self, text: &Spanned<String>) -> String {
        render_markdown(
            &self.r.tera,
            text,
            &self.context,
            &self.day.source,
            &self.day.text,
        )
        .unwrap_or_else(|d| {
            self.report.push(*d);
            String::new()
        })
    }

    /// Markdown of an optional field; empty when the field is absent.
    fn markdown_opt(&mut self, text: Option<&Spanned<String>>) -> String {
        text.map(|t| self.markdown(t)).unwrap_or_default()
    }

    /// Expands a title that has no location of its own (from the publication or a schema).
    fn plain(&mut self, text: &str) -> String {
        if !text.contains("{{") && !text.contains("{%") {
            return text.to_owned();
        }
        self.r
            .tera
            .render_str(text, &self.context, false)
            .unwrap_or_else(|e| {
                let archive = self.r.input.archive;
                self.report.push(
                    Diagnostic::error(
                        &archive.publication_path,
                        0,
                        0,
                        format!("expression error in \"{text}\": {e}"),
                    )
                    .expected("a valid expression such as {{ date | vn_date }}"),
                );
                String::new()
            })
    }

    fn doc(&mut self) -> DocView {
        let file = &self.day.file;
        let archive = self.r.input.archive;
        let subtitle = archive.publication.subtitle.as_ref().map(|s| {
            expand(
                &self.r.tera,
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
        let intro_html = self.markdown_opt(file.intro.as_ref());
        let closing_html = self.markdown_opt(file.closing.as_ref());
        let mut sections = Vec::new();
        self.sections(&file.sections, 1, &mut sections);
        let mut footnotes: Vec<FootnoteView> = file
            .circulation_note
            .iter()
            .map(|n| FootnoteView {
                mark: n.mark.clone(),
                text: n.text.clone(),
                circulation: true,
            })
            .collect();
        footnotes.extend(file.footnotes.iter().map(|n| FootnoteView {
            mark: n.mark.clone(),
            text: n.text.clone(),
            circulation: false,
        }));
        DocView {
            date_text: vn::date(self.day.date),
            date_long: vn::date_long(self.day.date),
            number: file.number.clone(),
            title: file.title.clone(),
            subtitle,
            issuer: archive.publication.issuer.clone(),
            recipients: file.recipients.clone(),
            intro_html,
            sections,
            closing_html,
            distribution: file.distribution.clone(),
            signature: file.signature.clone(),
            footnotes,
        }
    }

    fn sections(&mut self, sections: &[Section], level: usize, out: &mut Vec<SectionView>) {
        for section in sections {
            let heading = match (&section.number, &section.title) {
                (Some(n), Some(t)) if !t.is_empty() => format!("{n}. {t}"),
                (Some(n), _) => format!("{n}."),
                (None, Some(t)) => t.clone(),
                (None, None) => String::new(),
            };
            let anchor = format!(
                "muc-{}",
                slug(&format!(
                    "{}-{}",
                    out.len() + 1,
                    section.number.as_deref().unwrap_or("")
                ))
            );
            let body_html = self.markdown_opt(section.body.as_ref());
            // The section heading already names the table.
            let table = section
                .table
                .as_ref()
                .and_then(|t| self.table(&t.value, "appendices/"))
                .map(|mut t| {
                    t.title = None;
                    t
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
            self.sections(&section.sections, level + 1, out);
        }
    }

    /// The view of a day table; `csv_dir` leads from the page to the CSV folder.
    fn table(&mut self, id: &str, csv_dir: &str) -> Option<TableView> {
        let schema = self.r.input.archive.schemas.get(id)?;
        let table = self.day.tables.get(id)?;
        let title = table.title.clone().map(|t| self.plain(&t));
        let total = self.derived.totals.get(id).map(Vec::as_slice);
        Some(table_view(
            schema,
            table,
            title,
            total,
            format!("{csv_dir}{id}.csv"),
        ))
    }

    /// A chart of this day; `to_day` leads from the page to the day's folder.
    fn chart(&self, name: &str, to_day: &str) -> Option<ChartView> {
        let chart = self.r.input.charts.get(self.day.date, name)?;
        let appendices = format!("{to_day}appendices/index.html");
        Some(chart_view(chart, to_day, &appendices))
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
                    let mut view = self.table(&t.table.value, "../appendices/")?;
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

    fn appendices(&mut self) -> Vec<AppendixView> {
        let (charts, date) = (self.r.input.charts, self.day.date);
        let appendices = self.day.appendices.clone();
        appendices
            .iter()
            .map(|a| {
                let title = a.title.as_ref().map(|t| self.plain(t));
                // A table whose title repeats the appendix title shows it once.
                let tables: Vec<TableView> = a
                    .tables
                    .iter()
                    .filter_map(|id| self.table(id, ""))
                    .map(|mut t| {
                        if t.title.is_some() && t.title == title {
                            t.title = None;
                        }
                        t.charts = charts
                            .for_table(date, &t.id)
                            .into_iter()
                            .map(|c| chart_view(c, "../", "index.html"))
                            .collect();
                        t
                    })
                    .collect();
                AppendixView {
                    wide: tables.iter().any(|t| t.wide),
                    number: a.number.clone(),
                    anchor: format!("phu-luc-{}", slug(&a.number)),
                    title,
                    tables,
                }
            })
            .collect()
    }
}

/// The view of a drawn chart for a page at `to_day` from the day's folder.
/// `to_day` leads from the page to the day's folder; `appendices` is the appendices page,
/// relative to the page.
fn chart_view(chart: &crate::chart::ChartFile, to_day: &str, appendices: &str) -> ChartView {
    ChartView {
        name: chart.name.clone(),
        title: chart.title.clone(),
        desc: chart.desc.clone(),
        src: format!("{to_day}charts/{}.svg", chart.name),
        table_href: format!("{appendices}#bang-{}", chart.table),
    }
}
