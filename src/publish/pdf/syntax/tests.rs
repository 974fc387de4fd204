//! Reading and writing Chromium-style PDF files.

use super::*;

const SMALL: &[u8] = b"%PDF-1.4\n%\xE2\xE3\n1 0 obj\n<</Title (A \\(b\\) c)\n/Producer (Skia)>>\nendobj\n2 0 obj\n<</Type /Catalog\n/Pages 3 0 R\n/Lang (vi)>>\nendobj\n3 0 obj\n<</Type /Pages\n/Count 1\n/Kids [4 0 R]>>\nendobj\n4 0 obj\n<</Type /Page\n/MediaBox [0 0 595.91998 842]\n/Contents 5 0 R\n/Parent 3 0 R>>\nendobj\n5 0 obj\n<</Length 5>> stream\nBT ET\nendstream\nendobj\n6 0 obj\n<</Unused true>>\nendobj\nxref\n0 7\ntrailer\n<</Size 7\n/Root 2 0 R\n/Info 1 0 R>>\nstartxref\n0\n%%EOF\n";

#[test]
fn reads_objects_references_and_streams() {
    let pdf = parse(SMALL).unwrap();
    assert_eq!((pdf.root, pdf.info), (2, Some(1)));
    let page = &pdf.objects[&4].value;
    assert_eq!(get(page, b"Contents"), Some(&Value::Ref(5)));
    assert_eq!(
        get(page, b"MediaBox"),
        Some(&Value::Array(vec![
            Value::Number(b"0".to_vec()),
            Value::Number(b"0".to_vec()),
            Value::Number(b"595.91998".to_vec()),
            Value::Number(b"842".to_vec()),
        ]))
    );
    assert_eq!(pdf.objects[&5].stream.as_deref(), Some(&b"BT ET"[..]));
    let title = get(&pdf.objects[&1].value, b"Title").unwrap();
    assert_eq!(string_bytes(title).unwrap(), b"A (b) c");
}

#[test]
fn writes_what_it_reads_without_unreachable_objects() {
    let pdf = parse(SMALL).unwrap();
    let bytes = pdf.to_bytes();
    let again = parse(&bytes).unwrap();
    let mut expected = pdf.objects.clone();
    expected.remove(&6);
    assert_eq!(again.objects, expected);
    let xref = find(&bytes, b"xref\n0 6\n", 0).unwrap();
    assert!(bytes.ends_with(format!("startxref\n{xref}\n%%EOF\n").as_bytes()));
}

#[test]
fn text_strings_are_utf16() {
    let title = text_string("Báo cáo");
    assert_eq!(
        title,
        Value::String(b"<FEFF004200E1006F0020006300E1006F>".to_vec())
    );
    assert_eq!(
        String::from_utf16(
            &string_bytes(&title).unwrap()[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>()
        )
        .unwrap(),
        "Báo cáo"
    );
    assert_eq!(string_bytes(&literal_string(b"a(b)\\")).unwrap(), b"a(b)\\");
}

#[test]
fn refuses_what_it_cannot_read() {
    assert_eq!(parse(b"<html>").unwrap_err(), "not a PDF file");
    let cut = &SMALL[..SMALL.len() / 2];
    assert!(parse(cut).is_err());
}
