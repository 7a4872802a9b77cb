//! The filters of a product list as they travel in the URL, so that a list can
//! be shared as a link and works as a plain GET form without JavaScript.

use serde::{Deserialize, Serialize};

/// The raw URL parameters of a product list. The server reads them, drops what
/// it does not understand (with a notice) and sends back the cleaned set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ListQuery {
    /// Group 1-6.
    pub group: Option<String>,
    /// 3, 4 or 5.
    pub stars: Option<String>,
    /// Province slug.
    pub province: Option<String>,
    /// Commune code.
    pub commune: Option<String>,
    /// Lowest price in đồng.
    pub min: Option<String>,
    /// Highest price in đồng.
    pub max: Option<String>,
    /// "1": in stock only.
    pub in_stock: Option<String>,
    /// "1": with a story only.
    pub story: Option<String>,
    /// featured, newest, stars, price_asc, price_desc.
    pub sort: Option<String>,
    /// Page number from 1.
    pub page: Option<String>,
}

impl ListQuery {
    /// The parameter names, in the order links are written.
    pub const NAMES: [&'static str; 10] = [
        "group", "stars", "province", "commune", "min", "max", "in_stock", "story", "sort", "page",
    ];

    /// Reads the parameters from any name → value lookup (the router's query map).
    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> ListQuery {
        let get = |name: &str| get(name).filter(|v| !v.trim().is_empty());
        ListQuery {
            group: get("group"),
            stars: get("stars"),
            province: get("province"),
            commune: get("commune"),
            min: get("min"),
            max: get("max"),
            in_stock: get("in_stock"),
            story: get("story"),
            sort: get("sort"),
            page: get("page"),
        }
    }

    fn values(&self) -> [&Option<String>; 10] {
        [
            &self.group,
            &self.stars,
            &self.province,
            &self.commune,
            &self.min,
            &self.max,
            &self.in_stock,
            &self.story,
            &self.sort,
            &self.page,
        ]
    }

    /// The query string ("group=1&stars=5"), without the page unless `page`
    /// asks for one; empty when there is nothing to say.
    pub fn to_query_string(&self, page: Option<u64>) -> String {
        let mut pairs: Vec<String> = Self::NAMES
            .iter()
            .zip(self.values())
            .filter(|(name, _)| **name != "page")
            .filter_map(|(name, value)| {
                value
                    .as_deref()
                    .map(|v| format!("{name}={}", crate::text::encode_component(v)))
            })
            .collect();
        if let Some(page) = page.filter(|p| *p > 1) {
            pairs.push(format!("page={page}"));
        }
        pairs.join("&")
    }

    /// The page asked for, from 1.
    pub fn page_number(&self) -> u64 {
        self.page
            .as_deref()
            .and_then(|p| p.parse().ok())
            .unwrap_or(1)
            .max(1)
    }

    /// Whether any filter (not the order or page) is set.
    pub fn has_filters(&self) -> bool {
        self.values()[..8].iter().any(|v| v.is_some())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_string_holds_every_filter_and_the_page() {
        let q = ListQuery {
            group: Some("1".into()),
            province: Some("can-tho".into()),
            min: Some("50000".into()),
            sort: Some("price_asc".into()),
            page: Some("3".into()),
            ..ListQuery::default()
        };
        assert_eq!(
            q.to_query_string(Some(2)),
            "group=1&province=can-tho&min=50000&sort=price_asc&page=2"
        );
        assert_eq!(
            q.to_query_string(Some(1)),
            "group=1&province=can-tho&min=50000&sort=price_asc"
        );
        assert_eq!(q.page_number(), 3);
        assert!(q.has_filters());
        assert!(!ListQuery::default().has_filters());
    }

    #[test]
    fn values_are_encoded() {
        assert_eq!(
            crate::text::encode_component("Cần Thơ&x"),
            "C%E1%BA%A7n%20Th%C6%A1%26x"
        );
    }
}
