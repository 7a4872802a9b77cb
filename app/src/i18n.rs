//! The two languages of the site: Vietnamese first, English for visitors.

use serde::{Deserialize, Serialize};

/// The name of the cookie that remembers the visitor's choice of language.
pub const LANG_COOKIE: &str = "lang";

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

/// The language of the page being rendered, provided once by `App`.
pub fn use_locale() -> Locale {
    leptos::prelude::use_context::<Locale>().unwrap_or_default()
}

/// Works out the language of this render. On the server: `?lang=`, then the
/// `lang` cookie, else Vietnamese. In the browser: the `<html lang>` the
/// server wrote, so hydration always agrees with the server.
pub fn detect_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<http::request::Parts>()
            .map(|parts| Locale::from_request(&parts))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|code| Locale::from_code(&code))
            .unwrap_or_default()
    }
}

impl Locale {
    /// The language of a page: `?lang=`, then the cookie, else Vietnamese.
    /// The browser's `Accept-Language` is not followed for pages: many
    /// Vietnamese shoppers' phones are set to English, and the site is
    /// Vietnamese first; the switch in the header is one tap away. (The JSON
    /// API, read by programs, does follow it.)
    #[cfg(feature = "ssr")]
    pub fn from_request(parts: &http::request::Parts) -> Locale {
        Self::from_headers(parts.uri.query(), &parts.headers)
    }

    /// [`Locale::from_request`] from a request's query string and headers.
    #[cfg(feature = "ssr")]
    pub fn from_headers(query: Option<&str>, headers: &http::HeaderMap) -> Locale {
        if let Some(locale) = Self::from_query(query.unwrap_or("")) {
            return locale;
        }
        cookie_value(headers, LANG_COOKIE)
            .and_then(|value| Locale::from_code(&value))
            .unwrap_or_default()
    }

    /// The `lang` parameter of a query string, when it names a language we speak.
    pub fn from_query(query: &str) -> Option<Locale> {
        query.split('&').find_map(|pair| {
            let (name, value) = pair.split_once('=')?;
            (name == "lang").then(|| Locale::from_code(value))?
        })
    }

    /// The other language, for the switch in the header.
    pub fn other(self) -> Locale {
        match self {
            Locale::Vi => Locale::En,
            Locale::En => Locale::Vi,
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Vi => "Tiếng Việt",
            Locale::En => "English",
        }
    }
}

/// The value of the first non-empty cookie called `name` in a request's
/// `Cookie` headers.
#[cfg(feature = "ssr")]
pub fn cookie_value(headers: &http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            let value = value.trim();
            (key == name && !value.is_empty()).then(|| value.to_string())
        })
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

    #[test]
    fn query_names_the_language() {
        assert_eq!(Locale::from_query("page=2&lang=en"), Some(Locale::En));
        assert_eq!(Locale::from_query("lang=vi"), Some(Locale::Vi));
        assert_eq!(Locale::from_query("lang=fr"), None);
        assert_eq!(Locale::from_query(""), None);
    }
}
