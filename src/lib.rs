//! kgraph turns plain-text documents into a linked-data knowledge graph.
//!
//! People, organisations, places and laws become entities; every mention points back to
//! the exact characters it came from (NIF 2.0); the graph lives in an embedded Oxigraph
//! store, answers SPARQL, and exports to standard RDF.
//!
//! The pipeline, one module per stage: [`load`] -> [`segment`] -> [`recognise`] ->
//! [`resolve`] -> [`relate`] -> [`rdf`] -> [`store`], run in order by [`pipeline`]; then [`query`],
//! [`export`] and [`graph`] (the petgraph entity graph, drawn as Graphviz DOT); [`serve`]
//! answers SPARQL over HTTP and [`push`] sends the graphs to another store; [`shards`] holds
//! the files of a build split across machines (its steps are in [`pipeline`]). Long work
//! reports how far it has gone through [`progress`]; the library never prints.
//!
//! ```
//! use kgraph::{segment, recognise::{Recogniser, RuleRecogniser}};
//!
//! let text = "Salvadoran President Nayib Bukele met officials in San Salvador.";
//! let found = RuleRecogniser::default().recognise(text, &segment::segment(text));
//! let names: Vec<&str> = found.mentions.iter().map(|m| m.span.of(text)).collect();
//! assert_eq!(names, ["Nayib Bukele", "San Salvador"]);
//! ```

pub mod build_record;
pub mod catalog;
pub mod entity_type;
pub mod eval;
pub mod export;
pub mod facts;
pub mod gazetteer;
pub mod graph;
mod interned;
pub mod lexicon;
pub mod line_sort;
pub mod load;
pub mod nquads;
pub mod pipeline;
pub mod progress;
pub mod push;
pub mod query;
pub mod rdf;
pub mod recognise;
pub mod records;
pub mod relate;
pub mod resolve;
pub mod segment;
pub mod serve;
pub mod shards;
pub mod span;
pub mod store;
pub mod vocab;

pub use entity_type::EntityType;
pub use load::{Document, Input};
pub use pipeline::{BuildOptions, BuildReport, build, extract};
pub use span::Span;
pub use store::KgStore;
