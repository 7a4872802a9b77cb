//! The editor's listings on other sales channels: declared, shown with
//! their dates, and ended.

use super::product_fns::{AddListing, EndListing};
use super::types::{ProductEditor, CHANNELS};
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::time::format_date;
use leptos::form::ActionForm;
use leptos::prelude::*;

fn channel_name(channel: &str, l: Locale) -> String {
    CHANNELS
        .iter()
        .find(|(c, _, _)| *c == channel)
        .map(|(_, vi, en)| l.pick(vi, en).to_owned())
        .unwrap_or_else(|| channel.to_owned())
}

#[component]
pub(super) fn Listings(
    editor: ProductEditor,
    add: ServerAction<AddListing>,
    end: ServerAction<EndListing>,
) -> AnyView {
    let l = use_locale();
    let code = editor.row.code.clone();
    let error = failure(add.value());
    let end_error = failure(end.value());
    let problem = move |field: &'static str| field_problem(error, field);
    let rows = editor
        .listings
        .clone()
        .into_iter()
        .map(|x| {
            let code = code.clone();
            let dates = match (l, x.until) {
                (Locale::Vi, Some(u)) => format!("từ {} đến {}", format_date(x.since), format_date(u)),
                (Locale::Vi, None) => format!("từ {}", format_date(x.since)),
                (Locale::En, Some(u)) => format!("{} to {}", format_date(x.since), format_date(u)),
                (Locale::En, None) => format!("since {}", format_date(x.since)),
            };
            view! {
                <li>
                    <strong>{x.platform.clone()}</strong>" ("{channel_name(&x.channel, l)}") — "{dates}
                    {x.url.clone().map(|u| view! { " · " <a href=u rel="nofollow noopener noreferrer" target="_blank">{l.pick("liên kết", "link")}</a> })}
                    {x.until.is_none().then(|| view! {
                        <ActionForm action=end>
                            <CsrfField/>
                            <input type="hidden" name="code" value=code.clone()/>
                            <input type="hidden" name="listing" value=x.id.to_string()/>
                            <button type="submit" class="link-button">{l.pick("Đã ngừng bán ở kênh này", "No longer sold there")}</button>
                        </ActionForm>
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="listings" aria-labelledby="kenh-ban">
            <h2 id="kenh-ban">{l.pick("Kênh bán khác", "Other sales channels")}</h2>
            <p class="hint">{l.pick(
                "Khai báo nơi khác sản phẩm đang bán (Shopee, Lazada, TikTok Shop, siêu thị, xuất khẩu…): Sở Công Thương dùng để báo cáo.",
                "Declare where else the product sells (Shopee, Lazada, TikTok Shop, supermarkets, export…): the department reports on it.",
            )}</p>
            <FormProblem error=end_error/>
            {(!editor.listings.is_empty()).then(|| view! { <ul class="listing-list">{rows}</ul> })}
            <FormProblem error with_fields=false/>
            <ActionForm action=add>
                <CsrfField/>
                <input type="hidden" name="code" value=code.clone()/>
                <div class="field-row">
                    <div class="field">
                        <label for="channel">{l.pick("Loại kênh", "Kind")}</label>
                        <select id="channel" name="channel" required>
                            {CHANNELS.iter().map(|(c, vi, en)| view! { <option value=*c>{l.pick(vi, en)}</option> }).collect_view()}
                        </select>
                        {problem("channel")}
                    </div>
                    <div class="field">
                        <label for="platform">{l.pick("Nền tảng / chuỗi", "Platform / chain")}</label>
                        <input id="platform" name="platform" required maxlength="100" placeholder="Shopee"/>
                        {problem("platform")}
                    </div>
                    <div class="field">
                        <label for="since">{l.pick("Bán từ ngày", "Since")}</label>
                        <input id="since" name="since" type="date" required/>
                        {problem("since")}
                    </div>
                </div>
                <div class="field">
                    <label for="url">{l.pick("Liên kết (không bắt buộc)", "Link (optional)")}</label>
                    <input id="url" name="url" type="url" maxlength="500" placeholder="https://"/>
                    {problem("url")}
                </div>
                <button type="submit" class="secondary">{l.pick("Khai báo kênh", "Declare")}</button>
            </ActionForm>
        </section>
    }
    .into_any()
}
