//! Table schemas (`content/tables/<id>.yaml`): declared once, used every day.

use serde::Deserialize;

use super::Spanned;

/// Các cột của một bảng và quy tắc hàng tổng.
///
/// One table's columns and total-row rule.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSchema {
    /// Tên bảng mặc định; mỗi ngày có thể thay. Được dùng biểu thức Tera.
    ///
    /// Default title; a day may override it. Tera expressions allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// Bảng có hàng tổng không, và ai cung cấp.
    ///
    /// Whether the table has a totals row, and who supplies it.
    #[serde(default)]
    pub total_row: TotalRow,
    /// Nhãn của hàng tổng, đặt ở cột chữ đầu tiên.
    ///
    /// Label of the totals row, placed in the first text column.
    #[serde(default = "default_total_label")]
    pub total_label: String,
    /// Các cột, từ trái sang phải.
    ///
    /// The columns, left to right.
    #[schemars(with = "Vec<ColumnDecl>")]
    pub columns: Vec<Spanned<ColumnDecl>>,
}

fn default_total_label() -> String {
    "Tổng".to_owned()
}

/// Ai cung cấp hàng tổng.
///
/// Who supplies the totals row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TotalRow {
    /// Không có hàng tổng.
    ///
    /// No totals row.
    #[default]
    None,
    /// Tệp ngày ghi hàng tổng (`total:`); được đối chiếu với tổng tính ra.
    ///
    /// The day file types it (`total:`); it is checked against the computed one.
    Given,
    /// Tính từ các hàng.
    ///
    /// Computed from the rows.
    Computed,
}

/// Một cột.
///
/// One column.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnDecl {
    /// Mã cột dùng trong biểu thức và biểu đồ (chữ ascii, snake_case).
    ///
    /// Identifier used in expressions and charts (ascii snake_case).
    pub id: String,
    /// Tiêu đề cột như in.
    ///
    /// Header text as printed.
    pub label: String,
    /// Kiểu của cột: cách đọc và hiển thị ô.
    ///
    /// How cells are parsed and shown.
    #[serde(rename = "type")]
    pub kind: ColumnType,
    /// Tiêu đề nhóm phía trên cột; các nhóm giống nhau liền kề dùng chung một ô. Một danh sách cho
    /// nhiều tầng, tầng ngoài trước.
    ///
    /// Grouped header above this column; consecutive equal groups share one cell. A list
    /// gives several header levels, outer first.
    #[serde(default)]
    pub group: Option<HeaderGroup>,
    /// Ô của cột trong hàng đánh số cột: "(1)", hoặc quan hệ giữa các cột "(3) = (4) + (5)" mà
    /// `check` kiểm tra trên mọi hàng.
    ///
    /// This column's cell in the column-number row under the header: "(1)", or a relation
    /// between columns, "(3) = (4) + (5)", which `check` verifies on every row.
    #[serde(default)]
    pub number: Option<String>,
    /// Các cụm chữ một cột số được phép ghi thay cho số ("Đã hoàn thành"): hiện như ghi, không tính
    /// là số.
    ///
    /// Texts a number column may hold instead of a number ("Đã hoàn thành"): shown as
    /// written, counted as no number.
    #[serde(default)]
    pub words: Vec<String>,
    /// Cách tính ô tổng của cột.
    ///
    /// How the totals row is computed for this column.
    #[serde(default)]
    pub total: Option<TotalRule>,
    /// Số chữ số thập phân cố định khi hiển thị (mặc định: như đã ghi).
    ///
    /// Fixed number of decimals for display (default: as typed).
    #[serde(default)]
    pub decimals: Option<u8>,
    /// Cột đơn vị (tỉnh, đơn vị). Mỗi bảng tối đa một cột.
    ///
    /// The entity column (province, unit). At most one per table.
    #[serde(default)]
    pub key: bool,
    /// Cột ghi thay đổi của một cột khác so với báo cáo trước (TĂNG/GIẢM của `xanh_pct`); `daybrief
    /// check` đối chiếu với thay đổi tính ra.
    ///
    /// This column types the change of another column since the previous briefing
    /// (TĂNG/GIẢM of `xanh_pct`); `daybrief check` compares it with the computed change. A
    /// cell left empty (`~`) is filled with the computed change when there is one.
    #[serde(default)]
    pub change_of: Option<String>,
    /// Các tiêu đề khác của cột này trong bảng tính, để `daybrief import` tìm cột khi tiêu đề khác
    /// `label` (so sánh không dấu, không phân biệt hoa thường).
    ///
    /// Other header texts this column has in spreadsheets, for `daybrief import` when the
    /// sheet's header differs from `label` (compared without diacritics or case).
    #[serde(default)]
    pub sheet_headers: Vec<String>,
}

/// Tiêu đề nhóm: `group: "Trực tiếp"` hoặc `group: ["Số quy định", "Chia ra"]`.
///
/// `group: "Trực tiếp"` or `group: ["Số quy định", "Chia ra"]`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum HeaderGroup {
    /// Một tầng nhóm.
    ///
    /// One level of grouping.
    One(String),
    /// Nhiều tầng, tầng ngoài trước.
    ///
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

/// Kiểu cột.
///
/// Column types.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum ColumnType {
    /// Chữ tự do; đoạn HTML được làm sạch.
    ///
    /// Free text; HTML fragments are sanitised.
    Text,
    /// Số nguyên: `3321` hoặc `"3.321"`.
    ///
    /// Whole number: `3321` or `"3.321"`.
    Integer,
    /// Số thập phân: `"62,6"` hoặc `62.6`.
    ///
    /// Decimal: `"62,6"` or `62.6`.
    Decimal,
    /// Tỉ lệ phần trăm: `"73,54%"`.
    ///
    /// Percentage: `"73,54%"`.
    Percent,
    /// Phân số: `"17/17"`, `"8/102 (7,8%)"`.
    ///
    /// Fraction: `"17/17"`, `"8/102 (7,8%)"`.
    Ratio,
    /// XANH / VÀNG / ĐỎ, có thể nằm trong một nhãn.
    ///
    /// XANH / VÀNG / ĐỎ, optionally inside a label.
    Status,
    /// Ngày tháng: `"30/7/2025"`.
    ///
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

/// Cách tính một ô tổng.
///
/// How a totals cell is computed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum TotalRule {
    /// `sum`: tổng của cột.
    ///
    /// `sum`: the sum of the column.
    Keyword(TotalKeyword),
    /// `{ ratio: [tử, mẫu] }`: tổng(tử) / tổng(mẫu), dạng phần trăm.
    ///
    /// `{ ratio: [num, den] }`: sum(num) / sum(den) as a percentage.
    Ratio {
        /// Mã cột tử số và mẫu số.
        ///
        /// Numerator and denominator column ids.
        ratio: (String, String),
    },
}

/// Các từ khóa tính tổng.
///
/// Keyword totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum TotalKeyword {
    /// Tổng của cột.
    ///
    /// Sum of the column.
    Sum,
}
