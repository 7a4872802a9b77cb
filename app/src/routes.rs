//! The route tree and the HTML shell: every page of the site is declared here.

use crate::accounts::consent_page::ConsentPage;
use crate::accounts::page::SignInPage;
use crate::accounts::reset_page::{ForgotPasswordPage, ResetPasswordPage};
use crate::admin::AuditLogPage;
use crate::cart::page::CartPage;
use crate::checkout::checkout_page::{CheckoutPage, ConfirmationPage};
use crate::events::calendar::EventCalendarPage;
use crate::events::officer_edit::OfficerEventPage;
use crate::events::officer_list::{NewEventPage, OfficerEventsPage};
use crate::events::public_pages::{PublicEventPage, PublicEventsPage};
use crate::events::report_page::EventReportPage;
use crate::i18n::detect_locale;
use crate::layout::{SiteFooter, SiteHeader};
use crate::legal::{AboutPage, PoliciesPage, PolicyPage};
use crate::not_found::NotFoundPage;
use crate::officer::area_stall::AreaStallPage;
use crate::officer::register::{HistoryPage, RegisterPageView};
use crate::officer::OfficerPage;
use crate::orders::mine::MyOrdersPage;
use crate::orders::page::OrderPage;
use crate::reports::area_page::AreaMetricsPage;
use crate::reports::plan_page::{PlanPage, ReportsPage};
use crate::sales_points::digital_map::DigitalMapPage;
use crate::sales_points::officer_pages::{
    AreaSalesPointsPage, EditSalesPointPage, NewSalesPointPage,
};
use crate::sales_points::public_pages::{SalesPointPage, SalesPointsPage};
use crate::search::SearchPage;
use crate::stall::dashboard::StallDashboardPage;
use crate::stall::editor_page::ProductEditorPage;
use crate::stall::events_page::StallEventsPage;
use crate::stall::numbers::StallNumbersPage;
use crate::stall::orders_page::{StallOrderPage, StallOrdersPage};
use crate::stall::products_page::{NewProductPage, StallProductsPage};
use crate::stall::profile_page::StallProfilePage;
use crate::storefront::{
    GroupPage, HomePage, ProductListPage, ProductPage, ProvincePage, StallPage,
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = detect_locale();
    view! {
        <!DOCTYPE html>
        <html lang=locale.code()>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#8a3b12"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The application: header, routed page, footer, in the reader's language.
///
/// The app, the header, the footer and every page return `AnyView`: erasing
/// the view types at those seams keeps the server's generic instances (and
/// their symbol names, which would otherwise spell out the whole site's view
/// type, tens of megabytes each) small enough to compile and link.
#[component]
pub fn App() -> AnyView {
    provide_meta_context();
    provide_context(detect_locale());
    crate::legal::provide_operator();
    crate::forms::provide_form_session();
    view! {
        <Stylesheet id="site" href="/pkg/chocop.css"/>
        <Router>
            <SiteHeader/>
            <main id="main">
                // Async rendering: the whole page arrives in the first response,
                // so it reads complete with JavaScript off, and its meta tags
                // reach the <head>.
                <Routes fallback=NotFoundPage>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/san-pham") view=ProductListPage ssr=SsrMode::Async/>
                    <Route path=path!("/san-pham/:slug") view=ProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/gian-hang/:slug") view=StallPage ssr=SsrMode::Async/>
                    <Route path=path!("/nhom/:slug") view=GroupPage ssr=SsrMode::Async/>
                    <Route path=path!("/tinh/:slug") view=ProvincePage ssr=SsrMode::Async/>
                    <Route path=path!("/tim-kiem") view=SearchPage ssr=SsrMode::Async/>
                    <Route path=path!("/don-hang/:number") view=OrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/gio-hang") view=CartPage ssr=SsrMode::Async/>
                    <Route path=path!("/thanh-toan") view=CheckoutPage ssr=SsrMode::Async/>
                    <Route path=path!("/dat-hang/:checkout") view=ConfirmationPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-nhap") view=SignInPage ssr=SsrMode::Async/>
                    <Route path=path!("/bao-cao-vi-pham") view=crate::moderation::report_page::ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/bao-cao-vi-pham/da-gui") view=crate::moderation::report_page::ReportSentPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/kiem-duyet") view=crate::moderation::answer_page::StallReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-ky-gian-hang") view=crate::onboarding::apply_page::ApplyPage ssr=SsrMode::Async/>
                    <Route path=path!("/dang-ky-gian-hang/da-gui") view=crate::onboarding::apply_page::AppliedPage ssr=SsrMode::Async/>
                    <Route path=path!("/quen-mat-khau") view=ForgotPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/dat-lai-mat-khau") view=ResetPasswordPage ssr=SsrMode::Async/>
                    <Route path=path!("/tai-khoan/don-hang") view=MyOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/tai-khoan/chap-nhan-chinh-sach") view=ConsentPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo") view=OfficerPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/gian-hang/:code") view=AreaStallPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/kiem-duyet") view=crate::moderation::queue_page::ReportQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/kiem-duyet/:id") view=crate::moderation::queue_page::ReportCasePage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/dang-ky-gian-hang") view=crate::onboarding::queue_page::ApplicationQueuePage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/dang-ky-gian-hang/:id") view=crate::onboarding::queue_page::ApplicationPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/chung-nhan") view=RegisterPageView ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/chung-nhan/:code") view=HistoryPage ssr=SsrMode::Async/>
                    <Route path=path!("/bao-cao") view=ReportsPage ssr=SsrMode::Async/>
                    <Route path=path!("/bao-cao/chi-so") view=AreaMetricsPage ssr=SsrMode::Async/>
                    <Route path=path!("/bao-cao/:plan") view=PlanPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/su-kien") view=OfficerEventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri") view=crate::admin::ConsolePage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/tai-khoan") view=crate::admin::PeopleListPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/tai-khoan/:id") view=crate::admin::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/ke-hoach") view=crate::admin::PlansPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/ke-hoach/tai-len/:id") view=crate::admin::plans_page::PlanUploadPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/thong-ke-nam") view=crate::admin::AnnualPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-tri/nhat-ky") view=AuditLogPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/su-kien/moi") view=NewEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/su-kien/:code") view=OfficerEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/su-kien/:code/bao-cao") view=EventReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/su-kien") view=PublicEventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/su-kien/lich") view=EventCalendarPage ssr=SsrMode::Async/>
                    <Route path=path!("/su-kien/:code") view=PublicEventPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/diem-ban") view=AreaSalesPointsPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/diem-ban/moi") view=NewSalesPointPage ssr=SsrMode::Async/>
                    <Route path=path!("/can-bo/diem-ban/:code") view=EditSalesPointPage ssr=SsrMode::Async/>
                    <Route path=path!("/diem-ban") view=SalesPointsPage ssr=SsrMode::Async/>
                    <Route path=path!("/diem-ban/:code") view=SalesPointPage ssr=SsrMode::Async/>
                    <Route path=path!("/ban-do") view=DigitalMapPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly") view=StallDashboardPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/san-pham") view=StallProductsPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/san-pham/moi") view=NewProductPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/san-pham/:code") view=ProductEditorPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/gian-hang") view=StallProfilePage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/don-hang") view=StallOrdersPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/don-hang/:number") view=StallOrderPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/su-kien") view=StallEventsPage ssr=SsrMode::Async/>
                    <Route path=path!("/quan-ly/so-lieu") view=StallNumbersPage ssr=SsrMode::Async/>
                    <Route path=path!("/gioi-thieu") view=AboutPage ssr=SsrMode::Async/>
                    <Route path=path!("/chinh-sach") view=PoliciesPage ssr=SsrMode::Async/>
                    <Route path=path!("/chinh-sach/:slug") view=PolicyPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
    .into_any()
}
