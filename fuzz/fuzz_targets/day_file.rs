//! The fuzzer's bytes are the day file `2025/08/09.yaml` of the base fixture.
#![no_main]

use daybrief_fuzz::{Replaced, check_with};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    check_with(Replaced::Day, bytes);
});
