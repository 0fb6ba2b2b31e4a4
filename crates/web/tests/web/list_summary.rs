//! The summaries the Kandidater list and the Stillinger counts read (store::list_summary): every way an
//! application is written — applying, moving, rejecting, archiving, restoring, sourcing, the bulk actions — leaves
//! them exactly as a recomputation from the applications would. Both backends (`ANSETT_TEST_DATABASE`).

use crate::support::world::{application_in, application_of, step_of, world, World};
use crate::support::{scalar, Browser};
use reqwest::StatusCode;

type Kept = (Vec<(String, Option<String>, Option<i64>, i64)>, Vec<(String, i64)>);

async fn kept(w: &World) -> Kept {
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    let candidates = sqlx::query_as(
        "SELECT id, latest_application_id, latest_applied_at, open_applications FROM candidates ORDER BY id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    let steps = sqlx::query_as(
        "SELECT s.id, CAST(COALESCE(SUM(n.active_applications), 0) AS BIGINT) FROM pipeline_steps s \
         LEFT JOIN step_counts n ON n.company_id = s.company_id AND n.step_id = s.id GROUP BY s.id ORDER BY s.id",
    )
    .fetch_all(&mut *conn)
    .await
    .unwrap();
    (candidates, steps)
}

/// The kept summaries equal a recomputation; returns them.
async fn in_step(w: &World, after: &str) -> Kept {
    let before = kept(w).await;
    let stale: i64 = {
        let db = w.s.db().await;
        let mut conn = db.conn().await.unwrap();
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM search_terms t JOIN candidates c ON c.seq = t.candidate_seq \
             WHERE t.latest_applied_at IS DISTINCT FROM c.latest_applied_at",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    assert_eq!(stale, 0, "after {after}: search terms carry their candidate's list date");
    let miscounted: i64 = {
        let db = w.s.db().await;
        let mut conn = db.conn().await.unwrap();
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM candidates c WHERE c.open_applications <> (SELECT COUNT(*) FROM applications a \
             WHERE a.company_id = c.company_id AND a.candidate_id = c.id AND a.archived_at IS NULL)",
        )
        .fetch_one(&mut *conn)
        .await
        .unwrap()
    };
    assert_eq!(miscounted, 0, "after {after}: candidates carry their number of applications not archived");
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    store::list_summary::rebuild_all(&mut conn).await.unwrap();
    assert_eq!(before, kept(w).await, "after {after}: kept summaries differ from the applications");
    before
}

async fn latest(w: &World, candidate: &str) -> Option<String> {
    let (candidates, _) = kept(w).await;
    candidates.into_iter().find(|(id, ..)| id == candidate).and_then(|(_, app, ..)| app)
}

async fn post(b: &Browser, path: &str, form: &[(&str, &str)]) -> StatusCode {
    b.post_form(path, form).await.status()
}

fn names_in(html: &str) -> usize {
    html.matches("<td><a href=\"/candidates/").count()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_write_keeps_the_summaries_exact() {
    let w = world().await;
    let (reg_app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let (other_app, _) = application_of(&w.s, &w.both, &w.other).await;
    let (_, steps) = in_step(&w, "applying").await;
    let reg_screening = step_of(&w.s, &w.registration, "Screening").await;
    let other_screening = step_of(&w.s, &w.other, "Screening").await;
    let count = |steps: &[(String, i64)], step: &str| steps.iter().find(|(id, _)| id == step).map(|(_, n)| *n);
    assert_eq!(count(&steps, &reg_screening), Some(1));
    assert_eq!(count(&steps, &other_screening), Some(2));
    assert_eq!(latest(&w, &w.both).await.as_deref(), Some(other_app.as_str()), "the newest application");

    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let moved = post(&w.admin, &format!("/applications/{reg_app}/move"), &[("step", &onward)]).await;
    assert_eq!(moved, StatusCode::SEE_OTHER);
    let (_, steps) = in_step(&w, "a move").await;
    assert_eq!((count(&steps, &reg_screening), count(&steps, &onward)), (Some(0), Some(1)));

    let rejected = post(&w.admin, &format!("/applications/{other_app}/reject"), &[("reason", "not_qualified")]).await;
    assert_eq!(rejected, StatusCode::SEE_OTHER);
    let (_, steps) = in_step(&w, "a rejection").await;
    assert_eq!(count(&steps, &other_screening), Some(1));
    assert_eq!(latest(&w, &w.both).await.as_deref(), Some(reg_app.as_str()), "the newest not archived");

    assert_eq!(post(&w.admin, &format!("/applications/{other_app}/restore"), &[]).await, StatusCode::SEE_OTHER);
    in_step(&w, "a restore").await;
    assert_eq!(latest(&w, &w.both).await.as_deref(), Some(other_app.as_str()));

    // Bulk: archive all of Bjørn's applications; he leaves the default list but not "Arkiverte: alle".
    let archived =
        post(&w.recruiter, "/candidates/archive", &[("stage", "archive"), ("posting", ""), ("candidate", &w.both)])
            .await;
    assert_eq!(archived, StatusCode::OK);
    in_step(&w, "bulk archive").await;
    assert_eq!(latest(&w, &w.both).await, None);
    let (_, list) = w.admin.page("/candidates").await;
    assert!(!list.contains(&w.both) && names_in(&list) == 1, "only Dina");
    let (_, list) = w.admin.page("/candidates?arkiverte=alle").await;
    assert!(list.contains(&w.both) && names_in(&list) == 2);

    // Sourcing Dina into Registration, then moving her there in bulk.
    let sourced = post(
        &w.admin,
        "/candidates/source",
        &[("stage", "source"), ("posting", &w.registration), ("candidate", &w.only_other)],
    )
    .await;
    assert_eq!(sourced, StatusCode::OK);
    in_step(&w, "sourcing").await;
    let (dina_reg, _, _) = application_in(&w.s, &w.only_other, &w.registration).await;
    assert_eq!(latest(&w, &w.only_other).await, Some(dina_reg.clone()), "the sourced application is the newest");
    let bulk_moved = post(
        &w.recruiter,
        "/candidates/move",
        &[("stage", "move"), ("posting", &w.registration), ("step", &onward), ("candidate", &w.only_other)],
    )
    .await;
    assert_eq!(bulk_moved, StatusCode::OK);
    let (_, steps) = in_step(&w, "bulk move").await;
    assert_eq!(scalar(&w.s, format!("SELECT step_id FROM applications WHERE id = '{dina_reg}'")).await, onward);
    assert_eq!(count(&steps, &onward), Some(1), "Bjørn's is archived; Dina's counts");

    // The Stillinger list shows the kept counts.
    let (_, jobs) = w.admin.page("/jobs").await;
    assert!(jobs.contains("Registration") && jobs.contains("Utvikler"));
}

/// On PostgreSQL the step counts are updated in place (see `Backend::after_migrate`): the table leaves room in its
/// pages, set by the migration and kept when migrated again. SQLite has no such setting.
#[tokio::test(flavor = "multi_thread")]
async fn step_counts_leave_room_for_updates_in_place_on_postgresql() {
    let s = crate::support::Server::start().await;
    let db = s.db().await;
    if db.backend() != store::Backend::Postgres {
        return;
    }
    let options = "SELECT CAST(reloptions AS TEXT) FROM pg_class WHERE oid = 'step_counts'::regclass";
    assert_eq!(scalar(&s, options).await, "{fillfactor=50}");
    db.migrate().await.expect("migrating again");
    assert_eq!(scalar(&s, options).await, "{fillfactor=50}");
}
