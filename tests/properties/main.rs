//! Property tests (the fuzzing of issue 8; cargo-fuzz needs a nightly
//! toolchain this project does not have): the VietQR builder, the story
//! sanitiser, money arithmetic and the CSV importer, each fed generated and
//! hostile input. CI runs the default number of cases; run longer by hand
//! with `PROPTEST_CASES=20000 cargo test -p tests --test properties`.

use app::domain::Money;
use app::stall::story::{render, sanitise};
use app::vietqr::{parse_fields, VietQr};
use proptest::prelude::*;

/// Text an attacker would try in a story, mixed with anything at all.
fn hostile_markup() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("<script>alert(1)</script>".to_owned()),
        Just("<img src=x onerror=alert(1)>".to_owned()),
        Just("[bấm](javascript:alert(1))".to_owned()),
        Just("[x](JaVaScRiPt:alert(1))".to_owned()),
        Just("<a href=\"data:text/html,<script>\">x</a>".to_owned()),
        Just("<svg onload=alert(1)>".to_owned()),
        Just("<iframe src=//evil>".to_owned()),
        Just("<style>*{}</style>".to_owned()),
        Just("![x](http://a/b.png \"t\")".to_owned()),
        Just("**đậm** _nghiêng_ ## Tiêu đề\n\n- một\n- hai".to_owned()),
        Just("<p style=\"x\" class=\"y\" onclick=\"z\">".to_owned()),
        Just("`code` <!-- c -->".to_owned()),
        Just("&lt;script&gt;".to_owned()),
        "\\PC{0,30}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..10).prop_map(|p| p.join(""))
}

/// Every tag name in `html`, lower-cased.
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|t| {
            t.trim_start_matches('/')
                .chars()
                .take_while(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect()
}

proptest! {
    /// The rendered story holds only the allowed tags, no event handler, no
    /// style, no script URL; sanitising it again changes nothing.
    #[test]
    fn stories_render_to_safe_html(source in hostile_markup()) {
        let html = render(&source);
        const ALLOWED: [&str; 12] = ["p", "br", "strong", "em", "ul", "ol", "li", "h3", "h4", "blockquote", "a", "hr"];
        for tag in tags(&html) {
            prop_assert!(ALLOWED.contains(&tag.as_str()), "tag <{tag}> in {html:?}");
        }
        let lower = html.to_ascii_lowercase();
        for bad in ["javascript:", "data:", "onerror", "onload", "onclick", "style=", "<script", "<iframe", "<img", "<svg"] {
            // As text (escaped as &lt;…) a word may appear; inside a tag never.
            prop_assert!(!attribute_has(&lower, bad), "{bad} survived in {html:?}");
        }
        prop_assert_eq!(sanitise(&html), html.clone(), "sanitising is stable");
    }

    /// A payload is built only from valid parts, and then reads back with
    /// a good CRC, the exact amount and the bill number.
    #[test]
    fn vietqr_payloads_read_back(
        bin in prop_oneof!["[0-9]{6}", "\\PC{0,8}"],
        account in prop_oneof!["[0-9A-Za-z]{1,19}", "\\PC{0,25}"],
        amount_vnd in prop_oneof![1i64..=9_999_999_999_999, any::<i64>()],
        bill_number in prop_oneof!["[A-Z0-9]{1,12}", "\\PC{0,30}"],
        purpose in prop_oneof!["[a-zA-Z0-9 ]{0,25}", "\\PC{0,40}"],
    ) {
        let qr = VietQr { bin: &bin, account: &account, amount_vnd, bill_number: &bill_number, purpose: &purpose };
        if let Ok(payload) = qr.payload() {
            let fields = parse_fields(&payload);
            prop_assert!(fields.is_some(), "unreadable payload {payload:?}");
            let fields = fields.unwrap_or_default();
            let amount = fields.iter().find(|(id, _)| id == "54").map(|(_, v)| v.clone());
            prop_assert_eq!(amount, Some(amount_vnd.to_string()));
            prop_assert!(payload.contains(&bill_number));
            prop_assert!(bin.len() == 6 && (1..=19).contains(&account.len()) && amount_vnd > 0);
        }
    }

    /// Money never wraps: sums and products are exact or refused, and the
    /// Vietnamese display reads back to the same number.
    #[test]
    fn money_is_exact_or_refused(a in any::<i64>(), b in any::<i64>(), q in any::<u32>()) {
        match (Money::from_dong(a), Money::from_dong(b)) {
            (Ok(x), Ok(y)) => {
                prop_assert_eq!(x.checked_add(y).map(Money::dong), a.checked_add(b));
                prop_assert_eq!(x.checked_mul(q).map(Money::dong), a.checked_mul(i64::from(q)));
                let shown = x.to_string();
                let digits: String = shown.chars().filter(char::is_ascii_digit).collect();
                prop_assert_eq!(digits.parse::<i64>().ok(), Some(a), "{}", shown);
                prop_assert!(shown.ends_with(" ₫"));
            }
            (x, y) => {
                prop_assert_eq!(x.is_err(), a < 0);
                prop_assert_eq!(y.is_err(), b < 0);
            }
        }
    }
}

/// Whether an attribute value or name in `html` contains `needle` (inside a
/// tag, not in text).
fn attribute_has(html: &str, needle: &str) -> bool {
    html.split('<')
        .skip(1)
        .filter_map(|t| t.split_once('>').map(|(inside, _)| inside))
        .any(|inside| inside.contains(needle))
}

mod import;
mod redirects;
