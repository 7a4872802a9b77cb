//! Carts, checkouts (one per "place order", split into orders per producer
//! later), payments and the log of provider webhooks already processed.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, non_negative, positive, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Carts {
    Table,
    Id,
    SessionId,
    UserId,
}

#[derive(DeriveIden)]
enum CartItems {
    Table,
    Id,
    CartId,
    ProductId,
    Quantity,
    PriceSeenVnd,
}

#[derive(DeriveIden)]
enum Checkouts {
    Table,
    Id,
    PublicId,
    IdempotencyKey,
    RequestHash,
    UserId,
    ContactName,
    ContactPhone,
    ContactEmail,
    DeliveryMethod,
    ProvinceId,
    CommuneId,
    Street,
    SalesPointId,
    PaymentMethod,
    EventId,
    TotalVnd,
}

#[derive(DeriveIden)]
enum Payments {
    Table,
    Id,
    CheckoutId,
    Method,
    Status,
    AmountVnd,
    ProviderRef,
    VietqrPayload,
    ConfirmedByUserId,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum WebhookEvents {
    Table,
    Id,
    Provider,
    EventId,
    EventType,
    Payload,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Provinces {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Communes {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum SalesPoints {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

const PAYMENT_METHODS: &[&str] = &["cod", "vietqr", "card"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Carts::Table)
                    .col(id(Carts::Id))
                    .col(big_integer_null(Carts::SessionId))
                    .col(big_integer_null(Carts::UserId))
                    .col(created_at())
                    .col(updated_at())
                    // A signed-in cart outlives the session it was filled in.
                    .foreign_key(&mut fk(
                        "fk_carts_session_id",
                        (Carts::Table, Carts::SessionId),
                        (Sessions::Table, Sessions::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_carts_user_id",
                        (Carts::Table, Carts::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_carts_session_id",
                Carts::Table,
                [Carts::SessionId],
            ))
            .await?;
        manager
            .create_index(index("ix_carts_user_id", Carts::Table, [Carts::UserId]))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(CartItems::Table)
                    .col(id(CartItems::Id))
                    .col(big_integer(CartItems::CartId))
                    .col(big_integer(CartItems::ProductId))
                    .col(integer(CartItems::Quantity))
                    // The price when the item was added, so the cart can say
                    // "the price has changed" instead of charging silently.
                    .col(big_integer(CartItems::PriceSeenVnd))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_cart_items_cart_id",
                        (CartItems::Table, CartItems::CartId),
                        (Carts::Table, Carts::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_cart_items_product_id",
                        (CartItems::Table, CartItems::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(positive("ck_cart_items_quantity", CartItems::Quantity))
                    .check(non_negative(
                        "ck_cart_items_price_seen_vnd",
                        CartItems::PriceSeenVnd,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_cart_items_cart_id_product_id",
                CartItems::Table,
                [CartItems::CartId, CartItems::ProductId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Checkouts::Table)
                    .col(id(Checkouts::Id))
                    // Shown in URLs instead of the id, which would reveal order volume.
                    .col(string(Checkouts::PublicId))
                    .col(string_null(Checkouts::IdempotencyKey))
                    // A retried request with the same key but a different body is
                    // refused rather than answered with the first checkout.
                    .col(string(Checkouts::RequestHash))
                    .col(big_integer_null(Checkouts::UserId))
                    .col(string(Checkouts::ContactName))
                    .col(string(Checkouts::ContactPhone))
                    .col(string_null(Checkouts::ContactEmail))
                    .col(string(Checkouts::DeliveryMethod))
                    .col(big_integer_null(Checkouts::ProvinceId))
                    .col(big_integer_null(Checkouts::CommuneId))
                    .col(string_null(Checkouts::Street))
                    .col(big_integer_null(Checkouts::SalesPointId))
                    .col(string(Checkouts::PaymentMethod))
                    .col(big_integer_null(Checkouts::EventId))
                    .col(big_integer(Checkouts::TotalVnd))
                    .col(created_at())
                    .col(updated_at())
                    // Orders stay on the books when an account goes.
                    .foreign_key(&mut fk(
                        "fk_checkouts_user_id",
                        (Checkouts::Table, Checkouts::UserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .foreign_key(&mut fk(
                        "fk_checkouts_province_id",
                        (Checkouts::Table, Checkouts::ProvinceId),
                        (Provinces::Table, Provinces::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_checkouts_commune_id",
                        (Checkouts::Table, Checkouts::CommuneId),
                        (Communes::Table, Communes::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_checkouts_sales_point_id",
                        (Checkouts::Table, Checkouts::SalesPointId),
                        (SalesPoints::Table, SalesPoints::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_checkouts_event_id",
                        (Checkouts::Table, Checkouts::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(check_in(
                        "ck_checkouts_delivery_method",
                        Checkouts::DeliveryMethod,
                        &["ship", "pickup"],
                    ))
                    .check(check_in(
                        "ck_checkouts_payment_method",
                        Checkouts::PaymentMethod,
                        PAYMENT_METHODS,
                    ))
                    .check(non_negative("ck_checkouts_total_vnd", Checkouts::TotalVnd))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique(
                "uq_checkouts_public_id",
                Checkouts::Table,
                [Checkouts::PublicId],
            ))
            .await?;
        // A double-clicked "place order" must create one checkout, not two.
        manager
            .create_index(unique(
                "uq_checkouts_idempotency_key",
                Checkouts::Table,
                [Checkouts::IdempotencyKey],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Payments::Table)
                    .col(id(Payments::Id))
                    .col(big_integer(Payments::CheckoutId))
                    .col(string(Payments::Method))
                    .col(string(Payments::Status))
                    .col(big_integer(Payments::AmountVnd))
                    .col(string_null(Payments::ProviderRef))
                    .col(text_null(Payments::VietqrPayload))
                    .col(big_integer_null(Payments::ConfirmedByUserId))
                    .col(timestamp_with_time_zone_null(Payments::ConfirmedAt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_payments_checkout_id",
                        (Payments::Table, Payments::CheckoutId),
                        (Checkouts::Table, Checkouts::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_payments_confirmed_by_user_id",
                        (Payments::Table, Payments::ConfirmedByUserId),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(check_in(
                        "ck_payments_method",
                        Payments::Method,
                        PAYMENT_METHODS,
                    ))
                    .check(check_in(
                        "ck_payments_status",
                        Payments::Status,
                        &["pending", "succeeded", "failed", "cancelled", "refunded"],
                    ))
                    .check(non_negative("ck_payments_amount_vnd", Payments::AmountVnd))
                    .take(),
            )
            .await?;
        // The webhook finds its payment by the Stripe Checkout Session id.
        manager
            .create_index(unique(
                "uq_payments_provider_ref",
                Payments::Table,
                [Payments::ProviderRef],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_payments_checkout_id",
                Payments::Table,
                [Payments::CheckoutId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(WebhookEvents::Table)
                    .col(id(WebhookEvents::Id))
                    .col(string(WebhookEvents::Provider))
                    .col(string(WebhookEvents::EventId))
                    .col(string(WebhookEvents::EventType))
                    .col(text(WebhookEvents::Payload))
                    .col(created_at())
                    .col(updated_at())
                    .take(),
            )
            .await?;
        // Providers retry and replay: inserting the event id first, in the
        // same transaction as its effects, makes a second delivery a no-op.
        manager
            .create_index(unique(
                "uq_webhook_events_provider_event_id",
                WebhookEvents::Table,
                [WebhookEvents::Provider, WebhookEvents::EventId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            WebhookEvents::Table.into_iden(),
            Payments::Table.into_iden(),
            Checkouts::Table.into_iden(),
            CartItems::Table.into_iden(),
            Carts::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
