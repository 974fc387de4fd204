//! Just enough of the PDF syntax to join and amend the files Chromium prints: Skia writes every
//! object in the open (no object streams, one classic cross-reference table), so a file is read
//! object by object from the top, and written back with the objects reachable from its catalog
//! and information dictionary only.

use std::collections::{BTreeMap, BTreeSet};

/// A PDF value. Numbers keep their text, so nothing is rounded on the way through.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as written: `12`, `-0.5`.
    Number(Vec<u8>),
    /// A name without its slash, as written (`#xx` escapes kept).
    Name(Vec<u8>),
    /// A string with its delimiters, as written: `(abc)` or `<FEFF…>`.
    String(Vec<u8>),
    Array(Vec<Value>),
    Dict(Dict),
    /// An indirect reference to object `n` (generation 0).
    Ref(u32),
}

/// A dictionary, in the order it was written.
pub type Dict = Vec<(Vec<u8>, Value)>;

/// One numbered object: its value, and its stream's (still encoded) bytes when it has one.
#[derive(Debug, Clone, PartialEq)]
pub struct Object {
    pub value: Value,
    pub stream: Option<Vec<u8>>,
}

/// A whole file.
#[derive(Debug, Clone, PartialEq)]
pub struct Pdf {
    pub objects: BTreeMap<u32, Object>,
    /// The catalog's number.
    pub root: u32,
    /// The information dictionary's number.
    pub info: Option<u32>,
}

/// Reads a file as Chromium writes it; `Err` says what is not as expected.
pub fn parse(bytes: &[u8]) -> Result<Pdf, String> {
    if !bytes.starts_with(b"%PDF-") {
        return Err("not a PDF file".into());
    }
    let mut p = Parser { bytes, at: 0 };
    let mut objects = BTreeMap::new();
    loop {
        p.skip_space();
        if p.at >= bytes.len() {
            return Err("no cross-reference table".into());
        }
        if p.rest().starts_with(b"xref") {
            break;
        }
        let number = p.integer()?;
        let _generation = p.integer()?;
        p.keyword(b"obj")?;
        let value = p.value()?;
        p.skip_space();
        let stream = if p.rest().starts_with(b"stream") {
            Some(p.stream_bytes(&value)?)
        } else {
            None
        };
        p.keyword(b"endobj")?;
        objects.insert(number, Object { value, stream });
    }
    let trailer_at = find(bytes, b"trailer", p.at).ok_or("no trailer")?;
    p.at = trailer_at + b"trailer".len();
    let trailer = p.value()?;
    let root = match get(&trailer, b"Root") {
        Some(Value::Ref(n)) => *n,
        _ => return Err("the trailer names no catalog".into()),
    };
    let info = match get(&trailer, b"Info") {
        Some(Value::Ref(n)) => Some(*n),
        _ => None,
    };
    if !objects.contains_key(&root) {
        return Err("the catalog is missing".into());
    }
    if objects.values().any(
        |o| matches!(get(&o.value, b"Type"), Some(Value::Name(n)) if n.as_slice() == b"ObjStm"),
    ) {
        return Err("object streams are not supported".into());
    }
    Ok(Pdf {
        objects,
        root,
        info,
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The value under `key` of a dictionary (`None` for anything else).
pub fn get<'a>(value: &'a Value, key: &[u8]) -> Option<&'a Value> {
    match value {
        Value::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Sets `key` of a dictionary (in place when present, else at the end).
pub fn set(value: &mut Value, key: &[u8], new: Value) {
    if let Value::Dict(entries) = value {
        match entries.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = new,
            None => entries.push((key.to_vec(), new)),
        }
    }
}

/// Removes `key` from a dictionary.
pub fn remove(value: &mut Value, key: &[u8]) {
    if let Value::Dict(entries) = value {
        entries.retain(|(k, _)| k != key);
    }
}

/// Whether a dictionary has `/Type /<kind>`.
pub fn is_type(value: &Value, kind: &[u8]) -> bool {
    matches!(get(value, b"Type"), Some(Value::Name(n)) if n.as_slice() == kind)
}

/// A text string: UTF-16BE with its byte-order mark, in hex.
pub fn text_string(text: &str) -> Value {
    let mut out = b"<FEFF".to_vec();
    for unit in text.encode_utf16() {
        out.extend(format!("{unit:04X}").bytes());
    }
    out.push(b'>');
    Value::String(out)
}

/// The bytes of a literal or hex string (escapes resolved).
pub fn string_bytes(value: &Value) -> Option<Vec<u8>> {
    let Value::String(raw) = value else {
        return None;
    };
    let inner = raw.get(1..raw.len().checked_sub(1)?)?;
    if raw.first() == Some(&b'<') {
        let digits: Vec<u8> = inner
            .iter()
            .filter(|b| b.is_ascii_hexdigit())
            .copied()
            .collect();
        let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
        return Some(
            digits
                .chunks(2)
                .map(|pair| hex(pair[0]) << 4 | pair.get(1).map_or(0, |&b| hex(b)))
                .collect(),
        );
    }
    let mut out = Vec::with_capacity(inner.len());
    let mut bytes = inner.iter().copied().peekable();
    while let Some(b) = bytes.next() {
        if b != b'\\' {
            out.push(b);
            continue;
        }
        match bytes.next() {
            Some(b'n') => out.push(b'\n'),
            Some(b'r') => out.push(b'\r'),
            Some(b't') => out.push(b'\t'),
            Some(b'b') => out.push(8),
            Some(b'f') => out.push(12),
            Some(d @ b'0'..=b'7') => {
                let mut code = u32::from(d - b'0');
                for _ in 0..2 {
                    match bytes.peek() {
                        Some(&o @ b'0'..=b'7') => {
                            code = code * 8 + u32::from(o - b'0');
                            bytes.next();
                        }
                        _ => break,
                    }
                }
                out.push(code as u8);
            }
            Some(b'\n') | None => {}
            Some(other) => out.push(other),
        }
    }
    Some(out)
}

/// A literal string holding `bytes`.
pub fn literal_string(bytes: &[u8]) -> Value {
    let mut out = vec![b'('];
    for &b in bytes {
        if matches!(b, b'(' | b')' | b'\\') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    Value::String(out)
}

/// Every object number `value` refers to.
pub fn refs(value: &Value, into: &mut Vec<u32>) {
    match value {
        Value::Ref(n) => into.push(*n),
        Value::Array(items) => items.iter().for_each(|v| refs(v, into)),
        Value::Dict(entries) => entries.iter().for_each(|(_, v)| refs(v, into)),
        _ => {}
    }
}

/// Applies `f` to every reference in `value`.
pub fn map_refs(value: &mut Value, f: &impl Fn(u32) -> u32) {
    match value {
        Value::Ref(n) => *n = f(*n),
        Value::Array(items) => items.iter_mut().for_each(|v| map_refs(v, f)),
        Value::Dict(entries) => entries.iter_mut().for_each(|(_, v)| map_refs(v, f)),
        _ => {}
    }
}

impl Pdf {
    /// The file's bytes: the objects reachable from the catalog and the information
    /// dictionary, in number order, with a fresh cross-reference table.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut reachable = BTreeSet::new();
        let mut pending = vec![self.root];
        pending.extend(self.info);
        while let Some(n) = pending.pop() {
            if let Some(object) = self.objects.get(&n)
                && reachable.insert(n)
            {
                refs(&object.value, &mut pending);
            }
        }
        let size = reachable.last().map_or(1, |n| n + 1);
        let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
        let mut offsets = BTreeMap::new();
        for n in &reachable {
            let Some(object) = self.objects.get(n) else {
                continue;
            };
            offsets.insert(*n, out.len());
            out.extend(format!("{n} 0 obj\n").bytes());
            write_value(&object.value, &mut out);
            if let Some(stream) = &object.stream {
                out.extend(b"\nstream\n");
                out.extend(stream);
                out.extend(b"\nendstream");
            }
            out.extend(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {size}\n0000000000 65535 f \n").bytes());
        for n in 1..size {
            match offsets.get(&n) {
                Some(at) => out.extend(format!("{at:010} 00000 n \n").bytes()),
                None => out.extend(b"0000000000 65535 f \n"),
            }
        }
        out.extend(format!("trailer\n<</Size {size}\n/Root {} 0 R", self.root).bytes());
        if let Some(info) = self.info {
            out.extend(format!("\n/Info {info} 0 R").bytes());
        }
        out.extend(format!(">>\nstartxref\n{xref}\n%%EOF\n").bytes());
        out
    }
}

fn write_value(value: &Value, out: &mut Vec<u8>) {
    match value {
        Value::Null => out.extend(b"null"),
        Value::Bool(b) => out.extend(if *b { &b"true"[..] } else { b"false" }),
        Value::Number(text) | Value::String(text) => out.extend(text),
        Value::Name(name) => {
            out.push(b'/');
            out.extend(name);
        }
        Value::Ref(n) => out.extend(format!("{n} 0 R").bytes()),
        Value::Array(items) => {
            out.push(b'[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b' ');
                }
                write_value(item, out);
            }
            out.push(b']');
        }
        Value::Dict(entries) => {
            out.extend(b"<<");
            for (i, (key, item)) in entries.iter().enumerate() {
                if i > 0 {
                    out.push(b'\n');
                }
                out.push(b'/');
                out.extend(key);
                out.push(b' ');
                write_value(item, out);
            }
            out.extend(b">>");
        }
    }
}

mod parser;

use parser::Parser;

#[cfg(test)]
mod tests;
