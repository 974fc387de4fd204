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
    /// The status vocabulary (XANH, VÀNG, ĐỎ), best first.
    pub statuses: Vec<StatusDecl>,
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
    /// Title; `~` when the source lost it (shown as missing). Tera allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// Table ids, in order.
    pub tables: Vec<Spanned<String>>,
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
