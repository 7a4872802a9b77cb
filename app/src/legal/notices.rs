//! The policy versions taking effect within a month, or just in effect,
//! pointed out on the home page ("a new version is announced on the site").

use super::PolicySummary;
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;

/// The versions to point out today (Vietnam's calendar), in the reader's
/// language.
#[server(prefix = "/api/fn", endpoint = "policy_notices")]
pub async fn policy_notices() -> Result<Vec<PolicySummary>, ServerFnError> {
    let locale = crate::i18n::detect_locale();
    let list = super::policies::list(locale).unwrap_or_default();
    Ok(super::announce::in_window(&list, crate::ssr::today_vn()))
}

/// The notice, when there is a version to point out.
#[component]
pub fn PolicyNotices() -> AnyView {
    let l = use_locale();
    let notices = Resource::new(|| (), |_| policy_notices());
    view! {
        <Suspense fallback=|| ()>
            {move || notices.get().and_then(Result::ok).filter(|n| !n.is_empty()).map(|list| view! {
                <aside class="policy-notices notice" aria-labelledby="chinh-sach-moi">
                    <h2 id="chinh-sach-moi">{l.pick("Cập nhật chính sách", "Policy updates")}</h2>
                    <ul>
                        {list.into_iter().map(|p| {
                            let date = crate::time::format_date(p.effective);
                            let words = match l {
                                Locale::Vi => format!("phiên bản {}, hiệu lực từ {date}", p.version),
                                Locale::En => format!("version {}, in effect from {date}", p.version),
                            };
                            view! {
                                <li><a href=format!("/chinh-sach/{}", p.slug)>{p.title.clone()}</a>" — "{words}</li>
                            }
                        }).collect_view()}
                    </ul>
                </aside>
            })}
        </Suspense>
    }
    .into_any()
}
