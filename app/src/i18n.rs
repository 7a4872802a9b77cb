//! The two languages of the site: Vietnamese first, English for visitors.

use serde::{Deserialize, Serialize};

/// A language the site speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Locale {
    /// Tiếng Việt, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Locale {
    /// Picks the language from an `Accept-Language` header: English only when the
    /// visitor prefers it over Vietnamese; Vietnamese otherwise.
    pub fn from_accept_language(header: &str) -> Locale {
        let mut best = (Locale::Vi, -1.0f32);
        for part in header.split(',') {
            let mut pieces = part.trim().split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let q = pieces
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|v| v.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let locale = if tag == "en" || tag.starts_with("en-") {
                Some(Locale::En)
            } else if tag == "vi" || tag.starts_with("vi-") {
                Some(Locale::Vi)
            } else {
                None
            };
            if let Some(locale) = locale {
                if q > best.1 {
                    best = (locale, q);
                }
            }
        }
        best.0
    }

    /// Reads a `lang` query or cookie value.
    pub fn from_code(code: &str) -> Option<Locale> {
        match code {
            "vi" => Some(Locale::Vi),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// The language code for `<html lang>` and links.
    pub fn code(self) -> &'static str {
        match self {
            Locale::Vi => "vi",
            Locale::En => "en",
        }
    }

    /// The Vietnamese or the English text, whichever this locale reads.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Locale::Vi => vi,
            Locale::En => en,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_unless_english_is_preferred() {
        assert_eq!(Locale::from_accept_language(""), Locale::Vi);
        assert_eq!(Locale::from_accept_language("en"), Locale::En);
        assert_eq!(Locale::from_accept_language("en-US,en;q=0.9"), Locale::En);
        assert_eq!(
            Locale::from_accept_language("vi-VN,vi;q=0.9,en;q=0.8"),
            Locale::Vi
        );
        assert_eq!(Locale::from_accept_language("fr, en;q=0.5"), Locale::En);
        assert_eq!(Locale::from_accept_language("fr"), Locale::Vi);
    }
}
