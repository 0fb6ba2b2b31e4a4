//! Tests of the real `ansett` binary, one test binary for all of them: one module per area, `support/` once (a new
//! area is `tests/ansett/<area>.rs` plus a `mod` line here, never a new `tests/*.rs`, which links on its own).
//! One area: `cargo nextest run -p ansett --test ansett <area>::`.

mod support;

mod backup;
mod cli;
mod cv_text;
mod demo;
mod durability;
mod metrics;
mod s3_start;
mod search_equivalence;
mod two_servers;
