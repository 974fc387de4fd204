//! A table cell as written in YAML, before it is typed against its column.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

/// A raw scalar from a table row.
#[derive(Debug, Clone, PartialEq)]
pub enum CellInput {
    /// `~` or empty: the value is missing.
    Null,
    /// A YAML boolean (never valid in a table, kept for the error message).
    Bool(bool),
    /// A YAML integer.
    Int(i64),
    /// A YAML float.
    Float(f64),
    /// A string (quoted or plain).
    Str(String),
    /// `{ colspan: 6, value: "…" }`: one value over this column and the next ones;
    /// `{ rowspan: 3, value: "…" }`: over this column of this row and the next ones.
    Spanning {
        /// The value.
        value: Box<CellInput>,
        /// Columns covered, this one included (1 when it spans rows only).
        columns: u16,
        /// Rows covered, this one included (1 when it spans columns only).
        rows: u16,
    },
}

impl CellInput {
    /// How the value reads in an error message.
    pub fn describe(&self) -> String {
        match self {
            CellInput::Null => "a missing value (~)".into(),
            CellInput::Bool(b) => format!("the boolean `{b}`"),
            CellInput::Int(i) => format!("the integer `{i}`"),
            CellInput::Float(f) => format!("the number `{f}`"),
            CellInput::Str(s) => format!("the text \"{s}\""),
            CellInput::Spanning {
                value,
                columns,
                rows,
            } => {
                format!(
                    "{} over {columns} column(s) and {rows} row(s)",
                    value.describe()
                )
            }
        }
    }
}

/// Written as YAML would give it back to [`CellVisitor`] (the parsed-day cache reads it so).
impl Serialize for CellInput {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            CellInput::Null => serializer.serialize_unit(),
            CellInput::Bool(b) => serializer.serialize_bool(*b),
            CellInput::Int(i) => serializer.serialize_i64(*i),
            CellInput::Float(f) => serializer.serialize_f64(*f),
            CellInput::Str(s) => serializer.serialize_str(s),
            CellInput::Spanning {
                value,
                columns,
                rows,
            } => {
                let mut map = serializer.serialize_map(Some(2))?;
                map.serialize_entry("value", value)?;
                if *rows > 1 {
                    map.serialize_entry("rowspan", rows)?;
                } else {
                    map.serialize_entry("colspan", columns)?;
                }
                map.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for CellInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(CellVisitor)
    }
}

struct CellVisitor;

impl<'de> Visitor<'de> for CellVisitor {
    type Value = CellInput;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(
            "a single value (text, number or ~), or `{ colspan: N, value: … }` or `{ rowspan: N, value: … }`, not a list",
        )
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<CellInput, A::Error> {
        let mut value: Option<CellInput> = None;
        let mut columns: Option<u16> = None;
        let mut rows: Option<u16> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "value" => value = Some(map.next_value()?),
                "colspan" => columns = Some(map.next_value()?),
                "rowspan" => rows = Some(map.next_value()?),
                other => {
                    return Err(de::Error::unknown_field(
                        other,
                        &["colspan", "rowspan", "value"],
                    ));
                }
            }
        }
        let value = value.ok_or_else(|| de::Error::missing_field("value"))?;
        let (columns, rows) = match (columns, rows) {
            (Some(c), None) if c >= 2 => (c, 1),
            (None, Some(r)) if r >= 2 => (1, r),
            (None, None) => return Err(de::Error::missing_field("colspan")),
            (Some(_), Some(_)) => {
                return Err(de::Error::custom(
                    "a cell spans either columns (`colspan`) or rows (`rowspan`), not both",
                ));
            }
            _ => {
                return Err(de::Error::custom(
                    "`colspan` and `rowspan` count the columns or rows covered, at least 2",
                ));
            }
        };
        if matches!(value, CellInput::Spanning { .. }) {
            return Err(de::Error::custom(
                "a spanning cell's `value` is a single value",
            ));
        }
        Ok(CellInput::Spanning {
            value: Box::new(value),
            columns,
            rows,
        })
    }
    fn visit_unit<E: de::Error>(self) -> Result<CellInput, E> {
        Ok(CellInput::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<CellInput, E> {
        Ok(CellInput::Null)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<CellInput, E> {
        Ok(CellInput::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<CellInput, E> {
        Ok(CellInput::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<CellInput, E> {
        i64::try_from(v)
            .map(CellInput::Int)
            .map_err(|_| E::custom("integer too large"))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<CellInput, E> {
        Ok(CellInput::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<CellInput, E> {
        Ok(CellInput::Str(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<CellInput, E> {
        Ok(CellInput::Str(v))
    }
}
