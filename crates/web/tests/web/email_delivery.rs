//! An email the outbox accepted is delivered once: a delivery worker killed mid-batch (here: its pass dropped
//! while the SMTP server holds its answer to the third email) repeats at most that one email, under the same
//! Message-ID, once another pass picks the batch up after the lease. Both backends (`ANSETT_TEST_DATABASE`).

use std::collections::BTreeMap;
use std::time::Duration;

use crate::support::{scalar, Server};
use mail::testing::SmtpSink;

fn message_id(data: &str) -> String {
    data.lines()
        .find_map(|l| l.strip_prefix("Message-ID: ").or_else(|| l.strip_prefix("Message-Id: ")))
        .expect("a Message-ID")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_killed_mid_batch_repeats_at_most_the_email_in_flight() {
    let sink = SmtpSink::start().await;
    let s = Server::builder().smtp(sink.url()).start().await;
    s.set_up().await;
    s.app.mailer().deliver_due().await.expect("setup's emails, if any");
    let before = sink.received().len();
    let company = domain::CompanyId::from_db(scalar(&s, "SELECT id FROM companies").await);
    let db = s.db().await;
    let mut conn = db.conn().await.expect("conn");
    for i in 1..=5 {
        let email = store::outbox::NewEmail {
            company_id: company.clone(),
            to_address: format!("kandidat{i}@example.no"),
            to_name: format!("Kandidat {i}"),
            reply_to: None,
            subject: format!("Melding {i}"),
            body_text: "Hei".into(),
            body_html: "<p>Hei</p>".into(),
            candidate_id: None,
            calendar: None,
        };
        store::outbox::enqueue(&mut conn, &email, "test.example", store::now_ms()).await.expect("queue");
    }

    // The SMTP server keeps the third email but never answers it: the worker hangs there and is killed.
    sink.stall_after(Some(before + 2));
    let pass = tokio::time::timeout(Duration::from_secs(3), s.app.mailer().deliver_due()).await;
    assert!(pass.is_err(), "the pass hung on the third email");
    assert_eq!(sink.received().len(), before + 3);

    // Its lease runs out (made so here instead of waited for); another server's worker delivers the rest.
    sink.stall_after(None);
    let second = s.second_app().await;
    sqlx::query("UPDATE outbox SET locked_until = $1 WHERE locked_until IS NOT NULL")
        .bind(store::now_ms() - 1)
        .execute(&mut *conn)
        .await
        .expect("lease over");
    let pass = tokio::time::timeout(Duration::from_secs(60), second.mailer().deliver_due()).await;
    assert_eq!(pass.expect("in time").expect("pass"), 3, "the one in flight and the two after it");

    let mut copies: BTreeMap<String, usize> = BTreeMap::new();
    for m in &sink.received()[before..] {
        *copies.entry(message_id(&m.data)).or_default() += 1;
    }
    assert_eq!(copies.len(), 5, "every email arrived");
    let repeated: Vec<_> = copies.values().filter(|n| **n > 1).collect();
    assert_eq!(repeated, [&2], "only the email in flight came twice, under one Message-ID: {copies:?}");
    let sent = scalar(&s, "SELECT COUNT(*) || '' FROM outbox WHERE status = 'sent'").await;
    assert_eq!(sent.parse::<usize>().expect("count"), 5 + before);
}
