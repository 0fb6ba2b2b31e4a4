//! A small one-page PDF with text, as a CV: real enough for the upload checks, previews and text extraction.
//! Written by `domain::pdf_writer`, which the benchmark's CVs share.

use domain::pdf_writer::{text_document, TextStyle};

pub use domain::pdf_writer::deflated;

/// How a demo CV is set: 12 points on 16, from an inch in and near the top.
const CV_STYLE: TextStyle = TextStyle { size: 12, leading: 16, x: 72, y: 770 };

/// A one-page PDF 1.4 document showing `lines` in Helvetica.
pub fn document(lines: &[String]) -> Vec<u8> {
    text_document(lines, 1, CV_STYLE)
}
