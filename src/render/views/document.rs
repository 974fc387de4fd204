//! Views of the administrative document: the Decree 30 header, notes and appendix parts.

use serde::Serialize;

use super::TableView;

/// The header blocks of Decree 30/2020/NĐ-CP.
#[derive(Debug, Clone, Serialize)]
pub struct HeaderView {
    /// The governing body above the issuer, if any.
    pub governing_body: Option<String>,
    /// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    pub national_title: Option<String>,
    /// "Độc lập - Tự do - Hạnh phúc".
    pub motto: Option<String>,
    /// "Hà Nội, ngày 14 tháng 6 năm 2025", or as the source prints it.
    pub place_date: Option<String>,
    /// "Số: 5333/BC-VPCP" or "Số 20-BCHN/…", ready to print.
    pub number_line: Option<String>,
    /// "BÁO CÁO".
    pub kind: String,
    /// The "DỰ THẢO" mark.
    pub draft: bool,
    /// Confidentiality mark.
    pub secrecy: Option<String>,
    /// Urgency mark.
    pub urgency: Option<String>,
}

/// A footnote with its anchor.
#[derive(Debug, Clone, Serialize)]
pub struct FootnoteView {
    /// Mark, if any.
    pub mark: Option<String>,
    /// Text.
    pub text: String,
    /// Whether this is the circulation note.
    pub circulation: bool,
    /// The note's id, which its markers link to.
    pub id: String,
    /// The first marker's id, when a marker on the page links here.
    pub back: Option<String>,
    /// The text's lines (a note keeps its line breaks).
    pub lines: Vec<String>,
}

/// A headed part of an appendix (I., 1., a)).
#[derive(Debug, Clone, Serialize)]
pub struct PartView {
    /// 1 for the appendix's first level of parts, 2 under it, …
    pub level: usize,
    /// Anchor id.
    pub anchor: String,
    /// "I. KẾT QUẢ …", as printed.
    pub heading: String,
    /// Paragraphs under the heading (sanitised HTML).
    pub intro_html: String,
    /// Tables of the part.
    pub tables: Vec<TableView>,
}
