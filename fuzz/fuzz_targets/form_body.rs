//! Urlencoded forms read by hand (`web`'s `FormBody`: indexed, repeated and prefixed fields), as every staff
//! form with rows sends them.
#![no_main]

use libfuzzer_sys::fuzz_target;
use web::fuzzing::{FormBody, INDEX_LIMIT};

fuzz_target!(|body: &[u8]| {
    let form = FormBody::parse(body);
    let rows = form.indexed("step_name");
    assert!(rows.windows(2).all(|w| w[0].0 < w[1].0), "indices sorted, each once");
    assert!(rows.iter().all(|(i, _)| *i < INDEX_LIMIT));
    let _ = (form.get("candidate"), form.has("consent"), form.all("candidate").count());
    let _ = (form.numbered("rating", 3), form.prefixed("field_"));
});
