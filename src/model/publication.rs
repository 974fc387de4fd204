//! `content/publication.yaml`: what stays the same from day to day.

use serde::Deserialize;

use std::collections::BTreeMap;

use super::Spanned;
use super::chart::{ChartDecl, EntityDecl};
use super::rules::Rules;

/// The publication.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Full name, used as the site title.
    pub name: String,
    /// Short name for page titles and navigation.
    #[serde(default)]
    pub short_name: Option<String>,
    /// The issuing body, one printed line each.
    #[serde(default)]
    pub issuer: Vec<String>,
    /// Subtitle under the report title; Tera, rendered per day.
    #[serde(default)]
    pub subtitle: Option<Spanned<String>>,
    /// Theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The status vocabulary (XANH, VÀNG, ĐỎ), best first; none for a publication without
    /// status columns.
    #[serde(default)]
    pub statuses: Vec<StatusDecl>,
    /// The administrative header of Decree 30/2020/NĐ-CP (national title, motto, place and
    /// date, marks); without it the report shows the issuer and number only.
    #[serde(default)]
    pub document: Option<DocumentDecl>,
    /// Default appendix order; a day may replace it.
    #[serde(default)]
    pub appendices: Vec<AppendixDecl>,
    /// The entities (provinces) tables refer to, with name variants and tile positions.
    #[serde(default)]
    pub entities: Vec<EntityDecl>,
    /// The default slide deck, used by days that declare no slides (or extend it).
    #[serde(default)]
    pub slides: Vec<super::day::Slide>,
    /// Charts drawn for every day whose tables allow them, by name.
    #[serde(default)]
    pub charts: BTreeMap<String, Spanned<ChartDecl>>,
    /// The history page of each entity (province): which table gives its status, which
    /// columns are drawn as trends, which give its latest obstacles. Without it, no entity pages.
    #[serde(default)]
    pub entity_pages: Option<EntityPagesDecl>,
    /// Typed day-over-day columns (e.g. TĂNG/GIẢM) are compared with the computed change only
    /// when the previous briefing is at most this many days earlier; a longer gap means the
    /// source compared with a briefing that is not in the archive.
    #[serde(default = "default_change_gap")]
    pub compare_changes_within_days: u32,
    /// Absolute address the site is published at (`https://intranet/bantin/`), used by the
    /// Atom feed and the sitemap; without it they use relative addresses.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Marks every page as sample data ("DỮ LIỆU MẪU"); set by `daybrief sample`.
    #[serde(default)]
    pub sample: bool,
    /// Consistency rules checked on every day (see README, "Checks").
    #[serde(default)]
    pub rules: Rules,
    /// Build each day's PDF files (report with appendices, deck) with the site, as
    /// `build --pdf` does; needs Chromium.
    #[serde(default)]
    pub pdf: bool,
}

fn default_theme() -> String {
    "default".to_owned()
}

/// One status of the vocabulary.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
#[serde(deny_unknown_fields)]
pub struct StatusDecl {
    /// The code as printed: `XANH`.
    pub code: String,
    /// What it means, for the legend.
    #[serde(default)]
    pub meaning: String,
    /// CSS colour.
    pub color: String,
}

/// One appendix: a number, a title and the tables it holds.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixDecl {
    /// As printed: "1", "8", "I".
    pub number: String,
    /// The word printed before the number: "Phụ lục" (default) or "PHỤ LỤC".
    #[serde(default)]
    pub label: Option<String>,
    /// Title; `~` when the source lost it (shown as missing). Tera allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// This appendix's caption ("(Kèm theo Báo cáo số …)"), replacing the day's.
    #[serde(default)]
    pub caption: Option<String>,
    /// Lead-in paragraphs after the caption (Markdown).
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    /// Footnotes of markers in the title or the lead-in.
    #[serde(default)]
    pub notes: Vec<super::day::Footnote>,
    /// Table ids directly under the appendix, in order.
    #[serde(default)]
    pub tables: Vec<Spanned<String>>,
    /// Headed parts after the tables (I., 1., a)), each with its own tables.
    #[serde(default)]
    pub parts: Vec<AppendixPart>,
}

/// A headed part of an appendix.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixPart {
    /// Number as printed, punctuation included: "I.", "1.", "a)".
    #[serde(default)]
    pub number: Option<String>,
    /// Heading text.
    #[serde(default)]
    pub title: Option<String>,
    /// Paragraphs under the heading (Markdown).
    #[serde(default)]
    pub intro: Option<Spanned<String>>,
    /// Table ids, in order.
    #[serde(default)]
    pub tables: Vec<Spanned<String>>,
    /// Nested parts.
    #[serde(default)]
    pub parts: Vec<AppendixPart>,
}

impl AppendixDecl {
    /// Every table id of the appendix, its parts' included, in reading order.
    pub fn all_tables(&self) -> Vec<&Spanned<String>> {
        fn walk<'a>(parts: &'a [AppendixPart], out: &mut Vec<&'a Spanned<String>>) {
            for part in parts {
                out.extend(&part.tables);
                walk(&part.parts, out);
            }
        }
        let mut out: Vec<&Spanned<String>> = self.tables.iter().collect();
        walk(&self.parts, &mut out);
        out
    }
}

/// The administrative header of Decree 30/2020/NĐ-CP. A day's `document:` overrides the
/// publication's key by key.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentDecl {
    /// `state` prints the number as "Số: 5333/BC-VPCP", `party` as "Số 20-BCHN/…".
    #[serde(default)]
    pub family: Option<DocumentFamily>,
    /// The governing body, printed above the issuer (optional).
    #[serde(default)]
    pub governing_body: Option<String>,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or "ĐẢNG CỘNG SẢN VIỆT NAM".
    #[serde(default)]
    pub national_title: Option<String>,
    /// "Độc lập - Tự do - Hạnh phúc", under the national title.
    #[serde(default)]
    pub motto: Option<String>,
    /// The place of the place-and-date line: "Hà Nội".
    #[serde(default)]
    pub place: Option<String>,
    /// The place-and-date line as the source prints it (a draft with its day left blank).
    #[serde(default)]
    pub place_date: Option<String>,
    /// The document type above the title (default "BÁO CÁO").
    #[serde(default)]
    pub kind: Option<String>,
    /// A draft: the "DỰ THẢO" mark.
    #[serde(default)]
    pub draft: Option<bool>,
    /// Confidentiality mark under the number: "MẬT".
    #[serde(default)]
    pub secrecy: Option<String>,
    /// Urgency mark under the number: "KHẨN", "HỎA TỐC".
    #[serde(default)]
    pub urgency: Option<String>,
}

/// How a document family prints its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFamily {
    /// State documents: "Số: 5333/BC-VPCP".
    State,
    /// Party documents: "Số 20-BCHN/CQTTBCĐ".
    Party,
}

impl DocumentDecl {
    /// This declaration with `day`'s keys taking precedence.
    pub fn merged(&self, day: Option<&DocumentDecl>) -> DocumentDecl {
        let Some(day) = day else {
            return self.clone();
        };
        DocumentDecl {
            family: day.family.or(self.family),
            governing_body: day
                .governing_body
                .clone()
                .or_else(|| self.governing_body.clone()),
            national_title: day
                .national_title
                .clone()
                .or_else(|| self.national_title.clone()),
            motto: day.motto.clone().or_else(|| self.motto.clone()),
            place: day.place.clone().or_else(|| self.place.clone()),
            place_date: day.place_date.clone().or_else(|| self.place_date.clone()),
            kind: day.kind.clone().or_else(|| self.kind.clone()),
            draft: day.draft.or(self.draft),
            secrecy: day.secrecy.clone().or_else(|| self.secrecy.clone()),
            urgency: day.urgency.clone().or_else(|| self.urgency.clone()),
        }
    }
}

fn default_change_gap() -> u32 {
    7
}

/// What an entity's history page shows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntityPagesDecl {
    /// Heading of the index page: "Tỉnh, thành phố".
    pub title: String,
    /// The table and status column that give each entity's status per day.
    pub status: ColumnRef,
    /// Numeric columns drawn as a trend on each entity's page.
    #[serde(default)]
    pub trends: Vec<ColumnRef>,
    /// Text columns whose latest value is shown (e.g. the obstacles of the day).
    #[serde(default)]
    pub notes: Vec<ColumnRef>,
}

/// A column of a table, with the label shown for it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnRef {
    /// Table id.
    pub table: Spanned<String>,
    /// Column id.
    pub column: Spanned<String>,
    /// Label on the page; defaults to the column's label.
    #[serde(default)]
    pub label: Option<String>,
}
