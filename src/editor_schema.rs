//! `daybrief schema`: JSON Schemas of the three kinds of content file, derived from the model
//! types with their doc comments as descriptions, so an editor (VS Code with the YAML
//! extension) completes keys and flags mistakes while staff type. `daybrief new` points each
//! new day file at the day schema.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use schemars::generate::SchemaSettings;

use crate::error::Error;
use crate::model::day::DayFile;
use crate::model::publication::Publication;
use crate::model::schema::TableSchema;

/// The folder, inside the content folder, where `schema` writes by default.
pub const DEFAULT_FOLDER: &str = ".schema";
/// The day file schema's file name.
pub const DAY_SCHEMA: &str = "day.schema.json";

/// What a day file's first line says to point the YAML language server at the day schema in
/// the content folder's `.schema/` (day files sit two folders down: `YYYY/MM/DD.yaml`).
pub const DAY_MODELINE: &str = "# yaml-language-server: $schema=../../.schema/day.schema.json";

fn schema_for<T: JsonSchema>(title: &str) -> String {
    // Draft 7: what both the YAML language server and check-jsonschema read in full.
    let mut schema = SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<T>();
    schema.insert("title".into(), title.into());
    let mut value = serde_json::Value::from(schema);
    loosen(&mut value);
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Words the loader reads as a boolean (YAML 1.1's, as serde-saphyr reads them).
const BOOLEAN_WORDS: &str =
    "^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Yy]es|YES|[Nn]o|NO|[Oo]n|ON|[Oo]ff|OFF|[YyNn])$";
/// A whole number written as text, as the loader reads it (`"2"`, `"+2"`, `"0x1F"`).
const WHOLE_NUMBER_TEXT: &str = "^ *\\+?(?:0|[1-9][0-9_]*|0x[0-9A-Fa-f_]+) *$";
/// A number written as text, as the loader reads it (`"50"`, `".5"`, `"5e1"`).
const NUMBER_TEXT: &str = "^ *[-+]?(?=\\.?[0-9])[0-9_]*(?:\\.[0-9]*)?(?:[eE][-+]?[0-9]+)? *$";

/// Makes the schema accept what the loader accepts: it reads any scalar where text is expected
/// (`number: 20`, `title: 1.5`), and booleans and numbers written as text (`"yes"`, `"2"`).
/// Without this the editor would flag files that `daybrief check` reads without complaint.
fn loosen(value: &mut serde_json::Value) {
    use serde_json::{Value, json};
    match value {
        Value::Array(items) => items.iter_mut().for_each(loosen),
        Value::Object(map) => {
            map.values_mut().for_each(loosen);
            if map.contains_key("enum") || map.contains_key("const") {
                return;
            }
            let types: Vec<String> = match map.get("type") {
                Some(Value::String(t)) => vec![t.clone()],
                Some(Value::Array(ts)) => ts
                    .iter()
                    .filter_map(|t| t.as_str().map(str::to_owned))
                    .collect(),
                _ => return,
            };
            let has = |t: &str| types.iter().any(|x| x == t);
            let mut texts = Vec::new();
            if has("string") {
                let mut all = types.clone();
                for extra in ["number", "boolean"] {
                    if !has(extra) {
                        all.push(extra.to_owned());
                    }
                }
                map.insert("type".into(), json!(all));
                return;
            }
            if has("boolean") {
                texts.push(json!({ "type": "string", "pattern": BOOLEAN_WORDS }));
            }
            if has("integer") {
                texts.push(json!({ "type": "string", "pattern": WHOLE_NUMBER_TEXT }));
            }
            if has("number") {
                texts.push(json!({ "type": "string", "pattern": NUMBER_TEXT }));
            }
            if texts.is_empty() {
                return;
            }
            let mut typed = serde_json::Map::new();
            for key in ["type", "format", "minimum", "maximum"] {
                if let Some(v) = map.remove(key) {
                    typed.insert(key.to_owned(), v);
                }
            }
            texts.insert(0, Value::Object(typed));
            map.insert("anyOf".into(), Value::Array(texts));
        }
        _ => {}
    }
}

/// Every schema file: its name and its text.
pub fn schemas() -> Vec<(&'static str, String)> {
    vec![
        (
            "publication.schema.json",
            schema_for::<Publication>("daybrief: publication.yaml"),
        ),
        (
            "table.schema.json",
            schema_for::<TableSchema>("daybrief: tables/<id>.yaml"),
        ),
        (
            DAY_SCHEMA,
            schema_for::<DayFile>("daybrief: YYYY/MM/DD.yaml"),
        ),
    ]
}

/// Writes every schema into `dir` (created if needed); the paths written.
pub fn write(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    schemas()
        .into_iter()
        .map(|(name, text)| {
            let path = dir.join(name);
            crate::fsutil::write(&path, text.as_bytes())?;
            Ok(path)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_schema_reads_scalars_as_the_loader_does() {
        let mut schema = json!({
            "properties": {
                "title": { "type": ["string", "null"], "description": "d" },
                "draft": { "type": "boolean", "default": false },
                "decimals": { "type": "integer", "format": "uint8", "minimum": 0, "maximum": 255 },
                "kind": { "type": "string", "enum": ["text"] },
            }
        });
        loosen(&mut schema);
        assert_eq!(
            schema,
            json!({
                "properties": {
                    "title": { "type": ["string", "null", "number", "boolean"], "description": "d" },
                    "draft": {
                        "default": false,
                        "anyOf": [{ "type": "boolean" }, { "type": "string", "pattern": BOOLEAN_WORDS }]
                    },
                    "decimals": {
                        "anyOf": [
                            { "type": "integer", "format": "uint8", "minimum": 0, "maximum": 255 },
                            { "type": "string", "pattern": WHOLE_NUMBER_TEXT }
                        ]
                    },
                    "kind": { "type": "string", "enum": ["text"] },
                }
            })
        );
    }
}
