//! The few lines of a product's text shown under a search result, with the
//! words that matched the query marked. Words are compared as the index
//! compares them (case, diacritics and tone placement ignored), so "mat ong"
//! marks "Mật ong".

use search_index::analyzer::fold_key;
use unicode_normalization::UnicodeNormalization;

/// Characters of text shown at most.
const LENGTH: usize = 160;
/// Characters kept before the first match.
const LEAD: usize = 40;

/// A word of the text: where it is (in characters) and its folded form.
struct Word {
    start: usize,
    end: usize,
    folded: String,
}

fn words(chars: &[char]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_alphanumeric() {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && (chars[i].is_alphanumeric() || is_mark(chars[i])) {
            i += 1;
        }
        let word: String = chars[start..i].iter().collect();
        out.push(Word {
            start,
            end: i,
            folded: fold_key(&word),
        });
    }
    out
}

fn is_mark(c: char) -> bool {
    ('\u{300}'..='\u{36f}').contains(&c)
}

/// Up to [`LENGTH`] characters of `text` around the first word of `q` it
/// contains, HTML-escaped, with every matching word in `<mark>`; the last
/// word of the query also matches as a prefix (search as you type). `None`
/// when no word matches.
pub fn snippet(text: &str, q: &str) -> Option<String> {
    let wanted: Vec<String> = fold_key(q).split(' ').map(str::to_owned).collect();
    let last = wanted.last().cloned().unwrap_or_default();
    if last.is_empty() {
        return None;
    }
    let chars: Vec<char> = text.nfc().collect();
    let words = words(&chars);
    let hit = |w: &Word| wanted.contains(&w.folded) || w.folded.starts_with(&last);
    let first = words.iter().find(|w| hit(w))?;
    // Start at a word boundary at most LEAD characters before the match.
    let mut start = words
        .iter()
        .map(|w| w.start)
        .filter(|&s| s + LEAD >= first.start && s <= first.start)
        .min()
        .unwrap_or(first.start);
    // Near the end, show the whole last stretch rather than a short tail.
    if chars.len() <= LENGTH {
        start = 0;
    } else if start + LENGTH > chars.len() {
        let want = chars.len() - LENGTH;
        start = words
            .iter()
            .map(|w| w.start)
            .find(|&s| s >= want)
            .map_or(start, |s| s.min(start));
    }
    let end = (start + LENGTH).min(chars.len());
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut at = start;
    for w in words
        .iter()
        .filter(|w| w.start >= start && w.end <= end && hit(w))
    {
        out.push_str(&escape(&chars[at..w.start]));
        out.push_str("<mark>");
        out.push_str(&escape(&chars[w.start..w.end]));
        out.push_str("</mark>");
        at = w.end;
    }
    out.push_str(&escape(&chars[at..end]));
    if end < chars.len() {
        out.push('…');
    }
    Some(out)
}

/// The start of `text`, HTML-escaped, cut at a word within [`LENGTH`]
/// characters: the snippet of a result that matched on its name only.
pub fn lead(text: &str) -> String {
    let chars: Vec<char> = text.nfc().collect();
    if chars.len() <= LENGTH {
        return escape(&chars);
    }
    let end = words(&chars)
        .iter()
        .map(|w| w.end)
        .take_while(|&e| e <= LENGTH)
        .last()
        .unwrap_or(LENGTH);
    format!("{}…", escape(&chars[..end]))
}

fn escape(chars: &[char]) -> String {
    let mut out = String::with_capacity(chars.len());
    for &c in chars {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::snippet;

    #[test]
    fn marks_words_typed_without_diacritics() {
        let text = "Mật ong hoa cà phê từ cao nguyên, sánh và thơm.";
        assert_eq!(
            snippet(text, "mat ong").as_deref(),
            Some("<mark>Mật</mark> <mark>ong</mark> hoa cà phê từ cao nguyên, sánh và thơm.")
        );
        assert_eq!(
            snippet(text, "thơ").as_deref(),
            Some("Mật ong hoa cà phê từ cao nguyên, sánh và <mark>thơm</mark>."),
            "the last word is a prefix"
        );
        assert_eq!(snippet(text, "nuoc mam"), None);
        assert_eq!(snippet(text, "  "), None);
    }

    #[test]
    fn long_text_is_cut_around_the_match_and_escaped() {
        let text = format!(
            "{} Nước mắm <b>nhĩ</b> & cá cơm. {}",
            "chữ ".repeat(60),
            "đuôi ".repeat(60)
        );
        let s = snippet(&text, "NUOC MAM").expect("a match");
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(
            s.contains("<mark>Nước</mark> <mark>mắm</mark> &lt;b&gt;nhĩ&lt;/b&gt; &amp; cá cơm.")
        );
        let shown = s
            .replace("<mark>", "")
            .replace("</mark>", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&");
        assert!(shown.chars().count() <= 160 + 2, "{shown}");
    }

    #[test]
    fn decomposed_text_and_old_tone_placement_match() {
        let decomposed = "Tra\u{300} sen Ho\u{300}a Bi\u{300}nh";
        assert_eq!(
            snippet(decomposed, "hoà").as_deref(),
            Some("Trà sen <mark>Hòa</mark> Bình")
        );
    }
}
