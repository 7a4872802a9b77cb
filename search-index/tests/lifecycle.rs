//! Writing: upserts, deletes, rebuilds, outbox positions, reopening.

mod common;

use common::{ids, index_with, search, ProductBuilder};
use search_index::{IndexChange, OpenOutcome, SearchIndex, SearchQuery};

#[test]
fn the_index_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<SearchIndex>();
}

#[test]
fn upsert_replaces_instead_of_duplicating() {
    let index = index_with(vec![ProductBuilder::new(1, "Trà sen")
        .price(50_000)
        .build()]);

    index
        .upsert(&[ProductBuilder::new(1, "Trà sen Tây Hồ")
            .price(70_000)
            .build()])
        .unwrap();

    let results = search(&index, &SearchQuery::text("trà"));
    assert_eq!(index.len(), 1);
    assert_eq!(results.total, 1);
    assert_eq!(results.hits[0].name, "Trà sen Tây Hồ");
    assert_eq!(results.hits[0].price_vnd, 70_000);
    assert!(search(
        &index,
        &SearchQuery {
            max_price: Some(60_000),
            ..SearchQuery::default()
        }
    )
    .hits
    .is_empty());
}

#[test]
fn the_same_id_twice_in_one_batch_keeps_the_last() {
    let index = SearchIndex::in_ram().unwrap();

    index
        .upsert(&[
            ProductBuilder::new(7, "Cũ").build(),
            ProductBuilder::new(7, "Mới").build(),
        ])
        .unwrap();

    assert_eq!(index.len(), 1);
    assert_eq!(search(&index, &SearchQuery::default()).hits[0].name, "Mới");
}

#[test]
fn delete_removes_one_product() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Gạo").build(),
        ProductBuilder::new(2, "Muối").build(),
    ]);

    index.delete(1).unwrap();
    index.delete(99).unwrap();

    assert_eq!(index.len(), 1);
    assert_eq!(ids(&search(&index, &SearchQuery::default())), [2]);
}

#[test]
fn rebuild_empties_then_fills() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Gạo").build(),
        ProductBuilder::new(2, "Muối").build(),
    ]);

    let count = index
        .rebuild((3..6).map(|id| ProductBuilder::new(id, "Mật ong").build()))
        .unwrap();

    assert_eq!(count, 3);
    assert_eq!(index.len(), 3);
    assert_eq!(search(&index, &SearchQuery::text("gạo")).total, 0);
    assert_eq!(search(&index, &SearchQuery::text("mat ong")).total, 3);
    assert_eq!(index.rebuild(std::iter::empty()).unwrap(), 0);
    assert!(index.is_empty());
}

#[test]
fn the_outbox_position_round_trips_through_commits() {
    let index = SearchIndex::in_ram().unwrap();
    assert_eq!(index.last_outbox_id().unwrap(), None);

    index
        .apply(
            &[
                IndexChange::Upsert(ProductBuilder::new(1, "Gạo").build()),
                IndexChange::Delete(5),
            ],
            41,
        )
        .unwrap();
    assert_eq!(index.last_outbox_id().unwrap(), Some(41));

    // Writes without a position keep the last one instead of erasing it.
    index
        .upsert(&[ProductBuilder::new(2, "Muối").build()])
        .unwrap();
    index.delete(1).unwrap();
    index.rebuild(std::iter::empty()).unwrap();
    assert_eq!(index.last_outbox_id().unwrap(), Some(41));

    index.record_outbox_id(u64::MAX).unwrap();
    assert_eq!(index.last_outbox_id().unwrap(), Some(u64::MAX));
}

#[test]
fn an_index_on_disk_reopens_with_its_documents_and_position() {
    let dir = tempfile::tempdir().unwrap();
    {
        let (index, outcome) = SearchIndex::open_or_create(dir.path()).unwrap();
        assert_eq!(outcome, OpenOutcome::Created);
        assert!(outcome.needs_rebuild());
        index
            .apply(
                &[IndexChange::Upsert(
                    ProductBuilder::new(1, "Nước mắm").build(),
                )],
                7,
            )
            .unwrap();
    }

    let (index, outcome) = SearchIndex::open_or_create(dir.path()).unwrap();

    assert_eq!(outcome, OpenOutcome::Opened);
    assert!(!outcome.needs_rebuild());
    assert_eq!(index.last_outbox_id().unwrap(), Some(7));
    assert_eq!(ids(&search(&index, &SearchQuery::text("nuoc mam"))), [1]);
}

#[test]
fn an_index_with_another_schema_is_recreated() {
    let dir = tempfile::tempdir().unwrap();
    {
        use tantivy::schema::{Schema, TEXT};
        let mut schema = Schema::builder();
        schema.add_text_field("title", TEXT);
        tantivy::Index::create_in_dir(dir.path(), schema.build()).unwrap();
    }

    let (index, outcome) = SearchIndex::open_or_create(dir.path()).unwrap();

    assert_eq!(outcome, OpenOutcome::Recreated);
    assert!(index.is_empty());
    index
        .upsert(&[ProductBuilder::new(1, "Gạo").build()])
        .unwrap();
    assert_eq!(index.len(), 1);
}

#[test]
fn an_unreadable_index_is_recreated() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("meta.json"), "{ not json").unwrap();

    let (index, outcome) = SearchIndex::open_or_create(dir.path()).unwrap();

    assert_eq!(outcome, OpenOutcome::Recreated);
    assert!(index.is_empty());
}
