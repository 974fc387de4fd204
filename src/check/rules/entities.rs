//! Entity names in key cells: each must be a declared entity or alias ("did you mean" when not),
//! and, where declared, every entity must have a row.

use std::collections::BTreeSet;

use super::TableContext;
use crate::entity;
use crate::error::Report;
use crate::model::chart::EntityDecl;
use crate::model::rules::TableRules;
use crate::suggest::levenshtein;
use crate::text::fold;

/// Applies the entity rules of one table.
pub(super) fn check(ctx: &TableContext, rules: &TableRules, report: &mut Report) {
    if !rules.entities && !rules.all_entities {
        return;
    }
    let Some(key) = ctx.schema.key_index() else {
        return;
    };
    let entities = &ctx.publication.entities;
    let prefixes = &ctx.publication.rules.entity_prefixes;
    let names = &ctx.names;
    let mut present = BTreeSet::new();
    for row in ctx.data().filter(|r| r.first) {
        let name = crate::text::strip_tags(&row.cells[key].display(None));
        if name.is_empty() {
            continue;
        }
        match names.find(&name) {
            Some(e) => {
                present.insert(e);
            }
            None if rules.entities => {
                let mut d = ctx
                    .warning(
                        row.at[key],
                        format!(
                            "table `{}`, {}: `{name}` is not a declared entity",
                            ctx.id,
                            ctx.row_name(row)
                        ),
                    )
                    .expected("a name or alias listed under `entities:` in the publication")
                    .rule("entities");
                d = match suggest(entities, prefixes, &name) {
                    Some(better) => d.hint(format!(
                        "did you mean `{better}`? If `{name}` is a spelling the sources use, add it to the entity's `aliases:`"
                    )),
                    None => d.hint("add the entity to `entities:`, or correct the name"),
                };
                report.push(d);
            }
            None => {}
        }
    }
    if rules.all_entities {
        let missing: Vec<&str> = entities
            .iter()
            .enumerate()
            .filter(|(i, _)| !present.contains(i))
            .map(|(_, e)| e.name.as_str())
            .collect();
        if !missing.is_empty() {
            report.push(
                ctx.warning(
                    super::super::at(ctx.raw),
                    format!(
                        "table `{}` has no row for {} of the {} entities: {}",
                        ctx.id,
                        missing.len(),
                        entities.len(),
                        missing.join(", ")
                    ),
                )
                .expected("a row for every entity under `entities:`")
                .hint("add the missing rows (with ~ for values the source does not give)")
                .rule("all_entities"),
            );
        }
    }
}

/// The declared entity a name refers to, after the declared and built-in prefixes: the
/// entities' names and aliases in canonical form, prepared once for many look-ups.
pub struct Names<'a> {
    canonical: std::collections::BTreeMap<String, usize>,
    prefixes: Prefixes<'a>,
}

impl<'a> Names<'a> {
    /// Indexes the declared names; the first entity wins a name declared twice.
    pub fn new(entities: &[EntityDecl], prefixes: &'a [String]) -> Names<'a> {
        let mut canonical = std::collections::BTreeMap::new();
        for (i, e) in entities.iter().enumerate() {
            for spelling in std::iter::once(&e.name).chain(&e.aliases) {
                canonical.entry(entity::canonical(spelling)).or_insert(i);
            }
        }
        Names {
            canonical,
            prefixes: Prefixes::new(prefixes, str::to_owned),
        }
    }

    /// The entity a name in a table refers to.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.canonical.get(&self.canonical(name)).copied()
    }

    /// [`entity::canonical`] that also removes the publication's `entity_prefixes`, longest
    /// first: "Tỉnh ủy tỉnh Quảng Ninh" → "quảng ninh".
    pub fn canonical(&self, name: &str) -> String {
        strip_prefixes(name, &self.prefixes, str::to_owned).0
    }
}

/// The declared `entity_prefixes`, longest first, each with its normalised form under a key
/// and the space that must follow it.
struct Prefixes<'a>(Vec<(&'a String, String)>);

impl<'a> Prefixes<'a> {
    fn new(declared: &'a [String], key: impl Fn(&str) -> String) -> Prefixes<'a> {
        let mut sorted: Vec<&String> = declared.iter().collect();
        sorted.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        let keyed = sorted
            .into_iter()
            .map(|p| (p, format!("{} ", key(&entity::normalise(p)))))
            .collect();
        Prefixes(keyed)
    }
}

/// Removes declared prefixes (compared after `key`, the key `prefixes` were prepared with) and
/// built-in ones until none is left; returns the rest and the declared prefixes removed, in
/// order.
fn strip_prefixes(
    name: &str,
    prefixes: &Prefixes,
    key: impl Fn(&str) -> String,
) -> (String, Vec<String>) {
    let mut text = entity::normalise(name);
    let mut removed = Vec::new();
    loop {
        let keyed = key(&text);
        let matched = prefixes.0.iter().find_map(|(prefix, wanted)| {
            keyed
                .starts_with(wanted.as_str())
                .then(|| (*prefix, wanted.chars().count()))
        });
        if let Some((prefix, chars)) = matched {
            text = text
                .chars()
                .skip(chars)
                .collect::<String>()
                .trim_start()
                .to_owned();
            removed.push(prefix.clone());
            continue;
        }
        let stripped = entity::canonical(&text);
        if stripped == text {
            return (text, removed);
        }
        text = stripped;
    }
}

/// The closest declared name, compared without diacritics: "Hung Yên" → "Hưng Yên",
/// "Tinh ủy Quảng Ngãi" → "Tỉnh ủy Quảng Ngãi".
fn suggest(entities: &[EntityDecl], prefixes: &[String], name: &str) -> Option<String> {
    let (rest, removed) = strip_prefixes(name, &Prefixes::new(prefixes, fold), fold);
    let rest = &fold(&rest);
    let limit = (rest.chars().count() / 4).max(1);
    let (distance, best) = entities
        .iter()
        .flat_map(|e| {
            std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(move |spelling| (levenshtein(rest, &fold(&entity::canonical(spelling))), e))
        })
        .min_by_key(|(d, e)| (*d, e.name.clone()))?;
    if distance > limit {
        return None;
    }
    // Keep the prefix as written when it was right, else use the declared spelling.
    let written: String = name.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut prefix = String::new();
    let mut rest_of_name = written.as_str();
    for declared in &removed {
        let n = declared.trim().chars().count();
        let head: String = rest_of_name.chars().take(n).collect();
        prefix.push_str(if head.to_lowercase() == declared.trim().to_lowercase() {
            &head
        } else {
            declared.trim()
        });
        prefix.push(' ');
        rest_of_name = rest_of_name[head.len()..].trim_start();
    }
    let (_, builtin) = split_builtin_prefix(rest_of_name, &best.name);
    Some(format!("{prefix}{builtin}{}", best.name))
}

/// The built-in prefix ("TP. ", "UBND tỉnh ") written before the entity's name, kept as written.
fn split_builtin_prefix<'a>(written: &'a str, _name: &str) -> (&'a str, &'a str) {
    let canonical_len = entity::canonical(written).chars().count();
    let total = written.chars().count();
    let head_chars = total.saturating_sub(canonical_len);
    let split = written
        .char_indices()
        .nth(head_chars)
        .map_or(written.len(), |(i, _)| i);
    (&written[split..], &written[..split])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decl(name: &str, aliases: &[&str]) -> EntityDecl {
        EntityDecl {
            name: name.into(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
            tile: (0, 0),
        }
    }

    fn prefixes() -> Vec<String> {
        ["Tỉnh ủy", "Thành ủy", "Đảng ủy", "HĐND", "MTTQ"]
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    fn resolve(entities: &[EntityDecl], prefixes: &[String], name: &str) -> Option<usize> {
        Names::new(entities, prefixes).find(name)
    }

    #[test]
    fn declared_prefixes_are_removed() {
        let entities = [decl("Quảng Ninh", &[]), decl("Hải Phòng", &[])];
        let p = prefixes();
        assert_eq!(resolve(&entities, &p, "Tỉnh ủy tỉnh Quảng Ninh"), Some(0));
        assert_eq!(
            resolve(&entities, &p, "Thành ủy Thành phố Hải Phòng"),
            Some(1)
        );
        assert_eq!(resolve(&entities, &p, "HĐND Tỉnh Quảng Ninh"), Some(0));
        assert_eq!(resolve(&entities, &p, "Tinh ủy Quảng Ninh"), None);
    }

    #[test]
    fn suggestions_fix_the_misspelt_part() {
        let entities = [decl("Quảng Ngãi", &[]), decl("Hưng Yên", &[])];
        let p = prefixes();
        assert_eq!(
            suggest(&entities, &p, "Tinh ủy Quảng Ngãi").as_deref(),
            Some("Tỉnh ủy Quảng Ngãi")
        );
        assert_eq!(
            suggest(&entities, &p, "Hung Yên").as_deref(),
            Some("Hưng Yên")
        );
        assert_eq!(
            suggest(&entities, &p, "TP. Hung Yên").as_deref(),
            Some("TP. Hưng Yên")
        );
        assert_eq!(suggest(&entities, &p, "Hà Giang").as_deref(), None);
    }
}
