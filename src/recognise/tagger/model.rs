//! A tagger model: a weight for each (feature hash, tag) pair and each tag transition, its
//! file format, and scoring.
//!
//! File (little-endian): `KGTAGGER`, format version (u32), feature version (u32), tag
//! count (u32), weight scale (f32), feature count `n` (u32), the transition weights
//! (`TAGS * TAGS` f32, disallowed transitions written as 0), the `n` feature hashes in
//! ascending order (u64), and `n * TAGS` weights as i16 multiples of the scale. Weights
//! are stored at 16 bits to keep the file small (a model trained on all of
//! `shared/train` is about 20 MB); a loaded model scores with the dequantised values.

use super::tags::{self, TAGS};

const MAGIC: &[u8; 8] = b"KGTAGGER";

/// A place in the look-up table: a feature hash's tag (its low bits chose the place) and
/// the feature's row of weights. Eight bytes, so the table of a shipped model
/// is 8 MB rather than 16: it is larger than the processor's caches, and a smaller one
/// misses less.
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    tag: u32,
    row: u32,
}
const FORMAT_VERSION: u32 = 1;

/// The version of the feature templates (`features.rs`): raised whenever a change to
/// them changes any token's hashes, so that old models are refused instead of misread.
pub const FEATURE_VERSION: u32 = 1;

/// A problem reading a model file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// Not a model file, or a damaged one.
    #[error("not a kgraph tagger model ({0})")]
    Format(String),
    /// A model for other feature templates.
    #[error(
        "the model was trained with feature version {found}, this kgraph uses {FEATURE_VERSION}: retrain it with `kgraph train`"
    )]
    FeatureVersion {
        /// The model's feature version.
        found: u32,
    },
}

/// A trained tagger: feature weights and transition weights.
#[derive(Debug, Clone)]
pub struct Model {
    /// Open-addressing table of feature hashes (tag 0 = empty slot) and their rows in
    /// `weights`, side by side so that a probe touches one cache line.
    slots: Vec<Slot>,
    /// `TAGS` weights per feature, in the order the features were stored, as stored: in
    /// multiples of `scale`. Kept at 16 bits, half the memory of `f32`s: the table is
    /// larger than the processor's caches, and a look-up mostly waits on memory.
    weights: Vec<i16>,
    /// What one unit of `weights` is worth.
    scale: f32,
    /// The feature hashes in ascending order, matching `weights` rows.
    keys: Vec<u64>,
    /// Score of each transition (`previous * TAGS + next`); disallowed ones are `-inf`.
    transitions: [f32; TAGS * TAGS],
    /// Hex digest of the model's bytes.
    fingerprint: String,
}

impl Model {
    /// A model from feature weights (`TAGS` per hash) and transition weights, quantised
    /// as it will be stored, so that a model in memory scores exactly as its file does.
    pub fn from_weights(
        mut features: Vec<(u64, [f32; TAGS])>,
        transitions: [f32; TAGS * TAGS],
    ) -> Model {
        features.sort_by_key(|(key, _)| *key);
        features.dedup_by_key(|(key, _)| *key);
        let bytes = encode(&features, &transitions);
        Model::from_bytes(&bytes).expect("a model just encoded decodes")
    }

    /// Reads a model file's bytes.
    ///
    /// # Errors
    /// [`ModelError`] when the bytes are not a model of this kgraph's feature version.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let mut reader = Reader { bytes, at: 0 };
        if reader.take(8)? != MAGIC {
            return Err(ModelError::Format("no KGTAGGER header".into()));
        }
        let format = reader.u32()?;
        if format != FORMAT_VERSION {
            return Err(ModelError::Format(format!("format version {format}")));
        }
        let features = reader.u32()?;
        if features != FEATURE_VERSION {
            return Err(ModelError::FeatureVersion { found: features });
        }
        let tag_count = reader.u32()? as usize;
        if tag_count != TAGS {
            return Err(ModelError::Format(format!(
                "{tag_count} tags, expected {TAGS}"
            )));
        }
        let scale = f32::from_bits(reader.u32()?);
        let n = reader.u32()? as usize;
        let mut transitions = [0f32; TAGS * TAGS];
        for (index, slot) in transitions.iter_mut().enumerate() {
            let value = f32::from_bits(reader.u32()?);
            let (previous, next) = ((index / TAGS) as u8, (index % TAGS) as u8);
            *slot = if tags::allowed(previous, next) {
                value
            } else {
                f32::NEG_INFINITY
            };
        }
        let expected = n
            .checked_mul(8 + 2 * TAGS)
            .ok_or_else(|| ModelError::Format("feature count too large".into()))?;
        if bytes.len() - reader.at != expected {
            return Err(ModelError::Format(format!(
                "{} bytes of features, expected {expected}",
                bytes.len() - reader.at
            )));
        }
        // The rest is exactly the keys and the weights (checked above).
        let (key_bytes, weight_bytes) = reader.take(expected)?.split_at(n * 8);
        let keys: Vec<u64> = key_bytes
            .chunks_exact(8)
            .map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes")))
            .collect();
        if keys.windows(2).any(|w| w[0] >= w[1]) {
            return Err(ModelError::Format("feature hashes out of order".into()));
        }
        let weights: Vec<i16> = weight_bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        let capacity = (n * 2).next_power_of_two().max(16);
        let mut slots = vec![Slot::default(); capacity];
        for (row, &key) in keys.iter().enumerate() {
            let mut slot = slot_of(key, capacity);
            while slots[slot].tag != 0 {
                slot = (slot + 1) & (capacity - 1);
            }
            slots[slot] = Slot {
                tag: tag_of(key),
                row: row as u32,
            };
        }
        Ok(Model {
            slots,
            weights,
            scale,
            keys,
            transitions,
            fingerprint: blake3::hash(bytes).to_hex()[..16].to_owned(),
        })
    }

    /// The model's file bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let features: Vec<(u64, [f32; TAGS])> = self
            .keys
            .iter()
            .enumerate()
            .map(|(row, &key)| (key, self.row(row)))
            .collect();
        encode(&features, &self.transitions)
    }

    /// A short digest of the model's bytes (part of the extraction key).
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// How many features have weights.
    pub fn feature_count(&self) -> usize {
        self.keys.len()
    }

    /// Every feature hash with its weights, in hash order.
    pub fn features(&self) -> impl Iterator<Item = (u64, [f32; TAGS])> + '_ {
        self.keys
            .iter()
            .enumerate()
            .map(|(row, &key)| (key, self.row(row)))
    }

    /// The transition weights (`-inf` where not allowed).
    pub fn transitions(&self) -> &[f32; TAGS * TAGS] {
        &self.transitions
    }

    fn row(&self, row: usize) -> [f32; TAGS] {
        let mut weights = [0f32; TAGS];
        for (weight, &stored) in weights
            .iter_mut()
            .zip(&self.weights[row * TAGS..(row + 1) * TAGS])
        {
            *weight = self.weight(stored);
        }
        weights
    }

    /// The value of a stored weight: the same `f32` whenever it is computed.
    fn weight(&self, stored: i16) -> f32 {
        f32::from(stored) * self.scale
    }

    /// Adds the weights of `features` to `scores` (`TAGS` values), in the order of
    /// `features`.
    ///
    /// The table is larger than the processor's caches, so a look-up mostly waits on
    /// memory: two misses, the slot and the weights. The look-ups go in three steps over
    /// `LOOKUP_BATCH` (64) features at a time so that the waits overlap: every first slot
    /// is loaded before any is compared (no branch on a value still on its way), then
    /// the probes find the rows, then the rows' weights are added.
    pub fn score(&self, features: &[u64], scores: &mut [f32]) {
        let mask = self.slots.len() - 1;
        let mut first = [Slot::default(); LOOKUP_BATCH];
        let mut rows = [0u32; LOOKUP_BATCH];
        for batch in features.chunks(LOOKUP_BATCH) {
            for (slot, &key) in first.iter_mut().zip(batch) {
                *slot = self.slots[slot_of(key, self.slots.len())];
            }
            let mut found = 0;
            for (&key, &slot) in batch.iter().zip(&first) {
                let wanted = tag_of(key);
                let mut at = slot_of(key, self.slots.len());
                let mut slot = slot;
                loop {
                    if slot.tag == wanted {
                        rows[found] = slot.row;
                        found += 1;
                        break;
                    }
                    if slot.tag == 0 {
                        break;
                    }
                    at = (at + 1) & mask;
                    slot = self.slots[at];
                }
            }
            for &row in &rows[..found] {
                let row = row as usize * TAGS;
                for (score, &weight) in scores.iter_mut().zip(&self.weights[row..row + TAGS]) {
                    *score += self.weight(weight);
                }
            }
        }
    }
}

/// Features looked up together by [`Model::score`]: their memory waits overlap.
const LOOKUP_BATCH: usize = 64;

/// What a slot keeps of a feature hash to tell its feature from others that start their
/// search at the same place: 32 bits that depend on every bit of the hash (the high half
/// of its product with an odd constant), so two hashes that differ only in their low
/// bits, the ones that chose the place, get different tags too. Tag 0 marks an empty
/// slot, so 0 is stored as 1. A feature the model lacks is taken for one it has only
/// when both its place and its tag match one's: a chance of about one in four billion
/// per look-up, not a difference any text will show.
fn tag_of(key: u64) -> u32 {
    ((key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as u32).max(1)
}

fn slot_of(key: u64, capacity: usize) -> usize {
    // The keys are finished hashes already: their low bits are as good as any.
    key as usize & (capacity - 1)
}

fn encode(features: &[(u64, [f32; TAGS])], transitions: &[f32; TAGS * TAGS]) -> Vec<u8> {
    let largest = features
        .iter()
        .flat_map(|(_, w)| w.iter())
        .fold(0f32, |a, w| a.max(w.abs()));
    let scale = if largest > 0.0 {
        largest / 32767.0
    } else {
        1.0
    };
    let mut out = Vec::with_capacity(40 + features.len() * (8 + 2 * TAGS));
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&FEATURE_VERSION.to_le_bytes());
    out.extend_from_slice(&(TAGS as u32).to_le_bytes());
    out.extend_from_slice(&scale.to_bits().to_le_bytes());
    out.extend_from_slice(&(features.len() as u32).to_le_bytes());
    for &value in transitions {
        let value = if value.is_finite() { value } else { 0.0 };
        out.extend_from_slice(&value.to_bits().to_le_bytes());
    }
    for (key, _) in features {
        out.extend_from_slice(&key.to_le_bytes());
    }
    for (_, weights) in features {
        for &w in weights {
            let q = (w / scale).round().clamp(-32767.0, 32767.0) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
    out
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&end| end <= self.bytes.len());
        let end =
            end.ok_or_else(|| ModelError::Format(format!("truncated at byte {}", self.at)))?;
        let taken = &self.bytes[self.at..end];
        self.at = end;
        Ok(taken)
    }

    fn u32(&mut self) -> Result<u32, ModelError> {
        Ok(u32::from_le_bytes(
            self.take(4)?.try_into().expect("4 bytes"),
        ))
    }
}
