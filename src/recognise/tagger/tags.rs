//! BILOU tags over the four entity types, the transitions they allow, and Viterbi decoding.
//!
//! A name of one token is `U`, a longer one `B I* L`; every other token is `O`. Tag 0 is
//! `O`; type `t` (in [`EntityType::ALL`] order) owns tags `1 + 4t ..= 4 + 4t` for `B`, `I`,
//! `L`, `U`.

use crate::entity_type::EntityType;
use std::ops::Range;

/// How many tags there are: `O` and four per type.
pub const TAGS: usize = 1 + 4 * EntityType::ALL.len();

/// The tag outside every name.
pub const OUTSIDE: u8 = 0;

/// Where a token is in a name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// First of several.
    Begin,
    /// Inside, neither first nor last.
    Inside,
    /// Last of several.
    Last,
    /// The whole name.
    Unit,
}

/// The tag of `part` of a name of `entity_type`.
pub fn tag(entity_type: EntityType, part: Part) -> u8 {
    let t = type_index(entity_type) as u8;
    1 + 4 * t
        + match part {
            Part::Begin => 0,
            Part::Inside => 1,
            Part::Last => 2,
            Part::Unit => 3,
        }
}

/// The type and part of a tag, `None` for `O`.
pub fn parts(tag: u8) -> Option<(EntityType, Part)> {
    if tag == OUTSIDE {
        return None;
    }
    let index = usize::from(tag - 1);
    let part = [Part::Begin, Part::Inside, Part::Last, Part::Unit][index % 4];
    Some((EntityType::ALL[index / 4], part))
}

/// The position of `entity_type` in [`EntityType::ALL`].
fn type_index(entity_type: EntityType) -> usize {
    EntityType::ALL
        .iter()
        .position(|&t| t == entity_type)
        .unwrap_or_default()
}

/// The tag's label: `O`, `B-PERSON`, `U-LAW`, ...
pub fn label(tag: u8) -> String {
    match parts(tag) {
        None => "O".to_owned(),
        Some((t, part)) => {
            let p = match part {
                Part::Begin => 'B',
                Part::Inside => 'I',
                Part::Last => 'L',
                Part::Unit => 'U',
            };
            format!("{p}-{}", t.label())
        }
    }
}

/// Whether a name may end after `tag` (so `O`, `B` or `U` may follow).
fn closed(tag: u8) -> bool {
    matches!(parts(tag), None | Some((_, Part::Last | Part::Unit)))
}

/// Whether `next` may follow `previous`.
pub fn allowed(previous: u8, next: u8) -> bool {
    allowed_table()[usize::from(previous)][usize::from(next)]
}

/// [`allowed`] for every pair, computed once.
fn allowed_table() -> &'static [[bool; TAGS]; TAGS] {
    static TABLE: std::sync::OnceLock<[[bool; TAGS]; TAGS]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [[false; TAGS]; TAGS];
        for (p, row) in table.iter_mut().enumerate() {
            for (n, cell) in row.iter_mut().enumerate() {
                *cell = computed_allowed(p as u8, n as u8);
            }
        }
        table
    })
}

/// What [`viterbi`] reads of the tag grammar, computed once.
struct Grammar {
    /// For every tag, the tags [`allowed`] before it, in ascending order.
    predecessors: [Vec<u8>; TAGS],
    /// Whether a sequence may start with each tag ([`may_start`]).
    starts: [bool; TAGS],
    /// Whether a name may end after each tag ([`closed`]).
    closed: [bool; TAGS],
}

fn grammar() -> &'static Grammar {
    static GRAMMAR: std::sync::OnceLock<Grammar> = std::sync::OnceLock::new();
    GRAMMAR.get_or_init(|| Grammar {
        predecessors: std::array::from_fn(|next| {
            (0..TAGS as u8)
                .filter(|&previous| allowed(previous, next as u8))
                .collect()
        }),
        starts: std::array::from_fn(|t| may_start(t as u8)),
        closed: std::array::from_fn(|t| closed(t as u8)),
    })
}

fn computed_allowed(previous: u8, next: u8) -> bool {
    match parts(next) {
        None | Some((_, Part::Begin | Part::Unit)) => closed(previous),
        Some((t, Part::Inside | Part::Last)) => {
            matches!(parts(previous), Some((p, Part::Begin | Part::Inside)) if p == t)
        }
    }
}

/// Whether a sequence may start with `tag`.
pub fn may_start(tag: u8) -> bool {
    closed(OUTSIDE) && allowed(OUTSIDE, tag)
}

/// The tags of `names` (token ranges, relative to the sequence, never overlapping) over
/// a sequence of `len` tokens.
pub fn encode(len: usize, names: &[(Range<usize>, EntityType)]) -> Vec<u8> {
    let mut tags = vec![OUTSIDE; len];
    for (range, entity_type) in names {
        if range.len() == 1 {
            tags[range.start] = tag(*entity_type, Part::Unit);
            continue;
        }
        for i in range.clone() {
            let part = if i == range.start {
                Part::Begin
            } else if i + 1 == range.end {
                Part::Last
            } else {
                Part::Inside
            };
            tags[i] = tag(*entity_type, part);
        }
    }
    tags
}

/// The names a valid tag sequence spells.
pub fn decode(tags: &[u8]) -> Vec<(Range<usize>, EntityType)> {
    let mut names = Vec::new();
    let mut start = 0;
    for (i, &t) in tags.iter().enumerate() {
        match parts(t) {
            Some((entity_type, Part::Unit)) => names.push((i..i + 1, entity_type)),
            Some((_, Part::Begin)) => start = i,
            Some((entity_type, Part::Last)) => names.push((start..i + 1, entity_type)),
            _ => {}
        }
    }
    names
}

/// The best valid tag sequence, given each token's score for each tag (`scores[i * TAGS +
/// tag]`) and the score of each transition (`transitions[previous * TAGS + next]`). Ties go
/// to the lower tag, so the answer is a pure function of the scores. Transitions the tag
/// grammar forbids are never taken, whatever their weight.
pub fn viterbi(scores: &[f32], transitions: &[f32; TAGS * TAGS], tags: &mut Vec<u8>) {
    let len = scores.len() / TAGS;
    tags.clear();
    if len == 0 {
        return;
    }
    let grammar = grammar();
    // The best score of a sequence ending in each tag at this token (the previous
    // token's is all the next step reads), and at every token after the first, the tag
    // before each tag on its best sequence (nothing to allocate for a run of one token,
    // the most common).
    let mut best = [f32::NEG_INFINITY; TAGS];
    let mut back = vec![0u8; (len - 1) * TAGS];
    for t in 0..TAGS {
        if grammar.starts[t] {
            best[t] = scores[t];
        }
    }
    for i in 1..len {
        let previous_best = best;
        for (next, before) in grammar.predecessors.iter().enumerate() {
            let mut top = f32::NEG_INFINITY;
            let mut from = 0;
            // In ascending order, and only the allowed ones: the first best one wins.
            for &previous in before {
                let value = previous_best[usize::from(previous)]
                    + transitions[usize::from(previous) * TAGS + next];
                if value > top {
                    top = value;
                    from = previous;
                }
            }
            best[next] = top + scores[i * TAGS + next];
            back[(i - 1) * TAGS + next] = from;
        }
    }
    let mut last = 0;
    let mut top = f32::NEG_INFINITY;
    for (t, (&value, &closed)) in best.iter().zip(&grammar.closed).enumerate() {
        if closed && value > top {
            top = value;
            last = t as u8;
        }
    }
    tags.resize(len, OUTSIDE);
    tags[len - 1] = last;
    for i in (1..len).rev() {
        tags[i - 1] = back[(i - 1) * TAGS + usize::from(tags[i])];
    }
}
