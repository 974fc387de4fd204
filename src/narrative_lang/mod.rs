//! The narrative language: the small template language of day files' Markdown, titles and
//! figure rules (`{{ tables.ho_so.sum.tong | vn_number }}`, `{% if %}`, `{% for %}`).
//!
//! It is a strict subset of Tera's syntax, so text written for Tera keeps its meaning, but it is
//! built for untrusted text: no assignments, functions, macros or includes, and every text is
//! evaluated within fixed budgets (loop iterations, evaluation steps, output size) and parsed
//! within fixed nesting depths, so no input can hang the build, exhaust memory or overflow the
//! stack. Tera still renders the site's page templates; see README, "Template expressions".
//!
//! Data in: the text and the day's context (`serde_json::Value`, see
//! `expressions::narrative_context`). Data out: the expanded text, or an [`Error`] at a byte
//! offset of the text.

mod ast;
mod eval;
mod expression;
mod filters;
mod lexer;
mod ops;
mod parser;
mod value;

use serde_json::Value;

/// Tags may nest this deep (`{% if %}` inside `{% for %}` …).
pub const MAX_TAG_DEPTH: usize = 32;
/// An expression may nest this deep: each parenthesis, operator, filter and `[…]` is a level.
pub const MAX_EXPRESSION_DEPTH: usize = 64;

/// What one text may cost to evaluate. Each budget is per text (one Markdown field, title or
/// figure rule), and counted as the text runs, so that nothing is allocated beyond it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Iterations of all `{% for %}` loops together.
    pub loop_iterations: usize,
    /// Evaluation steps: each expression evaluated, each text piece written, each loop
    /// iteration, each item an `in` test looks at and each 64 bytes of text compared or
    /// converted. Bounds the time of a text whatever its loops hold.
    pub steps: usize,
    /// Bytes of output.
    pub output_bytes: usize,
}

impl Limits {
    /// The budgets of every narrative text.
    pub const NARRATIVE: Limits = Limits {
        loop_iterations: 100_000,
        steps: 1_000_000,
        output_bytes: 1 << 20,
    };
}

/// 100000 → "100.000", as the README writes counts.
pub(super) fn count(n: usize) -> String {
    crate::vn::integer(i64::try_from(n).unwrap_or(i64::MAX))
}

/// 1048576 → "1 MiB".
pub(super) fn bytes(n: usize) -> String {
    if n >= 1 << 20 && n.is_multiple_of(1 << 20) {
        format!("{} MiB", n >> 20)
    } else if n >= 1 << 10 && n.is_multiple_of(1 << 10) {
        format!("{} KiB", n >> 10)
    } else {
        format!("{n} bytes")
    }
}

/// What the Diagnostic shows under the marker when the error has nothing more specific.
pub const DEFAULT_EXPECTED: &str =
    "an expression such as {{ tables.phu_xanh_xa.sum.xanh | vn_number }}";

/// A problem in a narrative text, at a byte offset of that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// Byte offset in the text (a character boundary; the text's length at its very end).
    pub offset: usize,
    /// Where the offending part ends (`offset` when only its start is known).
    pub end: usize,
    /// What is wrong.
    pub message: String,
    /// What was expected there, for the Diagnostic's label.
    pub expected: String,
}

impl Error {
    pub(crate) fn new(offset: usize, message: impl Into<String>) -> Error {
        Error {
            offset,
            end: offset,
            message: message.into(),
            expected: DEFAULT_EXPECTED.to_owned(),
        }
    }

    /// Marks the offending part up to `end`.
    pub(crate) fn until(mut self, end: usize) -> Error {
        self.end = end.max(self.offset);
        self
    }

    pub(crate) fn expected(mut self, expected: impl Into<String>) -> Error {
        self.expected = expected.into();
        self
    }

    /// Line (1-based) and column (0-based, in characters) of the error in `text`.
    pub fn position(&self, text: &str) -> (usize, usize) {
        position(text, self.offset)
    }

    /// The same for the end of the offending part.
    pub fn end_position(&self, text: &str) -> (usize, usize) {
        position(text, self.end)
    }
}

fn position(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let line = 1 + before.matches('\n').count();
    (line, before[line_start..].chars().count())
}

/// Whether `text` holds any markup of the language; text without it is printed as written.
pub fn has_markup(text: &str) -> bool {
    text.contains("{{") || text.contains("{%") || text.contains("{#")
}

/// A parsed text, ready to be evaluated against any number of contexts.
#[derive(Debug)]
pub struct Template<'s> {
    source: &'s str,
    nodes: Vec<parser::Node<'s>>,
}

impl<'s> Template<'s> {
    /// Parses `source`; syntax errors, unknown tags and unknown filters are found here.
    pub fn parse(source: &'s str) -> Result<Template<'s>, Error> {
        Ok(Template {
            source,
            nodes: parser::parse_template(source)?,
        })
    }

    /// Evaluates against `context` within `limits`.
    pub fn render(&self, context: &Value, limits: Limits) -> Result<String, Error> {
        eval::render(self.source, &self.nodes, context, limits)
    }
}

/// Parses and evaluates `text` within [`Limits::NARRATIVE`].
pub fn render(text: &str, context: &Value) -> Result<String, Error> {
    Template::parse(text)?.render(context, Limits::NARRATIVE)
}

/// Evaluates a bare expression (a figure rule's `value: "tables.x.count"`) and prints its value
/// as `{{ expression }}` would. Offsets in errors are into `expression`.
pub fn render_expression(expression: &str, context: &Value) -> Result<String, Error> {
    let expr = parser::parse_expression(expression)?;
    eval::render_expression(expression, &expr, context, Limits::NARRATIVE)
}

#[cfg(test)]
mod limit_tests;
#[cfg(test)]
mod tests;
