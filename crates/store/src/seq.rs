//! Integer keys beside the text ids (migration 0038): companies, candidates, applications, notes and files each
//! have a `seq`, unique in its table, by which the search index names them (1–8 bytes where an id takes 37;
//! docs/adr/0024-the-search-index-bytes.md). Ids stay what everything outside the database sees.

use crate::{Backend, Conn, StoreError};

/// A table whose rows carry a `seq`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Companies,
    Candidates,
    Applications,
    Notes,
    Files,
}

impl Table {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Table::Companies => "companies",
            Table::Candidates => "candidates",
            Table::Applications => "applications",
            Table::Notes => "notes",
            Table::Files => "files",
        }
    }
}

/// `n` new seqs of `table`, ascending. Call it in the write transaction that inserts the rows: on SQLite the
/// numbers follow the table's largest, which only the one writer holding the write lock may rely on; on
/// PostgreSQL they come from the table's sequence, which never hands out a number twice.
pub async fn reserve(conn: &mut Conn, table: Table, n: usize) -> Result<Vec<i64>, StoreError> {
    if n == 0 {
        return Ok(Vec::new());
    }
    let count = i64::try_from(n).unwrap_or(i64::MAX);
    match Backend::from_name(conn.backend_name()) {
        Backend::Sqlite => {
            let largest: i64 = sqlx::query_scalar(&format!("SELECT COALESCE(MAX(seq), 0) FROM {}", table.name()))
                .fetch_one(&mut *conn)
                .await?;
            Ok((largest + 1..=largest + count).collect())
        }
        Backend::Postgres => {
            let mut seqs: Vec<i64> =
                sqlx::query_scalar(&format!("SELECT nextval('{}_seq') FROM generate_series(1, $1)", table.name()))
                    .bind(count)
                    .fetch_all(&mut *conn)
                    .await?;
            seqs.sort_unstable();
            Ok(seqs)
        }
    }
}

/// One new seq of `table` (see `reserve`).
pub async fn next(conn: &mut Conn, table: Table) -> Result<i64, StoreError> {
    reserve(conn, table, 1).await?.pop().ok_or(StoreError::NoSeq { table: table.name() })
}
