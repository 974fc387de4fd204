//! The JSON Schema (`daybrief schema`) of the two types whose YAML form is read by hand-written
//! visitors: a cell and a row. Each says exactly which shapes the visitor accepts.

use super::cell::CellInput;
use super::day::RowItem;

/// A cell of the JSON Schema (`daybrief schema`): what `CellVisitor` (model/cell.rs) accepts, so an editor
/// flags what the loader refuses. A boolean parses (check then names it), so it is allowed here.
impl schemars::JsonSchema for CellInput {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cell".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let scalar = serde_json::json!({ "type": ["string", "number", "boolean", "null"] });
        let spanning = |key: &str, vn: &str, en: &str| {
            serde_json::json!({
                "type": "object",
                "description": format!("{vn}\n\n{en}"),
                "properties": {
                    key: { "type": "integer", "minimum": 2, "maximum": 65535 },
                    "value": scalar,
                },
                "required": [key, "value"],
                "additionalProperties": false,
            })
        };
        schemars::json_schema!({
            "description": "Một ô: chữ, số hoặc ~ (thiếu); hoặc một ô gộp nhiều cột/hàng.\n\nOne cell: text, a number or ~ (missing); or a cell spanning several columns or rows.",
            "anyOf": [
                scalar,
                spanning("colspan", "Một giá trị trải trên cột này và các cột sau.", "One value over this column and the next ones."),
                spanning("rowspan", "Một giá trị trải trên cột này của hàng này và các hàng sau.", "One value over this column of this row and the next rows."),
            ]
        })
    }
}

/// A row of the JSON Schema (`daybrief schema`): the four forms `RowVisitor` (model/day.rs) accepts.
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
