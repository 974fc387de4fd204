//! Built-in templates and theme, compiled into the binary so `daybrief` works from any folder.
//! Files of the same name in the site's `templates/` and `themes/<name>/` replace them.

/// Built-in templates by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("index.html", include_str!("../templates/index.html")),
    ("archive.html", include_str!("../templates/archive.html")),
    ("report.html", include_str!("../templates/report.html")),
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
];

/// The built-in `default` theme by relative path.
pub const THEME: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../themes/default/style.css")),
    ("print.css", include_bytes!("../themes/default/print.css")),
];

/// Written as `README.md` into every built site.
pub const SITE_README: &str = include_str!("../site/README.md");
