//! Vietnamese text analysis: the tokenizer chains registered on the index.
//!
//! Both chains share a tokenizer that NFC-normalises first. Without it, text
//! typed on some keyboards (or pasted from macOS) arrives decomposed (NFD):
//! "mắm" as `m a ̆ ́ m`, and a word splitter that breaks on non-alphanumeric
//! characters cuts it into "ma" and "m". After the shared steps:
//!
//! - [`VI`] keeps diacritics and puts tone marks in one canonical place
//!   ("hòa" = "hoà"), so a query typed with diacritics can rank exact words
//!   first;
//! - [`VI_FOLDED`] removes every diacritic and maps "đ" to "d", so "nuoc mam"
//!   finds "Nước mắm".
//!
//! The analyzer names carry a version: changing what a chain produces means
//! bumping it, which changes the schema, so [`crate::SearchIndex::open_or_create`]
//! notices the mismatch and asks for a rebuild instead of mixing old and new
//! terms.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RawTokenizer, RemoveLongFilter, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

use crate::tone::canonical_tone_placement;

/// Name of the diacritic-keeping analyzer.
pub const VI: &str = "vi_v1";
/// Name of the diacritic-folding analyzer.
pub const VI_FOLDED: &str = "vi_folded_v1";
/// Name of the product-code analyzer: the whole code, lowercased.
pub const CODE: &str = "code_v1";

/// Tokens longer than this many bytes are dropped: no Vietnamese word comes
/// close, and such tokens are usually pasted junk (hashes, URLs).
const MAX_TOKEN_BYTES: usize = 40;

/// Registers the analyzers under their names on an index's tokenizer manager.
pub fn register_analyzers(manager: &TokenizerManager) {
    manager.register(VI, vietnamese());
    manager.register(VI_FOLDED, vietnamese_folded());
    manager.register(
        CODE,
        TextAnalyzer::builder(RawTokenizer::default())
            .filter(LowerCaser)
            .build(),
    );
}

/// The diacritic-keeping chain: NFC words, lowercase, canonical tone placement.
pub fn vietnamese() -> TextAnalyzer {
    // The long-token filter sits right after the tokenizer in both chains so
    // they keep exactly the same tokens at the same positions, which lets the
    // query builder pair each unfolded term with its folded twin.
    TextAnalyzer::builder(NfcWordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(MapFilter(ToneMarks))
        .build()
}

/// The folding chain: NFC words, lowercase, no diacritics, "đ" → "d".
pub fn vietnamese_folded() -> TextAnalyzer {
    TextAnalyzer::builder(NfcWordTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_BYTES))
        .filter(LowerCaser)
        .filter(MapFilter(FoldDiacritics))
        // Catches letters without a decomposition in other languages (ø, ß, æ).
        .filter(AsciiFoldingFilter)
        .build()
}

/// Folded words of `text` joined by single spaces: a whole-value key that
/// ignores case, diacritics and punctuation ("Cần Thơ" → "can tho").
pub fn fold_key(text: &str) -> String {
    let words = terms_with_positions(&mut vietnamese_folded(), text);
    let words: Vec<String> = words.into_iter().map(|(_, word)| word).collect();
    words.join(" ")
}

/// Splits NFC-normalised text into words.
///
/// A word starts with an alphanumeric character and goes on through
/// alphanumerics and combining marks, so a stray mark that NFC could not
/// compose stays inside its word (the filters then keep or drop it) instead
/// of splitting it. Offsets point into the normalised text; the index stores
/// NFC text, so they match what is stored.
#[derive(Clone, Default)]
pub struct NfcWordTokenizer {
    normalized: String,
    token: Token,
}

/// The token stream of [`NfcWordTokenizer`].
pub struct NfcWordTokenStream<'a> {
    text: &'a str,
    cursor: usize,
    token: &'a mut Token,
}

impl Tokenizer for NfcWordTokenizer {
    type TokenStream<'a> = NfcWordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> NfcWordTokenStream<'a> {
        self.token.reset();
        // Most text is already NFC; skip the copy then.
        let text = if is_nfc_quick(text.chars()) == IsNormalized::Yes {
            text
        } else {
            self.normalized.clear();
            self.normalized.extend(text.nfc());
            self.normalized.as_str()
        };
        NfcWordTokenStream {
            text,
            cursor: 0,
            token: &mut self.token,
        }
    }
}

impl TokenStream for NfcWordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        self.token.position = self.token.position.wrapping_add(1);
        let rest = &self.text[self.cursor..];
        let Some(start) = rest.find(char::is_alphanumeric) else {
            self.cursor = self.text.len();
            return false;
        };
        let word = &rest[start..];
        let len = word
            .find(|c: char| !(c.is_alphanumeric() || is_combining_mark(c)))
            .unwrap_or(word.len());
        self.token.offset_from = self.cursor + start;
        self.token.offset_to = self.token.offset_from + len;
        self.token.text.push_str(&word[..len]);
        self.cursor = self.token.offset_to;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// A rewrite of one token's text, used through [`MapFilter`].
pub trait TokenTextMap: Clone + Send + Sync + 'static {
    /// Writes the rewritten `text` into `out` and returns true, or returns
    /// false to keep the token as it is.
    fn rewrite(&self, text: &str, out: &mut String) -> bool;
}

/// Moves tone marks to their canonical vowel ("hòa" → "hoà", "thủy" → "thuỷ"),
/// the newer convention; vowel quality marks (â ă ê ô ơ ư) never move.
#[derive(Clone, Copy, Debug, Default)]
pub struct ToneMarks;

impl TokenTextMap for ToneMarks {
    fn rewrite(&self, text: &str, out: &mut String) -> bool {
        match canonical_tone_placement(text) {
            Some(placed) => {
                *out = placed;
                true
            }
            None => false,
        }
    }
}

/// Removes every combining mark after canonical decomposition and maps
/// "đ" to "d", the one Vietnamese letter with no decomposition.
#[derive(Clone, Copy, Debug, Default)]
pub struct FoldDiacritics;

impl TokenTextMap for FoldDiacritics {
    fn rewrite(&self, text: &str, out: &mut String) -> bool {
        if text.is_ascii() {
            return false;
        }
        out.clear();
        out.extend(text.nfd().filter_map(|c| match c {
            'đ' => Some('d'),
            'Đ' => Some('D'),
            c if is_combining_mark(c) => None,
            c => Some(c),
        }));
        true
    }
}

/// A [`TokenFilter`] applying a [`TokenTextMap`] to every token.
#[derive(Clone, Copy, Debug, Default)]
pub struct MapFilter<M>(pub M);

impl<M: TokenTextMap> TokenFilter for MapFilter<M> {
    type Tokenizer<T: Tokenizer> = MapTokenizer<T, M>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> MapTokenizer<T, M> {
        MapTokenizer {
            inner: tokenizer,
            map: self.0,
            buffer: String::new(),
        }
    }
}

/// The tokenizer produced by [`MapFilter`].
#[derive(Clone)]
pub struct MapTokenizer<T, M> {
    inner: T,
    map: M,
    buffer: String,
}

impl<T: Tokenizer, M: TokenTextMap> Tokenizer for MapTokenizer<T, M> {
    type TokenStream<'a> = MapTokenStream<'a, T::TokenStream<'a>, M>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.buffer.clear();
        MapTokenStream {
            tail: self.inner.token_stream(text),
            map: &self.map,
            buffer: &mut self.buffer,
        }
    }
}

/// The token stream of [`MapTokenizer`].
pub struct MapTokenStream<'a, S, M> {
    tail: S,
    map: &'a M,
    buffer: &'a mut String,
}

impl<S: TokenStream, M: TokenTextMap> TokenStream for MapTokenStream<'_, S, M> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if self.map.rewrite(&self.tail.token().text, self.buffer) {
            // Swap rather than copy; the old text becomes the next scratch buffer.
            std::mem::swap(&mut self.tail.token_mut().text, self.buffer);
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

/// The terms `analyzer` makes of `text`, with their positions.
pub(crate) fn terms_with_positions(
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while let Some(token) = stream.next() {
        terms.push((token.position, token.text.clone()));
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
        let terms = terms_with_positions(analyzer, text);
        terms.into_iter().map(|(_, term)| term).collect()
    }

    fn unfolded(text: &str) -> Vec<String> {
        terms(&mut vietnamese(), text)
    }

    fn folded(text: &str) -> Vec<String> {
        terms(&mut vietnamese_folded(), text)
    }

    #[test]
    fn decomposed_input_is_not_split() {
        let nfd: String = "Nước mắm Phú Quốc".nfd().collect();
        assert_eq!(unfolded(&nfd), ["nước", "mắm", "phú", "quốc"]);
        assert_eq!(folded(&nfd), ["nuoc", "mam", "phu", "quoc"]);
    }

    #[test]
    fn folding_removes_diacritics_and_d_bar() {
        assert_eq!(folded("ĐẶC SẢN Đà Lạt"), ["dac", "san", "da", "lat"]);
        assert_eq!(unfolded("ĐẶC SẢN"), ["đặc", "sản"]);
    }

    #[test]
    fn tone_placement_is_canonical_only_when_unfolded() {
        assert_eq!(unfolded("Hòa Bình thủy"), unfolded("Hoà Bình thuỷ"));
        assert_eq!(folded("Hòa thủy"), ["hoa", "thuy"]);
    }

    #[test]
    fn punctuation_controls_and_emoji_yield_no_terms() {
        assert_eq!(unfolded("\"(( \u{0}\u{7} 🍯🌶️ :) -- AND"), ["and"]);
        assert!(folded("").is_empty());
    }

    #[test]
    fn both_chains_keep_the_same_positions() {
        let text = "Trà   xanh,Thái Nguyên! aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa đậm";
        let positions = |analyzer: &mut TextAnalyzer| -> Vec<usize> {
            let terms = terms_with_positions(analyzer, text);
            terms.into_iter().map(|(position, _)| position).collect()
        };
        assert_eq!(positions(&mut vietnamese()), [0, 1, 2, 3, 5]);
        assert_eq!(positions(&mut vietnamese_folded()), [0, 1, 2, 3, 5]);
    }

    #[test]
    fn fold_key_joins_folded_words() {
        assert_eq!(fold_key("  Cần Thơ "), "can tho");
        assert_eq!(fold_key("Bà Rịa – Vũng Tàu"), "ba ria vung tau");
        assert_eq!(fold_key("!!"), "");
    }
}
