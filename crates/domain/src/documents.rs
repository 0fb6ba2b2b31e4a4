//! Uploaded documents (CV, cover letter) are judged by their bytes, not their names: a file must really be the
//! PDF, DOC, DOCX or ODT its name says, and a ZIP-based document must not unpack into something huge.

use std::io::Cursor;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
/// A real document unpacks to a few megabytes; a zip bomb to gigabytes.
const MAX_UNPACKED: u64 = 100 * 1024 * 1024;
const MAX_RATIO: u64 = 100;
const MAX_ENTRIES: usize = 2_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Pdf,
    Doc,
    Docx,
    Odt,
}

impl DocKind {
    pub fn content_type(self) -> &'static str {
        match self {
            DocKind::Pdf => "application/pdf",
            DocKind::Doc => "application/msword",
            DocKind::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            DocKind::Odt => "application/vnd.oasis.opendocument.text",
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            DocKind::Pdf => "pdf",
            DocKind::Doc => "doc",
            DocKind::Docx => "docx",
            DocKind::Odt => "odt",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocProblem {
    /// The name's extension is not one we accept.
    WrongType,
    /// The bytes are not what the extension says.
    ContentMismatch,
    TooLarge,
    /// A ZIP-based document that would unpack to far more than any real document.
    Suspicious,
    Empty,
}

fn extension_kind(filename: &str) -> Option<DocKind> {
    let ext = filename.rsplit_once('.')?.1.to_ascii_lowercase();
    match ext.as_str() {
        "pdf" => Some(DocKind::Pdf),
        "doc" => Some(DocKind::Doc),
        "docx" => Some(DocKind::Docx),
        "odt" => Some(DocKind::Odt),
        _ => None,
    }
}

/// What the file really is, or why it is refused.
pub fn check(filename: &str, bytes: &[u8]) -> Result<DocKind, DocProblem> {
    let claimed = extension_kind(filename).ok_or(DocProblem::WrongType)?;
    if bytes.is_empty() {
        return Err(DocProblem::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(DocProblem::TooLarge);
    }
    let ok = match claimed {
        DocKind::Pdf => bytes.starts_with(b"%PDF-"),
        DocKind::Doc => bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        DocKind::Docx | DocKind::Odt => {
            if !bytes.starts_with(b"PK\x03\x04") {
                false
            } else {
                return check_zip(claimed, bytes);
            }
        }
    };
    if ok {
        Ok(claimed)
    } else {
        Err(DocProblem::ContentMismatch)
    }
}

fn check_zip(claimed: DocKind, bytes: &[u8]) -> Result<DocKind, DocProblem> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| DocProblem::ContentMismatch)?;
    if archive.len() > MAX_ENTRIES {
        return Err(DocProblem::Suspicious);
    }
    let mut unpacked: u64 = 0;
    let mut names = Vec::with_capacity(archive.len());
    for i in 0..archive.len() {
        // Reading the central directory only: sizes as declared, nothing is decompressed.
        let entry = archive.by_index_raw(i).map_err(|_| DocProblem::ContentMismatch)?;
        unpacked = unpacked.saturating_add(entry.size());
        if entry.compressed_size() > 0
            && entry.size() / entry.compressed_size().max(1) > MAX_RATIO
            && entry.size() > 1_000_000
        {
            return Err(DocProblem::Suspicious);
        }
        names.push(entry.name().to_string());
    }
    if unpacked > MAX_UNPACKED {
        return Err(DocProblem::Suspicious);
    }
    unpacks_within(&mut archive, MAX_UNPACKED)?;
    let has = |n: &str| names.iter().any(|x| x == n);
    let real = match claimed {
        DocKind::Docx => has("[Content_Types].xml") && names.iter().any(|n| n.starts_with("word/")),
        _ => has("mimetype") && has("content.xml"),
    };
    if !real {
        return Err(DocProblem::ContentMismatch);
    }
    if claimed == DocKind::Odt {
        // The ODF `mimetype` entry is stored uncompressed right after its local header.
        let marker = b"application/vnd.oasis.opendocument.text";
        if !bytes.windows(marker.len()).take(200).any(|w| w == marker) {
            return Err(DocProblem::ContentMismatch);
        }
    }
    Ok(claimed)
}

/// What the entries really unpack to, read (into nothing) and stopped at `cap`: a central directory can lie
/// about sizes (issue 23, finding 7), so the declared ones above only refuse the honest bombs cheaply. An entry
/// that cannot be read (unknown compression, encrypted, corrupt) is not a document.
fn unpacks_within<R: std::io::Read + std::io::Seek>(
    archive: &mut zip::ZipArchive<R>,
    cap: u64,
) -> Result<(), DocProblem> {
    use std::io::Read;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let entry = archive.by_index(i).map_err(|_| DocProblem::ContentMismatch)?;
        let left = cap - total;
        let read = std::io::copy(&mut entry.take(left + 1), &mut std::io::sink());
        // A deflate stream longer than its declared size fails its check only after it is read through: past
        // the cap it is refused as too big, before it as not a document.
        total += read.map_err(|_| DocProblem::ContentMismatch)?;
        if total > cap {
            return Err(DocProblem::Suspicious);
        }
    }
    Ok(())
}

/// A file name safe to show and to send back in `Content-Disposition`: no paths, no control characters.
pub fn clean_filename(name: &str, kind: DocKind) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    // Without the invisible characters that make "cv\u{202e}fdp.exe" show as "cvexe.pdf" (`validate::clean_name`).
    let cleaned: String = crate::validate::clean_name(base)
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '\\' | '/' | ';'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().to_string();
    if cleaned.is_empty() || cleaned.starts_with('.') {
        format!("document.{}", kind.extension())
    } else {
        cleaned
    }
}

#[cfg(test)]
pub mod samples {
    use std::io::Write;

    pub fn zip_with(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Vec::new();
        {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            for (name, data) in entries {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deflated entry of `len` zeros whose directory (and local header) claim it unpacks to 10 bytes.
    fn lying_zip(len: usize) -> Vec<u8> {
        let mut out = Vec::new();
        {
            use std::io::Write;
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
            let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            w.start_file("[Content_Types].xml", stored).unwrap();
            w.write_all(b"<Types/>").unwrap();
            let deflated = stored.compression_method(zip::CompressionMethod::Deflated);
            w.start_file("word/document.xml", deflated).unwrap();
            w.write_all(&vec![0u8; len]).unwrap();
            w.finish().unwrap();
        }
        for (signature, size_at) in [(b"PK\x01\x02", 24), (b"PK\x03\x04", 22)] {
            let headers: Vec<usize> = (0..out.len() - 4).filter(|&i| &out[i..i + 4] == signature).collect();
            for at in headers {
                if out[at..].windows(17).take(80).any(|w| w == b"word/document.xml") {
                    out[at + size_at..at + size_at + 4].copy_from_slice(&10u32.to_le_bytes());
                }
            }
        }
        out
    }

    #[test]
    fn a_directory_that_lies_about_sizes_is_caught_by_reading_with_a_cap() {
        let lying = lying_zip(200_000);
        let mut archive = zip::ZipArchive::new(Cursor::new(&lying[..])).unwrap();
        assert_eq!(archive.by_index_raw(1).unwrap().size(), 10, "the directory claims 10 bytes");
        assert_eq!(unpacks_within(&mut archive, 100_000), Err(DocProblem::Suspicious));
        let honest = lying_zip(0);
        let mut archive = zip::ZipArchive::new(Cursor::new(&honest[..])).unwrap();
        assert_eq!(unpacks_within(&mut archive, 100_000), Ok(()));
        // The upload check reads with the real cap: a DOCX of about 100 KB that claims 10 bytes and unpacks to
        // over 100 MB is refused (before the fix, its declared sizes let it through).
        let bomb = lying_zip(MAX_UNPACKED as usize + 1);
        assert!(bomb.len() < 1_000_000, "{}", bomb.len());
        assert_eq!(check("cv.docx", &bomb), Err(DocProblem::Suspicious));
    }

    #[test]
    fn real_documents_pass() {
        assert_eq!(check("cv.pdf", b"%PDF-1.7\n..."), Ok(DocKind::Pdf));
        assert_eq!(check("CV.PDF", b"%PDF-1.4"), Ok(DocKind::Pdf));
        assert_eq!(check("old.doc", &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]), Ok(DocKind::Doc));
        let docx = samples::zip_with(&[("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]);
        assert_eq!(check("cv.docx", &docx), Ok(DocKind::Docx));
        let odt = samples::zip_with(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office/>"),
        ]);
        assert_eq!(check("cv.odt", &odt), Ok(DocKind::Odt));
    }

    #[test]
    fn lies_and_wrong_types_are_refused() {
        assert_eq!(check("cv.exe", b"MZ"), Err(DocProblem::WrongType));
        assert_eq!(check("cv", b"%PDF-"), Err(DocProblem::WrongType));
        assert_eq!(check("cv.pdf", b"<html>"), Err(DocProblem::ContentMismatch));
        assert_eq!(check("cv.pdf", b""), Err(DocProblem::Empty));
        let not_word = samples::zip_with(&[("evil.sh", b"rm -rf /")]);
        assert_eq!(check("cv.docx", &not_word), Err(DocProblem::ContentMismatch));
        assert_eq!(check("cv.docx", b"PK\x03\x04garbage"), Err(DocProblem::ContentMismatch));
        let big = vec![b'%'; MAX_BYTES + 1];
        assert_eq!(check("cv.pdf", &big), Err(DocProblem::TooLarge));
    }

    #[test]
    fn a_zip_bomb_dressed_as_docx_is_refused_without_unpacking_it() {
        use std::io::Write;
        let mut out = Vec::new();
        {
            let mut w = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
            let stored = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
            w.start_file("[Content_Types].xml", stored).unwrap();
            w.write_all(b"<Types/>").unwrap();
            w.start_file("word/document.xml", stored).unwrap();
            w.write_all(b"<w/>").unwrap();
            w.finish().unwrap();
        }
        // Rewrite the declared uncompressed size of the last central-directory entry to 4 GB: what a bomb declares.
        let cd = out.windows(4).rposition(|w| w == b"PK\x01\x02").unwrap();
        out[cd + 24..cd + 28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(check("cv.docx", &out), Err(DocProblem::Suspicious));
    }

    #[test]
    fn file_names_are_cleaned() {
        assert_eq!(clean_filename("../../etc/passwd.pdf", DocKind::Pdf), "passwd.pdf");
        assert_eq!(clean_filename("C:\\Users\\kari\\CV \"ny\".pdf", DocKind::Pdf), "CV ny.pdf");
        assert_eq!(clean_filename(".pdf", DocKind::Pdf), "document.pdf");
        // A right-to-left override would show "cv\u{202e}fdp.exe" as "cvexe.pdf"; zero-width marks hide in names.
        assert_eq!(clean_filename("cv\u{202e}fdp.exe\u{200b}.pdf", DocKind::Pdf), "cvfdp.exe.pdf");
        assert_eq!(clean_filename("\u{feff}\u{2066}.pdf", DocKind::Pdf), "document.pdf");
    }
}
