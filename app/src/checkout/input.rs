//! What a shopper sends to check out, read leniently (the API's typed body
//! in `server`, a form from the page) into a [`CheckoutInput`], and then
//! checked all at once: every problem is named against its field, in both
//! languages, before anything is written.

use crate::accounts::users::normalize_email;
use crate::catalog::service::{resolve_province, sellable_ids};
use crate::domain::{EventStatus, PhoneVn, RegisterCode, MAX_QUANTITY};
use crate::entities::{communes, events, producers, products, sales_point_products, sales_points};
use crate::error::{AppResult, FieldErrors};
use crate::orders::PaymentMethod;
use crate::text::match_key;
use chrono::NaiveDate;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// Most different products in one checkout.
pub const MAX_LINES: usize = 100;
const MAX_NAME_CHARS: usize = 100;
const MAX_STREET_CHARS: usize = 200;

/// One line as sent: a product code and a quantity, not yet checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemInput {
    /// Register code.
    pub code: String,
    /// Units wanted, as sent.
    pub quantity: i64,
}

/// A checkout as sent; every field as text, so that nothing a client types
/// is lost before it is checked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckoutInput {
    /// The lines.
    pub items: Vec<ItemInput>,
    /// Who receives the goods.
    pub name: String,
    /// Their phone number.
    pub phone: String,
    /// Their e-mail (optional).
    pub email: String,
    /// `ship` or `pickup`.
    pub method: String,
    /// Province, by name or code (shipping).
    pub province: String,
    /// Commune or ward, by name or code (shipping).
    pub commune: String,
    /// House number and street (shipping).
    pub street: String,
    /// Sales point code (pickup).
    pub sales_point: String,
    /// `cod`, `vietqr` or `card`.
    pub payment: String,
    /// The fair or livestream that brought the shopper (optional).
    pub event_code: String,
}

/// Where the goods go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Shipped to an address.
    Ship {
        /// `provinces.id`.
        province_id: i64,
        /// `communes.id`.
        commune_id: i64,
        /// House number and street.
        street: String,
    },
    /// Picked up at a sales point that carries every item.
    Pickup {
        /// `sales_points.id`.
        sales_point_id: i64,
    },
}

/// A product line that holds: the product exists, is published and certified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLine {
    /// `products.id`.
    pub product_id: i64,
    /// `producers.id`: whose order the line goes into.
    pub producer_id: i64,
    /// Register code.
    pub code: String,
    /// Units wanted.
    pub quantity: i32,
}

/// A checkout whose every field holds; lines merged and sorted by product
/// id, the order in which their stock rows are locked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidCheckout {
    /// The lines.
    pub lines: Vec<ValidLine>,
    /// Receiver's name.
    pub name: String,
    /// Receiver's phone.
    pub phone: PhoneVn,
    /// Receiver's e-mail.
    pub email: Option<String>,
    /// Where the goods go.
    pub delivery: Delivery,
    /// How the shopper pays.
    pub payment: PaymentMethod,
    /// The event credited with the sale.
    pub event_id: Option<i64>,
}

/// What the checks need of the database: which products, communes, sales
/// points and events exist and may be sold today.
pub struct Checker<'a> {
    /// The database.
    pub db: &'a DatabaseConnection,
    /// Today in Asia/Ho_Chi_Minh.
    pub today: NaiveDate,
    /// Whether card payments are set up (Stripe keys present).
    pub card_available: bool,
}

impl Checker<'_> {
    /// Checks everything; `Validation` names each field that is wrong.
    pub async fn check(&self, input: &CheckoutInput) -> AppResult<ValidCheckout> {
        let mut problems = FieldErrors::default();
        let lines = self.check_lines(input, &mut problems).await?;

        let name = input.name.clone();
        if name.is_empty() || name.chars().count() > MAX_NAME_CHARS {
            problems.add(
                "contact.name",
                "Vui lòng nhập tên người nhận (tối đa 100 ký tự).",
                "Please enter the receiver's name (at most 100 characters).",
            );
        }
        let phone = PhoneVn::parse(&input.phone);
        if phone.is_none() {
            problems.add(
                "contact.phone",
                "Số điện thoại chưa đúng: cần 10 số bắt đầu bằng 03, 05, 07, 08, 09 (hoặc số bàn 11 số bắt đầu bằng 02).",
                "The phone number is not valid: 10 digits starting 03, 05, 07, 08 or 09 (or an 11-digit landline starting 02).",
            );
        }
        let email = if input.email.is_empty() {
            None
        } else {
            let email = normalize_email(&input.email);
            if email.is_none() {
                problems.add(
                    "contact.email",
                    "Địa chỉ e-mail chưa đúng (có thể để trống).",
                    "The e-mail address is not valid (it may be left empty).",
                );
            }
            email
        };
        let delivery = self.check_delivery(input, &lines, &mut problems).await?;
        let payment = self.check_payment(input, &lines, &mut problems).await?;
        let event_id = self.check_event(input, &mut problems).await?;
        if let (true, Some(phone), Some(delivery), Some(payment)) =
            (problems.is_empty(), phone, delivery, payment)
        {
            return Ok(ValidCheckout {
                lines,
                name,
                phone,
                email,
                delivery,
                payment,
                event_id,
            });
        }
        if problems.is_empty() {
            problems.add("body", "Đơn hàng chưa hợp lệ.", "The order is not valid.");
        }
        Err(problems.into_error())
    }

    async fn check_lines(
        &self,
        input: &CheckoutInput,
        problems: &mut FieldErrors,
    ) -> AppResult<Vec<ValidLine>> {
        if input.items.is_empty() {
            problems.add("items", "Giỏ hàng đang trống.", "The cart is empty.");
            return Ok(Vec::new());
        }
        if input.items.len() > MAX_LINES {
            problems.add(
                "items",
                "Một đơn hàng có tối đa 100 sản phẩm khác nhau.",
                "An order holds at most 100 different products.",
            );
            return Ok(Vec::new());
        }
        // Merge repeated codes, keeping the first position for messages.
        let mut wanted: Vec<(String, i64, usize)> = Vec::new();
        for (i, item) in input.items.iter().enumerate() {
            let Ok(code) = RegisterCode::parse(&item.code) else {
                problems.add(
                    format!("items[{i}].code"),
                    "Mã sản phẩm không hợp lệ.",
                    "Not a product code.",
                );
                continue;
            };
            if item.quantity < 1 || item.quantity > MAX_QUANTITY {
                problems.add(
                    format!("items[{i}].quantity"),
                    "Số lượng phải từ 1 đến 999.",
                    "The quantity must be 1 to 999.",
                );
                continue;
            }
            match wanted.iter_mut().find(|(c, _, _)| c == code.as_str()) {
                Some(line) => line.1 += item.quantity,
                None => wanted.push((code.as_str().to_string(), item.quantity, i)),
            }
        }
        for (code, quantity, i) in &wanted {
            if *quantity > MAX_QUANTITY {
                problems.add(
                    format!("items[{i}].quantity"),
                    format!("Tổng số lượng {code} vượt quá 999."),
                    format!("The total quantity of {code} exceeds 999."),
                );
            }
        }
        let codes: Vec<&str> = wanted.iter().map(|(c, _, _)| c.as_str()).collect();
        let found: HashMap<String, (i64, i64)> = products::Entity::find()
            .filter(products::Column::Code.is_in(codes))
            .all(self.db)
            .await?
            .into_iter()
            .map(|p| (p.code, (p.id, p.producer_id)))
            .collect();
        let ids: Vec<i64> = found.values().map(|(id, _)| *id).collect();
        let sellable = sellable_ids(self.db, &ids, self.today).await?;
        let mut lines = Vec::with_capacity(wanted.len());
        for (code, quantity, i) in wanted {
            match found.get(&code) {
                None => problems.add(
                    format!("items[{i}].code"),
                    format!("Không có sản phẩm {code}."),
                    format!("There is no product {code}."),
                ),
                Some((id, _)) if !sellable.contains(id) => problems.add(
                    format!("items[{i}].code"),
                    format!("Sản phẩm {code} hiện không còn được bán (ngừng bán, bị tạm gỡ sau một báo cáo vi phạm, hoặc chứng nhận OCOP đã hết hạn)."),
                    format!("{code} is no longer on sale (withdrawn, taken down after a report, or its OCOP certification has lapsed)."),
                ),
                Some(&(product_id, producer_id)) => lines.push(ValidLine {
                    product_id,
                    producer_id,
                    code,
                    quantity: quantity.min(MAX_QUANTITY) as i32,
                }),
            }
        }
        lines.sort_by_key(|l| l.product_id);
        Ok(lines)
    }

    async fn check_delivery(
        &self,
        input: &CheckoutInput,
        lines: &[ValidLine],
        problems: &mut FieldErrors,
    ) -> AppResult<Option<Delivery>> {
        match input.method.as_str() {
            "ship" => {
                let province_id = if input.province.is_empty() {
                    None
                } else {
                    resolve_province(self.db, &input.province).await?
                };
                let Some(province_id) = province_id else {
                    problems.add(
                        "delivery.province",
                        "Vui lòng chọn tỉnh, thành phố nhận hàng.",
                        "Please choose the province to deliver to.",
                    );
                    return Ok(None);
                };
                let key = match_key(&input.commune);
                let commune = if key.is_empty() {
                    None
                } else {
                    communes::Entity::find()
                        .filter(communes::Column::ProvinceId.eq(province_id))
                        .filter(
                            Condition::any()
                                .add(communes::Column::NameKey.eq(key.clone()))
                                .add(communes::Column::FullNameKey.eq(key))
                                .add(communes::Column::Code.eq(input.commune.trim())),
                        )
                        .one(self.db)
                        .await?
                };
                let street = input.street.clone();
                if street.is_empty() || street.chars().count() > MAX_STREET_CHARS {
                    problems.add(
                        "delivery.street",
                        "Vui lòng nhập số nhà, đường, thôn/ấp (tối đa 200 ký tự).",
                        "Please enter the house number and street (at most 200 characters).",
                    );
                }
                match commune {
                    Some(c) => Ok(Some(Delivery::Ship {
                        province_id,
                        commune_id: c.id,
                        street,
                    })),
                    None => {
                        problems.add(
                            "delivery.commune",
                            "Vui lòng chọn xã, phường thuộc tỉnh đã chọn.",
                            "Please choose a commune or ward of the chosen province.",
                        );
                        Ok(None)
                    }
                }
            }
            "pickup" => {
                let point = match RegisterCode::parse(&input.sales_point) {
                    Ok(code) => {
                        sales_points::Entity::find()
                            .filter(sales_points::Column::Code.eq(code.as_str()))
                            .one(self.db)
                            .await?
                    }
                    Err(_) => None,
                };
                let open = point.filter(|p| {
                    p.opened_on <= self.today && p.closed_on.is_none_or(|c| c > self.today)
                });
                let Some(point) = open else {
                    problems.add(
                        "delivery.sales_point_code",
                        "Vui lòng chọn một điểm bán OCOP đang mở cửa.",
                        "Please choose an OCOP sales point that is open.",
                    );
                    return Ok(None);
                };
                let carried: HashSet<i64> = sales_point_products::Entity::find()
                    .filter(sales_point_products::Column::SalesPointId.eq(point.id))
                    .all(self.db)
                    .await?
                    .into_iter()
                    .map(|r| r.product_id)
                    .collect();
                let missing: Vec<&str> = lines
                    .iter()
                    .filter(|l| !carried.contains(&l.product_id))
                    .map(|l| l.code.as_str())
                    .collect();
                if !missing.is_empty() {
                    problems.add(
                        "delivery.sales_point_code",
                        format!(
                            "Điểm bán {} không có: {}. Hãy chọn giao hàng hoặc điểm bán khác.",
                            point.name,
                            missing.join(", ")
                        ),
                        format!(
                            "{} does not carry {}. Choose delivery or another sales point.",
                            point.name,
                            missing.join(", ")
                        ),
                    );
                    return Ok(None);
                }
                Ok(Some(Delivery::Pickup {
                    sales_point_id: point.id,
                }))
            }
            _ => {
                problems.add(
                    "delivery.method",
                    "Vui lòng chọn giao hàng tận nơi hoặc nhận tại điểm bán.",
                    "Please choose delivery to an address or pickup at a sales point.",
                );
                Ok(None)
            }
        }
    }

    async fn check_payment(
        &self,
        input: &CheckoutInput,
        lines: &[ValidLine],
        problems: &mut FieldErrors,
    ) -> AppResult<Option<PaymentMethod>> {
        let method = PaymentMethod::from_name(&input.payment);
        match method {
            None => problems.add(
                "payment",
                "Vui lòng chọn cách thanh toán: khi nhận hàng, chuyển khoản VietQR hoặc thẻ.",
                "Please choose how to pay: cash on delivery, VietQR bank transfer or card.",
            ),
            Some(PaymentMethod::Card) if !self.card_available => problems.add(
                "payment",
                "Trang này chưa nhận thanh toán bằng thẻ; vui lòng chọn cách khác.",
                "This site does not take card payments yet; please choose another way to pay.",
            ),
            Some(PaymentMethod::VietQr) if !lines.is_empty() => {
                let producer_ids: HashSet<i64> = lines.iter().map(|l| l.producer_id).collect();
                let without: Vec<String> = producers::Entity::find()
                    .filter(producers::Column::Id.is_in(producer_ids))
                    .all(self.db)
                    .await?
                    .into_iter()
                    .filter(|p| p.bank_bin.is_none() || p.bank_account_no.is_none())
                    .map(|p| p.name)
                    .collect();
                if !without.is_empty() {
                    problems.add(
                        "payment",
                        format!(
                            "{} chưa nhận chuyển khoản VietQR; vui lòng chọn thanh toán khi nhận hàng.",
                            without.join(", ")
                        ),
                        format!(
                            "{} cannot take VietQR transfers yet; please pay on delivery.",
                            without.join(", ")
                        ),
                    );
                }
            }
            Some(_) => {}
        }
        Ok(method)
    }

    async fn check_event(
        &self,
        input: &CheckoutInput,
        problems: &mut FieldErrors,
    ) -> AppResult<Option<i64>> {
        if input.event_code.is_empty() {
            return Ok(None);
        }
        let event = match RegisterCode::parse(&input.event_code) {
            Ok(code) => {
                events::Entity::find()
                    .filter(events::Column::Code.eq(code.as_str()))
                    .filter(
                        events::Column::Status
                            .is_not_in([EventStatus::Draft, EventStatus::Cancelled]),
                    )
                    .one(self.db)
                    .await?
            }
            Err(_) => None,
        };
        match event {
            Some(e) => Ok(Some(e.id)),
            None => {
                problems.add(
                    "event_code",
                    "Không có sự kiện với mã này.",
                    "There is no event with this code.",
                );
                Ok(None)
            }
        }
    }
}
