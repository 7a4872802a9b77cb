//! sea-orm entities, one module per table of the schema in `migrations/SCHEMA.md`.
//!
//! Column types mirror the migrations exactly; enumerations stay `String` here
//! and are parsed into the domain types by the services. These are database
//! rows: none of them derives `Serialize`, and none is taken as request input.

pub mod abuse_reports;
pub mod audit_log;
pub mod cart_items;
pub mod carts;
pub mod certifications;
pub mod channel_listings;
pub mod checkouts;
pub mod communes;
pub mod event_participants;
pub mod event_products;
pub mod events;
pub mod login_attempts;
pub mod mail_outbox;
pub mod media;
pub mod order_items;
pub mod order_status_history;
pub mod orders;
pub mod password_resets;
pub mod payments;
pub mod plan_targets;
pub mod plan_uploads;
pub mod plans;
pub mod policy_acceptances;
pub mod policy_announcements;
pub mod producer_applications;
pub mod producer_invitations;
pub mod producers;
pub mod product_batches;
pub mod product_groups;
pub mod product_photos;
pub mod product_stories;
pub mod product_views;
pub mod products;
pub mod provinces;
pub mod raw_material_areas;
pub mod sales_point_products;
pub mod sales_points;
pub mod search_outbox;
pub mod sessions;
pub mod stock_reservations;
pub mod users;
pub mod webhook_events;
