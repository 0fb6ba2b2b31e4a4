//! Just enough reading of ansett's HTML to find ids and links; the pages are ours, so simple string scanning does.

/// The UUIDs that follow `prefix` in `html` (e.g. `/candidates/`), in order, without repeats.
pub fn ids_after(html: &str, prefix: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in html.split(prefix).skip(1) {
        let id: String = piece.chars().take_while(|c| c.is_ascii_hexdigit() || *c == '-').collect();
        if id.len() == 36 && !out.contains(&id) {
            out.push(id);
        }
    }
    out
}

/// The value of the first input or select option named `name`.
pub fn input_value(html: &str, name: &str) -> Option<String> {
    let after = html.split(&format!("name=\"{name}\"")).nth(1)?;
    Some(after.split("value=\"").nth(1)?.split('"').next()?.to_string())
}

fn unescape(href: &str) -> String {
    href.replace("&amp;", "&").replace("&#38;", "&")
}

/// The href of the first link whose text is exactly `text`.
pub fn link_with_text(html: &str, text: &str) -> Option<String> {
    let end = html.find(&format!("\">{text}</a>"))?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(unescape(&html[start..end]))
}

/// The href of the link with `rel="{rel}"`.
pub fn rel_link(html: &str, rel: &str) -> Option<String> {
    let end = html.find(&format!("\" rel=\"{rel}\""))?;
    let start = html[..end].rfind("href=\"")? + "href=\"".len();
    Some(unescape(&html[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_ids_and_links() {
        let html = r#"<a href="/candidates/0190a1b2-0000-7000-8000-000000000001">A</a>
        <a href="/candidates?cursor=ab&amp;sort=name" rel="next">Neste</a><a href="/candidates?cursor=l">Siste</a>"#;
        assert_eq!(ids_after(html, "/candidates/"), vec!["0190a1b2-0000-7000-8000-000000000001".to_string()]);
        assert_eq!(rel_link(html, "next").as_deref(), Some("/candidates?cursor=ab&sort=name"));
        assert_eq!(link_with_text(html, "Siste").as_deref(), Some("/candidates?cursor=l"));
    }
}
