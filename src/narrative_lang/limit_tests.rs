//! Nesting limits and budgets: hostile text ends with an error at the construct that went too
//! far, never with a stack overflow, a hang or an allocation beyond the budget.

use serde_json::json;

use super::tests::{context, err, ok};
use super::{Error, Limits, Template};

#[test]
fn nesting_is_bounded_without_overflowing_the_stack() {
    let n = 100_000;
    let deep_parens = format!("{{{{ {}1{} }}}}", "(".repeat(n), ")".repeat(n));
    assert!(
        err(&deep_parens)
            .message
            .contains("nested more than 64 levels")
    );
    let long_sum = format!("{{{{ 1{} }}}}", " + 1".repeat(n));
    assert!(
        err(&long_sum)
            .message
            .contains("nested more than 64 levels")
    );
    let filters = format!("{{{{ 1{} }}}}", " | abs".repeat(n));
    assert!(err(&filters).message.contains("nested more than 64 levels"));
    let subscripts = format!("{{{{ {}0{} }}}}", "a[".repeat(n), "]".repeat(n));
    assert!(err(&subscripts).message.starts_with("at most 4 `[…]`"));
    let negations = format!("{{{{ {}1 }}}}", "-(".repeat(n));
    assert!(
        err(&negations)
            .message
            .contains("nested more than 64 levels")
    );
    let ifs = format!("{}x{}", "{% if true %}".repeat(n), "{% endif %}".repeat(n));
    let e = err(&ifs);
    assert_eq!(
        (e.offset, e.message.as_str()),
        (32 * 13 + 3, "tags are nested more than 32 levels deep")
    );
    // At the limits, text still renders.
    let ok_parens = format!("{{{{ {}1{} }}}}", "(".repeat(60), ")".repeat(60));
    assert_eq!(ok(&ok_parens), "1");
    let ok_ifs = format!(
        "{}x{}",
        "{% if true %}".repeat(32),
        "{% endif %}".repeat(32)
    );
    assert_eq!(ok(&ok_ifs), "x");
}

fn render_within(text: &str, limits: Limits) -> Result<String, Error> {
    Template::parse(text)?.render(&context(), limits)
}

const SMALL: Limits = Limits {
    loop_iterations: 10,
    steps: 100,
    output_bytes: 20,
};

#[test]
fn budgets_stop_evaluation_at_the_construct_that_exceeds_them() {
    let loops = "{% for id, t in tables %}\n {% for c, v in t.sum %}{% for s in changes.status_shifts %}.{% endfor %}{% endfor %}{% endfor %}";
    let e = render_within(loops, SMALL).unwrap_err();
    // The eleventh iteration is the outer loop's second.
    assert_eq!(e.position(loops), (1, 3));
    assert_eq!(
        e.message,
        "loop budget exceeded: the loops of this text would run more than 10 times"
    );
    assert_eq!(e.expected, "at most 10 loop iterations per text");
    let nine = Limits {
        loop_iterations: 9,
        ..SMALL
    };
    let e = render_within(loops, nine).unwrap_err();
    assert_eq!(e.position(loops), (2, 27));
    assert_eq!(e.offset, loops.find("for s").unwrap());

    let output = "ab{% for s in changes.status_shifts %}{{ changes.label }}{% endfor %}";
    let e = render_within(output, SMALL).unwrap_err();
    assert_eq!(e.offset, output.find("changes.label").unwrap());
    assert_eq!(
        e.message,
        "output budget exceeded: this text would expand to more than 20 bytes"
    );
    let text = "{% for s in changes.status_shifts %}0123456789ab{% endfor %}";
    assert_eq!(render_within(text, SMALL).unwrap_err().offset, 3);

    let steps = "{{ 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 }}";
    let e = render_within(steps, SMALL).unwrap_err();
    assert_eq!(
        e.message,
        "evaluation budget exceeded: this text needs more than 100 evaluation steps"
    );
    // Within the budgets the same texts render.
    let roomy = Limits {
        loop_iterations: 100,
        steps: 1000,
        output_bytes: 100,
    };
    let label = "so với ngày 08/8/2025";
    assert_eq!(
        render_within(output, roomy).unwrap(),
        format!("ab{label}{label}")
    );
}

#[test]
fn the_old_bombs_stop_at_the_real_budgets() {
    // Six nested loops over two items would be 64 iterations; over a list of 40 it is 4e9.
    let mut c = context();
    c["list"] = json!((0..40).collect::<Vec<_>>());
    let nested = format!(
        "{}x{}",
        "{% for a in list %}".repeat(6),
        "{% endfor %}".repeat(6)
    );
    let e = Template::parse(&nested)
        .unwrap()
        .render(&c, Limits::NARRATIVE)
        .unwrap_err();
    assert!(
        e.message.starts_with("loop budget exceeded"),
        "{}",
        e.message
    );
    assert_eq!(e.offset, 5 * 19 + 3);
    // Output grows by the label (21 bytes) per iteration: 1 MiB long before 100.000 iterations.
    let wide = "{% for a in list %}{% for b in list %}{% for c in list %}{% for d in list %}{{ changes.label }}{% endfor %}{% endfor %}{% endfor %}{% endfor %}";
    let e = Template::parse(wide)
        .unwrap()
        .render(&c, Limits::NARRATIVE)
        .unwrap_err();
    assert!(
        e.message.starts_with("output budget exceeded"),
        "{}",
        e.message
    );
    // A body of many expressions runs out of steps before it runs out of iterations.
    let heavy = format!(
        "{}{}{}",
        "{% for a in list %}{% for b in list %}",
        "{{ 1 + 1 }}".repeat(400),
        "{% endfor %}{% endfor %}"
    );
    let e = Template::parse(&heavy)
        .unwrap()
        .render(&c, Limits::NARRATIVE)
        .unwrap_err();
    assert!(
        e.message.starts_with("evaluation budget exceeded"),
        "{}",
        e.message
    );
}
