//! Posting texts are Markdown, rendered to HTML and sanitized (no scripts, styles, event handlers or foreign
//! frames) everywhere they are shown.

pub fn to_safe_html(markdown: &str) -> String {
    // A text stored before input was cleaned may still hold characters HTML forbids (issue 23, finding 8).
    let markdown = &*crate::validate::printable(markdown);
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    let parser = pulldown_cmark::Parser::new_ext(markdown, options);
    let mut html = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    // No images: an external one would tell a third party who reads the posting, and when (issue 23, finding 7);
    // the CSP (`img-src 'self'`) would block it anyway.
    let html = ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .rm_tags(["img"])
        .attribute_filter(|_, attribute, value| {
            (!(matches!(attribute, "href" | "src") && names_a_script(value))).then_some(value.into())
        })
        .clean(&html)
        .to_string();
    // Character references (`&#1;`) bring back what was taken out above: they are decoded while parsing (found by
    // the `markdown` fuzz target).
    crate::validate::printable(&html).into_owned()
}

/// Whether a link's address would run script were its spaces and control characters not there. ammonia lets
/// `javascript :alert(1)` through as a relative address, which browsers do not run (a space ends no scheme); a
/// link like that is still nobody's real link, so it loses its address (found by the `markdown` fuzz target).
fn names_a_script(url: &str) -> bool {
    let squeezed: String = url.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect();
    let lower = squeezed.to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|scheme| lower.starts_with(scheme))
}

/// Plain text of a Markdown document (for descriptions and search), tags dropped.
pub fn to_plain_text(markdown: &str) -> String {
    let html = to_safe_html(markdown);
    let text = ammonia::Builder::empty().clean(&html).to_string();
    text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_and_strips_anything_dangerous() {
        let html = to_safe_html(
            "# Utvikler\n\n**Bli med** i \
            [teamet](https://x.no).\n\n<script>alert(1)</script><img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>Utvikler</h1>") && html.contains("<strong>Bli med</strong>"));
        assert!(html.contains("rel=\"noopener noreferrer nofollow\""));
        assert!(!html.contains("<script") && !html.contains("onerror"));
        let js = to_safe_html("[klikk](javascript:alert(1))");
        assert!(!js.contains("javascript:"));
    }

    #[test]
    fn external_images_are_dropped() {
        let html = to_safe_html(
            "![Kontoret](https://tracker.example/pixel.gif)\n\n<img src=\"https://x.example/a.png\" alt=\"a\">",
        );
        assert!(!html.contains("<img") && !html.contains("tracker.example") && !html.contains("x.example"), "{html}");
    }

    #[test]
    fn character_references_cannot_bring_back_forbidden_characters() {
        let html = to_safe_html("a&#1;b&#x7f;c&#xFDD0;d `&#2;` [x](https://x.no \"&#3;\")");
        assert!(!html.chars().any(crate::validate::is_unprintable), "{html:?}");
    }

    #[test]
    fn handler_like_text_inside_a_link_stays_in_its_href() {
        // From the `markdown` fuzz target: this link's href value ends with ` onclick=`; that is text of the value
        // (its `"` closes it), not an attribute.
        let html = to_safe_html("<script></script><a href=\"jav\nascript:alert(1)2 onclick=\"/l)\">klikk</a>");
        let tag = html.split("<a ").nth(1).and_then(|t| t.split('>').next()).expect("a link");
        let href = tag.strip_prefix("href=\"").and_then(|v| v.split_once('"')).map(|(_, rest)| rest);
        assert_eq!(href, Some(" rel=\"noopener noreferrer nofollow\""), "{html:?}");
    }

    #[test]
    fn a_script_address_with_spaces_in_it_loses_its_address() {
        for link in ["javascript :alert(1)", " JavaScript\u{b} : alert(1)", "java script:x", "data :text/html,x"] {
            let html = to_safe_html(&format!("<a href=\"{link}\">klikk</a>"));
            assert!(!html.contains("href"), "{link:?} in {html}");
            assert!(html.contains("klikk"), "the text stays: {html}");
        }
        assert!(to_safe_html("[ok](https://x.no/java%20script:)").contains("href=\"https://x.no/java%20script:\""));
    }

    #[test]
    fn plain_text_keeps_words_only() {
        assert_eq!(to_plain_text("**Fast** stilling & <b>god</b> lønn").trim(), "Fast stilling & god lønn");
    }
}
