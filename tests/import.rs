//! `daybrief import` on spreadsheets made by LibreOffice (tests/fixtures/spreadsheets/make.sh):
//! the appendix 4 of 22/9/2025 gives back the transcribed day file byte for byte, every value is
//! typed as the YAML path types it, and every problem names the sheet and the cell.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

fn spreadsheet(name: &str) -> PathBuf {
    common::fixture("spreadsheets").join(name)
}

/// Runs `daybrief import ARGS --content CONTENT` with `stdin`; (success, stdout, stderr).
fn import(content: &Path, args: &[&str], stdin: &[u8]) -> (bool, String, String) {
    let output = Command::cargo_bin("daybrief")
        .unwrap()
        .arg("import")
        .args(args)
        .arg("--content")
        .arg(content)
        .write_stdin(stdin.to_vec())
        .output()
        .unwrap();
    (
        output.status.success(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The base fixture's day 2025-08-10 after an import: exactly the expected file, where only
/// `tien_do`'s row differs from the fixture.
fn assert_tien_do_row(content: &Path, row: &str) {
    let original =
        fs::read_to_string(common::fixture("base").join("content/2025/08/10.yaml")).unwrap();
    let expected = original.replace(
        "      - [1, \"Cao Bằng\", \"17/17\", ~, ~]\n",
        &format!("      - {row}\n"),
    );
    assert_ne!(expected, original);
    assert_eq!(
        fs::read_to_string(content.join("2025/08/10.yaml")).unwrap(),
        expected
    );
}

/// The example content with the rows of 22/9's appendix 4 (`phu_xanh_xa`) left out.
fn content_without_appendix_4(dir: &Path) -> (PathBuf, String) {
    let content = dir.join("content");
    common::copy_tree(&common::repo().join("content"), &content);
    let day = content.join("2025/09/22.yaml");
    let original = fs::read_to_string(&day).unwrap();
    let start = original.find("  phu_xanh_xa:\n    rows:\n").unwrap();
    let end = original.find("  tieu_chi_xa:\n").unwrap();
    let blank = format!(
        "{}  phu_xanh_xa:\n    rows: []\n{}",
        &original[..start],
        &original[end..]
    );
    fs::write(&day, blank).unwrap();
    (content, original)
}

#[test]
fn appendix_4_from_libreoffice_gives_the_transcribed_day_file() {
    for file in ["phu_luc_4.xlsx", "phu_luc_4.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let (content, original) = content_without_appendix_4(dir.path());
        let day = content.join("2025/09/22.yaml");
        let source = spreadsheet(file);
        let args = ["2025-09-22", "phu_xanh_xa", source.to_str().unwrap()];
        let blank = fs::read(&day).unwrap();

        let (ok, out, err) = import(&content, &args, b"");
        assert!(ok, "{file}: {err}");
        assert_eq!(
            fs::read(&day).unwrap(),
            blank,
            "{file}: written without --write"
        );
        assert_eq!(
            out.lines().last().unwrap(),
            format!(
                "34 row(s) of `phu_xanh_xa` read; nothing was written: run again with --write to update {}",
                day.display()
            )
        );
        assert_eq!(
            out.lines().take(2).collect::<Vec<_>>(),
            [
                "left out row 4 of Phụ lục 4: the column numbers",
                "left out row 40 of Phụ lục 4: the totals row, equal to the sum of the rows (the table computes its own)"
            ]
        );

        let mut with_write = args.to_vec();
        with_write.push("--write");
        let (ok, out, err) = import(&content, &with_write, b"");
        assert!(ok, "{file}: {err}");
        assert_eq!(
            out.lines().last().unwrap(),
            format!(
                "wrote 34 row(s) of `phu_xanh_xa` into {}; run `daybrief check`",
                day.display()
            )
        );
        assert!(
            fs::read_to_string(&day).unwrap() == original,
            "{file}: the imported day file differs from the transcribed one"
        );

        // Importing again changes nothing.
        let (ok, out, _) = import(&content, &with_write, b"");
        assert!(ok);
        assert_eq!(
            out.lines().last().unwrap(),
            format!(
                "{} already holds these 34 row(s) of `phu_xanh_xa`; nothing to write",
                day.display()
            )
        );
    }
}

/// The base fixture's tables: the label "Tỉnh" heads three columns (the key, and one under each
/// of "Trực tiếp" and "Trực tuyến"); a percentage-formatted 0,7354 is "73,54%"; a date cell is
/// a date; a name in NFD is written in NFC.
#[test]
fn columns_are_found_by_header_and_group_and_typed_as_shown() {
    for file in ["base.xlsx", "base.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        common::copy_tree(&common::fixture("base").join("content"), &content);
        let source = spreadsheet(file);
        let source = source.to_str().unwrap();
        for (table, sheet) in [("ho_so", "Hồ sơ"), ("tien_do", "Tiến độ")] {
            let (ok, _, err) = import(
                &content,
                &["2025-08-10", table, source, "--sheet", sheet, "--write"],
                b"",
            );
            assert!(ok, "{file} {table}: {err}");
        }
        let day = fs::read_to_string(content.join("2025/08/10.yaml")).unwrap();
        let tables = &day[day.find("tables:").unwrap()..day.find("\nslides:").unwrap_or(day.len())];
        assert_eq!(
            tables,
            "tables:\n  tien_do:\n    rows:\n      - [1, \"Cao Bằng\", \"17/17\", \"SẴN SÀNG (XANH)\", \"30/7/2025\"]\n  ho_so:\n    rows:\n      - [1, \"Hưng Yên\", \"Chưa báo cáo\", 10, 30, 40, \"75,00%\"]\n      - [2, \"Cao Bằng\", ~, 5, 15, 20, \"73,54%\"]\n    total: [\"Tổng\", ~, 15, 45, 60, ~]\n",
            "{file}"
        );
    }
}

#[test]
fn every_problem_names_sheet_and_cell_and_nothing_is_written() {
    for file in ["base.xlsx", "base.ods"] {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        common::copy_tree(&common::fixture("base").join("content"), &content);
        let before = common::read_tree(&content);
        let source = spreadsheet(file);
        let (ok, out, err) = import(
            &content,
            &[
                "2025-08-10",
                "ho_so",
                source.to_str().unwrap(),
                "--sheet",
                "Lỗi",
                "--write",
            ],
            b"",
        );
        assert!(!ok);
        assert_eq!(out, "");
        assert_eq!(
            err,
            format!(
                "error: 3 problem(s) in {}; nothing was written:\n  Lỗi!D4: expected a whole number such as 3321 or \"3.321\", found \"abc\"\n  Lỗi!B5: \"Cao Bang X\" is not a declared entity; expected a name or alias listed under `entities:` in the publication\n  Lỗi!G5: expected a percentage such as \"73,54%\", found the text \"62,6%%\"\n",
                source.display()
            )
        );
        assert_eq!(common::read_tree(&content), before);
    }
}

/// What a copy from Excel puts on the clipboard: tab-separated, as shown.
#[test]
fn pasted_text_on_standard_input() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_tree(&common::fixture("base").join("content"), &content);
    let pasted =
        "STT\tTỉnh\tTiến độ\tGhi chú\tHạn\r\n1\tCao Bằng\t16/17\tCHẬM (VÀNG)\t31/8/2025\r\n";
    let (ok, _, err) = import(
        &content,
        &["2025-08-10", "tien_do", "-", "--write"],
        pasted.as_bytes(),
    );
    assert!(ok, "{err}");
    assert_tien_do_row(
        &content,
        "[1, \"Cao Bằng\", \"16/17\", \"CHẬM (VÀNG)\", \"31/8/2025\"]",
    );
}

/// A table that computes its totals (`phu_xanh_xa`): the sheet's totals row is checked against
/// the rows, then left out.
#[test]
fn a_totals_row_that_is_not_the_sum_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (content, _) = content_without_appendix_4(dir.path());
    let header = "STT\tTỉnh/thành phố\tSố xã\tXANH\tVÀNG\tĐỎ\tĐã báo cáo\tĐã báo cáo (%)\tXANH (%)\tTĂNG / GIẢM (%)\n";
    let rows = "1\tCao Bằng\t56\t6\t32\t18\t56\t100\t10,71\t0\n2\tĐiện Biên\t45\t13\t25\t7\t45\t100\t28,89\t0\n";
    let totals = "\tTổng cộng\t101\t19\t56\t25\t100\t\t\t\n";
    let (ok, _, err) = import(
        &content,
        &["2025-09-22", "phu_xanh_xa", "-"],
        format!("{header}{rows}{totals}").as_bytes(),
    );
    assert!(!ok);
    assert_eq!(
        err,
        "error: 2 problem(s) in standard input; nothing was written:\n  stdin!E4: the totals row says 56, but the rows above sum to 57; expected the sum\n  stdin!G4: the totals row says 100, but the rows above sum to 101; expected the sum\n"
    );
    let right = "\tTổng cộng\t101\t19\t57\t25\t101\t\t\t\n";
    let (ok, out, err) = import(
        &content,
        &["2025-09-22", "phu_xanh_xa", "-"],
        format!("{header}{rows}{right}").as_bytes(),
    );
    assert!(ok, "{err}");
    assert_eq!(
        out.lines().next().unwrap(),
        "left out row 4 of stdin: the totals row, equal to the sum of the rows (the table computes its own)"
    );
}

/// A sheet whose headers differ from the schema's labels: `sheet_headers` in the schema names
/// them; without it the column is not found.
#[test]
fn sheet_headers_map_other_header_texts() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_tree(&common::fixture("base").join("content"), &content);
    let pasted = "STT\tTỉnh\tTỷ lệ hoàn thành\tGhi chú\tHạn\n1\tCao Bằng\t16/17\tVÀNG\t\n";
    let (ok, _, err) = import(&content, &["2025-08-10", "tien_do", "-"], pasted.as_bytes());
    assert!(!ok);
    assert_eq!(
        err,
        "error: 1 problem(s) in standard input; nothing was written:\n  stdin: no header \"Tiến độ\" (column `tien_do`) in the first 30 rows; headers found: A1 \"STT\", B1 \"Tỉnh\", C1 \"Tỷ lệ hoàn thành\", D1 \"Ghi chú\", E1 \"Hạn\", A2 \"1\", B2 \"Cao Bằng\", C2 \"16/17\", D2 \"VÀNG\"\n"
    );
    let schema = content.join("tables/tien_do.yaml");
    let declared = fs::read_to_string(&schema).unwrap().replace(
        "label: \"Tiến độ\", type: ratio",
        "label: \"Tiến độ\", type: ratio, sheet_headers: [\"TY LE HOAN THANH\"]",
    );
    fs::write(&schema, declared).unwrap();
    let (ok, _, err) = import(
        &content,
        &["2025-08-10", "tien_do", "-", "--write"],
        pasted.as_bytes(),
    );
    assert!(ok, "{err}");
    assert_tien_do_row(&content, "[1, \"Cao Bằng\", \"16/17\", \"VÀNG\", ~]");
}

#[test]
fn csv_with_semicolons_as_excel_writes_it_here() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_tree(&common::fixture("base").join("content"), &content);
    let csv = dir.path().join("tien do.csv");
    fs::write(
        &csv,
        "\u{FEFF}STT;TINH;Tiến độ;Ghi chú;Hạn\n1;\"Cao Bằng\";\"8/102 (7,8%)\";XANH;\n",
    )
    .unwrap();
    let (ok, out, err) = import(
        &content,
        &["2025-08-10", "tien_do", csv.to_str().unwrap(), "--write"],
        b"",
    );
    assert!(ok, "{err}");
    assert_eq!(
        out.lines().last().unwrap(),
        format!(
            "wrote 1 row(s) of `tien_do` into {}; run `daybrief check`",
            content.join("2025/08/10.yaml").display()
        )
    );
    assert_tien_do_row(&content, "[1, \"Cao Bằng\", \"8/102 (7,8%)\", \"XANH\", ~]");
}

#[test]
fn what_cannot_be_read_is_refused_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let content = dir.path().join("content");
    common::copy_tree(&common::fixture("base").join("content"), &content);
    let refused = |args: &[&str], stdin: &[u8]| {
        let (ok, out, err) = import(&content, args, stdin);
        assert!(!ok && out.is_empty(), "{out}");
        err
    };
    let xls = dir.path().join("old.xls");
    fs::write(&xls, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest").unwrap();
    assert_eq!(
        refused(&["2025-08-10", "tien_do", xls.to_str().unwrap()], b""),
        format!(
            "error: {} is an Excel 97–2003 workbook (XLS), which import does not read: save it as XLSX (Excel Workbook) and import that\n",
            xls.display()
        )
    );
    assert_eq!(
        refused(&["2025-08-10", "tien_do", "-"], b"STT\t\xFF\n"),
        "error: standard input is neither an XLSX or ODS workbook nor UTF-8 text (byte 5 is not UTF-8): save it as XLSX, ODS or \"CSV UTF-8\"\n"
    );
    let big = dir.path().join("big.xlsx");
    fs::File::create(&big).unwrap().set_len(17 << 20).unwrap();
    assert_eq!(
        refused(&["2025-08-10", "tien_do", big.to_str().unwrap()], b""),
        format!(
            "error: {} is 17825792 bytes, more than the 16777216 bytes import reads: export only the table's sheet\n",
            big.display()
        )
    );
    let base = spreadsheet("base.xlsx");
    assert_eq!(
        refused(
            &[
                "2025-08-10",
                "tien_do",
                base.to_str().unwrap(),
                "--sheet",
                "Phụ lục 9"
            ],
            b""
        ),
        format!(
            "error: {} has no sheet \"Phụ lục 9\"; its sheets are: \"Hồ sơ\", \"Tiến độ\", \"Lỗi\"\n",
            base.display()
        )
    );
    assert_eq!(
        refused(&["2025-08-10", "ho_so", "-"], b"STT\tTinh\n1\tCao Bang\n"),
        "error: 1 problem(s) in standard input; nothing was written:\n  stdin: no header \"Vướng mắc\" (column `vuong_mac`), \"Tỉnh\" (column `tt`), \"Tỉnh\" (column `tu`), \"Tổng\" (column `tong`), \"Tỉ lệ\" (column `ty_le`) in the first 30 rows; headers found: A1 \"STT\", B1 \"Tinh\", A2 \"1\", B2 \"Cao Bang\"\n"
    );
    assert_eq!(
        refused(&["2025-08-11", "tien_do", "-"], b""),
        format!(
            "error: there is no day file for 2025-08-11 in {0}; start it with `daybrief new 2025-08-11 --content {0}`\n",
            content.display()
        )
    );
    assert_eq!(
        refused(&["2025-08-10", "tiendo", "-"], b""),
        format!(
            "error: there is no table `tiendo` in {}; the tables are: ho_so, tien_do\n",
            content.join("tables").display()
        )
    );
    assert_eq!(
        refused(
            &["2025-08-10", "tien_do", dir.path().to_str().unwrap()],
            b""
        ),
        format!("error: {} is a folder, not a file\n", dir.path().display())
    );
    assert_eq!(
        refused(
            &["2025-08-10", "tien_do", "-"],
            "STT\tTỉnh\tTiến độ\tGhi chú\tHạn\n1\tCao\u{7}Bằng\t17/17\t\t\n".as_bytes()
        ),
        "error: 1 problem(s) in standard input; nothing was written:\n  stdin!B2: the control character U+0007 has no place in a table; expected text without it\n"
    );
    assert_eq!(
        refused(
            &["2025-08-10", "tien_do", "-"],
            "STT\u{1b}[31m\tTỉnh\n".as_bytes()
        ),
        "error: 1 problem(s) in standard input; nothing was written:\n  stdin: no header \"STT\" (column `stt`), \"Tiến độ\" (column `tien_do`), \"Ghi chú\" (column `trang_thai`), \"Hạn\" (column `han`) in the first 30 rows; headers found: A1 \"STT<U+001B>[31m\", B1 \"Tỉnh\"\n"
    );
    // A few hundred bytes that ask for 20 million cells: refused before any is allocated.
    let bomb = dir.path().join("bomb.ods");
    write_ods(
        &bomb,
        "<table:table table:name=\"S\"><table:table-row table:number-rows-repeated=\"20000\"><table:table-cell office:value-type=\"float\" office:value=\"1\" table:number-columns-repeated=\"1000\"/></table:table-row></table:table>",
    );
    assert_eq!(
        refused(&["2025-08-10", "tien_do", bomb.to_str().unwrap()], b""),
        format!(
            "error: {}: sheet \"S\" has a cell at A10001, beyond the 10000 rows and 256 columns import reads: copy the table to a sheet of its own\n",
            bomb.display()
        )
    );
    // A workbook whose entry says it unpacks to 300 MiB (as a zip bomb's does): refused from
    // the zip directory, before calamine holds the XML in memory.
    let unpacks = dir.path().join("unpacks.xlsx");
    {
        use std::io::Write;
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("xl/sharedStrings.xml", stored).unwrap();
        zip.write_all(b"x").unwrap();
        let mut bytes = zip.finish().unwrap().into_inner();
        let directory = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[directory + 24..directory + 28].copy_from_slice(&314_572_800u32.to_le_bytes());
        fs::write(&unpacks, bytes).unwrap();
    }
    assert_eq!(
        refused(&["2025-08-10", "tien_do", unpacks.to_str().unwrap()], b""),
        format!(
            "error: {} unpacks to 314572800 bytes, more than the 268435456 bytes import reads: export only the table's sheet\n",
            unpacks.display()
        )
    );
    let far = format!(
        "STT\tTỉnh\tTiến độ\tGhi chú\tHạn\n{}1\tCao Bằng\n",
        "\t\n".repeat(10_000)
    );
    assert_eq!(
        refused(&["2025-08-10", "tien_do", "-"], far.as_bytes()),
        "error: standard input: sheet \"stdin\" has a cell at A10001, beyond the 10000 rows and 256 columns import reads: copy the table to a sheet of its own\n"
    );
}

/// An ODS file whose only sheet is `table` (content.xml's table element).
fn write_ods(path: &Path, table: &str) {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(fs::File::create(path).unwrap());
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    zip.start_file("mimetype", stored).unwrap();
    zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    zip.start_file("META-INF/manifest.xml", stored).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>"#).unwrap();
    zip.start_file("content.xml", stored).unwrap();
    write!(
        zip,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet>{table}</office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    zip.finish().unwrap();
}
