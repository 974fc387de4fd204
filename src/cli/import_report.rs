//! What `daybrief import` prints: the change to the day file, then one line saying what was
//! done (or that nothing was written without `--write`).

use std::path::PathBuf;

use daybrief::Error;
use daybrief::import::{self, ImportOptions, SourceFile};

/// Runs `daybrief import` and prints its outcome.
pub fn import(
    date: chrono::NaiveDate,
    table: String,
    file: PathBuf,
    sheet: Option<String>,
    write: bool,
    content: PathBuf,
) -> Result<(), Error> {
    let source = if file.as_os_str() == "-" {
        SourceFile::Stdin
    } else {
        SourceFile::Path(file)
    };
    let options = ImportOptions {
        content,
        date,
        table,
        source,
        sheet,
        write,
    };
    let done = import::import(&options)?;
    for skipped in &done.skipped {
        println!("left out {skipped}");
    }
    print!("{}", done.diff);
    let file = done.day_file.display();
    let rows = done.rows;
    if done.diff.is_empty() {
        println!(
            "{file} already holds these {rows} row(s) of `{}`; nothing to write",
            options.table
        );
    } else if done.written {
        println!(
            "wrote {rows} row(s) of `{}` into {file}; run `daybrief check`",
            options.table
        );
    } else {
        println!(
            "{rows} row(s) of `{}` read; nothing was written: run again with --write to update {file}",
            options.table
        );
    }
    Ok(())
}
