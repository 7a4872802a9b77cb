//! Facet counts over the whole matching set, read from fast fields.
//!
//! One collector walks every matching document once and counts its group,
//! stars and province; it also yields the total, so a search needs no
//! separate `Count`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader, TantivyError};

use crate::schema::names;

/// How many matching products fall in each group, star rating and province.
///
/// Counts cover the whole result set, with every filter applied, not just
/// the page shown. Values with no match are absent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    /// OCOP product group → count.
    pub group: BTreeMap<u64, u64>,
    /// Star rating → count.
    pub stars: BTreeMap<u64, u64>,
    /// Province as shown → count.
    pub province: BTreeMap<String, u64>,
}

/// Counts matches and, when `values` is set, their facet values.
#[derive(Clone, Copy)]
pub(crate) struct FacetCollector {
    pub values: bool,
}

/// Per-segment state of [`FacetCollector`].
pub(crate) struct FacetSegmentCollector {
    group: Option<Column<u64>>,
    stars: Option<Column<u64>>,
    province: Option<StrColumn>,
    values: bool,
    tally: SegmentTally,
}

/// What one segment counted. Provinces stay as the segment's term ordinals
/// until the merge, where reading their text can fail with an error.
pub(crate) struct SegmentTally {
    total: u64,
    /// Count per value, indexed by the value (groups 1-6, stars 3-5).
    group: Vec<u64>,
    stars: Vec<u64>,
    /// Count per term ordinal of the segment's province column.
    province_ords: Vec<u64>,
    province: Option<StrColumn>,
}

/// Adds one at `index`, growing the counts as needed (values are small).
fn bump(counts: &mut Vec<u64>, index: u64) {
    let Ok(index) = usize::try_from(index) else {
        return;
    };
    if index >= counts.len() {
        counts.resize(index + 1, 0);
    }
    counts[index] += 1;
}

/// The non-zero counts as value → count.
fn counted(counts: Vec<u64>) -> impl Iterator<Item = (u64, u64)> {
    counts
        .into_iter()
        .enumerate()
        .filter(|(_, count)| *count > 0)
        .map(|(value, count)| (value as u64, count))
}

impl Collector for FacetCollector {
    type Fruit = (u64, Facets);
    type Child = FacetSegmentCollector;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<FacetSegmentCollector> {
        let fast = reader.fast_fields();
        Ok(FacetSegmentCollector {
            // Optional columns: a segment where no document has a value has none.
            group: fast.column_opt(names::GROUP)?,
            stars: fast.column_opt(names::STARS)?,
            province: fast.str(names::PROVINCE)?,
            values: self.values,
            tally: SegmentTally {
                total: 0,
                group: Vec::new(),
                stars: Vec::new(),
                province_ords: Vec::new(),
                province: None,
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, segments: Vec<SegmentTally>) -> tantivy::Result<(u64, Facets)> {
        let mut total = 0;
        let mut facets = Facets::default();
        let mut name = String::new();
        for segment in segments {
            total += segment.total;
            for (value, count) in counted(segment.group) {
                *facets.group.entry(value).or_default() += count;
            }
            for (value, count) in counted(segment.stars) {
                *facets.stars.entry(value).or_default() += count;
            }
            let Some(column) = segment.province else {
                continue;
            };
            for (ord, count) in counted(segment.province_ords) {
                if !column
                    .ord_to_str(ord, &mut name)
                    .map_err(TantivyError::from)?
                {
                    continue;
                }
                *facets.province.entry(name.clone()).or_default() += count;
            }
        }
        Ok((total, facets))
    }
}

impl SegmentCollector for FacetSegmentCollector {
    type Fruit = SegmentTally;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let tally = &mut self.tally;
        tally.total += 1;
        if !self.values {
            return;
        }
        if let Some(group) = self.group.as_ref().and_then(|c| c.first(doc)) {
            bump(&mut tally.group, group);
        }
        if let Some(stars) = self.stars.as_ref().and_then(|c| c.first(doc)) {
            bump(&mut tally.stars, stars);
        }
        if let Some(province) = &self.province {
            // Single-valued in practice; the first value keeps counts per product.
            if let Some(ord) = province.term_ords(doc).next() {
                bump(&mut tally.province_ords, ord);
            }
        }
    }

    fn harvest(self) -> SegmentTally {
        SegmentTally {
            province: self.province,
            ..self.tally
        }
    }
}
