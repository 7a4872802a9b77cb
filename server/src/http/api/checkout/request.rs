//! What `POST /api/v1/checkout` reads: the shopper's order as sent, read
//! leniently (a field of the wrong JSON type becomes a problem named after
//! it, never a parse failure) and turned into the app's [`CheckoutInput`],
//! whose checks then name every other problem.

use super::super::body::{object, objects, Refusal, Sent};
use app::checkout::input::{CheckoutInput, ItemInput};
use app::error::{AppResult, FieldErrors};
use app::orders::PaymentMethod;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

/// An order to place: the lines, who receives them, how they travel and
/// how they are paid. Prices are the server's: any price sent is ignored.
// Every field of these structs is defaulted one by one: on the struct,
// `serde(default)` would have utoipa write each default into the schema.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct CheckoutRequest {
    /// The lines, at most 100 different products (a code sent twice is
    /// merged).
    #[serde(default, deserialize_with = "objects")]
    #[schema(value_type = Vec<ItemRequest>, max_items = 100, required = true)]
    pub items: Sent<Vec<Sent<ItemRequest>>>,
    /// Who receives the goods.
    #[serde(default, deserialize_with = "object")]
    #[schema(value_type = ContactRequest, required = true)]
    pub contact: Sent<ContactRequest>,
    /// Where the goods go.
    #[serde(default, deserialize_with = "object")]
    #[schema(value_type = DeliveryRequest, required = true)]
    pub delivery: Sent<DeliveryRequest>,
    /// How the shopper pays (`card` only where card payments are set up).
    #[serde(default)]
    #[schema(value_type = PaymentMethod, required = true)]
    pub payment: Sent<String>,
    /// The code of the fair or livestream that brought the shopper, credited
    /// with the sale.
    #[serde(default)]
    #[schema(value_type = String)]
    pub event_code: Sent<String>,
}

/// One line: a product and how many.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ItemRequest {
    /// The product's register code.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub code: Sent<String>,
    /// Units wanted.
    #[serde(default)]
    #[schema(value_type = i64, minimum = 1, maximum = 999, required = true)]
    pub quantity: Sent<i64>,
}

/// Who receives the goods.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct ContactRequest {
    /// The receiver's name (at most 100 characters).
    #[serde(default)]
    #[schema(value_type = String, max_length = 100, required = true)]
    pub name: Sent<String>,
    /// Vietnamese mobile (10 digits) or landline (11), +84 accepted.
    #[serde(default)]
    #[schema(value_type = String, required = true)]
    pub phone: Sent<String>,
    /// The receiver's e-mail, for the order's notices (optional).
    #[serde(default)]
    #[schema(value_type = String)]
    pub email: Sent<String>,
}

/// Where the goods go: shipped to an address, or picked up at a sales
/// point that carries every line.
#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct DeliveryRequest {
    /// Shipped or picked up.
    #[serde(default)]
    #[schema(value_type = DeliveryMethod, required = true)]
    pub method: Sent<String>,
    /// Shipping: the province, by name or code.
    #[serde(default)]
    #[schema(value_type = String)]
    pub province: Sent<String>,
    /// Shipping: the commune or ward of that province, by name or code.
    #[serde(default)]
    #[schema(value_type = String)]
    pub commune: Sent<String>,
    /// Shipping: house number and street (at most 200 characters).
    #[serde(default)]
    #[schema(value_type = String, max_length = 200)]
    pub street: Sent<String>,
    /// Pickup: the code of an open sales point.
    #[serde(default)]
    #[schema(value_type = String)]
    pub sales_point_code: Sent<String>,
}

/// How the goods reach the shopper. Only its schema is used: the method
/// is read as text so that an unknown one is named with the other problems.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
#[allow(dead_code)]
pub enum DeliveryMethod {
    /// Shipped to an address.
    Ship,
    /// Picked up at a sales point.
    Pickup,
}

impl Refusal for CheckoutRequest {
    const NOT_JSON: (&'static str, &'static str) = (
        "Cần một đối tượng JSON mô tả đơn hàng (Content-Type: application/json).",
        "Send a JSON object describing the order (Content-Type: application/json).",
    );
    const NOT_OBJECT: (&'static str, &'static str) = (
        "Cần một đối tượng JSON mô tả đơn hàng.",
        "Send a JSON object describing the order.",
    );
}

/// A quantity as sent: a whole number, or digits in a string; a number that
/// is no `i64` (a fraction, or too large) is too many, anything else none.
fn quantity(sent: &Sent<i64>) -> i64 {
    match sent {
        Sent::Fits(n) => *n,
        Sent::Misfit(Value::Number(n)) => n.as_i64().unwrap_or(i64::MAX),
        Sent::Misfit(Value::String(s)) => s.trim().parse().unwrap_or(0),
        Sent::Absent | Sent::Misfit(_) => 0,
    }
}

impl CheckoutRequest {
    /// The checkout as sent, every field as text; a field of the wrong type
    /// (text expected, or `items` not an array) is a problem named after it.
    pub fn into_input(self) -> AppResult<CheckoutInput> {
        let mut problems = FieldErrors::default();
        let mut input = CheckoutInput::default();
        match self.items {
            Sent::Absent => {}
            Sent::Fits(items) => {
                for (i, item) in items.into_iter().enumerate() {
                    // A line that is not an object has no code and no
                    // quantity: the checks name both.
                    let item = match item {
                        Sent::Fits(item) => item,
                        Sent::Absent | Sent::Misfit(_) => ItemRequest::default(),
                    };
                    input.items.push(ItemInput {
                        code: item.code.text(&format!("items[{i}].code"), &mut problems),
                        quantity: quantity(&item.quantity),
                    });
                }
            }
            Sent::Misfit(_) => problems.add(
                "items",
                "Danh sách sản phẩm phải là một mảng.",
                "items must be an array.",
            ),
        }
        let contact = fields_or_none(self.contact);
        input.name = contact.name.text("contact.name", &mut problems);
        input.phone = contact.phone.text("contact.phone", &mut problems);
        input.email = contact.email.text("contact.email", &mut problems);
        let delivery = fields_or_none(self.delivery);
        input.method = delivery.method.text("delivery.method", &mut problems);
        input.province = delivery.province.text("delivery.province", &mut problems);
        input.commune = delivery.commune.text("delivery.commune", &mut problems);
        input.street = delivery.street.text("delivery.street", &mut problems);
        input.sales_point = delivery
            .sales_point_code
            .text("delivery.sales_point_code", &mut problems);
        input.payment = self.payment.text("payment", &mut problems);
        input.event_code = self.event_code.text("event_code", &mut problems);
        problems.into_result(input)
    }
}

/// The fields of a nested object; one that is absent or not an object has
/// none (each then reads as empty, and the checks say what is missing).
fn fields_or_none<T: Default>(sent: Sent<T>) -> T {
    match sent {
        Sent::Fits(fields) => fields,
        Sent::Absent | Sent::Misfit(_) => T::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use app::error::AppError;

    /// Reads `body` (JSON text) as the API does.
    fn read(body: &str) -> AppResult<CheckoutInput> {
        let value: Value = serde_json::from_str(body).expect("JSON");
        serde_path_to_error::deserialize::<_, CheckoutRequest>(value)
            .expect("a JSON object always reads")
            .into_input()
    }

    /// The fields named by a validation error.
    fn named(result: AppResult<CheckoutInput>) -> Vec<String> {
        match result {
            Err(AppError::Validation { fields }) => fields.into_keys().collect(),
            other => panic!("expected a validation error, got {other:?}"),
        }
    }

    #[test]
    fn a_whole_order_reads_into_its_input() {
        let input = read(
            r#"{
                "items": [{"code": " SP0000001 ", "quantity": 2}, {"code": 12, "quantity": "3"}],
                "contact": {"name": "Lan", "phone": 912345678, "email": null},
                "delivery": {"method": "ship", "province": "Cần Thơ", "commune": "Ninh Kiều",
                    "street": "1 Hòa Bình", "sales_point_code": "DB0001"},
                "payment": "cod",
                "event_code": "SK00001",
                "price_vnd": 1
            }"#,
        )
        .expect("reads");
        let item = |code: &str, quantity| ItemInput {
            code: code.into(),
            quantity,
        };
        assert_eq!(input.items, [item("SP0000001", 2), item("12", 3)]);
        assert_eq!(input.name, "Lan");
        assert_eq!(input.phone, "912345678");
        assert_eq!(input.email, "");
        assert_eq!(input.method, "ship");
        assert_eq!(input.province, "Cần Thơ");
        assert_eq!(input.commune, "Ninh Kiều");
        assert_eq!(input.street, "1 Hòa Bình");
        assert_eq!(input.sales_point, "DB0001");
        assert_eq!(input.payment, "cod");
        assert_eq!(input.event_code, "SK00001");
    }

    #[test]
    fn odd_quantities_are_left_for_the_checks() {
        let input = read(
            r#"{ "items": [
                {"code": "A", "quantity": 1e12},
                {"code": "A", "quantity": 2.5},
                {"code": "A", "quantity": 18446744073709551615},
                {"code": "A", "quantity": "many"},
                {"code": "A", "quantity": " 7 "},
                {"code": "A", "quantity": true},
                {"code": "A"},
                [1, 2],
                "SP0000001",
                null
            ] }"#,
        )
        .expect("reads");
        let quantities: Vec<i64> = input.items.iter().map(|i| i.quantity).collect();
        assert_eq!(
            quantities,
            [i64::MAX, i64::MAX, i64::MAX, 0, 7, 0, 0, 0, 0, 0]
        );
        assert!(input.items[7..].iter().all(|i| i.code.is_empty()));
    }

    #[test]
    fn every_field_of_the_wrong_type_is_named_at_once() {
        let named = named(read(
            r#"{
                "items": [{"code": ["x"], "quantity": 1}, {"code": {"a": 1}}],
                "contact": {"name": true, "phone": [1], "email": {}},
                "delivery": {"method": 1.5, "province": [], "commune": false,
                    "street": {}, "sales_point_code": [true]},
                "payment": ["cod"],
                "event_code": {}
            }"#,
        ));
        assert_eq!(
            named,
            [
                "contact.email",
                "contact.name",
                "contact.phone",
                "delivery.commune",
                "delivery.province",
                "delivery.sales_point_code",
                "delivery.street",
                "event_code",
                "items[0].code",
                "items[1].code",
                "payment",
            ]
        );
        // 1.5 is a number: taken as its digits, which the checks refuse.
        assert!(!named.contains(&"delivery.method".to_owned()));
    }

    #[test]
    fn items_that_are_not_a_list_are_named() {
        let Err(AppError::Validation { fields }) = read(r#"{ "items": {"code": "SP1"} }"#) else {
            panic!("refused");
        };
        let messages = &fields["items"];
        assert_eq!(messages[0].en, "items must be an array.");
        assert_eq!(messages[0].vi, "Danh sách sản phẩm phải là một mảng.");
        assert_eq!(named(read(r#"{ "items": "SP0000001" }"#)), ["items"]);
    }

    #[test]
    fn nested_objects_sent_as_anything_else_are_empty() {
        let input = read(
            r#"{
                "items": null,
                "contact": ["Lan", "0912345678"],
                "delivery": "ship",
                "payment": null
            }"#,
        )
        .expect("reads: the checks say what is missing");
        assert_eq!(input, CheckoutInput::default());
        assert_eq!(read("{}").expect("reads"), CheckoutInput::default());
    }
}
