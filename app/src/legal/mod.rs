//! What the law asks of the operator, on the site: who operates it (every
//! page's footer and `/gioi-thieu`) and its policies as versioned documents
//! (`/chinh-sach/{slug}`, written in `docs/policies/` in Vietnamese and
//! English, each with its version and effective date).

mod about;
#[cfg(feature = "ssr")]
pub mod announce;
mod notices;
mod operator;
mod pages;
#[cfg(feature = "ssr")]
pub mod policies;
mod types;

pub use about::{AboutPage, PolicyLinks};
pub use notices::PolicyNotices;
pub use operator::{provide_operator, OperatorBlock};
pub use pages::{PoliciesPage, PolicyPage};
pub use types::{PolicyDoc, PolicySummary, POLICY_SLUGS};
