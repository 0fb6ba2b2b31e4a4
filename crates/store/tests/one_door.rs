//! One door for visibility (issue 23): who can reach which posting, application and candidate is decided by the
//! policy (`domain::access`, `Principal::reach`), turned into SQL only by `store::reach`, and held in memory only by
//! `app`'s `Scope`. These checks read the sources, so that a new query or use case that re-derives the rule — joins
//! the hiring team itself, or compares roles by hand — fails here instead of drifting from the rule unnoticed.

use std::fs;
use std::path::{Path, PathBuf};

fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            out.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            out.push((path, text));
        }
    }
    out
}

/// The code outside `#[cfg(test)]` modules (they build fixtures as they like).
fn production(text: &str) -> &str {
    text.split("#[cfg(test)]").next().unwrap_or(text)
}

fn crate_src(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(name).join("src")
}

fn named(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
}

#[test]
fn only_the_reach_module_and_the_team_itself_read_the_hiring_team() {
    let readers: Vec<String> = sources(&crate_src("store"))
        .into_iter()
        .filter(|(_, text)| production(text).contains("hiring_team"))
        .map(|(path, _)| named(&path))
        .collect();
    let mut readers = readers;
    readers.sort();
    // postings.rs keeps the team (writes it, lists its members, the ids `app`'s Scope holds); reach.rs narrows.
    assert_eq!(readers, ["postings.rs", "reach.rs"], "a query narrows by the hiring team outside store::reach");
}

#[test]
fn no_use_case_compares_roles_to_decide_what_someone_sees() {
    for (path, text) in sources(&crate_src("app")) {
        for (n, line) in production(&text).lines().enumerate() {
            let compares = line.contains("role != ") || line.contains("role == ") || line.contains("matches!(p.role");
            // Finding the active Administrators to tell something is about people, not about what anyone sees.
            let finds_admins = line.contains("role == Role::Administrator") && line.contains("EmployeeStatus::Active");
            let at = format!("{}:{}", path.display(), n + 1);
            assert!(!compares || finds_admins, "{at}: `{}` — ask the policy (Principal::may, reach)", line.trim());
        }
    }
}

#[test]
fn only_the_scope_and_the_posting_page_ask_for_team_membership() {
    let mut askers: Vec<String> = sources(&crate_src("app"))
        .into_iter()
        .filter(|(_, text)| {
            let code = production(text);
            code.contains("team_posting_ids(") || code.contains("is_on_team(")
        })
        .map(|(path, _)| named(&path))
        .collect();
    askers.sort();
    assert_eq!(askers, ["postings.rs", "screening.rs"], "membership read outside Scope (screening.rs) and posting()");
}
