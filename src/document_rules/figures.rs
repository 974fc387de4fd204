//! `figures`: a number typed in the text equals the value the publication ties it to.

use super::Text;
use crate::archive::{Archive, Day};
use crate::check::phrase::{self, Phrase};
use crate::derive::DerivedDay;
use crate::error::{Diagnostic, Report};
use crate::expressions::narrative_context;
use crate::model::Spanned;
use crate::model::rules::FigureRule;

/// Evaluates figure rules on one day.
pub(super) struct FigureCheck<'a> {
    pub(super) archive: &'a Archive,
    pub(super) day: &'a Day,
    pub(super) derived: &'a DerivedDay,
    /// The day's expression context, built on first use.
    pub(super) context: std::cell::OnceCell<serde_json::Value>,
}

impl FigureCheck<'_> {
    pub(super) fn check(
        &self,
        rule: &Spanned<FigureRule>,
        phrase: &Phrase,
        texts: &[Text],
        report: &mut Report,
    ) {
        let mut computed: Option<Result<f64, String>> = None;
        for text in texts {
            for figure in phrase.find_in(&text.plain) {
                let value = computed.get_or_insert_with(|| self.evaluate(&rule.value.value));
                let value = match value {
                    Ok(value) => *value,
                    Err(problem) => {
                        report.push(self.cannot_compute(rule, problem));
                        return;
                    }
                };
                if phrase::agrees(&figure, value) || !super::room_for(report, "figures", text.file)
                {
                    continue;
                }
                let at = text.position(figure.offset);
                report.push(
                    Diagnostic::warning(
                        text.file,
                        at.0,
                        at.1,
                        format!(
                            "the text says {}, but `{}` is {}",
                            figure.typed,
                            rule.value.value.trim(),
                            crate::check::rules::show(value, figure.decimals)
                        ),
                    )
                    .width(figure.typed.chars().count())
                    .expected(format!(
                        "{} (figure rule \"{}\", {}:{})",
                        crate::check::rules::show(value, figure.decimals),
                        rule.value.text,
                        self.archive.publication_path.display(),
                        rule.referenced.line()
                    ))
                    .hint("check the figure against the table; writing the expression instead of the number keeps them equal")
                    .rule("figures")
                    .with_source(text.file_text),
                );
            }
        }
    }

    /// The value of the rule's expression for this day.
    fn evaluate(&self, expression: &str) -> Result<f64, String> {
        let context = self.context.get_or_init(|| {
            let changes = self.derived.changes(self.archive, self.day);
            narrative_context(self.day, self.derived, &changes)
        });
        let rendered =
            crate::narrative_lang::render_expression(expression, context).map_err(|e| e.message)?;
        rendered
            .trim()
            .parse::<f64>()
            .map_err(|_| format!("it gives `{}`, not a number", rendered.trim()))
    }

    fn cannot_compute(&self, rule: &Spanned<FigureRule>, problem: &str) -> Diagnostic {
        let (line, column) = crate::check::at(rule);
        Diagnostic::warning(
            &self.archive.publication_path,
            line,
            column,
            format!(
                "figure rule: cannot compute `{}` for {}: {problem}",
                rule.value.value.trim(),
                crate::vn::date(self.day.date)
            ),
        )
        .expected("an expression such as tables.phu_xanh_xa.sum.xanh")
        .hint("the phrase was found in the day's text, but the value could not be computed: is the table in this day?")
        .rule("figures")
        .with_source(&self.archive.publication_text)
    }
}
