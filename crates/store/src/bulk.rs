//! Many rows in few statements: multi-row `INSERT … VALUES (…), (…)` for loading large amounts of data (the demo
//! data generator). Statements stay under SQLite's and PostgreSQL's limits on bind parameters.

use crate::{Conn, StoreError};

/// One value of a row.
#[derive(Clone, Debug)]
pub enum Val {
    Text(String),
    Int(i64),
    Bytes(Vec<u8>),
    /// NULLs are typed: PostgreSQL checks a parameter's type against its column.
    NullText,
    NullInt,
}

impl From<&str> for Val {
    fn from(s: &str) -> Val {
        Val::Text(s.to_string())
    }
}

impl From<String> for Val {
    fn from(s: String) -> Val {
        Val::Text(s)
    }
}

impl From<i64> for Val {
    fn from(n: i64) -> Val {
        Val::Int(n)
    }
}

impl From<Option<String>> for Val {
    fn from(v: Option<String>) -> Val {
        v.map_or(Val::NullText, Val::Text)
    }
}

impl From<Option<i64>> for Val {
    fn from(v: Option<i64>) -> Val {
        v.map_or(Val::NullInt, Val::Int)
    }
}

/// Brings planner statistics up to date after part of a bulk load (`finished`: all of it); see
/// `Backend::after_bulk_load`.
pub async fn after_load(conn: &mut Conn, backend: crate::Backend, finished: bool) -> Result<(), StoreError> {
    Ok(crate::backend::run(conn, backend.after_bulk_load(finished)).await?)
}

/// Parameters per statement. Both backends allow far more (SQLite 32,766, PostgreSQL 65,535), but binding gets
/// slower than linear with sqlx's `Any` driver: 20,000 demo candidates took 193 s at 30,000, 17.0 s at 200 and
/// 15.9 s at 500 (release build, SQLite, `ansett demo-data --candidates 20000`).
const MAX_PARAMS: usize = 500;

/// Inserts `rows` (each with one value per column) into `table`.
pub async fn insert(conn: &mut Conn, table: &str, columns: &[&str], rows: &[Vec<Val>]) -> Result<(), StoreError> {
    if columns.is_empty() {
        return Ok(());
    }
    // A row of the wrong length would shift every value after it into the wrong column.
    if rows.iter().any(|r| r.len() != columns.len()) {
        return Err(StoreError::BulkRowShape { table: table.to_string() });
    }
    let per_statement = (MAX_PARAMS / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
        let mut n = 0;
        for (i, _) in chunk.iter().enumerate() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push('(');
            for c in 0..columns.len() {
                if c > 0 {
                    sql.push_str(", ");
                }
                n += 1;
                sql.push_str(&format!("${n}"));
            }
            sql.push(')');
        }
        let mut q = sqlx::query(&sql);
        for row in chunk {
            for v in row {
                q = match v {
                    Val::Text(s) => q.bind(s.as_str()),
                    Val::Int(i) => q.bind(*i),
                    Val::Bytes(b) => q.bind(b.as_slice()),
                    Val::NullText => q.bind(None::<String>),
                    Val::NullInt => q.bind(None::<i64>),
                };
            }
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

/// (demo, real) candidates of a company: demo ones have an address at `demo_domain`.
pub async fn demo_candidate_counts(
    conn: &mut Conn,
    company: &domain::CompanyId,
    demo_domain: &str,
) -> Result<(u64, u64), StoreError> {
    let (demo, all): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(CASE WHEN email_key LIKE $2 THEN 1 ELSE 0 END), 0), COUNT(*) FROM candidates \
         WHERE company_id = $1",
    )
    .bind(company.as_str())
    .bind(format!("%@{demo_domain}"))
    .fetch_one(conn)
    .await?;
    Ok((demo as u64, (all - demo) as u64))
}
