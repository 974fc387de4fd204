//! The fuzzer's first byte picks the base fixture's publication file or one of its table
//! schemas; the other bytes are that file.
#![no_main]

use daybrief_fuzz::{Replaced, check_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let Some((&selector, bytes)) = input.split_first() else {
        return;
    };
    check_with(Replaced::publication_or_schema(selector), bytes);
});
