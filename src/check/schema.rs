//! Checks of table schemas and of the publication file.

use std::collections::{BTreeMap, BTreeSet};

use super::{Known, error_at};
use crate::archive::{Column, Schema};
use crate::error::{Diagnostic, Report};
use crate::load::Loaded;
use crate::model::publication::Publication;
use crate::model::schema::{TableSchema, TotalRule};
use crate::suggest::did_you_mean;

/// Checks one schema: unique column ids, one key at most, totals that refer to real columns.
pub fn check_schema(id: &str, loaded: &Loaded<TableSchema>, report: &mut Report) -> Option<Schema> {
    let (path, text) = (&loaded.path, &loaded.text);
    let before = report.error_count();
    // The id names the CSV file and the table's anchor: it must be usable in both.
    if !crate::load::is_plain_name(id) {
        report.push(
            Diagnostic::error(path, 0, 0, format!("`{id}` cannot name a table"))
                .expected("a file name of letters, digits, `-` and `_`, such as ho_so.yaml")
                .hint(
                    "the name becomes the table's id, its CSV file and its anchor: rename the file",
                ),
        );
    }
    let mut seen = BTreeSet::new();
    let ids: Vec<&str> = loaded
        .value
        .columns
        .iter()
        .map(|c| c.value.id.as_str())
        .collect();
    for column in &loaded.value.columns {
        let c = &column.value;
        if !seen.insert(c.id.as_str()) {
            report.push(
                error_at(
                    path,
                    text,
                    column,
                    format!("column id `{}` is used twice", c.id),
                )
                .expected("a unique column id"),
            );
        }
        if let Some(TotalRule::Ratio { ratio: (num, den) }) = &c.total {
            for part in [num, den] {
                if !ids.contains(&part.as_str()) {
                    let mut d = error_at(
                        path,
                        text,
                        column,
                        format!(
                            "column `{}`: total ratio refers to unknown column `{part}`",
                            c.id
                        ),
                    )
                    .expected(format!("one of: {}", ids.join(", ")));
                    if let Some(best) = did_you_mean(part, &ids) {
                        d = d.hint(format!("did you mean `{best}`?"));
                    }
                    report.push(d);
                }
            }
        }
        if c.total.is_some() && !c.kind.is_numeric() {
            report.push(
                error_at(
                    path,
                    text,
                    column,
                    format!("column `{}` has a total but is of type {:?}", c.id, c.kind),
                )
                .expected("totals only on integer, decimal or percent columns"),
            );
        }
    }
    for column in &loaded.value.columns {
        let Some(target) = &column.value.change_of else {
            continue;
        };
        let target_type = loaded
            .value
            .columns
            .iter()
            .find(|c| &c.value.id == target)
            .map(|c| c.value.kind);
        if !target_type.is_some_and(|k| k.is_numeric()) || !column.value.kind.is_numeric() {
            let ids: Vec<&str> = loaded
                .value
                .columns
                .iter()
                .filter(|c| c.value.kind.is_numeric())
                .map(|c| c.value.id.as_str())
                .collect();
            report.push(
                error_at(
                    path,
                    text,
                    column,
                    format!(
                        "column `{}` is the change of `{target}`, which is not a numeric column of this table",
                        column.value.id
                    ),
                )
                .expected(format!("`change_of:` one of: {}", ids.join(", "))),
            );
        }
    }
    let keys = loaded.value.columns.iter().filter(|c| c.value.key).count();
    if keys > 1 {
        report.push(
            Diagnostic::error(
                path,
                1,
                1,
                format!("table `{id}` declares {keys} key columns"),
            )
            .expected("at most one column with `key: true`")
            .with_source(text),
        );
    }
    if report.error_count() > before {
        return None;
    }
    let schema = &loaded.value;
    Some(Schema {
        title: schema.title.clone(),
        total_row: schema.total_row,
        total_label: schema.total_label.clone(),
        columns: schema
            .columns
            .iter()
            .map(|c| {
                let c = &c.value;
                Column {
                    id: c.id.clone(),
                    label: c.label.clone(),
                    kind: c.kind,
                    groups: c.group.as_ref().map(|g| g.levels()).unwrap_or_default(),
                    number: c.number.clone(),
                    words: c.words.clone(),
                    total: c.total.clone(),
                    decimals: c.decimals,
                    key: c.key,
                    change_of: c.change_of.clone(),
                }
            })
            .collect(),
    })
}

/// Checks the publication: statuses declared, appendices refer to known tables.
pub fn check_publication(loaded: &Loaded<Publication>, known: &Known, report: &mut Report) {
    let (path, text) = (&loaded.path, &loaded.text);
    if let Some(base) = &loaded.value.base_url
        && !is_site_address(base)
    {
        let (line, column) = super::locate::find(text, 1, "base_url:").unwrap_or((1, 1));
        report.push(
            Diagnostic::error(
                path,
                line,
                column,
                format!("`base_url` `{base}` is not the address of a site"),
            )
            .expected("an http:// or https:// address, or an absolute path such as /bantin/")
            .hint("the feed and the sitemap link to it, so nothing else is accepted")
            .with_source(text),
        );
    }
    check_entity_addresses(loaded, report);
    for appendix in &loaded.value.appendices {
        for table in appendix.all_tables() {
            if !known.exists(&table.value) {
                report.push(unknown_table(path, text, table, known.schemas));
            }
        }
    }
    let mut classes: BTreeMap<String, &str> = BTreeMap::new();
    for status in &loaded.value.statuses {
        let class = crate::text::slug(&status.code);
        let clash = match classes.get(&class) {
            _ if class.is_empty() => Some(format!(
                "status `{}` has no letter or digit to name its colour by",
                status.code
            )),
            Some(other) => Some(format!(
                "statuses `{other}` and `{}` would share one colour (class status-{class})",
                status.code
            )),
            None => {
                classes.insert(class, &status.code);
                None
            }
        };
        if let Some(message) = clash {
            let (line, column) =
                super::locate::find(text, 1, &format!("code: {}", status.code)).unwrap_or((0, 0));
            report.push(
                Diagnostic::error(path, line, column, message)
                    .expected("status codes that differ in more than diacritics and case")
                    .hint("each status is coloured by a class made from its code")
                    .with_source(text),
            );
        }
        if !is_css_color(&status.color) {
            let (line, column) = super::locate::find(text, 1, &status.color).unwrap_or((0, 0));
            report.push(
                Diagnostic::error(
                    path,
                    line,
                    column,
                    format!(
                        "status `{}`: `{}` is not a colour",
                        status.code, status.color
                    ),
                )
                .expected("a CSS colour such as \"#1e7b34\" or a colour name such as green")
                .hint("the colour is written into the site's stylesheet, so only a colour is accepted")
                .width(status.color.chars().count())
                .with_source(text),
            );
        }
    }
}

/// The largest tile row or column: a map of 64 × 64 tiles is far more than any country needs,
/// and a larger one would draw an image of millions of pixels.
const MAX_TILE: u32 = 63;

/// Each entity has a page at `entities/<slug>/`: two names with the same slug ("Cà Mau", "Ca
/// Mau") would share one, and a name with nothing to make a slug from would have none. Each
/// spelling (name or alias) names one entity, or its rows would go to the wrong one; each tile
/// holds one entity, within the map.
fn check_entity_addresses(loaded: &Loaded<Publication>, report: &mut Report) {
    let (path, text) = (&loaded.path, &loaded.text);
    let from = super::locate::find(text, 1, "entities:").map_or(1, |(line, _)| line);
    let mut slugs: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    let mut spellings: BTreeMap<String, (&str, usize)> = BTreeMap::new();
    let mut tiles: BTreeMap<(u32, u32), (&str, usize)> = BTreeMap::new();
    let mut search_from = from;
    for entity in &loaded.value.entities {
        let (line, column) = super::locate::find(text, search_from, &entity.name).unwrap_or((0, 0));
        search_from = search_from.max(line);
        let name = entity.name.as_str();
        let mut problems: Vec<(String, &str, &str)> = Vec::new();
        let slug = crate::text::slug(name);
        if slug.is_empty() {
            problems.push((
                format!("entity `{name}` has no letter or digit to make its page's address from"),
                "a name with at least one letter or digit",
                "write the name as the sources print it",
            ));
        } else if let Some((other, other_line)) = slugs.get(&slug) {
            problems.push((
                format!("entities `{other}` (line {other_line}) and `{name}` (line {line}) would share the page entities/{slug}/"),
                "names that differ in more than diacritics, case or punctuation",
                "if both are spellings of one entity, list the second under the first's `aliases:`",
            ));
        } else {
            slugs.insert(slug, (name, line));
        }
        for spelling in std::iter::once(&entity.name).chain(&entity.aliases) {
            let key = crate::entity::canonical(spelling);
            match spellings.get(&key) {
                Some((other, other_line)) if *other != name => problems.push((
                    format!("`{spelling}` names both `{other}` (line {other_line}) and `{name}` (line {line})"),
                    "each name and alias used by one entity only",
                    "remove the alias from the entity it does not belong to",
                )),
                _ => {
                    spellings.insert(key, (name, line));
                }
            }
        }
        let (row, col) = entity.tile;
        if row > MAX_TILE || col > MAX_TILE {
            problems.push((
                format!("entity `{name}`: tile [{row}, {col}] is outside the map"),
                "a tile [row, column] from [0, 0] to [63, 63]",
                "tiles are counted from the north-west corner, one per entity",
            ));
        } else if let Some((other, other_line)) = tiles.get(&(row, col)) {
            problems.push((
                format!("entities `{other}` (line {other_line}) and `{name}` (line {line}) share the tile [{row}, {col}]"),
                "one entity per tile",
                "give each entity its own tile, or the map hides one of them",
            ));
        } else {
            tiles.insert((row, col), (name, line));
        }
        for (message, expected, hint) in problems {
            report.push(
                Diagnostic::error(path, line, column, message)
                    .expected(expected)
                    .hint(hint)
                    .width(name.chars().count())
                    .with_source(text),
            );
        }
    }
}

/// An `http`/`https` address or an absolute path, with nothing that could end an attribute or
/// run as a script.
fn is_site_address(base: &str) -> bool {
    let lower = base.to_ascii_lowercase();
    let shaped = lower.starts_with("https://")
        || lower.starts_with("http://")
        || (base.starts_with('/') && !base.starts_with("//"));
    shaped
        && !base.chars().any(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '`' | '\\')
        })
}

/// A hex colour (`#1e7b34`, `#fff`) or a plain colour name (`green`): nothing that could end
/// the CSS rule it is written into.
fn is_css_color(color: &str) -> bool {
    match color.strip_prefix('#') {
        Some(hex) => {
            matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit())
        }
        None => !color.is_empty() && color.chars().all(|c| c.is_ascii_alphabetic()),
    }
}

/// "unknown table" with a suggestion from the known schema ids.
pub fn unknown_table(
    path: &std::path::Path,
    text: &str,
    table: &crate::model::Spanned<String>,
    schemas: &BTreeMap<String, Schema>,
) -> Diagnostic {
    let ids: Vec<&str> = schemas.keys().map(String::as_str).collect();
    let mut d = error_at(
        path,
        text,
        table,
        format!("unknown table `{}`", table.value),
    )
    .expected("a table with a schema in content/tables/");
    if let Some(best) = did_you_mean(&table.value, &ids) {
        d = d.hint(format!("did you mean `{best}`?"));
    } else {
        d = d.hint(format!(
            "create content/tables/{}.yaml, or use one of: {}",
            table.value,
            ids.join(", ")
        ));
    }
    d
}
