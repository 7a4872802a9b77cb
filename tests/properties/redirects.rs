//! `same_site_path`, the one gate of every redirect whose target comes from
//! the request (the sign-in form's `next`): whatever it is given, what it
//! lets through is a path of this site that a browser cannot read as
//! another host, and that fits in a `Location` header.

use app::forms::same_site_path;
use proptest::prelude::*;

/// What an attacker would put in `next`, mixed with anything at all.
fn hostile_target() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        Just("/".to_owned()),
        Just("//".to_owned()),
        Just("\\".to_owned()),
        Just("/\t/".to_owned()),
        Just("/\r\n/".to_owned()),
        Just("evil.example".to_owned()),
        Just("https://evil.example".to_owned()),
        Just("%09".to_owned()),
        Just("%2F%2F".to_owned()),
        Just("\u{00a0}".to_owned()),
        Just("\u{2028}".to_owned()),
        Just("\u{0}".to_owned()),
        Just("quan-ly?x=1#y".to_owned()),
        "[ -~]{0,12}",
        any::<String>(),
    ];
    prop::collection::vec(pieces, 0..6).prop_map(|p| p.join(""))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Never panics; what passes starts with one `/`, holds only printable
    /// ASCII without `\`, and is a valid `Location` header value.
    #[test]
    fn only_same_site_paths_pass(raw in hostile_target()) {
        if let Some(path) = same_site_path(&raw) {
            prop_assert_eq!(path, raw.as_str());
            prop_assert!(path.starts_with('/'), "{path:?}");
            prop_assert!(!path.starts_with("//"), "{path:?}");
            prop_assert!(
                path.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\'),
                "{path:?}"
            );
            prop_assert!(http::HeaderValue::from_str(path).is_ok(), "{path:?}");
        }
    }
}

#[test]
fn the_reported_targets_are_refused_and_ordinary_ones_pass() {
    for bad in [
        "/\t/evil.example",
        "/\n/x",
        "/\r/x",
        "/ /evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "",
        "quan-ly",
    ] {
        assert_eq!(same_site_path(bad), None, "{bad:?}");
    }
    for good in [
        "/",
        "/quan-ly",
        "/can-bo/chung-nhan?trang-thai=lapsed",
        "/%09/x",
    ] {
        assert_eq!(same_site_path(good), Some(good), "{good:?}");
    }
}
