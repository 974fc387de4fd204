//! A file's SHA-256 as its 32 bytes: how the build's records name a file's contents. Held as
//! bytes, a record is 56 bytes and an allocation smaller than with the 64 hex digits that
//! `manifest.json` shows; text formats (JSON) still read and write the hex digits, binary ones
//! (the build state) the bytes.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::Digest;

/// The SHA-256 of some bytes.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Sha256Sum(pub [u8; 32]);

impl Sha256Sum {
    /// The SHA-256 of `bytes`.
    pub fn of(bytes: &[u8]) -> Sha256Sum {
        Sha256Sum(sha2::Sha256::digest(bytes).into())
    }

    /// The digest written as `text`: exactly 64 hex digits (either case).
    pub fn from_hex(text: &str) -> Option<Sha256Sum> {
        let text = text.as_bytes();
        if text.len() != 64 {
            return None;
        }
        // By table, every digit looked up before any is refused: a build reads some 100,000
        // of these from two manifests.
        let mut out = [0u8; 32];
        let mut invalid = 0;
        for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
            let (high, low) = (NIBBLES[usize::from(pair[0])], NIBBLES[usize::from(pair[1])]);
            invalid |= (high | low) & NOT_HEX;
            *byte = (high << 4) | (low & 15);
        }
        (invalid == 0).then_some(Sha256Sum(out))
    }
}

/// What a byte is worth as a hex digit; [`NOT_HEX`] for one that is not.
const NIBBLES: [u8; 256] = {
    let mut table = [NOT_HEX; 256];
    let mut digit = 0;
    while digit < 16 {
        table[b"0123456789abcdef"[digit] as usize] = digit as u8;
        table[b"0123456789ABCDEF"[digit] as usize] = digit as u8;
        digit += 1;
    }
    table
};

const NOT_HEX: u8 = 0x80;

/// Lowercase hex, as `sha256sum` writes it.
impl fmt::Display for Sha256Sum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut text = [0u8; 64];
        for (pair, byte) in text.chunks_exact_mut(2).zip(self.0) {
            pair[0] = DIGITS[usize::from(byte >> 4)];
            pair[1] = DIGITS[usize::from(byte & 15)];
        }
        // The digits are ASCII.
        f.write_str(std::str::from_utf8(&text).map_err(|_| fmt::Error)?)
    }
}

impl fmt::Debug for Sha256Sum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl Serialize for Sha256Sum {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if serializer.is_human_readable() {
            serializer.collect_str(self)
        } else {
            self.0.serialize(serializer)
        }
    }
}

impl<'de> Deserialize<'de> for Sha256Sum {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        if !deserializer.is_human_readable() {
            return <[u8; 32]>::deserialize(deserializer).map(Sha256Sum);
        }
        struct Hex;
        impl serde::de::Visitor<'_> for Hex {
            type Value = Sha256Sum;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a SHA-256 as 64 hex digits")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Sha256Sum, E> {
                Sha256Sum::from_hex(text)
                    .ok_or_else(|| E::invalid_value(serde::de::Unexpected::Str(text), &self))
            }
        }
        deserializer.deserialize_str(Hex)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// SHA-256 of "abc" (FIPS 180-2, appendix B.1).
    const ABC: &str = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    #[test]
    fn a_digest_is_written_and_read_as_sha256sum_writes_it() {
        let sum = Sha256Sum::of(b"abc");
        assert_eq!(sum.to_string(), ABC);
        assert_eq!(Sha256Sum::from_hex(ABC), Some(sum));
        assert_eq!(Sha256Sum::from_hex(&ABC.to_uppercase()), Some(sum));
        assert_eq!(Sha256Sum::from_hex(&ABC[1..]), None);
        assert_eq!(Sha256Sum::from_hex(&ABC.replacen('b', "g", 1)), None);
        assert_eq!(Sha256Sum::from_hex(&format!("{}é", &ABC[..62])), None);
    }

    #[test]
    fn json_holds_the_hex_digits_and_postcard_the_bytes() {
        let sum = Sha256Sum::of(b"abc");
        let json = serde_json::to_string(&sum).unwrap();
        assert_eq!(json, format!("\"{ABC}\""));
        assert_eq!(serde_json::from_str::<Sha256Sum>(&json).unwrap(), sum);
        let err = serde_json::from_str::<Sha256Sum>("\"00\"").unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid value: string \"00\", expected a SHA-256 as 64 hex digits at line 1 column 4"
        );
        let bytes = postcard::to_allocvec(&sum).unwrap();
        assert_eq!(bytes, sum.0);
        assert_eq!(postcard::from_bytes::<Sha256Sum>(&bytes).unwrap(), sum);
    }
}
