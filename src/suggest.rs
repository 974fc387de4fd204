//! "Did you mean …?" suggestions by edit distance.

/// The closest candidate within a small edit distance, if any.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .iter()
        .map(|c| (levenshtein(&fold(word), &fold(c)), *c))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, c)| (*distance, *c))
        .map(|(_, c)| c)
}

/// Lower-cases for comparison.
fn fold(word: &str) -> String {
    word.to_lowercase()
}

/// Classic edit distance over characters.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_the_nearest_field() {
        assert_eq!(
            did_you_mean("titel", &["title", "tables", "date"]),
            Some("title")
        );
        assert_eq!(did_you_mean("zzzzzz", &["title", "date"]), None);
    }

    #[test]
    fn distance_counts_vietnamese_characters_once() {
        assert_eq!(levenshtein("Hưng Yên", "Hung Yên"), 1);
    }
}
