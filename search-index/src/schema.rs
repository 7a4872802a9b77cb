//! The index schema: field names, their options, and building documents.
//!
//! The schema is strict: only what a search hit shows is stored; filters,
//! sorts and facets read fast fields; text is indexed twice, with and without
//! diacritics (see [`crate::analyzer`]). This crate owns the field names;
//! nothing outside it should rely on them.

use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::TantivyDocument;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::analyzer::{fold_key, CODE, VI, VI_FOLDED};
use crate::doc::ProductDoc;

/// Field names, used for fast-field access by name.
pub(crate) mod names {
    pub const ID: &str = "id";
    pub const CODE: &str = "code";
    pub const SLUG: &str = "slug";
    pub const NAME: &str = "name";
    pub const NAME_FOLDED: &str = "name_folded";
    pub const NAME_KEY: &str = "name_key";
    pub const PRODUCER: &str = "producer";
    pub const PRODUCER_FOLDED: &str = "producer_folded";
    pub const PROVINCE: &str = "province";
    pub const PROVINCE_KEY: &str = "province_key";
    pub const PLACE: &str = "place";
    pub const PLACE_FOLDED: &str = "place_folded";
    pub const TEXT: &str = "text";
    pub const TEXT_FOLDED: &str = "text_folded";
    pub const GROUP: &str = "group";
    pub const STARS: &str = "stars";
    pub const PRICE: &str = "price_vnd";
    pub const IN_STOCK: &str = "in_stock";
    pub const NEWEST: &str = "newest";
    pub const LAPSES_ON: &str = "lapses_on";
    pub const THUMBNAIL: &str = "thumbnail";
}

/// Suggestion keys longer than this are cut: nobody types that far ahead.
const MAX_NAME_KEY_BYTES: usize = 200;

/// Handles to every field of the schema.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Fields {
    pub id: Field,
    pub code: Field,
    pub slug: Field,
    pub name: Field,
    pub name_folded: Field,
    /// The whole folded name as one raw term, for "starts with" suggestions.
    pub name_key: Field,
    pub producer: Field,
    pub producer_folded: Field,
    /// Province as shown: stored for hits, a raw fast column for facets.
    pub province: Field,
    /// Folded province key, so the filter ignores case and diacritics.
    pub province_key: Field,
    /// Province and commune as searchable words.
    pub place: Field,
    pub place_folded: Field,
    pub text: Field,
    pub text_folded: Field,
    pub group: Field,
    pub stars: Field,
    pub price: Field,
    pub in_stock: Field,
    pub newest: Field,
    pub lapses_on: Field,
    pub thumbnail: Field,
}

/// Indexed words with positions (phrase and prefix queries need them).
fn words(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    )
}

/// A whole value as one term: no scoring statistics needed.
fn key(tokenizer: &str) -> TextOptions {
    TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(tokenizer)
            .set_index_option(IndexRecordOption::Basic)
            .set_fieldnorms(false),
    )
}

/// Builds the schema and the handles to its fields.
pub(crate) fn build_schema() -> (Schema, Fields) {
    use names as n;
    let mut b = Schema::builder();
    let fields = Fields {
        // Indexed for delete-by-term, fast for cheap lookups, stored for hits.
        id: b.add_i64_field(n::ID, INDEXED | FAST | STORED),
        code: b.add_text_field(n::CODE, key(CODE).set_stored()),
        slug: b.add_text_field(n::SLUG, STORED),
        name: b.add_text_field(n::NAME, words(VI).set_stored()),
        name_folded: b.add_text_field(n::NAME_FOLDED, words(VI_FOLDED)),
        name_key: b.add_text_field(n::NAME_KEY, key("raw").set_fast("raw")),
        producer: b.add_text_field(n::PRODUCER, words(VI).set_stored()),
        producer_folded: b.add_text_field(n::PRODUCER_FOLDED, words(VI_FOLDED)),
        province: b.add_text_field(n::PROVINCE, TextOptions::from(STORED).set_fast("raw")),
        province_key: b.add_text_field(n::PROVINCE_KEY, STRING),
        place: b.add_text_field(n::PLACE, words(VI)),
        place_folded: b.add_text_field(n::PLACE_FOLDED, words(VI_FOLDED)),
        text: b.add_text_field(n::TEXT, words(VI)),
        text_folded: b.add_text_field(n::TEXT_FOLDED, words(VI_FOLDED)),
        group: b.add_u64_field(n::GROUP, INDEXED | FAST),
        stars: b.add_u64_field(n::STARS, INDEXED | FAST | STORED),
        price: b.add_u64_field(n::PRICE, INDEXED | FAST | STORED),
        in_stock: b.add_bool_field(n::IN_STOCK, INDEXED | FAST | STORED),
        newest: b.add_i64_field(n::NEWEST, FAST),
        lapses_on: b.add_i64_field(n::LAPSES_ON, INDEXED | FAST),
        thumbnail: b.add_text_field(n::THUMBNAIL, STORED),
    };
    (b.build(), fields)
}

/// NFC copy of `text`, so stored values and token offsets agree and the
/// JSON API returns NFC as promised.
fn nfc(text: &str) -> String {
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.to_owned()
    } else {
        text.nfc().collect()
    }
}

/// Cuts `text` to at most `max` bytes without splitting a character.
pub(crate) fn truncate_at_char(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The suggestion key of a name: its folded words, cut to a sane length.
pub(crate) fn name_key(name: &str) -> String {
    let key = fold_key(name);
    truncate_at_char(&key, MAX_NAME_KEY_BYTES).to_owned()
}

impl Fields {
    /// Turns a product into a tantivy document.
    pub(crate) fn document(&self, product: &ProductDoc) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        let name = nfc(&product.name);
        let producer = nfc(&product.producer_name);
        let province = nfc(&product.province);
        let commune = nfc(&product.commune);
        let text = nfc(&product.text);

        doc.add_i64(self.id, product.id);
        doc.add_text(self.code, nfc(&product.code));
        doc.add_text(self.slug, &product.slug);
        doc.add_text(self.name_key, name_key(&name));
        doc.add_text(self.name, &name);
        doc.add_text(self.name_folded, &name);
        doc.add_text(self.producer, &producer);
        doc.add_text(self.producer_folded, &producer);
        doc.add_text(self.province_key, fold_key(&province));
        doc.add_text(self.province, &province);
        for place in [&province, &commune] {
            doc.add_text(self.place, place);
            doc.add_text(self.place_folded, place);
        }
        doc.add_text(self.text, &text);
        doc.add_text(self.text_folded, &text);
        doc.add_u64(self.group, product.group);
        doc.add_u64(self.stars, product.stars);
        doc.add_u64(self.price, product.price_vnd);
        doc.add_bool(self.in_stock, product.in_stock);
        doc.add_i64(self.newest, product.newest);
        doc.add_i64(self.lapses_on, product.lapses_on_day);
        if let Some(thumbnail) = &product.thumbnail {
            doc.add_text(self.thumbnail, thumbnail);
        }
        doc
    }
}
