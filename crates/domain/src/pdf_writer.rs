//! A small PDF writer: text in Helvetica on one or more pages, uncompressed, or one page whose content stream is
//! Flate-compressed to a chosen inflated size. It makes the demo data's CVs (`app::demo`), the benchmark's CVs
//! (`bench`) and the PDFs of the tests of text extraction and its limits.
//!
//! It lives here, beside `documents` (which judges such files by their bytes), rather than in `app`: the
//! benchmark's load generator needs it too and depends on `domain` alone, not on the store and web stack. It is
//! pure (bytes in memory, no I/O), as everything in this crate.

use std::io::Write;

/// Where and how large the text is set: font size and line spacing in points, and the first line's position from
/// the page's lower left corner (an A4 page is 595 × 842 points).
#[derive(Clone, Copy, Debug)]
pub struct TextStyle {
    pub size: u32,
    pub leading: u32,
    pub x: u32,
    pub y: u32,
}

/// A PDF 1.4 document of `pages` pages (at least one) showing `lines` in order, as many on each page, with a
/// correct cross-reference table.
pub fn text_document(lines: &[String], pages: usize, style: TextStyle) -> Vec<u8> {
    let pages = pages.max(1);
    let per_page = lines.len().div_ceil(pages).max(1);
    let contents = (0..pages)
        .map(|p| {
            let TextStyle { size, leading, x, y } = style;
            let mut content = format!("BT /F1 {size} Tf {leading} TL {x} {y} Td\n").into_bytes();
            for line in lines.iter().skip(p * per_page).take(per_page) {
                content.extend(string(line));
                content.extend_from_slice(b" Tj T*\n");
            }
            content.extend_from_slice(b"ET");
            stream("", content)
        })
        .collect();
    with_pages(contents)
}

/// A PDF of one page showing `text` whose content stream is Flate-compressed and padded with spaces until it
/// inflates to `inflated` bytes. Large, it is a "Flate bomb" of a few hundred kilobytes, as the security review
/// used: for tests of the reading limits (`app::cv_text::limits`).
pub fn deflated(text: &str, inflated: usize) -> Vec<u8> {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let shown = [b"BT /F1 12 Tf 72 720 Td ".to_vec(), string(text), b" Tj ET\n".to_vec()].concat();
    let padding = vec![b' '; 1024 * 1024];
    let mut left = inflated.saturating_sub(shown.len());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&shown);
    while left > 0 {
        let n = left.min(padding.len());
        let _ = z.write_all(&padding[..n]);
        left -= n;
    }
    let compressed = z.finish().unwrap_or_default();
    with_pages(vec![stream(" /Filter /FlateDecode", compressed)])
}

/// A stream object: its dictionary (the length, then `extra` entries) and `content`.
fn stream(extra: &str, content: Vec<u8>) -> Vec<u8> {
    let head = format!("<< /Length {}{extra} >>\nstream\n", content.len());
    [head.into_bytes(), content, b"\nendstream".to_vec()].concat()
}

/// A PDF 1.4 document of one page per content stream object in `contents`, with Helvetica (WinAnsi) as every
/// page's font `F1` and a correct cross-reference table. Objects: 1 catalog, 2 page tree, 3 font, then each page
/// and its contents.
fn with_pages(contents: Vec<Vec<u8>>) -> Vec<u8> {
    let pages = contents.len();
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 4 + 2 * p)).collect();
    let mut objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")).into_bytes(),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    for (p, content) in contents.into_iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> \
                 /Contents {} 0 R >>",
                5 + 2 * p
            )
            .into_bytes(),
        );
        objects.push(content);
    }
    // The comment of bytes above 127 tells tools the file is binary (WinAnsi text is).
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend_from_slice(body);
        pdf.extend_from_slice(b"\nendobj\n");
    }
    let xref = pdf.len();
    pdf.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).into_bytes());
    for o in offsets {
        pdf.extend(format!("{o:010} 00000 n \n").into_bytes());
    }
    pdf.extend(
        format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).into_bytes(),
    );
    pdf
}

/// A PDF string literal of `text` in WinAnsi: Latin-1 (what WinAnsi agrees with for the Norwegian letters),
/// `( ) \` escaped, `–` as WinAnsi has it, anything else as `?`.
fn string(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + 2);
    out.push(b'(');
    for c in text.chars() {
        match c {
            '(' | ')' | '\\' => out.extend([b'\\', c as u8]),
            '–' => out.push(0x96),
            c if (c as u32) < 0x100 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out.push(b')');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::documents::{check, DocKind};

    const STYLE: TextStyle = TextStyle { size: 12, leading: 16, x: 72, y: 770 };

    /// The byte offset `startxref` names.
    fn startxref(pdf: &[u8]) -> usize {
        let text = String::from_utf8_lossy(pdf);
        let after = text.rsplit("startxref\n").next().unwrap_or_default();
        after.lines().next().and_then(|l| l.parse().ok()).unwrap_or(usize::MAX)
    }

    #[test]
    fn a_text_document_is_a_pdf_by_its_bytes_and_points_at_its_objects() {
        let pdf = text_document(&["Bjørn Ås".into(), "Rust (systems) – 2020".into()], 1, STYLE);
        assert_eq!(check("cv.pdf", &pdf), Ok(DocKind::Pdf));
        assert!(pdf.ends_with(b"%%EOF\n"));
        assert!(pdf.get(startxref(&pdf)..).is_some_and(|rest| rest.starts_with(b"xref")), "startxref: the table");
        assert!(pdf.windows(4).any(|w| w == b"Bj\xF8r"), "WinAnsi ø");
        assert!(pdf.windows(5).any(|w| w == b") \x96 2"), "WinAnsi –");
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("Rust \\(systems\\)"), "parentheses escaped");
    }

    #[test]
    fn lines_are_shared_out_over_the_pages() {
        let lines: Vec<String> = (0..5).map(|i| format!("line {i}")).collect();
        let pdf = text_document(&lines, 2, STYLE);
        let text = String::from_utf8_lossy(&pdf);
        assert_eq!(text.matches("/Type /Page ").count(), 2);
        assert!(text.contains("/Kids [4 0 R 6 0 R] /Count 2"), "{text}");
        let second = text.find("7 0 obj").unwrap_or_default();
        assert!(text[..second].contains("(line 2)") && text[second..].contains("(line 3)"), "3 lines, then 2");
        assert!(pdf.get(startxref(&pdf)..).is_some_and(|rest| rest.starts_with(b"xref")));
    }

    #[test]
    fn a_deflated_page_inflates_to_the_size_asked() {
        let pdf = deflated("Kubernetes", 64 * 1024);
        assert_eq!(check("cv.pdf", &pdf), Ok(DocKind::Pdf));
        let text = String::from_utf8_lossy(&pdf);
        assert!(text.contains("/Filter /FlateDecode"), "{text}");
        let start = pdf.windows(7).position(|w| w == b"stream\n").map_or(0, |i| i + 7);
        let end = pdf.windows(10).position(|w| w == b"\nendstream").unwrap_or(pdf.len());
        let mut inflated = Vec::new();
        let read = std::io::Read::read_to_end(&mut flate2::read::ZlibDecoder::new(&pdf[start..end]), &mut inflated);
        assert_eq!(read.ok(), Some(64 * 1024));
        assert!(inflated.starts_with(b"BT /F1 12 Tf 72 720 Td (Kubernetes) Tj ET"));
    }
}
