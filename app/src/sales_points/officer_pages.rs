//! `/can-bo/diem-ban`: the area's sales points and coverage per commune;
//! `/can-bo/diem-ban/moi` and `/can-bo/diem-ban/{code}`: create and edit
//! one. Every form works without JavaScript; with it, a click on the map
//! fills in the coordinates.

use super::types::{AreaSalesPoints, Choice, Coverage, EditorData};
use super::{
    get_area_sales_points, get_editor, AddCarriedProduct, CreateSalesPoint, RemoveCarriedProduct,
    SaveSalesPoint,
};
use crate::accounts::access::with_officer;
use crate::components::{ErrorBox, Loading, PageTitle};
use crate::forms::failure;
use crate::forms::{field_problem, CsrfField, FormError, FormProblem};
use crate::i18n::{use_locale, Locale};
use crate::map::{MapBox, MapItem, MapLayer};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Meta;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

/// The area's sales points.
#[component]
pub fn AreaSalesPointsPage() -> AnyView {
    let l = use_locale();
    let query = use_query_map();
    let province = move || query.read().get("province");
    let data = Resource::new(province, get_area_sales_points);
    view! {
        <PageTitle text=l.pick("Điểm bán OCOP trên địa bàn — Chợ OCOP", "OCOP sales points of your area — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo">{l.pick("← Bàn làm việc", "← Desk")}</a></p>
        <section class="officer sales-points-admin" aria-labelledby="diem-ban">
            <h1 id="diem-ban">{l.pick("Điểm bán OCOP trên địa bàn", "OCOP sales points of your area")}</h1>
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, "/can-bo/diem-ban".into(), |d| view! { <AreaView d/> }.into_any()),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn AreaView(d: AreaSalesPoints) -> AnyView {
    let l = use_locale();
    let new_href = if d.province.is_empty() {
        "/can-bo/diem-ban/moi".to_string()
    } else {
        format!("/can-bo/diem-ban/moi?province={}", d.province)
    };
    let rows = d
        .points
        .into_iter()
        .map(|p| {
            let status = match (&p.closed_on, p.active) {
                (_, true) => l.pick("Đang hoạt động", "Active"),
                (Some(_), false) => l.pick("Đã đóng cửa", "Closed"),
                (None, false) => l.pick("Chưa mở cửa", "Not yet open"),
            };
            view! {
                <tr class:inactive=!p.active>
                    <td><a href=format!("/can-bo/diem-ban/{}", p.code)>{p.name}</a><br/><span class="muted">{p.code}</span></td>
                    <td>{super::types::kind_label(&p.kind, l)}</td>
                    <td>{p.commune}", "{p.province}</td>
                    <td>{p.opened_on}{p.closed_on.map(|c| format!(" – {c}"))}</td>
                    <td>{status}</td>
                    <td class="num">{p.products}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{l.pick("Địa bàn: ", "Area: ")}{d.area}</p>
        {(!d.provinces.is_empty()).then(|| view! {
            <Form method="GET" action="/can-bo/diem-ban" attr:class="inline-form">
                <label for="province-filter">{l.pick("Tỉnh / thành phố", "Province")}</label>
                <select id="province-filter" name="province">
                    <option value="">{l.pick("Cả nước", "All of Vietnam")}</option>
                    {options(&d.provinces, &d.province)}
                </select>
                <button type="submit" class="secondary">{l.pick("Xem", "Show")}</button>
            </Form>
        })}
        <p><a class="button" href=new_href>{l.pick("Thêm điểm bán", "Add a sales point")}</a></p>
        <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
            <table class="data">
                <thead><tr>
                    <th>{l.pick("Điểm bán", "Sales point")}</th>
                    <th>{l.pick("Loại", "Kind")}</th>
                    <th>{l.pick("Xã / phường", "Commune")}</th>
                    <th>{l.pick("Mở – đóng cửa", "Opened – closed")}</th>
                    <th>{l.pick("Trạng thái", "Status")}</th>
                    <th>{l.pick("Sản phẩm", "Products")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <CoverageView c=d.coverage/>
    }
    .into_any()
}

#[component]
fn CoverageView(c: Coverage) -> AnyView {
    let l = use_locale();
    let pct = match (c.pct, l) {
        (Some(p), Locale::Vi) => format!("{p:.1}%").replace('.', ","),
        (Some(p), Locale::En) => format!("{p:.1}%"),
        (None, _) => "n/a".into(),
    };
    let summary = match l {
        Locale::Vi => format!(
            "{} / {} xã, phường có điểm bán đang hoạt động ({pct}), trong số các xã, phường có chủ thể hoặc điểm bán.",
            c.numerator, c.denominator
        ),
        Locale::En => format!(
            "{} of {} communes have an active sales point ({pct}), of the communes with a producer or a sales point.",
            c.numerator, c.denominator
        ),
    };
    let uncovered_none = c.uncovered.is_empty();
    view! {
        <h2 id="do-phu">{l.pick("Độ phủ theo xã, phường", "Coverage by commune")}</h2>
        <p>{summary}</p>
        <h3>{l.pick("Xã, phường có chủ thể nhưng chưa có điểm bán", "Communes with producers but no active sales point")}</h3>
        {if uncovered_none {
            view! { <p class="muted">{l.pick("Không có.", "None.")}</p> }.into_any()
        } else {
            view! {
                <ul class="uncovered">
                    {c.uncovered.into_iter().map(|r| view! {
                        <li>{r.name}", "{r.province}<span class="muted">{match l {
                            Locale::Vi => format!(" ({} chủ thể)", r.producers),
                            Locale::En => format!(" ({} producers)", r.producers),
                        }}</span></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        <details>
            <summary>{l.pick("Bảng đầy đủ", "Full table")}</summary>
            <div class="table-scroll" tabindex="0" role="region" aria-label=crate::components::scroll_label(l)>
                <table class="data coverage">
                    <thead><tr>
                        <th>{l.pick("Xã / phường", "Commune")}</th>
                        <th>{l.pick("Điểm bán đang hoạt động", "Active sales points")}</th>
                        <th>{l.pick("Chủ thể", "Producers")}</th>
                    </tr></thead>
                    <tbody>
                        {c.rows.into_iter().map(|r| view! {
                            <tr class:uncovered=r.sales_points == 0>
                                <td>{r.name}", "{r.province}</td>
                                <td class="num">{r.sales_points}</td>
                                <td class="num">{r.producers}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </details>
    }
    .into_any()
}

pub(crate) fn options(choices: &[Choice], selected: &str) -> impl IntoView {
    choices
        .iter()
        .map(|c| {
            let chosen = c.value == selected;
            view! { <option value=c.value.clone() selected=chosen>{c.label.clone()}</option> }
        })
        .collect_view()
}

/// `/can-bo/diem-ban/moi`: a new sales point.
#[component]
pub fn NewSalesPointPage() -> AnyView {
    view! { <EditorPage new=true/> }.into_any()
}

/// `/can-bo/diem-ban/{code}`: a sales point of the area.
#[component]
pub fn EditSalesPointPage() -> AnyView {
    view! { <EditorPage new=false/> }.into_any()
}

#[component]
fn EditorPage(new: bool) -> AnyView {
    let l = use_locale();
    let params = use_params_map();
    let query = use_query_map();
    let create = ServerAction::<CreateSalesPoint>::new();
    let save = ServerAction::<SaveSalesPoint>::new();
    let add = ServerAction::<AddCarriedProduct>::new();
    let remove = ServerAction::<RemoveCarriedProduct>::new();
    // Only a success reloads the form: after a refusal the typed values stay.
    let changes = RwSignal::new(0u32);
    Effect::new(move |_| {
        let ok = matches!(save.value().get(), Some(Ok(())))
            || matches!(add.value().get(), Some(Ok(())))
            || matches!(remove.value().get(), Some(Ok(())));
        if ok {
            changes.update(|n| *n += 1);
        }
    });
    let code = move || {
        if new {
            None
        } else {
            params.read().get("code")
        }
    };
    let data = Resource::new(
        move || (code(), query.read().get("province"), changes.get()),
        |(code, province, _)| get_editor(code, province),
    );
    let next = move || match code() {
        Some(c) => format!("/can-bo/diem-ban/{c}"),
        None => "/can-bo/diem-ban/moi".into(),
    };
    let created = move || query.read().get("moi").is_some();
    view! {
        <PageTitle text=l.pick("Điểm bán OCOP — Chợ OCOP", "OCOP sales point — Chợ OCOP")/>
        <Meta name="robots" content="noindex"/>
        <p><a href="/can-bo/diem-ban">{l.pick("← Điểm bán trên địa bàn", "← Sales points of your area")}</a></p>
        <section class="officer sales-point-editor" aria-labelledby="diem-ban-sua">
            <h1 id="diem-ban-sua">{if new { l.pick("Thêm điểm bán OCOP", "Add an OCOP sales point") } else { l.pick("Điểm bán OCOP", "OCOP sales point") }}</h1>
            {move || created().then(|| view! { <p class="notice" role="status">{l.pick("Đã tạo điểm bán.", "Sales point created.")}</p> })}
            {move || matches!(save.value().get(), Some(Ok(()))).then(|| view! { <p class="notice" role="status">{l.pick("Đã lưu.", "Saved.")}</p> })}
            <Suspense fallback=Loading>
                {move || data.get().map(|r| match r {
                    Ok(access) => with_officer(access, next(), move |d| match d {
                        Some(d) => view! { <Editor d create save add remove/> }.into_any(),
                        None => view! { <crate::not_found::NotFoundPage/> }.into_any(),
                    }),
                    Err(_) => view! { <ErrorBox/> }.into_any(),
                })}
            </Suspense>
        </section>
    }
    .into_any()
}

#[component]
fn Editor(
    d: EditorData,
    create: ServerAction<CreateSalesPoint>,
    save: ServerAction<SaveSalesPoint>,
    add: ServerAction<AddCarriedProduct>,
    remove: ServerAction<RemoveCarriedProduct>,
) -> AnyView {
    let l = use_locale();
    let error: Signal<Option<FormError>> = if d.code.is_some() {
        failure(save.value())
    } else {
        failure(create.value())
    };
    let path = match &d.code {
        Some(c) => format!("/can-bo/diem-ban/{c}"),
        None => "/can-bo/diem-ban/moi".into(),
    };
    let f = d.form.clone();
    let marker = match (
        crate::map::parse_degrees(&f.lat),
        crate::map::parse_degrees(&f.lon),
    ) {
        (Some(lat), Some(lon)) => vec![MapItem {
            name: f.name.clone(),
            url: path.clone(),
            note: String::new(),
            lat: Some(lat),
            lon: Some(lon),
        }],
        _ => Vec::new(),
    };
    let layers = vec![MapLayer {
        id: "sales_points".into(),
        label: l.pick("Điểm bán", "Sales point").into(),
        color: "#8a3b12".into(),
        items: marker,
    }];
    let fields = view! {
        <CsrfField/>
        <input type="hidden" name="province" value=f.province.clone()/>
        <TextField name="name" label=l.pick("Tên điểm bán", "Name") value=f.name.clone() error required=true/>
        <div class="field">
            <label for="kind">{l.pick("Loại điểm bán", "Kind")}</label>
            <select id="kind" name="kind">
                {super::types::KINDS.iter().map(|k| view! {
                    <option value=*k selected=f.kind == *k>{super::types::kind_label(k, l)}</option>
                }).collect_view()}
            </select>
            {field_problem(error, "kind")}
        </div>
        <div class="field">
            <label for="commune">{l.pick("Xã / phường", "Commune / ward")}</label>
            <select id="commune" name="commune" required>
                <option value="">{l.pick("— Chọn xã / phường —", "— Choose a commune or ward —")}</option>
                {options(&d.communes, &f.commune)}
            </select>
            {field_problem(error, "commune")}
            {field_problem(error, "province")}
        </div>
        <TextField name="address" label=l.pick("Địa chỉ (số nhà, đường, ấp)", "Address (number, street, hamlet)") value=f.address.clone() error required=true/>
        <fieldset>
            <legend>{l.pick("Vị trí (độ thập phân; hoặc bấm vào bản đồ)", "Position (decimal degrees; or click the map)")}</legend>
            <div class="field-row">
                <TextField name="lat" label=l.pick("Vĩ độ", "Latitude") value=f.lat.clone() error required=true decimal=true/>
                <TextField name="lon" label=l.pick("Kinh độ", "Longitude") value=f.lon.clone() error required=true decimal=true/>
            </div>
            <MapBox layers pick=("lat", "lon")/>
        </fieldset>
        <TextField name="opening_hours" label=l.pick("Giờ mở cửa", "Opening hours") value=f.opening_hours.clone() error/>
        <TextField name="phone" label=l.pick("Điện thoại", "Phone") value=f.phone.clone() error kind="tel"/>
        <div class="field-row">
            <TextField name="opened_on" label=l.pick("Ngày mở cửa", "Opened on") value=f.opened_on.clone() error kind="date" required=true/>
            <TextField name="closed_on" label=l.pick("Ngày đóng cửa (để trống nếu còn mở)", "Closed on (empty while open)") value=f.closed_on.clone() error kind="date"/>
        </div>
    };
    let province_picker = (d.provinces.len() > 1).then(|| {
        view! {
            <Form method="GET" action=path.clone() attr:class="inline-form">
                <label for="province-pick">{l.pick("Tỉnh / thành phố", "Province / city")}</label>
                <select id="province-pick" name="province">
                    {options(&d.provinces, &f.province)}
                </select>
                <button type="submit" class="secondary">{l.pick("Xem xã / phường của tỉnh này", "Show this province's communes")}</button>
            </Form>
        }
    });
    let form = match d.code.clone() {
        None => view! {
            <ActionForm action=create>
                <FormProblem error with_fields=false/>
                {fields}
                <div class="field">
                    <label for="product_codes">{l.pick("Mã sản phẩm bày bán (cách nhau bởi dấu phẩy hoặc xuống dòng)", "Product codes carried (separated by commas or new lines)")}</label>
                    <textarea id="product_codes" name="product_codes" rows="3">{f.product_codes.clone().unwrap_or_default()}</textarea>
                    {field_problem(error, "product_codes")}
                </div>
                <button type="submit" class="button">{l.pick("Tạo điểm bán", "Create the sales point")}</button>
            </ActionForm>
        }
        .into_any(),
        Some(code) => {
            let carried_code = code.clone();
            view! {
            <p class="muted">{l.pick("Mã: ", "Code: ")}{code.clone()}" · "
                {if d.active {
                    view! { <a href=format!("/diem-ban/{code}")>{l.pick("Trang công khai", "Public page")}</a> }.into_any()
                } else {
                    view! { <span>{l.pick("Không hiện công khai (chưa mở hoặc đã đóng cửa)", "Not shown publicly (not open or closed)")}</span> }.into_any()
                }}
            </p>
            <ActionForm action=save>
                <FormProblem error with_fields=false/>
                <input type="hidden" name="code" value=code.clone()/>
                {fields}
                <button type="submit" class="button">{l.pick("Lưu", "Save")}</button>
            </ActionForm>
            <CarriedProducts code=carried_code products=d.products.clone() add remove/>
        }
        .into_any()
        }
    };
    view! { {province_picker} {form} }.into_any()
}

#[component]
fn TextField(
    name: &'static str,
    label: &'static str,
    value: String,
    error: Signal<Option<FormError>>,
    #[prop(default = false)] required: bool,
    #[prop(default = false)] decimal: bool,
    #[prop(default = "text")] kind: &'static str,
) -> AnyView {
    let invalid = move || error.get().and_then(|e| e.field(name)).is_some();
    view! {
        <div class="field">
            <label for=name>{label}</label>
            <input id=name name=name type=kind value=value required=required
                inputmode=decimal.then_some("decimal") maxlength="200"
                aria-invalid=move || invalid().then_some("true")
                aria-describedby=move || invalid().then(|| format!("{name}-error"))/>
            {field_problem(error, name)}
        </div>
    }
    .into_any()
}

#[component]
fn CarriedProducts(
    code: String,
    products: Vec<super::types::CarriedProduct>,
    add: ServerAction<AddCarriedProduct>,
    remove: ServerAction<RemoveCarriedProduct>,
) -> AnyView {
    let l = use_locale();
    let add_error = failure(add.value());
    let remove_error = failure(remove.value());
    let none = products.is_empty();
    let rows = products
        .into_iter()
        .map(|p| {
            let code = code.clone();
            view! {
                <li>
                    {match p.slug.clone() {
                        Some(slug) => view! { <a href=format!("/san-pham/{slug}")>{p.name.clone()}</a> }.into_any(),
                        None => view! { <span>{p.name.clone()}</span> }.into_any(),
                    }}
                    " "<span class="muted">{p.code.clone()}</span>
                    {(!p.certified).then(|| view! { " "<span class="badge warn">{l.pick("hết hiệu lực OCOP", "OCOP lapsed")}</span> })}
                    <ActionForm action=remove attr:class="inline-form">
                        <CsrfField/>
                        <input type="hidden" name="code" value=code/>
                        <input type="hidden" name="product_code" value=p.code.clone()/>
                        <button type="submit" class="link-button">{l.pick("Bỏ", "Remove")}</button>
                    </ActionForm>
                </li>
            }
        })
        .collect_view();
    view! {
        <h2>{l.pick("Sản phẩm bày bán", "Products carried")}</h2>
        <FormProblem error=remove_error/>
        {if none {
            view! { <p class="muted">{l.pick("Chưa có sản phẩm nào.", "No product yet.")}</p> }.into_any()
        } else {
            view! { <ul class="carried">{rows}</ul> }.into_any()
        }}
        <ActionForm action=add attr:class="inline-form">
            <FormProblem error=add_error with_fields=false/>
            <CsrfField/>
            <input type="hidden" name="code" value=code.clone()/>
            <label for="product_code">{l.pick("Thêm sản phẩm (mã, có chứng nhận OCOP còn hiệu lực)", "Add a product (code, OCOP-certified)")}</label>
            <input id="product_code" name="product_code" required maxlength="200"/>
            <button type="submit" class="secondary">{l.pick("Thêm", "Add")}</button>
            {field_problem(add_error, "product_code")}
        </ActionForm>
    }
    .into_any()
}
