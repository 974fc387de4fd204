//! The command line's own parts: its allocator, and its terminal output (the progress bar and
//! the messages of `serve` and `import`).

pub mod allocator;
mod import_report;
mod progress_bar;
mod serve_report;

pub use import_report::import;
pub use progress_bar::TerminalProgress;
pub use serve_report::ServeReport;
