//! The rules of commerce an operator can change without a new build: the
//! shipping fee, how long an unpaid online payment holds its stock, and the
//! card payment provider.

use serde::Deserialize;

/// Shipping fees and holds; a producer's own fees (set in the stall) win
/// over the site's defaults.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct CommerceSettings {
    /// Fee when the goods stay in the producer's province, in đồng.
    pub ship_same_province_vnd: i64,
    /// Fee to another province, in đồng.
    pub ship_other_province_vnd: i64,
    /// A producer's goods ship free from this subtotal, in đồng.
    pub free_ship_over_vnd: i64,
    /// Minutes the Stripe payment page of a card checkout stays open
    /// (Stripe takes 30 minutes to 24 hours; other values are clamped); its
    /// stock is held 15 minutes longer, for Stripe's expiry event.
    pub hold_card_minutes: i64,
    /// Hours an unpaid bank transfer holds its stock.
    pub hold_transfer_hours: i64,
}

impl Default for CommerceSettings {
    fn default() -> Self {
        CommerceSettings {
            ship_same_province_vnd: 25_000,
            ship_other_province_vnd: 40_000,
            free_ship_over_vnd: 500_000,
            hold_card_minutes: 30,
            hold_transfer_hours: 24,
        }
    }
}

/// A producer's shipping rule, each part falling back to the site's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShippingRule {
    /// Within the producer's province.
    pub same_province_vnd: i64,
    /// To another province.
    pub other_province_vnd: i64,
    /// Free from this subtotal.
    pub free_over_vnd: i64,
}

impl ShippingRule {
    /// The rule for a producer with these (optional) fees of its own.
    pub fn for_producer(
        site: &CommerceSettings,
        same: Option<i64>,
        other: Option<i64>,
        free_over: Option<i64>,
    ) -> Self {
        ShippingRule {
            same_province_vnd: same.unwrap_or(site.ship_same_province_vnd),
            other_province_vnd: other.unwrap_or(site.ship_other_province_vnd),
            free_over_vnd: free_over.unwrap_or(site.free_ship_over_vnd),
        }
    }

    /// The fee for a subtotal shipped within the province or not.
    pub fn fee(&self, subtotal_vnd: i64, same_province: bool) -> i64 {
        if subtotal_vnd >= self.free_over_vnd {
            0
        } else if same_province {
            self.same_province_vnd
        } else {
            self.other_province_vnd
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn producer_fees_win_and_big_orders_ship_free() {
        let site = CommerceSettings::default();
        let rule = ShippingRule::for_producer(&site, Some(15_000), None, None);
        assert_eq!(rule.fee(100_000, true), 15_000);
        assert_eq!(rule.fee(100_000, false), 40_000);
        assert_eq!(rule.fee(500_000, false), 0);
        assert_eq!(rule.fee(499_999, false), 40_000);
    }
}
