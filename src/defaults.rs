//! Built-in templates and theme, compiled into the binary so `daybrief` works from any folder.
//! Files of the same name in the site's `templates/` and `themes/<name>/` replace them.

/// Built-in templates by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    ("report.html", include_str!("../templates/report.html")),
    ("slides.html", include_str!("../templates/slides.html")),
    ("search.html", include_str!("../templates/search.html")),
    (
        "appendices.html",
        include_str!("../templates/appendices.html"),
    ),
    (
        "partials/table.html",
        include_str!("../templates/partials/table.html"),
    ),
    (
        "partials/day_nav.html",
        include_str!("../templates/partials/day_nav.html"),
    ),
    (
        "partials/chart.html",
        include_str!("../templates/partials/chart.html"),
    ),
    (
        "partials/footnote.html",
        include_str!("../templates/partials/footnote.html"),
    ),
    (
        "partials/edition_notice.html",
        include_str!("../templates/partials/edition_notice.html"),
    ),
    (
        "partials/table_changes.html",
        include_str!("../templates/partials/table_changes.html"),
    ),
    (
        "partials/rows_table.html",
        include_str!("../templates/partials/rows_table.html"),
    ),
    ("latest.html", include_str!("../templates/latest.html")),
    ("changes.html", include_str!("../templates/changes.html")),
    ("editions.html", include_str!("../templates/editions.html")),
    ("entities.html", include_str!("../templates/entities.html")),
    ("entity.html", include_str!("../templates/entity.html")),
    ("feed.xml", include_str!("../templates/feed.xml")),
    ("sitemap.xml", include_str!("../templates/sitemap.xml")),
];

/// The built-in `default` theme by relative path.
pub const THEME: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../themes/default/style.css")),
    ("print.css", include_bytes!("../themes/default/print.css")),
    ("deck.css", include_bytes!("../themes/default/deck.css")),
    ("deck.js", include_bytes!("../themes/default/deck.js")),
    ("search.css", include_bytes!("../themes/default/search.css")),
    ("search.js", include_bytes!("../themes/default/search.js")),
];

/// Written as `README.md` into every built site.
pub const SITE_README: &str = include_str!("../site/README.md");

#[cfg(test)]
mod tests {
    use super::*;

    /// Every file in `templates/` and `themes/default/` must be compiled in, or a build run from
    /// another folder would miss it.
    #[test]
    fn every_template_and_theme_file_is_built_in() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for (dir, names) in [
            (
                "templates",
                TEMPLATES.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
            ),
            ("themes/default", THEME.iter().map(|(n, _)| *n).collect()),
        ] {
            for entry in walkdir::WalkDir::new(root.join(dir)) {
                let entry = entry.unwrap();
                if entry.file_type().is_file() {
                    let name = entry
                        .path()
                        .strip_prefix(root.join(dir))
                        .unwrap()
                        .to_string_lossy()
                        .replace('\\', "/");
                    assert!(
                        names.contains(&name.as_str()),
                        "{dir}/{name} is not in src/defaults.rs"
                    );
                }
            }
        }
    }
}
