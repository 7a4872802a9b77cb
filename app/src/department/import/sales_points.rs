//! sales_points.csv → `sales_points` (by code) and the products each carries
//! (`sales_point_products`, made to match the file's list).

use sea_orm::{ActiveValue::Set, DatabaseTransaction, DbErr};

use super::driver::{Key, Writer};
use super::fields::Fields;
use super::report::FileReport;
use super::rows::{parse_sales_point, Refs, SalesPointRow, SALES_POINT_COLUMNS};
use super::upsert::{upsert, IdList, LinkTable, Upsert};
use crate::entities::sales_point_products as links;
use crate::entities::sales_points::{ActiveModel, Column, Entity, Model};

/// Writes sales points and their product lists.
pub(super) struct SalesPointWriter;

impl Writer for SalesPointWriter {
    type Row = SalesPointRow;
    const FILE: &'static str = "sales_points.csv";
    const COLUMNS: &'static [&'static str] = SALES_POINT_COLUMNS;

    fn parse(&self, f: &mut Fields, refs: &Refs) -> Option<SalesPointRow> {
        parse_sales_point(f, refs)
    }

    fn key(row: &SalesPointRow) -> Key {
        Key {
            key: row.code.clone(),
            column: "code",
            message: format!("mã điểm bán bị trùng trong tệp: {}", row.code),
        }
    }

    async fn write(
        &mut self,
        txn: &DatabaseTransaction,
        rows: Vec<SalesPointRow>,
        report: &mut FileReport,
    ) -> Result<(), DbErr> {
        upsert(self, txn, rows, report).await
    }
}

impl Upsert for SalesPointWriter {
    type Entity = Entity;
    type Links = IdList<Carried>;
    const KEY_COLUMNS: (Column, Column) = (Column::Code, Column::Id);

    fn code(row: &SalesPointRow) -> &str {
        &row.code
    }

    fn stored_key(model: &Model) -> (&str, i64) {
        (&model.code, model.id)
    }

    fn take_links(row: &mut SalesPointRow) -> Vec<i64> {
        std::mem::take(&mut row.product_ids)
    }

    fn create(&mut self, row: &SalesPointRow) -> ActiveModel {
        ActiveModel {
            code: Set(row.code.clone()),
            ..Default::default()
        }
    }

    fn apply(am: &mut ActiveModel, row: SalesPointRow) {
        am.name.set_if_not_equals(row.name);
        am.kind.set_if_not_equals(row.kind.to_owned());
        am.province_id.set_if_not_equals(row.province_id);
        am.commune_id.set_if_not_equals(row.commune_id);
        am.address.set_if_not_equals(row.address);
        am.lat.set_if_not_equals(row.lat);
        am.lon.set_if_not_equals(row.lon);
        am.opened_on.set_if_not_equals(row.opened_on);
        am.closed_on.set_if_not_equals(row.closed_on);
    }

    fn touch(am: &mut ActiveModel) {
        am.updated_at = Set(chrono::Utc::now());
    }
}

/// The products a sales point carries (`sales_point_products`).
pub(super) struct Carried;

impl LinkTable for Carried {
    type Entity = links::Entity;
    const COLUMNS: (links::Column, links::Column) =
        (links::Column::SalesPointId, links::Column::ProductId);

    fn link(sales_point_id: i64, product_id: i64) -> links::ActiveModel {
        links::ActiveModel {
            sales_point_id: Set(sales_point_id),
            product_id: Set(product_id),
            ..Default::default()
        }
    }
}
