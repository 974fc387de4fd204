//! `rules:` in the publication file: consistency checks applied to every day. A day that breaks
//! a rule gets a warning (an error only with `--deny-warnings`); a rule that cannot be applied
//! (an unknown table or column) is an error. See README, "Checks".

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Spanned;

/// Every rule of the publication.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// The words that cite an appendix in the text ("Phụ lục"): every number cited after them
    /// must be one of the day's appendices. Absent: citations are not checked.
    #[serde(default)]
    pub appendix_citations: Option<String>,
    /// Whether the report number and date written in `appendix_caption` ("Kèm theo Báo cáo số
    /// 20-BCHN/CQTTBCĐ ngày 9/8/2025") must match the day's `number` and `date`.
    #[serde(default)]
    pub caption_matches_header: bool,
    /// Name prefixes that say what kind of body an entity cell names ("Tỉnh ủy", "HĐND"), removed
    /// before matching the name, besides the built-in "UBND", "tỉnh", "thành phố", "TP.".
    #[serde(default)]
    pub entity_prefixes: Vec<String>,
    /// Figures typed in the text that must equal a value computed from the tables.
    #[serde(default)]
    #[schemars(with = "Vec<FigureRule>")]
    pub figures: Vec<Spanned<FigureRule>>,
    /// Rules of each table, by table id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, TableRules>")]
    pub tables: BTreeMap<String, Spanned<TableRules>>,
}

/// A figure typed in the narrative, a title or a slide, tied to a computed value.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureRule {
    /// The phrase as it reads, with `{x}` where the checked figure stands and `{}` for any other
    /// number: "hiện mới có {x}/{} xã, phường". Bold markers and line breaks are ignored.
    pub text: String,
    /// The value it must equal, as a template expression: `tables.phu_xanh_xa.sum.xanh`.
    pub value: String,
}

/// The rules of one table, checked on every day that has the table.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRules {
    /// Key cells must name a declared entity (by its name or an alias).
    #[serde(default)]
    pub entities: bool,
    /// Every declared entity must have a row.
    #[serde(default)]
    pub all_entities: bool,
    /// The column numbering the rows 1, 2, 3 … (rows lost in the source count).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub numbered: Option<Spanned<String>>,
    /// No two rows may hold the same values in these columns.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub unique: Vec<Spanned<String>>,
    /// Group captions state how many rows they hold, as in "({x} nhiệm vụ)".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group_count: Option<Spanned<String>>,
    /// Parts that add up to a whole in every row.
    #[serde(default)]
    #[schemars(with = "Vec<PartsRule>")]
    pub parts: Vec<Spanned<PartsRule>>,
    /// Percentages that equal a ratio of two columns, within the rounding of what was typed.
    #[serde(default)]
    #[schemars(with = "Vec<PercentRule>")]
    pub percents: Vec<Spanned<PercentRule>>,
    /// Ratio columns (`16/17`): numerator ≤ denominator, and a printed share equals the ratio.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ratios: Vec<Spanned<String>>,
    /// Bounds of values.
    #[serde(default)]
    #[schemars(with = "Vec<RangeRule>")]
    pub ranges: Vec<Spanned<RangeRule>>,
    /// A status that follows from a value (17/17 → XANH).
    #[serde(default)]
    #[schemars(with = "Vec<StatusRule>")]
    pub statuses: Vec<Spanned<StatusRule>>,
    /// The order of the rows.
    #[serde(default)]
    #[schemars(with = "Option<SortedRule>")]
    pub sorted: Option<Spanned<SortedRule>>,
    /// Values that equal the same entity's value in another table of the day.
    #[serde(default)]
    #[schemars(with = "Vec<SameAsRule>")]
    pub same_as: Vec<Spanned<SameAsRule>>,
}

/// `{ parts: [xanh, vang, do], whole: so_xa }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartsRule {
    /// The part columns.
    #[schemars(with = "Vec<String>")]
    pub parts: Vec<Spanned<String>>,
    /// The column they add up to.
    #[schemars(with = "String")]
    pub whole: Spanned<String>,
}

/// `{ column: xanh_pct, ratio: [xanh, so_xa] }`: column = xanh / so_xa × 100.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PercentRule {
    /// The percentage column (percent or decimal).
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Numerator and denominator columns.
    #[schemars(with = "(String, String)")]
    pub ratio: (Spanned<String>, Spanned<String>),
}

/// `{ column: da_bao_cao, min: 0, max: so_xa }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeRule {
    /// The column checked.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Smallest allowed value: a number or a column of the same row.
    #[serde(default)]
    pub min: Option<Bound>,
    /// Largest allowed value: a number or a column of the same row.
    #[serde(default)]
    pub max: Option<Bound>,
}

/// A bound: a fixed number or another column of the row.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Bound {
    /// A fixed value.
    Number(f64),
    /// The value of this column in the same row.
    Column(String),
}

/// `{ column: ghi_chu, from: tien_do, levels: [{ min: 100, status: [XANH] }, …] }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// The status column.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// The value the status follows from (ratio, percent, decimal or integer; a ratio as %).
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// Levels, highest first: the first level whose `min` the value reaches applies.
    pub levels: Vec<StatusLevel>,
}

/// One level of a status rule.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusLevel {
    /// Smallest value of the level.
    pub min: f64,
    /// The statuses allowed at this level.
    pub status: Vec<String>,
}

/// `{ by: xanh_pct, descending: false }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SortedRule {
    /// The column the rows are sorted by. Text is compared without diacritics and without the
    /// "TP.", "tỉnh" prefixes, as names are alphabetised in the sources.
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// Largest first.
    #[serde(default)]
    pub descending: bool,
}

/// `{ column: tong_so_xa, table: phu_xanh_xa, as: so_xa }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SameAsRule {
    /// The column checked; for a ratio column, its denominator.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// The other table of the same day.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// The column of the other table, found by the row's entity.
    #[serde(rename = "as")]
    #[schemars(with = "String")]
    pub other: Spanned<String>,
}
