//! Payments that need a provider: card payments through a Stripe Checkout
//! Session, and the signed webhook events that alone mark them paid or
//! expired. Cash on delivery and bank transfers need no provider: an order's
//! producer or officer marks them received (`orders::manage`).

pub mod card;
pub mod stripe_events;
