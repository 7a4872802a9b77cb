//! Pages for one kind of account (the producer's stall, the officer's desk):
//! their data comes with who may see it, and a visitor signed out or of
//! another role is told so instead. Behind `ssr`, the rules of who may do
//! what (`rules.rs`).

#[cfg(feature = "ssr")]
mod rules;
#[cfg(feature = "ssr")]
pub use rules::*;

use crate::i18n::use_locale;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// A page's data, or why the reader cannot have it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Access<T> {
    /// Not signed in.
    SignedOut,
    /// Signed in with an account the page is not for.
    NotAllowed,
    /// The data.
    Ready(T),
}

/// Renders the data with `ready`, or asks to sign in (coming back to
/// `next`), or says whom the page is for (`for_whom`: Vietnamese, English).
pub fn with_access<T>(
    access: Access<T>,
    next: String,
    for_whom: (&'static str, &'static str),
    ready: impl FnOnce(T) -> AnyView,
) -> AnyView {
    let l = use_locale();
    match access {
        Access::Ready(data) => ready(data),
        Access::SignedOut => view! {
            <p><a class="button" href=format!("/dang-nhap?next={next}")>
                {l.pick("Đăng nhập để tiếp tục", "Sign in to continue")}
            </a></p>
        }
        .into_any(),
        Access::NotAllowed => view! { <p>{l.pick(for_whom.0, for_whom.1)}</p> }.into_any(),
    }
}

/// An officer page's data, or why the reader cannot have it.
pub type OfficerAccess<T> = Access<T>;

/// Renders an officer page's data with `ready`, or asks to sign in, or
/// says the page is for officers.
pub fn with_officer<T>(
    access: OfficerAccess<T>,
    next: String,
    ready: impl FnOnce(T) -> AnyView,
) -> AnyView {
    with_access(
        access,
        next,
        (
            "Trang này dành cho cán bộ OCOP.",
            "This page is for OCOP officers.",
        ),
        ready,
    )
}
