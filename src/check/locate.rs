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

/// Where bytes of a value are in the file, for a value that starts on `from_line` (1 when
/// unknown). The value's line holding the offset is searched for in the file; a block scalar
/// (`|`) keeps its lines, a one-line string is found as written. When the line cannot be found
/// (escapes, folding), the few characters at the offset are searched for instead.
/// Each line of the value is searched for once, so a thousand findings on one long line cost
/// one search, not a thousand.
pub struct ValueLocator<'a> {
    text: &'a str,
    from_line: usize,
    value: &'a str,
    /// Where each line of the value (by its start in the value) was found.
    lines: std::cell::RefCell<std::collections::HashMap<usize, Option<(usize, usize)>>>,
}

impl<'a> ValueLocator<'a> {
    /// Locates offsets of `value`, which starts on `from_line` of `text` (1 when unknown).
    pub fn new(text: &'a str, from_line: usize, value: &'a str) -> ValueLocator<'a> {
        ValueLocator {
            text,
            from_line,
            value,
            lines: Default::default(),
        }
    }

    /// Line and column in the file of byte `offset` of the value.
    pub fn at(&self, offset: usize) -> Option<(usize, usize)> {
        let value = self.value;
        let mut offset = offset.min(value.len());
        while !value.is_char_boundary(offset) {
            offset -= 1;
        }
        let line_start = value[..offset].rfind('\n').map_or(0, |i| i + 1);
        let line_end = value[offset..]
            .find('\n')
            .map_or(value.len(), |i| offset + i);
        let within = value[line_start..offset].chars().count();
        let found = *self
            .lines
            .borrow_mut()
            .entry(line_start)
            .or_insert_with(|| find(self.text, self.from_line, &value[line_start..line_end]));
        if let Some((line, column)) = found {
            return Some((line, column + within));
        }
        let snippet: String = value[offset..line_end].chars().take(12).collect();
        find(self.text, self.from_line, &snippet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_an_offset_in_a_block_scalar() {
        let text = "a: 1\nbody: |\n  First line.\n  Second 2.080 here.\n";
        let value = "First line.\nSecond 2.080 here.\n";
        let offset = value.find("2.080").unwrap();
        assert_eq!(ValueLocator::new(text, 2, value).at(offset), Some((4, 10)));
    }

    #[test]
    fn finds_an_offset_in_a_quoted_line() {
        let text = "title: \"Tại 3.319 xã\"\n";
        let value = "Tại 3.319 xã";
        let offset = value.find("3.319").unwrap();
        assert_eq!(ValueLocator::new(text, 1, value).at(offset), Some((1, 13)));
    }

    #[test]
    fn the_last_match_before_a_line() {
        let text = "x\ntitle: A\ny\ntitle: A\nz\n";
        assert_eq!(find_before(text, 5, "A"), Some((4, 8)));
        assert_eq!(find_before(text, 3, "A"), Some((2, 8)));
    }
}
