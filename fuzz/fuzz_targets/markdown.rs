//! Posting texts: Markdown → sanitized HTML (`domain::markdown`), shown on public pages and in the feed. Besides
//! not panicking, what comes out must be safe to put in a page and an XML feed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|markdown: &str| {
    let html = domain::markdown::to_safe_html(markdown);
    // Every `<` of text comes out as `&lt;` and every `"` in an attribute as `&quot;`: what follows a `<` up to
    // the next `>` is a tag, and ` name="` in it an attribute.
    for tag in html.split('<').skip(1) {
        let tag = tag.split('>').next().unwrap_or(tag).to_ascii_lowercase();
        let name = tag.trim_start_matches('/').split([' ', '\n', '\t']).next().unwrap_or_default();
        assert!(!["script", "img", "iframe", "style", "object", "embed"].contains(&name), "<{tag}> in {html:?}");
        assert!(!tag.split(' ').any(|a| a.starts_with("on") && a.contains("=\"")), "<{tag}> in {html:?}");
        assert!(!tag.contains("=\"javascript:"), "<{tag}> in {html:?}");
    }
    // Characters XML forbids would make the feed ill-formed (issue 23, finding 8).
    assert!(!html.chars().any(domain::validate::is_unprintable), "a forbidden character in {html:?}");
    let _ = domain::markdown::to_plain_text(markdown);
});
