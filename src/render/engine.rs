//! The Tera engine: templates, Vietnamese filters, and template errors as diagnostics.

use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Tera};

use crate::error::{Diagnostic, Error, Report};
use crate::load::TemplateSource;

/// Builds the engine from the loaded templates. A syntax error names the template and line.
pub fn build(templates: &[TemplateSource]) -> Result<Tera, Error> {
    let all: Vec<&TemplateSource> = templates.iter().collect();
    match compile(&all) {
        Ok(tera) => Ok(tera),
        Err(e) => {
            Err(every_template_error(templates).unwrap_or_else(|| template_error(&e, templates)))
        }
    }
}

fn compile(templates: &[&TemplateSource]) -> Result<Tera, tera::Error> {
    let mut tera = Tera::new();
    crate::expressions::register_filters(&mut tera);
    tera.autoescape_on(vec![".html", ".xml", ".svg"]);
    let pairs: Vec<(&str, &str)> = templates
        .iter()
        .map(|t| (t.name.as_str(), t.text.as_str()))
        .collect();
    tera.add_raw_templates(pairs)?;
    Ok(tera)
}

/// Compiles each user template alone, with the built-in ones it may extend or include, so that
/// the errors of all broken templates are reported together.
fn every_template_error(templates: &[TemplateSource]) -> Option<Error> {
    let builtin = crate::load::builtin_templates();
    let mut report = Report::default();
    for user in templates.iter().filter(|t| t.path.is_some()) {
        let mut set: Vec<&TemplateSource> =
            builtin.iter().filter(|b| b.name != user.name).collect();
        set.push(user);
        if let Err(e) = compile(&set)
            && let Error::Content(r) = template_error(&e, templates)
        {
            report.diagnostics.extend(r.diagnostics);
        }
    }
    (report.error_count() > 0).then(|| {
        report.sort();
        Error::Content(report)
    })
}

/// Renders a named template.
pub fn render(
    tera: &Tera,
    name: &str,
    context: &Context,
    templates: &[TemplateSource],
) -> Result<String, Error> {
    tera.render(name, context)
        .map_err(|e| template_error(&e, templates))
}

/// Turns a Tera error into a diagnostic naming the template file and line.
pub fn template_error(error: &tera::Error, templates: &[TemplateSource]) -> Error {
    let (name, line, column, message) = match error.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => (
            r.filename().to_owned(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_owned(),
        ),
        _ => (String::new(), 0, 0, error.to_string()),
    };
    let source = templates.iter().find(|t| t.name == name);
    let path = source.map_or_else(
        || PathBuf::from(format!("templates/{name}")),
        |t| {
            t.path
                .clone()
                .unwrap_or_else(|| Path::new("templates").join(format!("{name} (built-in)")))
        },
    );
    let mut d = Diagnostic::error(&path, line, column, format!("template error: {message}"))
        .expected("a valid Tera template")
        .hint("see the template reference in README.md; remove the file from templates/ to use the built-in one");
    if let Some(t) = source {
        d = d.with_source(&t.text);
    }
    let mut report = Report::default();
    report.push(d);
    Error::Content(report)
}
