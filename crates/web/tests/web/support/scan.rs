//! The proof that nothing of a person is left: every text and blob column of every table, read from the
//! database's own catalog (so a column added later is scanned too), every object in the file store and every
//! logged email (`.eml`), searched for the person's values.

use super::Server;

/// Every text and blob column of every table, from the database's own catalog: (table, column, bytes).
async fn columns(s: &Server) -> Vec<(String, String, bool)> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    if s.db.is_postgres() {
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT c.table_name::text, c.column_name::text, c.data_type::text FROM information_schema.columns c \
             JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
             WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' \
             AND c.data_type IN ('text', 'bytea', 'character varying', 'character', 'json', 'jsonb')",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        rows.into_iter().map(|(t, c, ty)| (t, c, ty == "bytea")).collect()
    } else {
        // Any column that is not declared an integer may hold text or bytes in SQLite; read each as bytes.
        let rows: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT m.name, p.name, UPPER(p.type) FROM sqlite_master m, pragma_table_info(m.name) p \
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
        )
        .fetch_all(&mut *conn)
        .await
        .unwrap();
        rows.into_iter().filter(|(_, _, ty)| !ty.contains("INT")).map(|(t, c, _)| (t, c, true)).collect()
    }
}

/// The non-null values of one column, as bytes.
async fn values(s: &Server, table: &str, column: &str, bytes: bool) -> Vec<Vec<u8>> {
    let db = s.db().await;
    let mut conn = db.conn().await.unwrap();
    if !s.db.is_postgres() {
        let sql = format!("SELECT CAST(\"{column}\" AS BLOB) FROM \"{table}\" WHERE \"{column}\" IS NOT NULL");
        sqlx::query_scalar(&sql).fetch_all(&mut *conn).await.unwrap()
    } else if bytes {
        let sql = format!("SELECT \"{column}\" FROM \"{table}\" WHERE \"{column}\" IS NOT NULL");
        sqlx::query_scalar(&sql).fetch_all(&mut *conn).await.unwrap()
    } else {
        let sql = format!("SELECT \"{column}\"::text FROM \"{table}\" WHERE \"{column}\" IS NOT NULL");
        let texts: Vec<String> = sqlx::query_scalar(&sql).fetch_all(&mut *conn).await.unwrap();
        texts.into_iter().map(String::into_bytes).collect()
    }
}

/// What every text and blob column of every table but `skip` holds, one line per column (its values sorted, so
/// the order rows come back in does not matter): equal before and after means no text was written.
pub async fn fingerprint(s: &Server, skip: &[&str]) -> Vec<String> {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut out = Vec::new();
    for (table, column, bytes) in columns(s).await {
        if skip.contains(&table.as_str()) {
            continue;
        }
        let mut v = values(s, &table, &column, bytes).await;
        v.sort();
        let mut h = DefaultHasher::new();
        v.hash(&mut h);
        out.push(format!("{table}.{column}: {} values, {:x}", v.len(), h.finish()));
    }
    out.sort();
    out
}

fn hits_in(place: &str, bytes: &[u8], needles: &[&str], out: &mut Vec<String>) {
    let lower = bytes.to_ascii_lowercase();
    for needle in needles {
        if lower.windows(needle.len()).any(|w| w == needle.as_bytes()) {
            out.push(format!("{place}: {needle}"));
        }
    }
}

fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Where any of `needles` (lower case) is still stored: every text/blob column of every table, every object in
/// the file store and every logged email (`.eml`).
pub async fn scan(s: &Server, needles: &[&str]) -> Vec<String> {
    let cols = columns(s).await;
    let names: Vec<String> = cols.iter().map(|(t, c, _)| format!("{t}.{c}")).collect();
    for known in ["candidates.first_name", "files.text_content", "outbox.body_text", "search_terms.term", "notes.body"]
    {
        assert!(names.iter().any(|n| n == known), "the catalog lists {known}: {names:?}");
    }
    let mut out = Vec::new();
    for (table, column, bytes) in cols {
        for v in values(s, &table, &column, bytes).await {
            hits_in(&format!("{table}.{column}"), &v, needles, &mut out);
        }
    }
    let mut files = Vec::new();
    for dir in ["files", "outbox"] {
        walk(&s.db.data_dir.join(dir), &mut files);
    }
    for f in files {
        hits_in(&f.display().to_string(), &std::fs::read(&f).unwrap(), needles, &mut out);
    }
    out.sort();
    out.dedup();
    out
}
