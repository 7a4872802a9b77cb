//! What the search results page shows, as plain data for the server and the browser.

use crate::catalog::{ListQuery, Notice, ProductSummary};
use serde::{Deserialize, Serialize};

/// One page of search results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchData {
    /// The words as typed (cut to a sane length).
    pub q: String,
    /// The filters, order and page understood, as they go back into links.
    pub query: ListQuery,
    /// What was ignored in the URL, in both languages.
    pub notices: Vec<Notice>,
    /// Matches in all pages.
    pub total: u64,
    /// This page, in the chosen order.
    pub items: Vec<SearchItem>,
    /// No product had every word; these have some of them.
    pub relaxed: bool,
    /// The nearest spelling when nothing or only part matched.
    pub did_you_mean: Option<String>,
    /// Counts of all matches per group, stars and province.
    pub facets: SearchFacets,
    /// Results per page.
    pub per_page: u64,
}

/// A result: the product card and the text around the matched words.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchItem {
    /// What the card shows.
    pub product: ProductSummary,
    /// HTML-escaped text with the matched words in `<mark>`.
    pub snippet: String,
}

/// Facet counts, each value with what the URL says and how it reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchFacets {
    /// By OCOP group.
    pub groups: Vec<FacetValue>,
    /// By stars, most first.
    pub stars: Vec<FacetValue>,
    /// By province, most products first.
    pub provinces: Vec<FacetValue>,
}

/// One value of a facet.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetValue {
    /// The URL parameter's value (group id, stars, province slug).
    pub param: String,
    /// Vietnamese label.
    pub label_vi: String,
    /// English label.
    pub label_en: String,
    /// Matches with this value.
    pub count: u64,
}
