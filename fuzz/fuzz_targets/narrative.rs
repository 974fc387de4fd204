//! The fuzzer's bytes, as UTF-8, are a narrative text (and a figure rule's expression),
//! evaluated with the context of a real day.
#![no_main]

use daybrief_fuzz::check_narrative;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    if let Ok(text) = std::str::from_utf8(bytes) {
        check_narrative(text);
    }
});
