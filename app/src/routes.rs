//! The route tree and the HTML shell: every page of the site is declared here.

use crate::catalog::{HomePage, ProductPage};
use crate::components::{SiteFooter, SiteHeader};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// The HTML document around the app, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="vi">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
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

/// The application: header, routed page, footer.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="site" href="/pkg/chocop.css"/>
        <Title text="Chợ OCOP"/>
        <Router>
            <SiteHeader/>
            <main id="main">
                // Async rendering: the whole page arrives in the first response,
                // so it reads complete with JavaScript off.
                <Routes fallback=NotFound>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/san-pham/:slug") view=ProductPage ssr=SsrMode::Async/>
                </Routes>
            </main>
            <SiteFooter/>
        </Router>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::ssr::set_status(http::StatusCode::NOT_FOUND);
    view! {
        <Title text="Không tìm thấy trang — Chợ OCOP"/>
        <section class="notice">
            <h1>"Không tìm thấy trang"</h1>
            <p>"Trang bạn tìm không có. " <a href="/">"Về trang chủ"</a></p>
            <p lang="en">"Page not found."</p>
        </section>
    }
}
