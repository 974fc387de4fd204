//! Files that daybrief writes for itself and reads back (the caches beside the site): a magic
//! line, the fingerprint of the program that wrote them (a new daybrief never trusts an old
//! file), the CRC-32 of the payload, then the payload. A CRC catches what happens to such a
//! file (cut short, overwritten, bits flipped), as zip and PNG files rely on it to, in a tenth
//! of SHA-256's time: adding a day reads and writes some 100 MB of them. Whatever is wrong
//! with such a file is said as why it was ignored, never as an error: the caches only save
//! work.

use std::path::{Path, PathBuf};

use crate::fsutil::{Unreadable, read_limited};
use crate::ident::renderer_fingerprint;

/// Bytes of the checksum.
const CHECKSUM_BYTES: usize = 4;

/// The checksum of a payload: its CRC-32, little-endian.
fn checksum(payload: &[u8]) -> [u8; CHECKSUM_BYTES] {
    crc32fast::hash(payload).to_le_bytes()
}

/// `payload` sealed under `magic` (a line naming the kind of file).
pub fn seal(magic: &[u8], payload: &[u8]) -> Vec<u8> {
    seal_with::<()>(magic, payload.len(), |bytes| {
        bytes.extend_from_slice(payload);
        Ok(())
    })
    .unwrap_or_default()
}

/// A payload that `write` appends to the buffer it is given, sealed under `magic`, in that
/// one buffer: the large files (the build state, the findings cache) are never held twice.
/// `size_hint` is the payload's expected length.
pub fn seal_with<E>(
    magic: &[u8],
    size_hint: usize,
    write: impl FnOnce(&mut Vec<u8>) -> Result<(), E>,
) -> Result<Vec<u8>, E> {
    let mut bytes = head(magic, size_hint);
    let digest_at = bytes.len();
    bytes.extend_from_slice(&[0; CHECKSUM_BYTES]);
    write(&mut bytes)?;
    let digest = checksum(&bytes[digest_at + CHECKSUM_BYTES..]);
    bytes[digest_at..digest_at + CHECKSUM_BYTES].copy_from_slice(&digest);
    Ok(bytes)
}

/// The seal of a payload whose CRC-32 is `crc`, to be written before it (the build state
/// works its CRC out from those of its blocks, some copied from the last state unread).
pub fn seal_checksum(magic: &[u8], crc: u32) -> Vec<u8> {
    let mut bytes = head(magic, 0);
    bytes.extend_from_slice(&crc.to_le_bytes());
    bytes
}

/// The magic line and the fingerprint, with room for the checksum and `size_hint` bytes.
fn head(magic: &[u8], size_hint: usize) -> Vec<u8> {
    let fingerprint = renderer_fingerprint().as_bytes();
    let mut bytes =
        Vec::with_capacity(magic.len() + fingerprint.len() + 1 + CHECKSUM_BYTES + size_hint);
    bytes.extend_from_slice(magic);
    bytes.extend_from_slice(fingerprint);
    bytes.push(b'\n');
    bytes
}

/// The payload of `bytes` sealed under `magic` by this program; `what` names the kind of file
/// in the reason it cannot be used.
pub fn unseal<'a>(magic: &[u8], bytes: &'a [u8], what: &str) -> Result<&'a [u8], String> {
    let (crc, payload) = split(magic, bytes, what)?;
    if checksum(payload) != crc.to_le_bytes() {
        return Err("it is damaged or cut short (its checksum does not match)".into());
    }
    Ok(payload)
}

/// The CRC-32 that `bytes` sealed under `magic` by this program claim for their payload, and
/// the payload, unchecked: for a caller that checks it block by block.
pub fn split<'a>(magic: &[u8], bytes: &'a [u8], what: &str) -> Result<(u32, &'a [u8]), String> {
    let rest = bytes
        .strip_prefix(magic)
        .ok_or_else(|| format!("it is not {what}"))?;
    let rest = rest
        .strip_prefix(renderer_fingerprint().as_bytes())
        .and_then(|r| r.strip_prefix(b"\n"))
        .ok_or("it was made by another version of daybrief")?;
    if rest.len() < CHECKSUM_BYTES {
        return Err("it is cut short".into());
    }
    let (digest, payload) = rest.split_at(CHECKSUM_BYTES);
    let digest: [u8; CHECKSUM_BYTES] = digest.try_into().map_err(|_| "it is cut short")?;
    Ok((u32::from_le_bytes(digest), payload))
}

/// The bytes of the file at `path`, `None` when there is none, or why it cannot be read.
pub fn read(path: &Path, max_bytes: u64) -> Result<Option<Vec<u8>>, String> {
    if path.symlink_metadata().is_err() {
        return Ok(None);
    }
    read_limited(path, max_bytes)
        .map(Some)
        .map_err(|why| match why {
            Unreadable::NotAFile(kind) => format!("it is {kind}"),
            Unreadable::TooLarge(size) => format!("it is {size} bytes, more than a cache can be"),
            Unreadable::Io(error) => error.to_string(),
        })
}

/// Writes `bytes` to `path` through `<path>.partial`, so that a kill leaves the old file or
/// the new one (and at most a partial file, which the next write replaces).
pub fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let partial = partial_path(path);
    std::fs::write(&partial, bytes).map_err(|e| e.to_string())?;
    std::fs::rename(&partial, path).map_err(|e| e.to_string())
}

/// Where [`write`] puts the bytes before they replace the file.
pub fn partial_path(path: &Path) -> PathBuf {
    let mut partial = path.as_os_str().to_owned();
    partial.push(".partial");
    PathBuf::from(partial)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_payload_sealed_from_its_checksum_is_sealed_as_in_one() {
        let payload = b"first second";
        let mut sealed = seal_checksum(b"magic\n", crc32fast::hash(payload));
        sealed.extend(payload);
        assert_eq!(sealed, seal(b"magic\n", payload));
        assert_eq!(
            split(b"magic\n", &sealed, "a test file"),
            Ok((crc32fast::hash(payload), &payload[..]))
        );
        assert_eq!(unseal(b"magic\n", &sealed, "a test file"), Ok(&payload[..]));
        let last = sealed.len() - 1;
        sealed[last] ^= 1;
        assert_eq!(
            unseal(b"magic\n", &sealed, "a test file"),
            Err("it is damaged or cut short (its checksum does not match)".to_owned())
        );
    }
}
