//! Our pages read as a browser reads them: parsed into a DOM (the `scraper` crate) and queried with CSS selectors,
//! so a test asserts on structure — this button in that form, the value of this field, the text of that cell —
//! instead of on substrings of markup that break with every attribute order or line break.

use scraper::{ElementRef, Html, Selector};

/// A parsed page. Every lookup that expects something panics with the selector, what it found and the page
/// (trimmed), so a failing test says what was looked for and what was there.
pub struct Page {
    dom: Html,
    source: String,
}

/// One element of a page.
#[derive(Clone, Copy)]
pub struct Element<'a>(ElementRef<'a>);

/// How much of a page a panic message shows.
const SHOWN: usize = 3000;

impl Page {
    pub fn parse(source: &str) -> Page {
        Page { dom: Html::parse_document(source), source: source.to_string() }
    }

    /// Every element matching `css`, in document order.
    pub fn select(&self, css: &str) -> Vec<Element<'_>> {
        self.dom.select(&selector(css)).map(Element).collect()
    }

    /// The one element matching `css`; panics if there is none or more than one.
    pub fn select_one(&self, css: &str) -> Element<'_> {
        match self.select(css).as_slice() {
            [one] => *one,
            found => {
                panic!("expected one element for `{css}`, found {}\n--- page ---\n{}", found.len(), self.trimmed())
            }
        }
    }

    /// Whether anything matches `css`.
    pub fn has(&self, css: &str) -> bool {
        self.dom.select(&selector(css)).next().is_some()
    }

    /// Panics unless something matches `css`.
    pub fn assert_has(&self, css: &str) {
        assert!(self.has(css), "nothing matches `{css}`\n--- page ---\n{}", self.trimmed());
    }

    /// Panics if anything matches `css`.
    pub fn assert_none(&self, css: &str) {
        let found = self.select(css);
        assert!(
            found.is_empty(),
            "expected nothing for `{css}`, found {}: {}\n--- page ---\n{}",
            found.len(),
            found[0].html(),
            self.trimmed()
        );
    }

    /// The text of every element matching `css` (whitespace collapsed, trimmed).
    pub fn texts(&self, css: &str) -> Vec<String> {
        self.select(css).iter().map(Element::text).collect()
    }

    /// The text of the one element matching `css`.
    pub fn text(&self, css: &str) -> String {
        self.select_one(css).text()
    }

    /// Panics unless exactly one element matches `css` and its text is `expected`.
    pub fn assert_text(&self, css: &str, expected: &str) {
        let text = self.text(css);
        assert_eq!(text, expected, "the text of `{css}`\n--- page ---\n{}", self.trimmed());
    }

    /// The first element matching `css` whose text contains `text` (a table row naming someone, a step by its
    /// title); panics naming both when there is none.
    pub fn find(&self, css: &str, text: &str) -> Element<'_> {
        let found = self.select(css).into_iter().find(|e| e.text().contains(text));
        found.unwrap_or_else(|| panic!("no `{css}` containing «{text}»\n--- page ---\n{}", self.trimmed()))
    }

    /// The `href` of every link whose text is `text`, in document order.
    pub fn hrefs(&self, text: &str) -> Vec<String> {
        let links = self.select("a[href]").into_iter().filter(|a| a.text() == text);
        links.filter_map(|a| a.attr("href").map(str::to_string)).collect()
    }

    /// Panics unless a link reading `text` goes to `href`.
    pub fn assert_link(&self, text: &str, href: &str) {
        let hrefs = self.hrefs(text);
        assert!(
            hrefs.iter().any(|h| h == href),
            "no link «{text}» to {href} (links «{text}»: {hrefs:?})\n--- page ---\n{}",
            self.trimmed()
        );
    }

    /// Whether a button or link reads exactly `text` (something a person can press).
    pub fn has_control(&self, text: &str) -> bool {
        self.select("button, a[href]").iter().any(|e| e.text() == text)
    }

    /// Panics unless a button or link reads `text`.
    pub fn assert_control(&self, text: &str) {
        assert!(self.has_control(text), "no button or link «{text}»\n--- page ---\n{}", self.trimmed());
    }

    /// Panics if a button or link reads `text`.
    pub fn assert_no_control(&self, text: &str) {
        assert!(!self.has_control(text), "a button or link «{text}» is there\n--- page ---\n{}", self.trimmed());
    }

    /// The options of the one `select` matching `css`, as (value, text), in order.
    pub fn options(&self, css: &str) -> Vec<(String, String)> {
        let select = self.select_one(css);
        let options = select.select("option").into_iter();
        options.map(|o| (o.attr("value").map_or_else(|| o.text(), str::to_string), o.text())).collect()
    }

    /// The text of the selected option of the one `select` matching `css` (as the browser shows it).
    pub fn selected_text(&self, css: &str) -> String {
        let select = self.select_one(css);
        match select.select("option[selected]").as_slice() {
            [one] => one.text(),
            found => panic!(
                "`{css}` has {} selected options: {}\n--- page ---\n{}",
                found.len(),
                select.html(),
                self.trimmed()
            ),
        }
    }

    /// The page's language (`<html lang>`).
    pub fn lang(&self) -> String {
        self.attr("html", "lang")
    }

    /// The value a browser would submit for the one form field matching `css`: an input's `value`, a textarea's
    /// text, a select's selected option.
    pub fn field_value(&self, css: &str) -> String {
        let field = self.select_one(css);
        match field.name() {
            "textarea" => field.0.text().collect(),
            "select" => {
                let chosen = field.0.select(&selector("option[selected]")).next().map(Element);
                chosen
                    .or_else(|| field.0.select(&selector("option")).next().map(Element))
                    .map_or_else(String::new, |o| o.attr("value").map_or_else(|| o.text(), str::to_string))
            }
            _ => field.attr("value").unwrap_or_default().to_string(),
        }
    }

    /// The attribute `name` of the one element matching `css`; panics when it has none.
    pub fn attr(&self, css: &str, name: &str) -> String {
        let element = self.select_one(css);
        match element.attr(name) {
            Some(value) => value.to_string(),
            None => panic!("`{css}` has no attribute {name}: {}\n--- page ---\n{}", element.html(), self.trimmed()),
        }
    }

    /// Every term of the page's description lists with its description, as (`dt` text, next `dd` text).
    pub fn terms(&self) -> Vec<(String, String)> {
        self.select("dt")
            .iter()
            .map(|dt| (dt.text(), dt.description().map_or_else(String::new, |dd| dd.text())))
            .collect()
    }

    /// Panics unless the page describes `term` as `description` (`<dt>term</dt><dd>description</dd>`).
    pub fn assert_term(&self, term: &str, description: &str) {
        let terms = self.terms();
        assert!(
            terms.iter().any(|(t, d)| t == term && d == description),
            "no «{term}: {description}» among {terms:?}\n--- page ---\n{}",
            self.trimmed()
        );
    }

    /// The page as text for a panic message: whitespace runs collapsed, at most `SHOWN` characters.
    pub fn trimmed(&self) -> String {
        let collapsed = self.source.split_whitespace().collect::<Vec<_>>().join(" ");
        match collapsed.char_indices().nth(SHOWN) {
            Some((cut, _)) => format!("{}… ({} characters more)", &collapsed[..cut], collapsed.len() - cut),
            None => collapsed,
        }
    }
}

impl<'a> Element<'a> {
    /// The element's tag name, e.g. `input`.
    pub fn name(&self) -> &'a str {
        self.0.value().name()
    }

    pub fn attr(&self, name: &str) -> Option<&'a str> {
        self.0.value().attr(name)
    }

    /// Its text, as a reader sees it: whitespace collapsed as HTML collapses it (not a no-break space), trimmed.
    pub fn text(&self) -> String {
        self.0.text().collect::<String>().split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// The text of its own text nodes only, not of the elements inside it (a cell's first line before a `<br>` and a
    /// muted `<span>`): whitespace collapsed, trimmed.
    pub fn own_text(&self) -> String {
        let own = self.0.children().filter_map(|c| c.value().as_text().map(|t| t.to_string()));
        own.collect::<String>().split_ascii_whitespace().collect::<Vec<_>>().join(" ")
    }

    /// Its markup, for messages.
    pub fn html(&self) -> String {
        self.0.html()
    }

    /// Every element inside it matching `css`.
    pub fn select(&self, css: &str) -> Vec<Element<'a>> {
        self.0.select(&selector(css)).map(Element).collect()
    }

    /// The one element inside it matching `css`; panics with this element's markup if there is none or more.
    pub fn select_one(&self, css: &str) -> Element<'a> {
        match self.select(css).as_slice() {
            [one] => *one,
            found => panic!("expected one element for `{css}` in it, found {}:\n{}", found.len(), self.html()),
        }
    }

    /// Whether anything inside it matches `css`.
    pub fn has(&self, css: &str) -> bool {
        self.0.select(&selector(css)).next().is_some()
    }

    /// The first element inside it matching `css` whose text contains `text`; panics with this element's markup.
    pub fn find(&self, css: &str, text: &str) -> Element<'a> {
        let found = self.select(css).into_iter().find(|e| e.text().contains(text));
        found.unwrap_or_else(|| panic!("no `{css}` containing «{text}» in it:\n{}", self.html()))
    }

    /// For a `dt`, the `dd` that follows it (several `dt`s in a row share one, as HTML groups them).
    fn description(&self) -> Option<Element<'a>> {
        let next = self.0.next_siblings().filter_map(ElementRef::wrap).find(|e| e.value().name() != "dt")?;
        (next.value().name() == "dd").then_some(Element(next))
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.0.value().classes().any(|c| c == class)
    }
}

/// The board's column headings as a reader sees them, e.g. «Screening (1)»: each step's name and its count.
pub fn board_columns(html: &str) -> Vec<String> {
    Page::parse(html).select("h2").into_iter().filter(|h| h.has(".count")).map(|h| h.text()).collect()
}

/// A selector the test wrote; a typo in it is the test's bug, named as such.
fn selector(css: &str) -> Selector {
    Selector::parse(css).unwrap_or_else(|e| panic!("`{css}` is not a valid CSS selector: {e}"))
}

#[cfg(test)]
mod tests {
    use super::Page;

    const PAGE: &str = r#"<!DOCTYPE html><html lang="nb"><body>
        <form action="/a"><input name="x" value="1"><textarea name="t">  to
        linjer </textarea><select name="s"><option value="a">A</option><option value="b" selected>B</option></select>
        <button>  Lagre  </button></form>
        <dl><dt>Slettes</dt><dd>1. mars</dd><dt>Tom</dt><dt>Kilde</dt><dd>Finn</dd><dt>Sist</dt></dl></body></html>"#;

    #[test]
    fn fields_read_as_a_browser_submits_them() {
        let page = Page::parse(PAGE);
        assert_eq!(page.field_value("input[name=x]"), "1");
        assert_eq!(page.field_value("textarea"), "  to\n        linjer ");
        assert_eq!(page.field_value("select[name=s]"), "b");
        assert_eq!(page.text("form button"), "Lagre");
        assert_eq!(page.lang(), "nb");
    }

    #[test]
    fn a_term_is_described_by_the_dd_after_it() {
        let terms = Page::parse(PAGE).terms();
        let expected = [("Slettes", "1. mars"), ("Tom", "Finn"), ("Kilde", "Finn"), ("Sist", "")];
        assert_eq!(terms, expected.map(|(t, d)| (t.into(), d.into())));
    }

    #[test]
    #[should_panic(expected = "expected one element for `input`, found 0")]
    fn select_one_names_the_selector_when_nothing_matches() {
        Page::parse("<p>tom</p>").select_one("input");
    }

    #[test]
    #[should_panic(expected = "expected nothing for `button`, found 1")]
    fn assert_none_fails_on_a_match() {
        Page::parse(PAGE).assert_none("button");
    }
}
