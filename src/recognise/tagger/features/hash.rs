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
        // The last 0 to 7 bytes, little-endian and padded with zeros (byte by byte: a
        // copy of a length known only here is a call to `memcpy`, most of a short word's
        // cost).
        let mut last = 0u64;
        for (i, &byte) in chunks.remainder().iter().enumerate() {
            last |= u64::from(byte) << (8 * i);
        }
        // The length goes in so that "ab" and "ab\0" differ.
        hash.word(last ^ ((bytes.len() as u64) << 56))
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
