//! Canonical tone-mark placement for Vietnamese syllables.
//!
//! Vietnamese has two accepted conventions for where the tone mark sits in
//! some vowel clusters: the older "hòa", "thủy" and the newer "hoà", "thuỷ".
//! Producers type both, so the unfolded (diacritic-keeping) field would treat
//! them as different words. We take the tone off the syllable and put it back
//! on the vowel the newer convention chooses; the result depends only on the
//! letters, so both spellings meet in one term. Vowel quality marks (â ă ê ô
//! ơ ư) are letters, not tones, and are never moved, so "mắm" and "mầm" stay
//! apart.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The five combining tone marks: huyền, sắc, ngã, hỏi, nặng.
const TONE_MARKS: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The longest vowel cluster of a Vietnamese syllable ("oai", "ươi", "uyê").
const MAX_NUCLEUS: usize = 3;

/// A base letter and the non-tone marks (circumflex, breve, horn) it carries.
struct Letter {
    base: char,
    marks: Vec<char>,
}

impl Letter {
    fn is_vowel(&self) -> bool {
        matches!(self.base, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
    }

    /// A vowel with a quality mark (â ă ê ô ơ ư) takes the tone first.
    fn has_quality_mark(&self) -> bool {
        self.is_vowel() && !self.marks.is_empty()
    }

    fn is_plain(&self, base: char) -> bool {
        self.base == base && self.marks.is_empty()
    }
}

/// Rewrites a lowercase NFC token with its tone mark on the canonical vowel.
///
/// Returns `None` when nothing changes or the token is not a single
/// Vietnamese syllable with exactly one tone (plain ASCII, numbers, foreign
/// words like "café"... are left alone). The output is NFC.
pub(crate) fn canonical_tone_placement(token: &str) -> Option<String> {
    if token.is_ascii() {
        return None;
    }
    let (mut letters, tone) = split_tone(token)?;
    let target = tone_position(&letters)?;
    letters[target].marks.push(tone);
    let mut decomposed = String::with_capacity(token.len() + 4);
    for letter in &letters {
        decomposed.push(letter.base);
        decomposed.extend(letter.marks.iter());
    }
    // NFC reorders the marks canonically, so where we pushed the tone does not matter.
    let placed: String = decomposed.nfc().collect();
    (placed != token).then_some(placed)
}

/// Decomposes the token into letters and takes its single tone mark out.
fn split_tone(token: &str) -> Option<(Vec<Letter>, char)> {
    let mut letters: Vec<Letter> = Vec::with_capacity(token.len());
    let mut tone = None;
    for c in token.nfd() {
        if is_combining_mark(c) {
            let letter = letters.last_mut()?;
            if TONE_MARKS.contains(&c) {
                if tone.replace(c).is_some() {
                    // Two tones: two syllables written together, or not Vietnamese.
                    return None;
                }
            } else {
                letter.marks.push(c);
            }
        } else if c.is_alphabetic() {
            letters.push(Letter {
                base: c,
                marks: Vec::new(),
            });
        } else {
            return None;
        }
    }
    Some((letters, tone?))
}

/// Index of the letter that carries the tone, per the newer convention.
fn tone_position(letters: &[Letter]) -> Option<usize> {
    let mut start = letters.iter().position(Letter::is_vowel)?;
    let next_is_vowel = letters.get(start + 1).is_some_and(Letter::is_vowel);
    // In "qu" and a leading "gi" the vowel letter is part of the consonant:
    // "quý" has its nucleus in "y", "giữa" in "ưa".
    if next_is_vowel
        && start >= 1
        && ((letters[start].is_plain('u') && letters[start - 1].is_plain('q'))
            || (start == 1 && letters[start].is_plain('i') && letters[0].is_plain('g')))
    {
        start += 1;
    }
    let end = start
        + letters[start..]
            .iter()
            .take_while(|letter| letter.is_vowel())
            .count();
    let nucleus = &letters[start..end];
    // Vowels after the coda mean several syllables (or a foreign word).
    if nucleus.len() > MAX_NUCLEUS || letters[end..].iter().any(Letter::is_vowel) {
        return None;
    }
    let has_coda = end < letters.len();
    let offset = if let Some(marked) = nucleus.iter().rposition(Letter::has_quality_mark) {
        // "ươ", "uô", "iê": the (last) marked vowel.
        marked
    } else if nucleus.len() == 1 || has_coda {
        // "toán", "hoàng", "tuýt": the last vowel before the final consonant.
        nucleus.len() - 1
    } else if nucleus.len() == 3 {
        // "oai", "oay", "uya", "oeo": the middle vowel.
        1
    } else {
        // Open two-vowel clusters: "oa", "oe", "uy" take it on the second
        // vowel in the newer convention ("hoà", "thuỷ"); "ai", "ao", "ia",
        // "ua", "ui"... on the first ("mái", "mía", "của").
        let pair = (nucleus[0].base, nucleus[1].base);
        usize::from(matches!(pair, ('o', 'a') | ('o', 'e') | ('u', 'y')))
    };
    Some(start + offset)
}

#[cfg(test)]
mod tests {
    use super::canonical_tone_placement;

    fn canonical(token: &str) -> String {
        let nfc: String = unicode_normalization::UnicodeNormalization::nfc(token).collect();
        canonical_tone_placement(&nfc).unwrap_or(nfc)
    }

    #[test]
    fn old_and_new_placements_meet() {
        for (old, new) in [
            ("hòa", "hoà"),
            ("thủy", "thuỷ"),
            ("khóe", "khoé"),
            ("hóa", "hoá"),
            ("tùy", "tuỳ"),
        ] {
            assert_eq!(canonical(old), new, "{old}");
            assert_eq!(canonical(new), new, "{new}");
        }
    }

    #[test]
    fn well_placed_syllables_are_unchanged() {
        for word in [
            "mắm", "mầm", "người", "nước", "quốc", "giữa", "quý", "của", "mía", "hoàng", "thuyền",
            "khuya", "ngoài", "già", "gìn", "phú", "đặc", "sản", "yến",
        ] {
            assert_eq!(canonical(word), word, "{word}");
        }
    }

    #[test]
    fn quality_marks_are_never_moved() {
        assert_ne!(canonical("mắm"), canonical("mầm"));
        // A tone typed on "ư" moves to "ơ", which keeps its horn.
        assert_eq!(canonical("ngừơi"), "người");
    }

    #[test]
    fn non_syllables_are_left_alone() {
        assert_eq!(canonical_tone_placement("café"), None);
        assert_eq!(canonical_tone_placement("hoàbình"), None);
        assert_eq!(canonical_tone_placement("abc"), None);
        assert_eq!(canonical_tone_placement("3à"), None);
        assert_eq!(canonical_tone_placement("\u{301}a"), None);
    }
}
