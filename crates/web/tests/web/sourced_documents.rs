//! Article step 5, "from then on handled exactly like a submitted application": a sourced application carries
//! the candidate's documents, so the hiring team of the posting they were sourced into can read and search the
//! CV — and nobody else gains anything. Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::html::Page;
use crate::support::world::{api_get, api_key, application_of, candidate, create, source, world, World};
use crate::support::{apply_to, pdf_with_text, scalar, user_id, Applicant, Browser, ADMIN_EMAIL};
use reqwest::StatusCode;

/// Sorts after every real id, so a request with it fails only after the others were sourced.
const FORGED_LAST: &str = "ffffffff-ffff-7fff-bfff-ffffffffffff";

/// Whether a search of Kandidater for `word` lists `candidate`.
async fn finds(b: &Browser, word: &str, candidate: &str) -> bool {
    let (status, html) = b.page(&format!("/candidates?q={word}")).await;
    assert_eq!(status, StatusCode::OK);
    Page::parse(&html).has(&format!("a[href='/candidates/{candidate}']"))
}

/// The storage key of a file row.
async fn key_of(w: &World, file: &str) -> String {
    scalar(&w.s, format!("SELECT storage_key FROM files WHERE id = '{file}'")).await
}

async fn eva_applies(w: &World, posting: &str, cv: &str) {
    let eva = Applicant { first: "Eva", last: "Kandidat", email: "eva@example.no", phone: "", cv: pdf_with_text(cv) };
    apply_to(&w.s, posting, eva).await;
}

/// Rows that sourcing writes and a refused request must leave as they were.
async fn state(w: &World) -> [i64; 3] {
    [w.s.count("applications").await, w.s.count("files").await, w.s.count("search_terms").await]
}

#[tokio::test(flavor = "multi_thread")]
async fn the_target_team_gets_the_cv_of_a_sourced_candidate_and_nobody_else_does() {
    let w = world().await;
    // Eva applies to Utvikler (the agency is not on its team) with a CV about offshore welding, then to Lager,
    // whose team is the other agency, with another CV: that agency sees Eva, but not through Utvikler.
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let other_agency_id = user_id(&w.s, "annet@byraa2.test").await;
    let lager = create(&w.s, &w.admin, "Lager", &[&me, &other_agency_id]).await;
    eva_applies(&w, &w.other, "Sveisesertifikat offshore").await;
    eva_applies(&w, &lager, "Lagerarbeid").await;
    let eva = candidate(&w.s, "eva@example.no").await;
    let (utvikler_app, utvikler_file) = application_of(&w.s, &eva, &w.other).await;
    assert!(!finds(&w.agency, "offshore", &eva).await, "the agency does not see Eva yet");

    // A request that fails after Eva was sourced keeps nothing of it: no application, no file, no search terms.
    let before = state(&w).await;
    let (status, _) = source(&w.admin, &w.other, &w.registration, &[&eva, FORGED_LAST]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(state(&w).await, before, "nothing half-done");

    let (status, page) = source(&w.admin, &w.other, &w.registration, &[&eva]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("1 kandidat(er) sourcet til Registration"), "{page}");
    let (sourced_app, sourced_file) = application_of(&w.s, &eva, &w.registration).await;
    assert_ne!((&sourced_app, &sourced_file), (&utvikler_app, &utvikler_file), "a row of the new application");
    assert_eq!(key_of(&w, &sourced_file).await, key_of(&w, &utvikler_file).await, "the same object, not a copy");
    let filename = format!("SELECT kind || ' ' || filename FROM files WHERE id = '{sourced_file}'");
    assert_eq!(scalar(&w.s, filename).await, "cv cv.pdf");

    // Everyone who sees everything sees the CV under both applications.
    let (_, profile) = w.admin.page(&format!("/candidates/{eva}")).await;
    assert!(
        profile.contains(&format!("/files/{sourced_file}")) && profile.contains(&format!("/files/{utvikler_file}"))
    );

    // The agency on Registration's team: the CV under the sourced application, downloadable, searchable.
    let (status, profile) = w.agency.page(&format!("/candidates/{eva}")).await;
    assert_eq!(status, StatusCode::OK);
    Page::parse(&profile).assert_has(&format!("a[href='/files/{sourced_file}']")); // under the sourced application
    assert!(!profile.contains(&utvikler_file), "not the Utvikler application's row");
    let cv = pdf_with_text("Sveisesertifikat offshore");
    let r = w.agency.get(&format!("/files/{sourced_file}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), cv.as_slice(), "the candidate's own bytes");
    assert_eq!(w.agency.get(&format!("/files/{sourced_file}/preview")).await.status(), StatusCode::OK);
    assert_eq!(w.agency.get(&format!("/files/{utvikler_file}")).await.status(), StatusCode::NOT_FOUND);
    assert!(finds(&w.agency, "offshore", &eva).await, "found by a word of the CV");

    // The other agency sees Eva through Lager only: neither the sourced CV nor its words.
    let (status, profile) = w.other_agency.page(&format!("/candidates/{eva}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!profile.contains(&sourced_file) && !profile.contains(&utvikler_file));
    assert_eq!(w.other_agency.get(&format!("/files/{sourced_file}")).await.status(), StatusCode::NOT_FOUND);
    assert!(finds(&w.other_agency, "lagerarbeid", &eva).await, "their own posting's CV is searchable");
    assert!(!finds(&w.other_agency, "offshore", &eva).await, "the sourced CV is not");

    // The API answers the same as the pages.
    let (agency_key, other_key) = (api_key(&w.agency).await, api_key(&w.other_agency).await);
    let r = api_get(&w, &agency_key, &format!("/files/{sourced_file}")).await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.bytes().await.unwrap().as_ref(), cv.as_slice());
    assert_eq!(api_get(&w, &other_key, &format!("/files/{sourced_file}")).await.status(), StatusCode::NOT_FOUND);
    let profile: serde_json::Value =
        api_get(&w, &agency_key, &format!("/candidates/{eva}")).await.json().await.unwrap();
    let files: Vec<&str> = profile["applications"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|a| a["files"].as_array().unwrap())
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(files, [sourced_file.as_str()]);

    // Sourcing her again is skipped, and duplicates nothing.
    let before = state(&w).await;
    let (status, page) = source(&w.admin, &w.other, &w.registration, &[&eva]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Allerede i stillingen, ikke endret: Eva Kandidat"), "{page}");
    assert_eq!(state(&w).await, before);
}

#[tokio::test(flavor = "multi_thread")]
async fn documents_come_from_the_kilde_application_else_from_the_newest_with_files() {
    let w = world().await;
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let lager = create(&w.s, &w.admin, "Lager", &[&me]).await;
    // Bjørn applied to Registration, then to Utvikler (each with its own upload); Dina only to Utvikler. Found
    // through Registration, both are sourced in one request: Bjørn's documents are his Registration ones (not his
    // newer Utvikler ones), Dina has none there, so hers are those of her newest application with files.
    let (status, page) = source(&w.admin, &w.registration, &lager, &[&w.both, &w.only_other]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("2 kandidat(er) sourcet til Lager"), "{page}");
    for (who, from) in [(&w.both, &w.registration), (&w.only_other, &w.other)] {
        let (_, sourced_file) = application_of(&w.s, who, &lager).await;
        let (_, from_file) = application_of(&w.s, who, from).await;
        assert_eq!(key_of(&w, &sourced_file).await, key_of(&w, &from_file).await, "{who} from {from}");
    }
    let (_, bjorn_utvikler) = application_of(&w.s, &w.both, &w.other).await;
    let (_, bjorn_registration) = application_of(&w.s, &w.both, &w.registration).await;
    assert_ne!(key_of(&w, &bjorn_utvikler).await, key_of(&w, &bjorn_registration).await, "two uploads, two objects");
    assert_eq!(w.s.count(&format!("files WHERE storage_key = '{}'", key_of(&w, &bjorn_registration).await)).await, 2);
}
