//! Orders after they are placed: their lifecycle (confirm, pack, ship,
//! deliver, cancel, payment received), their history, the stock each holds
//! until it is paid or given back, the notices they send, and the pages
//! where their shopper, producer and officer read them. Placing them is
//! `checkout`'s; paying by card is `payments`'.

pub mod mine;
pub mod page;
pub mod receipt;
mod server_fns;
pub mod types;

pub use crate::domain::{OrderStatus, PaymentMethod, PaymentStatus, ReservationStatus};
pub use server_fns::get_order_page;

#[cfg(feature = "ssr")]
pub mod history;
#[cfg(feature = "ssr")]
pub mod manage;
#[cfg(feature = "ssr")]
pub mod notices;
#[cfg(feature = "ssr")]
pub mod reservations;
#[cfg(feature = "ssr")]
pub mod transfer;
#[cfg(feature = "ssr")]
pub mod view;

/// Order statuses that are not sales: the stall's numbers and an event's
/// results leave them out.
pub const NOT_SALES: [OrderStatus; 2] = OrderStatus::NOT_SALES;
