//! What narrative expressions (`{{ tables.ho_so.sum.tong | vn_number }}`) see: the day's
//! context, and the Vietnamese formatting filters that page templates share with the narrative
//! language (`narrative_lang`). Shared by the stages that evaluate them, the document rules and
//! rendering, so neither borrows it from the other.

use serde::Serialize;
use serde_json::{Map, Value};
use tera::{Kwargs, State, Tera};

use crate::archive::Day;
use crate::derive::{DayChanges, DerivedDay};
use crate::vn;

/// What `{{ … }}` in the narrative can use.
pub fn narrative_context(day: &Day, derived: &DerivedDay, changes: &DayChanges) -> Value {
    let mut context = Map::new();
    let mut insert = |name: &str, value: Value| context.insert(name.to_owned(), value);
    insert("date", json(&day.date.format("%Y-%m-%d").to_string()));
    insert("data_time", json(&day.file.data_time));
    insert("number", json(&day.file.number));
    insert("edition", json(&day.edition));
    insert("tables", json(&derived.tables));
    insert("previous_date", json(&changes.previous));
    insert("changes", json(changes));
    Value::Object(context)
}

/// Plain data (strings, numbers, maps with string keys) always serialises; null is only a
/// fallback that cannot be reached.
fn json(value: &impl Serialize) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// `vn_number`: 3.321, or with `decimals` a fixed number of decimals (1.234,5).
pub fn vn_number(x: f64, decimals: Option<u8>) -> String {
    match decimals {
        Some(d) => vn::decimal(x, d),
        None if x.fract() == 0.0 => vn::integer(x as i64),
        None => vn::decimal(x, vn::natural_decimals(x)),
    }
}

/// Registers the Vietnamese formatting filters for the page templates.
pub fn register_filters(tera: &mut Tera) {
    tera.register_filter("vn_number", |x: f64, kwargs: Kwargs, _: &State| {
        vn_number(x, kwargs.get("decimals").ok().flatten())
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
