//! The Stripe PaymentIntent of a card payment, next to its Checkout Session
//! (`provider_ref`): a refund (`charge.refunded`) names only the
//! PaymentIntent, so the webhook finds the payment by it. Unique, like the
//! session id, so one Stripe payment can never settle two of ours.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Payments {
    Table,
    ProviderPaymentRef,
}

const INDEX: &str = "uq_payments_provider_payment_ref";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .add_column(string_null(Payments::ProviderPaymentRef))
                    .take(),
            )
            .await?;
        manager
            .create_index(super::unique(
                INDEX,
                Payments::Table,
                [Payments::ProviderPaymentRef],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite will not drop a column an index still covers.
        manager
            .drop_index(Index::drop().name(INDEX).table(Payments::Table).to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Payments::Table)
                    .drop_column(Payments::ProviderPaymentRef)
                    .take(),
            )
            .await
    }
}
