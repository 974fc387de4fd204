//! Chart declarations (`charts:` in the publication or in a day file).

use serde::Deserialize;

use super::Spanned;

/// Một biểu đồ khai báo. Các khóa áp dụng tùy theo `kind` (README, "Charts").
///
/// One declared chart. Which fields apply depends on `kind` (see README, "Charts").
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ChartDecl {
    /// Loại biểu đồ.
    ///
    /// What to draw.
    pub kind: ChartKind,
    /// Bảng lấy số liệu.
    ///
    /// The table the data comes from.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// Cột chứa nhãn các hạng mục (mặc định: cột đơn vị của bảng).
    ///
    /// Column holding the category labels (default: the table's key column).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub label: Option<Spanned<String>>,
    /// Các cột giá trị: các phần chồng nhau hoặc các chuỗi nhóm.
    ///
    /// Value columns: stacked parts or grouped series.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub columns: Vec<Spanned<String>>,
    /// Cột giá trị duy nhất (thanh ngưỡng, bản đồ ô, tử số của chuỗi thời gian).
    ///
    /// The single value column (threshold bars, tile map, time series numerator).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub value: Option<Spanned<String>>,
    /// Cột mẫu số: vẽ giá trị / mẫu × 100.
    ///
    /// Denominator column: the value is plotted as value / of × 100 (time series, stacked %).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub of: Option<Spanned<String>>,
    /// Cột trạng thái (tổng hợp trạng thái; bản đồ ô tô màu theo trạng thái).
    ///
    /// Status column (status summary; tile map coloured by status).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub status: Option<Spanned<String>>,
    /// Thứ tự sắp xếp các hạng mục.
    ///
    /// Sort order of the categories.
    #[serde(default)]
    pub sort: Option<SortDecl>,
    /// Các đường tham chiếu, theo đơn vị của giá trị (vd. 50 và 90 cho phần trăm).
    ///
    /// Reference lines, in the value's unit (e.g. 50 and 90 for percentages).
    #[serde(default)]
    pub thresholds: Vec<f64>,
    /// Tiêu đề vẽ trên biểu đồ.
    ///
    /// Title drawn on the chart.
    pub title: String,
    /// Tiêu đề phụ (vd. giờ chốt số liệu); được dùng Tera.
    ///
    /// Subtitle (e.g. the data time). Tera allowed.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Dòng nguồn dưới biểu đồ.
    ///
    /// Source line under the chart.
    #[serde(default)]
    pub source: Option<String>,
}

/// Các loại biểu đồ.
///
/// Chart kinds.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ChartKind {
    /// Số đơn vị theo trạng thái, dạng thanh có số đếm.
    ///
    /// Entities by status, as bars with counts.
    StatusSummary,
    /// Thanh ngang chồng các phần (XANH/VÀNG/ĐỎ mỗi tỉnh), kèm tổng cả nước.
    ///
    /// Horizontal bars stacked from parts (XANH/VÀNG/ĐỎ per province), with the national total.
    StackedBars,
    /// Thanh ngang một giá trị với đường tham chiếu; thanh thấp nhất được tô nổi.
    ///
    /// Horizontal bars of one value with reference lines; the lowest highlighted.
    ThresholdBars,
    /// Thanh ngang theo nhóm: nhiều chuỗi mỗi hạng mục.
    ///
    /// Grouped horizontal bars: several series per category.
    GroupedBars,
    /// Mỗi đơn vị một ô có nhãn, xếp theo địa lý, tô màu theo trạng thái hoặc giá trị.
    ///
    /// One labelled tile per entity, placed by geography, coloured by status or value.
    TileMap,
    /// Một giá trị qua mọi ngày của kho lưu trữ, cả nước và từng đơn vị.
    ///
    /// A value across every day of the archive, nationally and per entity (small multiples).
    TimeSeries,
}

/// Thứ tự sắp xếp.
///
/// Sort order.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SortDecl {
    /// Cột để sắp xếp (thanh chồng: một cột phần, xếp theo tỉ trọng).
    ///
    /// Column to sort by (for stacked bars: a part column, sorted by its share).
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// Giảm dần thay vì tăng dần.
    ///
    /// Descending instead of ascending.
    #[serde(default)]
    pub descending: bool,
}

/// Một đơn vị của ấn phẩm (một tỉnh), với các cách viết tên và ô bản đồ.
///
/// One entity of the publication (a province), with name variants and its tile.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityDecl {
    /// Tên chuẩn: "Hà Nội".
    ///
    /// Canonical name: "Hà Nội".
    pub name: String,
    /// Các cách viết khác gặp trong nguồn: "TP. Hà Nội", "Hung Yên".
    ///
    /// Other spellings found in the sources: "TP. Hà Nội", "Hung Yên".
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Vị trí trên bản đồ ô: [hàng, cột], bắc xuống nam, tây sang đông.
    ///
    /// Tile-map position: [row, column], north to south, west to east.
    pub tile: (u32, u32),
}
