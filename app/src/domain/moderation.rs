//! Reports of listings and stalls, and what moderation made of them.

use crate::i18n::Locale;
#[cfg(feature = "ssr")]
use sea_orm::sea_query::StringLen;
use serde::{Deserialize, Serialize};

stored_words! {
    /// What a report is about.
    pub enum ReportTarget {
        /// One product's listing.
        Product = "product",
        /// A whole stall.
        Stall = "stall",
        /// A shopper's review.
        Review = "review",
    }
}

stored_words! {
    /// Why something is reported.
    pub enum ReportReason {
        /// The OCOP logo or stars used without the certification.
        CounterfeitLogo = "counterfeit_logo",
        /// A lapsed certification still claimed.
        ExpiredCertification = "expired_certification",
        /// Wrong or misleading information.
        WrongInformation = "wrong_information",
        /// Goods the law forbids selling.
        ProhibitedGoods = "prohibited_goods",
        /// Someone else's brand, design or work.
        IntellectualProperty = "intellectual_property",
        /// Anything else, said in the details.
        Other = "other",
    }
}

impl ReportReason {
    /// Its name in the reader's language.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            ReportReason::CounterfeitLogo => l.pick(
                "Dùng logo/sao OCOP giả mạo",
                "Counterfeit OCOP logo or stars",
            ),
            ReportReason::ExpiredCertification => l.pick(
                "Chứng nhận OCOP đã hết hạn",
                "Expired OCOP certification used",
            ),
            ReportReason::WrongInformation => {
                l.pick("Thông tin sai lệch", "Wrong or misleading information")
            }
            ReportReason::ProhibitedGoods => l.pick("Hàng cấm kinh doanh", "Prohibited goods"),
            ReportReason::IntellectualProperty => l.pick(
                "Vi phạm sở hữu trí tuệ",
                "Intellectual property infringement",
            ),
            ReportReason::Other => l.pick("Lý do khác", "Other"),
        }
    }
}

stored_words! {
    /// Where a report stands.
    pub enum ReportStatus {
        /// Waiting for moderation.
        Open = "open",
        /// The listing is hidden.
        Hidden = "hidden",
        /// The stall is suspended.
        Suspended = "suspended",
        /// Hidden or suspended, then restored.
        Restored = "restored",
        /// Nothing to act on.
        Dismissed = "dismissed",
    }
}

impl ReportStatus {
    /// Its name in the reader's language.
    pub fn label(self, l: Locale) -> &'static str {
        match self {
            ReportStatus::Open => l.pick("Đang chờ xử lý", "Open"),
            ReportStatus::Hidden => l.pick("Đã ẩn sản phẩm", "Listing hidden"),
            ReportStatus::Suspended => l.pick("Đã tạm ngừng gian hàng", "Stall suspended"),
            ReportStatus::Restored => l.pick("Đã khôi phục", "Restored"),
            ReportStatus::Dismissed => l.pick("Đã bỏ qua", "Dismissed"),
        }
    }
}
