//! What a day file's path says: `…/YYYY/MM/DD.yaml` is the day, `DD.N.yaml` its edition N.
//! Loading finds the day files by these; checking compares them with what the files say.

use std::path::Path;

use chrono::NaiveDate;

/// The date a path `…/YYYY/MM/DD.yaml` stands for.
pub fn date_from_path(path: &Path) -> Option<NaiveDate> {
    let mut parts = path
        .components()
        .rev()
        .map(|c| c.as_os_str().to_string_lossy());
    let day = parts.next()?;
    let day = day.split('.').next()?.to_owned();
    let month = parts.next()?;
    let year = parts.next()?;
    if day.len() != 2 || month.len() != 2 || year.len() != 4 {
        return None;
    }
    NaiveDate::from_ymd_opt(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

/// The edition a day file's name stands for: `09.yaml` → 1, `09.2.yaml` → 2.
pub fn edition_from_path(path: &Path) -> Option<u32> {
    let stem = path.file_stem()?.to_str()?;
    match stem.split_once('.') {
        None => Some(1),
        Some((_, n)) => n.parse::<u32>().ok().filter(|n| *n >= 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edition_numbers_come_from_the_file_name() {
        assert_eq!(edition_from_path(Path::new("c/2025/08/09.yaml")), Some(1));
        assert_eq!(edition_from_path(Path::new("c/2025/08/09.2.yaml")), Some(2));
        assert_eq!(
            edition_from_path(Path::new("c/2025/08/09.12.yml")),
            Some(12)
        );
        assert_eq!(edition_from_path(Path::new("c/2025/08/09.1.yaml")), None);
        assert_eq!(edition_from_path(Path::new("c/2025/08/09.ban2.yaml")), None);
    }
}
