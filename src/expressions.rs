//! What narrative expressions (`{{ tables.ho_so.sum.tong | vn_number }}`) see: the day's
//! context and the Vietnamese formatting filters. Shared by the stages that evaluate them, the
//! document rules and rendering, so neither borrows it from the other.

use tera::{Context, Kwargs, State, Tera};

use crate::archive::Day;
use crate::derive::{DayChanges, DerivedDay};
use crate::vn;

/// What `{{ … }}` in the narrative can use.
pub fn narrative_context(day: &Day, derived: &DerivedDay, changes: &DayChanges) -> Context {
    let mut context = Context::new();
    context.insert("date", &day.date.format("%Y-%m-%d").to_string());
    context.insert("data_time", &day.file.data_time);
    context.insert("number", &day.file.number);
    context.insert("edition", &day.edition);
    context.insert("tables", &derived.tables);
    context.insert("previous_date", &changes.previous);
    context.insert("changes", changes);
    context
}

/// Registers the Vietnamese formatting filters, also used in narrative expressions.
pub fn register_filters(tera: &mut Tera) {
    tera.register_filter("vn_number", |x: f64, kwargs: Kwargs, _: &State| {
        let decimals: Option<u8> = kwargs.get("decimals").ok().flatten();
        match decimals {
            Some(d) => vn::decimal(x, d),
            None if x.fract() == 0.0 => vn::integer(x as i64),
            None => vn::decimal(x, vn::natural_decimals(x)),
        }
    });
    tera.register_filter("vn_percent", |x: f64, kwargs: Kwargs, _: &State| {
        let decimals: u8 = kwargs.get("decimals").ok().flatten().unwrap_or(1);
        vn::percent(x, decimals)
    });
    tera.register_filter("pad2", |x: i64, _: Kwargs, _: &State| format!("{x:02}"));
    for (name, format) in [
        ("vn_date", vn::date as fn(chrono::NaiveDate) -> String),
        ("vn_date_padded", vn::date_padded),
        ("vn_date_long", vn::date_long),
    ] {
        tera.register_filter(name, move |x: &str, _: Kwargs, _: &State| {
            vn::parse_date(x)
                .map(format)
                .ok_or_else(|| tera::Error::message(format!("`{x}` is not a date (YYYY-MM-DD)")))
        });
    }
}
