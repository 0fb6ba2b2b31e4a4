//! Step automations (issue 22, part 4): «Når en kandidat flyttes hit» in the posting form's «Steg N» fieldset —
//! an email template sent to the candidate (at once, or after a delay that a later move cancels) and/or an
//! assignment — run on every kind of move (one, bulk per candidate, the API). The delays run on the test's own
//! clock (`send_scheduled_emails(now)`). Both backends.

use crate::support::html::Page;
use crate::support::world::{api_key, application_of, email_template, step_of, world, World, PASSWORD};
use crate::support::{
    add_employee, location, post, registration, scalar, set, user_id, wait_until, within, Export, ADMIN_EMAIL,
};
use reqwest::StatusCode;

const HOUR: i64 = 3_600_000;
const RECRUITER: &str = "rek@fjordkraft.test";

/// «Du går videre»: every kind of placeholder the candidate's email can carry.
async fn onward_template(w: &World) -> String {
    email_template(
        &w.s,
        &w.admin,
        "Videre",
        "Du går videre, {{candidate.first_name}}",
        "Hei {{candidate.full_name}},\n\ndu går videre i {{job.title}} hos {{company.name}}.",
    )
    .await
}

/// One step's «Når en kandidat flyttes hit», as typed: template, delay, unit, assignee.
struct Automation<'a> {
    template: &'a str,
    delay: &'a str,
    unit: &'a str,
    assign: &'a str,
}

const NOTHING: Automation<'static> = Automation { template: "", delay: "", unit: "hours", assign: "" };

/// The posting form of `posting` (the world's «Registration» settings, its steps kept) with `automation` on its
/// second step «Sourcet videre»; the response.
async fn save_automation(w: &World, posting: &str, title: &str, automation: &Automation<'_>) -> reqwest::Response {
    save_automation_at(w, posting, title, 1, automation).await
}

/// As `save_automation`, on step `step` (0: «Screening», 1: «Sourcet videre»).
async fn save_automation_at(
    w: &World,
    posting: &str,
    title: &str,
    step: usize,
    automation: &Automation<'_>,
) -> reqwest::Response {
    let me = user_id(&w.s, ADMIN_EMAIL).await;
    let agency = user_id(&w.s, "byraa@agency.test").await;
    let team: Vec<&str> = if posting == w.registration { vec![&me, &agency] } else { vec![&me] };
    let mut form = registration(&me, &team, &[]);
    set(&mut form, "title", title);
    set(&mut form, "step_id_0", &step_of(&w.s, posting, "Screening").await);
    set(&mut form, "step_id_1", &step_of(&w.s, posting, "Sourcet videre").await);
    for (k, v) in [
        ("step_template", automation.template),
        ("step_delay", automation.delay),
        ("step_delay_unit", automation.unit),
        ("step_assign", automation.assign),
    ] {
        form.push((format!("{k}_{step}"), v.to_string()));
    }
    post(&w.admin, &format!("/jobs/{posting}/edit"), &form).await
}

async fn automate(w: &World, posting: &str, title: &str, automation: &Automation<'_>) {
    let r = save_automation(w, posting, title, automation).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "automation saved: {}", r.text().await.unwrap_or_default());
}

/// Moves an application through the profile's «Flytt»; the status.
async fn move_to(b: &crate::support::Browser, app: &str, step: &str) -> StatusCode {
    b.post_form(&format!("/applications/{app}/move"), &[("step", step)]).await.status()
}

/// (subject, body, automatic) of the emails queued to `to`, oldest first, but for the application confirmations.
async fn emails_to(w: &World, to: &str) -> Vec<(String, String, i64)> {
    let db = w.s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_as(
        "SELECT subject, body_text, automatic FROM outbox WHERE to_address = $1 \
         AND subject NOT LIKE 'Takk for registreringen%' ORDER BY created_at, id",
    )
    .bind(to)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn scheduled(w: &World) -> i64 {
    w.s.count("scheduled_emails").await
}

#[tokio::test]
async fn a_move_sends_the_steps_template_filled_for_the_candidate() {
    let w = world().await;
    let template = onward_template(&w).await;
    automate(&w, &w.registration, "Registration", &Automation { template: &template, ..NOTHING }).await;
    // The form shows what was saved.
    let (_, form) = w.admin.page(&format!("/jobs/{}/edit", w.registration)).await;
    assert!(
        form.contains("Når en kandidat flyttes hit") && form.contains("Send e-postmal") && form.contains("Tildel til")
    );
    let shown = Page::parse(&form);
    let chosen = shown.select(&format!("option[value='{template}'][selected]"));
    assert_eq!(chosen.iter().map(|o| o.text()).collect::<Vec<_>>(), ["Videre"], "{}", shown.trimmed());

    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    let sent = emails_to(&w, "bjorn@example.no").await;
    assert_eq!(sent.len(), 1, "one email: {sent:?}");
    let (subject, body, automatic) = &sent[0];
    assert_eq!(subject, "Du går videre, Bjørn");
    assert!(body.contains("Hei Bjørn Kandidat,") && body.contains("du går videre i Registration hos "), "{body}");
    assert_eq!(*automatic, 1);
    // On the timeline and in the email log, saying it was automatic; audited like a manual one.
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    assert!(profile.contains("Automatisk e-post sendt til kandidaten: «Du går videre, Bjørn»"), "{profile}");
    let (_, log) = w.admin.page("/settings/email-log").await;
    assert!(log.contains("Du går videre, Bjørn") && log.contains("Automatisk"), "{log}");
    assert_eq!(w.s.count("audit_events WHERE action = 'application.emailed'").await, 1);

    // Back to Screening (no automation): nothing more. In again through the API: once more.
    let screening = step_of(&w.s, &w.registration, "Screening").await;
    assert_eq!(move_to(&w.admin, &app, &screening).await, StatusCode::SEE_OTHER);
    assert_eq!(emails_to(&w, "bjorn@example.no").await.len(), 1);
    let key = api_key(&w.admin).await;
    let r = reqwest::Client::new()
        .post(format!("{}/api/v1/applications/{app}/move", w.s.base))
        .bearer_auth(&key)
        .json(&serde_json::json!({ "step_id": onward }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(emails_to(&w, "bjorn@example.no").await.len(), 2, "the API's move runs the automation too");
    // The API's board carries the automation.
    let board: serde_json::Value =
        crate::support::world::api_get(&w, &key, &format!("/postings/{}/applications", w.registration))
            .await
            .json()
            .await
            .unwrap();
    let steps = board["posting"]["steps"].as_array().unwrap();
    assert_eq!(steps[1]["automation"]["email_template"], serde_json::json!(template));
    assert_eq!(
        steps[0]["automation"],
        serde_json::json!({ "email_template": null, "delay_hours": 0, "assign_to": null })
    );
}

#[tokio::test]
async fn a_delayed_email_waits_for_its_time_and_is_cancelled_when_the_candidate_moves_on() {
    let w = world().await;
    let template = onward_template(&w).await;
    automate(&w, &w.registration, "Registration", &Automation { template: &template, delay: "2", ..NOTHING }).await;
    let (_, form) = w.admin.page(&format!("/jobs/{}/edit", w.registration)).await;
    let delay = "input[name=step_delay_1][type=number][min='0'][step='1'][inputmode=numeric]";
    assert_eq!(Page::parse(&form).field_value(delay), "2");
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let screening = step_of(&w.s, &w.registration, "Screening").await;

    let moved_at = store::now_ms();
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    assert!(emails_to(&w, "bjorn@example.no").await.is_empty(), "not at once");
    assert_eq!(scheduled(&w).await, 1);
    assert_eq!(w.s.app.send_scheduled_emails(moved_at + HOUR).await.unwrap(), 0, "an hour in: still waiting");
    assert!(emails_to(&w, "bjorn@example.no").await.is_empty());
    assert_eq!(w.s.app.send_scheduled_emails(moved_at + 3 * HOUR).await.unwrap(), 1, "two hours in: sent");
    let sent = emails_to(&w, "bjorn@example.no").await;
    assert_eq!(sent.iter().map(|e| (e.0.as_str(), e.2)).collect::<Vec<_>>(), [("Du går videre, Bjørn", 1)]);
    assert_eq!(scheduled(&w).await, 0);
    assert_eq!(w.s.app.send_scheduled_emails(moved_at + 4 * HOUR).await.unwrap(), 0, "once");
    let (_, profile) = w.admin.page(&format!("/candidates/{}", w.both)).await;
    assert!(profile.contains("Automatisk e-post sendt til kandidaten: «Du går videre, Bjørn»"));

    // Moved on before its time: cancelled.
    assert_eq!(move_to(&w.admin, &app, &screening).await, StatusCode::SEE_OTHER);
    let again = store::now_ms();
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    assert_eq!(scheduled(&w).await, 1);
    assert_eq!(move_to(&w.admin, &app, &screening).await, StatusCode::SEE_OTHER);
    assert_eq!(scheduled(&w).await, 0, "moving on cancels it");
    assert_eq!(w.s.app.send_scheduled_emails(again + 3 * HOUR).await.unwrap(), 0);

    // Rejected before its time: cancelled (and the pass would not send to a closed application anyway).
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    assert_eq!(scheduled(&w).await, 1);
    let r = w.admin.post_form(&format!("/applications/{app}/reject"), &[("reason", "not_qualified")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    assert_eq!(scheduled(&w).await, 0, "rejecting cancels it");
    assert_eq!(w.s.app.send_scheduled_emails(again + 3 * HOUR).await.unwrap(), 0);
    assert_eq!(emails_to(&w, "bjorn@example.no").await.len(), 1, "still only the first");
}

#[tokio::test]
async fn a_bulk_move_runs_the_automation_for_each_candidate() {
    let w = world().await;
    let template = onward_template(&w).await;
    automate(&w, &w.other, "Utvikler", &Automation { template: &template, ..NOTHING }).await;
    let onward = step_of(&w.s, &w.other, "Sourcet videre").await;
    let fields = [
        ("stage", "move"),
        ("posting", w.other.as_str()),
        ("step", onward.as_str()),
        ("candidate", w.both.as_str()),
        ("candidate", w.only_other.as_str()),
    ];
    let r = w.recruiter.post_form("/candidates/move", &fields).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bjorn = emails_to(&w, "bjorn@example.no").await;
    let dina = emails_to(&w, "dina@example.no").await;
    assert_eq!(bjorn.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), ["Du går videre, Bjørn"]);
    assert_eq!(dina.iter().map(|e| e.0.as_str()).collect::<Vec<_>>(), ["Du går videre, Dina"]);
    assert!(dina[0].1.contains("Hei Dina Kandidat,") && dina[0].1.contains("i Utvikler hos"));
    assert_eq!(
        w.s.count("activities WHERE kind = 'emailed' AND detail LIKE '%\"automatic\":true%'").await,
        2,
        "one timeline line each"
    );
}

#[tokio::test]
async fn a_template_deleted_afterwards_sends_nothing_and_the_form_says_so() {
    let w = world().await;
    let template = onward_template(&w).await;
    automate(
        &w,
        &w.registration,
        "Registration",
        &Automation { template: &template, delay: "1", unit: "days", assign: "" },
    )
    .await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let screening = step_of(&w.s, &w.registration, "Screening").await;
    let moved_at = store::now_ms();
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    assert_eq!(scheduled(&w).await, 1);

    let r = w.admin.post_form(&format!("/settings/email-templates/{template}/delete"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);
    // Due, but its template is gone: taken off the schedule, nothing sent.
    assert_eq!(w.s.app.send_scheduled_emails(moved_at + 25 * HOUR).await.unwrap(), 0);
    assert_eq!(scheduled(&w).await, 0);
    // A move into the step: no error page for the mover, nothing sent.
    assert_eq!(move_to(&w.admin, &app, &screening).await, StatusCode::SEE_OTHER);
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    assert_eq!(w.s.app.send_scheduled_emails(store::now_ms() + 25 * HOUR).await.unwrap(), 0);
    assert!(emails_to(&w, "bjorn@example.no").await.is_empty());
    let (_, form) = w.admin.page(&format!("/jobs/{}/edit", w.registration)).await;
    assert!(form.contains("E-postmalen dette steget sendte, er slettet. Ingen e-post sendes før du velger en ny."));
}

#[tokio::test]
async fn the_assign_automation_assigns_as_by_hand_even_when_a_bruker_moves() {
    let w = world().await;
    let rek = user_id(&w.s, RECRUITER).await;
    automate(&w, &w.registration, "Registration", &Automation { assign: &rek, ..NOTHING }).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    // The agency (a Bruker on the team) moves the candidate: the step assigns them to the recruiter.
    assert_eq!(move_to(&w.agency, &app, &onward).await, StatusCode::SEE_OTHER);
    assert_eq!(scalar(&w.s, format!("SELECT assigned_to FROM applications WHERE id = '{app}'")).await, rek);
    assert_eq!(emails_to(&w, RECRUITER).await.len(), 1, "the assignee is told, as by hand");
    assert_eq!(w.s.count("audit_events WHERE action = 'application.assigned'").await, 1);
    let (_, tasks) = w.recruiter.page("/tasks").await;
    assert!(tasks.contains("Bjørn Kandidat"), "«Mine oppgaver» lists it: {tasks}");
    // No email automation: nothing to the candidate.
    assert!(emails_to(&w, "bjorn@example.no").await.is_empty());
}

#[tokio::test]
async fn a_bruker_cannot_trigger_an_automation_through_an_application_they_may_not_see() {
    let w = world().await;
    let template = onward_template(&w).await;
    automate(&w, &w.other, "Utvikler", &Automation { template: &template, ..NOTHING }).await;
    let (app, _) = application_of(&w.s, &w.only_other, &w.other).await;
    let onward = step_of(&w.s, &w.other, "Sourcet videre").await;
    // The agency is not on «Utvikler»'s team: not found, nothing moved, nothing sent or scheduled.
    assert_eq!(move_to(&w.agency, &app, &onward).await, StatusCode::NOT_FOUND);
    assert!(emails_to(&w, "dina@example.no").await.is_empty());
    assert_eq!(scheduled(&w).await, 0);
    assert_ne!(scalar(&w.s, format!("SELECT step_id FROM applications WHERE id = '{app}'")).await, onward);
}

#[tokio::test]
async fn bad_automations_are_refused_by_field_and_change_nothing() {
    let w = world().await;
    let template = onward_template(&w).await;
    let foreign = crate::support::world::foreign_email_template(&w.s).await;
    add_employee(&w.s, domain::Role::Recruiter, "borte@fjordkraft.test", PASSWORD).await;
    let gone = user_id(&w.s, "borte@fjordkraft.test").await;
    w.s.execute(&format!("UPDATE employees SET status = 'deactivated' WHERE user_id = '{gone}'")).await;
    let before = scalar(&w.s, "SELECT COUNT(*) || '' FROM pipeline_steps WHERE auto_template_id IS NOT NULL").await;
    for (automation, field, message) in [
        (Automation { template: &foreign, ..NOTHING }, "step_template_1", "Ugyldig verdi."),
        (
            Automation { template: &template, delay: "-3", ..NOTHING },
            "step_delay_1",
            "Skriv et helt tall fra 0 til 2160.",
        ),
        (Automation { template: &template, delay: "91", unit: "days", assign: "" }, "step_delay_1", "fra 0 til 90."),
        (Automation { template: &template, delay: "2", unit: "weeks", assign: "" }, "step_delay_1", "Ugyldig verdi."),
        (Automation { template: "", delay: "2", ..NOTHING }, "step_template_1", "Feltet må fylles ut."),
        (
            Automation { assign: &gone, ..NOTHING },
            "step_assign_1",
            "Personen er deaktivert og kan ikke få tildelt søknader.",
        ),
    ] {
        let r = save_automation(&w, &w.registration, "Registration", &automation).await;
        assert_eq!(r.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field} {}", automation.delay);
        let page = r.text().await.unwrap();
        let error = format!("<p class=\"field__error\" id=\"f-{field}-error\">");
        let at = page.find(&error).unwrap_or_else(|| panic!("{field}: {page}"));
        assert!(
            page[at..].starts_with(&format!("{error}{message}")) || page[at..at + 200].contains(message),
            "{message}"
        );
        let shown = Page::parse(&page);
        assert!(shown.has(&format!("[id='{field}']")) || shown.has(&format!("[id='f-{field}']")), "{field}");
    }
    let after = scalar(&w.s, "SELECT COUNT(*) || '' FROM pipeline_steps WHERE auto_template_id IS NOT NULL").await;
    assert_eq!(before, after, "nothing saved");
}

#[tokio::test]
async fn waiting_emails_are_in_the_export_and_gone_with_the_candidate() {
    let w = world().await;
    let template = onward_template(&w).await;
    automate(&w, &w.registration, "Registration", &Automation { template: &template, delay: "3", ..NOTHING }).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let moved_at = store::now_ms();
    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);

    let export = Export::read(w.admin.get(&format!("/candidates/{}/export", w.both)).await).await;
    let waiting = export.json["scheduled_emails"].as_array().expect("scheduled_emails in the export").clone();
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0]["template"], "Videre");
    assert_eq!(waiting[0]["application"], serde_json::json!(app));

    let r = w.admin.post_form(&format!("/candidates/{}/delete", w.both), &[]).await;
    assert_eq!(location(&r), "/candidates");
    assert_eq!(scheduled(&w).await, 0, "anonymising cancels it");
    assert_eq!(w.s.app.send_scheduled_emails(moved_at + 4 * HOUR).await.unwrap(), 0);
}

/// Sourcing («Source til utlysning») is a way into a step too: the step's automation runs, in the same
/// transaction, as for a move — the email at once or scheduled, the assignment.
#[tokio::test(flavor = "multi_thread")]
async fn sourcing_into_a_step_runs_its_automation() {
    let w = world().await;
    let template = onward_template(&w).await;
    let rek = user_id(&w.s, RECRUITER).await;
    let at_once = Automation { template: &template, assign: &rek, ..NOTHING };
    let r = save_automation_at(&w, &w.registration, "Registration", 0, &at_once).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let dina = scalar(&w.s, format!("SELECT email FROM candidates WHERE id = '{}'", w.only_other)).await;
    let (status, page) = crate::support::world::source(&w.admin, "", &w.registration, &[&w.only_other]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (app, step, _) = crate::support::world::application_in(&w.s, &w.only_other, &w.registration).await;
    assert_eq!(step, step_of(&w.s, &w.registration, "Screening").await, "in the automated step");
    let sent = emails_to(&w, &dina).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!((sent[0].0.as_str(), sent[0].2), ("Du går videre, Dina", 1));
    assert_eq!(scalar(&w.s, format!("SELECT assigned_to FROM applications WHERE id = '{app}'")).await, rek);
    assert_eq!(emails_to(&w, RECRUITER).await.len(), 1, "the assignee is told");
    assert_eq!(w.s.count("audit_events WHERE action = 'application.assigned'").await, 1);

    // One already in the posting is skipped: nothing runs for them.
    let r = save_automation_at(&w, &w.other, "Utvikler", 0, &at_once).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER, "{}", r.text().await.unwrap_or_default());
    let (status, page) = crate::support::world::source(&w.admin, "", &w.other, &[&w.both]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(emails_to(&w, "bjorn@example.no").await.is_empty());
    assert_eq!(emails_to(&w, RECRUITER).await.len(), 1);
}

/// The worker sends a delayed email when it is due, not at its next round: woken by the move that scheduled it,
/// it sleeps until exactly the due time on the test's clock. A second server's worker, not woken, finds it taken.
#[tokio::test(flavor = "multi_thread")]
async fn the_worker_sends_a_delayed_email_at_its_time_and_once_across_servers() {
    use app::schedule::{Clock, ManualClock, LONGEST_SLEEP_MS};
    let w = world().await;
    let template = onward_template(&w).await;
    automate(&w, &w.registration, "Registration", &Automation { template: &template, delay: "1", ..NOTHING }).await;
    let (app, _) = application_of(&w.s, &w.both, &w.registration).await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    // The workers' clocks start just before the hour will be up, so the due time is sooner than their longest sleep.
    let start = store::now_ms() + HOUR - 10_000;
    let (one, two) = (ManualClock::new(start), ManualClock::new(start));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let run = |a: app::App, c: &std::sync::Arc<ManualClock>| {
        let mut stopped = stopped.clone();
        tokio::spawn(a.run_scheduled_emails(Clock::Manual(c.clone()), async move {
            let _ = stopped.wait_for(|s| *s).await;
        }))
    };
    let workers = [run(w.s.app.clone(), &one), run(w.s.second_app().await, &two)];
    within("idle workers sleep their longest", async {
        one.worker_sleeps_until(start + LONGEST_SLEEP_MS).await;
        two.worker_sleeps_until(start + LONGEST_SLEEP_MS).await;
    })
    .await;

    assert_eq!(move_to(&w.admin, &app, &onward).await, StatusCode::SEE_OTHER);
    let due: i64 = scalar(&w.s, "SELECT CAST(due_at AS TEXT) FROM scheduled_emails").await.parse().unwrap();
    assert!(due > start && due < start + LONGEST_SLEEP_MS, "{due} {start}");
    within("the move wakes the worker, which sleeps until the email is due", one.worker_sleeps_until(due)).await;
    for clock in [&one, &two] {
        clock.set(due - 1);
    }
    assert_eq!(one.sleeping_until(), Some(due));
    assert!(emails_to(&w, "bjorn@example.no").await.is_empty(), "not before its time");
    for clock in [&one, &two] {
        clock.set(due);
    }
    wait_until("sent when due", || async { !emails_to(&w, "bjorn@example.no").await.is_empty() }).await;
    assert_eq!(scheduled(&w).await, 0);
    // The second server's round comes: nothing left for it.
    let later = start + LONGEST_SLEEP_MS;
    two.set(later);
    within("the second worker's next round", two.worker_sleeps_until(later + LONGEST_SLEEP_MS)).await;
    let sent = emails_to(&w, "bjorn@example.no").await;
    assert_eq!(sent.iter().map(|e| (e.0.as_str(), e.2)).collect::<Vec<_>>(), [("Du går videre, Bjørn", 1)]);
    stop.send_replace(true);
    for worker in workers {
        worker.await.unwrap();
    }
}
