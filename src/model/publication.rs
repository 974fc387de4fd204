//! `content/publication.yaml`: what stays the same from day to day.

use serde::Deserialize;

use std::collections::BTreeMap;

use super::Spanned;
use super::chart::{ChartDecl, EntityDecl};
use super::rules::Rules;

/// Ấn phẩm.
///
/// The publication.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publication {
    /// Tên đầy đủ, dùng làm tên trang web.
    ///
    /// Full name, used as the site title.
    pub name: String,
    /// Tên ngắn cho tiêu đề trang và thanh điều hướng.
    ///
    /// Short name for page titles and navigation.
    #[serde(default)]
    pub short_name: Option<String>,
    /// Cơ quan ban hành, mỗi dòng in một phần tử.
    ///
    /// The issuing body, one printed line each.
    #[serde(default)]
    pub issuer: Vec<String>,
    /// Dòng phụ dưới tên báo cáo; Tera, tính theo từng ngày.
    ///
    /// Subtitle under the report title; Tera, rendered per day.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub subtitle: Option<Spanned<String>>,
    /// Thư mục giao diện trong `themes/`.
    ///
    /// Theme folder under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Bộ trạng thái (XANH, VÀNG, ĐỎ), tốt nhất trước; để trống nếu không có cột trạng thái.
    ///
    /// The status vocabulary (XANH, VÀNG, ĐỎ), best first; none for a publication without
    /// status columns.
    #[serde(default)]
    pub statuses: Vec<StatusDecl>,
    /// Phần đầu văn bản theo Nghị định 30/2020/NĐ-CP (quốc hiệu, tiêu ngữ, địa danh và ngày tháng,
    /// các dấu).
    ///
    /// The administrative header of Decree 30/2020/NĐ-CP (national title, motto, place and
    /// date, marks); without it the report shows the issuer and number only.
    #[serde(default)]
    pub document: Option<DocumentDecl>,
    /// Thứ tự phụ lục mặc định; mỗi ngày có thể thay.
    ///
    /// Default appendix order; a day may replace it.
    #[serde(default)]
    pub appendices: Vec<AppendixDecl>,
    /// Các đơn vị (tỉnh, thành phố) mà bảng nhắc tới, với các cách viết tên và vị trí ô bản đồ.
    ///
    /// The entities (provinces) tables refer to, with name variants and tile positions.
    #[serde(default)]
    pub entities: Vec<EntityDecl>,
    /// Bộ trình chiếu mặc định, cho các ngày không khai báo trang trình chiếu (hoặc mở rộng nó).
    ///
    /// The default slide deck, used by days that declare no slides (or extend it).
    #[serde(default)]
    pub slides: Vec<super::day::Slide>,
    /// Biểu đồ vẽ cho mọi ngày có đủ bảng, theo tên.
    ///
    /// Charts drawn for every day whose tables allow them, by name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, ChartDecl>")]
    pub charts: BTreeMap<String, Spanned<ChartDecl>>,
    /// Trang lịch sử của mỗi đơn vị: bảng cho trạng thái, các cột vẽ xu hướng, các cột cho vướng
    /// mắc mới nhất.
    ///
    /// The history page of each entity (province): which table gives its status, which
    /// columns are drawn as trends, which give its latest obstacles. Without it, no entity pages.
    #[serde(default)]
    pub entity_pages: Option<EntityPagesDecl>,
    /// Chỉ đối chiếu cột thay đổi (TĂNG/GIẢM) khi báo cáo trước cách không quá số ngày này.
    ///
    /// Typed day-over-day columns (e.g. TĂNG/GIẢM) are compared with the computed change only
    /// when the previous briefing is at most this many days earlier; a longer gap means the
    /// source compared with a briefing that is not in the archive.
    #[serde(default = "default_change_gap")]
    pub compare_changes_within_days: u32,
    /// Địa chỉ tuyệt đối của trang (`https://intranet/bantin/`), dùng cho nguồn Atom và sơ đồ
    /// trang.
    ///
    /// Absolute address the site is published at (`https://intranet/bantin/`), used by the
    /// Atom feed and the sitemap; without it they use relative addresses.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Đánh dấu mọi trang là dữ liệu mẫu ("DỮ LIỆU MẪU"); do `daybrief sample` đặt.
    ///
    /// Marks every page as sample data ("DỮ LIỆU MẪU"); set by `daybrief sample`.
    #[serde(default)]
    pub sample: bool,
    /// Các quy tắc nhất quán kiểm tra trên mọi ngày (README, "Checks").
    ///
    /// Consistency rules checked on every day (see README, "Checks").
    #[serde(default)]
    pub rules: Rules,
    /// In tệp PDF của từng ngày (báo cáo kèm phụ lục, bài trình chiếu) cùng với trang web,
    /// như `build --pdf`; cần Chromium.
    ///
    /// Build each day's PDF files (report with appendices, deck) with the site, as
    /// `build --pdf` does; needs Chromium.
    #[serde(default)]
    pub pdf: bool,
}

fn default_theme() -> String {
    "default".to_owned()
}

/// Một trạng thái của bộ trạng thái.
///
/// One status of the vocabulary.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusDecl {
    /// Mã như in: `XANH`.
    ///
    /// The code as printed: `XANH`.
    pub code: String,
    /// Ý nghĩa, cho chú giải.
    ///
    /// What it means, for the legend.
    #[serde(default)]
    pub meaning: String,
    /// Màu CSS.
    ///
    /// CSS colour.
    pub color: String,
}

/// Một phụ lục: số, tên và các bảng trong đó.
///
/// One appendix: a number, a title and the tables it holds.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppendixDecl {
    /// Số như in: "1", "8", "I".
    ///
    /// As printed: "1", "8", "I".
    pub number: String,
    /// Chữ in trước số: "Phụ lục" (mặc định) hoặc "PHỤ LỤC".
    ///
    /// The word printed before the number: "Phụ lục" (default) or "PHỤ LỤC".
    #[serde(default)]
    pub label: Option<String>,
    /// Tên phụ lục; `~` khi nguồn bị mất (hiện là thiếu). Được dùng Tera.
    ///
    /// Title; `~` when the source lost it (shown as missing). Tera allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// Dòng ghi riêng của phụ lục ("(Kèm theo Báo cáo số …)"), thay dòng ghi của ngày.
    ///
    /// This appendix's caption ("(Kèm theo Báo cáo số …)"), replacing the day's.
    #[serde(default)]
    pub caption: Option<String>,
    /// Các đoạn dẫn (Markdown) sau dòng ghi.
    ///
    /// Lead-in paragraphs after the caption (Markdown).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// Chú thích của các ký hiệu trong tên hoặc đoạn dẫn.
    ///
    /// Footnotes of markers in the title or the lead-in.
    #[serde(default)]
    pub notes: Vec<super::day::Footnote>,
    /// Mã các bảng ngay dưới phụ lục, theo thứ tự.
    ///
    /// Table ids directly under the appendix, in order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tables: Vec<Spanned<String>>,
    /// Các phần có tiêu đề sau các bảng (I., 1., a)), mỗi phần có bảng riêng.
    ///
    /// Headed parts after the tables (I., 1., a)), each with its own tables.
    #[serde(default)]
    pub parts: Vec<AppendixPart>,
}

/// Một phần có tiêu đề của phụ lục.
///
/// A headed part of an appendix.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AppendixPart {
    /// Số như in, kể cả dấu: "I.", "1.", "a)".
    ///
    /// Number as printed, punctuation included: "I.", "1.", "a)".
    #[serde(default)]
    pub number: Option<String>,
    /// Tiêu đề.
    ///
    /// Heading text.
    #[serde(default)]
    pub title: Option<String>,
    /// Các đoạn (Markdown) dưới tiêu đề.
    ///
    /// Paragraphs under the heading (Markdown).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// Mã các bảng, theo thứ tự.
    ///
    /// Table ids, in order.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub tables: Vec<Spanned<String>>,
    /// Các phần con.
    ///
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

/// Phần đầu văn bản theo Nghị định 30/2020/NĐ-CP; `document:` của ngày thay từng khóa của ấn phẩm.
///
/// The administrative header of Decree 30/2020/NĐ-CP. A day's `document:` overrides the
/// publication's key by key.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DocumentDecl {
    /// `state` in số là "Số: 5333/BC-VPCP", `party` là "Số 20-BCHN/…".
    ///
    /// `state` prints the number as "Số: 5333/BC-VPCP", `party` as "Số 20-BCHN/…".
    #[serde(default)]
    pub family: Option<DocumentFamily>,
    /// Cơ quan chủ quản, in trên cơ quan ban hành (không bắt buộc).
    ///
    /// The governing body, printed above the issuer (optional).
    #[serde(default)]
    pub governing_body: Option<String>,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" hoặc "ĐẢNG CỘNG SẢN VIỆT NAM".
    ///
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" or "ĐẢNG CỘNG SẢN VIỆT NAM".
    #[serde(default)]
    pub national_title: Option<String>,
    /// "Độc lập - Tự do - Hạnh phúc", dưới quốc hiệu.
    ///
    /// "Độc lập - Tự do - Hạnh phúc", under the national title.
    #[serde(default)]
    pub motto: Option<String>,
    /// Địa danh của dòng địa danh và ngày tháng: "Hà Nội".
    ///
    /// The place of the place-and-date line: "Hà Nội".
    #[serde(default)]
    pub place: Option<String>,
    /// Dòng địa danh và ngày tháng như nguồn in (bản dự thảo để trống ngày).
    ///
    /// The place-and-date line as the source prints it (a draft with its day left blank).
    #[serde(default)]
    pub place_date: Option<String>,
    /// Tên loại văn bản trên trích yếu (mặc định "BÁO CÁO").
    ///
    /// The document type above the title (default "BÁO CÁO").
    #[serde(default)]
    pub kind: Option<String>,
    /// Bản dự thảo: dấu "DỰ THẢO".
    ///
    /// A draft: the "DỰ THẢO" mark.
    #[serde(default)]
    pub draft: Option<bool>,
    /// Dấu mức độ mật dưới số: "MẬT".
    ///
    /// Confidentiality mark under the number: "MẬT".
    #[serde(default)]
    pub secrecy: Option<String>,
    /// Dấu mức độ khẩn dưới số: "KHẨN", "HỎA TỐC".
    ///
    /// Urgency mark under the number: "KHẨN", "HỎA TỐC".
    #[serde(default)]
    pub urgency: Option<String>,
}

/// Cách một loại văn bản in số.
///
/// How a document family prints its number.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum DocumentFamily {
    /// Văn bản nhà nước: "Số: 5333/BC-VPCP".
    ///
    /// State documents: "Số: 5333/BC-VPCP".
    State,
    /// Văn bản của Đảng: "Số 20-BCHN/CQTTBCĐ".
    ///
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

/// Nội dung trang lịch sử của một đơn vị.
///
/// What an entity's history page shows.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityPagesDecl {
    /// Tiêu đề trang mục lục: "Tỉnh, thành phố".
    ///
    /// Heading of the index page: "Tỉnh, thành phố".
    pub title: String,
    /// Bảng và cột trạng thái cho trạng thái từng ngày của mỗi đơn vị.
    ///
    /// The table and status column that give each entity's status per day.
    pub status: ColumnRef,
    /// Các cột số vẽ thành xu hướng trên trang mỗi đơn vị.
    ///
    /// Numeric columns drawn as a trend on each entity's page.
    #[serde(default)]
    pub trends: Vec<ColumnRef>,
    /// Các cột chữ hiện giá trị mới nhất (vd. vướng mắc trong ngày).
    ///
    /// Text columns whose latest value is shown (e.g. the obstacles of the day).
    #[serde(default)]
    pub notes: Vec<ColumnRef>,
}

/// Một cột của một bảng, với nhãn hiển thị.
///
/// A column of a table, with the label shown for it.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ColumnRef {
    /// Mã bảng.
    ///
    /// Table id.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// Mã cột.
    ///
    /// Column id.
    #[schemars(with = "String")]
    pub column: Spanned<String>,
    /// Nhãn trên trang; mặc định là tiêu đề cột.
    ///
    /// Label on the page; defaults to the column's label.
    #[serde(default)]
    pub label: Option<String>,
}
