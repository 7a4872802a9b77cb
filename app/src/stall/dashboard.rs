//! `/quan-ly`: the stall at a glance — orders waiting for the producer,
//! products that shoppers cannot see yet and why, certifications about to
//! lapse — each linking to where it is dealt with.

use super::nav::{with_access, StallNav};
use super::StallAccess;
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::i18n::{use_locale, Locale};
use leptos::prelude::*;
use leptos_meta::Meta;
use serde::{Deserialize, Serialize};

/// The overview's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overview {
    /// Producer name.
    pub name: String,
    /// Public stall slug.
    pub slug: String,
    /// Orders waiting for a step (new, confirmed, packed).
    pub orders_waiting: u64,
    /// Products on sale now.
    pub on_sale: usize,
    /// All products.
    pub products: usize,
    /// Products not shown, with what they lack: (code, name).
    pub needing_work: Vec<(String, String)>,
    /// Certifications lapsing within 90 days: (code, name).
    pub expiring: Vec<(String, String)>,
}

/// The member's overview.
#[server(prefix = "/api/fn", endpoint = "stall_overview")]
pub async fn get_overview() -> Result<StallAccess<Overview>, ServerFnError> {
    use sea_orm::EntityTrait;
    let (state, _, producer) = match super::page_member().await? {
        Ok(member) => member,
        Err(access) => return Ok(access),
    };
    let fail = crate::ssr::server_error;
    let p = crate::entities::producers::Entity::find_by_id(producer)
        .one(&state.db)
        .await
        .map_err(|e| fail(e.into()))?
        .ok_or_else(|| fail(crate::error::AppError::Forbidden))?;
    let rows = super::catalog::product_rows(&state.db, producer, crate::ssr::today_vn())
        .await
        .map_err(fail)?;
    let (_, counts) = crate::orders::manage::list_for_producer(&state.db, producer, None)
        .await
        .map_err(fail)?;
    let orders_waiting = ["pending_payment", "confirmed", "packed"]
        .iter()
        .filter_map(|s| counts.get(*s))
        .sum();
    Ok(StallAccess::Ready(Overview {
        name: p.name,
        slug: p.slug,
        orders_waiting,
        on_sale: rows.iter().filter(|r| r.visible()).count(),
        products: rows.len(),
        needing_work: rows
            .iter()
            .filter(|r| !r.visible())
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
        expiring: rows
            .iter()
            .filter(|r| r.certification.as_ref().is_some_and(|c| c.expiring))
            .map(|r| (r.code.clone(), r.name.clone()))
            .collect(),
    }))
}

/// The overview page.
#[component]
pub fn StallDashboardPage() -> AnyView {
    let l = use_locale();
    let data = Resource::new(|| (), |_| get_overview());
    view! {
        <PageTitle text=l.pick("Quản lý gian hàng — Chợ OCOP", "Your stall — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <StallNav current="/quan-ly"/>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(access) => with_access(access, "/quan-ly".into(), |o| view! { <OverviewView o/> }.into_any()),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn OverviewView(o: Overview) -> AnyView {
    let l = use_locale();
    let list = |items: Vec<(String, String)>| {
        view! {
            <ul>{items.into_iter().map(|(code, name)| view! {
                <li><a href=format!("/quan-ly/san-pham/{code}")>{name}</a></li>
            }).collect_view()}</ul>
        }
    };
    let waiting = match l {
        Locale::Vi => format!("{} đơn hàng đang chờ bạn xử lý", o.orders_waiting),
        Locale::En => format!("{} orders waiting for you", o.orders_waiting),
    };
    let on_sale = match l {
        Locale::Vi => format!("{} / {} sản phẩm đang bán", o.on_sale, o.products),
        Locale::En => format!("{} of {} products on sale", o.on_sale, o.products),
    };
    view! {
        <section class="stall-overview" aria-labelledby="tong-quan">
            <h1 id="tong-quan">{o.name.clone()}</h1>
            <p><a href=format!("/gian-hang/{}", o.slug)>{l.pick("Xem gian hàng công khai", "See your public stall")}</a></p>
            <div class="overview-cards">
                <a class="card" href="/quan-ly/don-hang"><strong>{waiting}</strong></a>
                <a class="card" href="/quan-ly/san-pham"><strong>{on_sale}</strong></a>
            </div>
            {(!o.needing_work.is_empty()).then(|| view! {
                <h2>{l.pick("Sản phẩm người mua chưa thấy", "Products shoppers cannot see yet")}</h2>
                {list(o.needing_work.clone())}
            })}
            {(!o.expiring.is_empty()).then(|| view! {
                <h2>{l.pick("Chứng nhận sắp hết hạn (90 ngày)", "Certifications lapsing within 90 days")}</h2>
                <p class="hint">{l.pick("Liên hệ cán bộ OCOP để đánh giá lại trước khi hết hạn.", "Contact your OCOP officer for reassessment before they lapse.")}</p>
                {list(o.expiring.clone())}
            })}
            <p><a class="button" href="/quan-ly/san-pham/moi">{l.pick("+ Thêm sản phẩm", "+ Add a product")}</a></p>
        </section>
    }
    .into_any()
}
