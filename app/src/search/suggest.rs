//! Suggestions under the header's search box, as the shopper types. Without
//! JavaScript the box is a plain GET form to the results page; once hydrated
//! it lists product names for what has been typed, each a link to the product.

use crate::i18n::use_locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Suggestions shown at most.
#[cfg(feature = "ssr")]
const SHOWN: usize = 8;
/// Fewer characters than this suggest nothing: one letter matches half the catalog.
const MIN_CHARS: usize = 2;

/// A product name offered while typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SuggestionLink {
    /// Product name as shown.
    pub name: String,
    /// Product page slug.
    pub slug: String,
}

/// Product names for what has been typed so far, certified today.
#[server(prefix = "/api/fn", endpoint = "suggest")]
pub async fn suggest_products(q: String) -> Result<Vec<SuggestionLink>, ServerFnError> {
    let state = crate::ssr::state()?;
    let found = super::service::run_suggest(&state, q, SHOWN)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(found
        .into_iter()
        .map(|s| SuggestionLink {
            name: s.name,
            slug: s.slug,
        })
        .collect())
}

/// A search box: a GET form to the results page. With `suggest` (the
/// header's), it lists product names as the shopper types once hydrated.
#[component]
pub fn SearchBox(
    /// The words already searched, on the results page.
    #[prop(optional)]
    value: String,
    /// Whether to offer suggestions while typing.
    #[prop(optional)]
    suggest: bool,
) -> AnyView {
    let l = use_locale();
    let (items, set_items) = signal(Vec::<SuggestionLink>::new());
    // The latest text typed: an answer to older text arrives too late to show.
    let typed = StoredValue::new(String::new());
    let on_input = move |ev| {
        if !suggest {
            return;
        }
        let q = event_target_value(&ev);
        typed.set_value(q.clone());
        if q.trim().chars().count() < MIN_CHARS {
            set_items.set(Vec::new());
            return;
        }
        leptos::task::spawn_local(async move {
            if let Ok(found) = suggest_products(q.clone()).await {
                if typed.get_value() == q {
                    set_items.set(found);
                }
            }
        });
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            set_items.set(Vec::new());
        }
    };
    view! {
        <form class="search-box" role="search" method="get" action="/tim-kiem">
            // Named by aria-label, not a label's `for`: a page may hold two
            // search boxes (header and home or 404), and ids must be unique.
            <input
                aria-label=l.pick("Tìm sản phẩm", "Search products")
                type="search"
                name="q"
                value=value
                placeholder=l.pick("Tìm đặc sản: nước mắm, cà phê, mật ong…", "Find a specialty: fish sauce, coffee, honey…")
                autocomplete="off"
                enterkeyhint="search"
                on:input=on_input
                on:keydown=on_keydown
            />
            <button type="submit">{l.pick("Tìm", "Search")}</button>
            {suggest.then(|| view! {
                <ul class="suggestions" aria-label=l.pick("Gợi ý", "Suggestions") hidden=move || items.get().is_empty()>
                    <For each=move || items.get() key=|s| s.slug.clone() let:s>
                        <li><a href=format!("/san-pham/{}", s.slug)>{s.name}</a></li>
                    </For>
                </ul>
            })}
        </form>
    }
    .into_any()
}
