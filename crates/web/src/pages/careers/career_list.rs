//! The list of open postings with its place filter: one part (`CareerList`, `career_list.html`) that the careers
//! page and the embedded list (`pages::embed`) both show.

use app::public::CareersListing;
use domain::i18n::T;
use domain::workplace::REMOTE_PLACE;
use serde::Deserialize;

use crate::pages::postings::{date_of, position_label};
use crate::pages::workplace_view;

/// A posting on the careers page or in the embedded list.
pub(crate) struct CareerRow {
    pub url: String,
    pub title: String,
    pub kind: &'static str,
    pub deadline: Option<String>,
    /// Its cities and "Hjemmekontor"; empty when the posting names no place.
    pub places: String,
}

/// The place filter: (value, label, chosen) of each choice after "Alle steder".
pub(crate) type PlaceChoices = Vec<(String, String, bool)>;

#[derive(Deserialize, Default)]
pub struct PlaceQuery {
    place: Option<String>,
}

impl PlaceQuery {
    /// The place asked for, if any.
    pub(crate) fn place(&self) -> Option<String> {
        place_asked(self.place.as_deref())
    }
}

/// A `place` query value, trimmed and bounded (no city is longer); none when empty.
pub(crate) fn place_asked(raw: Option<&str>) -> Option<String> {
    raw.map(str::trim).filter(|p| !p.is_empty()).map(|p| p.chars().take(100).collect())
}

/// What `career_list.html` shows: the filter form, then the postings.
pub(crate) struct CareerList {
    pub postings: Vec<CareerRow>,
    pub places: PlaceChoices,
    pub filtered: bool,
    pub filter_action: String,
    /// Query pairs the filter form carries along (the embed's theme and language).
    pub filter_keep: Vec<(&'static str, String)>,
    /// The links' `target`: "" on the careers page, "_top" in the embed's iframe.
    pub link_target: &'static str,
}

impl CareerList {
    /// The careers page's list of `listing`, in `t`'s language, filtered by `place`.
    pub(crate) fn new(t: T, listing: &CareersListing, place: Option<&str>) -> CareerList {
        let postings = listing
            .postings
            .iter()
            .map(|(p, url)| CareerRow {
                url: url.clone(),
                title: p.title.clone(),
                kind: position_label(t, p.position_type),
                deadline: p.deadline.as_deref().map(|d| date_of(t, d)),
                places: workplace_view::places_line(t, &p.workplace),
            })
            .collect();
        let mut places: PlaceChoices =
            listing.cities.iter().map(|c| (c.clone(), c.clone(), place.is_some_and(|p| p == c.as_str()))).collect();
        if listing.any_remote {
            places.push((REMOTE_PLACE.to_string(), t.get("workplace.remote").to_string(), place == Some(REMOTE_PLACE)));
        }
        CareerList {
            postings,
            places,
            filtered: place.is_some(),
            filter_action: format!("/careers/{}", listing.company.slug),
            filter_keep: Vec::new(),
            link_target: "",
        }
    }

    /// The same list in the embed: its filter stays in the embed, carrying `keep` (theme and language), and its
    /// links open in the whole window rather than the iframe.
    pub(crate) fn embedded(mut self, keep: Vec<(&'static str, String)>) -> CareerList {
        self.filter_action.push_str("/embed");
        self.filter_keep = keep;
        self.link_target = "_top";
        self
    }
}
