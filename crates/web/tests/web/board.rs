//! The board at any size: each step's column is headed by the step's true count and shows its newest page of
//! cards, with "Vis flere" (a plain link) for more of that column; cards beyond the first page can still be moved;
//! a Bruker sees the boards of their postings only. Both backends.

use crate::support::html::Page;
use crate::support::world::{applicants, step_of, world};
use crate::support::{location, Browser, Server};
use reqwest::StatusCode;

const PAGE: usize = app::DEFAULT_BOARD_PAGE as usize;

/// What a board page shows of one step's column.
#[derive(Debug)]
struct Column {
    count: usize,
    cards: Vec<String>,
    /// The "Vis flere" link, without its fragment.
    more: Option<String>,
}

/// The column headed `step` on a board page.
fn column(html: &str, step: &str) -> Column {
    let page = Page::parse(html);
    let sections = page.select("section.board__column");
    let section = sections.iter().find(|s| s.select_one("h2").own_text() == step);
    let section = section.unwrap_or_else(|| panic!("a column headed {step}: {}", page.trimmed()));
    let count = section.select_one("h2 .count").text();
    let count = count.trim_start_matches('(').trim_end_matches(')').parse().expect("count");
    let cards = section.select("[data-application]").into_iter().filter_map(|c| c.attr("data-application"));
    let more = section.select("p.board__more a[href]").first().map(|link| {
        assert_eq!(link.text(), "Vis flere", "the link reads Vis flere: {}", link.html());
        link.attr("href").unwrap_or_default().split('#').next().unwrap_or_default().to_string()
    });
    Column { count, cards: cards.map(String::from).collect(), more }
}

/// The step's applications on the board (not archived), newest first: the order its column shows.
async fn newest_first(s: &Server, step: &str) -> Vec<String> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    sqlx::query_scalar(
        "SELECT id FROM applications WHERE step_id = $1 AND archived_at IS NULL ORDER BY created_at DESC, id DESC",
    )
    .bind(step)
    .fetch_all(&mut *conn)
    .await
    .unwrap()
}

async fn board(b: &Browser, path: &str) -> String {
    let (status, html) = b.page(path).await;
    assert_eq!(status, StatusCode::OK, "{path}");
    html
}

#[tokio::test(flavor = "multi_thread")]
async fn each_column_shows_its_count_and_newest_page_and_vis_flere_shows_the_rest() {
    let w = world().await;
    applicants(&w.s, &w.registration, 2 * PAGE + 2).await;
    let screening = step_of(&w.s, &w.registration, "Screening").await;
    let newest = newest_first(&w.s, &screening).await;
    assert_eq!(newest.len(), 2 * PAGE + 3, "Bjørn and the applicants");
    // The oldest card (Bjørn's) has an evaluation: its summary comes with its card, on the last page only.
    let oldest = newest.last().unwrap();
    let r = w.admin.post_form(&format!("/applications/{oldest}/evaluate"), &[("recommendation", "strong_yes")]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let path = format!("/jobs/{}/board", w.registration);
    // The administrator, and the agency on the posting's hiring team, page through the same column.
    for (who, viewer) in [("administrator", &w.admin), ("agency", &w.agency)] {
        let mut html = board(viewer, &path).await;
        let mut pages = 1;
        loop {
            let col = column(&html, "Screening");
            let shown = (pages * PAGE).min(newest.len());
            assert_eq!(col.count, newest.len(), "{who}: the heading counts every card, page {pages}");
            assert_eq!(col.cards, newest[..shown], "{who}: the newest {shown}, newest first");
            assert_eq!(html.contains("Vurderinger: 1 × Sterkt ja"), shown == newest.len(), "{who}, page {pages}");
            let empty = column(&html, "Sourcet videre");
            assert!(empty.count == 0 && empty.cards.is_empty() && empty.more.is_none(), "{who}: {empty:?}");
            let Some(more) = col.more else {
                assert_eq!(shown, newest.len(), "{who}: no link while cards are hidden");
                break;
            };
            assert_eq!(more, format!("{path}?show={screening}.{}", shown + PAGE), "{who}");
            html = board(viewer, &more).await;
            pages += 1;
        }
        assert_eq!(pages, 3, "{who}: two pages and the rest");
    }

    // The agency of another firm finds no board, with or without a page asked for.
    let more = format!("{path}?show={screening}.{}", 2 * PAGE);
    assert_eq!(w.other_agency.get(&more).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(w.agency.get(&format!("/jobs/{}/board?show={screening}.99", w.other)).await.status(), 404);
    // Unreadable or foreign paging is the first page; fewer than a page is a page.
    for junk in ["show=nonsense", "show=.5", &format!("show={screening}.x"), &format!("show={screening}.3"), "show"] {
        let col = column(&board(&w.admin, &format!("{path}?{junk}")).await, "Screening");
        assert_eq!(col.cards, newest[..PAGE], "?{junk}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn cards_beyond_the_first_page_move_and_archive_and_the_counts_follow() {
    let w = world().await;
    applicants(&w.s, &w.registration, PAGE + 1).await;
    let screening = step_of(&w.s, &w.registration, "Screening").await;
    let onward = step_of(&w.s, &w.registration, "Sourcet videre").await;
    let newest = newest_first(&w.s, &screening).await;
    let (hidden, archived) = (&newest[PAGE + 1], &newest[PAGE]);
    let path = format!("/jobs/{}/board", w.registration);
    let first = board(&w.agency, &path).await;
    assert!(!first.contains(hidden.as_str()), "beyond the first page");

    // "Flytt" from the card (the second page shows it), as the agency on the team.
    let more = column(&first, "Screening").more.expect("Vis flere");
    Page::parse(&board(&w.agency, &more).await).assert_has(&format!("form[action='/applications/{hidden}/move']"));
    let r = w.agency.post_form(&format!("/applications/{hidden}/move"), &[("step", &onward), ("back", "board")]).await;
    assert_eq!(location(&r), format!("{path}?moved=1"));
    let r = w.admin.post_form(&format!("/applications/{archived}/archive"), &[]).await;
    assert_eq!(r.status(), StatusCode::SEE_OTHER);

    let html = board(&w.agency, &format!("{path}?moved=1")).await;
    let col = column(&html, "Screening");
    assert_eq!((col.count, col.cards.as_slice()), (PAGE, &newest[..PAGE]), "one moved, one archived");
    assert!(col.more.is_none(), "every card fits on the page now");
    let onward_col = column(&html, "Sourcet videre");
    assert_eq!((onward_col.count, onward_col.cards), (1, vec![hidden.clone()]));
}
