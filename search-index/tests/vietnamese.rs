//! Vietnamese matching: normalisation, folding, diacritic-aware ranking.

mod common;

use common::{ids, index_with, names, search, ProductBuilder};
use search_index::SearchQuery;
use unicode_normalization::UnicodeNormalization;

#[test]
fn a_decomposed_query_finds_a_composed_document() {
    let index = index_with(vec![ProductBuilder::new(1, "Nước mắm Phú Quốc").build()]);
    let nfd_query: String = "nước mắm".nfd().collect();
    assert_ne!(nfd_query, "nước mắm", "the query really is decomposed");

    let results = search(&index, &SearchQuery::text(nfd_query));

    assert_eq!(ids(&results), [1]);
}

#[test]
fn a_decomposed_document_is_stored_composed_and_found() {
    let nfd_name: String = "Nước mắm Phú Quốc".nfd().collect();
    let index = index_with(vec![ProductBuilder::new(1, &nfd_name).build()]);

    let results = search(&index, &SearchQuery::text("mắm"));

    assert_eq!(names(&results), ["Nước mắm Phú Quốc"]);
}

#[test]
fn words_typed_without_diacritics_find_the_accented_name() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Nước mắm Phú Quốc").build(),
        ProductBuilder::new(2, "Trà xanh Thái Nguyên").build(),
    ]);

    let results = search(&index, &SearchQuery::text("nuoc mam"));

    assert_eq!(names(&results), ["Nước mắm Phú Quốc"]);
    assert!(!results.relaxed);
}

#[test]
fn d_bar_folds_to_d() {
    let index = index_with(vec![ProductBuilder::new(1, "Đặc sản Đà Lạt").build()]);

    assert_eq!(
        ids(&search(&index, &SearchQuery::text("dac san da lat"))),
        [1]
    );
    assert_eq!(ids(&search(&index, &SearchQuery::text("ĐẶC SẢN"))), [1]);
}

#[test]
fn exact_diacritics_rank_first() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Mầm đậu nành").build(),
        ProductBuilder::new(2, "Mắm tôm chua").build(),
    ]);

    let mam_fish = search(&index, &SearchQuery::text("mắm"));
    let mam_sprout = search(&index, &SearchQuery::text("mầm"));
    let folded = search(&index, &SearchQuery::text("mam"));

    assert_eq!(ids(&mam_fish), [2, 1], "both match, the exact one first");
    assert_eq!(ids(&mam_sprout), [1, 2]);
    assert_eq!(folded.total, 2);
}

#[test]
fn exact_diacritics_outweigh_a_shorter_name_in_a_large_catalog() {
    // Many unrelated products make "mắm" and "mam" about equally rare, so
    // only the exact-diacritics weight can beat the short name's length bonus.
    let mut products: Vec<_> = (100..160)
        .map(|id| ProductBuilder::new(id, "Trà xanh túi lọc").build())
        .collect();
    products.push(ProductBuilder::new(1, "Mầm đậu").build());
    products.push(ProductBuilder::new(2, "Mắm tôm chua Thanh Hoá đặc biệt").build());
    products.push(ProductBuilder::new(3, "Mắm cá lóc đồng Tháp Mười").build());
    let index = index_with(products);

    let results = search(&index, &SearchQuery::text("mắm"));

    assert_eq!(ids(&results), [3, 2, 1]);
}

#[test]
fn old_and_new_tone_placement_match_each_other() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Bưởi da xanh Hòa Bình").build(),
        ProductBuilder::new(2, "Rượu thuỷ sản").build(),
    ]);

    assert_eq!(ids(&search(&index, &SearchQuery::text("hoà"))), [1]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("hòa"))), [1]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("thủy"))), [2]);
}

#[test]
fn name_outranks_producer_and_text() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Bánh pía")
            .text("Nhân sầu riêng, trứng muối và mè.")
            .build(),
        ProductBuilder::new(2, "Kẹo dừa")
            .producer("Cơ sở Sầu Riêng Cái Mơn")
            .build(),
        ProductBuilder::new(3, "Sầu riêng Ri6 Cái Mơn").build(),
    ]);

    let results = search(&index, &SearchQuery::text("sau rieng"));

    assert_eq!(ids(&results), [3, 2, 1]);
}

#[test]
fn words_in_order_in_the_name_rank_above_scattered_words() {
    let index = index_with(vec![
        // Shorter, so it would win on length alone.
        ProductBuilder::new(1, "Mắm, nước chấm").build(),
        ProductBuilder::new(2, "Nước mắm cá cơm").build(),
    ]);

    let results = search(&index, &SearchQuery::text("nước mắm"));

    assert_eq!(ids(&results), [2, 1]);
}

#[test]
fn province_and_commune_are_searchable() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Gạo ST25")
            .province("Sóc Trăng")
            .build(),
        ProductBuilder::new(2, "Bánh tráng")
            .province("Tây Ninh")
            .build(),
    ]);

    assert_eq!(ids(&search(&index, &SearchQuery::text("soc trang"))), [1]);
    assert_eq!(ids(&search(&index, &SearchQuery::text("st25"))), [1]);
}

#[test]
fn a_product_code_finds_its_product() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Gạo thơm").build(),
        ProductBuilder::new(2, "Gạo nếp").build(),
    ]);

    let results = search(&index, &SearchQuery::text("ct-2024-0002"));

    assert_eq!(ids(&results)[0], 2);
}

#[test]
fn marks_typed_are_taken_as_meant_in_stories() {
    let index = index_with(vec![
        ProductBuilder::new(1, "Chè Tân Cương").build(),
        ProductBuilder::new(2, "Mứt gừng")
            .text("Gừng được sơ chế kỹ trước khi sên.")
            .build(),
    ]);
    // "chè" in a name, not "chế" in a story.
    assert_eq!(ids(&search(&index, &SearchQuery::text("chè"))), [1]);
    // Typed without marks the word could be either.
    assert_eq!(search(&index, &SearchQuery::text("che")).total, 2);
}
