//! The public apply form's multipart reader (`web::fuzzing::read_apply_form`, what `POST …/apply` reads with no
//! sign-in): fields, files streamed with their size limit, NULs in file names. The first line of the input is
//! the boundary, the rest the body.
#![no_main]

use libfuzzer_sys::fuzz_target;
use web::fuzzing::{read_apply_form, FormReading};

fuzz_target!(|data: &[u8]| {
    let (boundary, body) = match data.iter().position(|b| *b == b'\n') {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (&b"XyZ"[..], data),
    };
    let content_type = format!("multipart/form-data; boundary={}", String::from_utf8_lossy(boundary));
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    let reading = runtime.block_on(read_apply_form(&content_type, body.to_vec()));
    if let FormReading::Read { files, .. } = reading {
        assert!(files.iter().all(|(field, name)| ["cv", "cover_letter"].contains(field) && !name.contains('\0')));
    }
});
