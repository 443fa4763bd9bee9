//! Stage 4, resolve: mentions to entities, within a document and then across documents.
//!
//! The same clustering runs twice. Within a document its items are mentions; across
//! documents they are the documents' entities. Items of one type join when (in order):
//! 1. `same-name`: their names fold to the same key ("Nicolás Maduro" = "Nicolas
//!    Maduro"), or they are the same gazetteer place ("US" = "U.S." = "United States"),
//!    or the same law with and without its year;
//! 2. `stated-alias`: the text says so ("Centre – or CECOT", "(IACHR)"), within a
//!    document only;
//! 3. `shared-alias`: one item's name is a name of exactly one other cluster;
//! 4. `surname` / `given-name`: a one-word person name is the last (or, for a known given
//!    name, the first) word of exactly one longer person name;
//! 5. `acronym-initials`: an acronym spells the initials of exactly one longer name.
//!
//! "Exactly one" is the guard against merging two people who share a surname: when the
//! evidence is ambiguous nothing is merged. Every merge is recorded with its rule, and the
//! user's same / not-same decisions ([`Decisions`]) override the rules.

use crate::entity_type::EntityType;
use crate::lexicon::{Lexicon, fold};
use crate::recognise::Recognition;
use rustc_hash::FxHashMap as HashMap;
use serde::{Deserialize, Serialize};
use std::borrow::{Borrow, Cow};
use std::collections::BTreeMap;

/// Why two names were put into one entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Merge {
    /// The rule, e.g. `surname`.
    pub rule: String,
    /// The name that joined ("Trump").
    pub name: String,
    /// The name it joined ("Donald Trump").
    pub into: String,
}

/// One resolved entity: a cluster of mentions or of documents' entities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Its type.
    pub entity_type: EntityType,
    /// The canonical name.
    pub label: String,
    /// Every surface form and how often it occurs.
    pub names: BTreeMap<String, usize>,
    /// Index of its gazetteer place in [`Lexicon::places`], if it is one.
    pub place: Option<usize>,
    /// The year in a law's name ("Act of 1798").
    pub year: Option<u16>,
    /// How the cluster was formed.
    pub merges: Vec<Merge>,
    /// Whether the type is only a guess from the shape of the names (every mention typed
    /// by a weak rule). A weak entity may join an entity of another type, taking its type.
    pub weak: bool,
}

impl Entity {
    /// Other names than the label, sorted.
    pub fn alt_labels(&self) -> impl Iterator<Item = &str> {
        self.names
            .keys()
            .map(String::as_str)
            .filter(move |n| *n != self.label)
    }

    /// Number of mentions.
    pub fn mention_count(&self) -> usize {
        self.names.values().sum()
    }
}

/// The entities of one document and which entity each mention names.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DocumentEntities {
    /// The entities.
    pub entities: Vec<Entity>,
    /// For each mention of the recognition, the index of its entity.
    pub mention_entity: Vec<usize>,
}

/// A user's decisions that override the merge rules.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Decisions {
    /// Pairs of folded names that must be one entity.
    pub same: Vec<(String, String)>,
    /// Pairs of folded names that must stay apart.
    pub not_same: Vec<(String, String)>,
    /// Pairs of folded names that a user gazetteer lists as one entry (rule
    /// `gazetteer-alias`).
    pub aliases: Vec<(String, String)>,
}

/// A line of a decisions file that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}: {message}")]
pub struct DecisionsError {
    /// The file.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl Decisions {
    /// A fingerprint of the decisions, for [`crate::pipeline::extraction_key`].
    pub fn fingerprint(&self) -> String {
        let mut hasher = blake3::Hasher::new();
        for (kind, pairs) in [
            ("same", &self.same),
            ("not-same", &self.not_same),
            ("alias", &self.aliases),
        ] {
            let mut sorted: Vec<&(String, String)> = pairs.iter().collect();
            sorted.sort();
            for (a, b) in sorted {
                hasher.update(format!("{kind}\t{a}\t{b}\n").as_bytes());
            }
        }
        hasher.finalize().to_hex().to_string()
    }

    /// Parses a decisions file: `same<TAB>name<TAB>name` or `not-same<TAB>name<TAB>name`
    /// per line; blank lines and `#` comments are skipped.
    ///
    /// # Errors
    /// [`DecisionsError`] naming the first bad line.
    pub fn parse(path: &str, text: &str) -> Result<Self, DecisionsError> {
        let mut decisions = Self::default();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').map(str::trim).collect();
            let error = |message: &str| DecisionsError {
                path: path.to_owned(),
                line: index + 1,
                message: message.to_owned(),
            };
            let [kind, a, b] = fields.as_slice() else {
                return Err(error(
                    "expected three tab-separated fields: same|not-same, name, name",
                ));
            };
            let pair = (fold(a), fold(b));
            match *kind {
                "same" => decisions.same.push(pair),
                "not-same" => decisions.not_same.push(pair),
                other => {
                    return Err(error(&format!(
                        "unknown decision {other:?}: expected same or not-same"
                    )));
                }
            }
        }
        Ok(decisions)
    }
}

/// The whole corpus resolved: global entities and, per document, local -> global.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EntityTable {
    /// Global entities, sorted by type then label.
    pub entities: Vec<Entity>,
    /// `local_to_global[document][local entity]` is the global entity index.
    pub local_to_global: Vec<Vec<usize>>,
}

/// Mentions at or below this confidence are typed by a guess (see [`Entity::weak`]).
pub const WEAK_CONFIDENCE: f32 = 0.5;

/// Resolves the mentions of one document.
pub fn resolve_document(
    text: &str,
    recognition: &Recognition,
    lexicon: &Lexicon,
    decisions: &Decisions,
) -> DocumentEntities {
    // Mentions of one type, weakness and text are one item (the same-name rule would
    // join them first anyway), named as often as they occur.
    let mut item_of: HashMap<(EntityType, bool, &str), usize> = HashMap::default();
    let mut items: Vec<Entity> = Vec::new();
    let mention_item: Vec<usize> = recognition
        .mentions
        .iter()
        .map(|m| {
            let name = m.span.of(text);
            let weak = m.confidence <= WEAK_CONFIDENCE;
            let item = *item_of
                .entry((m.entity_type, weak, name))
                .or_insert_with(|| {
                    items.push(Entity {
                        weak,
                        ..Entity::from_names(
                            m.entity_type,
                            BTreeMap::from([(name.to_owned(), 0)]),
                            lexicon,
                        )
                    });
                    items.len() - 1
                });
            *items[item].names.get_mut(name).expect("its own name") += 1;
            item
        })
        .collect();
    let links: Vec<(usize, usize, &str)> = recognition
        .aliases
        .iter()
        .map(|a| (mention_item[a.short], mention_item[a.long], "stated-alias"))
        .collect();
    let (entities, assignment) = cluster(items, &links, lexicon, decisions);
    DocumentEntities {
        entities,
        mention_entity: mention_item.iter().map(|&item| assignment[item]).collect(),
    }
}

/// Resolves the documents' entities into global ones (see [`LocalEntities`]).
pub fn resolve_corpus<D: Borrow<DocumentEntities>>(
    documents: &[D],
    lexicon: &Lexicon,
    decisions: &Decisions,
) -> EntityTable {
    let mut locals = LocalEntities::default();
    let ids: Vec<Vec<usize>> = documents
        .iter()
        .map(|d| d.borrow().entities.iter().map(|e| locals.add(e)).collect())
        .collect();
    let (entities, to_global) = locals.resolve(lexicon, decisions);
    EntityTable {
        entities,
        local_to_global: ids
            .into_iter()
            .map(|ids| ids.into_iter().map(|id| to_global[id]).collect())
            .collect(),
    }
}

/// The documents' own entities, gathered for corpus-level resolution, each distinct one
/// kept once: entities of one type and weakness with the same names are one item whose
/// name counts are summed. A corpus that names the same people in thousands of
/// documents therefore costs memory for the people, not for the documents, and the
/// result depends on the set of entities, not on the order documents come in.
#[derive(Debug, Default)]
pub struct LocalEntities {
    index: HashMap<(EntityType, bool, Vec<String>), usize>,
    items: Vec<LocalItem>,
}

/// One distinct local entity: its type, weakness and summed name counts.
#[derive(Debug)]
struct LocalItem {
    entity_type: EntityType,
    weak: bool,
    names: BTreeMap<String, usize>,
}

impl LocalEntities {
    /// Adds one document's entity; returns its item id.
    pub fn add(&mut self, entity: &Entity) -> usize {
        self.add_names(entity.entity_type, entity.weak, &entity.names)
    }

    /// Adds an entity of this type and weakness with these names and counts (one
    /// document's, or an item of another `LocalEntities`, whose counts are summed into
    /// this one's); returns its item id.
    pub fn add_names(
        &mut self,
        entity_type: EntityType,
        weak: bool,
        names: &BTreeMap<String, usize>,
    ) -> usize {
        let key = (entity_type, weak, names.keys().cloned().collect::<Vec<_>>());
        let id = *self.index.entry(key).or_insert_with(|| {
            self.items.push(LocalItem {
                entity_type,
                weak,
                names: BTreeMap::new(),
            });
            self.items.len() - 1
        });
        for (name, count) in names {
            *self.items[id].names.entry(name.clone()).or_default() += count;
        }
        id
    }

    /// The items in id order: type, weakness and summed name counts.
    pub fn items(&self) -> impl Iterator<Item = (EntityType, bool, &BTreeMap<String, usize>)> {
        self.items
            .iter()
            .map(|item| (item.entity_type, item.weak, &item.names))
    }

    /// Number of distinct items.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether nothing was added.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Clusters the items into global entities (sorted by type then label); returns
    /// them and each item id's global entity.
    pub fn resolve(self, lexicon: &Lexicon, decisions: &Decisions) -> (Vec<Entity>, Vec<usize>) {
        drop(self.index);
        // Items in a fixed order (type, weakness, names), whatever order they came in.
        let mut order: Vec<usize> = (0..self.items.len()).collect();
        order.sort_by(|&a, &b| {
            let (a, b) = (&self.items[a], &self.items[b]);
            (a.entity_type, a.weak)
                .cmp(&(b.entity_type, b.weak))
                .then_with(|| a.names.keys().cmp(b.names.keys()))
        });
        let mut slots: Vec<Option<LocalItem>> = self.items.into_iter().map(Some).collect();
        let items: Vec<Entity> = order
            .iter()
            .map(|&id| {
                let item = slots[id].take().expect("each item once");
                Entity {
                    weak: item.weak,
                    ..Entity::from_names(item.entity_type, item.names, lexicon)
                }
            })
            .collect();
        let (entities, assignment) = cluster(items, &[], lexicon, decisions);
        let mut to_global = vec![0; order.len()];
        for (position, &id) in order.iter().enumerate() {
            to_global[id] = assignment[position];
        }
        (entities, to_global)
    }
}

impl Entity {
    /// An entity with these names; label, gazetteer place and law year are derived from
    /// the names alone, so the same names always give the same entity.
    pub fn from_names(
        entity_type: EntityType,
        names: BTreeMap<String, usize>,
        lexicon: &Lexicon,
    ) -> Self {
        let place = if entity_type == EntityType::Place {
            names.keys().find_map(|name| lexicon.place_index(name))
        } else {
            None
        };
        let mut label = match place {
            Some(p) => lexicon.places[p].name.clone(),
            None => canonical_name(&names),
        };
        let mut year = None;
        if entity_type == EntityType::Law {
            year = names.keys().find_map(|n| law_without_year(n).1);
            let head_len = law_without_year(&label).0.len();
            label.truncate(head_len);
        }
        Entity {
            entity_type,
            label,
            names,
            place,
            year,
            merges: Vec::new(),
            weak: false,
        }
    }
}

/// The identity key of a name: folded, without a leading "the" and, for laws, without a
/// trailing "of 1798" / "1798".
pub fn name_key(entity_type: EntityType, name: &str) -> String {
    let mut key = fold(name);
    if key.starts_with("the ") {
        key.drain(.."the ".len());
    }
    if entity_type == EntityType::Law {
        // The name without its year is a prefix of it.
        let len = law_without_year(&key).0.len();
        key.truncate(len);
    }
    key.retain(|c| c.is_alphanumeric() || c == ' ');
    key
}

/// Splits "alien enemies act of 1798" into ("alien enemies act", Some(1798)).
pub(crate) fn law_without_year(name: &str) -> (&str, Option<u16>) {
    let trimmed = name.trim_end();
    let Some((head, year)) = trimmed.rsplit_once(' ') else {
        return (trimmed, None);
    };
    let Ok(year) = year.parse::<u16>() else {
        return (trimmed, None);
    };
    if !(1000..=2999).contains(&year) {
        return (trimmed, None);
    }
    let head = head
        .strip_suffix(" of")
        .unwrap_or(head)
        .trim_end_matches(',');
    (head, Some(year))
}

struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    /// Joins two sets, keeping the smaller index as root (deterministic).
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        let (root, child) = (a.min(b), a.max(b));
        self.parent[child] = root;
        true
    }
}

/// Clusters items; returns the clusters (sorted by type and label) and each item's cluster.
fn cluster(
    items: Vec<Entity>,
    links: &[(usize, usize, &str)],
    lexicon: &Lexicon,
    decisions: &Decisions,
) -> (Vec<Entity>, Vec<usize>) {
    let mut sets = UnionFind {
        parent: (0..items.len()).collect(),
    };
    let mut merges: Vec<(usize, usize, &str)> = Vec::new();
    let forbidden = |a: &Entity, b: &Entity| {
        decisions.not_same.iter().any(|(x, y)| {
            let has = |e: &Entity, n: &str| e.names.keys().any(|k| fold(k) == n);
            (has(a, x) && has(b, y)) || (has(a, y) && has(b, x))
        })
    };
    let join =
        |sets: &mut UnionFind, a: usize, b: usize, rule: &'static str, merges: &mut Vec<_>| {
            let compatible =
                items[a].entity_type == items[b].entity_type || items[a].weak || items[b].weak;
            if compatible && !forbidden(&items[a], &items[b]) && sets.union(a, b) {
                merges.push((a, b, rule));
            }
        };

    // What the rules that need the clusters look up of each name, computed once.
    let features: Vec<Vec<NameFeatures>> = items
        .iter()
        .map(|item| {
            item.names
                .keys()
                .map(|name| NameFeatures::of(item.entity_type, name))
                .collect()
        })
        .collect();
    // Each item's label key, computed once (its name's key when the label is a name).
    let label_keys: Vec<Cow<'_, str>> = items
        .iter()
        .zip(&features)
        .map(
            |(item, features)| match item.names.keys().position(|name| *name == item.label) {
                Some(name) => Cow::Borrowed(features[name].key.as_str()),
                None => Cow::Owned(name_key(item.entity_type, &item.label)),
            },
        )
        .collect();
    // 1. Same key (or same gazetteer place).
    let mut by_key: HashMap<(EntityType, SameNameKey<'_>), usize> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        let key = match item.place {
            Some(place) => SameNameKey::Place(place),
            None => SameNameKey::Name(&label_keys[i]),
        };
        match by_key.entry((item.entity_type, key)) {
            std::collections::hash_map::Entry::Occupied(first) => {
                join(&mut sets, i, *first.get(), "same-name", &mut merges)
            }
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(i);
            }
        }
    }
    // 2. Stated aliases.
    for &(a, b, _) in links {
        join(&mut sets, a, b, "stated-alias", &mut merges);
    }
    // 2b. The user's "same" decisions and gazetteer aliases.
    if !decisions.same.is_empty() || !decisions.aliases.is_empty() {
        let mut first_with: HashMap<String, usize> = HashMap::default();
        for (i, item) in items.iter().enumerate() {
            for name in item.names.keys() {
                first_with.entry(fold(name)).or_insert(i);
            }
        }
        let pairs = (decisions.same.iter().map(|p| (p, "user-decision")))
            .chain(decisions.aliases.iter().map(|p| (p, "gazetteer-alias")));
        for ((x, y), rule) in pairs {
            if let (Some(&a), Some(&b)) = (first_with.get(x), first_with.get(y))
                && (rule == "user-decision" || !forbidden(&items[a], &items[b]))
                && sets.union(a, b)
            {
                merges.push((a, b, rule));
            }
        }
    }
    // 3-5. Rules that need the clusters so far: only unambiguous matches join.
    // A weak item's label is looked up under every type: its key as a law when it is not
    // one, as anything else when it is (only a law's key differs, see `name_key`).
    let other_keys: Vec<Option<String>> = items
        .iter()
        .map(|item| {
            let other_type = match item.entity_type {
                EntityType::Law => EntityType::Person,
                _ => EntityType::Law,
            };
            item.weak.then(|| name_key(other_type, &item.label))
        })
        .collect();
    for _ in 0..2 {
        let clusters = Clusters::of(&mut sets, items.len());
        // Every name has a key; fewer have a surname or initials, so those maps grow as
        // needed rather than being made as large.
        let names = features.iter().map(Vec::len).sum();
        let mut name_owners: HashMap<(EntityType, &str), Owners> =
            HashMap::with_capacity_and_hasher(names, Default::default());
        let mut surname_owners: HashMap<&str, Owners> = HashMap::default();
        let mut given_owners: HashMap<&str, Owners> = HashMap::default();
        let mut initials_owners: HashMap<(EntityType, &str), Owners> = HashMap::default();
        for (root, members) in clusters.iter() {
            for m in members {
                let entity_type = items[m].entity_type;
                for name in &features[m] {
                    name_owners
                        .entry((entity_type, &name.key))
                        .or_default()
                        .add(root);
                    if let Some((given, surname)) = &name.given_and_surname {
                        surname_owners.entry(surname).or_default().add(root);
                        given_owners.entry(given).or_default().add(root);
                    }
                    if let Some(initials) = &name.initials {
                        initials_owners
                            .entry((entity_type, initials))
                            .or_default()
                            .add(root);
                    }
                }
            }
        }
        for (root, mut members) in clusters.iter() {
            let item = &items[root];
            let key: &str = &label_keys[root];
            let one_word = !item.label.contains(char::is_whitespace);
            let owners = |t: EntityType| {
                let key = match &other_keys[root] {
                    Some(other)
                        if (t == EntityType::Law) != (item.entity_type == EntityType::Law) =>
                    {
                        other.as_str()
                    }
                    _ => key,
                };
                Owners::roots(name_owners.get(&(t, key)))
            };
            let other = if item.weak {
                unique_other(EntityType::ALL.into_iter().flat_map(owners), root)
            } else {
                unique_other(owners(item.entity_type), root)
            };
            if let Some(other) = other {
                join(&mut sets, root, other, "shared-alias", &mut merges);
                continue;
            }
            if !one_word || members.any(|m| items[m].names.keys().any(|n| n.contains(' '))) {
                continue;
            }
            if item.entity_type == EntityType::Person || item.weak {
                if let Some(other) = unique_other(Owners::roots(surname_owners.get(key)), root) {
                    join(&mut sets, root, other, "surname", &mut merges);
                } else if lexicon.given_names.contains_folded(key)
                    && let Some(other) = unique_other(Owners::roots(given_owners.get(key)), root)
                {
                    join(&mut sets, root, other, "given-name", &mut merges);
                }
            } else if is_acronym(&item.label)
                && let Some(other) = unique_other(
                    Owners::roots(
                        initials_owners
                            .get(&(item.entity_type, item.label.replace('.', "").as_str())),
                    ),
                    root,
                )
            {
                join(&mut sets, root, other, "acronym-initials", &mut merges);
            }
        }
    }
    // The look-ups are done with: free them before the clusters are built.
    drop(by_key);
    drop(other_keys);
    drop(label_keys);
    drop(features);
    build_clusters(items, &mut sets, &merges, lexicon)
}

/// The clusters of items so far.
struct Clusters {
    /// Every item as (its root, itself), sorted.
    order: Vec<(usize, usize)>,
}

impl Clusters {
    /// The clusters of items `0..len`.
    fn of(sets: &mut UnionFind, len: usize) -> Self {
        let mut order: Vec<(usize, usize)> = (0..len).map(|i| (sets.find(i), i)).collect();
        order.sort_unstable();
        Clusters { order }
    }

    /// Number of clusters.
    fn len(&self) -> usize {
        self.order.chunk_by(|a, b| a.0 == b.0).count()
    }

    /// Each root (ascending) with its members (ascending).
    fn iter(&self) -> impl Iterator<Item = (usize, impl Iterator<Item = usize> + Clone + '_)> + '_ {
        self.order
            .chunk_by(|a, b| a.0 == b.0)
            .map(|cluster| (cluster[0].0, cluster.iter().map(|&(_, member)| member)))
    }
}

/// The roots of the clusters that have a name, added by ascending root. Only the first
/// three are kept: with three, at least two differ from any root, and the rules only ask
/// whether exactly one does.
/// (Roots are kept as `u32`: there are millions of names, and fewer than 2^32 items.)
#[derive(Debug, Default)]
struct Owners {
    roots: [u32; 3],
    len: u8,
}

impl Owners {
    fn add(&mut self, root: usize) {
        let root = u32::try_from(root).expect("fewer than 2^32 items");
        let len = usize::from(self.len);
        let known = len > 0 && self.roots[len - 1] == root;
        if !known && len < self.roots.len() {
            self.roots[len] = root;
            self.len += 1;
        }
    }

    /// The roots of `owners`, if any.
    fn roots(owners: Option<&Owners>) -> impl Iterator<Item = usize> + '_ {
        owners.into_iter().flat_map(|owners| {
            owners.roots[..usize::from(owners.len)]
                .iter()
                .map(|&root| root as usize)
        })
    }
}

/// What the same-name rule compares: the gazetteer place, or else the label's key (a
/// key never equals a place: the two are different variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum SameNameKey<'a> {
    Place(usize),
    Name(&'a str),
}

/// The one cluster other than `root` among `owners` (repeats allowed), if exactly one.
fn unique_other(owners: impl Iterator<Item = usize>, root: usize) -> Option<usize> {
    let mut found = None;
    for owner in owners.filter(|&owner| owner != root) {
        match found {
            None => found = Some(owner),
            Some(first) if first != owner => return None,
            Some(_) => {}
        }
    }
    found
}

fn is_acronym(name: &str) -> bool {
    let letters = name.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 2 && !name.chars().any(char::is_lowercase)
}

/// Upper-case initials of the significant words: "Inter-American Commission on Human
/// Rights" -> "IACHR".
/// What the rules that need the clusters look up of one name, computed once.
struct NameFeatures {
    /// Its identity key ([`name_key`]).
    key: String,
    /// A person's first and last word, folded, when the name has several words.
    given_and_surname: Option<(String, String)>,
    /// The initials of a name of several words.
    initials: Option<String>,
}

impl NameFeatures {
    fn of(entity_type: EntityType, name: &str) -> Self {
        let mut words = name.split_whitespace();
        let (first, last) = (words.next(), words.next_back());
        let several = last.is_some();
        NameFeatures {
            key: name_key(entity_type, name),
            given_and_surname: first
                .zip(last)
                .filter(|_| entity_type == EntityType::Person)
                .map(|(first, last)| (fold(first), fold(last))),
            initials: several.then(|| initials(name)),
        }
    }
}

fn initials(name: &str) -> String {
    const SKIP: &[&str] = &[
        "of", "on", "for", "the", "and", "de", "del", "la", "des", "du", "y", "&",
    ];
    name.split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty() && !SKIP.contains(w))
        .filter_map(|w| w.chars().next())
        .flat_map(char::to_uppercase)
        .collect()
}

fn build_clusters(
    mut items: Vec<Entity>,
    sets: &mut UnionFind,
    merges: &[(usize, usize, &str)],
    lexicon: &Lexicon,
) -> (Vec<Entity>, Vec<usize>) {
    let clusters = Clusters::of(sets, items.len());
    let mut built: Vec<(usize, Entity)> = Vec::with_capacity(clusters.len());
    for (root, mut members) in clusters.iter() {
        let mut names: BTreeMap<String, usize> = BTreeMap::new();
        for m in members.clone() {
            // Each item is in one cluster: its names move there.
            for (name, count) in std::mem::take(&mut items[m].names) {
                *names.entry(name).or_default() += count;
            }
        }
        let strong = members.find(|&m| !items[m].weak);
        let entity_type = items[strong.unwrap_or(root)].entity_type;
        let entity = Entity {
            weak: strong.is_none(),
            ..Entity::from_names(entity_type, names, lexicon)
        };
        built.push((root, entity));
    }
    // Record merges with the names involved.
    let root_index: HashMap<usize, usize> = built
        .iter()
        .enumerate()
        .map(|(i, (root, _))| (*root, i))
        .collect();
    for &(a, b, rule) in merges {
        let cluster = root_index[&sets.find(a)];
        built[cluster].1.merges.push(Merge {
            rule: rule.to_owned(),
            name: items[a].label.clone(),
            into: items[b].label.clone(),
        });
    }
    let item_count = items.len();
    drop(items);
    for (_, entity) in &mut built {
        entity.merges.sort();
        entity.merges.dedup();
    }
    // Sort clusters by type and label; map items to final indexes.
    let mut order: Vec<usize> = (0..built.len()).collect();
    order.sort_by(|&a, &b| {
        let (ea, eb) = (&built[a].1, &built[b].1);
        (ea.entity_type, &ea.label, built[a].0).cmp(&(eb.entity_type, &eb.label, built[b].0))
    });
    let mut final_index = vec![0; built.len()];
    for (new, &old) in order.iter().enumerate() {
        final_index[old] = new;
    }
    let assignment = (0..item_count)
        .map(|i| final_index[root_index[&sets.find(i)]])
        .collect();
    let mut slots: Vec<Option<Entity>> = built.into_iter().map(|(_, e)| Some(e)).collect();
    let entities = order
        .iter()
        .map(|&i| slots[i].take().expect("each cluster once"))
        .collect();
    (entities, assignment)
}

/// The canonical name among surface forms: the one with most words (an expansion over
/// its acronym, a full name over a surname), then the most frequent, then the first in
/// sort order.
fn canonical_name(names: &BTreeMap<String, usize>) -> String {
    names
        .iter()
        .max_by(|(a, ca), (b, cb)| {
            let words = |n: &str| n.split_whitespace().count();
            words(a)
                .cmp(&words(b))
                .then(ca.cmp(cb))
                .then_with(|| b.cmp(a))
        })
        .map(|(name, _)| name.clone())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
