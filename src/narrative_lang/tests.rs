//! The language end to end: every syntax form, the same output as Tera on the same context,
//! error positions, nesting limits and budgets.

use serde_json::{Value, json};

use super::{Error, render, render_expression};

/// A context shaped like `expressions::narrative_context`'s.
pub(super) fn context() -> Value {
    json!({
        "date": "2025-08-09",
        "data_time": "16h00",
        "number": "2-BC/TN",
        "edition": 1,
        "previous_date": "2025-08-08",
        "tables": {
            "ho_so": { "count": 3, "sum": { "tong": 6610.0, "tt": 1200.0, "tu": 5410.0 },
                       "status_count": {} },
            "tien_do": { "count": 2, "sum": {}, "status_count": { "VÀNG": 1, "XANH": 1 } },
            "phu_xanh_xa": { "count": 34, "sum": { "so_xa": 3321.0, "xanh": 2078.0 },
                             "status_count": {} }
        },
        "changes": {
            "label": "so với ngày 08/8/2025",
            "previous": "2025-08-08",
            "previous_text": "08/8/2025",
            "gap_days": 1,
            "status_counts": { "tien_do": { "XANH": { "before": 1, "after": 1, "delta": 0 } } },
            "status_shifts": [
                { "table": "tien_do", "entity": "Cao Bằng", "from": "VÀNG", "to": "XANH" },
                { "table": "tien_do", "entity": "Đắk Lắk", "from": "XANH", "to": "ĐỎ" }
            ],
            "tables": { "ho_so": { "sums": { "tong": { "before": 4600.0, "after": 6610.0,
                                                      "delta": 2010.0 } },
                                   "added": ["Hưng Yên"], "removed": [], "changed": [] } }
        }
    })
}

pub(super) fn ok(text: &str) -> String {
    render(text, &context()).unwrap_or_else(|e| panic!("{text}: {e:?}"))
}

pub(super) fn err(text: &str) -> Error {
    match render(text, &context()) {
        Ok(out) => panic!("{text}: no error, gave {out:?}"),
        Err(e) => e,
    }
}

/// Line, column (0-based) and message of the error of `text`.
fn err_at(text: &str) -> (usize, usize, String) {
    let e = err(text);
    let (line, column) = e.position(text);
    (line, column, e.message)
}

/// Texts that Tera and the narrative language must print identically.
const SAME_AS_TERA: &[&str] = &[
    "Ngày {{ date | vn_date }}, {{ date | vn_date_long }}, {{ date | vn_date_padded }} {{ date }}",
    "**{{ tables.ho_so.sum.tong | vn_number }}** {{ tables.ho_so.sum.tong }} {{ 62.6 | vn_percent }}",
    "{{ tables.tien_do.status_count.XANH }}/{{ tables.tien_do.count }} {{ data_time }} {{ number }}",
    "{{ tables.tien_do.status_count['ĐỎ'] | default(value=0) }} {{ tables.tien_do.status_count['VÀNG'] }}",
    "{{ (tables.phu_xanh_xa.sum.xanh / tables.phu_xanh_xa.sum.so_xa * 100) | vn_percent }}",
    "{{ changes.label }}: {{ changes.status_shifts | length }}; {{ changes.tables.ho_so.sums.tong.delta | vn_number }}",
    "{% if changes.previous %}có {{ previous_date }}{% else %}đầu tiên{% endif %} {{ edition }}",
    "{% if edition > 2 %}a{% elif edition == 1 %}b{% else %}c{% endif %}",
    "{% if tables.nope %}a{% elif not tables.ho_so %}b{% endif %}.",
    "{% for s in changes.status_shifts %}{{ loop.index }}/{{ loop.index0 }} {{ s.entity }}: {{ s.from }} → {{ s.to }}{% if loop.first %} (first of {{ loop.length }}){% endif %}{% if not loop.last %}; {% endif %}{% endfor %}",
    "{% for x in changes.tables.ho_so.removed %}never{% endfor %}empty",
    "{{ 1 + 2 * 3 }} {{ (1 + 2) * 3 }} {{ 7 / 2 }} {{ 6 / 3 }} {{ 7 % 3 }} {{ -7 % 3 }} {{ 2.5 * 2 }} {{ 1 - -1 }}",
    "{{ -tables.ho_so.sum.tong }} {{ 10 - 2 - 3 }} {{ 2 * 3 | abs }} {{ -1.5 | abs }} {{ 0.1 + 0.2 }}",
    "{{ 1 < 2 }} {{ 2 <= 2 }} {{ 3 > 4 }} {{ 'a' < 'b' }} {{ 2 == 2.0 }} {{ 'a' != 'a' }} {{ none == none }}",
    "{{ 1 < 2 and 3 > 4 }} {{ 1 < 2 or x }} {{ none or 'x' }} {{ 0 and 1 }} {{ not 0 }} {{ not 1 == 2 }}",
    "{{ 'XANH' in tables.tien_do.status_count }} {{ 'XA' in 'XANH' }} {{ 'Hưng Yên' in changes.tables.ho_so.added }} {{ 'x' not in 'abc' }}",
    "{{ tables | length }} {{ 'ĐỎ' | length }} {{ 2.567 | round }} {{ 2.567 | round(precision=2) }} {{ 3 | round }}",
    "{{ 'Xanh đỏ' | upper }} {{ 'ĐỎ' | lower }} {{ (changes.status_shifts | first)['from'] }}",
    "{{ (changes.status_shifts | last)['entity'] }} {{ changes.status_shifts[0].entity }} {{ changes.status_shifts[-1].to }}",
    "{{ 7 | pad2 }} {{ 12 | pad2 }} {{ 1234.5 | vn_number(decimals=2) }} {{ 0.5 | vn_percent(decimals=0) }}",
    "{{ tables.ho_so.sum.nope | default(value='—') }} {{ tables['ho_so'].count }} {{ true }} {{ false }} {{ none }}",
    "a {{- 1 -}} b \n {%- if true -%} c {%- endif %} d {#- note -#} e {# gone #}f",
    "{% for x in changes.tables.ho_so.added %}{{ tables['ho_so'][x] | default(value=x) }}{% endfor %} {{ \"q\\\"uote\" }} {{ 'it\\'s' }}",
    "{{ tables.ho_so.sum.tong | vn_number }}/{{ tables.ho_so.sum.tt | vn_number }} {{ 3 | vn_number }} {{ 2.5 | vn_number }}",
];

#[test]
fn prints_what_tera_prints() {
    let mut tera = tera::Tera::new();
    crate::expressions::register_filters(&mut tera);
    let tera_context = tera::Context::from_serialize(&context()).unwrap();
    for text in SAME_AS_TERA {
        let expected = tera.render_str(text, &tera_context, false);
        let expected = expected.unwrap_or_else(|e| panic!("Tera fails on {text}: {e:?}"));
        assert_eq!(ok(text), expected, "{text}");
    }
}

#[test]
fn tables_are_gone_through_in_name_order() {
    // Tera's order is its hash map's; here it is always the same.
    assert_eq!(
        ok("{% for id, t in tables %}{{ id }}={{ t.count }} {% endfor %}"),
        "ho_so=3 phu_xanh_xa=34 tien_do=2 "
    );
    assert_eq!(
        ok(
            "{% for id, t in tables %}{% for c, v in t.sum %}{{ tables[id].sum[c] | vn_number }},{% endfor %}{% endfor %}"
        ),
        "6.610,1.200,5.410,3.321,2.078,"
    );
}

#[test]
fn text_without_markup_is_printed_as_written() {
    let text = "Có **3/4** tỉnh { } }} %} #} {x}";
    assert!(!super::has_markup(text));
    assert_eq!(ok(text), text);
    assert!(super::has_markup("a {# b #}"));
}

#[test]
fn a_bare_expression_prints_as_its_braces_would() {
    let c = context();
    assert_eq!(render_expression("tables.tien_do.count", &c).unwrap(), "2");
    assert_eq!(
        render_expression("tables.tien_do.status_count['ĐỎ'] | default(value=0)", &c).unwrap(),
        "0"
    );
    let e = render_expression("tables.tien_do.count }}{% for", &c).unwrap_err();
    assert_eq!(e.offset, 21);
    assert_eq!(e.message, "unexpected `}` in an expression");
}

#[test]
fn undefined_names_are_errors_that_say_what_is_there() {
    assert_eq!(
        err_at("a\nb {{ tables.ho_so.sum.tongg | vn_number }}"),
        (
            2,
            5,
            "`tables.ho_so.sum.tongg` is not defined: `tables.ho_so.sum` has no `tongg` (did you mean `tong`?)".into()
        )
    );
    assert_eq!(
        err_at("{{ tabels.x }}"),
        (
            1,
            3,
            "`tabels` is not defined (did you mean `tables`?)".into()
        )
    );
    assert_eq!(
        err_at("{{ zzz }}").2,
        "`zzz` is not defined; the names are `changes`, `data_time`, `date`, `edition`, `number`, `previous_date`, `tables`"
    );
    assert_eq!(
        err_at("{{ tables.nope.count | default(value=0) }}"),
        (1, 3, "`tables.nope` is not defined: `tables` has no `nope`; it has `ho_so`, `phu_xanh_xa`, `tien_do`".into())
    );
    assert_eq!(
        err_at("{{ changes.status_shifts[5] }}").2,
        "`changes.status_shifts[5]` is not defined: `changes.status_shifts` has no `5`: it is a list of 2 items"
    );
    assert_eq!(
        err_at("{{ date.year }}").2,
        "`date.year` is not defined: `date` has no `year`: it is a text"
    );
    assert_eq!(err_at("{{ 1 + nope }}").1, 7);
    assert_eq!(err_at("{% for x in nope %}{% endfor %}").1, 12);
    assert_eq!(
        err_at("{% for x in changes.status_shifts %}{{ loop.size }}{% endfor %}").1,
        39
    );
}

#[test]
fn values_that_cannot_be_used_are_errors_at_their_place() {
    assert_eq!(
        err_at("{{ tables }}"),
        (1, 3, "`tables` is a table of names, which cannot be printed: print one of its fields, or `| length`".into())
    );
    assert_eq!(
        err_at("x {{ date | vn_number }}"),
        (1, 5, "`vn_number` needs a number, but gets a text".into())
    );
    assert_eq!(
        err_at("{{ 1 | vn_number(decimals='x') }}"),
        (
            1,
            26,
            "the number of decimals must be a whole number from 0 to 15, not x".into()
        )
    );
    assert_eq!(
        err_at("{{ number | vn_date }}").2,
        "`2-BC/TN` is not a date (YYYY-MM-DD)"
    );
    assert_eq!(
        err_at("{{ 'a' + 'b' }}"),
        (
            1,
            3,
            "`+` works on numbers only, but `'a'` is a text".into()
        )
    );
    assert_eq!(err_at("{{ 3 * 'ab' }}").1, 7);
    assert_eq!(
        err_at("{{ 1 / (2 - 2) }}").2,
        "division by zero: `2 - 2` is 0"
    );
    assert_eq!(err_at("{{ 1 < 'a' }}").1, 3);
    assert_eq!(err_at("{{ tables == 1 }}").1, 3);
    assert_eq!(err_at("{{ 'a' in 3 }}").1, 10);
    assert_eq!(
        err_at("{% for k, v in changes.status_shifts %}{% endfor %}").2,
        "`changes.status_shifts` is a list: write `{% for v in changes.status_shifts %}`"
    );
    assert_eq!(
        err_at("{% for v in tables %}{% endfor %}").2,
        "`tables` is a table of names: write `{% for name, v in tables %}`"
    );
}

#[test]
fn syntax_errors_point_at_the_token() {
    assert_eq!(err_at("{{ }}").1, 3);
    assert_eq!(err_at("{{ a b }}").2, "expected `}}`, found `b`");
    assert_eq!(
        err_at("{{ a. }}").2,
        "expected a name after `.`, found `}}`"
    );
    assert_eq!(err_at("{{ a[1 }}").2, "expected `]`, found `}}`");
    assert_eq!(err_at("{{ (1 }}").1, 6);
    assert_eq!(
        err_at("{{ not not a }}"),
        (
            1,
            7,
            "`-` and `not` cannot follow each other; use parentheses".into()
        )
    );
    assert_eq!(err_at("{{ - -1 }}").1, 5);
    assert_eq!(
        err_at("{{ a not b }}").2,
        "`not` here must be followed by `in` (`x not in list`)"
    );
    assert_eq!(err_at("{{ a if b else c }}").2, "expected `}}`, found `if`");
    assert_eq!(err_at("{{ (a).b }}").2, "expected `}}`, found `.`");
    assert_eq!(
        err_at("{{ a[b[c[d[e[f]]]]] }}"),
        (
            1,
            12,
            "at most 4 `[…]` may be written inside each other".into()
        )
    );
    assert_eq!(err_at("{{ a ** 2 }}").1, 6);
    assert_eq!(err_at("{{ a // 2 }}").1, 6);
    assert_eq!(
        err_at("{{ x | round(2) }}").2,
        "filter arguments are written `name=value`; `round` takes `precision`"
    );
    assert_eq!(
        err_at("{{ x | vn_number(digits=2) }}"),
        (
            1,
            17,
            "`vn_number` has no argument `digits`; it takes `decimals`".into()
        )
    );
    assert_eq!(
        err_at("{{ x | default }}"),
        (
            1,
            7,
            "`default` needs its argument: `default(value=…)`".into()
        )
    );
    assert_eq!(
        err_at("{{ x | default(value=1, value=2) }}").2,
        "`value` is given twice"
    );
    assert_eq!(err_at("{% for loop in a %}{% endfor %}").1, 7);
}

#[test]
fn only_the_tags_and_filters_of_the_language_exist() {
    assert_eq!(
        err_at("a\n  {% set_global s = s ~ s %}"),
        (2, 5, "unknown tag `set_global`: narrative text has only the tags if, elif, else, endif, for, endfor".into())
    );
    for tag in [
        "set",
        "include \"x\"",
        "macro m()",
        "raw",
        "block b",
        "extends \"x\"",
        "filter upper",
    ] {
        assert!(
            err(&format!("{{% {tag} %}}"))
                .message
                .starts_with("unknown tag"),
            "{tag}"
        );
    }
    assert_eq!(
        err_at("{{ date | replace(from='2', to='22') }}"),
        (1, 10, "unknown filter `replace`: the filters are vn_number, vn_percent, pad2, vn_date, vn_date_padded, vn_date_long, default, length, round, abs, upper, lower, first, last".into())
    );
    // The whole name is marked.
    let e = err("{{ date | replace(from='2', to='22') }}");
    assert_eq!(
        e.end_position("{{ date | replace(from='2', to='22') }}"),
        (1, 17)
    );
    for filter in [
        "safe",
        "escape",
        "join",
        "split",
        "wordcount",
        "json_encode",
        "indent",
    ] {
        assert!(
            err(&format!("{{{{ x | {filter} }}}}"))
                .message
                .starts_with("unknown filter"),
            "{filter}"
        );
    }
    assert_eq!(err_at("{{ range(end=5) }}").2, "expected `}}`, found `(`");
}

#[test]
fn blocks_must_close_and_match() {
    assert_eq!(
        err_at("a {% if x %}b"),
        (1, 5, "`{% if %}` is not closed with `{% endif %}`".into())
    );
    assert_eq!(
        err_at("{% for x in y %}").2,
        "`{% for %}` is not closed with `{% endfor %}`"
    );
    assert_eq!(
        err_at("{% if x %}{% endfor %}").2,
        "`{% endfor %}` where `{% endif %}` was expected"
    );
    assert_eq!(
        err_at("x {% endif %}"),
        (1, 5, "`{% endif %}` without an open `{% if %}`".into())
    );
    assert_eq!(
        err_at("{% else %}").2,
        "`{% else %}` without an open `{% if %}`"
    );
    assert_eq!(
        err_at("{% if a %}{% else %}{% elif b %}{% endif %}").2,
        "`{% elif %}` where `{% endif %}` was expected"
    );
    assert_eq!(err_at("{% if a %}{% endif x %}").1, 19);
    assert_eq!(
        err_at("{% %}").2,
        "expected a tag name (if, elif, else, endif, for, endfor), found `%}`"
    );
    assert_eq!(
        err_at("{{ a %}"),
        (1, 5, "`{{` is closed with `}}`, not `%}`".into())
    );
    assert_eq!(
        err_at("{% if a }}"),
        (1, 8, "`{%` is closed with `%}`, not `}}`".into())
    );
    assert_eq!(err_at("{{ 'a }}").2, "the string is not closed with `'`");
}
