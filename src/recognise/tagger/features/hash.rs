//! The feature hash and word shapes.

/// A feature hash: 64-bit words of the input mixed by multiplication (in the manner of
/// FxHash) and finished by a SplitMix64 avalanche. It is fixed here, not taken from a
/// crate, because a stored model needs the same hashes on every platform and version.
#[derive(Clone, Copy)]
pub(super) struct Hash(u64);

const MIX: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Hash {
    pub(super) fn template(template: u8) -> Self {
        Self(u64::from(template).wrapping_mul(0x9e37_79b9_7f4a_7c15))
    }

    fn word(self, word: u64) -> Self {
        Self((self.0.rotate_left(5) ^ word).wrapping_mul(MIX))
    }

    pub(super) fn byte(self, byte: u8) -> Self {
        self.word(u64::from(byte) | 0x100)
    }

    pub(super) fn str(self, text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut hash = self;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            hash = hash.word(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        // The length goes in so that "ab" and "ab\0" differ.
        hash.word(tail(chunks.remainder()) ^ ((bytes.len() as u64) << 56))
    }

    pub(super) fn u64(self, value: u64) -> Self {
        self.word(value)
    }

    /// The finished hash.
    pub(super) fn value(self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// The last 0 to 7 bytes of a string, little-endian and padded with zeros, read in two
/// pieces that may overlap instead of a byte at a time (or by a copy of a length known
/// only here, a call to `memcpy`): most words are shorter than 8 bytes, so this is most
/// of their hash.
fn tail(rest: &[u8]) -> u64 {
    let n = rest.len();
    if n >= 4 {
        let low = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
        let high = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
        u64::from(low) | u64::from(high) << (8 * (n - 4))
    } else if n > 0 {
        // The first, middle and last bytes: of 1 to 3 bytes, every one.
        u64::from(rest[0])
            | u64::from(rest[n / 2]) << (8 * (n / 2))
            | u64::from(rest[n - 1]) << (8 * (n - 1))
    } else {
        0
    }
}

/// The hash of [`shape`]`(word)`, made without building the string.
pub(super) fn shape_hash(word: &str) -> u64 {
    let mut hash = Hash::template(255);
    let mut last = None;
    for c in word.chars() {
        let class = shape_class(c);
        if last != Some(class) {
            hash = hash.word(u64::from(class));
            last = Some(class);
        }
    }
    hash.value()
}

fn shape_class(c: char) -> char {
    if c.is_uppercase() {
        'X'
    } else if c.is_lowercase() {
        'x'
    } else if c.is_numeric() {
        'd'
    } else {
        c
    }
}

/// The hash standing for a missing neighbour's shape (outside the sentence).
pub(super) const NO_SHAPE: u64 = 0;

/// The shape of a word: upper case `X`, lower case `x`, digits `d`, other characters
/// as they are, each run of one class written once ("McDonald" -> `XxXx`, "40,000" ->
/// `d,d`).
pub fn shape(word: &str) -> String {
    let mut shape = String::new();
    let mut last = None;
    for c in word.chars() {
        let class = shape_class(c);
        if last != Some(class) {
            shape.push(class);
            last = Some(class);
        }
    }
    shape
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`Hash::str`] as the shipped model's features were first hashed.
    fn str_as_first_written(hash: Hash, text: &str) -> Hash {
        let bytes = text.as_bytes();
        let mut hash = hash;
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            hash = hash.word(u64::from_le_bytes(chunk.try_into().expect("8 bytes")));
        }
        let mut last = [0u8; 8];
        let rest = chunks.remainder();
        last[..rest.len()].copy_from_slice(rest);
        hash.word(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56))
    }

    #[test]
    fn tails_are_the_bytes_padded_with_zeros() {
        let bytes = [0x11u8, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77];
        for n in 0..=7 {
            let mut padded = [0u8; 8];
            padded[..n].copy_from_slice(&bytes[..n]);
            assert_eq!(tail(&bytes[..n]), u64::from_le_bytes(padded), "{n} bytes");
        }
    }

    #[test]
    fn strings_hash_as_they_did_when_the_model_was_trained() {
        let cases = [
            "",
            "a",
            "ab",
            "ab\0",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "Bukele",
            "international",
            "sub-clause",
            "u/s",
            "<>",
            "Bogotá",
            "Østergård",
            "Ægir Þórsson",
            "東京都",
            "a longer string of several words, over sixteen bytes",
        ];
        for text in cases {
            for template in [0, 1, 12, 29, 255] {
                let start = Hash::template(template).byte(3);
                assert_eq!(
                    start.str(text).value(),
                    str_as_first_written(start, text).value(),
                    "{text:?}"
                );
            }
        }
        // And pinned, so that a change to both is seen too.
        assert_eq!(
            Hash::template(2).str("bukele").value(),
            0x296f_2787_e9f5_2b2b
        );
    }
}
