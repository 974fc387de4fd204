//! Replacing one table's `rows:` block in a day file's text, every other byte kept.

/// A line's indentation in spaces; `None` for a blank or comment-only line.
fn indent(line: &str) -> Option<usize> {
    let body = line.trim_start_matches(' ');
    let trimmed = body.trim();
    (!trimmed.is_empty() && !trimmed.starts_with('#')).then(|| line.len() - body.len())
}

/// The key a line opens (`  phu_xanh_xa:` → "phu_xanh_xa") and what follows the colon.
fn key_of(line: &str) -> Option<(&str, &str)> {
    let body = line.trim_start_matches(' ');
    let (key, rest) = body.split_once(':')?;
    let key = key.trim().trim_matches(['"', '\'']);
    (!key.is_empty() && !key.starts_with('-') && !key.contains(' ')).then_some((key, rest))
}

/// Whether a value after `key:` is empty (a block follows), ignoring a comment.
fn opens_block(rest: &str) -> bool {
    let rest = rest.trim();
    rest.is_empty() || rest.starts_with('#')
}

/// The end (exclusive) of the block opened at `start` with indentation `level`: the next line
/// indented `level` or less (for `rows:`, a `- ` at `level` still belongs, as YAML allows),
/// trailing blank and comment lines left outside.
fn block_end(lines: &[&str], start: usize, level: usize, sequence: bool) -> usize {
    let mut end = start + 1;
    let mut last_content = start + 1;
    while end < lines.len() {
        match indent(lines[end]) {
            None => {}
            Some(n) if n > level => last_content = end + 1,
            Some(n) if sequence && n == level && lines[end][n..].starts_with("- ") => {
                last_content = end + 1
            }
            Some(_) => break,
        }
        end += 1;
    }
    last_content
}

/// `text` with table `table`'s rows replaced by `rows` (YAML flow sequences). The table and its
/// `rows:` key are added when missing. Errors say why the file's layout is not understood.
pub fn replace_rows(text: &str, table: &str, rows: &[String]) -> Result<String, String> {
    replace_key(text, table, "rows", |level, newline| {
        let mut out = format!("{}rows:{newline}", " ".repeat(level));
        for row in rows {
            out.push_str(&format!("{}- {row}{newline}", " ".repeat(level + 2)));
        }
        out
    })
}

/// `text` with table `table`'s `total:` set to `total` (a YAML flow sequence), added after the
/// table's other keys when missing.
pub fn replace_total(text: &str, table: &str, total: &str) -> Result<String, String> {
    replace_key(text, table, "total", |level, newline| {
        format!("{}total: {total}{newline}", " ".repeat(level))
    })
}

/// Replaces the value of `key` in table `table` (under the top-level `tables:`) by what `block`
/// writes for the key's indentation and the file's line end; adds the table or the key when
/// missing.
fn replace_key(
    text: &str,
    table: &str,
    key: &str,
    block: impl Fn(usize, &str) -> String,
) -> Result<String, String> {
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let ends_with_newline = text.is_empty() || text.ends_with('\n');
    let tables = lines
        .iter()
        .position(|l| indent(l) == Some(0) && key_of(l).is_some_and(|(k, _)| k == "tables"));
    let Some(tables) = tables else {
        let separator = if ends_with_newline { "" } else { newline };
        return Ok(format!(
            "{text}{separator}tables:{newline}  {table}:{newline}{}",
            block(4, newline)
        ));
    };
    if !key_of(lines[tables]).is_some_and(|(_, rest)| opens_block(rest)) {
        return Err(
            "its `tables:` is written inline; write it as a block, one table per line".into(),
        );
    }
    let tables_end = block_end(&lines, tables, 0, false);
    let children = tables + 1..tables_end;
    let table_level = children.clone().find_map(|i| indent(lines[i])).unwrap_or(2);
    let found = children.clone().find(|&i| {
        indent(lines[i]) == Some(table_level) && key_of(lines[i]).is_some_and(|(k, _)| k == table)
    });
    let (head, replaced, tail) = match found {
        None => {
            let added = format!(
                "{}{table}:{newline}{}",
                " ".repeat(table_level),
                block(table_level + 2, newline)
            );
            (tables_end, added, tables_end)
        }
        Some(at) => {
            if !key_of(lines[at]).is_some_and(|(_, rest)| opens_block(rest)) {
                return Err(format!(
                    "table `{table}` is written inline; write it as a block with `{key}:` under it"
                ));
            }
            let table_end = block_end(&lines, at, table_level, false);
            let key_level = (at + 1..table_end)
                .find_map(|i| indent(lines[i]))
                .unwrap_or(table_level + 2);
            let key_at = (at + 1..table_end).find(|&i| {
                indent(lines[i]) == Some(key_level)
                    && key_of(lines[i]).is_some_and(|(k, _)| k == key)
            });
            match key_at {
                None => (table_end, block(key_level, newline), table_end),
                Some(r) => {
                    let rest = key_of(lines[r]).map_or("", |(_, rest)| rest).trim();
                    let end = if opens_block(rest) {
                        block_end(&lines, r, key_level, true)
                    } else if rest.starts_with('[') && rest.ends_with(']') {
                        r + 1
                    } else {
                        return Err(format!(
                            "the `{key}:` of `{table}` is written in a form import does not replace (`{key}: {rest}`); write it as a block"
                        ));
                    };
                    (r, block(key_level, newline), end)
                }
            }
        }
    };
    let mut out: String = lines[..head].concat();
    if head > 0 && !out.ends_with('\n') {
        out.push_str(newline);
    }
    out.push_str(&replaced);
    out.push_str(&lines[tail..].concat());
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<String> {
        vec!["[1, \"A\"]".into(), "[2, \"B\"]".into()]
    }

    #[test]
    fn only_the_rows_block_changes() {
        let text = "date: x\ntables:\n  a:\n    title: T\n    rows:\n      - [9, \"Z\"]\n\n      - [8, \"Y\"]\n    note: n\n  b:\n    rows: []\n# end\n";
        assert_eq!(
            replace_rows(text, "a", &rows()).unwrap(),
            "date: x\ntables:\n  a:\n    title: T\n    rows:\n      - [1, \"A\"]\n      - [2, \"B\"]\n    note: n\n  b:\n    rows: []\n# end\n"
        );
        assert_eq!(
            replace_rows(text, "b", &rows()).unwrap(),
            "date: x\ntables:\n  a:\n    title: T\n    rows:\n      - [9, \"Z\"]\n\n      - [8, \"Y\"]\n    note: n\n  b:\n    rows:\n      - [1, \"A\"]\n      - [2, \"B\"]\n# end\n"
        );
    }

    #[test]
    fn a_missing_table_or_rows_key_is_added() {
        assert_eq!(
            replace_rows(
                "date: x\ntables:\n  a:\n    title: T\nslides: []\n",
                "a",
                &rows()
            )
            .unwrap(),
            "date: x\ntables:\n  a:\n    title: T\n    rows:\n      - [1, \"A\"]\n      - [2, \"B\"]\nslides: []\n"
        );
        assert_eq!(
            replace_rows(
                "date: x\r\ntables:\r\n  a:\r\n    rows: []\r\n",
                "c",
                &rows()
            )
            .unwrap(),
            "date: x\r\ntables:\r\n  a:\r\n    rows: []\r\n  c:\r\n    rows:\r\n      - [1, \"A\"]\r\n      - [2, \"B\"]\r\n"
        );
        assert_eq!(
            replace_rows("date: x", "c", &rows()).unwrap(),
            "date: x\ntables:\n  c:\n    rows:\n      - [1, \"A\"]\n      - [2, \"B\"]\n"
        );
        assert_eq!(
            replace_rows("tables: {}\n", "c", &rows()).unwrap_err(),
            "its `tables:` is written inline; write it as a block, one table per line"
        );
    }

    #[test]
    fn a_total_line_is_replaced_or_added() {
        let text =
            "tables:\n  a:\n    rows:\n      - [1]\n    total: [\"Tổng\", ~]\n  b:\n    rows: []\n";
        assert_eq!(
            replace_total(text, "a", "[\"Tổng\", 5]").unwrap(),
            "tables:\n  a:\n    rows:\n      - [1]\n    total: [\"Tổng\", 5]\n  b:\n    rows: []\n"
        );
        assert_eq!(
            replace_total(text, "b", "[\"Tổng\", 5]").unwrap(),
            "tables:\n  a:\n    rows:\n      - [1]\n    total: [\"Tổng\", ~]\n  b:\n    rows: []\n    total: [\"Tổng\", 5]\n"
        );
    }
}
