//! `daybrief new DATE`: starts a day's file from an earlier day's, keeping its structure and
//! comments so staff only change the figures.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::load;
use crate::model::Spanned;
use crate::model::cell::CellInput;
use crate::model::day::{DayFile, RowItem};
use crate::model::schema::TableSchema;

/// The file created and the one it was copied from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDay {
    /// The new day file.
    pub path: PathBuf,
    /// The day file it started from.
    pub from: PathBuf,
    /// Cells of computed columns (`change_of`) emptied in the copy, for the build to compute.
    pub computed_emptied: usize,
}

/// Creates `content/YYYY/MM/DD.yaml` for `date` from `from` (default: the latest earlier day).
/// Never overwrites an existing file.
pub fn new_day(content: &Path, date: NaiveDate, from: Option<NaiveDate>) -> Result<NewDay, Error> {
    let path = content.join(format!("{}.yaml", date.format("%Y/%m/%d")));
    if path.exists() {
        return Err(Error::Refused(format!(
            "{} already exists; daybrief never overwrites a day file",
            path.display()
        )));
    }
    let days = load::day_paths(content)?;
    let source = match from {
        Some(from) => days.iter().find(|(d, _)| *d == from).ok_or_else(|| {
            Error::Refused(format!("there is no day file for --from {}", from.format("%Y-%m-%d")))
        })?,
        None => days.iter().rev().find(|(d, _)| *d < date).ok_or_else(|| {
            Error::Refused(format!(
                "there is no day before {} to start from; give --from DATE or write {} by hand (see README)",
                date.format("%Y-%m-%d"),
                path.display()
            ))
        })?,
    };
    let text = load::read_text(&source.1)?;
    let text = drop_edition_lines(&text);
    // A transcription script's "generated, do not edit" header does not apply to the copy.
    let text: String = text
        .split_inclusive('\n')
        .skip_while(|line| {
            line.starts_with("# Generated")
                || (line.starts_with("# ") && line.contains("Do not edit"))
        })
        .collect();
    let (text, computed_emptied) = blank_computed_columns(content, &source.1, &text);
    let updated = replace_date(&text, date).ok_or_else(|| {
        Error::Refused(format!(
            "{} has no top-level `date:` line to update",
            source.1.display()
        ))
    })?;
    let updated = with_schema_line(&updated);
    // The first line points the editor at the schemas: write them if they are not there yet.
    let schemas = content.join(crate::editor_schema::DEFAULT_FOLDER);
    if !schemas.join(crate::editor_schema::DAY_SCHEMA).exists() {
        crate::editor_schema::write(&schemas)?;
    }
    write_new(&path, updated.as_bytes())?;
    Ok(NewDay {
        path,
        from: source.1.clone(),
        computed_emptied,
    })
}

/// A correction of `date`: copies its current edition to the next edition's file
/// (`DD.2.yaml`, …) with `published:` set to `published` and `correction:` to `reason`.
/// Earlier editions are never touched.
pub fn start_correction(
    content: &Path,
    date: NaiveDate,
    published: chrono::NaiveDateTime,
    reason: Option<&str>,
) -> Result<NewDay, Error> {
    let editions: Vec<PathBuf> = load::day_paths(content)?
        .into_iter()
        .filter(|(d, _)| *d == date)
        .map(|(_, p)| p)
        .collect();
    let Some(current) = editions.last() else {
        return Err(Error::Refused(format!(
            "there is no briefing for {}; a correction starts from a published day",
            date.format("%Y-%m-%d")
        )));
    };
    let next = editions.len() + 1;
    let path = content.join(format!("{}.{next}.yaml", date.format("%Y/%m/%d")));
    if path.exists() {
        return Err(Error::Refused(format!("{} already exists", path.display())));
    }
    let current_text = load::read_text(current)?;
    let before = current_text
        .lines()
        .find_map(|line| line.strip_prefix("published:"))
        .and_then(|raw| crate::check::edition::parse_release(raw.trim().trim_matches(['"', '\''])));
    if let Some(problem) =
        crate::check::edition::release_problem(date, next as u32, before, published)
    {
        return Err(Error::Refused(format!(
            "{problem}: give a later time with --at"
        )));
    }
    let text = drop_edition_lines(&current_text);
    let mut head = format!("published: {}\n", published.format("%Y-%m-%d %H:%M"));
    if let Some(reason) = reason {
        head.push_str(&format!(
            "correction: \"{}\"\n",
            reason.replace('\\', "\\\\").replace('"', "\\\"")
        ));
    }
    let mut inserted = false;
    let updated: String = text
        .split_inclusive('\n')
        .map(|line| {
            if !inserted && line.starts_with("date:") {
                inserted = true;
                format!("{line}{}", head)
            } else {
                line.to_owned()
            }
        })
        .collect();
    if !inserted {
        return Err(Error::Refused(format!(
            "{} has no top-level `date:` line",
            current.display()
        )));
    }
    write_new(&path, updated.as_bytes())?;
    Ok(NewDay {
        path,
        from: current.clone(),
        computed_emptied: 0,
    })
}

/// Empties (`~`) every cell of a computed column (`change_of`, TĂNG/GIẢM) in the copied rows:
/// the earlier day's change is not the new day's, and an empty computed cell is computed by
/// the build from the previous briefing. A file or schema that does not parse is copied as
/// is: `check` then reports it. Returns the text and the number of cells emptied.
fn blank_computed_columns(content: &Path, source: &Path, text: &str) -> (String, usize) {
    let mut report = crate::error::Report::default();
    let Some(day) = load::parse_bytes::<DayFile>(source, text.as_bytes(), &mut report) else {
        return (text.to_owned(), 0);
    };
    let mut cells: Vec<(usize, usize)> = Vec::new();
    for (id, table) in &day.value.tables {
        if !load::is_plain_name(id) {
            continue;
        }
        let path = content.join("tables").join(format!("{id}.yaml"));
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let Some(schema) = load::parse_bytes::<TableSchema>(&path, &bytes, &mut report) else {
            continue;
        };
        let computed: Vec<bool> = schema
            .value
            .columns
            .iter()
            .map(|c| c.value.change_of.is_some())
            .collect();
        if computed.contains(&true) {
            cells.extend(computed_cells(&table.value.rows, &computed));
        }
    }
    let mut ranges: Vec<std::ops::Range<usize>> = cells
        .into_iter()
        .filter_map(|(line, column)| scalar_at(text, line, column))
        .collect();
    // Each place is emptied once.
    ranges.sort_by_key(|r| r.start);
    let mut apart: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        if apart.last().is_none_or(|last| last.end <= range.start) {
            apart.push(range);
        }
    }
    let mut blanked = text.to_owned();
    for range in apart.iter().rev() {
        blanked.replace_range(range.clone(), "~");
    }
    // Anchors and aliases written in ways not foreseen here must not break the copy.
    if load::parse_bytes::<DayFile>(source, blanked.as_bytes(), &mut report).is_none() {
        return (text.to_owned(), 0);
    }
    (blanked, apart.len())
}

/// Where (line, column) each written cell of a computed column is, in `rows`.
fn computed_cells(rows: &[Spanned<RowItem>], computed: &[bool]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    // Rows still covered in each column by a cell spanning down from above.
    let mut below = vec![0usize; computed.len()];
    let mut row = |cells: &[Spanned<CellInput>], offset: usize, below: &mut Vec<usize>| {
        let above: Vec<bool> = below.iter().map(|n| *n > 0).collect();
        below.iter_mut().for_each(|n| *n = n.saturating_sub(1));
        let mut column = offset;
        for cell in cells {
            while above.get(column).copied().unwrap_or(false) {
                column += 1;
            }
            let (columns, rows) = match &cell.value {
                CellInput::Spanning { columns, rows, .. } => {
                    (usize::from(*columns), usize::from(*rows))
                }
                CellInput::Null => (1, 1),
                _ => {
                    // An alias (`*v`) is left alone: emptying its anchor would empty every
                    // cell that uses it. An aliased row (`*row`) is emptied at its anchor row.
                    if computed.get(column).copied().unwrap_or(false)
                        && cell.referenced == cell.defined
                    {
                        found.push((cell.defined.line() as usize, cell.defined.column() as usize));
                    }
                    (1, 1)
                }
            };
            if rows > 1
                && let Some(n) = below.get_mut(column)
            {
                *n = rows - 1;
            }
            column += columns.max(1);
        }
    };
    for item in rows {
        match &item.value {
            RowItem::Cells(cells) => row(cells, 0, &mut below),
            RowItem::Span { span, rows } => {
                for sub in rows {
                    row(sub, span.len(), &mut below);
                }
            }
            _ => below.fill(0),
        }
    }
    found
}

/// The bytes of the flow scalar that starts at (line, column), both from 1 and counted in
/// characters: a quoted string with its quotes, or a plain value up to `,` `]` `}` or a
/// comment. `None` when it does not end on its line.
fn scalar_at(text: &str, line: usize, column: usize) -> Option<std::ops::Range<usize>> {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.checked_sub(1)?)
        .map(str::len)
        .sum();
    let line_text = text[line_start..].split('\n').next()?;
    let (start, _) = line_text.char_indices().nth(column.checked_sub(1)?)?;
    let rest = &line_text[start..];
    let len = match rest.chars().next()? {
        quote @ ('"' | '\'') => {
            let mut escaped = false;
            let mut end = None;
            for (i, c) in rest.char_indices().skip(1) {
                if quote == '"' && c == '\\' && !escaped {
                    escaped = true;
                    continue;
                }
                if c == quote && !escaped {
                    end = Some(i + 1);
                    break;
                }
                escaped = false;
            }
            // '' inside a single-quoted string is a quote: the scalar goes on.
            let end = end?;
            if quote == '\'' && rest[end..].starts_with('\'') {
                return None;
            }
            end
        }
        _ => {
            let end = rest
                .char_indices()
                .find(|&(i, c)| {
                    matches!(c, ',' | ']' | '}') || (c == '#' && rest[..i].ends_with(' '))
                })
                .map_or(rest.len(), |(i, _)| i);
            rest[..end].trim_end().len()
        }
    };
    Some(line_start + start..line_start + start + len)
}

/// The copy is a new edition: the release time and correction note of the original do not apply.
fn drop_edition_lines(text: &str) -> String {
    text.split_inclusive('\n')
        .filter(|line| !line.starts_with("published:") && !line.starts_with("correction:"))
        .collect()
}

/// `text` with the YAML language server's schema line first (VS Code then completes keys and
/// flags mistakes), replacing the one copied from the earlier day; every other byte kept.
fn with_schema_line(text: &str) -> String {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let rest: String = text
        .split_inclusive('\n')
        .skip_while(|line| line.starts_with("# yaml-language-server:"))
        .collect();
    format!("{}{newline}{rest}", crate::editor_schema::DAY_MODELINE)
}

/// Replaces the value of the top-level `date:` key, keeping every other byte.
fn replace_date(text: &str, date: NaiveDate) -> Option<String> {
    let mut found = false;
    let lines: Vec<String> = text
        .split_inclusive('\n')
        .map(|line| {
            if !found && line.starts_with("date:") {
                found = true;
                let ending = if line.ends_with("\r\n") {
                    "\r\n"
                } else if line.ends_with('\n') {
                    "\n"
                } else {
                    ""
                };
                format!("date: {}{ending}", date.format("%Y-%m-%d"))
            } else {
                line.to_owned()
            }
        })
        .collect();
    found.then(|| lines.concat())
}

fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io("create directory", parent, e))?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| Error::io("create", path, e))?;
    file.write_all(bytes)
        .map_err(|e| Error::io("write", path, e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_date_line_changes() {
        let d = NaiveDate::from_ymd_opt(2025, 8, 10).unwrap();
        let text = "# comment\r\ndate: 2025-08-09\r\ntitle: x\r\n";
        assert_eq!(
            replace_date(text, d).unwrap(),
            "# comment\r\ndate: 2025-08-10\r\ntitle: x\r\n"
        );
        assert_eq!(replace_date("title: x\n", d), None);
    }

    #[test]
    fn computed_cells_are_emptied_and_nothing_else_changes() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        std::fs::create_dir_all(content.join("tables")).unwrap();
        std::fs::write(
            content.join("tables/phu_xanh.yaml"),
            "columns:\n  - { id: tinh, label: T, type: text, key: true }\n  - { id: xanh_pct, label: X, type: decimal }\n  - { id: tang_giam, label: TG, type: decimal, change_of: xanh_pct }\n",
        )
        .unwrap();
        let text = "date: 2025-09-22\ntitle: x\ntables:\n  phu_xanh:\n    rows:\n      - [\"Cao Bằng\", \"30\", \"10\"]  # ghi chú\n      - [Hưng Yên, 30, -5 ]\n      - [\"An, Giang\", \"62\", ~]\n      - { group: \"Nhóm\" }\n      - [{ rowspan: 2, value: \"Đà Nẵng\" }, \"75\", '0']\n      - [\"76\", \"1,5\"]\n";
        let source = content.join("22.yaml");
        assert_eq!(
            blank_computed_columns(content, &source, text),
            (
                "date: 2025-09-22\ntitle: x\ntables:\n  phu_xanh:\n    rows:\n      - [\"Cao Bằng\", \"30\", ~]  # ghi chú\n      - [Hưng Yên, 30, ~ ]\n      - [\"An, Giang\", \"62\", ~]\n      - { group: \"Nhóm\" }\n      - [{ rowspan: 2, value: \"Đà Nẵng\" }, \"75\", ~]\n      - [\"76\", ~]\n"
                    .to_owned(),
                4
            )
        );
    }

    #[test]
    fn the_schema_line_comes_first_once() {
        let line = "# yaml-language-server: $schema=../../.schema/day.schema.json";
        assert_eq!(
            with_schema_line("# comment\ndate: 2025-08-10\n"),
            format!("{line}\n# comment\ndate: 2025-08-10\n")
        );
        assert_eq!(
            with_schema_line(&format!("{line}\r\ndate: 2025-08-10\r\n")),
            format!("{line}\r\ndate: 2025-08-10\r\n")
        );
    }

    #[test]
    fn an_aliased_row_is_emptied_at_its_anchor() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path();
        std::fs::create_dir_all(content.join("tables")).unwrap();
        std::fs::write(
            content.join("tables/t.yaml"),
            "columns:\n  - { id: a, label: A, type: decimal }\n  - { id: b, label: B, type: decimal, change_of: a }\n",
        )
        .unwrap();
        let text = "date: 2025-09-22\ntitle: x\ntables:\n  t:\n    rows:\n      - &r [\"1\", \"2\"]\n      - *r\n      - [&v \"3\", *v]\n";
        let (blanked, emptied) = blank_computed_columns(content, &content.join("22.yaml"), text);
        assert_eq!(
            (blanked.as_str(), emptied),
            (
                "date: 2025-09-22\ntitle: x\ntables:\n  t:\n    rows:\n      - &r [\"1\", ~]\n      - *r\n      - [&v \"3\", *v]\n",
                1
            )
        );
    }

    #[test]
    fn a_new_day_keeps_every_byte_after_the_schema_line() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        let earlier = "# Generated by a script. Do not edit by hand.\ndate: 2025-08-09\npublished: 2025-08-09 17:00\ntitle: \"Báo cáo\" # kept\r\ntables: {}\n";
        std::fs::create_dir_all(content.join("2025/08")).unwrap();
        std::fs::write(content.join("2025/08/09.yaml"), earlier).unwrap();
        let d = NaiveDate::from_ymd_opt(2025, 8, 10).unwrap();
        let created = new_day(&content, d, None).unwrap();
        assert_eq!(
            std::fs::read_to_string(created.path).unwrap(),
            "# yaml-language-server: $schema=../../.schema/day.schema.json\r\ndate: 2025-08-10\ntitle: \"Báo cáo\" # kept\r\ntables: {}\n"
        );
        assert!(content.join(".schema/day.schema.json").is_file());
    }
}
