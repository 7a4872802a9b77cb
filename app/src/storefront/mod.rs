//! The storefront: the public pages a shopper browses (home, product lists
//! by group and province, the product page with its story and "add to cart",
//! a producer's stall) and their server functions. The data and queries
//! behind them are `catalog`'s; the cart they add to is `cart`'s.

mod home;
mod list;
mod product;
mod server_fns;
mod stall;

pub use home::HomePage;
pub use list::{GroupPage, ProductListPage, ProvincePage};
pub use product::ProductPage;
pub use server_fns::*;
pub use stall::StallPage;
