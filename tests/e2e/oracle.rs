//! An independent count from the sample CSV files, so tests compare the server
//! with a second reckoning instead of with itself.

use chrono::{Months, NaiveDate};
use std::collections::HashMap;

/// Today in Vietnam (UTC+7), as the server computes "as of today".
pub fn today() -> NaiveDate {
    (chrono::Utc::now() + chrono::Duration::hours(7)).date_naive()
}

fn rows(file: &str) -> Vec<HashMap<String, String>> {
    let path = tests::sample_dir().join(file);
    let mut reader =
        csv::Reader::from_path(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let headers = reader.headers().expect("headers").clone();
    reader
        .records()
        .map(|r| {
            let r = r.expect("record");
            headers
                .iter()
                .zip(r.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

/// Codes of published products certified at `as_of` (latest decision on or
/// before it, valid 36 months), with their stars.
pub fn certified_published(as_of: NaiveDate) -> HashMap<String, i64> {
    let mut latest: HashMap<String, (NaiveDate, i64)> = HashMap::new();
    for c in rows("certifications.csv") {
        let decided = NaiveDate::parse_from_str(&c["decided_on"], "%Y-%m-%d").expect("date");
        if decided > as_of {
            continue;
        }
        let stars: i64 = c["stars"].parse().expect("stars");
        let entry = latest
            .entry(c["product_code"].clone())
            .or_insert((decided, stars));
        if decided >= entry.0 {
            *entry = (decided, stars);
        }
    }
    rows("products.csv")
        .into_iter()
        .filter(|p| p["published"] == "1")
        .filter_map(|p| {
            let (decided, stars) = *latest.get(&p["code"])?;
            let expires = decided.checked_add_months(Months::new(36))?;
            (expires > as_of).then(|| (p["code"].clone(), stars))
        })
        .collect()
}

/// Number of rows of a sample file.
pub fn count(file: &str) -> usize {
    rows(file).len()
}

/// A product row of the sample, by code.
pub fn product(code: &str) -> HashMap<String, String> {
    rows("products.csv")
        .into_iter()
        .find(|p| p["code"] == code)
        .expect("sample product")
}

/// Every product row of the sample.
pub fn products() -> Vec<HashMap<String, String>> {
    rows("products.csv")
}

/// Every producer row of the sample.
pub fn producers() -> Vec<HashMap<String, String>> {
    rows("producers.csv")
}

/// Codes certified and published today whose row passes `keep`.
pub fn certified_where(keep: impl Fn(&HashMap<String, String>) -> bool) -> Vec<String> {
    let certified = certified_published(today());
    let mut codes: Vec<String> = products()
        .into_iter()
        .filter(|p| certified.contains_key(&p["code"]) && keep(p))
        .map(|p| p["code"].clone())
        .collect();
    codes.sort();
    codes
}

/// Codes of published products whose latest certification has lapsed today.
pub fn lapsed_published() -> Vec<String> {
    let certified = certified_published(today());
    let decided: std::collections::HashSet<String> = rows("certifications.csv")
        .into_iter()
        .map(|c| c["product_code"].clone())
        .collect();
    let mut codes: Vec<String> = products()
        .into_iter()
        .filter(|p| p["published"] == "1")
        .filter(|p| decided.contains(&p["code"]) && !certified.contains_key(&p["code"]))
        .map(|p| p["code"].clone())
        .collect();
    codes.sort();
    codes
}
