//! The files every site has besides its pages: the theme's assets, the stylesheet of the
//! publication's statuses and the README for IT.

use super::{OutputFile, RenderInput};
use crate::archive::Archive;

/// The theme's files, the statuses' stylesheet and the site's README.
pub fn assets(input: &RenderInput) -> Vec<OutputFile> {
    let mut files: Vec<OutputFile> = input
        .theme
        .iter()
        .map(|(path, bytes)| OutputFile {
            path: format!("assets/{path}"),
            bytes: bytes.clone(),
        })
        .collect();
    files.push(OutputFile {
        path: "assets/statuses.css".into(),
        bytes: status_css(input.archive).into_bytes(),
    });
    files.push(OutputFile {
        path: "README.md".into(),
        bytes: crate::defaults::SITE_README.as_bytes().to_vec(),
    });
    files
}

/// Status colours come from the publication, so they live in a generated stylesheet.
fn status_css(archive: &Archive) -> String {
    let mut css = String::from("/* Generated from content/publication.yaml `statuses`. */\n");
    for status in archive.statuses() {
        let slug = crate::text::slug(&status.code);
        css.push_str(&format!(
            ".status-{slug}, table.calendar td.has-briefing.status-{slug} {{ background: {c}; border-color: {c}; }}\n.swatch-{slug} {{ background: {c}; }}\n",
            c = status.color
        ));
    }
    css
}
