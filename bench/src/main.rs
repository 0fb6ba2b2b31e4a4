//! `ansett-bench`: see the library for what it measures and `docs/benchmarks.md` for how to run it.

use std::sync::Arc;

use anyhow::{bail, Result};
use bench::{discover, run_all, setup, Args};
use clap::Parser;

#[tokio::main]
async fn main() -> Result<()> {
    let args = Args::parse();
    let slug = match (&args.demo, args.setup) {
        (Some(slug), _) => slug.clone(),
        (None, true) => setup(&args.url, &args.email, &args.password).await?,
        (None, false) => bail!("run with --setup on a fresh installation, or --demo <slug> on demo data"),
    };
    let target = Arc::new(discover(&args.url, &slug, (&args.email, &args.password), args.deep_pages_wanted()).await?);
    println!("company: {slug}, posting {}, {} candidates sampled", target.posting, target.candidates.len());
    println!(
        "{:<24} {:>9} {:>10} {:>8} {:>8} {:>8} {:>7} {:>9}",
        "scenario", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors", "÷healthz"
    );
    for r in run_all(&args, &target).await? {
        println!(
            "{:<24} {:>9} {:>10.1} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>9}",
            r.scenario,
            r.requests,
            r.rate,
            r.p50,
            r.p95,
            r.p99,
            r.errors,
            r.ratio.map(|x| format!("{x:.3}")).unwrap_or_else(|| "-".into())
        );
    }
    Ok(())
}
