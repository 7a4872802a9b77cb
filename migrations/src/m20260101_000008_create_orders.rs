//! Orders (one per producer in a checkout), their lines, their status history
//! and the stock held for them until payment.

use sea_orm_migration::{prelude::*, schema::*};

use crate::{check_in, created_at, fk, id, index, non_negative, positive, unique, updated_at};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Orders {
    Table,
    Id,
    Number,
    CheckoutId,
    ProducerId,
    Status,
    SubtotalVnd,
    ShippingVnd,
    TotalVnd,
    AccessTokenHash,
    PaymentReceivedAt,
    Carrier,
    TrackingNo,
    CancelReason,
    EventId,
}

#[derive(DeriveIden)]
enum OrderItems {
    Table,
    Id,
    OrderId,
    ProductId,
    ProductCode,
    ProductName,
    Unit,
    UnitPriceVnd,
    Quantity,
    LineTotalVnd,
}

#[derive(DeriveIden)]
enum OrderStatusHistory {
    Table,
    Id,
    OrderId,
    FromStatus,
    ToStatus,
    Note,
    ChangedByUserId,
}

#[derive(DeriveIden)]
enum StockReservations {
    Table,
    Id,
    ProductId,
    OrderId,
    Quantity,
    Status,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Checkouts {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Producers {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Products {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

const ORDER_STATUSES: &[&str] = &[
    "pending_payment",
    "confirmed",
    "packed",
    "shipped",
    "delivered",
    "cancelled",
    "refunded",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Orders::Table)
                    .col(id(Orders::Id))
                    .col(string(Orders::Number))
                    .col(big_integer(Orders::CheckoutId))
                    .col(big_integer(Orders::ProducerId))
                    .col(string(Orders::Status))
                    .col(big_integer(Orders::SubtotalVnd))
                    .col(big_integer(Orders::ShippingVnd))
                    .col(big_integer(Orders::TotalVnd))
                    // Lets a guest follow the order from the link in the e-mail
                    // without an account; only the hash is kept.
                    .col(string(Orders::AccessTokenHash))
                    .col(timestamp_with_time_zone_null(Orders::PaymentReceivedAt))
                    .col(string_null(Orders::Carrier))
                    .col(string_null(Orders::TrackingNo))
                    .col(text_null(Orders::CancelReason))
                    .col(big_integer_null(Orders::EventId))
                    .col(created_at())
                    .col(updated_at())
                    // Orders are accounting records: nothing they point at may
                    // disappear from under them.
                    .foreign_key(&mut fk(
                        "fk_orders_checkout_id",
                        (Orders::Table, Orders::CheckoutId),
                        (Checkouts::Table, Checkouts::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_orders_producer_id",
                        (Orders::Table, Orders::ProducerId),
                        (Producers::Table, Producers::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_orders_event_id",
                        (Orders::Table, Orders::EventId),
                        (Events::Table, Events::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(check_in("ck_orders_status", Orders::Status, ORDER_STATUSES))
                    .check(non_negative("ck_orders_subtotal_vnd", Orders::SubtotalVnd))
                    .check(non_negative("ck_orders_shipping_vnd", Orders::ShippingVnd))
                    .check(non_negative("ck_orders_total_vnd", Orders::TotalVnd))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique("uq_orders_number", Orders::Table, [Orders::Number]))
            .await?;
        // A producer's stall lists its orders by status ("to pack", "to ship").
        manager
            .create_index(index(
                "ix_orders_producer_id_status",
                Orders::Table,
                [Orders::ProducerId, Orders::Status],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_orders_checkout_id",
                Orders::Table,
                [Orders::CheckoutId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderItems::Table)
                    .col(id(OrderItems::Id))
                    .col(big_integer(OrderItems::OrderId))
                    .col(big_integer(OrderItems::ProductId))
                    // Copied from the product at checkout: the order must keep
                    // saying what was sold even after the product is edited.
                    .col(string(OrderItems::ProductCode))
                    .col(string(OrderItems::ProductName))
                    .col(string(OrderItems::Unit))
                    .col(big_integer(OrderItems::UnitPriceVnd))
                    .col(integer(OrderItems::Quantity))
                    .col(big_integer(OrderItems::LineTotalVnd))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_order_items_order_id",
                        (OrderItems::Table, OrderItems::OrderId),
                        (Orders::Table, Orders::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_order_items_product_id",
                        (OrderItems::Table, OrderItems::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .check(non_negative(
                        "ck_order_items_unit_price_vnd",
                        OrderItems::UnitPriceVnd,
                    ))
                    .check(positive("ck_order_items_quantity", OrderItems::Quantity))
                    .check(non_negative(
                        "ck_order_items_line_total_vnd",
                        OrderItems::LineTotalVnd,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_order_items_order_id",
                OrderItems::Table,
                [OrderItems::OrderId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(OrderStatusHistory::Table)
                    .col(id(OrderStatusHistory::Id))
                    .col(big_integer(OrderStatusHistory::OrderId))
                    // NULL for the entry written when the order is created.
                    .col(string_null(OrderStatusHistory::FromStatus))
                    .col(string(OrderStatusHistory::ToStatus))
                    .col(text_null(OrderStatusHistory::Note))
                    .col(big_integer_null(OrderStatusHistory::ChangedByUserId))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_order_status_history_order_id",
                        (OrderStatusHistory::Table, OrderStatusHistory::OrderId),
                        (Orders::Table, Orders::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .foreign_key(&mut fk(
                        "fk_order_status_history_changed_by_user_id",
                        (
                            OrderStatusHistory::Table,
                            OrderStatusHistory::ChangedByUserId,
                        ),
                        (Users::Table, Users::Id),
                        ForeignKeyAction::SetNull,
                    ))
                    .check(check_in(
                        "ck_order_status_history_from_status",
                        OrderStatusHistory::FromStatus,
                        ORDER_STATUSES,
                    ))
                    .check(check_in(
                        "ck_order_status_history_to_status",
                        OrderStatusHistory::ToStatus,
                        ORDER_STATUSES,
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "ix_order_status_history_order_id",
                OrderStatusHistory::Table,
                [OrderStatusHistory::OrderId],
            ))
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StockReservations::Table)
                    .col(id(StockReservations::Id))
                    .col(big_integer(StockReservations::ProductId))
                    .col(big_integer(StockReservations::OrderId))
                    .col(integer(StockReservations::Quantity))
                    .col(string(StockReservations::Status))
                    // NULL once committed: only held stock times out.
                    .col(timestamp_with_time_zone_null(StockReservations::ExpiresAt))
                    .col(created_at())
                    .col(updated_at())
                    .foreign_key(&mut fk(
                        "fk_stock_reservations_product_id",
                        (StockReservations::Table, StockReservations::ProductId),
                        (Products::Table, Products::Id),
                        ForeignKeyAction::Restrict,
                    ))
                    .foreign_key(&mut fk(
                        "fk_stock_reservations_order_id",
                        (StockReservations::Table, StockReservations::OrderId),
                        (Orders::Table, Orders::Id),
                        ForeignKeyAction::Cascade,
                    ))
                    .check(positive(
                        "ck_stock_reservations_quantity",
                        StockReservations::Quantity,
                    ))
                    .check(check_in(
                        "ck_stock_reservations_status",
                        StockReservations::Status,
                        &["held", "committed", "released"],
                    ))
                    .take(),
            )
            .await?;
        // The sweeper releases held reservations whose time is up.
        manager
            .create_index(index(
                "ix_stock_reservations_status_expires_at",
                StockReservations::Table,
                [StockReservations::Status, StockReservations::ExpiresAt],
            ))
            .await?;
        manager
            .create_index(index(
                "ix_stock_reservations_order_id",
                StockReservations::Table,
                [StockReservations::OrderId],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            StockReservations::Table.into_iden(),
            OrderStatusHistory::Table.into_iden(),
            OrderItems::Table.into_iden(),
            Orders::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).take())
                .await?;
        }
        Ok(())
    }
}
