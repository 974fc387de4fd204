//! Terminal output of the command line: the progress bar and the messages of `serve`.

mod import_report;
mod progress_bar;
mod serve_report;

pub use import_report::import;
pub use progress_bar::TerminalProgress;
pub use serve_report::ServeReport;
