//! Matching the names written in tables ("TP. Hà Nội", "UBND tỉnh Tuyên Quang", "Hung Yên")
//! to the publication's declared entities.

use crate::model::chart::EntityDecl;

/// Prefixes that name the kind of body, not the place.
const PREFIXES: &[&str] = &["ubnd ", "tỉnh ", "thành phố ", "tp. ", "tp "];

/// Lower-cased name without administrative prefixes: "UBND Thành phố Hà Nội" → "hà nội".
pub fn canonical(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut text: String = name.nfc().collect::<String>().to_lowercase();
    text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    loop {
        let before = text.len();
        for prefix in PREFIXES {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest.trim_start().to_owned();
            }
        }
        if text.len() == before {
            return text;
        }
    }
}

/// The declared entities by canonical name and alias, built once per archive: matching a
/// name is then one normalisation and one lookup, not one per declared entity.
#[derive(Debug, Clone, Default)]
pub struct EntityIndex {
    by_name: std::collections::HashMap<String, usize>,
    /// Each declared spelling as written, with what its canonical form finds: tables mostly
    /// use the declared names, which then need no normalisation.
    by_spelling: std::collections::HashMap<String, usize>,
}

impl EntityIndex {
    /// Indexes `entities`; on a clash the first declared entity wins, as with [`find`].
    pub fn new(entities: &[EntityDecl]) -> EntityIndex {
        let mut by_name = std::collections::HashMap::new();
        for (i, e) in entities.iter().enumerate() {
            by_name.entry(canonical(&e.name)).or_insert(i);
        }
        for (i, e) in entities.iter().enumerate() {
            for alias in &e.aliases {
                by_name.entry(canonical(alias)).or_insert(i);
            }
        }
        let by_spelling = entities
            .iter()
            .flat_map(|e| std::iter::once(&e.name).chain(&e.aliases))
            .filter_map(|s| Some((s.clone(), *by_name.get(&canonical(s))?)))
            .collect();
        EntityIndex {
            by_name,
            by_spelling,
        }
    }

    /// Index of the entity a table name refers to.
    pub fn find(&self, name: &str) -> Option<usize> {
        if let Some(&found) = self.by_spelling.get(name) {
            return Some(found);
        }
        self.by_name.get(&canonical(name)).copied()
    }
}

/// Index of the entity a table name refers to, by canonical name or declared alias.
pub fn find(entities: &[EntityDecl], name: &str) -> Option<usize> {
    let wanted = canonical(name);
    entities.iter().position(|e| {
        canonical(&e.name) == wanted || e.aliases.iter().any(|a| canonical(a) == wanted)
    })
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

    #[test]
    fn prefixes_and_aliases_map_to_one_entity() {
        let entities = [decl("Hà Nội", &[]), decl("Hưng Yên", &["Hung Yên"])];
        assert_eq!(find(&entities, "UBND Thành phố Hà Nội"), Some(0));
        assert_eq!(find(&entities, "TP. Hà Nội"), Some(0));
        assert_eq!(find(&entities, "Hung Yên"), Some(1));
        assert_eq!(find(&entities, "UBND tỉnh Hưng Yên"), Some(1));
        assert_eq!(find(&entities, "Cao Bằng"), None);
    }
}
