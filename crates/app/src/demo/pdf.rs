//! A small one-page PDF with text, as a CV: real enough for the upload checks, previews and text extraction.

/// PDF string bytes in WinAnsi (Latin-1 for the Norwegian letters), with `( ) \` escaped.
fn pdf_string(s: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(s.len() + 2);
    out.push(b'(');
    for ch in s.chars() {
        match ch {
            '(' | ')' | '\\' => {
                out.push(b'\\');
                out.push(ch as u8);
            }
            c if (c as u32) < 256 => out.push(c as u32 as u8),
            _ => out.push(b'?'),
        }
    }
    out.push(b')');
    out
}

/// A PDF 1.4 document showing `lines` in Helvetica, with a correct cross-reference table.
pub fn document(lines: &[String]) -> Vec<u8> {
    let mut content = b"BT /F1 12 Tf 72 770 Td 16 TL".to_vec();
    for line in lines {
        content.push(b' ');
        content.extend(pdf_string(line));
        content.extend_from_slice(b" Tj T*");
    }
    content.extend_from_slice(b" ET");
    one_page(
        [format!("<< /Length {} >>\nstream\n", content.len()).into_bytes(), content, b"\nendstream".to_vec()].concat(),
    )
}

/// A PDF of one page showing `text` (ASCII) whose content stream is Flate-compressed and padded with spaces
/// until it inflates to `inflated` bytes. Large, it is a "Flate bomb" of a few hundred kilobytes, as the security
/// review used: for tests of the reading limits (`crate::cv_text::limits`).
pub fn deflated(text: &str, inflated: usize) -> Vec<u8> {
    use std::io::Write;
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let shown = [b"BT /F1 12 Tf 72 720 Td ".to_vec(), pdf_string(text), b" Tj ET\n".to_vec()].concat();
    let padding = vec![b' '; 1024 * 1024];
    let mut left = inflated.saturating_sub(shown.len());
    // Writing to a Vec cannot fail.
    let _ = z.write_all(&shown);
    while left > 0 {
        let n = left.min(padding.len());
        let _ = z.write_all(&padding[..n]);
        left -= n;
    }
    let stream = z.finish().unwrap_or_default();
    let head = format!("<< /Length {} /Filter /FlateDecode >>\nstream\n", stream.len());
    one_page([head.into_bytes(), stream, b"\nendstream".to_vec()].concat())
}

/// A PDF 1.4 document of one page whose content stream is the object `contents` (dictionary and stream), with
/// Helvetica as its font `F1` and a correct cross-reference table.
pub fn one_page(contents: Vec<u8>) -> Vec<u8> {
    let objects: Vec<Vec<u8>> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> \
            >> >>"
            .to_vec(),
        contents,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec(),
    ];
    let mut pdf = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend(format!("{} 0 obj\n", i + 1).into_bytes());
        pdf.extend(body);
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cv_is_a_pdf_by_its_bytes_and_points_at_its_objects() {
        let pdf = document(&["Bjørn Ås".into(), "Rust (systems)".into()]);
        assert_eq!(domain::documents::check("cv.pdf", &pdf), Ok(domain::documents::DocKind::Pdf));
        let text = String::from_utf8_lossy(&pdf);
        let xref: usize = text.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert!(pdf[xref..].starts_with(b"xref"), "startxref points at the table (a byte offset)");
        assert!(pdf.windows(4).any(|w| w == b"Bj\xF8r"), "WinAnsi ø");
        assert!(text.contains("Rust \\(systems\\)"), "parentheses escaped");
    }
}
