//! CVs with text for the `apply` scenario (issue 24, item 4): PDFs, page by page, with made-up
//! Norwegian and English CV text — a two-page CV of about 700 words, and a 24-page one of about 1,600 distinct
//! words — so applying pays for text extraction and indexing as it does with real CVs. No real person is in them:
//! every name, employer and sentence is put together from the word lists below by a seeded generator. The PDF
//! itself is written by `domain::pdf_writer`, as the demo data's CVs are.
//!
//! Applicants are not all the same person: `pdfs` makes `PEOPLE` different CVs of a kind, each with its own name
//! and about a third of its compound words its own (made of syllables, as names of employers, products and places
//! are), the rest drawn from the words every CV shares. A benchmark that sent one CV over and over would index the
//! same terms each time, and a search index that groups its writes would look far better than real CVs let it.

use domain::pdf_writer::{text_document, TextStyle};

/// How the CVs are set: 9 points on 11, so a page holds the lines `lines` gives it.
const CV_STYLE: TextStyle = TextStyle { size: 9, leading: 11, x: 50, y: 800 };

/// Which CV `apply` sends (`--cv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Kind {
    /// `--pdf-kb` of PDF comments: a valid file with no text (the benchmark's CV before issue 24).
    Filler,
    /// Two pages, about 700 words.
    TwoPage,
    /// 24 pages, about 1,600 distinct words.
    Long,
}

/// How many different people's CVs `pdfs` makes; applications take them in turn.
pub const PEOPLE: u64 = 64;

/// The CVs `apply` sends, one per person (the filler, which has no text, once).
pub fn pdfs(kind: Kind, filler_kb: usize) -> Vec<Vec<u8>> {
    match kind {
        Kind::Filler => vec![filler(filler_kb)],
        _ => (0..PEOPLE).map(|person| pdf(kind, person)).collect(),
    }
}

/// One person's CV of `kind` (not the filler).
fn pdf(kind: Kind, person: u64) -> Vec<u8> {
    match kind {
        Kind::Filler | Kind::TwoPage => text_document(&lines(700, 60, 2, person), 2, CV_STYLE),
        Kind::Long => text_document(&lines(10_500, LONG_COMPOUNDS, 24, person), 24, CV_STYLE),
    }
}

/// Compound words of the 24-page CV: with the other words, about 1,600 distinct.
const LONG_COMPOUNDS: usize = 1_480;

fn filler(kb: usize) -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    while pdf.len() < kb * 1024 {
        pdf.extend_from_slice(b"% filler to make a CV-sized document ........................................\n");
    }
    pdf
}

/// A small xorshift generator: the same CV on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }

    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        from[self.below(from.len())]
    }
}

const GLUE_NB: &[&str] = &[
    "og", "med", "i", "for", "til", "av", "på", "som", "har", "jeg", "vi", "det", "en", "et", "ble", "var", "hadde",
    "innen", "gjennom", "mellom", "etter", "under", "både", "samt", "ansvar", "erfaring", "arbeidet", "daglig",
    "sammen", "kunder", "kolleger", "ledelsen", "årlig", "nye", "flere", "store", "gode", "viktige", "ulike",
];
const GLUE_EN: &[&str] = &[
    "and",
    "with",
    "in",
    "for",
    "to",
    "of",
    "on",
    "as",
    "the",
    "a",
    "led",
    "built",
    "ran",
    "owned",
    "improved",
    "delivered",
    "worked",
    "across",
    "within",
    "several",
    "customers",
    "colleagues",
    "team",
    "teams",
    "large",
    "new",
    "daily",
    "weekly",
    "reliable",
    "faster",
    "responsible",
    "experience",
    "years",
    "including",
];
/// First and second halves of the compound words that carry most distinct terms, as in real CVs.
const COMPOUND_A: &[&str] = &[
    "prosjekt",
    "system",
    "drifts",
    "kunde",
    "salgs",
    "lager",
    "regnskaps",
    "lønns",
    "kvalitets",
    "sikkerhets",
    "nettverks",
    "data",
    "produkt",
    "markeds",
    "innkjøps",
    "logistikk",
    "helse",
    "pasient",
    "økonomi",
    "budsjett",
    "kontrakt",
    "risiko",
    "endrings",
    "test",
    "plattform",
    "sky",
    "mobil",
    "web",
    "kode",
    "analyse",
    "rapport",
    "service",
    "support",
    "opplærings",
    "rekrutterings",
    "personal",
    "energi",
    "bygg",
    "anleggs",
    "transport",
];
const COMPOUND_B: &[&str] = &[
    "leder",
    "ansvar",
    "arbeid",
    "utvikling",
    "styring",
    "planlegging",
    "rådgiver",
    "konsulent",
    "koordinator",
    "analyse",
    "strategi",
    "prosess",
    "systemer",
    "løsning",
    "rutiner",
    "oppfølging",
    "kontroll",
    "forbedring",
    "modell",
    "verktøy",
    "team",
    "avdeling",
    "prosjekter",
    "drift",
    "økonomi",
    "rapportering",
    "dokumentasjon",
    "implementering",
    "migrering",
    "integrasjon",
    "arkitektur",
    "sikkerhet",
    "kvalitet",
    "revisjon",
    "innføring",
    "opplæring",
    "evaluering",
    "gjennomgang",
    "avtaler",
    "tilbud",
];
const HEADINGS: &[&str] = &[
    "Profil",
    "Arbeidserfaring",
    "Utdanning",
    "Kompetanse",
    "Prosjekter",
    "Kurs og sertifiseringer",
    "Språk",
    "Verv",
    "Referanser",
    "Experience",
    "Education",
    "Skills",
];
const ROLES: &[&str] = &[
    "Prosjektleder",
    "Utvikler",
    "Senior konsulent",
    "Avdelingsleder",
    "Team lead",
    "Software engineer",
    "Controller",
    "Sykepleier",
    "Lagerleder",
    "Selger",
    "Regnskapsfører",
    "Product owner",
];
const EMPLOYERS: &[&str] = &[
    "Fjellvik Data AS",
    "Nordlys Energi",
    "Havbruk Vest",
    "Bryggen Regnskap",
    "Tindra Helse",
    "Solheim Logistikk",
    "Kystlinje Bygg",
    "Elvebakken Handel",
    "Granly IT",
    "Fjordnett Systems",
];
const PLACES: &[&str] = &["Oslo", "Bergen", "Trondheim", "Stavanger", "Tromsø", "Bodø", "Ålesund", "Kristiansand"];
const FIRST_NAMES: &[&str] = &["Kari", "Ola", "Ingrid", "Lars", "Sofie", "Jonas", "Nora", "Emil", "Aisha", "Mikkel"];
const SYLLABLES: &[&str] = &[
    "ber", "dal", "fjo", "gar", "hei", "kve", "lun", "mor", "nes", "ost", "pal", "ros", "sta", "tor", "ul", "vik",
    "bro", "eng", "hol", "kis", "lia", "myr", "sand", "tun",
];

/// A word of this person's own (two to four syllables): the names, products and places that make each CV's words
/// partly its own.
fn own_word(rng: &mut Rng) -> String {
    let syllables = 2 + rng.below(3);
    (0..syllables).map(|_| rng.pick(SYLLABLES)).collect()
}

/// The compound words a person's CV draws on: about two in three from the words every CV shares (in a different
/// order per person), the rest the person's own.
fn vocabulary(compounds: usize, rng: &mut Rng) -> Vec<String> {
    let shared = COMPOUND_A.len() * COMPOUND_B.len();
    let start = rng.below(shared);
    (0..compounds)
        .map(|k| {
            if rng.below(3) == 0 {
                own_word(rng)
            } else {
                let i = (start + k) % shared;
                format!("{}{}", COMPOUND_A[i / COMPOUND_B.len() % COMPOUND_A.len()], COMPOUND_B[i % COMPOUND_B.len()])
            }
        })
        .collect()
}

/// Made-up CV text of `person` of about `words` words drawn from `compounds` compound words, wrapped into lines;
/// the first lines are a name and contact details (`pages` only sets how many lines a page gets).
fn lines(words: usize, compounds: usize, pages: usize, person: u64) -> Vec<String> {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ words as u64 ^ person.wrapping_mul(0x2545_f491_4f6c_dd1d));
    let per_line = 11;
    let (first, last) = (rng.pick(FIRST_NAMES), own_word(&mut rng));
    let mut out = vec![
        format!("{first} Fiktiv {}sen", capitalised(&last)),
        format!("{}.{last}sen@example.test · +47 400 {:02} {:03} · Oslo", first.to_lowercase(), person % 100, person),
    ];
    let vocabulary = vocabulary(compounds, &mut rng);
    let mut written = 0;
    let mut next_compound = 0usize;
    let compound = |rng: &mut Rng, next: &mut usize| {
        // Every compound once in order first (so the distinct count is what was asked for), then any of them.
        let i = if *next < compounds {
            *next += 1;
            *next - 1
        } else {
            rng.below(compounds)
        };
        vocabulary[i].clone()
    };
    let lines_per_page = words / per_line / pages + 4;
    while written < words {
        if out.len() % lines_per_page == 2 || rng.below(14) == 0 {
            out.push(rng.pick(HEADINGS).to_string());
            let year = 1998 + rng.below(27);
            out.push(format!(
                "{} – {}, {} ({year}–{})",
                rng.pick(ROLES),
                rng.pick(EMPLOYERS),
                rng.pick(PLACES),
                year + 1 + rng.below(6)
            ));
            written += 8;
            continue;
        }
        let english = rng.below(4) == 0;
        let mut line = Vec::with_capacity(per_line);
        for k in 0..per_line {
            let word = if k % 3 == 1 {
                compound(&mut rng, &mut next_compound)
            } else if english {
                rng.pick(GLUE_EN).to_string()
            } else {
                rng.pick(GLUE_NB).to_string()
            };
            line.push(word);
        }
        written += per_line;
        out.push(line.join(" ") + ".");
    }
    out
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn words(lines: &[String]) -> (usize, usize) {
        let all: Vec<String> = lines
            .iter()
            .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>())
            .filter(|w| !w.is_empty())
            .collect();
        let distinct: BTreeSet<&String> = all.iter().collect();
        (all.len(), distinct.len())
    }

    #[test]
    fn the_cvs_have_the_sizes_the_issue_names() {
        for person in [0, 1, PEOPLE - 1] {
            let (n, _) = words(&lines(700, 60, 2, person));
            assert!((650..=800).contains(&n), "two-page CV: {n} words");
            let (n, distinct) = words(&lines(10_500, LONG_COMPOUNDS, 24, person));
            assert!((1_500..=2_000).contains(&distinct), "24-page CV: {distinct} distinct words of {n}");
        }
    }

    /// Two people's long CVs share most common words but not all: about a third of each one's compounds and its
    /// name are its own.
    #[test]
    fn people_share_some_words_and_not_others() {
        let distinct = |person| -> BTreeSet<String> {
            lines(10_500, LONG_COMPOUNDS, 24, person)
                .iter()
                .flat_map(|l| l.split(|c: char| !c.is_alphanumeric()).map(str::to_lowercase).collect::<Vec<_>>())
                .filter(|w| !w.is_empty())
                .collect()
        };
        let (a, b) = (distinct(0), distinct(1));
        let shared = a.intersection(&b).count() as f64 / a.len() as f64;
        assert!((0.4..0.8).contains(&shared), "{shared:.2} of one CV's words are in the other's");
        assert_eq!(pdfs(Kind::Long, 0).len() as u64, PEOPLE);
        assert_eq!(pdfs(Kind::Filler, 1).len(), 1);
    }

    #[test]
    fn each_cv_has_its_pages() {
        for (kind, pages) in [(Kind::TwoPage, 2), (Kind::Long, 24)] {
            let pdf = pdf(kind, 3);
            let text = String::from_utf8_lossy(&pdf);
            assert!(text.starts_with("%PDF-1.4") && text.ends_with("%%EOF\n"));
            assert_eq!(text.matches("/Type /Page ").count(), pages, "{kind:?}");
        }
    }
}
