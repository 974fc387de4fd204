//! Narrative Markdown: expressions first (so figures come from the data; see
//! `narrative_lang`), then Markdown, then sanitising, so raw HTML written by staff can never
//! run.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, html};
use serde_json::Value;

use crate::error::Diagnostic;
use crate::model::Spanned;
use crate::narrative_lang;

/// Expands expressions in `text` and renders it to safe HTML. Errors point into the day file.
pub fn render_markdown(
    text: &Spanned<String>,
    context: &Value,
    file: &Path,
    file_text: &str,
) -> Result<String, Box<Diagnostic>> {
    let expanded = expand(text, context, file, file_text)?;
    let html = markdown_to_html(&expanded);
    if html.starts_with(TOO_DEEP) {
        let (line, column) = (text.referenced.line(), text.referenced.column());
        return Err(Box::new(
            Diagnostic::error(
                file,
                line as usize,
                column as usize,
                format!(
                    "the text nests HTML or Markdown elements more than {} levels deep",
                    super::nesting::MAX_DEPTH
                ),
            )
            .width(1)
            .expected("text nested a few levels deep")
            .hint("it usually comes with HTML pasted from another system: paste it as plain text")
            .with_source(file_text),
        ));
    }
    Ok(html)
}

/// What [`markdown_to_html`] returns for text nested too deeply to sanitise quickly.
const TOO_DEEP: &str = "<p class=\"too-deep\">";

/// Expands expressions in a short string (a title or caption), without Markdown.
pub fn expand(
    text: &Spanned<String>,
    context: &Value,
    file: &Path,
    file_text: &str,
) -> Result<String, Box<Diagnostic>> {
    if !narrative_lang::has_markup(&text.value) {
        return Ok(text.value.clone());
    }
    narrative_lang::render(&text.value, context)
        .map_err(|e| Box::new(expression_error(&e, text, file, file_text)))
}

/// Markdown to sanitised HTML. Lists written with `-` or `+` keep their mark (administrative
/// documents print dash and plus paragraphs, not bullets): they get the class `dash` or `plus`.
pub fn markdown_to_html(markdown: &str) -> String {
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH,
    )
    .into_offset_iter()
    .map(|(event, range)| match event {
        Event::Start(Tag::List(None)) => {
            let mark = markdown[range.start..].trim_start().chars().next();
            match mark {
                Some('-') => Event::Html("<ul class=\"dash\">\n".into()),
                Some('+') => Event::Html("<ul class=\"plus\">\n".into()),
                _ => Event::Start(Tag::List(None)),
            }
        }
        other => other,
    });
    let mut out = String::new();
    html::push_html(&mut out, parser);
    if super::nesting::too_deep(&out) {
        // Shown as text, never parsed: a slide note or bullet gets this; a narrative an error.
        return format!("{TOO_DEEP}{}</p>", crate::text::escape_html(markdown));
    }
    sanitize(&out)
}

/// Removes anything that could run: scripts, event attributes, `javascript:` links.
pub fn sanitize(html: &str) -> String {
    // No URL schemes are allowed: relative links stay, links to outside addresses keep their
    // text but lose the address, since the intranet cannot reach them.
    // A scheme-relative address ("//host/x") counts as relative for the parser but leaves the
    // site, so it is dropped too.
    ammonia::Builder::default()
        .add_allowed_classes("ul", ["dash", "plus"])
        .url_schemes(std::collections::HashSet::new())
        .url_relative(ammonia::UrlRelative::Custom(Box::new(same_site)))
        .link_rel(None)
        .clean(html)
        .to_string()
}

/// A relative address that stays on the site; `None` removes the attribute. Browsers drop tabs
/// and line breaks in addresses and read `\` as `/`, so those are ignored when looking for `//`.
fn same_site(url: &str) -> Option<std::borrow::Cow<'_, str>> {
    let start: Vec<char> = url
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .skip_while(|c| c.is_whitespace())
        .take(2)
        .collect();
    let leaves = start.len() == 2 && start.iter().all(|c| matches!(c, '/' | '\\'));
    (!leaves).then_some(std::borrow::Cow::Borrowed(url))
}

/// Maps a position inside the expression text to the day file. A block scalar (`|`) is
/// located either at its indicator (the text starts on the next line) or at its first line; its
/// lines keep the block's indentation. Escapes and folded lines can shift a quoted or plain
/// scalar's positions, so the place is kept inside the file's text.
fn expression_error(
    error: &narrative_lang::Error,
    text: &Spanned<String>,
    file: &Path,
    file_text: &str,
) -> Diagnostic {
    let (inner_line, inner_col) = error.position(&text.value);
    let start_line = text.referenced.line() as usize;
    let start_col = text.referenced.column() as usize;
    let line_of = |n: usize| file_text.lines().nth(n.saturating_sub(1)).unwrap_or("");
    let first = line_of(start_line);
    let before: String = first.chars().take(start_col.saturating_sub(1)).collect();
    let indicator = first
        .chars()
        .nth(start_col.saturating_sub(1))
        .is_some_and(|c| c == '|' || c == '>');
    let (line, column) = if indicator {
        let line = start_line + inner_line;
        let here = line_of(line);
        (line, here.len() - here.trim_start().len() + inner_col + 1)
    } else if inner_line > 1 && before.trim().is_empty() {
        (start_line + inner_line - 1, start_col + inner_col)
    } else if inner_line <= 1 {
        (
            start_line,
            start_col + inner_col + usize::from(first.contains('"')),
        )
    } else {
        (start_line + inner_line - 1, inner_col + 1)
    };
    let line = line.clamp(1, file_text.lines().count().max(1));
    let column = column.clamp(1, line_of(line).chars().count() + 1);
    let mut diagnostic = Diagnostic::error(
        file,
        line,
        column,
        format!("expression error: {}", error.message),
    );
    // The offending expression is marked whole when it is on one line.
    let (end_line, end_col) = error.end_position(&text.value);
    if end_line == inner_line && end_col > inner_col {
        diagnostic = diagnostic.width(end_col - inner_col);
    }
    diagnostic
        .expected(error.expected.as_str())
        .hint("see \"Template expressions\" in README.md for the names available")
        .with_source(file_text)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The diagnostic of the narrative `intro` of a YAML file: line, column and the text marked.
    fn intro_error(yaml: &str) -> (usize, usize, String) {
        #[derive(serde::Deserialize)]
        struct Day {
            intro: Spanned<String>,
        }
        let day: Day = serde_saphyr::from_str(yaml).unwrap();
        let error = narrative_lang::render(&day.intro.value, &serde_json::json!({})).unwrap_err();
        let d = expression_error(&error, &day.intro, Path::new("d.yaml"), yaml);
        let line = d.source_line.clone().unwrap_or_default();
        let marked: String = line
            .chars()
            .skip(d.column - 1)
            .take(d.end_column.saturating_sub(d.column))
            .collect();
        (d.line, d.column, marked)
    }

    #[test]
    fn errors_point_into_each_kind_of_scalar() {
        let block = "date: x\nintro: |\n  Dòng một.\n    Dòng hai {{ nope }}.\n";
        assert_eq!(intro_error(block), (4, 17, "nope".into()));
        let plain = "intro: Báo cáo {{ nope }} ngày\n";
        assert_eq!(intro_error(plain), (1, 19, "nope".into()));
        let quoted = "intro: \"Báo cáo {{ nope }}\"\n";
        assert_eq!(intro_error(quoted), (1, 20, "nope".into()));
        // Escapes and folded lines shift positions; the place stays inside the file's lines.
        let folded = "intro: >\n  Kính trình\n  {{ nope }}\n";
        let (line, column, _) = intro_error(folded);
        assert!(line <= 3 && column <= "  Kính trình".chars().count() + 1);
        let escaped = "intro: \"\\t\\t\\t\\t\\t\\t {{ nope }}\"\n";
        let (line, column, _) = intro_error(escaped);
        assert!(line == 1 && column <= escaped.chars().count());
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let html = markdown_to_html(
            "Hi <script>alert(1)</script> <a href=\"javascript:x()\" onclick=\"y()\">a</a> **b**",
        );
        assert_eq!(html, "<p>Hi  <a>a</a> <strong>b</strong></p>\n");
    }

    #[test]
    fn addresses_that_leave_the_site_are_dropped() {
        let html =
            markdown_to_html("[a](//evil.example/a) [b](https://evil.example/b) [c](../c.html)");
        assert_eq!(
            html,
            "<p><a>a</a> <a>b</a> <a href=\"../c.html\">c</a></p>\n"
        );
    }
}
