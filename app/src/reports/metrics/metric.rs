//! The metrics REPORTING.md defines: their order, their ids in plan files
//! and the API, and what each counts in Vietnamese and English.

use serde::{Deserialize, Serialize};

/// A metric of REPORTING.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Certified products at D.
    CertifiedProducts,
    /// Certified products with 4 stars at D.
    FourStarProducts,
    /// Certified products with 5 stars at D.
    FiveStarProducts,
    /// Certified products of group 6.
    TourismServiceProducts,
    /// Products first certified within the plan period.
    NewCertifiedProducts,
    /// The same, group 6 only.
    NewTourismServiceProducts,
    /// Products first rated at least 4 stars within the period.
    NewFourStarProducts,
    /// Products first rated 5 stars within the period.
    NewFiveStarProducts,
    /// Share of 3-star products at the period's start upgraded to 4 stars.
    UpgradedThreeToFourPct,
    /// Lapsed products certified again.
    ExpiredRecertified,
    /// Share of lapsed products certified again.
    ExpiredRecertifiedPct,
    /// Share of OCOP producers that are cooperatives.
    ProducersCooperativePct,
    /// Share of OCOP producers that are small and medium enterprises.
    ProducersSmePct,
    /// Share of OCOP producers led by women.
    ProducersWomenLedPct,
    /// Share of OCOP producers led by an ethnic-minority person.
    ProducersEthnicMinorityPct,
    /// Share of OCOP producers with their own website.
    ProducersWithWebsitePct,
    /// Share of OCOP producers with a certified product in a modern channel.
    ProducersInModernChannelsPct,
    /// Share of OCOP producers on this marketplace with an e-payment account.
    ProducersWithStallAndEpaymentPct,
    /// Share of certified products on e-commerce.
    ProductsOnEcommercePct,
    /// Share of certified products on digital platforms.
    ProductsOnDigitalPlatformsPct,
    /// Share of certified products in modern distribution.
    ProductsInModernDistributionPct,
    /// Share of certified products exported.
    ProductsExportPct,
    /// Share of new certified products with a story of 100 characters.
    NewProductsWithStoryPct,
    /// Share of certified goods (groups 1-5) with traceability published.
    AgriProductsTraceablePct,
    /// Sales points opened within the period.
    NewSalesPoints,
    /// Share of communes (with a producer or a sales point) that have an
    /// active sales point.
    CommunesWithSalesPointPct,
    /// Trade-promotion events starting within the period, not cancelled.
    TradePromotionEvents,
}

impl Metric {
    /// Every metric, in REPORTING.md's order.
    pub const ALL: [Metric; 27] = [
        Metric::CertifiedProducts,
        Metric::FourStarProducts,
        Metric::FiveStarProducts,
        Metric::TourismServiceProducts,
        Metric::NewCertifiedProducts,
        Metric::NewTourismServiceProducts,
        Metric::NewFourStarProducts,
        Metric::NewFiveStarProducts,
        Metric::UpgradedThreeToFourPct,
        Metric::ExpiredRecertified,
        Metric::ExpiredRecertifiedPct,
        Metric::ProducersCooperativePct,
        Metric::ProducersSmePct,
        Metric::ProducersWomenLedPct,
        Metric::ProducersEthnicMinorityPct,
        Metric::ProducersWithWebsitePct,
        Metric::ProducersInModernChannelsPct,
        Metric::ProducersWithStallAndEpaymentPct,
        Metric::ProductsOnEcommercePct,
        Metric::ProductsOnDigitalPlatformsPct,
        Metric::ProductsInModernDistributionPct,
        Metric::ProductsExportPct,
        Metric::NewProductsWithStoryPct,
        Metric::AgriProductsTraceablePct,
        Metric::NewSalesPoints,
        Metric::CommunesWithSalesPointPct,
        Metric::TradePromotionEvents,
    ];

    /// The id used in plan files and the API.
    pub fn id(self) -> &'static str {
        match self {
            Metric::CertifiedProducts => "certified_products",
            Metric::FourStarProducts => "four_star_products",
            Metric::FiveStarProducts => "five_star_products",
            Metric::TourismServiceProducts => "tourism_service_products",
            Metric::NewCertifiedProducts => "new_certified_products",
            Metric::NewTourismServiceProducts => "new_tourism_service_products",
            Metric::NewFourStarProducts => "new_four_star_products",
            Metric::NewFiveStarProducts => "new_five_star_products",
            Metric::UpgradedThreeToFourPct => "upgraded_three_to_four_pct",
            Metric::ExpiredRecertified => "expired_recertified",
            Metric::ExpiredRecertifiedPct => "expired_recertified_pct",
            Metric::ProducersCooperativePct => "producers_cooperative_pct",
            Metric::ProducersSmePct => "producers_sme_pct",
            Metric::ProducersWomenLedPct => "producers_women_led_pct",
            Metric::ProducersEthnicMinorityPct => "producers_ethnic_minority_pct",
            Metric::ProducersWithWebsitePct => "producers_with_website_pct",
            Metric::ProducersInModernChannelsPct => "producers_in_modern_channels_pct",
            Metric::ProducersWithStallAndEpaymentPct => "producers_with_stall_and_epayment_pct",
            Metric::ProductsOnEcommercePct => "products_on_ecommerce_pct",
            Metric::ProductsOnDigitalPlatformsPct => "products_on_digital_platforms_pct",
            Metric::ProductsInModernDistributionPct => "products_in_modern_distribution_pct",
            Metric::ProductsExportPct => "products_export_pct",
            Metric::NewProductsWithStoryPct => "new_products_with_story_pct",
            Metric::AgriProductsTraceablePct => "agri_products_traceable_pct",
            Metric::NewSalesPoints => "new_sales_points",
            Metric::CommunesWithSalesPointPct => "communes_with_sales_point_pct",
            Metric::TradePromotionEvents => "trade_promotion_events",
        }
    }

    /// The metric named `id`, if REPORTING.md defines it.
    pub fn from_id(id: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.id() == id)
    }

    /// Whether the metric is a share (percentage) rather than a count.
    pub fn is_share(self) -> bool {
        self.id().ends_with("_pct")
    }

    /// What the metric counts, in Vietnamese and English.
    pub fn label(self) -> (&'static str, &'static str) {
        match self {
            Metric::CertifiedProducts => ("Sản phẩm OCOP còn hiệu lực", "Certified products"),
            Metric::FourStarProducts => ("Sản phẩm 4 sao", "4-star products"),
            Metric::FiveStarProducts => ("Sản phẩm 5 sao", "5-star products"),
            Metric::TourismServiceProducts => {
                ("Sản phẩm dịch vụ du lịch", "Tourism-service products")
            }
            Metric::NewCertifiedProducts => ("Sản phẩm công nhận mới", "Newly certified products"),
            Metric::NewTourismServiceProducts => (
                "Sản phẩm du lịch công nhận mới",
                "Newly certified tourism services",
            ),
            Metric::NewFourStarProducts => ("Sản phẩm mới đạt 4 sao", "New 4-star products"),
            Metric::NewFiveStarProducts => ("Sản phẩm mới đạt 5 sao", "New 5-star products"),
            Metric::UpgradedThreeToFourPct => (
                "Tỷ lệ sản phẩm thăng hạng 3 lên 4 sao",
                "Share upgraded from 3 to 4 stars",
            ),
            Metric::ExpiredRecertified => (
                "Sản phẩm hết hạn được tái công nhận",
                "Lapsed products recertified",
            ),
            Metric::ExpiredRecertifiedPct => (
                "Tỷ lệ sản phẩm hết hạn được tái công nhận",
                "Share of lapsed products recertified",
            ),
            Metric::ProducersCooperativePct => {
                ("Tỷ lệ chủ thể là hợp tác xã", "Share of cooperatives")
            }
            Metric::ProducersSmePct => {
                ("Tỷ lệ chủ thể là doanh nghiệp nhỏ và vừa", "Share of SMEs")
            }
            Metric::ProducersWomenLedPct => {
                ("Tỷ lệ chủ thể do phụ nữ làm chủ", "Share led by women")
            }
            Metric::ProducersEthnicMinorityPct => (
                "Tỷ lệ chủ thể do người dân tộc thiểu số làm chủ",
                "Share led by ethnic minorities",
            ),
            Metric::ProducersWithWebsitePct => ("Tỷ lệ chủ thể có website", "Share with a website"),
            Metric::ProducersInModernChannelsPct => (
                "Tỷ lệ chủ thể có sản phẩm ở kênh hiện đại",
                "Share of producers in modern channels",
            ),
            Metric::ProducersWithStallAndEpaymentPct => (
                "Tỷ lệ chủ thể có gian hàng và thanh toán điện tử",
                "Share with a stall and e-payment",
            ),
            Metric::ProductsOnEcommercePct => (
                "Tỷ lệ sản phẩm trên sàn thương mại điện tử",
                "Share of products on e-commerce",
            ),
            Metric::ProductsOnDigitalPlatformsPct => (
                "Tỷ lệ sản phẩm trên nền tảng số",
                "Share of products on digital platforms",
            ),
            Metric::ProductsInModernDistributionPct => (
                "Tỷ lệ sản phẩm ở kênh phân phối hiện đại",
                "Share of products in modern distribution",
            ),
            Metric::ProductsExportPct => ("Tỷ lệ sản phẩm xuất khẩu", "Share of products exported"),
            Metric::NewProductsWithStoryPct => (
                "Tỷ lệ sản phẩm mới có câu chuyện",
                "Share of new products with a story",
            ),
            Metric::AgriProductsTraceablePct => (
                "Tỷ lệ sản phẩm nông sản có truy xuất nguồn gốc",
                "Share of goods with traceability",
            ),
            Metric::NewSalesPoints => ("Điểm bán OCOP mở mới", "New OCOP sales points"),
            Metric::CommunesWithSalesPointPct => (
                "Tỷ lệ xã, phường có điểm bán OCOP",
                "Share of communes with a sales point",
            ),
            Metric::TradePromotionEvents => {
                ("Hoạt động xúc tiến thương mại", "Trade-promotion events")
            }
        }
    }
}
