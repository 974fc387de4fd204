//! Turns a request URL into a path inside the in-memory site. The site is a map, so a path
//! can never reach the disk; `..` is still refused so that no URL names a file outside the root.

/// A request URL reduced to a site path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitePath {
    /// Segments joined with `/`, no leading slash: `2025/08/09/index.html`; empty for the root.
    pub path: String,
    /// The URL ended with `/` (a folder), so its `index.html` is meant.
    pub folder: bool,
}

/// Drops query and fragment, decodes percent escapes and `.` segments. `None` for a URL that
/// climbs out of the root (`..`), holds a backslash or NUL, or is not UTF-8 once decoded.
pub fn site_path(url: &str) -> Option<SitePath> {
    let end = url.find(['?', '#']).unwrap_or(url.len());
    let raw = &url[..end];
    let decoded = String::from_utf8(percent_decode(raw)?).ok()?;
    if decoded.contains(['\\', '\0']) {
        return None;
    }
    let mut segments = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => return None,
            other => segments.push(other),
        }
    }
    let folder = segments.is_empty() || decoded.ends_with('/');
    Some(SitePath {
        path: segments.join("/"),
        folder,
    })
}

fn percent_decode(text: &str) -> Option<Vec<u8>> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3)?;
            let value = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
            out.push(value);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// `path` as a URL path from the root, escaping what is not safe in a `Location` header.
pub fn to_url(path: &str) -> String {
    let mut url = String::from("/");
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~/".contains(&byte) {
            url.push(byte as char);
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    url
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(url: &str) -> Option<(String, bool)> {
        site_path(url).map(|p| (p.path, p.folder))
    }

    #[test]
    fn root_and_folders() {
        assert_eq!(path("/"), Some((String::new(), true)));
        assert_eq!(path(""), Some((String::new(), true)));
        assert_eq!(path("/2025/08/09/"), Some(("2025/08/09".into(), true)));
        assert_eq!(path("/2025/08/09"), Some(("2025/08/09".into(), false)));
    }

    #[test]
    fn query_fragment_dots_and_escapes() {
        assert_eq!(
            path("/assets/style.css?v=2#x"),
            Some(("assets/style.css".into(), false))
        );
        assert_eq!(path("//a/./b//c"), Some(("a/b/c".into(), false)));
        assert_eq!(
            path("/t%E1%BB%89nh/a%20b.html"),
            Some(("tỉnh/a b.html".into(), false))
        );
    }

    #[test]
    fn refuses_climbing_and_odd_bytes() {
        assert_eq!(path("/../etc/passwd"), None);
        assert_eq!(path("/2025/../../x"), None);
        assert_eq!(path("/%2e%2e/x"), None);
        assert_eq!(path("/a%2f..%2fb"), None);
        assert_eq!(path("/a%5c..%5cb"), None);
        assert_eq!(path("/a%00"), None);
        assert_eq!(path("/%zz"), None);
        assert_eq!(path("/%ff"), None);
    }

    #[test]
    fn urls_escape_what_they_must() {
        assert_eq!(to_url("2025/08/09/"), "/2025/08/09/");
        assert_eq!(to_url("a b/tỉnh"), "/a%20b/t%E1%BB%89nh");
    }
}
