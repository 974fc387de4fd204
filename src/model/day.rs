//! One day's file (`content/YYYY/MM/DD.yaml`): that day's values only.

use std::collections::BTreeMap;
use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Spanned;
use super::cell::CellInput;
use super::publication::AppendixDecl;

/// A day's briefing as written.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayFile {
    /// `2025-08-09`; must match the file's path.
    #[schemars(with = "String")]
    pub date: Spanned<String>,
    /// When this edition was released, `2025-08-09 17:30`. Required for a correction
    /// (`DD.2.yaml`, …), optional for the first edition.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub published: Option<Spanned<String>>,
    /// What a correction changed and why, shown on the day's page.
    #[serde(default)]
    pub correction: Option<String>,
    /// Report number: `20-BCHN/CQTTBCĐ`; `~` when the source does not show it.
    #[serde(default)]
    pub number: Option<String>,
    /// Title line under "BÁO CÁO".
    pub title: String,
    /// Overrides of the publication's document header for this day (a draft mark, the
    /// place-and-date line as printed, …).
    #[serde(default)]
    pub document: Option<super::publication::DocumentDecl>,
    /// Data cut-off time as printed: `16h00`.
    #[serde(default)]
    pub data_time: Option<String>,
    /// "Kính gửi" lines.
    #[serde(default)]
    pub recipients: Vec<String>,
    /// Markdown before the first section.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// Numbered narrative sections.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// Closing line ("Kính trình …").
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub closing: Option<Spanned<String>>,
    /// "Nơi nhận" lines.
    #[serde(default)]
    pub distribution: Vec<String>,
    /// Signature block.
    #[serde(default)]
    pub signature: Option<Signature>,
    /// "Báo cáo này không đăng tải …".
    #[serde(default)]
    pub circulation_note: Option<Footnote>,
    /// Other footnotes.
    #[serde(default)]
    pub footnotes: Vec<Footnote>,
    /// The caption printed above the appendices, verbatim.
    #[serde(default)]
    pub appendix_caption: Option<String>,
    /// Replaces the publication's appendix list for this day.
    #[serde(default)]
    pub appendices: Option<Vec<AppendixDecl>>,
    /// The day's tables, by schema id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, DayTable>")]
    pub tables: BTreeMap<String, Spanned<DayTable>>,
    /// The day's slide deck; without it the publication's default deck is used.
    #[serde(default)]
    pub slides: Vec<Slide>,
    /// Append this day's slides to the publication's default deck instead of replacing it.
    #[serde(default)]
    pub extend_default_deck: bool,
    /// Charts for this day only (added to, or replacing by name, the publication's).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, super::chart::ChartDecl>")]
    pub charts: BTreeMap<String, Spanned<super::chart::ChartDecl>>,
}

/// A numbered narrative section.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Section {
    /// Number as printed: "I", "1", "a".
    #[serde(default)]
    pub number: Option<String>,
    /// Heading text.
    #[serde(default)]
    pub title: Option<String>,
    /// Markdown body; Tera expressions allowed.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub body: Option<Spanned<String>>,
    /// A day table placed at the end of the section.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub table: Option<Spanned<String>>,
    /// Charts placed in the section, by name.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub charts: Vec<Spanned<String>>,
    /// Sub-sections.
    #[serde(default)]
    pub sections: Vec<Section>,
}

/// The signature block.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Signature {
    /// "K/T CHÁNH VĂN PHÒNG", "T/L …".
    #[serde(default)]
    pub authority: Option<String>,
    /// Signer's position.
    pub position: String,
    /// Signer's name.
    pub name: String,
}

/// A footnote or the circulation note.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Footnote {
    /// Mark as printed: "1", "*".
    #[serde(default)]
    pub mark: Option<String>,
    /// The note's text.
    pub text: String,
}

/// A day's values for one table.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DayTable {
    /// Overrides the schema title. Tera allowed.
    #[serde(default)]
    pub title: Option<String>,
    /// A note printed under the table.
    #[serde(default)]
    pub note: Option<String>,
    /// Lead-in paragraphs printed before the table (Markdown).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub intro: Option<Spanned<String>>,
    /// Footnotes of markers in this table (title, labels, cells), printed under it.
    #[serde(default)]
    pub notes: Vec<Footnote>,
    /// The rows.
    #[serde(default)]
    #[schemars(with = "Vec<RowItem>")]
    pub rows: Vec<Spanned<RowItem>>,
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

impl<'de> Deserialize<'de> for RowItem {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(RowVisitor)
    }
}

/// A row of the JSON Schema (`daybrief schema`): the four forms [`RowVisitor`] accepts.
impl schemars::JsonSchema for RowItem {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Row".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let cell = serde_json::Value::from(generator.subschema_for::<CellInput>());
        let note = serde_json::json!({ "type": ["string", "null"] });
        schemars::json_schema!({
            "description": "Một hàng: `[ô, …]`, một hàng tiêu đề nhóm, các ô trải nhiều hàng, hoặc các hàng bị mất trong nguồn.\n\nOne row: `[cell, …]`, a group caption, cells spanning rows, or rows lost in the source.",
            "anyOf": [
                { "type": "array", "items": cell },
                {
                    "type": "object",
                    "description": "Hàng tiêu đề nhóm phía trên các hàng sau nó; `level` 2 nằm dưới 1.\n\nA caption row over the rows that follow; `level` 2 sits under 1.",
                    "properties": {
                        "group": { "type": "string" },
                        "level": { "type": "integer", "minimum": 0, "maximum": 255 },
                        "note": note,
                    },
                    "required": ["group"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "description": "Các ô đầu trải trên nhiều hàng (`span`), với các ô còn lại của từng hàng (`rows`).\n\nLeading cells spanning several rows (`span`), with the remaining cells of each row (`rows`).",
                    "properties": {
                        "span": { "type": "array", "items": cell },
                        "rows": { "type": "array", "items": { "type": "array", "items": cell } },
                        "note": note,
                    },
                    "required": ["span", "rows"],
                    "additionalProperties": false,
                },
                {
                    "type": "object",
                    "description": "Các hàng bị mất trong nguồn, từ số thứ tự này đến số kia.\n\nRows lost in the source, from one row number to another.",
                    "properties": {
                        "missing_rows": {
                            "type": "array",
                            "items": [
                                { "type": "integer", "minimum": 0, "maximum": 4294967295u64 },
                                { "type": "integer", "minimum": 0, "maximum": 4294967295u64 },
                            ],
                            "minItems": 2,
                            "maxItems": 2,
                        },
                        "note": note,
                    },
                    "required": ["missing_rows"],
                    "additionalProperties": false,
                },
            ]
        })
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

/// One slide of the day's deck.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Slide {
    /// Slide title (a title slide or a picture slide may have none).
    #[serde(default)]
    pub title: Option<String>,
    /// Subtitle with the data time, as printed.
    #[serde(default)]
    pub subtitle: Option<String>,
    /// Markdown bullets.
    #[serde(default)]
    pub bullets: Vec<String>,
    /// KPI tiles.
    #[serde(default)]
    pub kpis: Vec<Kpi>,
    /// Entity lists (SẴN SÀNG / CẢNH BÁO / CHẬM).
    #[serde(default)]
    pub lists: Vec<EntityList>,
    /// A chart by name.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub chart: Option<Spanned<String>>,
    /// What the source's chart image showed, when no chart is declared.
    #[serde(default)]
    pub chart_note: Option<String>,
    /// An excerpt of a day table.
    #[serde(default)]
    pub table: Option<TableExcerpt>,
    /// Free Markdown under the content.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A KPI tile.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Kpi {
    /// What is counted.
    pub label: String,
    /// The figure as printed.
    pub value: String,
    /// Change since the previous briefing, as printed.
    #[serde(default)]
    pub change: Option<String>,
}

/// A list of entities under a status heading.
#[derive(Debug, Clone, Deserialize, serde::Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EntityList {
    /// Heading as printed.
    pub label: String,
    /// Status code that colours the list.
    #[serde(default)]
    pub status: Option<String>,
    /// Change as printed ("tăng 0").
    #[serde(default)]
    pub change: Option<String>,
    /// Entity names.
    #[serde(default)]
    pub items: Vec<String>,
}

/// An excerpt of a day table on a slide.
#[derive(Debug, Clone, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableExcerpt {
    /// Table id.
    #[schemars(with = "String")]
    pub table: Spanned<String>,
    /// How many rows to show (default all).
    #[serde(default)]
    pub rows: Option<usize>,
}
