//! The data format: what staff write, as serde types. Every struct denies unknown fields so a
//! typo is an error with a suggestion, never silently ignored.

pub mod cell;
pub mod chart;
pub mod day;
mod json_schema;
pub mod publication;
pub mod rules;
pub mod schema;

mod spanned;

pub use spanned::{Place, Spanned};
