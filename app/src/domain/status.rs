//! The commerce core's states and kinds, each stored as the same word it
//! always was (the migrations' `CHECK` constraints list them), so typing them
//! changed no data: an order's status, a stock hold's, a payment's, how a
//! checkout is paid, and what an account may do. On the server each is a
//! sea-orm `ActiveEnum`: entities read and write them, and queries compare
//! with them, never with a string literal. On the wire (API, server
//! functions) each is the same lowercase word.

use serde::{Deserialize, Serialize};
// The sea-orm derive names the column's string type as `StringLen`.
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;

/// Declares a string-backed enum with its stored word per variant: `name`,
/// `from_name`, `ALL`, `Display`, serde as that word, and (server side) the
/// sea-orm `ActiveEnum` on a text column and the `ToSchema` of the API's
/// document.
macro_rules! stored_words {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            // `tt`, not `literal`: derives read the word through serde's
            // `rename`, and a `literal` fragment reaches them wrapped in a
            // group that utoipa's does not look into.
            $( $(#[$vmeta:meta])* $variant:ident = $word:tt, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        #[cfg_attr(feature = "ssr", derive(sea_orm::EnumIter, sea_orm::DeriveActiveEnum))]
        // The API's answers carry these as their words (its OpenAPI document
        // lists them).
        #[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
        #[cfg_attr(
            feature = "ssr",
            sea_orm(rs_type = "String", db_type = "String(StringLen::None)")
        )]
        pub enum $name {
            $(
                $(#[$vmeta])*
                #[serde(rename = $word)]
                #[cfg_attr(feature = "ssr", sea_orm(string_value = $word))]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order the migrations list them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The word stored and sent.
            pub fn name(self) -> &'static str {
                match self {
                    $($name::$variant => $word,)+
                }
            }

            /// The value stored as `name`.
            pub fn from_name(name: &str) -> Option<Self> {
                match name {
                    $($word => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

stored_words! {
    /// Where an order stands.
    pub enum OrderStatus {
        /// Placed; waiting for its payment (or, cash on delivery, for the
        /// producer's confirmation).
        PendingPayment = "pending_payment",
        /// Accepted by the producer.
        Confirmed = "confirmed",
        /// Packed, ready to hand over.
        Packed = "packed",
        /// With the carrier.
        Shipped = "shipped",
        /// Received by the shopper.
        Delivered = "delivered",
        /// Called off; its stock returned.
        Cancelled = "cancelled",
        /// Paid back.
        Refunded = "refunded",
    }
}

impl OrderStatus {
    /// Statuses that are not sales: the stall's numbers and an event's
    /// results leave them out.
    pub const NOT_SALES: [OrderStatus; 2] = [OrderStatus::Cancelled, OrderStatus::Refunded];
}

stored_words! {
    /// The stock an order holds.
    pub enum ReservationStatus {
        /// Taken from stock, waiting for the payment.
        Held = "held",
        /// Paid for: the goods are the shopper's.
        Committed = "committed",
        /// Given back to stock.
        Released = "released",
    }
}

stored_words! {
    /// A payment of a checkout.
    pub enum PaymentStatus {
        /// Not received yet.
        Pending = "pending",
        /// Received.
        Succeeded = "succeeded",
        /// The attempt failed (the shopper may try again).
        Failed = "failed",
        /// Will not happen: the checkout was called off or expired.
        Cancelled = "cancelled",
        /// Paid back.
        Refunded = "refunded",
    }
}

stored_words! {
    /// How the shopper pays.
    pub enum PaymentMethod {
        /// Cash on delivery.
        Cod = "cod",
        /// Bank transfer by VietQR.
        VietQr = "vietqr",
        /// Card through Stripe.
        Card = "card",
    }
}

stored_words! {
    /// What an account may do.
    pub enum Role {
        /// Buys.
        Shopper = "shopper",
        /// Runs one producer's stall.
        Producer = "producer",
        /// Works for a department, within an area.
        Officer = "officer",
        /// Everything.
        Admin = "admin",
    }
}

impl Role {
    /// Whether the account works at the department's desk (an officer or an
    /// administrator): its actions are the audit log's.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Officer | Role::Admin)
    }

    /// Its name in the reader's language.
    pub fn label(self, l: crate::i18n::Locale) -> &'static str {
        match self {
            Role::Shopper => l.pick("Người mua", "Shopper"),
            Role::Producer => l.pick("Thành viên chủ thể", "Producer member"),
            Role::Officer => l.pick("Cán bộ OCOP", "OCOP officer"),
            Role::Admin => l.pick("Quản trị viên", "Administrator"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_keeps_its_stored_word() {
        for status in OrderStatus::ALL {
            assert_eq!(OrderStatus::from_name(status.name()), Some(*status));
            let json = serde_json::to_string(status).unwrap();
            assert_eq!(json, format!("\"{}\"", status.name()));
        }
        assert_eq!(OrderStatus::PendingPayment.name(), "pending_payment");
        assert_eq!(PaymentMethod::VietQr.name(), "vietqr");
        assert_eq!(Role::from_name("officer"), Some(Role::Officer));
        assert_eq!(Role::from_name("root"), None);
        assert_eq!(
            ReservationStatus::ALL
                .iter()
                .map(|s| s.name())
                .collect::<Vec<_>>(),
            ["held", "committed", "released"]
        );
        assert_eq!(PaymentStatus::Succeeded.to_string(), "succeeded");
    }

    /// The words of `T`'s schema in the API's document.
    #[cfg(feature = "ssr")]
    fn schema_words<T: utoipa::PartialSchema>() -> serde_json::Value {
        serde_json::to_value(T::schema()).unwrap()["enum"].clone()
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn the_api_document_lists_the_stored_words() {
        let words = |all: Vec<&str>| serde_json::Value::from(all);
        let names = |all: &[OrderStatus]| all.iter().map(|s| s.name()).collect();
        assert_eq!(
            schema_words::<OrderStatus>(),
            words(names(OrderStatus::ALL))
        );
        assert_eq!(
            schema_words::<PaymentMethod>(),
            words(vec!["cod", "vietqr", "card"])
        );
        assert_eq!(
            schema_words::<Role>(),
            words(vec!["shopper", "producer", "officer", "admin"])
        );
    }
}
