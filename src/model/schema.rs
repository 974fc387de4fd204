//! Table schemas (`content/tables/<id>.yaml`): declared once, used every day.

use serde::Deserialize;

use super::Spanned;

/// One table's columns and total-row rule.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSchema {
    /// Default title; a day may override it. Tera expressions allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// Whether the table has a totals row, and who supplies it.
    #[serde(default)]
    pub total_row: TotalRow,
    /// Label of the totals row, placed in the first text column.
    #[serde(default = "default_total_label")]
    pub total_label: String,
    /// The columns, left to right.
    #[schemars(with = "Vec<ColumnDecl>")]
    pub columns: Vec<Spanned<ColumnDecl>>,
}

fn default_total_label() -> String {
    "Tổng".to_owned()
}

/// Who supplies the totals row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TotalRow {
    /// No totals row.
    #[default]
    None,
    /// The day file types it (`total:`); it is checked against the computed one.
    Given,
    /// Computed from the rows.
    Computed,
}

/// One column.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDecl {
    /// Identifier used in expressions and charts (ascii snake_case).
    pub id: String,
    /// Header text as printed.
    pub label: String,
    /// How cells are parsed and shown.
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// Grouped header above this column; consecutive equal groups share one cell. A list
    /// gives several header levels, outer first.
    #[serde(default)]
    pub group: Option<HeaderGroup>,
    /// This column's cell in the column-number row under the header: "(1)", or a relation
    /// between columns, "(3) = (4) + (5)", which `check` verifies on every row.
    #[serde(default)]
    pub number: Option<String>,
    /// Texts a number column may hold instead of a number ("Đã hoàn thành"): shown as
    /// written, counted as no number.
    #[serde(default)]
    pub words: Vec<String>,
    /// How the totals row is computed for this column.
    #[serde(default)]
    pub total: Option<TotalRule>,
    /// Fixed number of decimals for display (default: as typed).
    #[serde(default)]
    pub decimals: Option<u8>,
    /// The entity column (province, unit). At most one per table.
    #[serde(default)]
    pub key: bool,
    /// This column types the change of another column since the previous briefing
    /// (TĂNG/GIẢM of `xanh_pct`); `daybrief check` compares it with the computed change.
    #[serde(default)]
    pub change_of: Option<String>,
    /// Other header texts this column has in spreadsheets, for `daybrief import` when the
    /// sheet's header differs from `label` (compared without diacritics or case).
    #[serde(default)]
    pub sheet_headers: Vec<String>,
}

/// `group: "Trực tiếp"` or `group: ["Số quy định", "Chia ra"]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum HeaderGroup {
    /// One level of grouping.
    One(String),
    /// Several levels, outer first.
    Levels(Vec<String>),
}

impl HeaderGroup {
    /// The levels, outer first.
    pub fn levels(&self) -> Vec<String> {
        match self {
            HeaderGroup::One(g) => vec![g.clone()],
            HeaderGroup::Levels(l) => l.clone(),
        }
    }
}

/// Column types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Free text; HTML fragments are sanitised.
    Text,
    /// Whole number: `3321` or `"3.321"`.
    Integer,
    /// Decimal: `"62,6"` or `62.6`.
    Decimal,
    /// Percentage: `"73,54%"`.
    Percent,
    /// Fraction: `"17/17"`, `"8/102 (7,8%)"`.
    Ratio,
    /// XANH / VÀNG / ĐỎ, optionally inside a label.
    Status,
    /// A date: `"30/7/2025"`.
    Date,
}

impl ColumnType {
    /// The name used in the schema files.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Text => "text",
            ColumnType::Integer => "integer",
            ColumnType::Decimal => "decimal",
            ColumnType::Percent => "percent",
            ColumnType::Ratio => "ratio",
            ColumnType::Status => "status",
            ColumnType::Date => "date",
        }
    }

    /// Whether values can be summed.
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            ColumnType::Integer | ColumnType::Decimal | ColumnType::Percent
        )
    }
}

/// How a totals cell is computed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum TotalRule {
    /// `sum`: the sum of the column.
    Keyword(TotalKeyword),
    /// `{ ratio: [num, den] }`: sum(num) / sum(den) as a percentage.
    Ratio {
        /// Numerator and denominator column ids.
        ratio: (String, String),
    },
}

/// Keyword totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TotalKeyword {
    /// Sum of the column.
    Sum,
}
