//! Finding where a piece of a text field sits in its YAML file, so that a finding about a word
//! in the narrative points at that word's line and column.

/// 1-based line and column (in characters) of the first `needle` on or after `from_line`.
pub fn find(text: &str, from_line: usize, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.lines()
        .enumerate()
        .skip(from_line.saturating_sub(1))
        .find_map(|(i, line)| {
            line.find(needle)
                .map(|at| (i + 1, line[..at].chars().count() + 1))
        })
}

/// 1-based line and column of the last `needle` on or before `before_line`.
pub fn find_before(text: &str, before_line: usize, needle: &str) -> Option<(usize, usize)> {
    if needle.is_empty() {
        return None;
    }
    text.lines()
        .enumerate()
        .take(before_line)
        .filter_map(|(i, line)| {
            line.find(needle)
                .map(|at| (i + 1, line[..at].chars().count() + 1))
        })
        .last()
}

/// Where byte `offset` of `value` is in the file, for a value that starts on `from_line` (1 when
/// unknown). The value's line holding the offset is searched for in the file; a block scalar
/// (`|`) keeps its lines, a one-line string is found as written. When the line cannot be found
/// (escapes, folding), the few characters at the offset are searched for instead.
pub fn in_value(
    text: &str,
    from_line: usize,
    value: &str,
    offset: usize,
) -> Option<(usize, usize)> {
    let offset = offset.min(value.len());
    let line_start = value[..offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = value[offset..]
        .find('\n')
        .map_or(value.len(), |i| offset + i);
    let value_line = &value[line_start..line_end];
    let within = value[line_start..offset].chars().count();
    if let Some((line, column)) = find(text, from_line, value_line) {
        return Some((line, column + within));
    }
    let snippet: String = value[offset..line_end].chars().take(12).collect();
    find(text, from_line, &snippet)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_offset_in_a_block_scalar() {
        let text = "a: 1\nbody: |\n  First line.\n  Second 2.080 here.\n";
        let value = "First line.\nSecond 2.080 here.\n";
        let offset = value.find("2.080").unwrap();
        assert_eq!(in_value(text, 2, value, offset), Some((4, 10)));
    }

    #[test]
    fn finds_an_offset_in_a_quoted_line() {
        let text = "title: \"Tại 3.319 xã\"\n";
        let value = "Tại 3.319 xã";
        let offset = value.find("3.319").unwrap();
        assert_eq!(in_value(text, 1, value, offset), Some((1, 13)));
    }

    #[test]
    fn the_last_match_before_a_line() {
        let text = "x\ntitle: A\ny\ntitle: A\nz\n";
        assert_eq!(find_before(text, 5, "A"), Some((4, 8)));
        assert_eq!(find_before(text, 3, "A"), Some((2, 8)));
    }
}
