//! `/bao-cao/chi-so?tinh=&xa=&tu=&ngay=`: every metric of REPORTING.md for
//! a province or a commune over a period, chosen with a plain GET form (the
//! drill-down of a plan's report links here).

use super::charts::show;
use super::metrics::{Figure, Metric};
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::i18n::use_locale;
use crate::time::format_date;
use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::hooks::use_query_map;
use serde::{Deserialize, Serialize};

/// The metrics of one area, with the choices of the form.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaView {
    /// The area's name (the whole country when none is chosen).
    pub area: String,
    /// Provinces to choose from: (slug, name).
    pub provinces: Vec<(String, String)>,
    /// The chosen province's slug.
    pub province: Option<String>,
    /// Its communes: (id, name).
    pub communes: Vec<(i64, String)>,
    /// The chosen commune.
    pub commune: Option<i64>,
    /// The period's first day.
    pub from: NaiveDate,
    /// The as-of date.
    pub as_of: NaiveDate,
    /// Every metric's figure.
    pub rows: Vec<(Metric, Figure)>,
    /// What was wrong in the request (Vietnamese, English), if anything.
    pub problem: Option<(String, String)>,
}

/// Every metric of the area named by `province` (a slug) and `commune` (an
/// id) over `[from, as_of]`; defaults: the whole country, the year of
/// `as_of`, today.
#[server(prefix = "/api/fn", endpoint = "report_area")]
pub async fn report_area(
    province: String,
    commune: String,
    from: String,
    as_of: String,
) -> Result<AreaView, ServerFnError> {
    use super::load::Area;
    use crate::entities::{communes, provinces};
    use chrono::Datelike;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let state = crate::ssr::state()?;
    let fail = |e: sea_orm::DbErr| crate::ssr::server_error(e.into());
    let today = crate::ssr::today_vn();
    let mut problem = None;
    let as_of = super::parse_as_of(&as_of, today).unwrap_or_else(|| {
        problem = Some((
            "Ngày không hợp lệ; số liệu tính đến hôm nay.".to_owned(),
            "Not a valid date; figures are as of today.".to_owned(),
        ));
        today
    });
    let year_start = NaiveDate::from_ymd_opt(as_of.year(), 1, 1).unwrap_or(as_of);
    let from = match super::parse_as_of(&from, year_start) {
        Some(day) if day <= as_of => day,
        _ => {
            problem = Some((
                "Ngày bắt đầu không hợp lệ hoặc sau ngày báo cáo; kỳ tính từ đầu năm.".to_owned(),
                "The start date is not valid or after the report date; the period starts on 1 January.".to_owned(),
            ));
            year_start
        }
    };
    let all_provinces = provinces::Entity::find()
        .order_by_asc(provinces::Column::NameKey)
        .all(&state.db)
        .await
        .map_err(fail)?;
    let commune_id: Option<i64> = commune.trim().parse().ok();
    let chosen_commune = match commune_id {
        Some(id) => communes::Entity::find_by_id(id)
            .one(&state.db)
            .await
            .map_err(fail)?,
        None => None,
    };
    if !commune.trim().is_empty() && chosen_commune.is_none() {
        problem = Some((
            "Không có xã, phường này; đang xem cả tỉnh.".to_owned(),
            "No such commune; showing the whole province.".to_owned(),
        ));
    }
    let chosen_province = match &chosen_commune {
        Some(c) => all_provinces.iter().find(|p| p.id == c.province_id),
        None => all_provinces.iter().find(|p| p.slug == province.trim()),
    };
    if chosen_commune.is_none() && !province.trim().is_empty() && chosen_province.is_none() {
        problem = Some((
            "Không có tỉnh, thành phố này; đang xem cả nước.".to_owned(),
            "No such province; showing the whole country.".to_owned(),
        ));
    }
    let province_communes = match chosen_province {
        Some(p) => communes::Entity::find()
            .filter(communes::Column::ProvinceId.eq(p.id))
            .order_by_asc(communes::Column::NameKey)
            .all(&state.db)
            .await
            .map_err(fail)?,
        None => Vec::new(),
    };
    let (area, name) = match (&chosen_commune, chosen_province) {
        (Some(c), Some(p)) => (
            Area::Commune(c.id),
            format!("{}, {}", c.full_name, p.full_name),
        ),
        (_, Some(p)) => (Area::Province(p.id), p.full_name.clone()),
        _ => (Area::Country, "Cả nước".to_owned()),
    };
    let figures = super::plan::area_figures(&state.db, area, from, as_of)
        .await
        .map_err(crate::ssr::server_error)?;
    Ok(AreaView {
        area: name,
        provinces: all_provinces
            .iter()
            .map(|p| (p.slug.clone(), p.name.clone()))
            .collect(),
        province: chosen_province.map(|p| p.slug.clone()),
        communes: province_communes
            .into_iter()
            .map(|c| (c.id, c.full_name))
            .collect(),
        commune: chosen_commune.map(|c| c.id),
        from,
        as_of,
        rows: figures.iter().collect(),
        problem,
    })
}

/// The page.
#[component]
pub fn AreaMetricsPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let get = move |k: &str| query.read().get(k).unwrap_or_default();
    let data = Resource::new(
        move || (get("tinh"), get("xa"), get("tu"), get("ngay")),
        |(p, c, f, d)| report_area(p, c, f, d),
    );
    view! {
        <PageTitle text=l.pick("Chỉ số OCOP theo địa bàn — Chợ OCOP", "OCOP metrics by area — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/bao-cao">{l.pick("← Các kế hoạch", "← All plans")}</a></p>
        <Suspense fallback=Loading>
            {move || data.get().map(|r| match r {
                Ok(v) => view! { <AreaMetrics v/> }.into_any(),
                Err(_) => view! { <ErrorBox/> }.into_any(),
            })}
        </Suspense>
    }
    .into_any()
}

#[component]
fn AreaMetrics(v: AreaView) -> AnyView {
    let l = use_locale();
    let chosen_province = v.province.clone().unwrap_or_default();
    let chosen_commune = v.commune;
    view! {
        <section aria-labelledby="chi-so">
            <h1 id="chi-so">{l.pick("Chỉ số OCOP: ", "OCOP metrics: ")}{v.area.clone()}</h1>
            <p class="muted">{format!("{} – {}", format_date(v.from), format_date(v.as_of))}</p>
            {v.problem.clone().map(|(vi, en)| view! {
                <p class="notice warning" role="alert">{l.pick(&vi, &en).to_owned()}</p>
            })}
            <form method="get" class="area-form">
                <label for="tinh">{l.pick("Tỉnh, thành phố", "Province")}</label>
                <select id="tinh" name="tinh">
                    <option value="">{l.pick("Cả nước", "Whole country")}</option>
                    {v.provinces.iter().map(|(slug, name)| view! {
                        <option value=slug.clone() selected=*slug == chosen_province>{name.clone()}</option>
                    }).collect_view()}
                </select>
                {(!v.communes.is_empty()).then(|| view! {
                    <label for="xa">{l.pick("Xã, phường", "Commune")}</label>
                    <select id="xa" name="xa">
                        <option value="">{l.pick("Cả tỉnh", "Whole province")}</option>
                        {v.communes.iter().map(|(id, name)| view! {
                            <option value=id.to_string() selected=Some(*id) == chosen_commune>{name.clone()}</option>
                        }).collect_view()}
                    </select>
                })}
                <label for="tu">{l.pick("Từ ngày", "From")}</label>
                <input id="tu" name="tu" type="date" value=v.from.format("%Y-%m-%d").to_string()/>
                <label for="ngay">{l.pick("Đến ngày", "As of")}</label>
                <input id="ngay" name="ngay" type="date" value=v.as_of.format("%Y-%m-%d").to_string()/>
                <button type="submit">{l.pick("Xem", "Show")}</button>
            </form>
            <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                <table class="report-table">
                    <caption>{l.pick("Mọi chỉ số theo định nghĩa công bố", "Every metric by the published definitions")}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{l.pick("Chỉ số", "Metric")}</th>
                            <th scope="col" class="num">{l.pick("Giá trị", "Value")}</th>
                            <th scope="col" class="num">{l.pick("Tử số / mẫu số", "Numerator / denominator")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {v.rows.iter().map(|(metric, figure)| {
                            let (vi, en) = metric.label();
                            view! {
                                <tr>
                                    <th scope="row">{l.pick(vi, en).to_owned()}<small class="muted"><code>{metric.id()}</code></small></th>
                                    <td class="num"><strong>{show(figure.value(), metric.is_share(), l)}</strong></td>
                                    <td class="num">{match figure.denominator {
                                        Some(d) => format!("{} / {d}", figure.numerator),
                                        None => figure.numerator.to_string(),
                                    }}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
