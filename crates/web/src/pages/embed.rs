//! The embeddable job list (issue 21, part 4): `/careers/{slug}/embed`, a page any web site may show in an
//! iframe (the only page that may be framed, see `security::FramableAnywhere`), listing the open postings with
//! links that open in the whole window; `/careers/{slug}/embed.css`, its colours and font from the query
//! (`EmbedTheme`: a few CSS variables, each value parsed, never copied); and `/careers/{slug}/embed.js`, the
//! script a company pastes into its site, which inserts the iframe and keeps it as tall as the list.
//! Anyone may reach all three, without a session; they show only what the careers page shows.

use app::App;
use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use domain::Language;
use serde::Deserialize;

use crate::context::Ctx;
use crate::error::WebError;
use crate::layout::{render, Layout};
use crate::pages::careers::{open_company, place_asked, public_layout, CareerList};
use crate::security::FramableAnywhere;

/// The embed page's own policy: its stylesheets and the height script from here, and any site may frame it.
const EMBED_CSP: &str = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self' data:; \
                         base-uri 'none'; form-action 'self'; frame-ancestors *";

/// The query an embed takes: the theme (`EmbedTheme`), a language and a place filter.
#[derive(Deserialize, Default, Clone)]
pub struct EmbedQuery {
    lang: Option<String>,
    place: Option<String>,
    accent: Option<String>,
    text: Option<String>,
    background: Option<String>,
    card: Option<String>,
    border: Option<String>,
    radius: Option<String>,
    font: Option<String>,
}

/// The CSS variables an embedding site may set, each parsed into a value that cannot carry anything else: colours
/// as `#rgb`/`#rrggbb` (the `#` optional), a corner radius of 0–24 px, a font family from a fixed list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct EmbedTheme {
    vars: Vec<(&'static str, String)>,
}

fn color(v: Option<&str>) -> Option<String> {
    let hex = v?.trim().trim_start_matches('#');
    ((hex.len() == 3 || hex.len() == 6) && hex.chars().all(|c| c.is_ascii_hexdigit()))
        .then(|| format!("#{}", hex.to_ascii_lowercase()))
}

fn font(v: Option<&str>) -> Option<String> {
    let stack = match v?.trim() {
        "system" => "system-ui, -apple-system, \"Segoe UI\", Roboto, sans-serif",
        "sans" => "\"Helvetica Neue\", Arial, sans-serif",
        "serif" => "Georgia, \"Times New Roman\", serif",
        _ => return None,
    };
    Some(stack.to_string())
}

impl EmbedTheme {
    pub fn from_query(q: &EmbedQuery) -> EmbedTheme {
        let colors = [
            ("--accent", &q.accent),
            ("--ink", &q.text),
            ("--bg", &q.background),
            ("--card", &q.card),
            ("--line", &q.border),
        ];
        let mut vars: Vec<(&'static str, String)> =
            colors.into_iter().filter_map(|(name, v)| color(v.as_deref()).map(|c| (name, c))).collect();
        if let Some(r) = q.radius.as_deref().and_then(|r| r.trim().parse::<u8>().ok()).filter(|r| *r <= 24) {
            vars.push(("--radius", format!("{r}px")));
        }
        if let Some(f) = font(q.font.as_deref()) {
            vars.push(("--embed-font", f));
        }
        EmbedTheme { vars }
    }

    pub fn css(&self) -> String {
        let body: String = self.vars.iter().map(|(name, value)| format!("  {name}: {value};\n")).collect();
        format!(":root {{\n{body}}}\nbody.embed {{ font-family: var(--embed-font, inherit); }}\n")
    }
}

/// The query pairs of the theme and language, to carry from the embed page to its stylesheet and filter.
fn theme_pairs(q: &EmbedQuery) -> Vec<(&'static str, String)> {
    [
        ("lang", &q.lang),
        ("accent", &q.accent),
        ("text", &q.text),
        ("background", &q.background),
        ("card", &q.card),
        ("border", &q.border),
        ("radius", &q.radius),
        ("font", &q.font),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.as_ref().filter(|v| !v.is_empty()).map(|v| (k, v.chars().take(40).collect())))
    .collect()
}

#[derive(Template)]
#[template(path = "embed.html")]
struct EmbedView {
    l: Layout,
    stylesheet: String,
    list: CareerList,
}

/// `/careers/{slug}/embed`.
pub async fn page(
    State(app): State<App>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<EmbedQuery>,
) -> Result<Response, WebError> {
    let place = place_asked(q.place.as_deref());
    let listing = app.careers_listing(&slug, place.as_deref()).await?;
    let company = &listing.company;
    // The embedding site chooses the language (`lang`); otherwise as on the careers page.
    let mut ctx = ctx.in_language(company.default_language);
    if let Some(language) = q.lang.as_deref().and_then(Language::from_code) {
        ctx.t = domain::i18n::T(language);
    }
    let t = ctx.t;
    let keep = theme_pairs(&q);
    let css_query: String = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&keep).finish();
    let page = EmbedView {
        l: public_layout(&ctx, t.fmt("careers.title", &[("company", &company.name)])),
        stylesheet: format!("/careers/{}/embed.css?{css_query}", company.slug),
        list: CareerList::new(t, &listing, place.as_deref()).embedded(keep),
    };
    let mut r = render(&page, StatusCode::OK);
    r.headers_mut().insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(EMBED_CSP));
    r.headers_mut().insert("x-robots-tag", HeaderValue::from_static("noindex"));
    r.extensions_mut().insert(FramableAnywhere);
    Ok(r)
}

/// `/careers/{slug}/embed.css`: the theme's variables (the company must exist, so that nothing answers for a
/// made-up one).
pub async fn stylesheet(
    State(app): State<App>,
    Path(slug): Path<String>,
    Query(q): Query<EmbedQuery>,
) -> Result<Response, WebError> {
    app.company_by_slug(&slug).await?;
    let css = EmbedTheme::from_query(&q).css();
    Ok(([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")], css)
        .into_response())
}

/// `/careers/{slug}/embed.js`: inserts the embed page as an iframe right after the `<script>` element, passing on
/// the script's own query (theme, language, place), titled for screen readers, and follows the height the page
/// reports (only from that iframe, only a number).
pub async fn script(State(app): State<App>, ctx: Ctx, Path(slug): Path<String>) -> Result<Response, WebError> {
    let (company, ctx) = open_company(&app, ctx, &slug).await?;
    let t = ctx.t;
    let title = t.fmt("careers.title", &[("company", &company.name)]);
    // A JSON string is a JavaScript string; `</` is split so no `</script>` can close an inline copy.
    let title_js = serde_json::to_string(&*domain::validate::printable(&title))
        .unwrap_or_else(|_| "\"\"".into())
        .replace("</", "<\\/");
    let js = EMBED_JS.replace("__TITLE__", &title_js);
    Ok((
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8"), (header::CACHE_CONTROL, "public, max-age=3600")],
        js,
    )
        .into_response())
}

const EMBED_JS: &str = include_str!("../../static/embed.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_parsed_values_reach_the_stylesheet() {
        let q = EmbedQuery {
            accent: Some("0A5".into()),
            text: Some("#1c1f24".into()),
            background: Some("red;} body{display:none".into()),
            card: Some("url(https://evil.example/x)".into()),
            radius: Some("99".into()),
            font: Some("serif".into()),
            ..EmbedQuery::default()
        };
        let css = EmbedTheme::from_query(&q).css();
        assert!(css.contains("--accent: #0a5;") && css.contains("--ink: #1c1f24;"), "{css}");
        assert!(css.contains("--embed-font: Georgia"), "{css}");
        assert!(!css.contains("display") && !css.contains("evil") && !css.contains("--radius"), "{css}");
        assert_eq!(
            EmbedTheme::from_query(&EmbedQuery { radius: Some("8".into()), ..Default::default() }).vars.len(),
            1
        );
    }
}
