//! The cart as shown: plain data shared by the server and the browser.

use serde::{Deserialize, Serialize};

/// One product in the cart, checked against today's price and stock.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// Register code.
    pub code: String,
    /// Product page slug.
    pub slug: String,
    /// Name.
    pub name: String,
    /// Selling unit.
    pub unit: String,
    /// Units wanted.
    pub quantity: i32,
    /// Today's price, đồng.
    pub price_vnd: i64,
    /// The price when it was put in the cart.
    pub price_seen_vnd: i64,
    /// Units in stock now.
    pub stock: i64,
    /// Still published and certified.
    pub on_sale: bool,
    /// Today's price × units.
    pub line_total_vnd: i64,
}

impl CartLine {
    /// The price moved since the shopper saw it.
    pub fn price_changed(&self) -> bool {
        self.price_vnd != self.price_seen_vnd
    }

    /// Stock no longer covers the quantity.
    pub fn short(&self) -> bool {
        i64::from(self.quantity) > self.stock
    }
}

/// The lines of one producer: one order at checkout.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartGroup {
    /// Producer code.
    pub producer_code: String,
    /// Producer name.
    pub producer_name: String,
    /// Public stall slug.
    pub producer_slug: String,
    /// Producer's province.
    pub province: String,
    /// The lines.
    pub lines: Vec<CartLine>,
    /// Sum of the lines on sale, đồng.
    pub subtotal_vnd: i64,
    /// Shipping estimate, đồng.
    pub shipping_vnd: i64,
    /// Free shipping from this subtotal.
    pub free_ship_over_vnd: i64,
}

/// The whole cart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartView {
    /// One group per producer.
    pub groups: Vec<CartGroup>,
    /// Everything, shipping included, đồng.
    pub total_vnd: i64,
}

impl CartView {
    /// Units in the cart.
    pub fn units(&self) -> i64 {
        self.groups
            .iter()
            .flat_map(|g| &g.lines)
            .map(|l| i64::from(l.quantity))
            .sum()
    }

    /// Whether something must be looked at before checkout (a price that
    /// moved, stock that ran short, a product no longer on sale).
    pub fn needs_attention(&self) -> bool {
        self.groups
            .iter()
            .flat_map(|g| &g.lines)
            .any(|l| l.price_changed() || l.short() || !l.on_sale)
    }
}
