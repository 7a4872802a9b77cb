//! The home page: what OCOP is, the shop window, groups, provinces, events.

use super::server_fns::get_home;
use crate::catalog::group_name;
use crate::catalog::HomeData;
use crate::catalog::{EventList, ProductGrid};
use crate::components::{ErrorBox, Loading, PageMeta};
use crate::i18n::{use_locale, Locale};
use crate::search::SearchBox;
use leptos::prelude::*;

/// Home: two lines on OCOP, then what to buy and where to go.
#[component]
pub fn HomePage() -> AnyView {
    let home = Resource::new(|| (), |_| get_home());
    view! {
        <Suspense fallback=Loading>
            {move || home.get().map(|r| match r {
                Ok(data) => view! { <HomeView data/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn HomeView(data: HomeData) -> AnyView {
    let l = use_locale();
    let count = match l {
        Locale::Vi => format!("{} sản phẩm đang được chứng nhận OCOP", data.total_products),
        Locale::En => format!(
            "{} products with a valid OCOP certification",
            data.total_products
        ),
    };
    view! {
        <PageMeta
            title=l.pick("Đặc sản địa phương được chứng nhận OCOP", "Certified local specialties").to_string()
            description=l.pick(
                "Mua đặc sản OCOP 3 đến 5 sao trực tiếp từ hợp tác xã và hộ sản xuất trên cả nước; tìm điểm bán, hội chợ và phiên livestream gần bạn.",
                "Buy OCOP-certified 3 to 5 star specialties straight from cooperatives and family producers across Vietnam; find sales points, fairs and livestreams.",
            ).to_string()
            canonical=format!("{}/", data.base_url)
        />
        <section class="hero">
            <h1>{l.pick("Đặc sản OCOP, mua từ người làm ra", "OCOP specialties, from the people who make them")}</h1>
            <p>{l.pick(
                "OCOP (Mỗi xã một sản phẩm) là chương trình quốc gia đánh giá và chứng nhận đặc sản của từng địa phương từ 3 đến 5 sao.",
                "OCOP (One Commune One Product) is Vietnam's national programme that grades and certifies each locality's specialties from 3 to 5 stars.",
            )}</p>
            <p>{l.pick(
                "Ở đây, mỗi sản phẩm có câu chuyện, chứng nhận còn hiệu lực và gian hàng của chính chủ thể sản xuất.",
                "Here every product comes with its story, a valid certification and its producer's own stall.",
            )}</p>
            <SearchBox/>
            <p class="muted">{count}</p>
        </section>
        <crate::legal::PolicyNotices/>

        <section aria-labelledby="noi-bat">
            <h2 id="noi-bat">{l.pick("Sản phẩm 5 sao mới được chứng nhận", "Newly certified 5-star products")}</h2>
            <ProductGrid products=data.featured/>
            <p><a class="button secondary" href="/san-pham">{l.pick("Xem tất cả sản phẩm", "See all products")}</a></p>
        </section>

        <section aria-labelledby="nhom">
            <h2 id="nhom">{l.pick("Sáu nhóm sản phẩm", "The six product groups")}</h2>
            <ul class="group-grid">
                {data.groups.into_iter().map(|g| {
                    let count = match l {
                        Locale::Vi => format!("{} sản phẩm", g.products),
                        Locale::En => format!("{} products", g.products),
                    };
                    view! {
                        <li class=format!("group-card group-{}", g.id)>
                            <a href=format!("/nhom/{}", g.slug)>
                                <span class="group-name">{group_name(&g.name_vi, &g.name_en, l).to_string()}</span>
                                <span class="muted">{count}</span>
                            </a>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>

        <section aria-labelledby="su-kien">
            <h2 id="su-kien">{l.pick("Hội chợ và livestream sắp tới", "Coming fairs and livestreams")}</h2>
            {if data.events.is_empty() {
                view! { <p class="muted">{l.pick("Chưa có sự kiện nào sắp diễn ra.", "No events are coming up yet.")}</p> }.into_any()
            } else {
                view! { <EventList events=data.events/> }.into_any()
            }}
            <p><a href="/su-kien">{l.pick("Tất cả sự kiện", "All events")}</a>" · "<a href="/su-kien/lich">{l.pick("Lịch tháng", "Month calendar")}</a></p>
        </section>

        <section aria-labelledby="tinh">
            <h2 id="tinh">{l.pick("Theo tỉnh, thành phố", "By province")}</h2>
            <ul class="place-list">
                {data.provinces.into_iter().map(|p| view! {
                    <li><a href=format!("/tinh/{}", p.slug)>{l.pick(&p.name, &p.name_en).to_string()}</a> <span class="muted">{format!("({})", p.products)}</span></li>
                }).collect_view()}
            </ul>
        </section>
    }
    .into_any()
}
