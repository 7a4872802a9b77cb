//! A product's story as its producer writes it: Markdown (paragraphs, bold,
//! italics, lists, small headings, quotes, links), turned into HTML and then
//! sanitised with `ammonia`, so whatever is typed or pasted (script, style,
//! event handlers, `javascript:` links, iframes) never reaches a shopper's
//! page as markup. The source is kept beside the HTML so the editor shows
//! exactly what was written.

use crate::error::{AppError, AppResult};
use crate::text::clean;
use std::collections::HashSet;

/// Longest story source, in characters: a long page of text.
pub const MAX_STORY_CHARS: usize = 10_000;

/// The tags a story may hold after sanitising.
const TAGS: [&str; 12] = [
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "h3",
    "h4",
    "blockquote",
    "a",
    "hr",
];

/// A story ready to store: its cleaned source and the safe HTML shown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    /// What the producer wrote, NFC, lines trimmed at the end.
    pub source: String,
    /// Sanitised HTML.
    pub html: String,
}

/// Cleans the source line by line (NFC, single spaces) while keeping what
/// Markdown reads from line starts (list markers, indentation of nested
/// lists) and blank lines between paragraphs.
fn clean_source(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank = false;
    for line in raw.lines() {
        let text = clean(line);
        let indent: String = if is_list_item(&text) {
            line.chars().take_while(|c| *c == ' ').take(8).collect()
        } else {
            String::new()
        };
        if text.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(&indent);
        out.push_str(&text);
    }
    out
}

/// A Markdown list item ("- ", "* ", "+ ", "1. "), whose indentation nests it.
fn is_list_item(text: &str) -> bool {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let rest = &text[digits..];
    if digits > 0 {
        rest.starts_with(". ") || rest.starts_with(") ")
    } else {
        ["- ", "* ", "+ "].iter().any(|m| rest.starts_with(m))
    }
}

/// Markdown to HTML, then sanitised: only [`TAGS`], links only to http(s)
/// and mailto, opened as user content (`rel="nofollow noopener noreferrer
/// ugc"`); headings of any level become `h3`/`h4` so a story never competes
/// with the page's own headings.
pub fn render(source: &str) -> String {
    use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
    let parser = Parser::new_ext(source, Options::ENABLE_STRIKETHROUGH).map(|event| match event {
        Event::Start(Tag::Heading { level, .. }) => Event::Start(Tag::Heading {
            level: demote(level),
            id: None,
            classes: Vec::new(),
            attrs: Vec::new(),
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
        // Raw HTML is shown as the text it is, never as markup.
        Event::Html(html) | Event::InlineHtml(html) => Event::Text(html),
        other => other,
    });
    fn demote(level: HeadingLevel) -> HeadingLevel {
        if level <= HeadingLevel::H3 {
            HeadingLevel::H3
        } else {
            HeadingLevel::H4
        }
    }
    let mut html = String::with_capacity(source.len() * 5 / 4 + 16);
    pulldown_cmark::html::push_html(&mut html, parser);
    sanitise(&html)
}

/// The ammonia pass on its own (also for HTML from anywhere else).
pub fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .tags(HashSet::from(TAGS))
        .generic_attributes(HashSet::new())
        .tag_attributes(std::iter::once(("a", HashSet::from(["href"]))).collect())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("nofollow noopener noreferrer ugc"))
        .clean(html)
        .to_string()
        .trim()
        .to_owned()
}

/// Reads a story as typed: too long is refused with a message (nothing is
/// cut off silently); an empty story is allowed (it is then "missing").
pub fn from_source(raw: &str) -> AppResult<Story> {
    let source = clean_source(raw);
    if source.chars().count() > MAX_STORY_CHARS {
        return Err(AppError::invalid(
            "story",
            format!("Câu chuyện tối đa {MAX_STORY_CHARS} ký tự."),
            format!("The story takes at most {MAX_STORY_CHARS} characters."),
        ));
    }
    let html = render(&source);
    Ok(Story { source, html })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_becomes_the_few_tags_a_story_needs() {
        let story = from_source(
            "# Nguồn gốc\n\nNước mắm **nhĩ** _Phú Quốc_.\n\n- cá cơm\n- muối\n\n> Lời ông bà\n\n[Xem](https://ocop.gov.vn)",
        )
        .expect("valid");
        assert_eq!(
            story.html,
            "<h3>Nguồn gốc</h3>\n<p>Nước mắm <strong>nhĩ</strong> <em>Phú Quốc</em>.</p>\n<ul>\n<li>cá cơm</li>\n<li>muối</li>\n</ul>\n<blockquote>\n<p>Lời ông bà</p>\n</blockquote>\n<p><a href=\"https://ocop.gov.vn\" rel=\"nofollow noopener noreferrer ugc\">Xem</a></p>"
        );
    }

    #[test]
    fn nothing_typed_becomes_active_markup() {
        for hostile in [
            "<script>alert(1)</script>",
            "<img src=x onerror=alert(1)>",
            "[bấm](javascript:alert(1))",
            "<iframe src=https://evil.example></iframe>",
            "<a href=\"https://x\" onclick=\"steal()\">x</a>",
            "<style>body{display:none}</style>",
            "![ảnh](https://evil.example/track.png)",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
        ] {
            let html = render(hostile);
            // Every tag left is one of the few allowed, with no attribute
            // but a link's checked address and rel.
            for tag in html.split('<').skip(1) {
                let name: String = tag
                    .trim_start_matches('/')
                    .chars()
                    .take_while(char::is_ascii_alphanumeric)
                    .collect();
                assert!(TAGS.contains(&name.as_str()), "{hostile:?} gave {html:?}");
                let inside = &tag[..tag.find('>').unwrap_or(tag.len())];
                if name == "a" && !tag.starts_with('/') {
                    let ok = inside.starts_with("a href=\"http") || inside.starts_with("a rel=");
                    assert!(ok, "{hostile:?} gave {html:?}");
                } else {
                    assert!(!inside.contains('='), "{hostile:?} gave {html:?}");
                }
            }
            assert!(!html.contains("href=\"javascript") && !html.contains("href=\"data"));
        }
        // What was typed is still there to read, as text.
        assert!(render("<b>đậm</b>").contains("&lt;b&gt;đậm&lt;/b&gt;"));
    }

    #[test]
    fn the_source_is_cleaned_but_keeps_its_shape() {
        let story = from_source("  Cà  phe\u{0302}  \n\n\n- hạt\n  - rang\n").expect("valid");
        assert_eq!(story.source, "Cà phê\n\n- hạt\n  - rang");
        assert!(story.html.contains("<li>hạt\n<ul>"));
    }

    #[test]
    fn a_story_too_long_is_refused_not_cut() {
        assert!(from_source(&"a".repeat(MAX_STORY_CHARS)).is_ok());
        let Err(AppError::Validation { fields }) = from_source(&"a".repeat(MAX_STORY_CHARS + 1))
        else {
            panic!("refused");
        };
        assert!(fields.contains_key("story"));
    }
}
