//! Where a day's pages go: the live pages, or an edition's permanent copy.

use super::day_dir;

/// Where a day's pages go: the live pages of the current edition, or an edition's frozen copy.
pub struct Place {
    /// Folder relative to the site root: "2025/08/09/" or "2025/08/09/editions/2/".
    pub dir: String,
    /// `None` for the live pages; the edition for its permanent copy.
    pub frozen: Option<u32>,
    /// The day.
    pub date: chrono::NaiveDate,
}

impl Place {
    /// The live pages of a day.
    pub fn live(date: chrono::NaiveDate) -> Place {
        Place {
            dir: day_dir(date),
            frozen: None,
            date,
        }
    }

    /// The permanent copy of an edition.
    pub fn frozen(date: chrono::NaiveDate, edition: u32) -> Place {
        Place {
            dir: edition_dir(date, edition),
            frozen: Some(edition),
            date,
        }
    }
}

/// The permanent folder of an edition: "2025/08/09/editions/2/".
pub fn edition_dir(date: chrono::NaiveDate, edition: u32) -> String {
    format!("{}editions/{edition}/", day_dir(date))
}
