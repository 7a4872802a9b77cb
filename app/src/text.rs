//! Vietnamese text handling shared by every feature: NFC normalisation and the
//! keys used to match names the way people type them.

use unicode_normalization::UnicodeNormalization;

/// Returns `s` in Unicode NFC with surrounding whitespace trimmed and inner runs
/// of whitespace collapsed to one space. Everything stored goes through this, so
/// text pasted in decomposed form (NFD, common from macOS) compares equal.
/// Control characters are dropped: they are never meant in a name, and
/// PostgreSQL refuses text holding NUL.
pub fn clean(s: &str) -> String {
    let nfc: String = s
        .nfc()
        .filter(|c| !c.is_control() || c.is_whitespace())
        .collect();
    nfc.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A text of several lines (a file, a long answer) as kept: NFC, every line
/// end `\n`, control characters other than tabs and line ends dropped;
/// spacing inside lines left as typed.
pub fn clean_lines(s: &str) -> String {
    s.replace("\r\n", "\n")
        .nfc()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// The five Vietnamese tone marks as Unicode combining characters, with the
/// letter that stands for each in a match key.
const TONES: [(char, char); 5] = [
    ('\u{0300}', 'f'), // huyền
    ('\u{0301}', 's'), // sắc
    ('\u{0303}', 'x'), // ngã
    ('\u{0309}', 'r'), // hỏi
    ('\u{0323}', 'j'), // nặng
];

/// A key for matching names regardless of Unicode form, case and tone placement:
/// "Hòa" and "Hoà", "Thủy" and "Thuỷ", NFC or NFD, all give the same key, while
/// "Hòa" and "Hóa" (different tones) do not. Each word keeps its letters and vowel
/// marks (â ă ê ô ơ ư đ) and carries its tone as a trailing letter (Telex style),
/// so where the tone sits inside the word no longer matters.
pub fn match_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_whitespace() || c == ',' || c == '.' || c == '-') {
        if word.is_empty() {
            continue;
        }
        let mut tone = None;
        let mut letters = String::with_capacity(word.len());
        for c in word.nfd() {
            match TONES.iter().find(|(mark, _)| *mark == c) {
                Some((_, code)) => tone = Some(*code),
                None => letters.extend(c.to_lowercase()),
            }
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(letters.nfc());
        if let Some(code) = tone {
            out.push(code);
        }
    }
    out
}

/// Folds Vietnamese to plain lowercase ASCII-like letters ("Nước mắm Đà Nẵng" →
/// "nuoc mam da nang"), for slugs and diacritic-free matching.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// A spreadsheet cell that cannot run as a formula: text starting with
/// `=`, `+`, `-`, `@` (or a tab or carriage return) gets a leading `'`.
/// For every CSV cell holding text someone typed.
pub fn inert_cell(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_owned(),
    }
}

/// A URL slug: folded, with every run of other characters turned into one dash.
pub fn slugify(s: &str) -> String {
    let mut slug = String::with_capacity(s.len());
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// Percent-encodes a URL query value (RFC 3986 unreserved characters stay).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tone_placement_and_form_do_not_matter() {
        assert_eq!(clean("Cần\u{0}Thơ\u{1}\u{7f}"), "CầnThơ");
        assert_eq!(clean("Cần\tThơ\r\n"), "Cần Thơ");
        assert_eq!(match_key("Hòa"), match_key("Hoà"));
        assert_eq!(match_key("Thủy"), match_key("Thuỷ"));
        assert_eq!(
            match_key("Phường Bình Thủy"),
            match_key("phường  bình thuỷ")
        );
        let nfd: String = "Xã Thới Lai".nfd().collect();
        assert_eq!(match_key(&nfd), match_key("Xã Thới Lai"));
    }

    #[test]
    fn different_tones_stay_different() {
        assert_ne!(match_key("Hòa"), match_key("Hóa"));
        assert_ne!(match_key("mắm"), match_key("mầm"));
        assert_ne!(match_key("Đà"), match_key("Da"));
    }

    #[test]
    fn clean_gives_nfc_and_single_spaces() {
        let nfd: String = "Cần  Thơ ".nfd().collect();
        assert_eq!(clean(&nfd), "Cần Thơ");
    }

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(
            slugify("Nước mắm Phú Quốc — 40°N"),
            "nuoc-mam-phu-quoc-40-n"
        );
        assert_eq!(slugify("Đặc sản Đà Lạt"), "dac-san-da-lat");
    }
}
