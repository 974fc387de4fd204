//! The Atom feed of briefings and the sitemap. Without a configured `base_url` their links are
//! relative to the site root (feed readers on the intranet resolve them against the feed).

use super::views::{FeedEntry, FeedView};
use super::{OutputFile, Renderer, day_dir};
use crate::archive::Day;
use crate::error::Error;
use crate::text::slug;
use crate::vn;

/// Briefings in the feed, newest first.
const FEED_ENTRIES: usize = 60;

/// `feed.xml` and `sitemap.xml`; `pages` are the HTML pages of the site.
pub fn render_feeds(r: &Renderer, pages: &[String]) -> Result<Vec<OutputFile>, Error> {
    let publication = &r.input.archive.publication;
    let base = publication
        .base_url
        .as_deref()
        .map(|b| format!("{}/", b.trim_end_matches('/')))
        .unwrap_or_default();
    let urn = format!(
        "urn:daybrief:{}",
        slug(
            publication
                .short_name
                .as_deref()
                .unwrap_or(&publication.name)
        )
    );
    let entries: Vec<FeedEntry> = r
        .input
        .archive
        .days
        .iter()
        .rev()
        .take(FEED_ENTRIES)
        .map(|day| entry(day, &base, &urn))
        .collect();
    let view = FeedView {
        title: publication.name.clone(),
        base: base.clone(),
        id: urn,
        updated: r
            .input
            .archive
            .days
            .iter()
            .map(|d| updated(d))
            .max()
            .unwrap_or_else(|| "1970-01-01T00:00:00+07:00".into()),
        entries,
        pages: pages.iter().map(|p| format!("{base}{p}")).collect(),
    };
    Ok(vec![
        OutputFile {
            path: "feed.xml".into(),
            bytes: r.page("feed.xml", &view)?,
        },
        OutputFile {
            path: "sitemap.xml".into(),
            bytes: r.page("sitemap.xml", &view)?,
        },
    ])
}

fn entry(day: &Day, base: &str, urn: &str) -> FeedEntry {
    let date = vn::date(day.date);
    let title = match &day.file.number {
        Some(n) => format!("Báo cáo ngày {date} (số {n})"),
        None => format!("Báo cáo ngày {date}"),
    };
    FeedEntry {
        title: if day.edition > 1 {
            format!("{title} — bản cập nhật lần {}", day.edition)
        } else {
            title
        },
        href: format!("{base}{}index.html", day_dir(day.date)),
        id: format!("{urn}:{}", day.date.format("%Y-%m-%d")),
        updated: updated(day),
        summary: day.file.title.clone(),
    }
}

/// RFC 3339 time of an edition; times in content are Vietnam time (UTC+7).
fn updated(day: &Day) -> String {
    format!("{}+07:00", day.released_at().format("%Y-%m-%dT%H:%M:%S"))
}
