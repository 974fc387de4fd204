//! Joining printed pages into one file.

use super::*;
use crate::publish::pdf::syntax::{parse, string_bytes};

/// A one-page file as Chromium prints it: catalog 1 (with `dests`), pages 2, page 3 with the
/// annotation 4 (`link`: its entries), information 5 with dates.
fn printed(dests: &str, link: &str) -> Pdf {
    let objects = [
        format!(
            "<</Type /Catalog\n/Pages 2 0 R\n/Dests <<{dests}>>\n/MarkInfo <</Marked true>>\n/StructTreeRoot 6 0 R\n/Lang (vi)>>"
        ),
        "<</Type /Pages\n/Count 1\n/Kids [3 0 R]>>".to_owned(),
        "<</Type /Page\n/MediaBox [0 0 595.91998 841.91998]\n/Annots [4 0 R]\n/Parent 2 0 R>>"
            .to_owned(),
        format!("<</Type /Annot\n/Subtype /Link\n{link}>>"),
        "<</Title (x)\n/Producer (Skia/PDF m156)\n/CreationDate (D:20261202024756+00'00')>>"
            .to_owned(),
        "<</Type /StructTreeRoot>>".to_owned(),
    ];
    let mut bytes = b"%PDF-1.4\n".to_vec();
    for (i, object) in objects.iter().enumerate() {
        bytes.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).bytes());
    }
    bytes.extend(
        b"xref\n0 7\ntrailer\n<</Size 7\n/Root 1 0 R\n/Info 5 0 R>>\nstartxref\n0\n%%EOF\n",
    );
    parse(&bytes).unwrap()
}

const SITE: &str = "file:///tmp/stage/";

fn metadata() -> Metadata<'static> {
    Metadata {
        title: "Báo cáo ngày 22/9/2025",
        lang: "vi",
        creator: "daybrief",
    }
}

/// The link of each annotation, in object order: its destination or address.
fn links(doc: &Pdf) -> Vec<String> {
    doc.objects
        .values()
        .filter(|o| is_type(&o.value, b"Annot"))
        .map(|o| match (get(&o.value, b"Dest"), get(&o.value, b"A")) {
            (Some(Value::Name(n)), _) => format!("dest {}", String::from_utf8_lossy(n)),
            (Some(Value::Array(a)), _) => format!("page {:?}", a),
            (None, Some(action)) => format!(
                "uri {}",
                String::from_utf8_lossy(&string_bytes(get(action, b"URI").unwrap()).unwrap())
            ),
            _ => "none".to_owned(),
        })
        .collect()
}

fn outside(uri: &str) -> Option<String> {
    uri.strip_prefix(SITE)
        .map(|rest| format!("../../../{rest}"))
}

#[test]
fn a_report_and_its_appendices_become_one_file_with_internal_links() {
    let report = Part {
        pdf: printed(
            "/noi-dung [3 0 R /XYZ 0 841 0]",
            "/A <</S /URI\n/URI (file:///tmp/stage/d/appendices/index.html#bang-x)>>",
        ),
        url: format!("{SITE}d/index.html"),
    };
    let appendices = Part {
        pdf: printed(
            "/noi-dung [3 0 R /XYZ 0 800 0]\n/bang-x [3 0 R /XYZ 0 600 0]",
            "/Dest /noi-dung",
        ),
        url: format!("{SITE}d/appendices/index.html"),
    };
    let bytes = assemble(vec![report, appendices], &outside, &metadata()).unwrap();
    let doc = parse(&bytes).unwrap();
    let pages = page_list(&doc).unwrap();
    assert_eq!(pages.len(), 2);
    let names: Vec<String> = dests(&doc, doc.root)
        .iter()
        .map(|(n, v)| format!("{} {v:?}", String::from_utf8_lossy(n)))
        .collect();
    assert_eq!(
        names,
        [
            format!(
                "noi-dung Array([Ref({}), Name([88, 89, 90]), Number([48]), Number([56, 52, 49]), Number([48])])",
                pages[0]
            ),
            format!(
                "noi-dung~1 Array([Ref({}), Name([88, 89, 90]), Number([48]), Number([56, 48, 48]), Number([48])])",
                pages[1]
            ),
            format!(
                "bang-x Array([Ref({}), Name([88, 89, 90]), Number([48]), Number([54, 48, 48]), Number([48])])",
                pages[1]
            ),
        ]
    );
    // The report's link to an appendix table opens it in the file; the appendices' own link
    // to their "noi-dung" follows its new name.
    assert_eq!(links(&doc), ["dest bang-x", "dest noi-dung~1"]);
    let catalog = &doc.objects[&doc.root].value;
    assert_eq!(get(catalog, b"StructTreeRoot"), None);
    assert_eq!(get(catalog, b"MarkInfo"), None);
    assert_eq!(
        get(catalog, b"Lang"),
        Some(&Value::String(b"(vi)".to_vec()))
    );
    let info = &doc.objects[&doc.info.unwrap()].value;
    let Value::Dict(entries) = info else {
        panic!("no information dictionary")
    };
    let keys: Vec<&[u8]> = entries.iter().map(|(k, _)| k.as_slice()).collect();
    assert_eq!(keys, [&b"Title"[..], b"Creator", b"Producer"]);
    assert_eq!(
        get(info, b"Title"),
        Some(&syntax::text_string("Báo cáo ngày 22/9/2025"))
    );
    // The same parts give the same bytes.
    let again = assemble(
        vec![
            Part {
                pdf: printed(
                    "/noi-dung [3 0 R /XYZ 0 841 0]",
                    "/A <</S /URI\n/URI (file:///tmp/stage/d/appendices/index.html#bang-x)>>",
                ),
                url: format!("{SITE}d/index.html"),
            },
            Part {
                pdf: printed(
                    "/noi-dung [3 0 R /XYZ 0 800 0]\n/bang-x [3 0 R /XYZ 0 600 0]",
                    "/Dest /noi-dung",
                ),
                url: format!("{SITE}d/appendices/index.html"),
            },
        ],
        &outside,
        &metadata(),
    )
    .unwrap();
    assert_eq!(again, bytes);
}

#[test]
fn links_out_of_the_file_are_made_relative_or_dropped() {
    let to = |uri: &str, url: &str| {
        let part = Part {
            pdf: printed("", &format!("/A <</S /URI\n/URI ({uri})>>")),
            url: url.to_owned(),
        };
        let doc = parse(&assemble(vec![part], &outside, &metadata()).unwrap()).unwrap();
        let tagged = get(&doc.objects[&doc.root].value, b"StructTreeRoot").is_some();
        (links(&doc).remove(0), tagged)
    };
    let here = format!("{SITE}d/slides/index.html");
    assert_eq!(
        to("file:///tmp/stage/2025/index.html#a", &here),
        ("uri ../../../2025/index.html#a".to_owned(), true)
    );
    assert_eq!(to("file:///etc/passwd", &here), ("none".to_owned(), true));
    // A link to the page itself without a known name opens its first page.
    assert_eq!(
        to(&format!("{here}#gone"), &here).0,
        "page [Ref(3), Name([70, 105, 116])]"
    );
}

#[test]
fn percent_escapes_are_resolved() {
    assert_eq!(percent_decode("b%E1%BA%A3ng-1%"), "bảng-1%".as_bytes());
}
