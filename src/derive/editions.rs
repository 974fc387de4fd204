//! What a correction changed: consecutive editions of one day compared field by field,
//! table by table and paragraph by paragraph.

use serde::Serialize;
use similar::{Algorithm, DiffOp};

use super::table_diff::{self, TableChanges};
use crate::archive::{Archive, Day};
use crate::model::day::Section;

/// The differences between edition `from` and edition `to` of one day.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditionChanges {
    /// The earlier edition's number.
    pub from: u32,
    /// The later edition's number.
    pub to: u32,
    /// Document fields that changed (number, title, …).
    pub fields: Vec<FieldChange>,
    /// Narrative paragraphs added, removed or changed, in document order.
    pub paragraphs: Vec<ParagraphChange>,
    /// Table changes by table id, for tables in both editions that differ.
    pub tables: Vec<(String, TableChanges)>,
    /// Tables only in the later edition.
    pub tables_added: Vec<String>,
    /// Tables only in the earlier edition.
    pub tables_removed: Vec<String>,
}

impl EditionChanges {
    /// Nothing differs but the release time.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.paragraphs.is_empty()
            && self.tables.is_empty()
            && self.tables_added.is_empty()
            && self.tables_removed.is_empty()
    }
}

/// A document field, old → new.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FieldChange {
    /// What the field is, in Vietnamese: "Số báo cáo".
    pub label: String,
    /// Earlier value.
    pub before: String,
    /// Later value.
    pub after: String,
}

/// A narrative paragraph that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParagraphChange {
    /// The section it is in: "II. 1." style headings joined, or "Mở đầu".
    pub section: String,
    /// "added", "removed" or "changed".
    pub kind: &'static str,
    /// The earlier text (Markdown as written); empty when added.
    pub before: String,
    /// The later text; empty when removed.
    pub after: String,
}

/// Compares two editions of the same day.
pub fn edition_changes(archive: &Archive, before: &Day, after: &Day) -> EditionChanges {
    let (old, new) = (&before.file, &after.file);
    let mut fields = Vec::new();
    let mut field = |label: &str, b: Option<&str>, a: Option<&str>| {
        if b != a {
            fields.push(FieldChange {
                label: label.into(),
                before: b.unwrap_or_default().into(),
                after: a.unwrap_or_default().into(),
            });
        }
    };
    field("Số báo cáo", old.number.as_deref(), new.number.as_deref());
    field("Tiêu đề", Some(&old.title), Some(&new.title));
    field(
        "Thời điểm số liệu",
        old.data_time.as_deref(),
        new.data_time.as_deref(),
    );
    let mut tables = Vec::new();
    let mut tables_removed = Vec::new();
    for (id, table) in &before.tables {
        match (after.tables.get(id), archive.schemas.get(id)) {
            (Some(later), Some(schema)) => {
                let mut diff = table_diff::diff(schema, table, later, archive);
                diff.sums.retain(|_, c| c.delta != 0.0);
                if !diff.is_empty() {
                    tables.push((id.clone(), diff));
                }
            }
            (None, _) => tables_removed.push(id.clone()),
            _ => {}
        }
    }
    EditionChanges {
        from: before.edition,
        to: after.edition,
        fields,
        paragraphs: paragraph_changes(&paragraphs(old), &paragraphs(new)),
        tables,
        tables_added: after
            .tables
            .keys()
            .filter(|id| !before.tables.contains_key(*id))
            .cloned()
            .collect(),
        tables_removed,
    }
}

/// (section, paragraph) pairs of a day's narrative, in order.
fn paragraphs(file: &crate::model::day::DayFile) -> Vec<(String, String)> {
    let mut out = Vec::new();
    push_paragraphs(
        &mut out,
        "Mở đầu",
        file.intro.as_ref().map(|s| s.value.as_str()),
    );
    walk(&mut out, &file.sections, "");
    push_paragraphs(
        &mut out,
        "Kết thúc",
        file.closing.as_ref().map(|s| s.value.as_str()),
    );
    out
}

fn walk(out: &mut Vec<(String, String)>, sections: &[Section], parent: &str) {
    for section in sections {
        let own = [section.number.as_deref(), section.title.as_deref()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(". ");
        let name = if parent.is_empty() {
            own
        } else {
            format!("{parent} › {own}")
        };
        push_paragraphs(out, &name, section.body.as_ref().map(|b| b.value.as_str()));
        walk(out, &section.sections, &name);
    }
}

fn push_paragraphs(out: &mut Vec<(String, String)>, section: &str, body: Option<&str>) {
    let Some(body) = body else { return };
    for paragraph in body.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        out.push((section.to_owned(), paragraph.to_owned()));
    }
}

fn paragraph_changes(old: &[(String, String)], new: &[(String, String)]) -> Vec<ParagraphChange> {
    let mut changes = Vec::new();
    let removed = |p: &(String, String)| ParagraphChange {
        section: p.0.clone(),
        kind: "removed",
        before: p.1.clone(),
        after: String::new(),
    };
    let added = |p: &(String, String)| ParagraphChange {
        section: p.0.clone(),
        kind: "added",
        before: String::new(),
        after: p.1.clone(),
    };
    for op in similar::capture_diff_slices(Algorithm::Myers, old, new) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete {
                old_index, old_len, ..
            } => {
                changes.extend(old[old_index..old_index + old_len].iter().map(removed));
            }
            DiffOp::Insert {
                new_index, new_len, ..
            } => {
                changes.extend(new[new_index..new_index + new_len].iter().map(added));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let (olds, news) = (
                    &old[old_index..old_index + old_len],
                    &new[new_index..new_index + new_len],
                );
                for i in 0..old_len.max(new_len) {
                    match (olds.get(i), news.get(i)) {
                        (Some(o), Some(n)) => changes.push(ParagraphChange {
                            section: n.0.clone(),
                            kind: "changed",
                            before: o.1.clone(),
                            after: n.1.clone(),
                        }),
                        (Some(o), None) => changes.push(removed(o)),
                        (None, Some(n)) => changes.push(added(n)),
                        (None, None) => {}
                    }
                }
            }
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(section: &str, text: &str) -> (String, String) {
        (section.into(), text.into())
    }

    #[test]
    fn a_reworded_paragraph_is_one_change_and_new_ones_are_added() {
        let old = [p("I", "a"), p("I", "b"), p("II", "c")];
        let new = [p("I", "a"), p("I", "b2"), p("II", "c"), p("II", "d")];
        let changes = paragraph_changes(&old, &new);
        let summary: Vec<(&str, &str, &str)> = changes
            .iter()
            .map(|c| (c.kind, c.before.as_str(), c.after.as_str()))
            .collect();
        assert_eq!(summary, vec![("changed", "b", "b2"), ("added", "", "d")]);
    }
}
