//! Training: the structured averaged perceptron (Collins 2002) over candidate runs.
//!
//! Each gold document is segmented and run through the rules exactly as at recognition
//! time; its gold names become BILOU tags of the run tokens (a name that does not start
//! and end on token boundaries, or reaches outside a run, cannot be learned and is
//! counted as unaligned). Every epoch visits the runs in an order drawn from a fixed
//! seed, decodes each with the current weights and, where the best sequence differs from
//! the gold one, moves the weights of the gold tags' features up and the predicted tags'
//! down by the corpus weight, leaving out of the step a share of the feature occurrences
//! drawn at random (`dropout`), so that no single feature carries what its context could
//! carry too. A round's model is the average of the weights over all its steps; the
//! model is the mean of several rounds' (`rounds`), each in its own order. One thread does
//! the updates, the random draws come from fixed seeds and the arithmetic is in a fixed
//! order, so training the same data with the same options gives byte-identical models.

use super::features::Features;
use super::model::Model;
use super::tags::{self, TAGS};
use crate::entity_type::EntityType;
use crate::eval::{self, Evaluation, GoldDocument};
use crate::lexicon::Lexicon;
use crate::segment::{self, Segmented};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// Gold documents to learn from, with how much their corrections weigh.
#[derive(Debug, Clone)]
pub struct Corpus {
    /// Its documents.
    pub documents: Vec<GoldDocument>,
    /// How much each correction counts (1 is normal; less for noisier or off-domain
    /// text).
    pub weight: f32,
}

/// How to train.
#[derive(Debug, Clone)]
pub struct TrainOptions {
    /// Passes over the training data.
    pub epochs: usize,
    /// Features seen fewer times than this in the training data are not learned.
    pub min_count: u32,
    /// Start from this model's weights (and keep its features).
    pub from: Option<Arc<Model>>,
    /// Seed of the order in which runs are visited (round `r` uses `seed + r`).
    pub seed: u64,
    /// The share of feature occurrences left out of each training step (0 to 1), drawn
    /// afresh at every step, so that no single feature (a word seen in training) carries
    /// a decision its context could carry too: names never seen in training are found
    /// more often.
    pub dropout: f32,
    /// Training rounds, each in its own order and with its own dropped features; the
    /// model is the mean of their averaged weights (steadier than any one of them).
    pub rounds: usize,
}

/// Seeds the sequence that drops features, apart from the one that orders the runs.
const DROPOUT_STREAM: u64 = 0x5eed_d20b_0a75_0001;

impl Default for TrainOptions {
    fn default() -> Self {
        Self {
            epochs: 10,
            min_count: 1,
            from: None,
            seed: 1,
            dropout: 0.0,
            rounds: 1,
        }
    }
}

/// What training reports as it goes.
#[derive(Debug)]
pub enum Progress<'a> {
    /// The training data is read: runs, tokens, names, and the names that could not
    /// be aligned.
    Prepared {
        /// Candidate runs.
        runs: usize,
        /// Tokens in them.
        tokens: usize,
        /// Gold names learned.
        names: usize,
        /// Gold names outside the runs or off token boundaries.
        unaligned: usize,
        /// Distinct features kept.
        features: usize,
    },
    /// Part of an epoch is done.
    Step {
        /// The round (from 1).
        round: usize,
        /// The epoch of the round (from 1).
        epoch: usize,
        /// Runs visited in it so far.
        done: usize,
        /// Runs in all.
        of: usize,
    },
    /// An epoch is done.
    Epoch {
        /// The round (from 1).
        round: usize,
        /// Of how many.
        rounds: usize,
        /// The epoch of the round (from 1).
        epoch: usize,
        /// Of how many.
        of: usize,
        /// Runs whose best sequence was wrong during the epoch.
        mistakes: usize,
        /// The round's averaged model's scores on the development set, if one was given.
        dev: Option<&'a Evaluation>,
    },
}

/// One candidate run of the training data: its tokens' feature indexes and gold tags.
struct Example {
    /// Range in `Data::features_of` of each token's feature list.
    tokens: Range<usize>,
    /// Its gold tags (one per token).
    gold: Vec<u8>,
    /// Its corpus weight.
    weight: f32,
}

struct Data {
    examples: Vec<Example>,
    /// Per token, the range of its feature indexes in `indexes`.
    features_of: Vec<Range<u32>>,
    indexes: Vec<u32>,
}

/// The runs, gold tags and features of one gold document.
struct Prepared {
    features: Features,
    gold: Vec<Vec<u8>>,
    names: usize,
    unaligned: usize,
}

/// Reads one gold document the way the tagger will see its text.
fn prepare(document: &GoldDocument, lexicon: &'static Lexicon) -> Prepared {
    let text = &document.text;
    let segmented = segment::segment(text);
    let features =
        super::Evidence::of(text, &segmented, lexicon).features(text, &segmented, lexicon);
    let (names, unaligned_spans) = gold_tokens(document, &segmented);
    let mut unaligned = unaligned_spans;
    let mut gold = Vec::with_capacity(features.runs.len());
    let mut learned = 0;
    let mut by_run: Vec<Vec<(Range<usize>, EntityType)>> = vec![Vec::new(); features.runs.len()];
    for (range, entity_type) in names {
        let run = features
            .runs
            .partition_point(|r| r.tokens.end <= range.start);
        match features.runs.get(run) {
            Some(r) if r.tokens.start <= range.start && range.end <= r.tokens.end => {
                by_run[run].push((
                    range.start - r.tokens.start..range.end - r.tokens.start,
                    entity_type,
                ));
                learned += 1;
            }
            _ => unaligned += 1,
        }
    }
    for (run, names) in features.runs.iter().zip(&by_run) {
        gold.push(tags::encode(run.tokens.len(), names));
    }
    Prepared {
        features,
        gold,
        names: learned,
        unaligned,
    }
}

/// The gold names of `document` as token ranges, and how many could not be aligned to
/// token boundaries (or overlap one another).
pub(super) fn gold_tokens(
    document: &GoldDocument,
    segmented: &Segmented,
) -> (Vec<(Range<usize>, EntityType)>, usize) {
    let text = &document.text;
    let byte_of: Vec<usize> = text
        .char_indices()
        .map(|(b, _)| b)
        .chain(std::iter::once(text.len()))
        .collect();
    let mut names = Vec::new();
    let mut unaligned = 0;
    let mut last_end = 0;
    let mut entities: Vec<_> = document.entities.iter().collect();
    entities.sort_by_key(|m| (m.start, m.end));
    for mention in entities {
        let (Some(&start), Some(&end), Ok(entity_type)) = (
            byte_of.get(mention.start),
            byte_of.get(mention.end),
            mention.entity_type.parse::<EntityType>(),
        ) else {
            unaligned += 1;
            continue;
        };
        let tokens = &segmented.tokens;
        let first = tokens.partition_point(|t| t.span.start < start);
        let last = tokens.partition_point(|t| t.span.end <= end);
        let aligned = first < last
            && tokens[first].span.start == start
            && tokens[last - 1].span.end == end
            && first >= last_end;
        if aligned {
            names.push((first..last, entity_type));
            last_end = last;
        } else {
            unaligned += 1;
        }
    }
    (names, unaligned)
}

/// A fixed pseudo-random sequence (SplitMix64), for the visiting order.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            items.swap(i, j);
        }
    }
}

/// Weights being learned, with the sums that make their average (lazily updated).
struct Averaged {
    weights: Vec<f32>,
    totals: Vec<f64>,
    stamps: Vec<u32>,
    step: u32,
}

impl Averaged {
    fn new(initial: Vec<f32>) -> Self {
        let n = initial.len();
        Self {
            weights: initial,
            totals: vec![0.0; n],
            stamps: vec![0; n],
            step: 0,
        }
    }

    fn add(&mut self, index: usize, delta: f32) {
        let elapsed = self.step - self.stamps[index];
        self.totals[index] += f64::from(self.weights[index]) * f64::from(elapsed);
        self.stamps[index] = self.step;
        self.weights[index] += delta;
    }

    fn average(&self, index: usize) -> f32 {
        if self.step == 0 {
            return self.weights[index];
        }
        let elapsed = self.step - self.stamps[index];
        let total = self.totals[index] + f64::from(self.weights[index]) * f64::from(elapsed);
        (total / f64::from(self.step)) as f32
    }
}

/// Trains a model on `corpora`, reporting progress (and scores on `dev`, when given, after
/// every epoch) through `progress`.
pub fn train(
    corpora: &[Corpus],
    dev: &[GoldDocument],
    options: &TrainOptions,
    lexicon: &'static Lexicon,
    progress: &mut dyn FnMut(Progress<'_>),
) -> Model {
    // Read every document as the tagger sees it (in parallel; order kept).
    let documents: Vec<(&GoldDocument, f32)> = corpora
        .iter()
        .flat_map(|c| c.documents.iter().map(move |d| (d, c.weight)))
        .collect();
    let prepared: Vec<Prepared> = documents
        .par_iter()
        .map(|(document, _)| prepare(document, lexicon))
        .collect();

    // Features: those of the starting model, then those seen often enough, in the
    // order first seen (so indexes are deterministic).
    let mut counts: FxHashMap<u64, u32> = FxHashMap::default();
    for p in &prepared {
        for n in 0..p.features.token_count() {
            for &hash in p.features.of(n) {
                *counts.entry(hash).or_default() += 1;
            }
        }
    }
    let mut index_of: FxHashMap<u64, u32> = FxHashMap::default();
    let mut keys: Vec<u64> = Vec::new();
    let mut initial: Vec<f32> = Vec::new();
    let mut transitions = vec![0.0; TAGS * TAGS];
    if let Some(model) = &options.from {
        for (key, weights) in model.features() {
            index_of.insert(key, keys.len() as u32);
            keys.push(key);
            initial.extend_from_slice(&weights);
        }
        for (slot, &value) in transitions.iter_mut().zip(model.transitions()) {
            *slot = if value.is_finite() { value } else { 0.0 };
        }
    }
    let mut data = Data {
        examples: Vec::new(),
        features_of: Vec::new(),
        indexes: Vec::new(),
    };
    let (mut names, mut unaligned) = (0, 0);
    for (p, &(_, weight)) in prepared.iter().zip(&documents) {
        names += p.names;
        unaligned += p.unaligned;
        let mut n = 0;
        for (run, gold) in p.features.runs.iter().zip(&p.gold) {
            let first = data.features_of.len();
            for _ in run.tokens.clone() {
                let start = data.indexes.len() as u32;
                for &hash in p.features.of(n) {
                    if counts.get(&hash).copied().unwrap_or(0) < options.min_count
                        && !index_of.contains_key(&hash)
                    {
                        continue;
                    }
                    let index = *index_of.entry(hash).or_insert_with(|| {
                        keys.push(hash);
                        initial.extend_from_slice(&[0.0; TAGS]);
                        (keys.len() - 1) as u32
                    });
                    data.indexes.push(index);
                }
                data.features_of.push(start..data.indexes.len() as u32);
                n += 1;
            }
            data.examples.push(Example {
                tokens: first..data.features_of.len(),
                gold: gold.clone(),
                weight,
            });
        }
    }
    drop(prepared);
    drop(counts);
    progress(Progress::Prepared {
        runs: data.examples.len(),
        tokens: data.features_of.len(),
        names,
        unaligned,
        features: keys.len(),
    });

    // Each round learns from the same data in its own visiting order (and its own
    // dropped features); the model is the mean of the rounds' averaged weights.
    let rounds = options.rounds.max(1);
    let mut weight_sums = vec![0f64; initial.len()];
    let mut transition_sums = vec![0f64; TAGS * TAGS];
    for round in 0..rounds {
        let seed = options.seed.wrapping_add(round as u64);
        let learned = Round {
            data: &data,
            keys: &keys,
            options,
            seed,
            round,
            rounds,
        }
        .learn(
            Averaged::new(initial.clone()),
            Averaged::new(transitions.clone()),
            dev,
            lexicon,
            progress,
        );
        for (i, sum) in weight_sums.iter_mut().enumerate() {
            *sum += f64::from(learned.0.average(i));
        }
        for (i, sum) in transition_sums.iter_mut().enumerate() {
            *sum += f64::from(learned.1.average(i));
        }
    }
    let mean = |sum: f64| (sum / rounds as f64) as f32;
    let weights: Vec<f32> = weight_sums.into_iter().map(mean).collect();
    let transitions: Vec<f32> = transition_sums.into_iter().map(mean).collect();
    model_of(&keys, |i| weights[i], |i| transitions[i])
}

/// One round of training: `options.epochs` passes over `data` in an order drawn from
/// `seed`.
struct Round<'a> {
    data: &'a Data,
    keys: &'a [u64],
    options: &'a TrainOptions,
    seed: u64,
    /// Which round (from 0) of how many (for progress).
    round: usize,
    rounds: usize,
}

impl Round<'_> {
    /// Learns from `weights` and `transitions` on, returning them with their averages.
    fn learn(
        &self,
        mut weights: Averaged,
        mut transitions: Averaged,
        dev: &[GoldDocument],
        lexicon: &'static Lexicon,
        progress: &mut dyn FnMut(Progress<'_>),
    ) -> (Averaged, Averaged) {
        let data = self.data;
        let mut order: Vec<usize> = (0..data.examples.len()).collect();
        let mut random = SplitMix(self.seed);
        // Features left out of a step: each occurrence with probability `dropout`, drawn
        // from a sequence of its own so that the visiting order does not depend on it.
        let mut dropping = SplitMix(self.seed ^ DROPOUT_STREAM);
        let threshold = (f64::from(self.options.dropout.clamp(0.0, 1.0)) * u64::MAX as f64) as u64;
        let mut dropped = || threshold > 0 && dropping.next() < threshold;
        let mut step = Step::default();
        let report_every = (data.examples.len() / 20).max(1);
        for epoch in 1..=self.options.epochs {
            random.shuffle(&mut order);
            let mut mistakes = 0;
            for (done, &e) in order.iter().enumerate() {
                let example = &data.examples[e];
                if step.learn(data, example, &mut dropped, &mut weights, &mut transitions) {
                    mistakes += 1;
                }
                if (done + 1) % report_every == 0 {
                    progress(Progress::Step {
                        round: self.round + 1,
                        epoch,
                        done: done + 1,
                        of: order.len(),
                    });
                }
            }
            let scored = (!dev.is_empty()).then(|| {
                let model = model_of(
                    self.keys,
                    |i| weights.average(i),
                    |i| transitions.average(i),
                );
                let recogniser = crate::recognise::with_model(lexicon, Arc::new(model), None);
                eval::evaluate(dev, &recogniser)
            });
            progress(Progress::Epoch {
                round: self.round + 1,
                rounds: self.rounds,
                epoch,
                of: self.options.epochs,
                mistakes,
                dev: scored.as_ref(),
            });
        }
        (weights, transitions)
    }
}

/// The buffers of one training step, kept from step to step.
#[derive(Default)]
struct Step {
    /// The features of the example's tokens that were not dropped, ...
    kept: Vec<u32>,
    /// ... each token's range in `kept`.
    kept_of: Vec<Range<usize>>,
    /// `TAGS` scores per token.
    scores: Vec<f32>,
    /// The best sequence.
    predicted: Vec<u8>,
}

impl Step {
    /// Decodes `example` with the current weights, leaving out every feature occurrence
    /// `dropped` says to (asked once per occurrence, in order), and corrects the weights
    /// where the best sequence is not the gold one; returns whether it was not.
    fn learn(
        &mut self,
        data: &Data,
        example: &Example,
        dropped: &mut impl FnMut() -> bool,
        weights: &mut Averaged,
        transitions: &mut Averaged,
    ) -> bool {
        self.kept.clear();
        self.kept_of.clear();
        for t in example.tokens.clone() {
            let range = &data.features_of[t];
            let first = self.kept.len();
            for &f in &data.indexes[range.start as usize..range.end as usize] {
                if !dropped() {
                    self.kept.push(f);
                }
            }
            self.kept_of.push(first..self.kept.len());
        }
        self.scores.clear();
        self.scores.resize(example.gold.len() * TAGS, 0.0);
        for (chunk, features) in self.scores.chunks_mut(TAGS).zip(&self.kept_of) {
            for &f in &self.kept[features.clone()] {
                let row = &weights.weights[f as usize * TAGS..(f as usize + 1) * TAGS];
                for (s, w) in chunk.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
        // Viterbi never takes a transition the tag grammar forbids, whatever its weight.
        let learned: &[f32; TAGS * TAGS] = transitions
            .weights
            .as_slice()
            .try_into()
            .expect("one weight per transition");
        tags::viterbi(&self.scores, learned, &mut self.predicted);
        weights.step += 1;
        transitions.step += 1;
        let wrong = self.predicted != example.gold;
        if wrong {
            self.correct(example, weights, transitions);
        }
        wrong
    }

    /// Moves the weights of the gold tags' kept features and transitions up and the
    /// predicted ones' down, by the example's weight.
    fn correct(&self, example: &Example, weights: &mut Averaged, transitions: &mut Averaged) {
        let delta = example.weight;
        let before = |tags: &[u8], position: usize| {
            position
                .checked_sub(1)
                .map_or(tags::OUTSIDE, |previous| tags[previous])
        };
        for (position, features) in self.kept_of.iter().enumerate() {
            let (gold, guess) = (example.gold[position], self.predicted[position]);
            if gold != guess {
                for &f in &self.kept[features.clone()] {
                    weights.add(f as usize * TAGS + usize::from(gold), delta);
                    weights.add(f as usize * TAGS + usize::from(guess), -delta);
                }
            }
            let (gold_from, guess_from) = (
                before(&example.gold, position),
                before(&self.predicted, position),
            );
            if (gold_from, gold) != (guess_from, guess) {
                transitions.add(usize::from(gold_from) * TAGS + usize::from(gold), delta);
                transitions.add(usize::from(guess_from) * TAGS + usize::from(guess), -delta);
            }
        }
    }
}

/// A model of `weight(i)` for each of `TAGS` weights per key of `keys` and `transition(i)`
/// for each transition, leaving out features whose weights all round to zero.
fn model_of(
    keys: &[u64],
    weight: impl Fn(usize) -> f32,
    transition: impl Fn(usize) -> f32,
) -> Model {
    let mut features = Vec::with_capacity(keys.len());
    for (row, &key) in keys.iter().enumerate() {
        let mut row_weights = [0f32; TAGS];
        for (t, slot) in row_weights.iter_mut().enumerate() {
            *slot = weight(row * TAGS + t);
        }
        if row_weights.iter().any(|w| w.abs() >= 1e-3) {
            features.push((key, row_weights));
        }
    }
    let mut table = [0f32; TAGS * TAGS];
    for (i, slot) in table.iter_mut().enumerate() {
        *slot = transition(i);
    }
    Model::from_weights(features, table)
}
