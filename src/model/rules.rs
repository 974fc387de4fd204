//! `rules:` in the publication file: consistency checks applied to every day. A day that breaks
//! a rule gets a warning (an error only with `--deny-warnings`); a rule that cannot be applied
//! (an unknown table or column) is an error. See README, "Checks".

use std::collections::BTreeMap;

use serde::Deserialize;

use super::Spanned;

/// Mọi quy tắc của ấn phẩm.
///
/// Every rule of the publication.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rules {
    /// Cụm từ dẫn chiếu phụ lục trong bài ("Phụ lục"): mọi số dẫn sau nó phải là một phụ lục của
    /// ngày.
    ///
    /// The words that cite an appendix in the text ("Phụ lục"): every number cited after them
    /// must be one of the day's appendices. Absent: citations are not checked.
    #[serde(default)]
    pub appendix_citations: Option<String>,
    /// Số và ngày báo cáo ghi trong `appendix_caption` phải khớp `number` và `date` của ngày.
    ///
    /// Whether the report number and date written in `appendix_caption` ("Kèm theo Báo cáo số
    /// 20-BCHN/CQTTBCĐ ngày 9/8/2025") must match the day's `number` and `date`.
    #[serde(default)]
    pub caption_matches_header: bool,
    /// Các tiền tố chỉ loại cơ quan ("Tỉnh ủy", "HĐND"), bỏ đi trước khi so tên đơn vị.
    ///
    /// Name prefixes that say what kind of body an entity cell names ("Tỉnh ủy", "HĐND"), removed
    /// before matching the name, besides the built-in "UBND", "tỉnh", "thành phố", "TP.".
    #[serde(default)]
    pub entity_prefixes: Vec<String>,
    /// Các con số ghi trong bài phải bằng giá trị tính từ bảng.
    ///
    /// Figures typed in the text that must equal a value computed from the tables.
    #[serde(default)]
    #[schemars(with = "Vec<FigureRule>")]
    pub figures: Vec<Spanned<FigureRule>>,
    /// Quy tắc của từng bảng, theo mã bảng.
    ///
    /// Rules of each table, by table id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, TableRules>")]
    pub tables: BTreeMap<String, Spanned<TableRules>>,
}

/// Một con số trong bài, tiêu đề hoặc trang trình chiếu, gắn với một giá trị tính ra.
///
/// A figure typed in the narrative, a title or a slide, tied to a computed value.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FigureRule {
    /// Cụm từ như đọc, `{x}` ở chỗ con số được kiểm tra, `{}` cho số khác.
    ///
    /// The phrase as it reads, with `{x}` where the checked figure stands and `{}` for any other
    /// number: "hiện mới có {x}/{} xã, phường". Bold markers and line breaks are ignored.
    pub text: String,
    /// Giá trị phải bằng, dạng biểu thức: `tables.phu_xanh_xa.sum.xanh`.
    ///
    /// The value it must equal, as a template expression: `tables.phu_xanh_xa.sum.xanh`.
    pub value: String,
}

/// Quy tắc của một bảng, kiểm tra trên mọi ngày có bảng đó.
///
/// The rules of one table, checked on every day that has the table.
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableRules {
    /// Ô cột đơn vị phải là một đơn vị đã khai báo (tên hoặc tên khác).
    ///
    /// Key cells must name a declared entity (by its name or an alias).
    #[serde(default)]
    pub entities: bool,
    /// Mọi đơn vị đã khai báo phải có một hàng.
    ///
    /// Every declared entity must have a row.
    #[serde(default)]
    pub all_entities: bool,
    /// Cột đánh số thứ tự các hàng 1, 2, 3 …
    ///
    /// The column numbering the rows 1, 2, 3 … (rows lost in the source count).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub numbered: Option<Spanned<String>>,
    /// Không có hai hàng trùng giá trị ở các cột này.
    ///
    /// No two rows may hold the same values in these columns.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub unique: Vec<Spanned<String>>,
    /// Hàng tiêu đề nhóm ghi số hàng của nhóm, như "({x} nhiệm vụ)".
    ///
    /// Group captions state how many rows they hold, as in "({x} nhiệm vụ)".
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub group_count: Option<Spanned<String>>,
    /// Các phần cộng lại bằng tổng trên mọi hàng.
    ///
    /// Parts that add up to a whole in every row.
    #[serde(default)]
    #[schemars(with = "Vec<PartsRule>")]
    pub parts: Vec<Spanned<PartsRule>>,
    /// Các tỉ lệ phần trăm bằng tỉ số của hai cột, trong sai số làm tròn.
    ///
    /// Percentages that equal a ratio of two columns, within the rounding of what was typed.
    #[serde(default)]
    #[schemars(with = "Vec<PercentRule>")]
    pub percents: Vec<Spanned<PercentRule>>,
    /// Các cột phân số (`16/17`): tử ≤ mẫu, tỉ lệ in kèm đúng bằng phân số.
    ///
    /// Ratio columns (`16/17`): numerator ≤ denominator, and a printed share equals the ratio.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub ratios: Vec<Spanned<String>>,
    /// Giới hạn giá trị.
    ///
    /// Bounds of values.
    #[serde(default)]
    #[schemars(with = "Vec<RangeRule>")]
    pub ranges: Vec<Spanned<RangeRule>>,
    /// Trạng thái suy ra từ một giá trị (17/17 → XANH).
    ///
    /// A status that follows from a value (17/17 → XANH).
    #[serde(default)]
    #[schemars(with = "Vec<StatusRule>")]
    pub statuses: Vec<Spanned<StatusRule>>,
    /// Thứ tự các hàng.
    ///
    /// The order of the rows.
    #[serde(default)]
    #[schemars(with = "Option<SortedRule>")]
    pub sorted: Option<Spanned<SortedRule>>,
    /// Giá trị bằng giá trị của cùng đơn vị trong một bảng khác của ngày.
    ///
    /// Values that equal the same entity's value in another table of the day.
    #[serde(default)]
    #[schemars(with = "Vec<SameAsRule>")]
    pub same_as: Vec<Spanned<SameAsRule>>,
}

/// Các phần và tổng: `{ parts: [xanh, vang, do], whole: so_xa }`.
///
/// `{ parts: [xanh, vang, do], whole: so_xa }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PartsRule {
    /// Các cột phần.
    ///
    /// The part columns.
    #[schemars(with = "Vec<String>")]
    pub parts: Vec<Spanned<String>>,
    /// Cột tổng của các phần.
    ///
    /// The column they add up to.
    #[schemars(with = "String")]
    pub whole: Spanned<String>,
}

/// Cột phần trăm bằng tỉ số: `{ column: xanh_pct, ratio: [xanh, so_xa] }`.
///
/// `{ column: xanh_pct, ratio: [xanh, so_xa] }`: column = xanh / so_xa × 100.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PercentRule {
    /// Cột phần trăm (percent hoặc decimal).
    ///
    /// The percentage column (percent or decimal).
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Cột tử số và mẫu số.
    ///
    /// Numerator and denominator columns.
    #[schemars(with = "(String, String)")]
    pub ratio: (Spanned<String>, Spanned<String>),
}

/// Giới hạn của một cột: `{ column: da_bao_cao, min: 0, max: so_xa }`.
///
/// `{ column: da_bao_cao, min: 0, max: so_xa }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RangeRule {
    /// Cột được kiểm tra.
    ///
    /// The column checked.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Giá trị nhỏ nhất: một số hoặc một cột cùng hàng.
    ///
    /// Smallest allowed value: a number or a column of the same row.
    #[serde(default)]
    pub min: Option<Bound>,
    /// Giá trị lớn nhất: một số hoặc một cột cùng hàng.
    ///
    /// Largest allowed value: a number or a column of the same row.
    #[serde(default)]
    pub max: Option<Bound>,
}

/// Một giới hạn: số cố định hoặc một cột khác của hàng.
///
/// A bound: a fixed number or another column of the row.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Bound {
    /// Giá trị cố định.
    ///
    /// A fixed value.
    Number(f64),
    /// Giá trị của cột này trong cùng hàng.
    ///
    /// The value of this column in the same row.
    Column(String),
}

/// Trạng thái suy ra từ giá trị: `{ column: ghi_chu, from: tien_do, levels: […] }`.
///
/// `{ column: ghi_chu, from: tien_do, levels: [{ min: 100, status: [XANH] }, …] }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusRule {
    /// Cột trạng thái.
    ///
    /// The status column.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Cột giá trị quyết định trạng thái (phân số, phần trăm, thập phân hoặc nguyên).
    ///
    /// The value the status follows from (ratio, percent, decimal or integer; a ratio as %).
    #[schemars(with = "String")]
    pub from: Spanned<String>,
    /// Các mức, cao nhất trước: áp dụng mức đầu tiên mà giá trị đạt `min`.
    ///
    /// Levels, highest first: the first level whose `min` the value reaches applies.
    pub levels: Vec<StatusLevel>,
}

/// Một mức của quy tắc trạng thái.
///
/// One level of a status rule.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusLevel {
    /// Giá trị nhỏ nhất của mức.
    ///
    /// Smallest value of the level.
    pub min: f64,
    /// Các trạng thái được phép ở mức này.
    ///
    /// The statuses allowed at this level.
    pub status: Vec<String>,
}

/// Thứ tự hàng: `{ by: xanh_pct, descending: false }`.
///
/// `{ by: xanh_pct, descending: false }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SortedRule {
    /// Cột sắp xếp; chữ được so không dấu và bỏ tiền tố "TP.", "tỉnh".
    ///
    /// The column the rows are sorted by. Text is compared without diacritics and without the
    /// "TP.", "tỉnh" prefixes, as names are alphabetised in the sources.
    #[schemars(with = "String")]
    pub by: Spanned<String>,
    /// Lớn nhất trước.
    ///
    /// Largest first.
    #[serde(default)]
    pub descending: bool,
}

/// Bằng giá trị ở bảng khác: `{ column: tong_so_xa, table: phu_xanh_xa, as: so_xa }`.
///
/// `{ column: tong_so_xa, table: phu_xanh_xa, as: so_xa }`.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SameAsRule {
    /// Cột được kiểm tra; với cột phân số là mẫu số.
    ///
    /// The column checked; for a ratio column, its denominator.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Bảng kia của cùng ngày.
    ///
    /// The other table of the same day.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// Cột của bảng kia, tìm theo đơn vị của hàng.
    ///
    /// The column of the other table, found by the row's entity.
    #[serde(rename = "as")]
    #[schemars(with = "String")]
    pub other: Spanned<String>,
}
