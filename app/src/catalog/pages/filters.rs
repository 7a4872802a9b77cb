//! Fields of a product list's filter form that the storefront's lists and
//! the search results share: the price range and the order.

use crate::catalog::{ListQuery, ProductOrder};
use crate::i18n::use_locale;
use leptos::prelude::*;

/// The price range fields of a list's filter form.
#[component]
pub fn PriceRange(query: ListQuery) -> AnyView {
    let l = use_locale();
    view! {
        <fieldset class="price-range">
            <legend>{l.pick("Khoảng giá (đồng)", "Price range (đồng)")}</legend>
            <label>{l.pick("Từ", "From")}
                <input type="number" name="min" min="0" step="1000" inputmode="numeric" value=query.min.unwrap_or_default()/>
            </label>
            <label>{l.pick("Đến", "To")}
                <input type="number" name="max" min="0" step="1000" inputmode="numeric" value=query.max.unwrap_or_default()/>
            </label>
        </fieldset>
    }
    .into_any()
}

/// The order of a list; `first` names the default order (featured on a
/// list, best match on search results).
#[component]
pub fn SortSelect(query: ListQuery, first: &'static str) -> AnyView {
    let l = use_locale();
    let sort = query.sort.unwrap_or_else(|| "featured".into());
    let label = move |o: ProductOrder| match o {
        ProductOrder::Featured | ProductOrder::Code => first,
        ProductOrder::Newest => l.pick("Mới chứng nhận", "Newest certified"),
        ProductOrder::Stars => l.pick("Nhiều sao nhất", "Most stars"),
        ProductOrder::PriceAsc => l.pick("Giá tăng dần", "Price, low to high"),
        ProductOrder::PriceDesc => l.pick("Giá giảm dần", "Price, high to low"),
    };
    view! {
        <label>{l.pick("Sắp xếp", "Sort by")}
            <select name="sort">
                {ProductOrder::CHOICES.into_iter().map(|(o, v)| view! {
                    <option value=v selected=sort == v>{label(o)}</option>
                }).collect_view()}
            </select>
        </label>
    }
    .into_any()
}
