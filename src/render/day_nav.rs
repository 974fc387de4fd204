//! The navigation of a day's pages: the day before and after, the day's other pages, and its
//! PDF files when the build makes them.

use super::day_pages::Place;
use super::views::{DayNav, LinkView, PdfLinks};
use super::{day_dir, root_from};
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

/// Links around a day; `to_day` leads from the page to the day's folder ("" or "../").
/// Frozen edition pages link only to things that never change: their day's live pages.
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
    DayNav {
        previous: derived.previous.filter(|_| !frozen).map(link),
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
