//! PostgreSQL's own backup tools, `pg_dump` and `pg_restore`, found on PATH. The password of the database URL
//! goes to them in `PGPASSWORD`, never on their command line (which `ps` shows to every user of the machine).

use std::path::Path;

use anyhow::{bail, Context, Result};
use tokio::process::Command;

/// `pg_dump --format=custom` of the database at `url` into `into`.
pub async fn dump(url: &str, into: &Path) -> Result<()> {
    let mut c = command("pg_dump", url)?;
    c.arg("--format=custom").arg("--file").arg(into);
    run("pg_dump", c).await
}

/// `pg_restore` of `from` into the database at `url`, in one transaction (all or nothing); `clean` first drops
/// what the dump would create (restore `--force` into a database in use before).
pub async fn restore(url: &str, from: &Path, clean: bool) -> Result<()> {
    let mut c = command("pg_restore", url)?;
    c.args(["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges"]);
    if clean {
        c.args(["--clean", "--if-exists"]);
    }
    c.arg(from);
    run("pg_restore", c).await
}

fn command(program: &str, url: &str) -> Result<Command> {
    let mut url = url::Url::parse(url).context("the database URL is not a URL")?;
    let mut c = Command::new(program);
    if let Some(password) = url.password() {
        c.env("PGPASSWORD", percent_decode(password));
        let _ = url.set_password(None);
    }
    c.arg(format!("--dbname={url}"));
    Ok(c)
}

async fn run(program: &str, mut c: Command) -> Result<()> {
    let out = match c.output().await {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => bail!(
            "{program} was not found on PATH: install PostgreSQL's client tools (e.g. Debian's postgresql-client), \
             of the database server's major version or newer"
        ),
        Err(e) => return Err(e).with_context(|| format!("cannot run {program}")),
    };
    if out.status.success() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stderr = stderr.trim().replace('\n', "; ");
    let hint = if stderr.contains("version mismatch") || stderr.contains("unsupported version") {
        format!(" — use a {program} of the database server's major version or newer")
    } else {
        String::new()
    };
    bail!("{program} failed ({}): {stderr}{hint}", out.status)
}

/// `%40` → `@`: URL passwords are percent-encoded, `PGPASSWORD` is not.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_are_decoded() {
        assert_eq!(super::percent_decode("p%40ss%2Fw%rd"), "p@ss/w%rd");
    }
}
