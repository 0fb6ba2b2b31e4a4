//! Bounds on the work of reading one PDF, checked before the parser is trusted with it. A PDF's streams are
//! usually Flate-compressed, and a 3 MB file can inflate to gigabytes (the security review's "Flate bomb" aborted
//! the server). The parser inflates without limit, so every stream is inflated here first into a counting sink
//! that stops at a budget: once in the raw file (object streams are inflated while the document loads), and once
//! more over the loaded document (an encrypted file's streams can only be inflated after decryption).

use std::io::Read;

use lopdf::{Document, Object, ObjectId};

/// Inflated bytes one PDF may hold in all its streams: a CV with fonts and photos holds a few megabytes.
pub const MAX_INFLATED_BYTES: u64 = 64 * 1024 * 1024;
/// Objects one PDF may hold: a long CV has a few hundred, a 24-page one with fonts a few thousand.
pub const MAX_OBJECTS: usize = 100_000;
/// Pages whose text is read: enough for any CV.
pub const MAX_PAGES: usize = 200;

/// `/Parent` links followed up from a page: a real page tree is a few levels deep. The parser follows them
/// recursively without noticing a cycle, and a page that is its own parent overflowed the stack (found by the
/// `cv_text` fuzz target): that is no error to catch, it ends the process.
pub const MAX_PARENT_DEPTH: usize = 64;

/// Why a PDF is not read.
#[derive(Debug, PartialEq, Eq)]
pub enum OverLimit {
    Inflated,
    Objects,
    Pages,
    /// A page's `/Parent` chain is a cycle or deeper than `MAX_PARENT_DEPTH`.
    ParentChain,
}

/// Inflates every `stream … endstream` of the raw file into a counting sink, stopping past the budget, and
/// counts the objects (`obj` keywords). Streams that are not Flate (images, other filters) count nothing.
pub fn check_raw(bytes: &[u8]) -> Result<(), OverLimit> {
    let mut budget = Budget::new();
    if count(bytes, b"endobj") > MAX_OBJECTS {
        return Err(OverLimit::Objects);
    }
    let mut rest = bytes;
    while let Some(start) = find(rest, b"stream") {
        let after = &rest[start + b"stream".len()..];
        let data = after.strip_prefix(b"\r\n").or_else(|| after.strip_prefix(b"\n")).unwrap_or(after);
        let end = find(data, b"endstream").unwrap_or(data.len());
        budget.inflate(&data[..end])?;
        rest = &data[end..];
        if let Some(skip) = rest.get(b"endstream".len()..) {
            rest = skip;
        }
    }
    Ok(())
}

/// The same budget over a loaded (and decrypted) document's streams, plus its object and page counts.
pub fn check_document(doc: &Document) -> Result<(), OverLimit> {
    if doc.objects.len() > MAX_OBJECTS {
        return Err(OverLimit::Objects);
    }
    let pages = doc.get_pages();
    if pages.len() > MAX_PAGES {
        return Err(OverLimit::Pages);
    }
    for page in pages.values() {
        check_parents(doc, *page)?;
    }
    let mut budget = Budget::new();
    for object in doc.objects.values() {
        if let Object::Stream(stream) = object {
            let flate = stream.filters().is_ok_and(|f| f.iter().any(|f| *f == b"FlateDecode"));
            if flate {
                budget.inflate(&stream.content)?;
            }
        }
    }
    Ok(())
}

/// Follows `/Parent` from `page` the way the parser does (a reference to a dictionary), at most
/// `MAX_PARENT_DEPTH` times.
fn check_parents(doc: &Document, page: ObjectId) -> Result<(), OverLimit> {
    let Ok(mut dict) = doc.get_dictionary(page) else { return Ok(()) };
    for _ in 0..MAX_PARENT_DEPTH {
        let parent = dict.get(b"Parent").and_then(|p| p.as_reference()).and_then(|id| doc.get_dictionary(id));
        match parent {
            Ok(next) => dict = next,
            Err(_) => return Ok(()),
        }
    }
    Err(OverLimit::ParentChain)
}

/// What is left to inflate of one file.
struct Budget {
    left: u64,
}

impl Budget {
    fn new() -> Budget {
        Budget { left: MAX_INFLATED_BYTES }
    }

    /// Inflates `data` (zlib) as far as it goes, without keeping any of it; a stream that is not zlib, or is
    /// cut off, counts what it gave before the error.
    fn inflate(&mut self, data: &[u8]) -> Result<(), OverLimit> {
        let mut decoder = flate2::read::ZlibDecoder::new(data).take(self.left + 1);
        let mut sink = [0u8; 16 * 1024];
        let mut produced: u64 = 0;
        loop {
            match decoder.read(&mut sink) {
                Ok(0) | Err(_) => break,
                Ok(n) => produced += n as u64,
            }
        }
        if produced > self.left {
            return Err(OverLimit::Inflated);
        }
        self.left -= produced;
        Ok(())
    }
}

// memchr's searchers, not `windows()`: comparing a window at every byte was 11 % of reading a long CV.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(haystack, needle)
}

fn count(haystack: &[u8], needle: &[u8]) -> usize {
    memchr::memmem::find_iter(haystack, needle).count()
}

#[cfg(test)]
pub(crate) mod tests {
    use std::io::Write;

    use super::*;

    pub(crate) use crate::demo::pdf::deflated as pdf_with_inflating_stream;

    #[test]
    fn a_stream_inflating_past_the_budget_is_refused_without_being_kept() {
        let bomb = pdf_with_inflating_stream("x", MAX_INFLATED_BYTES as usize + 1024 * 1024);
        assert!(bomb.len() < 1024 * 1024, "the bomb is small: {} bytes", bomb.len());
        assert_eq!(check_raw(&bomb), Err(OverLimit::Inflated));
    }

    #[test]
    fn streams_within_the_budget_pass_and_their_sizes_add_up() {
        assert_eq!(check_raw(&pdf_with_inflating_stream("x", 1024 * 1024)), Ok(()));
        let mut budget = Budget::new();
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        z.write_all(&vec![b'x'; (MAX_INFLATED_BYTES / 2) as usize]).expect("compress");
        let half = z.finish().expect("compress");
        assert_eq!(budget.inflate(&half), Ok(()));
        assert_eq!(budget.inflate(&half), Ok(()), "exactly the budget");
        assert_eq!(budget.inflate(b"x\x9c\x03\x00\x00\x00\x00\x01"), Ok(()), "an empty stream costs nothing");
        assert_eq!(budget.inflate(&half), Err(OverLimit::Inflated), "past it");
    }

    #[test]
    fn too_many_objects_are_refused() {
        let many = b"1 0 obj null endobj\n".repeat(MAX_OBJECTS + 1);
        assert_eq!(check_raw(&many), Err(OverLimit::Objects));
    }

    #[test]
    fn a_page_that_is_its_own_parent_is_refused() {
        let cycle = include_bytes!("../../tests/fixtures/parent-cycle.pdf");
        let doc = Document::load_mem(cycle).expect("it loads");
        assert_eq!(check_document(&doc), Err(OverLimit::ParentChain));
        let fine = Document::load_mem(include_bytes!("../../tests/fixtures/cv.pdf")).expect("it loads");
        assert_eq!(check_document(&fine), Ok(()));
    }

    #[test]
    fn non_flate_and_broken_streams_count_nothing() {
        assert_eq!(check_raw(b"stream\nnot zlib at all\nendstream stream\n"), Ok(()));
    }
}
