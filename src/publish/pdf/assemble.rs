//! One PDF from the pages Chromium printed: the report and its appendices joined into one
//! document, links between them made internal, links to the rest of the site made relative
//! (Chromium writes them as `file://` addresses of the staging folder), and the metadata set:
//! title, language, no dates (the same pages give the same bytes).

use std::collections::BTreeSet;

use super::syntax::{self, Pdf, Value, get, is_type, remove, set};

/// One printed page of the site.
pub struct Part {
    /// The PDF Chromium made of it.
    pub pdf: Pdf,
    /// Its address as Chromium loaded it (`file:///…/index.html`), without a fragment.
    pub url: String,
}

/// What the finished file says about itself.
pub struct Metadata<'a> {
    /// The document's title (the first page's `<title>`).
    pub title: &'a str,
    /// Its language (`<html lang>`).
    pub lang: &'a str,
    /// Who made it, for `/Creator`.
    pub creator: &'a str,
}

/// Joins `parts` in order. `outside` turns an address that is none of the parts into the link
/// the file keeps (`None`: the link is dropped).
pub fn assemble(
    parts: Vec<Part>,
    outside: &dyn Fn(&str) -> Option<String>,
    metadata: &Metadata,
) -> Result<Vec<u8>, String> {
    let mut parts = parts.into_iter();
    let first = parts.next().ok_or("nothing was printed")?;
    let mut urls = vec![first.url];
    let mut doc = first.pdf;
    let mut first_pages = vec![page_list(&doc)?.first().copied()];
    // Each later part's destination names, as renamed where they met an earlier part's.
    let mut renames: Vec<Vec<(Vec<u8>, Vec<u8>)>> = vec![Vec::new()];
    let joined = parts.len() > 0;
    for (index, part) in parts.enumerate() {
        let (first_page, renamed) = append(&mut doc, part.pdf, index + 1)?;
        first_pages.push(first_page);
        renames.push(renamed);
        urls.push(part.url);
    }
    if joined {
        // The structure trees of separate prints cannot simply be joined: the file is left
        // untagged rather than tagged wrongly.
        let catalog = &mut catalog_mut(&mut doc)?.value;
        remove(catalog, b"StructTreeRoot");
        remove(catalog, b"MarkInfo");
    }
    let names = dest_names(&doc);
    let targets = Targets {
        urls: &urls,
        first_pages: &first_pages,
        renames: &renames,
        names: &names,
        outside,
    };
    rewrite_links(&mut doc, &targets);
    set_metadata(&mut doc, metadata)?;
    Ok(doc.to_bytes())
}

fn catalog_mut(doc: &mut Pdf) -> Result<&mut syntax::Object, String> {
    doc.objects
        .get_mut(&doc.root)
        .ok_or_else(|| "no catalog".into())
}

/// The page objects, in order.
pub fn page_list(doc: &Pdf) -> Result<Vec<u32>, String> {
    let root = doc.objects.get(&doc.root).ok_or("no catalog")?;
    let Some(Value::Ref(pages)) = get(&root.value, b"Pages") else {
        return Err("no page tree".into());
    };
    let mut out = Vec::new();
    let mut pending = vec![*pages];
    let mut seen = BTreeSet::new();
    while let Some(n) = pending.pop() {
        if !seen.insert(n) {
            return Err("a page tree that loops".into());
        }
        let node = &doc.objects.get(&n).ok_or("a missing page")?.value;
        if is_type(node, b"Page") {
            out.push(n);
        } else if let Some(Value::Array(kids)) = get(node, b"Kids") {
            for kid in kids.iter().rev() {
                if let Value::Ref(k) = kid {
                    pending.push(*k);
                }
            }
        }
    }
    Ok(out)
}

/// Appends `other`'s pages and destinations to `doc`. Returns `other`'s first page (renumbered)
/// and the destination names it had to rename, each to `name~part`.
#[allow(clippy::type_complexity)]
fn append(
    doc: &mut Pdf,
    other: Pdf,
    part: usize,
) -> Result<(Option<u32>, Vec<(Vec<u8>, Vec<u8>)>), String> {
    let offset = doc.objects.keys().last().copied().unwrap_or(0);
    let shift = |n: u32| n + offset;
    let other_pages = page_list(&other)?;
    let other_root = other.root + offset;
    for (n, mut object) in other.objects {
        syntax::map_refs(&mut object.value, &shift);
        doc.objects.insert(n + offset, object);
    }
    let pages_of = |doc: &Pdf, catalog: u32| -> Result<u32, String> {
        match doc
            .objects
            .get(&catalog)
            .and_then(|c| get(&c.value, b"Pages"))
        {
            Some(Value::Ref(p)) => Ok(*p),
            _ => Err("no page tree".into()),
        }
    };
    let ours = pages_of(doc, doc.root)?;
    let theirs = pages_of(doc, other_root)?;
    let count = |doc: &Pdf, n: u32| -> u64 {
        match doc.objects.get(&n).and_then(|o| get(&o.value, b"Count")) {
            Some(Value::Number(c)) => std::str::from_utf8(c)
                .ok()
                .and_then(|c| c.parse().ok())
                .unwrap_or(0),
            _ => 0,
        }
    };
    let total = count(doc, ours) + count(doc, theirs);
    let end = doc.objects.keys().last().copied().unwrap_or(0);
    let joined = end + 1;
    doc.objects.insert(
        joined,
        syntax::Object {
            value: Value::Dict(vec![
                (b"Type".to_vec(), Value::Name(b"Pages".to_vec())),
                (
                    b"Count".to_vec(),
                    Value::Number(total.to_string().into_bytes()),
                ),
                (
                    b"Kids".to_vec(),
                    Value::Array(vec![Value::Ref(ours), Value::Ref(theirs)]),
                ),
            ]),
            stream: None,
        },
    );
    for node in [ours, theirs] {
        if let Some(object) = doc.objects.get_mut(&node) {
            set(&mut object.value, b"Parent", Value::Ref(joined));
        }
    }
    set(&mut catalog_mut(doc)?.value, b"Pages", Value::Ref(joined));
    // Destinations: ours first; one of theirs with a name we use is renamed, and so are their
    // links to it.
    let mut ours_dests = dests(doc, doc.root);
    let theirs_dests = dests(doc, other_root);
    let mut renamed = Vec::new();
    for (name, target) in theirs_dests {
        let mut new_name = name.clone();
        if ours_dests.iter().any(|(n, _)| *n == name) {
            new_name = [name.as_slice(), format!("~{part}").as_bytes()].concat();
            renamed.push((name, new_name.clone()));
        }
        ours_dests.push((new_name, target));
    }
    if !renamed.is_empty() {
        let their_numbers: Vec<u32> = doc
            .objects
            .range(offset + 1..=end)
            .map(|(n, _)| *n)
            .collect();
        for n in their_numbers {
            if let Some(object) = doc.objects.get_mut(&n) {
                rename_dest(&mut object.value, &renamed);
            }
        }
    }
    let dests_number = joined + 1;
    doc.objects.insert(
        dests_number,
        syntax::Object {
            value: Value::Dict(ours_dests),
            stream: None,
        },
    );
    set(
        &mut catalog_mut(doc)?.value,
        b"Dests",
        Value::Ref(dests_number),
    );
    Ok((other_pages.first().map(|p| shift(*p)), renamed))
}

/// The named destinations of the catalog `catalog` (a `/Dests` dictionary, direct or not).
fn dests(doc: &Pdf, catalog: u32) -> syntax::Dict {
    let Some(catalog) = doc.objects.get(&catalog) else {
        return Vec::new();
    };
    let dict = match get(&catalog.value, b"Dests") {
        Some(Value::Ref(n)) => doc.objects.get(n).map(|o| &o.value),
        Some(direct) => Some(direct),
        None => None,
    };
    match dict {
        Some(Value::Dict(entries)) => entries.clone(),
        _ => Vec::new(),
    }
}

fn dest_names(doc: &Pdf) -> BTreeSet<Vec<u8>> {
    dests(doc, doc.root).into_iter().map(|(n, _)| n).collect()
}

/// Points a link annotation's `/Dest` (or GoTo action's `/D`) at a renamed destination.
fn rename_dest(value: &mut Value, renamed: &[(Vec<u8>, Vec<u8>)]) {
    let Value::Dict(entries) = value else {
        return;
    };
    for (key, item) in entries.iter_mut() {
        match (key.as_slice(), &mut *item) {
            (b"Dest" | b"D", Value::Name(name)) => {
                if let Some((_, new)) = renamed.iter().find(|(old, _)| old == name) {
                    *name = new.clone();
                }
            }
            (b"A", action @ Value::Dict(_)) => rename_dest(action, renamed),
            _ => {}
        }
    }
}

struct Targets<'a> {
    urls: &'a [String],
    first_pages: &'a [Option<u32>],
    renames: &'a [Vec<(Vec<u8>, Vec<u8>)>],
    names: &'a BTreeSet<Vec<u8>>,
    outside: &'a dyn Fn(&str) -> Option<String>,
}

/// What a link to `uri` becomes: a destination in the file, another address, or nothing.
enum Link {
    Dest(Value),
    Uri(String),
    Dropped,
}

impl Targets<'_> {
    fn resolve(&self, uri: &str) -> Link {
        let (base, fragment) = match uri.split_once('#') {
            Some((base, fragment)) => (base, Some(fragment)),
            None => (uri, None),
        };
        let Some(part) = self.urls.iter().position(|u| u == base) else {
            return match (self.outside)(uri) {
                Some(kept) => Link::Uri(kept),
                None => Link::Dropped,
            };
        };
        if let Some(fragment) = fragment {
            let name = percent_decode(fragment);
            let name = self.renames[part]
                .iter()
                .find(|(old, _)| *old == name)
                .map_or(name, |(_, new)| new.clone());
            if self.names.contains(&name) {
                return Link::Dest(Value::Name(name));
            }
        }
        match self.first_pages[part] {
            Some(page) => Link::Dest(Value::Array(vec![
                Value::Ref(page),
                Value::Name(b"Fit".to_vec()),
            ])),
            None => Link::Dropped,
        }
    }
}

/// Rewrites every link annotation that opens an address (see [`Targets::resolve`]).
fn rewrite_links(doc: &mut Pdf, targets: &Targets) {
    for object in doc.objects.values_mut() {
        let value = &mut object.value;
        if !(is_type(value, b"Annot")
            && matches!(get(value, b"Subtype"), Some(Value::Name(n)) if n.as_slice() == b"Link"))
        {
            continue;
        }
        let Some(uri) = get(value, b"A")
            .and_then(|action| get(action, b"URI"))
            .and_then(syntax::string_bytes)
        else {
            continue;
        };
        match targets.resolve(&String::from_utf8_lossy(&uri)) {
            Link::Dest(dest) => {
                remove(value, b"A");
                set(value, b"Dest", dest);
            }
            Link::Uri(kept) => {
                if let Some(action) = value_mut(value, b"A") {
                    set(action, b"URI", syntax::literal_string(kept.as_bytes()));
                }
            }
            Link::Dropped => remove(value, b"A"),
        }
    }
}

fn value_mut<'a>(value: &'a mut Value, key: &[u8]) -> Option<&'a mut Value> {
    match value {
        Value::Dict(entries) => entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Title, language and creator; no dates, so that printing the same pages again gives the
/// same bytes.
fn set_metadata(doc: &mut Pdf, metadata: &Metadata) -> Result<(), String> {
    let producer = doc
        .info
        .and_then(|n| doc.objects.get(&n))
        .and_then(|info| get(&info.value, b"Producer"))
        .cloned();
    let mut info = vec![
        (b"Title".to_vec(), syntax::text_string(metadata.title)),
        (b"Creator".to_vec(), syntax::text_string(metadata.creator)),
    ];
    info.extend(producer.map(|p| (b"Producer".to_vec(), p)));
    let number = match doc.info {
        Some(n) => n,
        None => doc.objects.keys().last().copied().unwrap_or(0) + 1,
    };
    doc.objects.insert(
        number,
        syntax::Object {
            value: Value::Dict(info),
            stream: None,
        },
    );
    doc.info = Some(number);
    let catalog = &mut catalog_mut(doc)?.value;
    set(
        catalog,
        b"Lang",
        syntax::literal_string(metadata.lang.as_bytes()),
    );
    Ok(())
}

/// `%xx` escapes of an address resolved (a destination name as the link wrote it).
pub fn percent_decode(text: &str) -> Vec<u8> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
