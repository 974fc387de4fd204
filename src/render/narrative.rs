//! Narrative Markdown: Tera expressions first (so figures come from the data), then Markdown,
//! then sanitising, so raw HTML written by staff can never run.

use std::path::Path;

use pulldown_cmark::{Event, Options, Parser, Tag, html};
use tera::{Context, ErrorKind, Tera};

use crate::error::Diagnostic;
use crate::model::Spanned;

/// Expands expressions in `text` and renders it to safe HTML. Errors point into the day file.
pub fn render_markdown(
    tera: &Tera,
    text: &Spanned<String>,
    context: &Context,
    file: &Path,
    file_text: &str,
) -> Result<String, Box<Diagnostic>> {
    let expanded = expand(tera, text, context, file, file_text)?;
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

/// Expands Tera expressions in a short string (a title or caption), without Markdown.
pub fn expand(
    tera: &Tera,
    text: &Spanned<String>,
    context: &Context,
    file: &Path,
    file_text: &str,
) -> Result<String, Box<Diagnostic>> {
    if !text.value.contains("{{") && !text.value.contains("{%") {
        return Ok(text.value.clone());
    }
    tera.render_str(&text.value, context, false)
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

/// Maps a line inside the expression text to the line in the day file. Block scalars (`|`)
/// start on the line after the key.
fn expression_error(
    error: &tera::Error,
    text: &Spanned<String>,
    file: &Path,
    file_text: &str,
) -> Diagnostic {
    let (inner_line, inner_col, message) = match error.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            r.span().start_line,
            r.span().start_col,
            r.message().to_owned(),
        ),
        _ => (1, 0, error.to_string()),
    };
    let start_line = text.referenced.line() as usize;
    let start_col = text.referenced.column() as usize;
    let first = file_text
        .lines()
        .nth(start_line.saturating_sub(1))
        .unwrap_or("");
    let block = first
        .chars()
        .nth(start_col.saturating_sub(1))
        .is_some_and(|c| c == '|' || c == '>');
    let (line, column) = if block {
        let line = start_line + inner_line;
        let indent = file_text
            .lines()
            .nth(line - 1)
            .map_or(0, |l| l.len() - l.trim_start().len());
        (line, indent + inner_col + 1)
    } else if inner_line <= 1 {
        (
            start_line,
            start_col + inner_col + usize::from(first.contains('"')),
        )
    } else {
        (start_line + inner_line - 1, inner_col + 1)
    };
    Diagnostic::error(file, line, column, format!("expression error: {message}"))
        .expected("an expression such as {{ tables.phu_xanh_xa.sum.xanh | vn_number }}")
        .hint("see \"Template expressions\" in README.md for the names available")
        .with_source(file_text)
}

#[cfg(test)]
mod tests {
    use super::*;

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
