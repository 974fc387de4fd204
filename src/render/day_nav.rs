//! The links around a day's pages: the day navigation (with its PDF files when the build makes
//! them) and the edition notice.

use super::day_pages::{Place, edition_dir};
use super::views::{DayNav, EditionView, LinkView, PdfLinks};
use super::{Renderer, day_dir, root_from};
use crate::archive::Day;
use crate::derive::DerivedDay;
use crate::vn;

/// The names of the PDF files of a day's pages (see `publish::pdf`): the report with its
/// appendices, and the deck; an edition's permanent copy adds its number, so that files saved
/// from two editions do not share a name.
pub fn pdf_names(date: chrono::NaiveDate, edition: Option<u32>) -> (String, String) {
    let day = date.format("%Y-%m-%d");
    let suffix = edition.map(|n| format!("-ban-{n}")).unwrap_or_default();
    (
        format!("bao-cao-{day}{suffix}.pdf"),
        format!("trinh-chieu-{day}{suffix}.pdf"),
    )
}

/// The edition notice of a day's pages.
pub(super) fn edition_view(r: &Renderer, day: &Day, place: &Place) -> EditionView {
    let to_day = if place.frozen.is_some() { "../../" } else { "" };
    let editions = r.input.archive.editions_of(day.date);
    let replaced = day
        .edition
        .checked_sub(2)
        .and_then(|i| editions.get(i as usize))
        .copied();
    EditionView {
        number: day.edition,
        frozen: place.frozen.is_some(),
        released: day.published.map(vn::date_time),
        correction: day.file.correction.clone(),
        replaces: replaced.map(|e| match e.published {
            Some(t) => format!("lúc {}", vn::date_time(t)),
            None => format!("ngày {}", vn::date(e.date)),
        }),
        replaces_href: replaced.map(|e| format!("{to_day}editions/{}/index.html", e.edition)),
        permanent_href: format!("{to_day}editions/{}/index.html", day.edition),
        current_href: format!("{to_day}index.html"),
        editions_href: format!("{to_day}editions/index.html"),
    }
}

/// Links around a day; `to_day` leads from the page to the day's folder ("" or "../").
/// Frozen edition pages link only to things that never change: their day's live pages, and
/// the permanent copy of the briefing that was in force before it when it was released.
/// `pdf`: the day's PDF files are built, and linked.
pub(super) fn nav(
    derived: &DerivedDay,
    place: &Place,
    to_day: &str,
    has_deck: bool,
    pdf: bool,
) -> DayNav {
    let root = format!("{to_day}{}", root_from(&place.dir));
    let link = |date: chrono::NaiveDate| LinkView {
        href: format!("{root}{}index.html", day_dir(date)),
        label: vn::date(date),
    };
    let frozen = place.frozen.is_some();
    let previous = if frozen {
        derived.compared_with.map(|(date, edition)| LinkView {
            href: format!("{root}{}index.html", edition_dir(date, edition)),
            label: vn::date(date),
        })
    } else {
        derived.previous.map(link)
    };
    DayNav {
        previous,
        next: derived.next.filter(|_| !frozen).map(link),
        report: format!("{to_day}index.html"),
        appendices: format!("{to_day}appendices/index.html"),
        slides: has_deck.then(|| format!("{to_day}slides/index.html")),
        changes: (!frozen).then(|| format!("{to_day}changes/index.html")),
        editions: (!frozen).then(|| format!("{to_day}editions/index.html")),
        archive: format!("{root}archive/index.html"),
        pdf: pdf.then(|| {
            let (report, deck) = pdf_names(place.date, place.frozen);
            PdfLinks {
                report: format!("{to_day}{report}"),
                slides: has_deck.then(|| format!("{to_day}{deck}")),
            }
        }),
    }
}
