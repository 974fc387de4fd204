//! One day's file (`content/YYYY/MM/DD.yaml`): that day's values only.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Spanned;
use super::cell::CellInput;
use super::publication::AppendixDecl;

/// Báo cáo của một ngày, như được soạn.
///
/// A day's briefing as written.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayFile {
    /// Ngày báo cáo, `2025-08-09`; phải khớp với đường dẫn của tệp.
    ///
    /// `2025-08-09`; must match the file's path.
    #[schemars(with = "String")]
    pub date: Spanned<String>,
    /// Thời điểm phát hành lần ban hành này, `2025-08-09 17:30`; bắt buộc với bản đính chính.
    ///
    /// When this edition was released, `2025-08-09 17:30`. Required for a correction
    /// (`DD.2.yaml`, …), optional for the first edition.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub published: Option<Spanned<String>>,
    /// Bản đính chính sửa gì và vì sao, hiện trên trang của ngày.
    ///
    /// What a correction changed and why, shown on the day's page.
    #[serde(default)]
    pub correction: Option<String>,
    /// Số báo cáo: `20-BCHN/CQTTBCĐ`; `~` khi nguồn không ghi.
    ///
    /// Report number: `20-BCHN/CQTTBCĐ`; `~` when the source does not show it.
    #[serde(default)]
    pub number: Option<String>,
    /// Dòng trích yếu dưới chữ "BÁO CÁO".
    ///
    /// Title line under "BÁO CÁO".
    pub title: String,
    /// Thay đổi phần đầu văn bản của ấn phẩm cho riêng ngày này (dấu dự thảo, dòng địa danh và ngày
    /// tháng…).
    ///
    /// Overrides of the publication's document header for this day (a draft mark, the
    /// place-and-date line as printed, …).
    #[serde(default)]
    pub document: Option<super::publication::DocumentDecl>,
    /// Giờ chốt số liệu như in: `16h00`.
    ///
    /// Data cut-off time as printed: `16h00`.
    #[serde(default)]
    pub data_time: Option<String>,
    /// Các dòng "Kính gửi".
    ///
    /// "Kính gửi" lines.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Đoạn mở đầu (Markdown) trước mục đầu tiên.
    ///
    /// Markdown before the first section.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// Các mục nội dung có đánh số.
    ///
    /// Numbered narrative sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Dòng kết ("Kính trình …").
    ///
    /// Closing line ("Kính trình …").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub closing: Option<Spanned<String>>,
    /// Các dòng "Nơi nhận".
    ///
    /// "Nơi nhận" lines.
    #[serde(default)]
    pub distribution: Vec<String>,
    /// Phần chữ ký.
    ///
    /// Signature block.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// Ghi chú phạm vi lưu hành ("Báo cáo này không đăng tải …").
    ///
    /// "Báo cáo này không đăng tải …".
    #[serde(default)]
    pub circulation_note: Option<Footnote>,
    /// Các chú thích khác.
    ///
    /// Other footnotes.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
    /// Dòng ghi in phía trên các phụ lục, nguyên văn.
    ///
    /// The caption printed above the appendices, verbatim.
    #[serde(default)]
    pub appendix_caption: Option<String>,
    /// Danh sách phụ lục của ngày này, thay cho danh sách của ấn phẩm.
    ///
    /// Replaces the publication's appendix list for this day.
    #[serde(default)]
    pub appendices: Option<Vec<AppendixDecl>>,
    /// Các bảng của ngày, theo mã bảng (tên tệp trong tables/).
    ///
    /// The day's tables, by schema id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, DayTable>")]
    pub tables: BTreeMap<String, Spanned<DayTable>>,
    /// Bộ trình chiếu của ngày; nếu không có thì dùng bộ mặc định của ấn phẩm.
    ///
    /// The day's slide deck; without it the publication's default deck is used.
    #[serde(default)]
    pub slides: Vec<Slide>,
    /// Thêm các trang trình chiếu của ngày vào sau bộ mặc định thay vì thay thế nó.
    ///
    /// Append this day's slides to the publication's default deck instead of replacing it.
    #[serde(default)]
    pub extend_default_deck: bool,
    /// Biểu đồ chỉ cho ngày này (thêm vào, hoặc thay theo tên, biểu đồ của ấn phẩm).
    ///
    /// Charts for this day only (added to, or replacing by name, the publication's).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, super::chart::ChartDecl>")]
    pub charts: BTreeMap<String, Spanned<super::chart::ChartDecl>>,
}

/// Một mục nội dung có đánh số.
///
/// A numbered narrative section.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Số mục như in: "I", "1", "a".
    ///
    /// Number as printed: "I", "1", "a".
    #[serde(default)]
    pub number: Option<String>,
    /// Tên mục.
    ///
    /// Heading text.
    #[serde(default)]
    pub title: Option<String>,
    /// Nội dung (Markdown); được dùng biểu thức Tera.
    ///
    /// Markdown body; Tera expressions allowed.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub body: Option<Spanned<String>>,
    /// Một bảng của ngày, đặt ở cuối mục.
    ///
    /// A day table placed at the end of the section.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub table: Option<Spanned<String>>,
    /// Các biểu đồ đặt trong mục, theo tên.
    ///
    /// Charts placed in the section, by name.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub charts: Vec<Spanned<String>>,
    /// Các mục con.
    ///
    /// Sub-sections.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// Phần chữ ký.
///
/// The signature block.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// Thẩm quyền ký: "K/T CHÁNH VĂN PHÒNG", "T/L …".
    ///
    /// "K/T CHÁNH VĂN PHÒNG", "T/L …".
    #[serde(default)]
    pub authority: Option<String>,
    /// Chức vụ người ký.
    ///
    /// Signer's position.
    pub position: String,
    /// Họ tên người ký.
    ///
    /// Signer's name.
    pub name: String,
}

/// Một chú thích, hoặc ghi chú phạm vi lưu hành.
///
/// A footnote or the circulation note.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// Ký hiệu như in: "1", "*".
    ///
    /// Mark as printed: "1", "*".
    #[serde(default)]
    pub mark: Option<String>,
    /// Nội dung chú thích.
    ///
    /// The note's text.
    pub text: String,
}

/// Số liệu của ngày cho một bảng.
///
/// A day's values for one table.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayTable {
    /// Tên bảng, thay cho tên trong lược đồ bảng; được dùng Tera.
    ///
    /// Overrides the schema title. Tera allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// Ghi chú in dưới bảng.
    ///
    /// A note printed under the table.
    #[serde(default)]
    pub note: Option<String>,
    /// Các đoạn dẫn (Markdown) in trước bảng.
    ///
    /// Lead-in paragraphs printed before the table (Markdown).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// Chú thích của các ký hiệu trong bảng (tên, tiêu đề cột, ô), in dưới bảng.
    ///
    /// Footnotes of markers in this table (title, labels, cells), printed under it.
    #[serde(default)]
    pub notes: Vec<Footnote>,
    /// Các hàng (có thể nhập từ bảng tính bằng `daybrief import`).
    ///
    /// The rows.
    #[serde(default)]
    #[schemars(with = "Vec<RowItem>")]
    pub rows: Vec<Spanned<RowItem>>,
    /// Hàng tổng như nguồn ghi (chỉ khi lược đồ có `total_row: given`).
    ///
    /// The totals row as typed (only for `total_row: given`).
    #[serde(default)]
    #[schemars(with = "Option<Vec<CellInput>>")]
    pub total: Option<Vec<Spanned<CellInput>>>,
}

/// One entry of `rows:`.
#[derive(Debug, Clone)]
pub enum RowItem {
    /// `[a, b, c]`: one row of cells.
    Cells(Vec<Spanned<CellInput>>),
    /// `{ group: "…", level: 2 }`: a caption row over the rows that follow.
    Group {
        /// The caption.
        text: String,
        /// Nesting level: 1 (default) for a top caption, 2 under it, …
        level: u8,
    },
    /// `{ span: [..], rows: [[..], ..] }`: leading cells that span several rows.
    Span {
        /// The spanning cells.
        span: Vec<Spanned<CellInput>>,
        /// The remaining cells of each sub-row.
        rows: Vec<Vec<Spanned<CellInput>>>,
    },
    /// `{ missing_rows: [from, to], note: "…" }`: rows lost in the source.
    Missing {
        /// First missing row number.
        from: u32,
        /// Last missing row number.
        to: u32,
        /// Why they are missing.
        note: Option<String>,
    },
}

/// Written as YAML would give it back to [`RowVisitor`] (the parsed-day cache reads it so).
impl serde::Serialize for RowItem {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        match self {
            RowItem::Cells(cells) => cells.serialize(serializer),
            RowItem::Group { text, level } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("group", text)?;
                map.serialize_entry("level", level)?;
                map.end()
            }
            RowItem::Span { span, rows } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("span", span)?;
                map.serialize_entry("rows", rows)?;
                map.end()
            }
            RowItem::Missing { from, to, note } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("missing_rows", &(from, to))?;
                map.serialize_entry("note", note)?;
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for RowItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RowVisitor)
    }
}

struct RowVisitor;

const ROW_KEYS: &[&str] = &["group", "level", "span", "rows", "missing_rows", "note"];

impl<'de> Visitor<'de> for RowVisitor {
    type Value = RowItem;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a row `[cell, …]`, `{ group: … }`, `{ span: […], rows: [[…]] }` or `{ missing_rows: [from, to] }`",
        )
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<RowItem, A::Error> {
        let mut cells = Vec::new();
        while let Some(cell) = seq.next_element::<Spanned<CellInput>>()? {
            cells.push(cell);
        }
        Ok(RowItem::Cells(cells))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RowItem, A::Error> {
        let mut group: Option<String> = None;
        let mut span: Option<Vec<Spanned<CellInput>>> = None;
        let mut rows: Option<Vec<Vec<Spanned<CellInput>>>> = None;
        let mut missing: Option<(u32, u32)> = None;
        let mut note: Option<String> = None;
        let mut level: Option<u8> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "group" => group = Some(map.next_value()?),
                "span" => span = Some(map.next_value()?),
                "rows" => rows = Some(map.next_value()?),
                "missing_rows" => missing = Some(map.next_value()?),
                "note" => note = map.next_value()?,
                "level" => level = Some(map.next_value()?),
                other => return Err(de::Error::unknown_field(other, ROW_KEYS)),
            }
        }
        match (group, span, rows, missing) {
            (Some(text), None, None, None) => Ok(RowItem::Group {
                text,
                level: level.unwrap_or(1).max(1),
            }),
            _ if level.is_some() => Err(de::Error::custom("`level` belongs to a `group` row")),
            (None, Some(span), Some(rows), None) => Ok(RowItem::Span { span, rows }),
            (None, None, None, Some((from, to))) => Ok(RowItem::Missing { from, to, note }),
            (None, Some(_), None, None) => Err(de::Error::missing_field("rows")),
            _ => Err(de::Error::custom(
                "a row mapping takes either `group`, `span` with `rows`, or `missing_rows`",
            )),
        }
    }
}

/// Một trang của bộ trình chiếu trong ngày.
///
/// One slide of the day's deck.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// Tiêu đề trang (trang bìa hoặc trang ảnh có thể không có).
    ///
    /// Slide title (a title slide or a picture slide may have none).
    #[serde(default)]
    pub title: Option<String>,
    /// Tiêu đề phụ có giờ chốt số liệu, như in.
    ///
    /// Subtitle with the data time, as printed.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Các gạch đầu dòng (Markdown).
    ///
    /// Markdown bullets.
    #[serde(default)]
    pub bullets: Vec<String>,
    /// Các ô chỉ số.
    ///
    /// KPI tiles.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Các danh sách đơn vị (SẴN SÀNG / CẢNH BÁO / CHẬM).
    ///
    /// Entity lists (SẴN SÀNG / CẢNH BÁO / CHẬM).
    #[serde(default)]
    pub lists: Vec<EntityList>,
    /// Một biểu đồ, theo tên.
    ///
    /// A chart by name.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub chart: Option<Spanned<String>>,
    /// Mô tả hình biểu đồ của nguồn khi không khai báo biểu đồ.
    ///
    /// What the source's chart image showed, when no chart is declared.
    #[serde(default)]
    pub chart_note: Option<String>,
    /// Trích một bảng của ngày.
    ///
    /// An excerpt of a day table.
    #[serde(default)]
    pub table: Option<TableExcerpt>,
    /// Markdown tự do dưới nội dung.
    ///
    /// Free Markdown under the content.
    #[serde(default)]
    pub notes: Option<String>,
}

/// Một ô chỉ số.
///
/// A KPI tile.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// Nội dung được đếm.
    ///
    /// What is counted.
    pub label: String,
    /// Con số như in.
    ///
    /// The figure as printed.
    pub value: String,
    /// Thay đổi so với báo cáo trước, như in.
    ///
    /// Change since the previous briefing, as printed.
    #[serde(default)]
    pub change: Option<String>,
}

/// Danh sách đơn vị dưới một tiêu đề trạng thái.
///
/// A list of entities under a status heading.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityList {
    /// Tiêu đề như in.
    ///
    /// Heading as printed.
    pub label: String,
    /// Mã trạng thái quyết định màu của danh sách.
    ///
    /// Status code that colours the list.
    #[serde(default)]
    pub status: Option<String>,
    /// Thay đổi như in ("tăng 0").
    ///
    /// Change as printed ("tăng 0").
    #[serde(default)]
    pub change: Option<String>,
    /// Tên các đơn vị.
    ///
    /// Entity names.
    #[serde(default)]
    pub items: Vec<String>,
}

/// Trích một bảng của ngày trên trang trình chiếu.
///
/// An excerpt of a day table on a slide.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableExcerpt {
    /// Mã bảng.
    ///
    /// Table id.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// Số hàng hiển thị (mặc định: tất cả).
    ///
    /// How many rows to show (default all).
    #[serde(default)]
    pub rows: Option<usize>,
}
