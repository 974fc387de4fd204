//! Stage 4, **chart**: SVG charts drawn at build time.
//! Data in: the archive and derived figures. Data out: [`Charts`], SVG text by day and name.
//!
//! No chart kinds are declared yet (see the charts issue); the stage exists so the pipeline's
//! shape does not change when they arrive.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::archive::Archive;
use crate::derive::Derived;

/// Drawn charts, keyed by day and chart name.
#[derive(Debug, Clone, Default)]
pub struct Charts {
    /// SVG documents.
    pub svg: BTreeMap<(NaiveDate, String), String>,
}

/// Draws every declared chart for every day.
pub fn draw(_archive: &Archive, _derived: &Derived) -> Charts {
    Charts::default()
}
