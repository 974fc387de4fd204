//! Identifiers that make a build verifiable: the build id (all inputs) and each edition's id
//! (that edition's file plus everything shared: publication, schemas, templates, theme).
//! Both are SHA-256 based and never depend on time or on the machine.

use sha2::{Digest, Sha256};

use crate::load::Inputs;

/// The identifiers of one build.
#[derive(Debug, Clone)]
pub struct Ids {
    /// Hash of every input (each day file by the SHA-256 of its bytes), shown on site-wide
    /// pages and in `manifest.json`.
    pub build: String,
    /// Hash of the inputs every page shares (publication, schemas, templates, theme).
    shared: [u8; 32],
}

impl Ids {
    /// Hashes the inputs. Files are hashed with their paths, in a fixed order.
    pub fn of(inputs: &Inputs) -> Ids {
        let mut shared = Sha256::new();
        let part = |hasher: &mut Sha256, name: &str, bytes: &[u8]| {
            hasher.update((name.len() as u64).to_le_bytes());
            hasher.update(name.as_bytes());
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        part(
            &mut shared,
            "publication",
            inputs.publication.text.as_bytes(),
        );
        for (id, schema) in &inputs.schemas {
            part(&mut shared, id, schema.text.as_bytes());
        }
        for template in &inputs.templates {
            part(&mut shared, &template.name, template.text.as_bytes());
        }
        for (path, bytes) in &inputs.theme_files {
            part(&mut shared, path, bytes);
        }
        let shared: [u8; 32] = shared.finalize().into();
        let mut build = Sha256::new();
        build.update(shared);
        for day in &inputs.days {
            // The path inside content/ (YYYY/MM/DD.yaml): the same wherever the folder is.
            let mut parts: Vec<String> = day
                .path
                .components()
                .rev()
                .take(3)
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            parts.reverse();
            part(&mut build, &parts.join("/"), &day.digest);
        }
        Ids {
            build: short(&build.finalize()),
            shared,
        }
    }

    /// The hash of everything every page shares (publication, schemas, templates, theme).
    pub fn shared(&self) -> &[u8; 32] {
        &self.shared
    }

    /// The id of `day`'s edition ([`Ids::edition`] of its text; an outline keeps it, a typed
    /// day remembers it).
    pub fn edition_of(&self, day: &crate::archive::Day) -> String {
        if let Some(outline) = &day.outline {
            return outline.edition_id.clone();
        }
        if let Some(id) = day.edition_id.get(&self.shared) {
            return id;
        }
        let id = self.edition(&day.text);
        day.edition_id.set(self.shared, id.clone());
        id
    }

    /// The id of one edition: its file's text with everything shared.
    pub fn edition(&self, day_text: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(self.shared);
        hasher.update(day_text.as_bytes());
        short(&hasher.finalize())
    }
}

/// SHA-256 of some bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// The id of a page that carries its own instead of the build's: the short SHA-256 of the page
/// rendered with [`PAGE_ID_PLACEHOLDER`] where the id goes, which then takes its place. It
/// changes exactly when the page does.
pub fn page_id(rendered: &[u8]) -> Vec<u8> {
    let id = short(&Sha256::digest(rendered));
    let placeholder = PAGE_ID_PLACEHOLDER.as_bytes();
    let mut page = Vec::with_capacity(rendered.len());
    let mut rest = rendered;
    while let Some(at) = rest
        .windows(placeholder.len())
        .position(|w| w == placeholder)
    {
        page.extend_from_slice(&rest[..at]);
        page.extend_from_slice(id.as_bytes());
        rest = &rest[at + placeholder.len()..];
    }
    page.extend_from_slice(rest);
    page
}

/// What a page whose id is its own is rendered with in place of the id (see [`page_id`]).
pub const PAGE_ID_PLACEHOLDER: &str = "daybrief-page-id-7c1e0b";

fn short(digest: &[u8]) -> String {
    hex(&digest[..6])
}

/// The renderer's identity: the SHA-256 of this program's executable, so that any change to
/// daybrief itself invalidates the incremental build's cache. Falls back to the version when
/// the executable cannot be read.
pub fn renderer_fingerprint() -> &'static str {
    FINGERPRINT.get_or_init(|| {
        executable_digest()
            .map(|digest| hex(&digest))
            .unwrap_or_else(|_| concat!("daybrief ", env!("CARGO_PKG_VERSION")).to_owned())
    })
}

static FINGERPRINT: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// The SHA-256 of this program's executable, streamed: it is tens of megabytes.
pub(crate) fn executable_digest() -> std::io::Result<[u8; 32]> {
    let mut exe = std::fs::File::open(std::env::current_exe()?)?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut exe, &mut hasher)?;
    Ok(hasher.finalize().into())
}

/// Sets the fingerprint from a digest of the executable recorded earlier (see
/// `load::InputRecords`), sparing the hashing; nothing when it is already known.
pub(crate) fn known_executable_digest(digest: &[u8; 32]) {
    let _ = FINGERPRINT.set(hex(digest));
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_id_is_the_digest_of_the_page_rendered_with_the_placeholder() {
        let page = |text: &str| {
            format!("<p>{text}</p><span>{PAGE_ID_PLACEHOLDER}</span><!-- {PAGE_ID_PLACEHOLDER} -->")
        };
        let rendered = page("tháng 8");
        let id = short(&Sha256::digest(rendered.as_bytes()));
        assert_eq!(
            String::from_utf8(page_id(rendered.as_bytes())).unwrap(),
            format!("<p>tháng 8</p><span>{id}</span><!-- {id} -->")
        );
        assert_eq!(id.len(), 12);
        let other = String::from_utf8(page_id(page("tháng 9").as_bytes())).unwrap();
        assert!(!other.contains(&id) && !other.contains(PAGE_ID_PLACEHOLDER));
        assert_eq!(page_id(b"<p>no id</p>"), b"<p>no id</p>");
    }
}
