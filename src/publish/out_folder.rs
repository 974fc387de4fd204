//! Where a build may publish. The site is swapped in as a whole folder, so the output folder
//! must be a folder of its own: not the current folder or one holding it (it cannot be renamed
//! away), not inside the sources or holding them (the swap would move them). A link is
//! followed: the site is published, atomically, into the folder it points to.

use std::path::{Component, Path, PathBuf};

use crate::error::Error;
use crate::load::Sources;

/// The folder a build publishes `out` into, or why it cannot; decided before anything is
/// written.
pub fn resolve(out: &Path, sources: &Sources) -> Result<PathBuf, Error> {
    let refuse = |why: String| {
        Err(Error::Refused(format!(
            "refusing to publish into `{}`: {why}",
            out.display()
        )))
    };
    let cwd = std::env::current_dir().map_err(|e| Error::io("read", Path::new("."), e))?;
    let linked = out.is_symlink();
    if linked && !out.exists() {
        return refuse(
            "it is a link to nothing. Remove the link or create the folder it points to".into(),
        );
    }
    let resolved = absolute(&cwd, out);
    if resolved.file_name().is_none() || cwd.starts_with(&resolved) {
        return refuse(
            "it holds the folder you are working in, and a build replaces its output folder as a whole. Choose a folder of its own, such as --out site".into(),
        );
    }
    for (label, source) in [
        ("content", &sources.content),
        ("templates", &sources.templates),
        ("themes", &sources.themes),
    ] {
        let source = absolute(&cwd, source);
        if resolved.starts_with(&source) || (source.exists() && source.starts_with(&resolved)) {
            return refuse(format!(
                "it overlaps the {label} folder `{}`, and a build replaces its output folder as a whole. Choose a folder outside the sources, such as --out site",
                source.display()
            ));
        }
    }
    if resolved.exists() && !resolved.is_dir() {
        return refuse("it is not a folder".into());
    }
    Ok(resolved)
}

/// `path` made absolute from `cwd`, `.` and `..` resolved by name, then links in the existing
/// part followed (so a link to the current folder is found out).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut lexical = PathBuf::new();
    for part in cwd.join(path).components() {
        match part {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    // The longest existing ancestor is canonicalised; the rest is appended as named.
    let mut existing = lexical.as_path();
    let mut rest = Vec::new();
    loop {
        if let Ok(canonical) = existing.canonicalize() {
            return rest.iter().rev().fold(canonical, |p, name| p.join(name));
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return lexical,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_parts_are_resolved_by_name() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path().canonicalize().unwrap();
        assert_eq!(absolute(&base, Path::new("a/../b")), base.join("b"));
        assert_eq!(absolute(&base, Path::new(".")), base);
        assert_eq!(absolute(&base, Path::new("x/./y")), base.join("x/y"));
    }
}
