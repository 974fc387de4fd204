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
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
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
