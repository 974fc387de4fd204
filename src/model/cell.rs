//! A table cell as written in YAML, before it is typed against its column.

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

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
        f.write_str("a single value (text, number or ~), not a list or a mapping")
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
