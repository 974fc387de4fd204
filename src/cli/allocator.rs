//! The allocator: mimalloc, told to return memory freed sooner than by default.

/// mimalloc rather than glibc's allocator: a build frees and allocates millions of small
/// values (each window of days typed, rendered and dropped), and glibc's free lists then cost
/// a quarter of the time (README, "Benchmark"). Built with `no_thp`: asked for transparent huge
/// pages, the kernel zeroed 2 MB at each first touch, and a build that adds a day held 46 MB
/// more (README, "No transparent huge pages").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// How long mimalloc keeps memory freed before it returns it to the system, in milliseconds.
/// Its default, a second, outlasts a build that adds a day, so every page that build ever used
/// stayed counted: at 50 ms adding a real-size day peaks some 45 MB lower at the same CPU time
/// (README, "Freed memory returned after 50 ms").
const PURGE_DELAY_MS: std::ffi::c_long = 50;

/// `mi_option_purge_delay` of mimalloc 3's `mi_option_t` (mimalloc.h), which the bindings do
/// not name.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets mimalloc's options; called first thing in `main`.
pub fn tune() {
    // SAFETY: mimalloc's options may be set at any time, from any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, PURGE_DELAY_MS) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_set_is_mimallocs_purge_delay() {
        // SAFETY: reading an option.
        let get = || unsafe { libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY) };
        // Only the purge delay defaults to a second (mimalloc 3's options.c).
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(get(), 1000);
        }
        tune();
        assert_eq!(get(), PURGE_DELAY_MS);
    }
}
