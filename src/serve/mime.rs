//! Content types by file extension, for the files a daybrief site holds.

/// The `Content-Type` of a site path; text types say they are UTF-8.
pub fn content_type(path: &str) -> &'static str {
    let extension = path
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "svg" => "image/svg+xml",
        "csv" => "text/csv; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "atom" => "application/atom+xml",
        "rss" => "application/rss+xml",
        "md" => "text/markdown; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "pdf" => "application/pdf",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::content_type;

    #[test]
    fn site_file_types() {
        assert_eq!(
            content_type("2025/08/09/index.html"),
            "text/html; charset=utf-8"
        );
        assert_eq!(content_type("assets/style.css"), "text/css; charset=utf-8");
        assert_eq!(
            content_type("assets/deck.js"),
            "text/javascript; charset=utf-8"
        );
        assert_eq!(
            content_type("2025/08/09/charts/ban_do.svg"),
            "image/svg+xml"
        );
        assert_eq!(
            content_type("2025/08/09/appendices/tien_do.csv"),
            "text/csv; charset=utf-8"
        );
        assert_eq!(content_type("search/index.json"), "application/json");
        assert_eq!(content_type("feed.xml"), "application/xml");
        assert_eq!(content_type("FEED.XML"), "application/xml");
        assert_eq!(content_type("README"), "application/octet-stream");
    }
}
