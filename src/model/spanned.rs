//! A value with where it was written. YAML gives the place (through `serde_saphyr`'s own
//! span-aware wrapper); the parsed-day cache (`load::parsed`) keeps it, in a binary format.
//! `serde_saphyr::Spanned` serialises its value alone, so a day read back from the cache would
//! lose every line number its diagnostics point to: hence this type.

use serde::de::{Deserialize, Deserializer};
use serde::ser::{Serialize, SerializeTuple, Serializer};

/// A value and its place in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    /// The value.
    pub value: T,
    /// Where the value is written (for an alias, where it is used).
    pub referenced: Place,
    /// Where the value is defined (for an alias, its anchor).
    pub defined: Place,
}

impl<T> Spanned<T> {
    /// A value with its places.
    pub const fn new(value: T, referenced: Place, defined: Place) -> Self {
        Spanned {
            value,
            referenced,
            defined,
        }
    }
}

/// A line and column, counted from 1; 0 when unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Place {
    line: u32,
    column: u32,
}

impl Place {
    /// A place not known.
    pub const UNKNOWN: Place = Place { line: 0, column: 0 };

    /// The line, from 1.
    pub fn line(&self) -> u64 {
        u64::from(self.line)
    }

    /// The column, from 1.
    pub fn column(&self) -> u64 {
        u64::from(self.column)
    }
}

impl From<serde_saphyr::Location> for Place {
    fn from(location: serde_saphyr::Location) -> Place {
        let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
        Place {
            line: clamp(location.line()),
            column: clamp(location.column()),
        }
    }
}

/// Human-readable formats (YAML) read the place from `serde_saphyr`'s wrapper; a binary format
/// (the parsed-day cache) reads the value and both places as a triple.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if deserializer.is_human_readable() {
            let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
            Ok(Spanned::new(
                spanned.value,
                spanned.referenced.into(),
                spanned.defined.into(),
            ))
        } else {
            let (value, referenced, defined) = <(T, Place, Place)>::deserialize(deserializer)?;
            Ok(Spanned::new(value, referenced, defined))
        }
    }
}

/// The value alone for human-readable formats (template contexts, JSON), as `serde_saphyr`
/// does; the value and both places for a binary format.
impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            self.value.serialize(serializer)
        } else {
            let mut triple = serializer.serialize_tuple(3)?;
            triple.serialize_element(&self.value)?;
            triple.serialize_element(&self.referenced)?;
            triple.serialize_element(&self.defined)?;
            triple.end()
        }
    }
}

impl<T: schemars::JsonSchema> schemars::JsonSchema for Spanned<T> {
    fn inline_schema() -> bool {
        T::inline_schema()
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        T::schema_name()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        T::json_schema(generator)
    }
}
