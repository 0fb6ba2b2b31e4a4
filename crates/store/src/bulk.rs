//! Many rows in few statements: multi-row `INSERT … VALUES (…), (…)` for loading large amounts of data (the demo
//! data generator). Statements stay under SQLite's and PostgreSQL's limits on bind parameters.

use crate::{Backend, Conn, StoreError};

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
pub async fn after_load(conn: &mut Conn, backend: Backend, finished: bool) -> Result<(), StoreError> {
    Ok(crate::backend::run(conn, backend.after_bulk_load(finished)).await?)
}

/// Parameters per statement, far below both backends' limits (SQLite 32,766, PostgreSQL 65,535). With SQLite's
/// anonymous parameters (`statement`), 2,000 loaded 100,000 demo candidates in 50 s and 500 in 59 s.
const MAX_PARAMS: usize = 2000;

/// Inserts `rows` (each with one value per column) into `table`.
pub async fn insert(conn: &mut Conn, table: &str, columns: &[&str], rows: &[Vec<Val>]) -> Result<(), StoreError> {
    if columns.is_empty() {
        return Ok(());
    }
    // A row of the wrong length would shift every value after it into the wrong column.
    if rows.iter().any(|r| r.len() != columns.len()) {
        return Err(StoreError::BulkRowShape { table: table.to_string() });
    }
    let backend = Backend::from_name(conn.backend_name());
    let per_statement = (MAX_PARAMS / columns.len()).max(1);
    for chunk in rows.chunks(per_statement) {
        let sql = statement(backend, table, columns, chunk.len());
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

/// `INSERT INTO table (columns) VALUES (…), …` for `rows` rows, its parameters in row order. On SQLite they are
/// anonymous (`?`): sqlx finds each named one (`$n`) by asking SQLite for its name, which walks the statement's
/// list of names, so binding `$n` parameters took time quadratic in their number (a fifth of `demo-data`'s time
/// at 500 a statement; docs/benchmarks.md, twenty-first session). PostgreSQL numbers them, as it must.
fn statement(backend: Backend, table: &str, columns: &[&str], rows: usize) -> String {
    let mut sql = format!("INSERT INTO {table} ({}) VALUES ", columns.join(", "));
    let mut n = 0;
    for i in 0..rows {
        if i > 0 {
            sql.push_str(", ");
        }
        sql.push('(');
        for c in 0..columns.len() {
            if c > 0 {
                sql.push_str(", ");
            }
            n += 1;
            match backend {
                Backend::Sqlite => sql.push('?'),
                Backend::Postgres => {
                    sql.push('$');
                    sql.push_str(&n.to_string());
                }
            }
        }
        sql.push(')');
    }
    sql
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::TestDatabase;
    use crate::Db;

    /// More rows than one statement takes, with every kind of value: each lands in its own columns, in order,
    /// on the backend under test.
    #[tokio::test]
    async fn rows_of_several_statements_land_in_their_own_columns() {
        let test = TestDatabase::create().await;
        let db = Db::connect(&test.url).await.expect("connect");
        let mut conn = db.conn().await.expect("conn");
        sqlx::query("CREATE TABLE loaded (n BIGINT NOT NULL, label TEXT, raw BYTEA, maybe BIGINT)")
            .execute(&mut *conn)
            .await
            .expect("create");
        let columns = ["n", "label", "raw", "maybe"];
        let count = MAX_PARAMS / columns.len() * 2 + 7;
        let rows: Vec<Vec<Val>> = (0..count as i64)
            .map(|n| {
                vec![
                    Val::Int(n),
                    if n % 3 == 0 { Val::NullText } else { Val::Text(format!("row {n}")) },
                    Val::Bytes(n.to_be_bytes().to_vec()),
                    if n % 2 == 0 { Val::Int(-n) } else { Val::NullInt },
                ]
            })
            .collect();
        insert(&mut conn, "loaded", &columns, &rows).await.expect("insert");

        type Row = (i64, Option<String>, Vec<u8>, Option<i64>);
        let stored: Vec<Row> = sqlx::query_as("SELECT n, label, raw, maybe FROM loaded ORDER BY n")
            .fetch_all(&mut *conn)
            .await
            .expect("read");
        assert_eq!(stored.len(), count);
        for (n, label, raw, maybe) in stored {
            assert_eq!(label, (n % 3 != 0).then(|| format!("row {n}")), "label of {n}");
            assert_eq!(raw, n.to_be_bytes().to_vec(), "raw of {n}");
            assert_eq!(maybe, (n % 2 == 0).then_some(-n), "maybe of {n}");
        }
    }

    /// SQLite's parameters are anonymous (binding named ones is quadratic in their number); PostgreSQL's are
    /// numbered in row order.
    #[test]
    fn parameters_are_anonymous_on_sqlite_and_numbered_on_postgres() {
        assert_eq!(statement(Backend::Sqlite, "t", &["a", "b"], 2), "INSERT INTO t (a, b) VALUES (?, ?), (?, ?)");
        assert_eq!(statement(Backend::Postgres, "t", &["a", "b"], 2), "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4)");
    }

    #[tokio::test]
    async fn a_row_of_the_wrong_length_is_refused_before_anything_is_written() {
        let test = TestDatabase::create().await;
        let db = Db::connect(&test.url).await.expect("connect");
        let mut conn = db.conn().await.expect("conn");
        sqlx::query("CREATE TABLE loaded (n BIGINT NOT NULL, m BIGINT)").execute(&mut *conn).await.expect("create");
        let rows = vec![vec![Val::Int(1), Val::Int(2)], vec![Val::Int(3)]];
        let err = insert(&mut conn, "loaded", &["n", "m"], &rows).await.expect_err("refused");
        assert!(matches!(err, StoreError::BulkRowShape { .. }), "{err:?}");
        let (count,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM loaded").fetch_one(&mut *conn).await.expect("count");
        assert_eq!(count, 0);
    }
}
