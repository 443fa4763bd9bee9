//! One look-up per token for everything the embedded lexicon knows about a word.

use crate::lexicon::{Lexicon, PhraseSet, PlaceKind};

/// The bits of `Info::lexicons` (parent module) for organisation, law and place head
/// words: their positions in [`phrase_sets`].
pub(super) const ORG_HEAD: u32 = 4;
pub(super) const LAW_HEAD: u32 = 6;
pub(super) const PLACE_HEAD: u32 = 7;

/// Every word list of the lexicon a token may belong to; a list's position is its bit.
fn phrase_sets(lexicon: &Lexicon) -> [&PhraseSet; LISTS] {
    [
        &lexicon.given_names,
        &lexicon.surnames,
        &lexicon.common_words,
        &lexicon.titles,
        &lexicon.org_heads,
        &lexicon.org_prefixes,
        &lexicon.law_heads,
        &lexicon.place_heads,
        &lexicon.place_prefixes,
        &lexicon.event_heads,
        &lexicon.time_words,
        &lexicon.function_words,
        &lexicon.org_nouns,
        &lexicon.person_nouns,
        &lexicon.place_nouns,
        &lexicon.misc_words,
        &lexicon.person_roles,
        &lexicon.common_acronyms,
        &lexicon.feature_words,
        &lexicon.work_nouns,
    ]
}

/// The bit of [`LexiconIndex`] for words that start a gazetteer place name of several
/// words.
pub(super) const PLACE_START: u32 = 1 << 25;

/// How many word lists [`phrase_sets`] names.
pub(super) const LISTS: usize = 20;

/// For every single word of the lexicon's word lists, gazetteer places and demonyms, what
/// it is (the bits of `Info::lexicons` in the parent module): one look-up per token instead of one per list.
///
/// Its keys are the lexicon's own strings, borrowed: building it allocates nothing per
/// word (it is built at every start of a process that tags).
#[derive(Debug, Default)]
pub struct LexiconIndex<'a> {
    words: rustc_hash::FxHashMap<&'a str, u32>,
}

impl<'a> LexiconIndex<'a> {
    fn build(lexicon: &'a Lexicon) -> Self {
        let sets = phrase_sets(lexicon);
        let size = sets.iter().map(|set| set.len()).sum::<usize>() + lexicon.place_name_count();
        let mut words: rustc_hash::FxHashMap<&'a str, u32> =
            rustc_hash::FxHashMap::with_capacity_and_hasher(size, Default::default());
        for (bit, set) in sets.iter().enumerate() {
            for phrase in set.iter().filter(|p| !p.contains(' ')) {
                *words.entry(phrase).or_default() |= 1 << bit;
            }
        }
        for (name, place) in lexicon.folded_place_names() {
            match name.split_once(' ') {
                None => *words.entry(name).or_default() |= (place.kind as u32 + 1) << 20,
                Some((first, _)) => *words.entry(first).or_default() |= PLACE_START,
            }
        }
        for demonym in lexicon.folded_demonyms().filter(|d| !d.contains(' ')) {
            *words.entry(demonym).or_default() |= 1 << 24;
        }
        Self { words }
    }

    /// The index of `lexicon`, built once per process for the embedded lexicon (and for
    /// each use for any other).
    pub fn of(lexicon: &'a Lexicon) -> std::sync::Arc<LexiconIndex<'a>> {
        static EMBEDDED: std::sync::OnceLock<std::sync::Arc<LexiconIndex<'static>>> =
            std::sync::OnceLock::new();
        let embedded = Lexicon::embedded();
        if std::ptr::eq(lexicon, embedded) {
            EMBEDDED
                .get_or_init(|| std::sync::Arc::new(LexiconIndex::build(embedded)))
                .clone()
        } else {
            std::sync::Arc::new(LexiconIndex::build(lexicon))
        }
    }

    /// The lists the folded word `fold` is in.
    pub(super) fn lists(&self, fold: &str) -> u32 {
        self.words.get(fold).copied().unwrap_or(0)
    }
}

pub(super) fn place_kind(kind: PlaceKind) -> &'static str {
    match kind {
        PlaceKind::Country => "country",
        PlaceKind::Region => "region",
        PlaceKind::Subdivision => "subdivision",
        PlaceKind::City => "city",
    }
}
