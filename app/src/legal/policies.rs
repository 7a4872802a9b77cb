//! The policy documents, embedded from `docs/policies/` at build time (so
//! a deployed binary always serves the texts it was reviewed with): each a
//! Markdown file per language with a front matter (`slug`, `title`,
//! `version`, `effective`, `summary`). The operator's identity is written
//! into `{{operator.*}}` placeholders, escaped; the Markdown becomes HTML
//! and is sanitised like every other text a page shows as HTML.

use super::types::{PolicyDoc, PolicySummary, POLICY_SLUGS};
use crate::domain::OperatorIdentity;
use crate::i18n::Locale;
use std::collections::HashSet;

macro_rules! sources {
    ($($slug:literal),* $(,)?) => {
        [$(
            (
                $slug,
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/policies/", $slug, ".vi.md")),
                include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/../docs/policies/", $slug, ".en.md")),
            ),
        )*]
    };
}

/// `(slug, Vietnamese source, English source)`, in [`POLICY_SLUGS`] order.
const SOURCES: [(&str, &str, &str); 6] = sources!(
    "quy-che-hoat-dong",
    "bao-mat",
    "doi-tra-hoan-tien",
    "van-chuyen",
    "giai-quyet-khieu-nai",
    "bao-mat-thanh-toan",
);

/// What is wrong with a policy file (found by the unit tests, before a
/// release; a served page never meets one).
#[derive(Debug, PartialEq, Eq)]
pub struct PolicyError(pub String);

/// A policy file read: its front matter and its Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicySource {
    /// Title, summary, version, date.
    pub summary: PolicySummary,
    /// The body, placeholders not yet filled.
    pub body: String,
}

/// Reads a policy file.
pub fn parse(text: &str) -> Result<PolicySource, PolicyError> {
    let err = |what: &str| PolicyError(what.to_owned());
    let rest = text
        .strip_prefix("---\n")
        .ok_or_else(|| err("no front matter"))?;
    let (front, body) = rest
        .split_once("\n---\n")
        .ok_or_else(|| err("the front matter is not closed"))?;
    let field = |name: &str| -> Result<String, PolicyError> {
        front
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}:")))
            .map(|v| v.trim().trim_matches('"').trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| err(&format!("no {name}")))
    };
    let effective = field("effective")?;
    Ok(PolicySource {
        summary: PolicySummary {
            slug: field("slug")?,
            title: field("title")?,
            summary: field("summary")?,
            version: field("version")?,
            effective: chrono::NaiveDate::parse_from_str(&effective, "%Y-%m-%d")
                .map_err(|_| err("effective is not YYYY-MM-DD"))?,
        },
        body: body.trim().to_owned(),
    })
}

/// The source of `slug` in `locale`, if there is such a policy.
fn source(slug: &str, locale: Locale) -> Option<&'static str> {
    SOURCES
        .iter()
        .find(|(s, _, _)| *s == slug)
        .map(|(_, vi, en)| match locale {
            Locale::Vi => *vi,
            Locale::En => *en,
        })
}

/// Writes the operator's identity into the `{{...}}` placeholders, escaped
/// so that a name holding `<`, `*` or `[` stays text; an unknown
/// placeholder is an error (the unit tests find it).
pub fn fill(
    body: &str,
    operator: &OperatorIdentity,
    site_url: &str,
) -> Result<String, PolicyError> {
    let mut out = String::with_capacity(body.len() + 256);
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find("}}")
            .ok_or_else(|| PolicyError("a placeholder is not closed".into()))?;
        let key = after[..end].trim();
        let value = operator
            .placeholder(key, site_url)
            .ok_or_else(|| PolicyError(format!("unknown placeholder {{{{{key}}}}}")))?;
        out.push_str(&escape_markdown(&value));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// Text that Markdown and HTML both read as itself.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Markdown to sanitised HTML: headings, paragraphs, lists, emphasis,
/// quotes and links only.
pub fn render(markdown: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::empty());
    let mut html = String::with_capacity(markdown.len() * 5 / 4 + 16);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .tags(HashSet::from([
            "h2",
            "h3",
            "h4",
            "p",
            "br",
            "ul",
            "ol",
            "li",
            "strong",
            "em",
            "blockquote",
            "a",
            "hr",
        ]))
        .generic_attributes(HashSet::new())
        .tag_attributes(std::iter::once(("a", HashSet::from(["href"]))).collect())
        .url_schemes(HashSet::from(["http", "https", "mailto"]))
        .link_rel(Some("noopener noreferrer"))
        .clean(&html)
        .to_string()
}

/// The policy `slug` in `locale`, ready to show; `None` for no such policy.
pub fn document(
    slug: &str,
    locale: Locale,
    operator: &OperatorIdentity,
    site_url: &str,
) -> Result<Option<PolicyDoc>, PolicyError> {
    let Some(text) = source(slug, locale) else {
        return Ok(None);
    };
    let source = parse(text)?;
    let html = render(&fill(&source.body, operator, site_url)?);
    Ok(Some(PolicyDoc {
        summary: source.summary,
        html,
    }))
}

/// The title, version and date of policy `slug` in `locale`.
pub fn summary(slug: &str, locale: Locale) -> Option<PolicySummary> {
    source(slug, locale)
        .and_then(|text| parse(text).ok())
        .map(|s| s.summary)
}

/// Every policy in `locale`, in [`POLICY_SLUGS`] order.
pub fn list(locale: Locale) -> Result<Vec<PolicySummary>, PolicyError> {
    POLICY_SLUGS
        .iter()
        .filter_map(|slug| source(slug, locale))
        .map(|text| parse(text).map(|s| s.summary))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operator() -> OperatorIdentity {
        OperatorIdentity {
            name: "Công ty <b>Chợ</b> *Quê* [x](javascript:alert(1))".into(),
            address: "Số 1, Xã Thới Lai, Cần Thơ".into(),
            registration: "1801234567".into(),
            phone: "0292 123 4567".into(),
            email: "lienhe@example.vn".into(),
            representative: "Nguyễn Văn A".into(),
            registration_url: None,
        }
    }

    #[test]
    fn every_policy_exists_in_both_languages_with_the_same_version_and_date() {
        assert_eq!(
            SOURCES.iter().map(|(s, _, _)| *s).collect::<Vec<_>>(),
            POLICY_SLUGS
        );
        for (slug, vi, en) in SOURCES {
            let vi = parse(vi).unwrap_or_else(|e| panic!("{slug}.vi.md: {e:?}"));
            let en = parse(en).unwrap_or_else(|e| panic!("{slug}.en.md: {e:?}"));
            assert_eq!(vi.summary.slug, slug);
            assert_eq!(en.summary.slug, slug);
            assert_eq!(vi.summary.version, en.summary.version, "{slug}");
            assert_eq!(vi.summary.effective, en.summary.effective, "{slug}");
            assert_ne!(vi.summary.title, en.summary.title, "{slug}: translated");
        }
    }

    #[test]
    fn every_policy_is_a_real_text_marked_as_a_template() {
        for (slug, vi, en) in SOURCES {
            for (lang, text, notice) in [("vi", vi, "luật sư"), ("en", en, "lawyer")] {
                let body = parse(text).expect("parses").body;
                let words = body.split_whitespace().count();
                assert!(words >= 400, "{slug}.{lang}: {words} words");
                let opening: String = body.chars().take(300).collect();
                assert!(
                    opening.contains(notice),
                    "{slug}.{lang}: template notice first"
                );
                assert!(!body.to_lowercase().contains("lorem"), "{slug}.{lang}");
                assert!(!body.contains('<'), "{slug}.{lang}: Markdown, not HTML");
                let nfc: String =
                    unicode_normalization::UnicodeNormalization::nfc(body.chars()).collect();
                assert_eq!(nfc, body, "{slug}.{lang} is NFC");
                fill(&body, &operator(), "https://chocop.example")
                    .unwrap_or_else(|e| panic!("{slug}.{lang}: {e:?}"));
            }
        }
    }

    #[test]
    fn the_operator_is_written_in_as_text() {
        let html = render(
            &fill(
                "Vận hành bởi {{operator.name}} ({{ operator.email }}), {{site.url}}.",
                &operator(),
                "https://chocop.example",
            )
            .expect("filled"),
        );
        assert!(
            html.contains("Công ty &lt;b&gt;Chợ&lt;/b&gt; *Quê* [x](javascript:alert(1))"),
            "{html}"
        );
        assert!(
            !html.contains("<b>") && !html.contains("<em>") && !html.contains("<a "),
            "{html}"
        );
        assert!(html.contains("lienhe@example.vn"));
        assert_eq!(
            fill("{{operator.secret}}", &operator(), ""),
            Err(PolicyError(
                "unknown placeholder {{operator.secret}}".into()
            ))
        );
        assert!(fill("{{operator.name", &operator(), "").is_err());
    }

    #[test]
    fn rendering_keeps_structure_and_drops_markup() {
        let html = render("## 1. Phạm vi\n\nXem [bảo mật](/chinh-sach/bao-mat).\n\n<script>x</script>\n\n- một\n- hai");
        assert!(html.contains("<h2>1. Phạm vi</h2>"));
        assert!(html.contains("<a href=\"/chinh-sach/bao-mat\""));
        assert!(html.contains("<li>một</li>"));
        assert!(!html.contains("<script"));
    }

    #[test]
    fn a_document_names_its_version_and_an_unknown_slug_is_none() {
        let doc = document("bao-mat", Locale::En, &operator(), "https://x")
            .expect("reads")
            .expect("exists");
        assert_eq!(doc.summary.slug, "bao-mat");
        assert!(!doc.html.contains("{{"));
        assert_eq!(
            document("khong-co", Locale::Vi, &operator(), "").expect("reads"),
            None
        );
        assert_eq!(list(Locale::Vi).expect("reads").len(), 6);
    }
}
