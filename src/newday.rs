//! `daybrief new DATE`: starts a day's file from an earlier day's, keeping its structure and
//! comments so staff only change the figures.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::error::Error;
use crate::load;

/// The file created and the one it was copied from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDay {
    /// The new day file.
    pub path: PathBuf,
    /// The day file it started from.
    pub from: PathBuf,
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
    })
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
