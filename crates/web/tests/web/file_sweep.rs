//! Files written before their application committed are swept when it never does: a crash between the two
//! (kill -9) used to leave them in the file store for ever. Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::scalar;
use crate::support::world::{application_of, candidate, world};

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_whose_application_never_committed_is_swept_after_its_grace() {
    let w = world().await;
    assert_eq!(w.s.count("object_sweep").await, 0, "every committed upload took its note back");
    let bjorn = candidate(&w.s, "bjorn@example.no").await;
    let (_, file) = application_of(&w.s, &bjorn, &w.registration).await;
    let kept = scalar(&w.s, format!("SELECT storage_key FROM files WHERE id = '{file}'")).await;
    let files = w.s.db.data_dir.join("files");

    // What a server killed between writing the object and committing its application leaves behind.
    let company = scalar(&w.s, "SELECT id FROM companies").await;
    let orphan = format!("{company}/0190aaaa-0000-7000-8000-000000000001");
    let now = store::now_ms();
    store::object_sweep::note_upload(&w.s.db().await, &orphan, now + 3_600_000).await.expect("note");
    std::fs::write(files.join(&orphan), b"%PDF-1.4 half an application").expect("object");
    // And a write killed halfway: its temporary file.
    let cut_off = files.join(format!("{company}/0190aaaa-0000-7000-8000-000000000002.part"));
    std::fs::write(&cut_off, b"%PDF-1.4 half a wri").expect("part");

    assert_eq!(w.s.app.sweep_files(now).await.expect("sweep"), 0, "not before its grace");
    assert!(files.join(&orphan).exists() && cut_off.exists());
    // A minute past the grace: the .part was written a moment after `now`.
    assert_eq!(w.s.app.sweep_files(now + 3_660_000).await.expect("sweep"), 2);
    assert!(!files.join(&orphan).exists(), "the orphan is gone");
    assert!(!cut_off.exists(), "the cut-off write is gone");
    assert!(files.join(&kept).exists(), "a file of an application stays");
    assert_eq!(w.s.count("object_sweep").await, 0);
    assert_eq!(w.s.app.sweep_files(now + 7_200_000).await.expect("sweep"), 0, "nothing twice");
}
