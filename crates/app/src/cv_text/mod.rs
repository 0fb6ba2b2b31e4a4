//! The text of an uploaded PDF, for search. Reading it means parsing untrusted input with a library that inflates
//! without limit, can panic and can take long on odd files. So the text is read out of the request path, by a
//! queue worker (`worker`), after the application is stored; the work is bounded (`limits`: inflated bytes,
//! objects, pages) before the parser sees the file; and in `serve` it runs in a child process with memory and
//! CPU limits (`child`), so that no file can take the server down. Whatever goes wrong, the file simply has no
//! text.

mod child;
mod extract;
pub mod limits;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;

pub use child::run_child;
pub use worker::TextWorker;

/// How long reading one file may take, in the child or not.
const TIMEOUT: Duration = Duration::from_secs(10);
/// At most this many parses at once, so odd files cannot take every core.
static PARSES: Semaphore = Semaphore::const_new(2);
/// Text kept of one file: far more than any CV; search indexes at most `domain::search::MAX_TERMS_PER_TEXT` words.
pub const MAX_TEXT_CHARS: usize = 200_000;

/// Where a PDF is parsed.
#[derive(Clone, Debug, Default)]
pub enum Reader {
    /// In child processes: `program cv-text --many`, which limit their own memory and CPU time (`run_child`), are
    /// kept between files, and are killed when one takes longer than the timeout. What `serve` uses.
    Child(Arc<child::Children>),
    /// On a blocking thread of this process, behind the same bounds but without the kernel's limits: for tests
    /// and tools that have no `ansett` binary to start.
    #[default]
    InProcess,
}

impl Reader {
    /// Readers that are child processes of `program` (this very binary, in `serve`).
    pub fn child(program: PathBuf) -> Reader {
        Reader::Child(Arc::new(child::Children::new(program, None)))
    }

    /// As `child`, with each reader replaced after `files` files instead of hundreds: for tests.
    pub fn child_retiring_after(program: PathBuf, files: u64) -> Reader {
        Reader::Child(Arc::new(child::Children::new(program, Some(files))))
    }

    /// How many reader processes were started so far (0 in process): one per `RETIRE_AFTER` files while
    /// readers neither fail nor are killed.
    pub fn readers_started(&self) -> u64 {
        match self {
            Reader::Child(children) => children.started(),
            Reader::InProcess => 0,
        }
    }

    /// The text of `bytes` (a PDF of at most the upload limit); `None` on any failure.
    pub async fn read(&self, bytes: Vec<u8>) -> Option<String> {
        if bytes.len() > domain::documents::MAX_BYTES {
            return None;
        }
        let _permit = PARSES.acquire().await.ok()?;
        let text = match self {
            Reader::Child(children) => children.read(bytes, TIMEOUT).await,
            Reader::InProcess => {
                let work = tokio::task::spawn_blocking(move || read_bounded(&bytes));
                match tokio::time::timeout(TIMEOUT, work).await {
                    Ok(Ok(text)) => text,
                    Ok(Err(_)) => None,
                    Err(_) => {
                        tracing::warn!(
                            seconds = TIMEOUT.as_secs(),
                            "reading the text of an uploaded PDF took too long"
                        );
                        None
                    }
                }
            }
        };
        text.as_deref().and_then(clean)
    }
}

/// Parses `bytes` as a PDF within the `limits`, catching the parser's panics. Synchronous: the child process
/// and the in-process reader call it.
pub fn read_bounded(bytes: &[u8]) -> Option<String> {
    if let Err(over) = limits::check_raw(bytes) {
        tracing::info!(?over, "an uploaded PDF is over the reading limits: no text");
        return None;
    }
    let parsed = std::panic::catch_unwind(|| -> Result<String, String> {
        let mut doc = lopdf::Document::load_mem(bytes).map_err(|e| e.to_string())?;
        if doc.is_encrypted() {
            // Many PDFs are "encrypted" with an empty user password: readable by anyone.
            doc.decrypt("").map_err(|e| e.to_string())?;
        }
        limits::check_document(&doc).map_err(|over| format!("over the reading limits: {over:?}"))?;
        Ok(extract::text(&doc, MAX_TEXT_CHARS * 2))
    });
    match parsed {
        Ok(Ok(text)) => Some(text),
        Ok(Err(e)) => {
            tracing::info!(error = %e, "no text from an uploaded PDF");
            None
        }
        Err(_) => {
            tracing::warn!("reading the text of an uploaded PDF panicked");
            None
        }
    }
}

/// Whitespace runs collapsed (PDF text is full of layout spaces), typographic ligatures spelled out (a font's
/// "ﬁ" glyph must not hide "sertifikat" from search), bounded; nothing but whitespace is no text.
fn clean(text: &str) -> Option<String> {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.len() + word.len() + 1 > MAX_TEXT_CHARS {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for ch in word.chars() {
            match ligature(ch) {
                Some(letters) => out.push_str(letters),
                None => out.push(ch),
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// The letters of a Latin ligature (Unicode's Alphabetic Presentation Forms, U+FB00–FB06).
fn ligature(ch: char) -> Option<&'static str> {
    Some(match ch {
        '\u{FB00}' => "ff",
        '\u{FB01}' => "fi",
        '\u{FB02}' => "fl",
        '\u{FB03}' => "ffi",
        '\u{FB04}' => "ffl",
        '\u{FB05}' | '\u{FB06}' => "st",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF (Helvetica) showing "Sveisesertifikat og Kubernetes i Tromso", written by hand.
    const CV: &[u8] = include_bytes!("../../tests/fixtures/cv.pdf");

    #[tokio::test]
    async fn the_text_of_a_real_pdf_is_read() {
        let text = Reader::InProcess.read(CV.to_vec()).await.expect("text");
        assert_eq!(text, "Sveisesertifikat og Kubernetes i Tromso");
    }

    #[tokio::test]
    async fn broken_files_give_no_text_and_no_error() {
        assert_eq!(Reader::InProcess.read(b"%PDF-1.4\n%%EOF\n".to_vec()).await, None);
        assert_eq!(Reader::InProcess.read(CV[..CV.len() / 2].to_vec()).await, None);
        assert_eq!(Reader::InProcess.read(b"PK\x03\x04 not a pdf".to_vec()).await, None);
    }

    #[tokio::test]
    async fn a_flate_bomb_gives_no_text_though_a_small_one_of_the_same_shape_does() {
        let small = limits::tests::pdf_with_inflating_stream("Kubernetes", 1024 * 1024);
        assert_eq!(Reader::InProcess.read(small).await.as_deref(), Some("Kubernetes"));
        let bomb = limits::tests::pdf_with_inflating_stream("Kubernetes", 3 * limits::MAX_INFLATED_BYTES as usize);
        assert!(bomb.len() < 1024 * 1024, "a bomb is small: {} bytes", bomb.len());
        assert_eq!(Reader::InProcess.read(bomb).await, None);
    }

    #[tokio::test]
    async fn a_page_tree_with_a_cycle_gives_no_text_and_does_not_overflow_the_stack() {
        let cycle = include_bytes!("../../tests/fixtures/parent-cycle.pdf");
        assert_eq!(Reader::InProcess.read(cycle.to_vec()).await, None);
    }

    /// CVs as common writers make them, each from a source in `tests/fixtures/sources` (README there): the
    /// words must come out in order, one space apart — also where a writer kerns, letter-spaces, switches font
    /// inside a word, or puts the gap between two words into character spacing.
    #[tokio::test]
    async fn the_words_of_cvs_from_common_writers_are_read_in_order() {
        let cases: [(&str, &[u8], &str); 4] = [
            (
                "Chromium (Skia, composite fonts with ToUnicode)",
                include_bytes!("../../tests/fixtures/chromium.pdf"),
                "Åse Kjærstad-Ødegård Sveisesertifikat og Kubernetes i Tromsø. Erfaren prosjektleder med bakgrunn \
                 fra olje- og gassindustrien, «offshore» vedlikehold, HMS-arbeid og digitalisering av \
                 arbeidsprosesser. Jeg har ledet team på opptil 40 personer. Ferdigheter: Rust, PostgreSQL, \
                 SQLite, Python, TypeScript, Terraform, AWS, Azure, GCP, Kubernetes, Docker, Linux, Git. Språk: \
                 norsk (morsmål), engelsk (flytende), tysk (god). 2019–2024 Equinor ASA, Stavanger 2015–2019 Aker \
                 Solutions, Bergen Referanser oppgis på forespørsel. E-post: ase@example.no, telefon +47 912 34 567.",
            ),
            (
                "groff through Ghostscript (Type 1 fonts, justification in character spacing)",
                include_bytes!("../../tests/fixtures/groff.pdf"),
                "Åse Kjærstad-Ødegård Sveisesertifikat og Kubernetes i Tromsø. Erfaren prosjektleder med bakgrunn \
                 fra olje- og gassindus- trien, offshore vedlikehold, HMS-arbeid og digitalisering av \
                 arbeidsprosesser. Jeg har ledet team på opptil 40 personer i Stavanger og Bergen. Ferdigheter: \
                 Rust, PostgreSQL, SQLite, Python, TypeScript, Terraform, AWS, Azure, GCP, Kuber- netes, Docker, \
                 Linux, Git.",
            ),
            ("fpdf2 (an embedded TrueType font)", include_bytes!("../../tests/fixtures/fpdf2.pdf"), GENERATED),
            ("ReportLab (standard fonts)", include_bytes!("../../tests/fixtures/reportlab.pdf"), GENERATED),
        ];
        for (writer, pdf, expected) in cases {
            let text = Reader::InProcess.read(pdf.to_vec()).await;
            assert_eq!(text.as_deref(), Some(expected), "{writer}");
        }
    }

    /// What `sources/fpdf2-reportlab.py` writes: a name, then one paragraph three times, justified.
    const GENERATED: &str = "Åse Kjærstad-Ødegård Sveisesertifikat og Kubernetes i Tromsø. Erfaren prosjektleder \
        med bakgrunn fra olje- og gassindustrien, HMS-arbeid og digitalisering. Språk: norsk, engelsk. Ferdigheter: \
        Rust, PostgreSQL, Kubernetes, Terraform, AWS.Sveisesertifikat og Kubernetes i Tromsø. Erfaren \
        prosjektleder med bakgrunn fra olje- og gassindustrien, HMS-arbeid og digitalisering. Språk: norsk, \
        engelsk. Ferdigheter: Rust, PostgreSQL, Kubernetes, Terraform, AWS.Sveisesertifikat og Kubernetes i \
        Tromsø. Erfaren prosjektleder med bakgrunn fra olje- og gassindustrien, HMS-arbeid og digitalisering. \
        Språk: norsk, engelsk. Ferdigheter: Rust, PostgreSQL, Kubernetes, Terraform, AWS.";

    #[test]
    fn ligatures_are_spelled_out() {
        assert_eq!(clean("Sveisesertiﬁkat ﬂyt"), Some("Sveisesertifikat flyt".into()));
    }

    #[test]
    fn text_is_collapsed_and_bounded() {
        assert_eq!(clean("  a \n\n b\t c "), Some("a b c".into()));
        assert_eq!(clean(" \n "), None);
        assert!(clean(&"word ".repeat(100_000)).is_some_and(|t| t.len() <= MAX_TEXT_CHARS));
    }
}
