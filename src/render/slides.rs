//! The slide deck of one day: the day's slides, or the publication's default deck.

use super::narrative::markdown_to_html;
use super::views::{EntityListView, SlideView};
use crate::archive::{Archive, Day};
use crate::model::day::Slide;
use crate::text::slug;

/// The slides that apply to a day.
pub fn deck<'a>(archive: &'a Archive, day: &'a Day) -> Vec<&'a Slide> {
    let default = &archive.publication.slides;
    let own = &day.file.slides;
    match (own.is_empty(), day.file.extend_default_deck) {
        (true, _) => default.iter().collect(),
        (false, true) => default.iter().chain(own).collect(),
        (false, false) => own.iter().collect(),
    }
}

/// Text parts of a slide, expanded and rendered; `expand` applies template expressions.
pub struct SlideText {
    /// Title.
    pub title: Option<String>,
    /// Subtitle.
    pub subtitle: Option<String>,
    /// Bullets as Markdown (expressions already expanded).
    pub bullets: Vec<String>,
    /// Notes as Markdown (expressions already expanded).
    pub notes: Option<String>,
}

/// Builds a slide view; the chart and table views are looked up by the caller.
pub fn slide_view(
    number: usize,
    slide: &Slide,
    text: SlideText,
    chart: Option<super::views::ChartView>,
    table: Option<super::views::TableView>,
) -> SlideView {
    let bullets: Vec<String> = text
        .bullets
        .iter()
        .map(|b| unwrap_paragraph(&markdown_to_html(b)))
        .collect();
    let notes_html = text
        .notes
        .as_deref()
        .map(markdown_to_html)
        .unwrap_or_default();
    let lists: Vec<EntityListView> = slide
        .lists
        .iter()
        .map(|l| EntityListView {
            label: l.label.clone(),
            status_class: l
                .status
                .as_deref()
                .map(|s| format!("status-{}", slug(s)))
                .unwrap_or_default(),
            change: l.change.clone(),
            count: l.items.len(),
            items: l.items.clone(),
        })
        .collect();
    let chart_note = if chart.is_none() {
        slide.chart_note.clone()
    } else {
        None
    };
    let characters = bullets.iter().map(String::len).sum::<usize>()
        + notes_html.len()
        + lists
            .iter()
            .flat_map(|l| &l.items)
            .map(|i| i.len() + 4)
            .sum::<usize>()
        + slide.kpis.len() * 60;
    let has_visual = chart.is_some() || chart_note.is_some() || table.is_some();
    let has_text = !bullets.is_empty()
        || !notes_html.is_empty()
        || !lists.is_empty()
        || !slide.kpis.is_empty();
    // Text shares the slide with a visual: it has half the room.
    let room = if has_visual && has_text {
        characters * 2
    } else {
        characters
    };
    let density = match room {
        0..700 => "d0",
        700..1300 => "d1",
        1300..2200 => "d2",
        _ => "d3",
    };
    SlideView {
        number,
        title: text.title.filter(|t| !t.is_empty()),
        subtitle: text.subtitle,
        bullets,
        kpis: slide.kpis.clone(),
        lists,
        chart,
        chart_note,
        table,
        notes_html,
        density,
        has_visual,
        has_text,
    }
}

/// A one-paragraph bullet renders as `<p>…</p>`: keep only the inside.
fn unwrap_paragraph(html: &str) -> String {
    let trimmed = html.trim();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|t| t.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_owned(),
        _ => trimmed.to_owned(),
    }
}
