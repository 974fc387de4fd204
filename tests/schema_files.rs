//! The JSON Schemas committed in content/.schema/ (where the first line of each new day file
//! points the editor) are what `daybrief schema` writes from today's model types.

use std::fs;

#[test]
fn committed_schemas_are_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content/.schema");
    let schemas = daybrief::editor_schema::schemas();
    let names: Vec<&str> = schemas.iter().map(|(name, _)| *name).collect();
    assert_eq!(
        names,
        [
            "publication.schema.json",
            "table.schema.json",
            "day.schema.json"
        ]
    );
    for (name, text) in schemas {
        assert!(
            fs::read_to_string(dir.join(name)).unwrap() == text,
            "content/.schema/{name} is out of date: run `daybrief schema` and commit it"
        );
    }
}
