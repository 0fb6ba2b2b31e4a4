//! The text of an uploaded PDF (`app::cv_text::read_bounded`), in this process, with the limits the server
//! uses (inflated bytes, objects, pages). That it stays within memory and time is what the runner's
//! `-rss_limit_mb` and `-timeout` check (`.ci/run`, README "Fuzzing").
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(
    init: {
        // The parser panics on odd files and `read_bounded` catches that ("no text"), as in the server; libFuzzer's
        // hook would abort on the caught panic. A panic that escapes still aborts the run (libfuzzer-sys), and a
        // stack overflow or an allocation past the limit is still a crash.
        std::panic::set_hook(Box::new(|_| {}));
    },
    |pdf: &[u8]| {
        let _ = app::cv_text::read_bounded(pdf);
    }
);
