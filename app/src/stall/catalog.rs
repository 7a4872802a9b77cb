//! The stall's products as their producer works on them: the list with what
//! keeps each from shoppers, a new product, the editor's fields and story,
//! photos, batches and channel listings. Every function takes the member's
//! producer and touches only that producer's rows; another producer's
//! product answers "not found". Every change is queued for search in the
//! same transaction.

use super::products::own_product;
use super::story;
use super::types::{
    BatchRow, CertState, ListingRow, Missing, PhotoRow, ProductEditor, ProductRow, RawArea,
    CHANNELS, MAX_PHOTOS,
};
use crate::catalog::service::picture;
use crate::domain::Money;
use crate::entities::{
    certifications, channel_listings, media, producers, product_batches, product_groups,
    product_photos, product_stories, products, raw_material_areas, users,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::search::outbox::queue_products;
use crate::text::{clean, match_key, slugify};
use chrono::{Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use std::collections::HashMap;

/// A certification lapsing within this many days is "expiring".
const EXPIRING_DAYS: i64 = 90;

/// The producer a signed-in member runs, or `Forbidden` for anyone else.
pub fn member_producer(user: &users::Model) -> AppResult<i64> {
    match (user.role.as_str(), user.producer_id) {
        ("producer", Some(producer)) => Ok(producer),
        _ => Err(AppError::Forbidden),
    }
}

fn cert_state(c: &certifications::Model, today: NaiveDate) -> CertState {
    CertState {
        stars: c.stars,
        decision_no: c.decision_no.clone(),
        decided_on: c.decided_on,
        valid_until: c.valid_until,
        valid: c.valid_until > today,
        expiring: c.valid_until > today && c.valid_until <= today + Duration::days(EXPIRING_DAYS),
    }
}

/// The latest decision of each product.
async fn latest_certifications(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> AppResult<HashMap<i64, certifications::Model>> {
    let mut latest: HashMap<i64, certifications::Model> = HashMap::new();
    for c in certifications::Entity::find()
        .filter(certifications::Column::ProductId.is_in(ids.to_vec()))
        .order_by_asc(certifications::Column::DecidedOn)
        .order_by_asc(certifications::Column::Id)
        .all(db)
        .await?
    {
        latest.insert(c.product_id, c);
    }
    Ok(latest)
}

/// What keeps a product from shoppers.
fn missing(
    product: &products::Model,
    has_photo: bool,
    has_story: bool,
    cert: Option<&CertState>,
) -> Vec<Missing> {
    let mut missing = Vec::new();
    if !has_photo {
        missing.push(Missing::Photo);
    }
    if !has_story {
        missing.push(Missing::Story);
    }
    if product.price_vnd <= 0 {
        missing.push(Missing::Price);
    }
    if !cert.is_some_and(|c| c.valid) {
        missing.push(Missing::Certification);
    }
    missing
}

/// The list lines of some products, in the order given.
async fn rows(
    db: &impl ConnectionTrait,
    list: Vec<products::Model>,
    today: NaiveDate,
) -> AppResult<Vec<ProductRow>> {
    let ids: Vec<i64> = list.iter().map(|p| p.id).collect();
    let certs = latest_certifications(db, &ids).await?;
    let mut first_photo: HashMap<i64, (product_photos::Model, media::Model)> = HashMap::new();
    for (photo, m) in product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.is_in(ids.clone()))
        .order_by_desc(product_photos::Column::Position)
        .find_also_related(media::Entity)
        .all(db)
        .await?
    {
        if let Some(m) = m {
            first_photo.insert(photo.product_id, (photo, m));
        }
    }
    let stories: HashMap<i64, bool> = product_stories::Entity::find()
        .filter(product_stories::Column::ProductId.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.product_id, !s.source.trim().is_empty()))
        .collect();
    Ok(list
        .into_iter()
        .map(|p| {
            let certification = certs.get(&p.id).map(|c| cert_state(c, today));
            let photo = first_photo
                .get(&p.id)
                .map(|(photo, m)| picture(m, photo.alt.clone()));
            let missing = missing(
                &p,
                photo.is_some(),
                stories.get(&p.id).copied().unwrap_or(false),
                certification.as_ref(),
            );
            ProductRow {
                code: p.code,
                name: p.name,
                price_vnd: p.price_vnd,
                stock: p.stock,
                published: p.published,
                certification,
                missing,
                photo,
            }
        })
        .collect())
}

/// Every product of the producer, newest first.
pub async fn product_rows(
    db: &DatabaseConnection,
    producer_id: i64,
    today: NaiveDate,
) -> AppResult<Vec<ProductRow>> {
    let list = products::Entity::find()
        .filter(products::Column::ProducerId.eq(producer_id))
        .order_by_desc(products::Column::Id)
        .all(db)
        .await?;
    rows(db, list, today).await
}

/// Everything the editor shows of the producer's product `code`.
pub async fn editor(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    today: NaiveDate,
) -> AppResult<ProductEditor> {
    let product = own_product(db, producer_id, code).await?;
    let id = product.id;
    let story = product_stories::Entity::find()
        .filter(product_stories::Column::ProductId.eq(id))
        .one(db)
        .await?;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(id))
        .order_by_asc(product_photos::Column::Position)
        .find_also_related(media::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(p, m)| {
            m.map(|m| PhotoRow {
                id: p.id,
                picture: picture(&m, p.alt),
            })
        })
        .collect();
    let raw_area = raw_material_areas::Entity::find()
        .filter(raw_material_areas::Column::ProductId.eq(id))
        .order_by_asc(raw_material_areas::Column::Id)
        .one(db)
        .await?
        .map(|a| RawArea {
            name: a.name,
            area_ha: a.area_ha.map(|h| h.to_string()).unwrap_or_default(),
            description: a.description.unwrap_or_default(),
        })
        .unwrap_or_default();
    let batches = product_batches::Entity::find()
        .filter(product_batches::Column::ProductId.eq(id))
        .order_by_desc(product_batches::Column::ProducedOn)
        .order_by_desc(product_batches::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|b| BatchRow {
            id: b.id,
            batch_no: b.batch_no,
            produced_on: b.produced_on,
            expires_on: b.expires_on,
            quantity: b.quantity,
        })
        .collect();
    let listings = channel_listings::Entity::find()
        .filter(channel_listings::Column::ProductId.eq(id))
        .order_by_desc(channel_listings::Column::Since)
        .all(db)
        .await?
        .into_iter()
        .map(|l| ListingRow {
            id: l.id,
            channel: l.channel,
            platform: l.platform,
            url: l.url,
            since: l.since,
            until: l.until,
        })
        .collect();
    let groups = product_groups::Entity::find()
        .order_by_asc(product_groups::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name_vi, g.name_en))
        .collect();
    let (slug, version, group, unit, description, origin) = (
        product.slug.clone(),
        product.version,
        product.group_id,
        product.unit.clone(),
        product.description.clone(),
        product.origin.clone().unwrap_or_default(),
    );
    let (story, story_html) = story.map(|s| (s.source, s.html)).unwrap_or_default();
    let row = rows(db, vec![product], today)
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("Không có sản phẩm này", "No such product"))?;
    Ok(ProductEditor {
        row,
        slug,
        version,
        group,
        unit,
        description,
        story,
        story_html,
        origin,
        photos,
        raw_area,
        batches,
        listings,
        groups,
    })
}

/// The editor's main form, as typed.
#[derive(Debug, Clone, Default)]
pub struct ProductForm {
    /// Name.
    pub name: String,
    /// Group number.
    pub group: String,
    /// Selling unit.
    pub unit: String,
    /// Price in đồng, as typed ("150.000" is read as 150000).
    pub price_vnd: String,
    /// Stock.
    pub stock: String,
    /// Description.
    pub description: String,
    /// Origin.
    pub origin: String,
    /// Story (Markdown).
    pub story: String,
    /// Raw-material area: name, hectares, description.
    pub raw_area: RawArea,
}

/// A form read and checked.
#[derive(Debug, Clone)]
struct CheckedForm {
    name: String,
    group: i16,
    unit: String,
    price: Money,
    stock: i64,
    description: String,
    origin: Option<String>,
    story: story::Story,
    raw_area: Option<(String, Option<f64>, Option<String>)>,
}

/// A whole number typed with or without thousands separators ("150.000",
/// "150 000", "150,000"), or `None`.
pub fn whole_number(raw: &str) -> Option<i64> {
    let digits: String = raw
        .trim()
        .trim_end_matches(['đ', 'd', '₫'])
        .chars()
        .filter(|c| !matches!(c, '.' | ',' | ' ' | '\u{a0}'))
        .collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

fn check_form(form: &ProductForm, groups: &[i16]) -> AppResult<CheckedForm> {
    let mut fields = FieldErrors::default();
    let name = clean(&form.name);
    if name.is_empty() || name.chars().count() > 200 {
        fields.add(
            "name",
            "Tên phải có từ 1 đến 200 ký tự.",
            "The name needs 1 to 200 characters.",
        );
    }
    let group = form
        .group
        .trim()
        .parse::<i16>()
        .ok()
        .filter(|g| groups.contains(g));
    if group.is_none() {
        fields.add(
            "group",
            "Hãy chọn nhóm sản phẩm.",
            "Choose the product group.",
        );
    }
    let unit = clean(&form.unit);
    if unit.is_empty() || unit.chars().count() > 50 {
        fields.add(
            "unit",
            "Đơn vị bán phải có từ 1 đến 50 ký tự (ví dụ: hộp 400g).",
            "The unit needs 1 to 50 characters (e.g. box of 400 g).",
        );
    }
    let price = whole_number(&form.price_vnd)
        .filter(|p| *p <= 1_000_000_000)
        .and_then(|p| Money::from_dong(p).ok());
    if price.is_none() {
        fields.add(
            "price_vnd",
            "Giá là số đồng nguyên, từ 0 đến 1 tỷ (ví dụ: 150000).",
            "The price is whole đồng, from 0 to 1 billion (e.g. 150000).",
        );
    }
    let stock = whole_number(&form.stock).filter(|s| *s <= 1_000_000_000);
    if stock.is_none() {
        fields.add(
            "stock",
            "Tồn kho là số nguyên không âm.",
            "The stock is a whole number, not negative.",
        );
    }
    let description = clean(&form.description);
    if description.chars().count() > 5_000 {
        fields.add(
            "description",
            "Mô tả tối đa 5000 ký tự.",
            "The description takes at most 5000 characters.",
        );
    }
    let origin = clean(&form.origin);
    if origin.chars().count() > 200 {
        fields.add(
            "origin",
            "Xuất xứ tối đa 200 ký tự.",
            "The origin takes at most 200 characters.",
        );
    }
    let story = match story::from_source(&form.story) {
        Ok(story) => Some(story),
        Err(AppError::Validation { fields: wrong }) => {
            for (field, messages) in wrong {
                for m in messages {
                    fields.add(field.clone(), m.vi.clone(), m.en.clone());
                }
            }
            None
        }
        Err(other) => return Err(other),
    };
    let area_name = clean(&form.raw_area.name);
    let area_ha = match form.raw_area.area_ha.trim() {
        "" => None,
        typed => match typed.replace(',', ".").parse::<f64>() {
            Ok(ha) if ha.is_finite() && (0.0..=1_000_000.0).contains(&ha) => Some(ha),
            _ => {
                fields.add(
                    "area_ha",
                    "Diện tích là số héc-ta, ví dụ 12,5.",
                    "The area is a number of hectares, e.g. 12.5.",
                );
                None
            }
        },
    };
    let area_description = clean(&form.raw_area.description);
    if area_name.chars().count() > 200 || area_description.chars().count() > 2_000 {
        fields.add(
            "area_name",
            "Tên vùng nguyên liệu tối đa 200 ký tự, mô tả tối đa 2000.",
            "The area's name takes at most 200 characters, its description 2000.",
        );
    }
    if area_name.is_empty() && (area_ha.is_some() || !area_description.is_empty()) {
        fields.add(
            "area_name",
            "Hãy đặt tên cho vùng nguyên liệu.",
            "Name the raw-material area.",
        );
    }
    if !fields.is_empty() {
        return Err(fields.into_error());
    }
    let (Some(group), Some(price), Some(stock), Some(story)) = (group, price, stock, story) else {
        return Err(fields.into_error());
    };
    Ok(CheckedForm {
        name,
        group,
        unit,
        price,
        stock,
        description,
        origin: (!origin.is_empty()).then_some(origin),
        story,
        raw_area: (!area_name.is_empty()).then(|| {
            (
                area_name,
                area_ha,
                (!area_description.is_empty()).then_some(area_description),
            )
        }),
    })
}

async fn group_ids(db: &impl ConnectionTrait) -> AppResult<Vec<i16>> {
    Ok(product_groups::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.id)
        .collect())
}

/// Writes the story (or removes it when empty).
pub(super) async fn put_story(
    db: &impl ConnectionTrait,
    product_id: i64,
    story: story::Story,
) -> AppResult<()> {
    if story.source.is_empty() {
        product_stories::Entity::delete_many()
            .filter(product_stories::Column::ProductId.eq(product_id))
            .exec(db)
            .await?;
        return Ok(());
    }
    let now = Utc::now();
    product_stories::Entity::insert(product_stories::ActiveModel {
        product_id: Set(product_id),
        source: Set(story.source),
        html: Set(story.html),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::column(product_stories::Column::ProductId)
            .update_columns([
                product_stories::Column::Source,
                product_stories::Column::Html,
                product_stories::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}

/// Writes the product's (first) raw-material area.
async fn put_raw_area(
    db: &impl ConnectionTrait,
    product_id: i64,
    area: Option<(String, Option<f64>, Option<String>)>,
) -> AppResult<()> {
    let existing = raw_material_areas::Entity::find()
        .filter(raw_material_areas::Column::ProductId.eq(product_id))
        .order_by_asc(raw_material_areas::Column::Id)
        .one(db)
        .await?;
    let now = Utc::now();
    match (existing, area) {
        (Some(row), None) => {
            row.into_active_model().delete(db).await?;
        }
        (Some(row), Some((name, ha, description))) => {
            let mut active = row.into_active_model();
            active.name = Set(name);
            active.area_ha = Set(ha);
            active.description = Set(description);
            active.updated_at = Set(now);
            active.update(db).await?;
        }
        (None, Some((name, ha, description))) => {
            raw_material_areas::ActiveModel {
                product_id: Set(product_id),
                name: Set(name),
                commune_id: Set(None),
                area_ha: Set(ha),
                description: Set(description),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
        }
        (None, None) => {}
    }
    Ok(())
}

/// Creates a product of the producer from the editor's form (unpublished:
/// it needs photos, and an officer's certification, before shoppers see
/// it). Its code is the producer's code and a number ("CT000001-03"), so
/// it never takes a code the department's register may use.
pub async fn create(
    db: &DatabaseConnection,
    producer_id: i64,
    form: &ProductForm,
) -> AppResult<String> {
    let checked = check_form(form, &group_ids(db).await?)?;
    let txn = crate::db::begin_write(db).await?;
    let producer = producers::Entity::find_by_id(producer_id)
        .one(&txn)
        .await?
        .ok_or(AppError::Forbidden)?;
    let taken: Vec<String> = products::Entity::find()
        .filter(products::Column::Code.starts_with(format!("{}-", producer.code)))
        .all(&txn)
        .await?
        .into_iter()
        .map(|p| p.code)
        .collect();
    let code = (1u32..)
        .map(|n| format!("{}-{n:02}", producer.code))
        .find(|c| !taken.contains(c))
        .unwrap_or_default();
    let base = slugify(&checked.name);
    let mut slug = if base.is_empty() {
        slugify(&code)
    } else {
        base.clone()
    };
    let mut n = 1;
    while products::Entity::find()
        .filter(products::Column::Slug.eq(slug.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        n += 1;
        slug = format!("{}-{}", slugify(&format!("{base} {code}")), n);
    }
    let now = Utc::now();
    let saved = products::ActiveModel {
        code: Set(code.clone()),
        slug: Set(slug),
        producer_id: Set(producer_id),
        group_id: Set(checked.group),
        name_key: Set(match_key(&checked.name)),
        name: Set(checked.name),
        unit: Set(checked.unit),
        price_vnd: Set(checked.price.dong()),
        stock: Set(checked.stock),
        description: Set(checked.description),
        published: Set(false),
        traceable: Set(checked.raw_area.is_some()),
        origin: Set(checked.origin),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    put_story(&txn, saved.id, checked.story).await?;
    put_raw_area(&txn, saved.id, checked.raw_area).await?;
    queue_products(&txn, [saved.id]).await?;
    txn.commit().await?;
    Ok(code)
}

fn stale() -> AppError {
    AppError::Conflict {
        code: "stale_edit",
        message: crate::error::Message::new(
            "Sản phẩm vừa được sửa ở nơi khác; trang đã tải lại bản mới nhất, hãy sửa lại.",
            "The product was just changed elsewhere; the page now shows the latest version, make your change again.",
        ),
    }
}

/// Saves the editor's main form on the producer's product, if it is still
/// at `version` (two tabs or two members cannot overwrite each other).
pub async fn save(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    version: i32,
    form: &ProductForm,
) -> AppResult<()> {
    let checked = check_form(form, &group_ids(db).await?)?;
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let id = product.id;
    let updated = products::Entity::update_many()
        .col_expr(products::Column::Name, checked.name.clone().into())
        .col_expr(products::Column::NameKey, match_key(&checked.name).into())
        .col_expr(products::Column::GroupId, checked.group.into())
        .col_expr(products::Column::Unit, checked.unit.into())
        .col_expr(products::Column::PriceVnd, checked.price.dong().into())
        .col_expr(products::Column::Stock, checked.stock.into())
        .col_expr(products::Column::Description, checked.description.into())
        .col_expr(products::Column::Origin, checked.origin.into())
        .col_expr(
            products::Column::Traceable,
            (product.traceable || checked.raw_area.is_some()).into(),
        )
        .col_expr(products::Column::Version, version.saturating_add(1).into())
        .col_expr(products::Column::UpdatedAt, Utc::now().into())
        .filter(products::Column::Id.eq(id))
        .filter(products::Column::Version.eq(version))
        .exec(&txn)
        .await?;
    if updated.rows_affected == 0 {
        return Err(stale());
    }
    put_story(&txn, id, checked.story).await?;
    put_raw_area(&txn, id, checked.raw_area).await?;
    queue_products(&txn, [id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Publishes or withdraws the producer's product. Publishing needs a
/// photo, a story and a price; without a valid certification it is
/// published but waits, unseen, until an officer records one.
pub async fn set_published(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    published: bool,
    today: NaiveDate,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let id = product.id;
    if published {
        let row = rows(&txn, vec![product], today)
            .await?
            .pop()
            .ok_or_else(|| AppError::not_found("Không có sản phẩm này", "No such product"))?;
        let lacking: Vec<Missing> = row
            .missing
            .into_iter()
            .filter(|m| *m != Missing::Certification)
            .collect();
        if !lacking.is_empty() {
            let list = |pick: fn((&'static str, &'static str)) -> &'static str| {
                lacking
                    .iter()
                    .map(|m| pick(m.words()))
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            return Err(AppError::invalid(
                "published",
                format!("Chưa bán được: sản phẩm {}.", list(|w| w.0)),
                format!("Not ready to sell: the product has {}.", list(|w| w.1)),
            ));
        }
    }
    products::Entity::update_many()
        .col_expr(products::Column::Published, published.into())
        .col_expr(
            products::Column::Version,
            Expr::col(products::Column::Version).add(1),
        )
        .col_expr(products::Column::UpdatedAt, Utc::now().into())
        .filter(products::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    queue_products(&txn, [id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a stored photo to the producer's product, last, with its alt text.
pub async fn add_photo(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    media_id: i64,
    alt: &str,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(product.id))
        .all(&txn)
        .await?;
    if photos.iter().any(|p| p.media_id == media_id) {
        return Ok(());
    }
    if photos.len() >= MAX_PHOTOS {
        return Err(too_many_photos());
    }
    let position = photos.iter().map(|p| p.position).max().unwrap_or(0) + 1;
    let alt = clean(alt);
    let now = Utc::now();
    product_photos::ActiveModel {
        product_id: Set(product.id),
        media_id: Set(media_id),
        position: Set(position),
        alt: Set(if alt.is_empty() {
            product.name.clone()
        } else {
            alt.chars().take(200).collect()
        }),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    Ok(())
}

/// The refusal of a photo beyond [`MAX_PHOTOS`].
pub fn too_many_photos() -> AppError {
    AppError::invalid(
        "photo",
        format!("Mỗi sản phẩm có tối đa {MAX_PHOTOS} ảnh; hãy xóa bớt ảnh cũ."),
        format!("A product keeps at most {MAX_PHOTOS} photos; remove one first."),
    )
}

/// What to do with one photo.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PhotoAction {
    /// One place earlier.
    Earlier,
    /// One place later.
    Later,
    /// New alternative text.
    Alt(String),
    /// Take it off the product.
    Remove,
}

impl PhotoAction {
    /// Reads the form's `action` and `alt`.
    pub fn parse(action: &str, alt: Option<&str>) -> AppResult<PhotoAction> {
        match action {
            "earlier" => Ok(PhotoAction::Earlier),
            "later" => Ok(PhotoAction::Later),
            "remove" => Ok(PhotoAction::Remove),
            "alt" => {
                let alt = clean(alt.unwrap_or_default());
                if alt.is_empty() || alt.chars().count() > 200 {
                    Err(AppError::invalid(
                        "alt",
                        "Mô tả ảnh có từ 1 đến 200 ký tự (người khiếm thị nghe đọc mô tả này).",
                        "The description needs 1 to 200 characters (screen readers read it out).",
                    ))
                } else {
                    Ok(PhotoAction::Alt(alt))
                }
            }
            _ => Err(AppError::invalid(
                "action",
                "Không rõ thao tác với ảnh.",
                "Unknown photo action.",
            )),
        }
    }
}

/// Moves, describes or removes photo `photo_id` of the producer's product.
pub async fn change_photo(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    photo_id: i64,
    action: PhotoAction,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let photos = product_photos::Entity::find()
        .filter(product_photos::Column::ProductId.eq(product.id))
        .order_by_asc(product_photos::Column::Position)
        .all(&txn)
        .await?;
    let index = photos
        .iter()
        .position(|p| p.id == photo_id)
        .ok_or_else(|| AppError::not_found("Không có ảnh này", "No such photo"))?;
    let now = Utc::now();
    match action {
        PhotoAction::Alt(alt) => {
            let mut active = photos[index].clone().into_active_model();
            active.alt = Set(alt);
            active.updated_at = Set(now);
            active.update(&txn).await?;
        }
        PhotoAction::Remove => {
            product_photos::Entity::delete_by_id(photo_id)
                .exec(&txn)
                .await?;
        }
        PhotoAction::Earlier | PhotoAction::Later => {
            let other = match action {
                PhotoAction::Earlier => index.checked_sub(1),
                _ => Some(index + 1).filter(|i| *i < photos.len()),
            };
            if let Some(other) = other {
                // Positions are unique per product: park one while swapping.
                let (a, b) = (&photos[index], &photos[other]);
                for (id, position) in [(a.id, -1), (b.id, a.position), (a.id, b.position)] {
                    product_photos::Entity::update_many()
                        .col_expr(product_photos::Column::Position, position.into())
                        .col_expr(product_photos::Column::UpdatedAt, now.into())
                        .filter(product_photos::Column::Id.eq(id))
                        .exec(&txn)
                        .await?;
                }
            }
        }
    }
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    Ok(())
}

fn date(raw: &str, field: &str, required: bool) -> Result<Option<NaiveDate>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() && !required {
        return Ok(None);
    }
    crate::time::parse_form_date(raw).map(Some).ok_or_else(|| {
        AppError::invalid(
            field,
            "Ngày theo dạng ngày/tháng/năm, ví dụ 24/11/2026.",
            "A date as day/month/year, e.g. 24/11/2026.",
        )
    })
}

/// A production batch as typed.
#[derive(Debug, Clone, Default)]
pub struct BatchForm {
    /// Number on the label.
    pub batch_no: String,
    /// Produced on.
    pub produced_on: String,
    /// Best before (optional).
    pub expires_on: String,
    /// Units made (optional).
    pub quantity: String,
}

/// Adds a batch to the producer's product; the batch number is unique
/// within the product.
pub async fn add_batch(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    form: &BatchForm,
) -> AppResult<()> {
    let batch_no = clean(&form.batch_no);
    if batch_no.is_empty() || batch_no.chars().count() > 50 {
        return Err(AppError::invalid(
            "batch_no",
            "Số lô có từ 1 đến 50 ký tự.",
            "The batch number needs 1 to 50 characters.",
        ));
    }
    let produced_on = date(&form.produced_on, "produced_on", true)?.unwrap_or_default();
    let expires_on = date(&form.expires_on, "expires_on", false)?;
    if expires_on.is_some_and(|e| e <= produced_on) {
        return Err(AppError::invalid(
            "expires_on",
            "Hạn dùng phải sau ngày sản xuất.",
            "Best before must come after the production date.",
        ));
    }
    let quantity = match form.quantity.trim() {
        "" => None,
        typed => Some(whole_number(typed).ok_or_else(|| {
            AppError::invalid(
                "quantity",
                "Số lượng là số nguyên không âm.",
                "The quantity is a whole number, not negative.",
            )
        })?),
    };
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    if product_batches::Entity::find()
        .filter(product_batches::Column::ProductId.eq(product.id))
        .filter(product_batches::Column::BatchNo.eq(batch_no.clone()))
        .one(&txn)
        .await?
        .is_some()
    {
        return Err(AppError::invalid(
            "batch_no",
            "Sản phẩm đã có lô với số này.",
            "The product already has a batch with this number.",
        ));
    }
    let now = Utc::now();
    product_batches::ActiveModel {
        product_id: Set(product.id),
        batch_no: Set(batch_no),
        produced_on: Set(produced_on),
        expires_on: Set(expires_on),
        quantity: Set(quantity),
        note: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    products::Entity::update_many()
        .col_expr(products::Column::Traceable, true.into())
        .filter(products::Column::Id.eq(product.id))
        .exec(&txn)
        .await?;
    queue_products(&txn, [product.id]).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes batch `batch_id` of the producer's product.
pub async fn remove_batch(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    batch_id: i64,
) -> AppResult<()> {
    let product = own_product(db, producer_id, code).await?;
    let removed = product_batches::Entity::delete_many()
        .filter(product_batches::Column::Id.eq(batch_id))
        .filter(product_batches::Column::ProductId.eq(product.id))
        .exec(db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::not_found("Không có lô này", "No such batch"));
    }
    Ok(())
}

/// A channel listing as typed.
#[derive(Debug, Clone, Default)]
pub struct ListingForm {
    /// Channel kind.
    pub channel: String,
    /// Platform or chain.
    pub platform: String,
    /// Link (http or https).
    pub url: String,
    /// Since.
    pub since: String,
}

/// Declares a listing of the producer's product on another channel; the
/// department's reports count it from `since`.
pub async fn add_listing(
    db: &DatabaseConnection,
    user: &users::Model,
    producer_id: i64,
    code: &str,
    form: &ListingForm,
) -> AppResult<()> {
    let channel = form.channel.trim();
    if !CHANNELS.iter().any(|(c, _, _)| *c == channel) {
        return Err(AppError::invalid(
            "channel",
            "Hãy chọn loại kênh bán.",
            "Choose the kind of channel.",
        ));
    }
    let platform = clean(&form.platform);
    if platform.is_empty() || platform.chars().count() > 100 {
        return Err(AppError::invalid(
            "platform",
            "Tên nền tảng hoặc chuỗi cửa hàng có từ 1 đến 100 ký tự (ví dụ: Shopee).",
            "The platform or chain needs 1 to 100 characters (e.g. Shopee).",
        ));
    }
    let url = match form.url.trim() {
        "" => None,
        typed => Some(
            url::Url::parse(typed)
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && typed.len() <= 500)
                .map(|u| u.to_string())
                .ok_or_else(|| {
                    AppError::invalid(
                        "url",
                        "Đường dẫn bắt đầu bằng https://",
                        "The link starts with https://",
                    )
                })?,
        ),
    };
    let since = date(&form.since, "since", true)?.unwrap_or_default();
    let txn = crate::db::begin_write(db).await?;
    let product = own_product(&txn, producer_id, code).await?;
    let now = Utc::now();
    let inserted = channel_listings::Entity::insert(channel_listings::ActiveModel {
        product_id: Set(product.id),
        channel: Set(channel.to_owned()),
        platform: Set(platform),
        url: Set(url),
        since: Set(since),
        until: Set(None),
        declared_by_user_id: Set(Some(user.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([
            channel_listings::Column::ProductId,
            channel_listings::Column::Channel,
            channel_listings::Column::Platform,
            channel_listings::Column::Since,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(&txn)
    .await?;
    if inserted == 0 {
        return Err(AppError::invalid(
            "platform",
            "Kênh này đã được khai báo từ ngày đó.",
            "This channel is already declared from that day.",
        ));
    }
    txn.commit().await?;
    Ok(())
}

/// Ends listing `listing_id` of the producer's product on `until`
/// (exclusive: the product is off the channel from that day).
pub async fn end_listing(
    db: &DatabaseConnection,
    producer_id: i64,
    code: &str,
    listing_id: i64,
    until: NaiveDate,
) -> AppResult<()> {
    let product = own_product(db, producer_id, code).await?;
    let listing = channel_listings::Entity::find_by_id(listing_id)
        .filter(channel_listings::Column::ProductId.eq(product.id))
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Không có kênh này", "No such listing"))?;
    let mut active = listing.clone().into_active_model();
    active.until = Set(Some(Ord::max(until, listing.since)));
    active.updated_at = Set(Utc::now());
    active.update(db).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_read_as_people_type_them() {
        for (typed, want) in [
            ("150000", Some(150_000)),
            ("150.000", Some(150_000)),
            ("150,000 đ", Some(150_000)),
            (" 1 200 000 ", Some(1_200_000)),
            ("0", Some(0)),
            ("-5", None),
            ("1.5e3", None),
            ("", None),
            ("abc", None),
        ] {
            assert_eq!(whole_number(typed), want, "{typed:?}");
        }
    }

    fn form() -> ProductForm {
        ProductForm {
            name: "  Mắm  cá linh ".into(),
            group: "1".into(),
            unit: "hũ 500g".into(),
            price_vnd: "85.000".into(),
            stock: "20".into(),
            story: "Mùa nước nổi.".into(),
            ..ProductForm::default()
        }
    }

    #[test]
    fn a_form_is_checked_whole() {
        let checked = check_form(&form(), &[1, 2]).expect("valid");
        assert_eq!(checked.name, "Mắm cá linh");
        assert_eq!(checked.price.dong(), 85_000);
        assert_eq!(checked.story.html, "<p>Mùa nước nổi.</p>");

        let mut bad = form();
        bad.name = " ".into();
        bad.group = "9".into();
        bad.price_vnd = "rẻ".into();
        bad.stock = "-1".into();
        bad.raw_area.area_ha = "12 ha".into();
        let Err(AppError::Validation { fields }) = check_form(&bad, &[1, 2]) else {
            panic!("refused");
        };
        let named: Vec<&str> = fields.keys().map(String::as_str).collect();
        assert_eq!(named, ["area_ha", "group", "name", "price_vnd", "stock"]);
    }

    #[test]
    fn photo_actions_are_read_or_refused() {
        assert_eq!(
            PhotoAction::parse("alt", Some(" Hũ  mắm ")).expect("valid"),
            PhotoAction::Alt("Hũ mắm".into())
        );
        assert!(PhotoAction::parse("alt", Some("  ")).is_err());
        assert!(PhotoAction::parse("explode", None).is_err());
    }
}
