//! Chart declarations (`charts:` in the publication or in a day file).

use serde::Deserialize;

use super::Spanned;

/// One declared chart. Which fields apply depends on `kind` (see README, "Charts").
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartDecl {
    /// What to draw.
    pub kind: ChartKind,
    /// The table the data comes from.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// Column holding the category labels (default: the table's key column).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Spanned<String>>,
    /// Value columns: stacked parts or grouped series.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub columns: Vec<Spanned<String>>,
    /// The single value column (threshold bars, tile map, time series numerator).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub value: Option<Spanned<String>>,
    /// Denominator column: the value is plotted as value / of × 100 (time series, stacked %).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub of: Option<Spanned<String>>,
    /// Status column (status summary; tile map coloured by status).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub status: Option<Spanned<String>>,
    /// Sort order of the categories.
    #[serde(default)]
    pub sort: Option<SortDecl>,
    /// Reference lines, in the value's unit (e.g. 50 and 90 for percentages).
    #[serde(default)]
    pub thresholds: Vec<f64>,
    /// Title drawn on the chart.
    pub title: String,
    /// Subtitle (e.g. the data time). Tera allowed.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Source line under the chart.
    #[serde(default)]
    pub source: Option<String>,
}

/// Chart kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Entities by status, as bars with counts.
    StatusSummary,
    /// Horizontal bars stacked from parts (XANH/VÀNG/ĐỎ per province), with the national total.
    StackedBars,
    /// Horizontal bars of one value with reference lines; the lowest highlighted.
    ThresholdBars,
    /// Grouped horizontal bars: several series per category.
    GroupedBars,
    /// One labelled tile per entity, placed by geography, coloured by status or value.
    TileMap,
    /// A value across every day of the archive, nationally and per entity (small multiples).
    TimeSeries,
}

/// Sort order.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SortDecl {
    /// Column to sort by (for stacked bars: a part column, sorted by its share).
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// Descending instead of ascending.
    #[serde(default)]
    pub descending: bool,
}

/// One entity of the publication (a province), with name variants and its tile.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityDecl {
    /// Canonical name: "Hà Nội".
    pub name: String,
    /// Other spellings found in the sources: "TP. Hà Nội", "Hung Yên".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Tile-map position: [row, column], north to south, west to east.
    pub tile: (u32, u32),
}
