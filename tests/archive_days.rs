//! The archive over several days, continued: the changes page's row tables, the permanent
//! copies' links, and computed columns filled from the previous briefing.

mod common;

use common::{copy_tree, derived, fixture, render, texts};
use scraper::{Html, Selector};

/// The rows of every table matched by `selector`: each row's cells (header cells included).
fn table_rows(html: &str, selector: &str) -> Vec<Vec<Vec<String>>> {
    let document = Html::parse_document(html);
    let tables = Selector::parse(selector).unwrap();
    let rows = Selector::parse("tr").unwrap();
    let cells = Selector::parse("th, td").unwrap();
    document
        .select(&tables)
        .map(|table| {
            table
                .select(&rows)
                .map(|row| row.select(&cells).map(common::text_of).collect())
                .collect()
        })
        .collect()
}

#[test]
fn the_changes_page_shows_rows_added_and_removed_as_tables() {
    let site = render(&fixture("archive/content"));
    let page = &site["2025/09/22/changes/index.html"];
    let selector = "#thay-doi-qua_han table.row-changes";
    assert_eq!(
        texts(page, &format!("{selector} caption")),
        ["Dòng mới (1)", "Dòng không còn (1)"]
    );
    let header = || vec!["STT".to_owned(), "Nhiệm vụ".into(), "Đơn vị".into()];
    let row = |cells: [&str; 3]| cells.map(str::to_owned).to_vec();
    assert_eq!(
        table_rows(page, selector),
        [
            vec![header(), row(["2", "Cấp chữ ký số", "UBND tỉnh An Giang"])],
            vec![
                header(),
                row(["1", "Kết nối một cửa", "UBND tỉnh Cao Bằng"])
            ],
        ]
    );
    // Headers are column headers, the key cell heads its row.
    assert_eq!(
        texts(page, &format!("{selector} thead th[scope=col]")).len(),
        6
    );
    assert_eq!(
        texts(page, &format!("{selector} tbody th[scope=row]")),
        ["UBND tỉnh An Giang", "UBND tỉnh Cao Bằng"]
    );
}

#[test]
fn a_permanent_copy_links_to_the_previous_briefing_as_released() {
    let site = render(&fixture("archive/content"));
    let previous = |page: &str| {
        let document = Html::parse_document(&site[page]);
        let link = Selector::parse(".day-nav a[rel=prev]").unwrap();
        document
            .select(&link)
            .map(|a| {
                (
                    a.value().attr("href").unwrap_or("").to_owned(),
                    common::text_of(a),
                )
            })
            .collect::<Vec<_>>()
    };
    // 22/9 edition 1 was released with 19/9 in force; 23/9 after 22/9's correction (8h30 23/9).
    assert_eq!(
        previous("2025/09/22/editions/1/index.html"),
        [(
            "../../../../../2025/09/19/editions/1/index.html".into(),
            "← Ngày 19/9/2025".into()
        )]
    );
    assert_eq!(
        previous("2025/09/22/editions/2/appendices/index.html"),
        [(
            "../../../../../../2025/09/19/editions/1/index.html".into(),
            "← Ngày 19/9/2025".into()
        )]
    );
    assert_eq!(
        previous("2025/09/23/editions/1/appendices/index.html"),
        [(
            "../../../../../../2025/09/22/editions/2/index.html".into(),
            "← Ngày 22/9/2025".into()
        )]
    );
    assert!(site.contains_key("2025/09/22/editions/2/index.html"));
    assert_eq!(previous("2025/09/19/editions/1/index.html"), []);
    assert_eq!(
        texts(
            &site["2025/09/19/editions/1/index.html"],
            ".day-nav .disabled"
        ),
        ["← Không có ngày trước", "Không có ngày sau →"]
    );
}

#[test]
fn a_computed_column_left_empty_is_filled_from_the_previous_briefing() {
    let work = tempfile::tempdir().unwrap();
    let content = work.path().join("content");
    copy_tree(&fixture("archive/content"), &content);
    let edit = |path: &str, from: &str, to: &str| {
        let path = content.join(path);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{from}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    // The first day has no previous briefing: its empty change stays missing.
    edit("2025/09/19.yaml", "\"20\", \"0\"]", "\"20\", ~]");
    // 23/9 leaves three changes empty and still types An Giang's (wrongly).
    edit("2025/09/23.yaml", "\"30\", \"0\"]", "\"30\", ~]");
    edit("2025/09/23.yaml", "\"70\", \"-5\"]", "\"70\", ~]");
    edit("2025/09/23.yaml", "\"40\", \"10\"]", "\"40\", ~]");
    let (archive, derived, warnings) = derived(&content);
    assert_eq!(
        warnings,
        [
            "TĂNG / GIẢM of An Giang in `phu_xanh` is typed 3, but the change since 22/9/2025 computes to 0"
        ]
    );
    let index = archive
        .days
        .iter()
        .position(|d| d.date.to_string() == "2025-09-23")
        .unwrap();
    let table = derived.days[index]
        .table(&archive.days[index], "phu_xanh")
        .unwrap();
    let changes: Vec<String> = table.entity_rows().map(|c| c[5].display(None)).collect();
    // Against 22/9 as corrected (An Giang 62): 30 − 30, 70 − 75, 40 − 30; An Giang as typed.
    assert_eq!(changes, ["0", "-5", "10", "3"]);
    assert_eq!(derived.days[index].tables["phu_xanh"].sum["tang_giam"], 8.0);

    let site = render(&content);
    let csv_rows = |old: &str| -> Vec<String> {
        site[&common::moved(&site, old)]
            .trim_start_matches('\u{feff}')
            .lines()
            .skip(1)
            .map(str::to_owned)
            .collect()
    };
    let filled = [
        "1,Cao Bằng,50,15,30,0",
        "2,TP. Đà Nẵng,40,28,70,-5",
        "3,Hưng Yên,20,8,40,10",
        "4,An Giang,100,62,62,3",
    ];
    assert_eq!(csv_rows("2025/09/23/appendices/phu_xanh.csv")[..4], filled);
    assert_eq!(
        csv_rows("2025/09/23/editions/1/appendices/phu_xanh.csv")[..4],
        filled
    );
    assert_eq!(
        csv_rows("2025/09/19/appendices/phu_xanh.csv")[0],
        "1,Cao Bằng,50,10,20,—"
    );
    let first_day = table_rows(
        &site["2025/09/19/appendices/index.html"],
        "#bang-phu_xanh table.data",
    );
    assert_eq!(
        first_day[0][1],
        ["1", "Cao Bằng", "50", "10", "20", "— không có dữ liệu"]
    );
}
