//! The text of an uploaded PDF, for search. Extraction parses untrusted input with a library that can panic or
//! take long on odd files, so it runs on a blocking thread, behind `catch_unwind`, a concurrency limit and a time
//! limit; whatever goes wrong, the file simply has no text and the application is stored all the same.

use std::time::Duration;

use domain::documents::DocKind;
use tokio::sync::Semaphore;

/// How long one upload waits for its text (a runaway parse finishes in the background, holding its permit).
const TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many parses at once, so odd files cannot take every core.
static PARSES: Semaphore = Semaphore::const_new(2);
/// Text kept of one file: far more than any CV; search indexes at most `domain::search::MAX_TERMS_PER_TEXT` words.
pub const MAX_TEXT_CHARS: usize = 200_000;

/// The text of `bytes` when they are a PDF of at most the upload limit; `None` otherwise or on any failure.
pub async fn extract(kind: DocKind, bytes: &[u8]) -> Option<String> {
    if kind != DocKind::Pdf || bytes.len() > domain::documents::MAX_BYTES {
        return None;
    }
    let bytes = bytes.to_vec();
    let work = async move {
        let permit = PARSES.acquire().await.ok()?;
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            std::panic::catch_unwind(move || pdf_extract::extract_text_from_mem(&bytes)).ok()
        })
        .await
        .ok()
        .flatten()
    };
    match tokio::time::timeout(TIMEOUT, work).await {
        Ok(Some(Ok(text))) => clean(&text),
        Ok(Some(Err(e))) => {
            tracing::info!(error = %e, "no text from an uploaded PDF");
            None
        }
        Ok(None) => {
            tracing::warn!("extracting the text of an uploaded PDF failed (panic or cancelled)");
            None
        }
        Err(_) => {
            tracing::warn!(seconds = TIMEOUT.as_secs(), "extracting the text of an uploaded PDF took too long");
            None
        }
    }
}

/// Whitespace runs collapsed (PDF text is full of layout spaces), bounded; nothing but whitespace is no text.
fn clean(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.len() + word.len() + 1 > MAX_TEXT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    (!out.is_empty()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF (Helvetica) showing "Sveisesertifikat og Kubernetes i Tromso", written by hand.
    const CV: &[u8] = include_bytes!("../tests/fixtures/cv.pdf");

    #[tokio::test]
    async fn the_text_of_a_real_pdf_is_extracted() {
        let text = extract(DocKind::Pdf, CV).await.expect("text");
        assert_eq!(text, "Sveisesertifikat og Kubernetes i Tromso");
    }

    #[tokio::test]
    async fn broken_or_other_files_give_no_text_and_no_error() {
        assert_eq!(extract(DocKind::Pdf, b"%PDF-1.4\n%%EOF\n").await, None);
        assert_eq!(extract(DocKind::Pdf, &CV[..CV.len() / 2]).await, None);
        assert_eq!(extract(DocKind::Docx, CV).await, None, "only PDFs are read");
    }

    #[test]
    fn text_is_collapsed_and_bounded() {
        assert_eq!(clean("  a \n\n b\t c "), Some("a b c".into()));
        assert_eq!(clean(" \n "), None);
        assert!(clean(&"word ".repeat(100_000)).is_some_and(|t| t.len() <= MAX_TEXT_CHARS));
    }
}
