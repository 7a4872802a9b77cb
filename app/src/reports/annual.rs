//! The annual statistics for the Ministry of Industry and Trade: what the
//! marketplace did in a calendar year (Vietnam time): its sellers, the
//! products sold, orders and their value, the accounts opened, the stall
//! applications and the reports (complaints about goods and stalls)
//! handled; the programme's figures at the year's end from the same metrics
//! engine as the plan reports; and the same by province. Each line carries
//! its definition, printed beside it in the workbook (`annual_xlsx`). For the
//! current year the figures run to today, and say so.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// The unit of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum LineUnit {
    /// A number of things.
    Count,
    /// An amount of đồng.
    Vnd,
}

/// One figure of the summary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnnualLine {
    /// A stable key (`sales_orders`, ...).
    pub key: String,
    /// What it is, in Vietnamese.
    pub label_vi: String,
    /// What it is, in English.
    pub label_en: String,
    /// The figure.
    pub value: i64,
    /// Count or đồng.
    pub unit: LineUnit,
    /// How it is counted, in Vietnamese (printed in the workbook).
    pub definition: String,
}

/// A province's share of the year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProvinceLine {
    /// The province's name.
    pub province: String,
    /// Sellers whose identity was verified by the end of the period.
    pub verified_sellers: i64,
    /// Sellers with at least one sale in the period.
    pub selling_sellers: i64,
    /// Sales orders (neither cancelled nor refunded).
    pub sales_orders: i64,
    /// Their value, đồng.
    pub sales_vnd: i64,
    /// Certified OCOP products in force at the end of the period.
    pub certified_products: i64,
}

/// A programme metric at the end of the period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MetricLine {
    /// The metric id of REPORTING.md.
    pub metric: String,
    /// The value (a share with one decimal); `None` is "n/a".
    pub value: Option<f64>,
    /// The count or the share's numerator.
    pub numerator: i64,
    /// The share's denominator.
    pub denominator: Option<i64>,
}

/// The year's statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AnnualStats {
    /// The calendar year.
    pub year: i32,
    /// The last day counted (31 December, or today for the current year).
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = Date))]
    pub counted_to: NaiveDate,
    /// Whether the year is over.
    pub complete: bool,
    /// When the figures were read.
    #[cfg_attr(feature = "ssr", schema(value_type = String, format = DateTime))]
    pub generated_at: DateTime<Utc>,
    /// The summary.
    pub lines: Vec<AnnualLine>,
    /// Every programme metric, country-wide.
    pub metrics: Vec<MetricLine>,
    /// By province, in name order; provinces with nothing left out.
    pub provinces: Vec<ProvinceLine>,
}

/// The hours a report may wait for a decision: the moderation queue's
/// target (reports are a lower room than moderation, which keeps the same
/// number).
pub const HANDLING_TARGET_HOURS: i64 = 24;

/// The first year the statistics can be asked for.
pub const FIRST_YEAR: i32 = 2020;

#[cfg(feature = "ssr")]
pub use service::annual_stats;

#[cfg(feature = "ssr")]
mod service {
    use super::*;
    use crate::domain::{ApplicationStatus, OrderStatus, ReportStatus, Role};
    use crate::entities::{
        abuse_reports, order_items, orders, producer_applications, producers, provinces, users,
    };
    use crate::error::AppResult;
    use crate::reports::load::Area;
    use crate::reports::metrics::Metric;
    use crate::reports::plan::area_figures;
    use chrono::{Datelike, TimeZone};
    use sea_orm::sea_query::{Expr, ExprTrait};
    use sea_orm::{
        ColumnTrait, DatabaseConnection, EntityTrait, JoinType, PaginatorTrait, QueryFilter,
        QuerySelect, RelationTrait,
    };
    use std::collections::{BTreeMap, BTreeSet, HashMap};

    /// Orders of one producer in one status: (province, producer, status,
    /// count, total, goods, shipping), sums in đồng.
    type OrderGroup = (
        i64,
        i64,
        OrderStatus,
        i64,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    );

    /// The UTC instant of midnight, Vietnam time, starting `day`.
    fn vn_midnight(day: NaiveDate) -> DateTime<Utc> {
        crate::time::vn_offset()
            .from_local_datetime(&day.and_hms_opt(0, 0, 0).unwrap_or_default())
            .single()
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    fn line(
        key: &str,
        vi: &str,
        en: &str,
        value: i64,
        unit: LineUnit,
        definition: &str,
    ) -> AnnualLine {
        AnnualLine {
            key: key.into(),
            label_vi: vi.into(),
            label_en: en.into(),
            value,
            unit,
            definition: definition.into(),
        }
    }

    /// The statistics of `year` as of `now` (`None` for a year not begun or
    /// before [`FIRST_YEAR`]).
    pub async fn annual_stats(
        db: &DatabaseConnection,
        year: i32,
        now: DateTime<Utc>,
    ) -> AppResult<Option<AnnualStats>> {
        let today = now.with_timezone(&crate::time::vn_offset()).date_naive();
        let (Some(first), Some(next_year)) = (
            NaiveDate::from_ymd_opt(year, 1, 1),
            NaiveDate::from_ymd_opt(year + 1, 1, 1),
        ) else {
            return Ok(None);
        };
        if year < FIRST_YEAR || first > today {
            return Ok(None);
        }
        let complete = next_year <= today;
        let counted_to = if complete {
            next_year.pred_opt().unwrap_or(first)
        } else {
            today
        };
        let start = vn_midnight(first);
        let end = if complete {
            vn_midnight(next_year)
        } else {
            now
        };
        let in_period = |created: orders::Column| created.gte(start).and(created.lt(end));

        // Orders by producer and status: one read.
        let rows: Vec<OrderGroup> = orders::Entity::find()
            .select_only()
            .column(producers::Column::ProvinceId)
            .column(orders::Column::ProducerId)
            .column(orders::Column::Status)
            .column_as(
                Expr::col((orders::Entity, orders::Column::Id))
                    .count()
                    .cast_as("BIGINT"),
                "n",
            )
            .column_as(
                Expr::col(orders::Column::TotalVnd).sum().cast_as("BIGINT"),
                "total",
            )
            .column_as(
                Expr::col(orders::Column::SubtotalVnd)
                    .sum()
                    .cast_as("BIGINT"),
                "goods",
            )
            .column_as(
                Expr::col(orders::Column::ShippingVnd)
                    .sum()
                    .cast_as("BIGINT"),
                "shipping",
            )
            .join(JoinType::InnerJoin, orders::Relation::Producer.def())
            .filter(in_period(orders::Column::CreatedAt))
            .group_by(producers::Column::ProvinceId)
            .group_by(orders::Column::ProducerId)
            .group_by(orders::Column::Status)
            .into_tuple()
            .all(db)
            .await?;
        let mut placed = 0;
        let mut by_status: HashMap<OrderStatus, i64> = HashMap::new();
        let (mut sales_vnd, mut goods_vnd, mut shipping_vnd) = (0, 0, 0);
        let mut selling: BTreeSet<i64> = BTreeSet::new();
        let mut province_sales: HashMap<i64, (BTreeSet<i64>, i64, i64)> = HashMap::new();
        for (province, producer, status, n, total, goods, shipping) in rows {
            placed += n;
            *by_status.entry(status).or_default() += n;
            if OrderStatus::NOT_SALES.contains(&status) || status == OrderStatus::PendingPayment {
                continue;
            }
            sales_vnd += total.unwrap_or(0);
            goods_vnd += goods.unwrap_or(0);
            shipping_vnd += shipping.unwrap_or(0);
            selling.insert(producer);
            let entry = province_sales.entry(province).or_default();
            entry.0.insert(producer);
            entry.1 += n;
            entry.2 += total.unwrap_or(0);
        }
        let status = |s: OrderStatus| by_status.get(&s).copied().unwrap_or(0);
        let sales_orders: i64 = province_sales.values().map(|p| p.1).sum();

        let products_sold: Vec<i64> = order_items::Entity::find()
            .select_only()
            .column(order_items::Column::ProductId)
            .distinct()
            .join(JoinType::InnerJoin, order_items::Relation::Order.def())
            .filter(in_period(orders::Column::CreatedAt))
            .filter(orders::Column::Status.is_not_in([
                OrderStatus::PendingPayment,
                OrderStatus::Cancelled,
                OrderStatus::Refunded,
            ]))
            .into_tuple()
            .all(db)
            .await?;

        let verified: Vec<(i64, Option<DateTime<Utc>>)> = producers::Entity::find()
            .select_only()
            .column(producers::Column::ProvinceId)
            .column(producers::Column::IdentityVerifiedAt)
            .filter(producers::Column::IdentityVerifiedAt.lt(end))
            .into_tuple()
            .all(db)
            .await?;
        let newly_verified = verified
            .iter()
            .filter(|(_, at)| at.is_some_and(|t| t >= start))
            .count() as i64;
        let mut province_verified: HashMap<i64, i64> = HashMap::new();
        for (province, _) in &verified {
            *province_verified.entry(*province).or_default() += 1;
        }

        let shoppers = users::Entity::find()
            .filter(users::Column::Role.eq(Role::Shopper))
            .filter(users::Column::CreatedAt.gte(start))
            .filter(users::Column::CreatedAt.lt(end))
            .count(db)
            .await? as i64;

        let applications: Vec<(ApplicationStatus, DateTime<Utc>, Option<DateTime<Utc>>)> =
            producer_applications::Entity::find()
                .select_only()
                .column(producer_applications::Column::Status)
                .column(producer_applications::Column::CreatedAt)
                .column(producer_applications::Column::ReviewedAt)
                .filter(
                    producer_applications::Column::CreatedAt.lt(end).and(
                        producer_applications::Column::CreatedAt
                            .gte(start)
                            .or(producer_applications::Column::ReviewedAt.gte(start)),
                    ),
                )
                .into_tuple()
                .all(db)
                .await?;
        let within = |t: &DateTime<Utc>| *t >= start && *t < end;
        let received = applications.iter().filter(|a| within(&a.1)).count() as i64;
        let decided = |s: ApplicationStatus| {
            applications
                .iter()
                .filter(|a| a.0 == s && a.2.as_ref().is_some_and(within))
                .count() as i64
        };

        let reports: Vec<(ReportStatus, DateTime<Utc>, Option<DateTime<Utc>>)> =
            abuse_reports::Entity::find()
                .select_only()
                .column(abuse_reports::Column::Status)
                .column(abuse_reports::Column::CreatedAt)
                .column(abuse_reports::Column::DecidedAt)
                .filter(abuse_reports::Column::CreatedAt.lt(end))
                .into_tuple()
                .all(db)
                .await?;
        let reports_received = reports.iter().filter(|r| within(&r.1)).count() as i64;
        let handled: Vec<_> = reports
            .iter()
            .filter_map(|r| r.2.filter(within).map(|d| (r.0, r.1, d)))
            .collect();
        let on_time = handled
            .iter()
            .filter(|(_, c, d)| *d - *c <= chrono::Duration::hours(HANDLING_TARGET_HOURS))
            .count() as i64;
        let acted = handled
            .iter()
            .filter(|(s, _, _)| *s != ReportStatus::Dismissed)
            .count() as i64;
        let open_at_end = reports
            .iter()
            .filter(|r| r.2.is_none_or(|d| d >= end))
            .count() as i64;

        let figures = area_figures(db, Area::Country, first, counted_to).await?;
        let metrics = Metric::ALL
            .iter()
            .map(|m| {
                let f = figures.get(*m);
                MetricLine {
                    metric: m.id().to_owned(),
                    value: f.value(),
                    numerator: f.numerator,
                    denominator: f.denominator,
                }
            })
            .collect();

        let names: BTreeMap<String, i64> = provinces::Entity::find()
            .all(db)
            .await?
            .into_iter()
            .map(|p| (p.name, p.id))
            .collect();
        let mut province_lines = Vec::new();
        for (name, id) in names {
            let certified = area_figures(db, Area::Province(id), first, counted_to)
                .await?
                .get(Metric::CertifiedProducts)
                .numerator;
            let (sellers, orders, vnd) = province_sales
                .get(&id)
                .map(|(s, n, v)| (s.len() as i64, *n, *v))
                .unwrap_or_default();
            let verified = province_verified.get(&id).copied().unwrap_or(0);
            if certified == 0 && orders == 0 && verified == 0 {
                continue;
            }
            province_lines.push(ProvinceLine {
                province: name,
                verified_sellers: verified,
                selling_sellers: sellers,
                sales_orders: orders,
                sales_vnd: vnd,
                certified_products: certified,
            });
        }

        use LineUnit::{Count, Vnd};
        let lines = vec![
            line("verified_sellers", "Người bán đã xác minh danh tính", "Sellers with verified identity", verified.len() as i64, Count,
                "Chủ thể OCOP có thông tin người bán được cán bộ địa bàn xác minh đến hết kỳ."),
            line("newly_verified_sellers", "Người bán mới xác minh trong năm", "Sellers verified in the year", newly_verified, Count,
                "Chủ thể được xác minh danh tính trong kỳ."),
            line("selling_sellers", "Người bán có đơn hàng", "Sellers with sales", selling.len() as i64, Count,
                "Chủ thể có ít nhất một đơn bán (đã xác nhận trở đi, không tính đơn chờ thanh toán, đã huỷ, đã hoàn tiền) đặt trong kỳ."),
            line("products_sold", "Sản phẩm có đơn bán", "Products sold", products_sold.len() as i64, Count,
                "Số sản phẩm khác nhau có mặt trong đơn bán đặt trong kỳ."),
            line("orders_placed", "Đơn hàng đã đặt", "Orders placed", placed, Count,
                "Mọi đơn hàng đặt trong kỳ, ở mọi trạng thái; một lần thanh toán nhiều gian hàng tạo một đơn cho mỗi gian hàng."),
            line("sales_orders", "Đơn bán", "Sales orders", sales_orders, Count,
                "Đơn đặt trong kỳ đang ở trạng thái đã xác nhận, đóng gói, đang giao hoặc đã giao."),
            line("delivered_orders", "Đơn đã giao", "Orders delivered", status(OrderStatus::Delivered), Count,
                "Đơn đặt trong kỳ và đã giao tới người mua."),
            line("cancelled_orders", "Đơn đã huỷ", "Orders cancelled", status(OrderStatus::Cancelled), Count,
                "Đơn đặt trong kỳ rồi bị huỷ (hàng trả lại kho)."),
            line("refunded_orders", "Đơn đã hoàn tiền", "Orders refunded", status(OrderStatus::Refunded), Count,
                "Đơn đặt trong kỳ rồi được hoàn tiền."),
            line("unpaid_orders", "Đơn chưa thanh toán", "Orders not paid", status(OrderStatus::PendingPayment), Count,
                "Đơn đặt trong kỳ còn chờ thanh toán hoặc chờ người bán xác nhận khi đọc số liệu."),
            line("sales_vnd", "Giá trị giao dịch (GMV)", "Gross merchandise value", sales_vnd, Vnd,
                "Tổng tiền các đơn bán (hàng và phí giao), đồng."),
            line("goods_vnd", "Trong đó: tiền hàng", "Of which: goods", goods_vnd, Vnd,
                "Tổng tiền hàng của các đơn bán, đồng."),
            line("shipping_vnd", "Trong đó: phí giao hàng", "Of which: shipping", shipping_vnd, Vnd,
                "Tổng phí giao của các đơn bán, đồng."),
            line("shopper_accounts", "Tài khoản người mua mới", "New shopper accounts", shoppers, Count,
                "Tài khoản người mua tạo trong kỳ (người mua không cần tài khoản để đặt hàng)."),
            line("applications_received", "Hồ sơ mở gian hàng nhận được", "Stall applications received", received, Count,
                "Hồ sơ đăng ký mở gian hàng gửi trong kỳ."),
            line("applications_approved", "Hồ sơ được duyệt", "Applications approved", decided(ApplicationStatus::Approved), Count,
                "Hồ sơ được cán bộ duyệt trong kỳ (tài khoản và gian hàng được tạo)."),
            line("applications_refused", "Hồ sơ bị từ chối", "Applications refused", decided(ApplicationStatus::Refused), Count,
                "Hồ sơ bị từ chối trong kỳ, có nêu lý do."),
            line("reports_received", "Phản ánh vi phạm nhận được", "Reports received", reports_received, Count,
                "Phản ánh về sản phẩm hoặc gian hàng (logo OCOP giả, hết hạn chứng nhận, thông tin sai, hàng cấm, sở hữu trí tuệ) gửi trong kỳ."),
            line("reports_handled", "Phản ánh đã xử lý", "Reports handled", handled.len() as i64, Count,
                "Phản ánh có quyết định (ẩn sản phẩm, tạm ngừng gian hàng, khôi phục hoặc bác) trong kỳ."),
            line("reports_acted_on", "Trong đó: đã ẩn hoặc tạm ngừng", "Of which: hidden or suspended", acted, Count,
                "Phản ánh xử lý trong kỳ mà quyết định không phải là bác bỏ."),
            line("reports_within_24h", "Xử lý trong 24 giờ", "Handled within 24 hours", on_time, Count,
                "Phản ánh xử lý trong kỳ, có quyết định không quá 24 giờ sau khi nhận."),
            line("reports_open_at_end", "Phản ánh còn chờ cuối kỳ", "Reports open at the end", open_at_end, Count,
                "Phản ánh nhận đến hết kỳ mà chưa có quyết định tới lúc đó."),
        ];
        Ok(Some(AnnualStats {
            year: first.year(),
            counted_to,
            complete,
            generated_at: now,
            lines,
            metrics,
            provinces: province_lines,
        }))
    }
}
