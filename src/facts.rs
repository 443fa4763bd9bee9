//! The merged facts of the graph: the direct triple of every statement, and the positions
//! they name, written once into the entity graph.
//!
//! Each document graph holds its statements (reified, with evidence); the same fact
//! stated by a thousand documents is a thousand statements but one direct triple, so
//! queries over the union of the graphs never meet a fact twice (a query joining two
//! facts of one entity would otherwise grow with the square of the documents).

use crate::rdf::{DocumentGraph, Iris, co_mention_key, co_mentions, slug};
use crate::relate::{Object, WDT};
use crate::vocab::{kgo, rdf};
use indexmap::IndexSet;
use oxigraph::model::vocab::xsd;
use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};
use rustc_hash::FxBuildHasher;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// A position a statement names, as its statement records it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PositionDescription {
    /// Its name ("President of El Salvador").
    pub label: String,
    /// Its jurisdiction, if known.
    pub jurisdiction: Option<NamedNode>,
}

/// What one statement says: its triple, and the position its object is, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatedFact {
    /// The subject (an entity).
    pub subject: NamedNode,
    /// The predicate.
    pub predicate: NamedNode,
    /// The object: an entity, a position or a value.
    pub object: Term,
    /// The object's description when it is a position.
    pub position: Option<PositionDescription>,
    /// For a co-mention: in how many of the document's sentences (0 otherwise).
    pub sentences: usize,
}

impl StatedFact {
    /// The same fact with entity IRIs replaced as `relink` says (old -> new).
    pub fn relinked(mut self, relink: &HashMap<&NamedNode, &NamedNode>) -> Self {
        let swap = |node: &mut NamedNode| {
            if let Some(&new) = relink.get(&*node) {
                *node = new.clone();
            }
        };
        swap(&mut self.subject);
        if let Term::NamedNode(object) = &mut self.object {
            swap(object);
        }
        if let Some(jurisdiction) = self.position.as_mut().and_then(|p| p.jurisdiction.as_mut()) {
            swap(jurisdiction);
        }
        self
    }
}

/// The facts a document states, its relations and its co-mentions, gathered into a table
/// of their own ([`FactTable::merge`] adds it to the corpus's). A table keeps each IRI
/// once and a fact in a few bytes, so one huge document's million co-mentioned pairs cost
/// tens of megabytes, not a statement of three IRIs each.
pub fn document_facts(iris: &Iris, graph: &DocumentGraph<'_>) -> FactTable {
    let mut table = FactTable::default();
    for fact in stated_facts(iris, graph) {
        table.add(fact);
    }
    table
}

/// The facts a document states, one statement at a time: its relations, then its
/// co-mentions.
fn stated_facts<'g>(
    iris: &'g Iris,
    graph: &'g DocumentGraph<'_>,
) -> impl Iterator<Item = StatedFact> + 'g {
    let relations = graph.relations.relations.iter().map(move |relation| {
        let mut position = None;
        let object: Term = match &relation.object {
            Object::Entity(argument) => graph.local_iris[argument.entity].clone().into(),
            Object::Position(p) => {
                position = Some(PositionDescription {
                    label: p.label.clone(),
                    jurisdiction: p.jurisdiction.map(|j| graph.local_iris[j.entity].clone()),
                });
                iris.position(&slug(&p.label)).into()
            }
            Object::Quantity(n) => Literal::new_typed_literal(n.to_string(), xsd::INTEGER).into(),
            Object::Year(year) => {
                Literal::new_typed_literal(format!("{year:04}"), xsd::G_YEAR).into()
            }
        };
        StatedFact {
            subject: graph.local_iris[relation.subject.entity].clone(),
            predicate: NamedNode::new_unchecked(relation.predicate.iri.clone()),
            object,
            position,
            sentences: 0,
        }
    });
    relations.chain(co_mention_facts(co_mentions(graph)))
}

/// The co-mention facts of one document, from its pairs and their sentence counts (see
/// [`crate::rdf::count_co_mentions`]).
pub fn co_mention_facts<'a>(
    pairs: BTreeMap<(&'a NamedNode, &'a NamedNode), usize>,
) -> impl Iterator<Item = StatedFact> + 'a {
    pairs.into_iter().map(|((a, b), sentences)| StatedFact {
        subject: a.clone(),
        predicate: kgo::CO_MENTIONED_WITH.into_owned(),
        object: b.clone().into(),
        position: None,
        sentences,
    })
}

/// The distinct facts of a corpus, gathered statement by statement: each triple once
/// however many documents state it, and each position with every jurisdiction it is
/// named with. Its size grows with the distinct facts, not with the documents.
///
/// Every fact is counted, so one added can be taken back ([`FactTable::remove`]): a
/// build adds a stored document's facts as they were linked, and takes them back if the
/// document's entities are relinked.
#[derive(Debug, Default)]
pub struct FactTable {
    /// Distinct relation triples, as indexes into `terms` (a few bytes each, not three
    /// IRIs or values), with how many statements state each.
    triples: HashMap<[u32; 3], u32>,
    /// Each position's descriptions, with how many statements name each.
    positions: BTreeMap<NamedNode, BTreeMap<PositionDescription, u32>>,
    /// Co-mentioned pairs (indexes into `terms`, in IRI order): sentences and
    /// documents. There can be millions: a pair costs a few bytes, not two IRIs.
    co_mentions: HashMap<(u32, u32), (u32, u32)>,
    /// Every IRI or value of the triples and pairs, each once (kept once: the set's
    /// position of a term is its index).
    terms: IndexSet<Term, FxBuildHasher>,
}

impl FactTable {
    /// Adds what one statement says.
    pub fn add(&mut self, fact: StatedFact) {
        if let Some((a, b)) = co_mentioned_pair(&fact) {
            let pair = (self.intern(a.clone().into()), self.intern(b.clone().into()));
            let counts = self.co_mentions.entry(pair).or_default();
            counts.0 = counts.0.saturating_add(saturate(fact.sentences));
            counts.1 = counts.1.saturating_add(1);
        }
        if fact.predicate.as_ref() == kgo::CO_MENTIONED_WITH {
            // Its triple is made with the pair's summary (see `CoMentions`).
            return;
        }
        if let (Some(position), Term::NamedNode(node)) = (fact.position, &fact.object) {
            let count = self
                .positions
                .entry(node.clone())
                .or_default()
                .entry(position)
                .or_default();
            *count = count.saturating_add(1);
        }
        let triple = [
            self.intern(fact.subject.into()),
            self.intern(fact.predicate.into()),
            self.intern(fact.object),
        ];
        let count = self.triples.entry(triple).or_default();
        *count = count.saturating_add(1);
    }

    /// Takes back a statement [`FactTable::add`] added: what no other statement says
    /// goes. A fact never added is ignored.
    pub fn remove(&mut self, fact: &StatedFact) {
        if let Some((a, b)) = co_mentioned_pair(fact)
            && let (Some(a), Some(b)) =
                (self.index(&a.clone().into()), self.index(&b.clone().into()))
            && let Some(counts) = self.co_mentions.get_mut(&(a, b))
        {
            counts.0 = counts.0.saturating_sub(saturate(fact.sentences));
            counts.1 = counts.1.saturating_sub(1);
            if counts.1 == 0 {
                self.co_mentions.remove(&(a, b));
            }
        }
        if fact.predicate.as_ref() == kgo::CO_MENTIONED_WITH {
            return;
        }
        if let (Some(position), Term::NamedNode(node)) = (&fact.position, &fact.object)
            && let Some(descriptions) = self.positions.get_mut(node)
            && descriptions.decrement(position)
            && descriptions.is_empty()
        {
            self.positions.remove(node);
        }
        let subject = self.index(&fact.subject.clone().into());
        let predicate = self.index(&fact.predicate.clone().into());
        let object = self.index(&fact.object);
        if let (Some(s), Some(p), Some(o)) = (subject, predicate, object) {
            self.triples.decrement(&[s, p, o]);
        }
    }

    /// The index of `term` in `terms`, if it is there.
    fn index(&self, term: &Term) -> Option<u32> {
        self.terms
            .get_index_of(term)
            .map(|index| u32::try_from(index).expect("fewer than 2^32 terms"))
    }

    /// The index of `term` in `terms`, added if new.
    fn intern(&mut self, term: Term) -> u32 {
        let (index, _) = self.terms.insert_full(term);
        u32::try_from(index).expect("fewer than 2^32 terms")
    }

    /// Adds everything another table holds, as adding its statements one by one would
    /// (terms new to this table are added in the other's order, so the result is the
    /// same table, term numbers included).
    pub fn merge(&mut self, other: FactTable) {
        let terms: Vec<u32> = other
            .terms
            .into_iter()
            .map(|term| self.intern(term))
            .collect();
        let term = |index: u32| terms[index as usize];
        for ([s, p, o], count) in other.triples {
            let total = self.triples.entry([term(s), term(p), term(o)]).or_default();
            *total = total.saturating_add(count);
        }
        for (node, descriptions) in other.positions {
            let known = self.positions.entry(node).or_default();
            for (description, count) in descriptions {
                let total = known.entry(description).or_default();
                *total = total.saturating_add(count);
            }
        }
        for ((a, b), (sentences, documents)) in other.co_mentions {
            let total = self.co_mentions.entry((term(a), term(b))).or_default();
            total.0 = total.0.saturating_add(sentences);
            total.1 = total.1.saturating_add(documents);
        }
    }

    /// Splits the table into the quads of its positions (each once as a `kgo:Position`
    /// with its name and `wdt:P1001` jurisdictions), in no particular order, its relation
    /// facts (each distinct triple once) and its co-mentioned pairs, whose quads are made
    /// a triple or a pair at a time.
    pub fn into_parts(self, iris: &Iris) -> (Vec<Quad>, Triples, CoMentions) {
        let graph = GraphName::NamedNode(iris.entities_graph());
        let terms = Arc::new(self.terms.into_iter().collect::<Vec<Term>>());
        let triples = Triples {
            triples: self.triples.into_keys().collect(),
            terms: Arc::clone(&terms),
            graph: graph.clone(),
        };
        let mut quads = Vec::new();
        let applies_to = NamedNode::new_unchecked(format!("{WDT}P1001"));
        for (node, descriptions) in self.positions {
            quads.push(Quad::new(
                node.clone(),
                rdf::TYPE,
                kgo::POSITION,
                graph.clone(),
            ));
            // Positions are named from their label, so every description has the same one.
            if let Some(first) = descriptions.keys().next() {
                quads.push(Quad::new(
                    node.clone(),
                    rdf::LABEL,
                    Literal::from(first.label.as_str()),
                    graph.clone(),
                ));
            }
            let jurisdictions: BTreeSet<&NamedNode> = descriptions
                .keys()
                .filter_map(|d| d.jurisdiction.as_ref())
                .collect();
            for jurisdiction in jurisdictions {
                quads.push(Quad::new(
                    node.clone(),
                    applies_to.clone(),
                    jurisdiction.clone(),
                    graph.clone(),
                ));
            }
        }
        let pairs = self
            .co_mentions
            .into_iter()
            .map(|((a, b), (sentences, documents))| CoMentionPair {
                key: co_mention_key(as_iri(&terms[a as usize]), as_iri(&terms[b as usize])),
                a,
                b,
                sentences,
                documents,
            })
            .collect();
        let co_mentions = CoMentions {
            pairs: Arc::new(pairs),
            terms,
            iris: iris.clone(),
            graph,
        };
        (quads, triples, co_mentions)
    }
}

/// One entry of a [`FactTable`] in a form that can be written to a file and added to
/// another table ([`FactTable::entries`], [`FactMerger`]): how a shard of a corpus hands
/// its facts to the step that merges them (see [`crate::shards`]). Adding every entry of
/// several tables to one gives the table that adding their statements would.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FactEntry {
    /// The next term, in N-Triples form; later entries name terms by their position among
    /// the table's `term` entries, counted from 0.
    Term(String),
    /// A relation triple (subject, predicate and object terms) and how many statements
    /// state it.
    Triple([u32; 4]),
    /// A description of a position, and how many statements give it.
    Position {
        /// The position's IRI.
        node: String,
        /// Its name.
        label: String,
        /// Its jurisdiction's IRI, if any.
        jurisdiction: Option<String>,
        /// How many statements describe it so.
        count: u32,
    },
    /// A co-mentioned pair (two entity terms, in IRI order), the sentences and the
    /// documents that name both.
    Pair([u32; 4]),
}

impl FactTable {
    /// Its entries, each term before any entry that names it.
    pub fn entries(&self) -> impl Iterator<Item = FactEntry> + '_ {
        let terms = self.terms.iter().map(|t| FactEntry::Term(t.to_string()));
        let triples = self
            .triples
            .iter()
            .map(|(&[s, p, o], &count)| FactEntry::Triple([s, p, o, count]));
        let positions = self.positions.iter().flat_map(|(node, descriptions)| {
            descriptions
                .iter()
                .map(move |(description, &count)| FactEntry::Position {
                    node: node.as_str().to_owned(),
                    label: description.label.clone(),
                    jurisdiction: description
                        .jurisdiction
                        .as_ref()
                        .map(|j| j.as_str().to_owned()),
                    count,
                })
        });
        let pairs = self
            .co_mentions
            .iter()
            .map(|(&(a, b), &(sentences, documents))| {
                FactEntry::Pair([a, b, sentences, documents])
            });
        terms.chain(triples).chain(positions).chain(pairs)
    }
}

/// Adds the entries of one table ([`FactTable::entries`]) to another, renumbering its
/// terms.
#[derive(Debug)]
pub struct FactMerger<'t> {
    table: &'t mut FactTable,
    /// The index in `table` of each term of the entries read so far.
    terms: Vec<u32>,
}

impl<'t> FactMerger<'t> {
    /// Starts adding one table's entries to `table`.
    pub fn new(table: &'t mut FactTable) -> Self {
        FactMerger {
            table,
            terms: Vec::new(),
        }
    }

    /// Adds one entry.
    ///
    /// # Errors
    /// A message if the entry names a term not yet given, or a term or IRI is malformed.
    pub fn add(&mut self, entry: FactEntry) -> Result<(), String> {
        match entry {
            FactEntry::Term(text) => {
                let term: Term = text
                    .parse()
                    .map_err(|e| format!("malformed term {text:?}: {e}"))?;
                let index = self.table.intern(term);
                self.terms.push(index);
            }
            FactEntry::Triple([s, p, o, count]) => {
                let triple = [self.iri(s)?, self.iri(p)?, self.term(o)?];
                let total = self.table.triples.entry(triple).or_default();
                *total = total.saturating_add(count);
            }
            FactEntry::Position {
                node,
                label,
                jurisdiction,
                count,
            } => {
                let iri = |text: String| {
                    NamedNode::new(text).map_err(|e| format!("malformed position IRI: {e}"))
                };
                let description = PositionDescription {
                    label,
                    jurisdiction: jurisdiction.map(iri).transpose()?,
                };
                let total = self
                    .table
                    .positions
                    .entry(iri(node)?)
                    .or_default()
                    .entry(description)
                    .or_default();
                *total = total.saturating_add(count);
            }
            FactEntry::Pair([a, b, sentences, documents]) => {
                let pair = (self.iri(a)?, self.iri(b)?);
                let iri = |i: u32| as_iri(&self.table.terms[i as usize]).as_str();
                if iri(pair.0) >= iri(pair.1) {
                    return Err("a co-mentioned pair must name two entities in IRI order".into());
                }
                let total = self.table.co_mentions.entry(pair).or_default();
                total.0 = total.0.saturating_add(sentences);
                total.1 = total.1.saturating_add(documents);
            }
        }
        Ok(())
    }

    /// The table's index of the entries' term `index`, which must be an IRI.
    fn iri(&self, index: u32) -> Result<u32, String> {
        let term = self.term(index)?;
        match &self.table.terms[term as usize] {
            Term::NamedNode(_) => Ok(term),
            other => Err(format!("{other} stands where only an IRI can")),
        }
    }

    /// The table's index of the entries' term `index`.
    fn term(&self, index: u32) -> Result<u32, String> {
        self.terms.get(index as usize).copied().ok_or_else(|| {
            format!(
                "term {index} is named before it is given ({} terms so far)",
                self.terms.len()
            )
        })
    }
}

/// The distinct relation triples of a corpus, as a fact table keeps them: their quads
/// are made a triple at a time, so they are never all in memory.
#[derive(Debug)]
pub struct Triples {
    /// Indexes into `terms`.
    triples: Vec<[u32; 3]>,
    terms: Arc<Vec<Term>>,
    graph: GraphName,
}

impl Triples {
    /// The quad of one triple.
    fn quad(&self, [s, p, o]: [u32; 3]) -> Quad {
        let term = |index: u32| &self.terms[index as usize];
        Quad::new(
            as_iri(term(s)).clone(),
            as_iri(term(p)).clone(),
            term(o).clone(),
            self.graph.clone(),
        )
    }

    /// The quads in no particular order.
    pub fn unordered(self) -> impl Iterator<Item = Quad> {
        (0..self.triples.len()).map(move |i| self.quad(self.triples[i]))
    }

    /// The quads in N-Quads order. Quads of one graph compare as their subjects',
    /// predicates' and objects' N-Triples forms do, one after the other (no form is the
    /// start of another but where it is the shorter, which sorts first either way), so
    /// the triples are sorted by the rank of each term's form.
    pub fn sorted(mut self) -> impl Iterator<Item = Quad> {
        let mut by_form: Vec<usize> = (0..self.terms.len()).collect();
        by_form.sort_by_cached_key(|&i| self.terms[i].to_string());
        let mut rank = vec![0_u32; by_form.len()];
        for (position, &term) in by_form.iter().enumerate() {
            rank[term] = u32::try_from(position).expect("fewer than 2^32 terms");
        }
        drop(by_form);
        self.triples
            .sort_unstable_by_key(|triple| triple.map(|term| rank[term as usize]));
        self.unordered()
    }
}

/// The IRI a fact table keeps at a subject, predicate or co-mentioned entity's index
/// (only objects may be values).
fn as_iri(term: &Term) -> &NamedNode {
    match term {
        Term::NamedNode(iri) => iri,
        other => {
            unreachable!("subjects, predicates and co-mentioned entities are IRIs, not {other}")
        }
    }
}

/// One co-mentioned pair (term indexes, in IRI order) with the key of its summary
/// node and its counts.
#[derive(Debug)]
struct CoMentionPair {
    a: u32,
    b: u32,
    key: u64,
    sentences: u32,
    documents: u32,
}

/// The two entities of a co-mention fact, in IRI order (`None` for any other fact, and
/// for an entity co-mentioned with itself, as two merged entities are).
fn co_mentioned_pair(fact: &StatedFact) -> Option<(&NamedNode, &NamedNode)> {
    let Term::NamedNode(object) = &fact.object else {
        return None;
    };
    if fact.predicate.as_ref() != kgo::CO_MENTIONED_WITH || *object == fact.subject {
        return None;
    }
    Some(if fact.subject.as_str() <= object.as_str() {
        (&fact.subject, object)
    } else {
        (object, &fact.subject)
    })
}

/// A map from keys to how many times each was added.
trait Counts<K> {
    /// Counts one less of `key`, dropping it at zero. Whether it was there.
    fn decrement(&mut self, key: &K) -> bool;
}

/// Implements [`Counts`] for a map type of the standard library.
macro_rules! counts_for {
    ($map:ident, $($bound:tt)+) => {
        impl<K: $($bound)+> Counts<K> for $map<K, u32> {
            fn decrement(&mut self, key: &K) -> bool {
                let Some(count) = self.get_mut(key) else {
                    return false;
                };
                *count -= 1;
                if *count == 0 {
                    self.remove(key);
                }
                true
            }
        }
    };
}

counts_for!(HashMap, std::hash::Hash + Eq);
counts_for!(BTreeMap, Ord);

/// A count as the fact table keeps it (saturating: no corpus comes near 2^32).
fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Pairs named together in fewer sentences get no `kgo:CoMention` summary, only their
/// `kgo:coMentionedWith` triple (which says they shared one sentence). Four pairs in five
/// share a single sentence (100,000 generated stories: 2.2 million pairs, 463,000 in two
/// sentences or more), so their summaries were most of the entity graph, and every
/// ranking of pairs had to read them.
pub const SUMMARY_MIN_SENTENCES: u32 = 2;

/// The co-mentioned pairs of a corpus, usually most of the entity graph: their quads are
/// made a pair at a time, in N-Quads order, so they are never all in memory.
#[derive(Debug)]
pub struct CoMentions {
    pairs: Arc<Vec<CoMentionPair>>,
    /// The fact table's terms, which the pairs index.
    terms: Arc<Vec<Term>>,
    iris: Iris,
    graph: GraphName,
}

impl CoMentions {
    /// The direct triples `a kgo:coMentionedWith b`, in N-Quads order.
    pub fn triples(&self) -> impl Iterator<Item = Quad> + use<> {
        let mut order: Vec<usize> = (0..self.pairs.len()).collect();
        let pairs = Arc::clone(&self.pairs);
        let terms = Arc::clone(&self.terms);
        order.sort_unstable_by(|&x, &y| {
            let (x, y) = (&pairs[x], &pairs[y]);
            let entity = |i: u32| as_iri(&terms[i as usize]);
            iri_order(entity(x.a), entity(y.a)).then_with(|| iri_order(entity(x.b), entity(y.b)))
        });
        let graph = self.graph.clone();
        order.into_iter().map(move |i| {
            let pair = &pairs[i];
            Quad::new(
                as_iri(&terms[pair.a as usize]).clone(),
                kgo::CO_MENTIONED_WITH,
                as_iri(&terms[pair.b as usize]).clone(),
                graph.clone(),
            )
        })
    }

    /// The summaries: one `kgo:CoMention` per pair named together in at least
    /// [`SUMMARY_MIN_SENTENCES`] sentences, with `rdf:subject`, `rdf:object` and the
    /// sentences and documents that name both, in N-Quads order.
    pub fn summaries(&self) -> impl Iterator<Item = Quad> + use<> {
        let mut order: Vec<usize> = (0..self.pairs.len())
            .filter(|&i| self.pairs[i].sentences >= SUMMARY_MIN_SENTENCES)
            .collect();
        let pairs = Arc::clone(&self.pairs);
        // Keys sort as the summaries' IRIs do (same prefix, then the key in hexadecimal).
        order.sort_unstable_by_key(|&x| pairs[x].key);
        let graph = self.graph.clone();
        let terms = Arc::clone(&self.terms);
        let iris = self.iris.clone();
        order.into_iter().flat_map(move |i| {
            let pair = &pairs[i];
            let count = |n: u32| Literal::new_typed_literal(n.to_string(), xsd::INTEGER);
            let node = iris.co_mention_node(pair.key);
            let (a, b) = (
                as_iri(&terms[pair.a as usize]),
                as_iri(&terms[pair.b as usize]),
            );
            let mut quads = vec![
                Quad::new(node.clone(), rdf::TYPE, kgo::CO_MENTION, graph.clone()),
                Quad::new(node.clone(), rdf::SUBJECT, a.clone(), graph.clone()),
                Quad::new(node.clone(), rdf::OBJECT, b.clone(), graph.clone()),
                Quad::new(
                    node.clone(),
                    kgo::SENTENCE_COUNT,
                    count(pair.sentences),
                    graph.clone(),
                ),
                Quad::new(
                    node.clone(),
                    kgo::DOCUMENT_COUNT,
                    count(pair.documents),
                    graph.clone(),
                ),
            ];
            quads.sort_by_cached_key(ToString::to_string);
            quads
        })
    }
}

/// The order of two IRIs as N-Quads writes them (`<a>` before `<a-b>`: `>` sorts after
/// `-`), so quads whose subjects differ sort by their subjects alone.
fn iri_order(a: &NamedNode, b: &NamedNode) -> std::cmp::Ordering {
    iri_text_order(a.as_str(), b.as_str())
}

/// [`iri_order`] of two IRIs' texts.
pub(crate) fn iri_text_order(a: &str, b: &str) -> std::cmp::Ordering {
    let a = a.bytes().chain(std::iter::once(b'>'));
    a.cmp(b.bytes().chain(std::iter::once(b'>')))
}

#[cfg(test)]
mod tests {
    use super::*;
    use oxigraph::model::NamedNodeRef;

    fn co_mention(a: &str, b: &str, sentences: usize) -> StatedFact {
        StatedFact {
            subject: NamedNode::new_unchecked(format!("http://e/{a}")),
            predicate: kgo::CO_MENTIONED_WITH.into_owned(),
            object: NamedNode::new_unchecked(format!("http://e/{b}")).into(),
            position: None,
            sentences,
        }
    }

    fn iri(name: &str) -> NamedNode {
        NamedNode::new_unchecked(format!("http://e/{name}"))
    }

    fn relation(subject: &str, predicate: &str, object: &str) -> StatedFact {
        StatedFact {
            subject: iri(subject),
            predicate: iri(predicate),
            object: iri(object).into(),
            position: None,
            sentences: 0,
        }
    }

    fn position(subject: &str, label: &str, jurisdiction: Option<&str>) -> StatedFact {
        StatedFact {
            subject: iri(subject),
            predicate: iri("position"),
            object: iri(&slug(label)).into(),
            position: Some(PositionDescription {
                label: label.to_owned(),
                jurisdiction: jurisdiction.map(iri),
            }),
            sentences: 0,
        }
    }

    /// Every quad of a table, as sorted N-Quads lines.
    fn table_lines(table: FactTable) -> Vec<String> {
        let iris = Iris::new("http://example.org/kgraph/").unwrap();
        let (mut quads, triples, co_mentions) = table.into_parts(&iris);
        quads.extend(triples.unordered());
        quads.extend(co_mentions.triples().chain(co_mentions.summaries()));
        crate::nquads::sorted_lines(quads)
    }

    #[test]
    fn a_removed_statement_leaves_what_the_others_say() {
        let kept = || {
            vec![
                relation("a", "met", "b"),
                co_mention("a", "b", 2),
                co_mention("a", "c", 1),
                position("a", "Mayor", Some("x")),
            ]
        };
        // (what is added besides `kept`, then taken back)
        let cases: Vec<(&str, Vec<StatedFact>)> = vec![
            (
                "a triple no one else states",
                vec![relation("b", "met", "c")],
            ),
            (
                "a triple also stated by another",
                vec![relation("a", "met", "b")],
            ),
            ("a new pair", vec![co_mention("b", "c", 3)]),
            (
                "a pair the others name, reversed",
                vec![co_mention("b", "a", 5)],
            ),
            ("an entity with itself", vec![co_mention("c", "c", 1)]),
            (
                "a new jurisdiction",
                vec![position("a", "Mayor", Some("y"))],
            ),
            (
                "a position no one else names",
                vec![position("c", "Judge", None)],
            ),
            (
                "the same description again",
                vec![position("a", "Mayor", Some("x"))],
            ),
        ];
        for (case, extra) in cases {
            let mut table = FactTable::default();
            for fact in kept().into_iter().chain(extra.iter().cloned()) {
                table.add(fact);
            }
            for fact in &extra {
                table.remove(fact);
            }
            let mut expected = FactTable::default();
            for fact in kept() {
                expected.add(fact);
            }
            assert_eq!(table_lines(table), table_lines(expected), "{case}");
        }
        // Taking back a fact never added changes nothing.
        let mut table = FactTable::default();
        table.add(relation("a", "met", "b"));
        table.remove(&relation("a", "met", "c"));
        table.remove(&co_mention("a", "z", 1));
        assert_eq!(table_lines(table).len(), 1);
    }

    #[test]
    fn co_mention_quads_come_in_n_quads_order() {
        let iris = Iris::new("http://example.org/kgraph/").unwrap();
        let mut table = FactTable::default();
        // "<http://e/a>" sorts after "<http://e/a-b>" in N-Quads ('>' > '-').
        for (a, b) in [("a", "b"), ("a-b", "c"), ("a", "a-b"), ("c", "a")] {
            table.add(co_mention(a, b, 2));
        }
        let (_, _, co_mentions) = table.into_parts(&iris);
        for quads in [
            co_mentions.triples().collect::<Vec<_>>(),
            co_mentions.summaries().collect(),
        ] {
            let lines: Vec<String> = quads.iter().map(ToString::to_string).collect();
            let mut sorted = lines.clone();
            sorted.sort();
            assert_eq!(lines, sorted);
            assert!(!lines.is_empty());
        }
    }

    #[test]
    fn co_mentions_are_summed_per_pair_in_either_order() {
        let iris = Iris::new("http://example.org/kgraph/").unwrap();
        let mut table = FactTable::default();
        for fact in [
            co_mention("a", "b", 2),
            co_mention("b", "a", 1), // a relinked document may state the pair reversed
            co_mention("a", "c", 1),
            co_mention("a", "a", 4), // two entities merged into one: no pair
        ] {
            table.add(fact);
        }
        let (mut quads, _, co_mentions) = table.into_parts(&iris);
        quads.extend(co_mentions.triples().chain(co_mentions.summaries()));
        let summary = |a: &str, b: &str, p: NamedNodeRef<'_>| -> Option<String> {
            let node = iris.co_mention(
                &NamedNode::new_unchecked(format!("http://e/{a}")),
                &NamedNode::new_unchecked(format!("http://e/{b}")),
            );
            quads
                .iter()
                .find(|q| q.subject == node.clone().into() && q.predicate == p)
                .map(|q| match &q.object {
                    Term::Literal(l) => l.value().to_owned(),
                    other => other.to_string(),
                })
        };
        assert_eq!(summary("a", "b", kgo::SENTENCE_COUNT).as_deref(), Some("3"));
        assert_eq!(summary("a", "b", kgo::DOCUMENT_COUNT).as_deref(), Some("2"));
        // A pair named in one sentence has its triple but no summary.
        assert_eq!(summary("a", "c", kgo::SENTENCE_COUNT), None);
        assert_eq!(summary("a", "a", kgo::SENTENCE_COUNT), None);
        let count = |predicate: NamedNodeRef<'_>, object: Term| {
            quads
                .iter()
                .filter(|q| q.predicate == predicate && q.object == object)
                .count()
        };
        assert_eq!(count(rdf::TYPE, kgo::CO_MENTION.into_owned().into()), 1);
        let c: Term = NamedNode::new_unchecked("http://e/c").into();
        assert_eq!(count(kgo::CO_MENTIONED_WITH, c), 1);
    }

    #[test]
    fn merged_entries_of_split_tables_give_the_whole_table() {
        let statements = || {
            vec![
                relation("a", "met", "b"),
                relation("a", "met", "b"),
                relation("b", "met", "c"),
                co_mention("a", "b", 2),
                co_mention("b", "a", 1),
                co_mention("a", "c", 1),
                co_mention("c", "c", 1),
                position("a", "Mayor", Some("x")),
                position("b", "Mayor", Some("y")),
                position("c", "Mayor", None),
            ]
        };
        let mut whole = FactTable::default();
        statements().into_iter().for_each(|fact| whole.add(fact));
        let whole_terms = whole.terms.clone();
        let expected = table_lines(whole);
        // (name, which part each statement goes to)
        let splits: [(&str, &[usize]); 5] = [
            ("one part", &[0; 10]),
            ("two parts", &[0, 1, 0, 1, 0, 1, 0, 1, 0, 1]),
            ("two parts in order", &[0, 0, 0, 0, 0, 1, 1, 1, 1, 1]),
            ("a part each", &[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]),
            ("an empty part", &[2, 2, 0, 0, 2, 0, 2, 2, 0, 0]),
        ];
        for (name, parts) in splits {
            let mut tables: Vec<FactTable> = (0..10).map(|_| FactTable::default()).collect();
            for (fact, &part) in statements().into_iter().zip(parts) {
                tables[part].add(fact);
            }
            let mut merged = FactTable::default();
            for table in &tables {
                let mut merger = FactMerger::new(&mut merged);
                for entry in table.entries() {
                    // Through JSON, as the contribution files carry them.
                    let text = serde_json::to_string(&entry).unwrap();
                    merger.add(serde_json::from_str(&text).unwrap()).unwrap();
                }
            }
            assert_eq!(table_lines(merged), expected, "{name}, by entries");
            // In memory, as a document's table joins the corpus's: the same table, its
            // terms numbered alike when the parts are merged in the statements' order.
            let mut merged = FactTable::default();
            let in_order = parts.windows(2).all(|pair| pair[0] <= pair[1]);
            for table in tables {
                merged.merge(table);
            }
            if in_order {
                assert_eq!(merged.terms, whole_terms, "{name}, terms");
            }
            assert_eq!(table_lines(merged), expected, "{name}, merged");
        }
    }

    #[test]
    fn bad_entries_are_refused_with_a_reason() {
        let term = |t: &str| FactEntry::Term(t.to_owned());
        let cases: [(&str, Vec<FactEntry>, &str); 5] = [
            (
                "a term not given",
                vec![FactEntry::Triple([0, 1, 2, 1])],
                "named before it is given",
            ),
            ("a malformed term", vec![term("<no end")], "malformed term"),
            (
                "a value as subject",
                vec![
                    term("\"1\""),
                    term("<http://e/p>"),
                    FactEntry::Triple([0, 1, 1, 1]),
                ],
                "where only an IRI can",
            ),
            (
                "a pair out of order",
                vec![
                    term("<http://e/b>"),
                    term("<http://e/a>"),
                    FactEntry::Pair([0, 1, 1, 1]),
                ],
                "IRI order",
            ),
            (
                "a malformed position",
                vec![FactEntry::Position {
                    node: "not an iri".to_owned(),
                    label: "Mayor".to_owned(),
                    jurisdiction: None,
                    count: 1,
                }],
                "malformed position IRI",
            ),
        ];
        for (name, entries, expected) in cases {
            let mut table = FactTable::default();
            let mut merger = FactMerger::new(&mut table);
            let error = entries
                .into_iter()
                .try_for_each(|entry| merger.add(entry))
                .expect_err(name);
            assert!(error.contains(expected), "{name}: {error}");
        }
    }
}
