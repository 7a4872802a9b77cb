//! Fixtures shared by the integration tests.

#![allow(dead_code)]

use search_index::{ProductDoc, SearchIndex, SearchQuery, SearchResults};

/// Builds a product with sensible defaults; tests override what they check.
pub struct ProductBuilder(ProductDoc);

impl ProductBuilder {
    pub fn new(id: i64, name: &str) -> Self {
        Self(ProductDoc {
            id,
            code: format!("CT-2024-{id:04}"),
            slug: format!("san-pham-{id}"),
            name: name.to_owned(),
            producer_name: "HTX Nông nghiệp Phong Điền".to_owned(),
            province: "Cần Thơ".to_owned(),
            commune: "Phong Điền".to_owned(),
            group: 1,
            stars: 3,
            price_vnd: 100_000,
            in_stock: true,
            text: String::new(),
            newest: 1_700_000_000 + id,
            // 2027-01-01.
            lapses_on_day: 20_819,
            thumbnail: None,
        })
    }

    pub fn producer(mut self, producer: &str) -> Self {
        self.0.producer_name = producer.to_owned();
        self
    }

    pub fn province(mut self, province: &str) -> Self {
        self.0.province = province.to_owned();
        self
    }

    pub fn group(mut self, group: u64) -> Self {
        self.0.group = group;
        self
    }

    pub fn stars(mut self, stars: u64) -> Self {
        self.0.stars = stars;
        self
    }

    pub fn price(mut self, price_vnd: u64) -> Self {
        self.0.price_vnd = price_vnd;
        self
    }

    pub fn out_of_stock(mut self) -> Self {
        self.0.in_stock = false;
        self
    }

    pub fn text(mut self, text: &str) -> Self {
        self.0.text = text.to_owned();
        self
    }

    pub fn newest(mut self, newest: i64) -> Self {
        self.0.newest = newest;
        self
    }

    pub fn lapses_on_day(mut self, day: i64) -> Self {
        self.0.lapses_on_day = day;
        self
    }

    pub fn build(self) -> ProductDoc {
        self.0
    }
}

/// An in-RAM index holding `products`.
pub fn index_with(products: Vec<ProductDoc>) -> SearchIndex {
    let index = SearchIndex::in_ram().expect("in-RAM index");
    index.upsert(&products).expect("upsert fixtures");
    index
}

/// Runs a query that must succeed.
pub fn search(index: &SearchIndex, query: &SearchQuery) -> SearchResults {
    index.search(query).expect("search")
}

/// Names of the hits, in order.
pub fn names(results: &SearchResults) -> Vec<&str> {
    results.hits.iter().map(|hit| hit.name.as_str()).collect()
}

/// Ids of the hits, in order.
pub fn ids(results: &SearchResults) -> Vec<i64> {
    results.hits.iter().map(|hit| hit.id).collect()
}
