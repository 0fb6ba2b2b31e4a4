//! The output side of issue 23, finding 8: nothing ansett writes as HTML or XML carries a character those forbid,
//! even from text stored before input was cleaned (`domain::validate::printable`). Every template's escaping
//! goes through `Html` (askama.toml); the Atom feed through `xml`.

use std::fmt::{self, Write};

use askama::filters::Escaper;
use domain::validate::printable;

/// askama's HTML escaping, without unprintable characters.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl Escaper for Html {
    fn write_escaped_str<W: Write>(&self, dest: W, string: &str) -> fmt::Result {
        askama::filters::Html.write_escaped_str(dest, &printable(string))
    }
}

/// Text for an XML text node or attribute value.
pub fn xml(s: &str) -> String {
    printable(s).replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_drops_unprintable_characters() {
        assert_eq!(xml("a\u{0}<b>&\"\u{1b}"), "a&lt;b&gt;&amp;&quot;");
    }
}
