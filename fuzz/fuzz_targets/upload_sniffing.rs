//! Uploaded CVs and cover letters judged by their bytes (`domain::documents::check`: magic numbers, ZIP
//! directories and what they really unpack to) and their names cleaned (`clean_filename`). The first byte picks
//! the name the file is sent under, the rest is the file.
#![no_main]

use domain::documents::{check, clean_filename, DocKind};
use libfuzzer_sys::fuzz_target;

const NAMES: [&str; 6] = ["cv.pdf", "cv.doc", "CV.DOCX", "søknad.odt", "cv.txt", "cv"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else { return };
    let name = NAMES[pick as usize % NAMES.len()];
    if let Ok(kind) = check(name, bytes) {
        assert!(!bytes.is_empty());
        if kind == DocKind::Pdf {
            assert!(bytes.starts_with(b"%PDF-"));
        }
    }
    // The same bytes as a (lossy) file name, as a browser might send one.
    let cleaned = clean_filename(&String::from_utf8_lossy(bytes), DocKind::Pdf);
    assert!(!cleaned.is_empty() && cleaned.chars().count() <= 120);
    assert!(!cleaned.contains(['/', '\\', '"', ';']) && !cleaned.chars().any(char::is_control), "{cleaned:?}");
});
