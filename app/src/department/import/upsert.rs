//! The write that every by-code file shares: look up the chunk's codes, update
//! the records whose fields or linked data changed, insert the new ones in one
//! statement, then link them once their ids are known. Each writer says only
//! what is its own: how a row's fields land on the record, and what it keeps in
//! other tables (see [`Linked`]).

use std::collections::{HashMap, HashSet};
use std::marker::PhantomData;

use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QuerySelect,
};

use super::driver::{Writer, CHUNK};
use super::report::FileReport;

/// The record type of a writer's table.
pub(super) type Model<U> = <<U as Upsert>::Entity as EntityTrait>::Model;
/// The active (editable) record type of a writer's table.
pub(super) type Active<U> = <<U as Upsert>::Entity as EntityTrait>::ActiveModel;
/// A column of a writer's table.
pub(super) type Column<U> = <<U as Upsert>::Entity as EntityTrait>::Column;

/// A writer whose rows are records of one table, found by a unique code.
pub(super) trait Upsert: Writer {
    /// The table written. (`Send`: sea-orm's update future demands it of the
    /// active model, which generic code cannot otherwise promise.)
    type Entity: EntityTrait<Model: IntoActiveModel<Active<Self>>, ActiveModel: Send>;
    /// What the records keep in other tables, made to match each row.
    type Links: Linked;
    /// Whether the ids of created records are needed: without links or a
    /// [`Upsert::finish`] that uses them, reading them back would be a wasted query.
    const NEW_IDS: bool = true;
    /// The code column (unique) and the id column.
    const KEY_COLUMNS: (Column<Self>, Column<Self>);

    /// The row's code.
    fn code(row: &Self::Row) -> &str;
    /// A stored record's code and id.
    fn stored_key(model: &Model<Self>) -> (&str, i64);
    /// Takes the row's linked data out, before its fields are applied.
    fn take_links(row: &mut Self::Row) -> <Self::Links as Linked>::Wanted;
    /// A new record for `row`, holding what only a new record gets (code, slug).
    fn create(&mut self, row: &Self::Row) -> Active<Self>;
    /// Puts the row's values into `am`, marking only the fields that differ.
    fn apply(am: &mut Active<Self>, row: Self::Row);
    /// Marks a changed record as such before it is saved (time, version).
    fn touch(am: &mut Active<Self>);

    /// Runs after the chunk with the ids of every record created or changed,
    /// for what must follow them (the search outbox).
    async fn finish(&mut self, _txn: &DatabaseTransaction, _ids: Vec<i64>) -> Result<(), DbErr> {
        Ok(())
    }
}

/// Data a record keeps in other tables: what a row asks for and what is stored.
pub(super) trait Linked {
    /// What a row asks for.
    type Wanted;
    /// What one record has now.
    type Stored;

    /// What each of the records `ids` has now.
    async fn load(
        txn: &DatabaseTransaction,
        ids: Vec<i64>,
    ) -> Result<HashMap<i64, Self::Stored>, DbErr>;

    /// Makes record `id` have `wanted`; true when anything had to change.
    async fn sync(
        txn: &DatabaseTransaction,
        id: i64,
        stored: Option<Self::Stored>,
        wanted: Self::Wanted,
    ) -> Result<bool, DbErr>;

    /// Gives records just created what they ask for; one by one unless a
    /// writer can do better in bulk.
    async fn create(txn: &DatabaseTransaction, new: Vec<(i64, Self::Wanted)>) -> Result<(), DbErr> {
        for (id, wanted) in new {
            Self::sync(txn, id, None, wanted).await?;
        }
        Ok(())
    }
}

/// No data kept elsewhere.
pub(super) struct NoLinks;

impl Linked for NoLinks {
    type Wanted = ();
    type Stored = ();

    async fn load(_: &DatabaseTransaction, _: Vec<i64>) -> Result<HashMap<i64, ()>, DbErr> {
        Ok(HashMap::new())
    }

    async fn sync(_: &DatabaseTransaction, _: i64, _: Option<()>, _: ()) -> Result<bool, DbErr> {
        Ok(false)
    }
}

/// A link table pairing a record with other records by id.
pub(super) trait LinkTable {
    /// The link table.
    type Entity: EntityTrait;
    /// The column holding the record's id, and the one holding the linked id.
    const COLUMNS: (LinkColumn<Self>, LinkColumn<Self>);

    /// A new link row from record `owner` to `target`.
    fn link(owner: i64, target: i64) -> <Self::Entity as EntityTrait>::ActiveModel;
}

/// A column of a link table.
pub(super) type LinkColumn<L> = <<L as LinkTable>::Entity as EntityTrait>::Column;

/// A list of linked ids kept in the link table `L`, made to match the file's
/// list while keeping the rows (and their other columns) of the links that stay.
pub(super) struct IdList<L>(PhantomData<L>);

impl<L: LinkTable> Linked for IdList<L> {
    type Wanted = Vec<i64>;
    type Stored = HashSet<i64>;

    async fn load(
        txn: &DatabaseTransaction,
        ids: Vec<i64>,
    ) -> Result<HashMap<i64, HashSet<i64>>, DbErr> {
        let (owner, target) = L::COLUMNS;
        let mut stored: HashMap<i64, HashSet<i64>> = HashMap::new();
        let pairs: Vec<(i64, i64)> = L::Entity::find()
            .select_only()
            .column(owner)
            .column(target)
            .filter(owner.is_in(ids))
            .into_tuple()
            .all(txn)
            .await?;
        for (record, linked) in pairs {
            stored.entry(record).or_default().insert(linked);
        }
        Ok(stored)
    }

    async fn sync(
        txn: &DatabaseTransaction,
        id: i64,
        stored: Option<HashSet<i64>>,
        wanted: Vec<i64>,
    ) -> Result<bool, DbErr> {
        let (owner, target) = L::COLUMNS;
        let stored = stored.unwrap_or_default();
        let wanted_set: HashSet<i64> = wanted.iter().copied().collect();
        let gone: Vec<i64> = stored.difference(&wanted_set).copied().collect();
        let added: Vec<i64> = wanted.into_iter().filter(|t| !stored.contains(t)).collect();
        for chunk in gone.chunks(CHUNK) {
            L::Entity::delete_many()
                .filter(owner.eq(id))
                .filter(target.is_in(chunk.iter().copied()))
                .exec(txn)
                .await?;
        }
        for chunk in added.chunks(CHUNK) {
            let rows = chunk.iter().map(|&t| L::link(id, t));
            L::Entity::insert_many(rows)
                .exec_without_returning(txn)
                .await?;
        }
        Ok(!gone.is_empty() || !added.is_empty())
    }
}

/// Writes a chunk of rows of `U`'s file, counting each row as created, updated
/// (its fields or its links changed) or unchanged in `report`.
pub(super) async fn upsert<U: Upsert>(
    writer: &mut U,
    txn: &DatabaseTransaction,
    rows: Vec<U::Row>,
    report: &mut FileReport,
) -> Result<(), DbErr> {
    let (code_column, id_column) = U::KEY_COLUMNS;
    // The driver hands over at most CHUNK rows, so this `IN` list stays short.
    let codes: Vec<&str> = rows.iter().map(|r| U::code(r)).collect();
    let mut existing: HashMap<String, Model<U>> = U::Entity::find()
        .filter(code_column.is_in(codes))
        .all(txn)
        .await?
        .into_iter()
        .map(|m| (U::stored_key(&m).0.to_owned(), m))
        .collect();
    let ids = existing.values().map(|m| U::stored_key(m).1).collect();
    let mut stored = U::Links::load(txn, ids).await?;

    let mut touched = Vec::new();
    let mut new = Vec::new();
    let mut new_links = HashMap::new();
    for mut row in rows {
        let wanted = U::take_links(&mut row);
        let Some(model) = existing.remove(U::code(&row)) else {
            let mut am = writer.create(&row);
            new_links.insert(U::code(&row).to_owned(), wanted);
            U::apply(&mut am, row);
            new.push(am);
            continue;
        };
        let id = U::stored_key(&model).1;
        let mut am = model.into_active_model();
        U::apply(&mut am, row);
        let changed = am.is_changed();
        if changed {
            U::touch(&mut am);
            am.update_without_returning(txn).await?;
        }
        let links_changed = U::Links::sync(txn, id, stored.remove(&id), wanted).await?;
        if changed || links_changed {
            report.updated += 1;
            touched.push(id);
        } else {
            report.unchanged += 1;
        }
    }

    if !new.is_empty() {
        report.created += new.len() as u64;
        U::Entity::insert_many(new)
            .exec_without_returning(txn)
            .await?;
        if U::NEW_IDS {
            // insert_many cannot return every id on all backends; the codes find them.
            let codes: Vec<String> = new_links.keys().cloned().collect();
            let ids: Vec<(String, i64)> = U::Entity::find()
                .select_only()
                .column(code_column)
                .column(id_column)
                .filter(code_column.is_in(codes))
                .into_tuple()
                .all(txn)
                .await?;
            let mut created = Vec::with_capacity(ids.len());
            for (code, id) in ids {
                touched.push(id);
                if let Some(wanted) = new_links.remove(&code) {
                    created.push((id, wanted));
                }
            }
            U::Links::create(txn, created).await?;
        }
    }
    writer.finish(txn, touched).await
}
