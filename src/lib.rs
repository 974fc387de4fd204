//! daybrief: a static site generator for daily briefing publications.
//!
//! The build is a pipeline, one module per stage, data in and data out:
//! [`load`] → [`check`] → [`derive`] → [`document_rules`] → [`chart`] → [`render`] →
//! [`publish`]. No stage imports a later one; what two stages share sits below them
//! ([`day_path`], [`expressions`], [`narrative_lang`]).
//! [`site::run`] runs it.

pub mod archive;
pub mod cache;
pub mod cell;
pub mod chart;
pub mod chart_data;
pub mod check;
pub mod day_path;
mod defaults;
pub mod derive;
pub mod document_rules;
pub mod editor_schema;
pub mod entity;
pub mod error;
pub mod expressions;
mod fsutil;
pub mod ident;
pub mod import;
pub mod load;
pub mod model;
pub mod narrative_lang;
pub mod newday;
pub mod notes;
pub mod progress;
pub mod publish;
pub mod render;
pub mod sample;
mod sealed;
pub mod series;
pub mod serve;
pub mod sha;
pub mod site;
pub mod suggest;
pub mod text;
mod totals;
pub mod vn;
mod yaml;

pub use error::{Diagnostic, Error, Report, Severity};
