//! Posting texts: Markdown → sanitized HTML (`domain::markdown`), shown on public pages and in the feed. Besides
//! not panicking, what comes out must be safe to put in a page and an XML feed.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|markdown: &str| {
    let html = domain::markdown::to_safe_html(markdown);
    for (name, attributes) in tags(&html) {
        let forbidden = ["script", "img", "iframe", "style", "object", "embed"];
        assert!(!forbidden.contains(&name.as_str()), "<{name}> in {html:?}");
        for (attribute, value) in attributes {
            assert!(!attribute.starts_with("on"), "{attribute}= on <{name}> in {html:?}");
            let scheme: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
            assert!(!scheme.to_ascii_lowercase().starts_with("javascript:"), "{attribute}={value:?} in {html:?}");
        }
    }
    // Characters XML forbids would make the feed ill-formed (issue 23, finding 8).
    assert!(!html.chars().any(domain::validate::is_unprintable), "a forbidden character in {html:?}");
    let _ = domain::markdown::to_plain_text(markdown);
});

/// The tags of serialized HTML with their attributes. Every `<` of text comes out as `&lt;` and every `"` inside an
/// attribute value as `&quot;`, so a tag is what follows a `<` up to the `>` after its last `name="value"`. Reading
/// the values as values matters: ` onclick=` inside an `href` value is text, not an attribute (a false alarm once).
fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut tags = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        // A closing tag (`</p>`) has a name and no attributes.
        rest = rest[start + 1..].strip_prefix('/').unwrap_or(&rest[start + 1..]);
        let name_end = rest.find(|c: char| c.is_ascii_whitespace() || c == '>' || c == '/').unwrap_or(rest.len());
        let name = rest[..name_end].to_ascii_lowercase();
        rest = &rest[name_end..];
        let mut attributes = Vec::new();
        loop {
            rest = rest.trim_start();
            if rest.is_empty() || rest.starts_with('>') || rest.starts_with("/>") {
                break;
            }
            let Some(equals) = rest.find('=') else { panic!("an attribute without a value in {html:?}") };
            let attribute = rest[..equals].trim().to_ascii_lowercase();
            assert!(!attribute.contains(['>', '<', '"', ' ']), "a broken tag <{name} {rest}> in {html:?}");
            let after = &rest[equals + 1..];
            let Some(value) = after.strip_prefix('"') else { panic!("unquoted value of {attribute} in {html:?}") };
            let Some(end) = value.find('"') else { panic!("unclosed value of {attribute} in {html:?}") };
            attributes.push((attribute, value[..end].replace("&amp;", "&")));
            rest = &value[end + 1..];
        }
        tags.push((name, attributes));
    }
    tags
}
