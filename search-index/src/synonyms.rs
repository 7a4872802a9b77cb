//! The curated synonym list (`data/synonyms.txt`) and its application to the
//! words of a query.
//!
//! Synonyms are expanded at query time only: the index never changes when the
//! list does. Phrases are compared by their folded words, like everything else
//! in search, so one entry covers every way of typing it.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::analyzer::fold_key;

/// The list shipped with the binary.
const SYNONYMS: &str = include_str!("../data/synonyms.txt");
/// Words that describe the whole marketplace, never required in a query.
const FILLER: &str = include_str!("../data/filler.txt");

/// A phrase as folded words, e.g. `["ca", "phe"]`.
pub(crate) type Phrase = Vec<String>;

/// Synonym rules: for a phrase, the other phrases it also finds.
#[derive(Debug, Default)]
pub(crate) struct Synonyms {
    rules: HashMap<Phrase, Vec<Phrase>>,
    /// Longest phrase on the left of a rule, in words: bounds the scan.
    longest: usize,
}

/// The list compiled into the binary, parsed once.
pub(crate) fn synonyms() -> &'static Synonyms {
    static PARSED: LazyLock<Synonyms> = LazyLock::new(|| Synonyms::parse(SYNONYMS));
    &PARSED
}

/// The filler phrases compiled into the binary, parsed once.
pub(crate) fn filler() -> &'static [Phrase] {
    static PARSED: LazyLock<Vec<Phrase>> = LazyLock::new(|| {
        FILLER
            .lines()
            .map(|line| line.split('#').next().unwrap_or_default())
            .map(|line| {
                fold_key(line)
                    .split(' ')
                    .map(str::to_owned)
                    .collect::<Phrase>()
            })
            .filter(|phrase| phrase.iter().all(|w| !w.is_empty()))
            .collect()
    });
    &PARSED
}

/// Which of `words` (folded) belong to a filler phrase.
pub(crate) fn filler_words(words: &[&str]) -> Vec<bool> {
    let mut filler_at = vec![false; words.len()];
    for phrase in filler() {
        for start in 0..words.len() {
            let end = start + phrase.len();
            if end <= words.len() && words[start..end].iter().eq(phrase.iter()) {
                filler_at[start..end].iter_mut().for_each(|f| *f = true);
            }
        }
    }
    filler_at
}

/// A stretch of the query's words that a rule matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expansion {
    /// Index of the first word covered.
    pub start: usize,
    /// Number of words covered.
    pub len: usize,
    /// The other phrases that should also match there.
    pub alternatives: Vec<Phrase>,
}

impl Synonyms {
    /// Parses the list: one group per line, `a, b, c` (all equivalent) or
    /// `a, b => c, d` (a and b also find c and d). `#` starts a comment.
    pub fn parse(text: &str) -> Self {
        let mut synonyms = Self::default();
        for line in text.lines() {
            let line = line.split('#').next().unwrap_or_default();
            let phrases = |list: &str| -> Vec<Phrase> {
                list.split(',')
                    .map(|phrase| fold_key(phrase).split(' ').map(str::to_owned).collect())
                    .filter(|words: &Phrase| words.iter().all(|w| !w.is_empty()))
                    .collect()
            };
            match line.split_once("=>") {
                Some((from, to)) => {
                    let to = phrases(to);
                    for from in phrases(from) {
                        synonyms.add(from, &to);
                    }
                }
                None => {
                    let group = phrases(line);
                    for from in &group {
                        synonyms.add(from.clone(), &group);
                    }
                }
            }
        }
        synonyms
    }

    fn add(&mut self, from: Phrase, to: &[Phrase]) {
        self.longest = self.longest.max(from.len());
        let alternatives = self.rules.entry(from.clone()).or_default();
        for phrase in to {
            if *phrase != from && !alternatives.contains(phrase) {
                alternatives.push(phrase.clone());
            }
        }
    }

    /// The rules that apply to `words` (folded), scanning left to right and
    /// preferring the longest phrase at each place; stretches never overlap.
    pub fn expand(&self, words: &[&str]) -> Vec<Expansion> {
        let mut found = Vec::new();
        let mut start = 0;
        while start < words.len() {
            let longest = self.longest.min(words.len() - start);
            let hit = (1..=longest).rev().find_map(|len| {
                let phrase: Vec<String> = words[start..start + len]
                    .iter()
                    .map(|w| (*w).to_owned())
                    .collect();
                self.rules
                    .get(&phrase)
                    .filter(|alternatives| !alternatives.is_empty())
                    .map(|alternatives| Expansion {
                        start,
                        len,
                        alternatives: alternatives.clone(),
                    })
            });
            match hit {
                Some(expansion) => {
                    start += expansion.len;
                    found.push(expansion);
                }
                None => start += 1,
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(phrase: &str) -> Phrase {
        phrase.split(' ').map(str::to_owned).collect()
    }

    #[test]
    fn groups_are_symmetric_and_arrows_one_way() {
        let list = Synonyms::parse("# comment\ncà phê, Cafe\nsapa => sa pa # old\n\n , ,\n");
        assert_eq!(list.expand(&["cafe"])[0].alternatives, [words("ca phe")]);
        assert_eq!(list.expand(&["ca", "phe"])[0].alternatives, [words("cafe")]);
        assert_eq!(list.expand(&["sapa"])[0].alternatives, [words("sa pa")]);
        assert!(list.expand(&["sa", "pa"]).is_empty());
    }

    #[test]
    fn the_longest_phrase_wins_and_stretches_do_not_overlap() {
        let list = Synonyms::parse("hồ tiêu, tiêu, pepper\nhủ tiếu, hủ tíu\n");
        let found = list.expand(&["hu", "tieu", "tieu"]);
        assert_eq!(
            found,
            [
                Expansion {
                    start: 0,
                    len: 2,
                    alternatives: vec![words("hu tiu")],
                },
                Expansion {
                    start: 2,
                    len: 1,
                    alternatives: vec![words("ho tieu"), words("pepper")],
                },
            ]
        );
    }

    #[test]
    fn a_phrase_in_two_groups_finds_both() {
        let list = Synonyms::parse("chè, trà\ntrà, tea\n");
        assert_eq!(
            list.expand(&["tra"])[0].alternatives,
            [words("che"), words("tea")]
        );
    }

    #[test]
    fn filler_phrases_are_found_whole() {
        assert_eq!(
            filler_words(&["dac", "san", "can", "tho", "san"]),
            [true, true, false, false, false]
        );
        assert!(filler().len() >= 5);
    }

    #[test]
    fn the_shipped_list_parses_into_rules() {
        let list = synonyms();
        assert!(list.rules.len() > 50, "{} rules", list.rules.len());
        let cafe = &list.expand(&["cafe"])[0];
        assert!(cafe.alternatives.contains(&words("ca phe")));
    }
}
