//! The command line, declared with clap derive. Doc comments are the help text.

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Parser, Subcommand, ValueHint};
use kgraph::EntityType;
use kgraph::export::ExportFormat;
use kgraph::graph::{Filter, ImageFormat};
use kgraph::query::ResultFormat;
use kgraph::rdf::Provenance;
use std::path::PathBuf;

/// Turn plain-text documents into a linked-data knowledge graph.
///
/// kgraph finds the people, organisations, places and laws in your documents, links every
/// mention to an entity, and stores the graph (with the exact characters each fact came
/// from) in an embedded Oxigraph store that you can query with SPARQL and export as RDF.
///
/// Exit codes: 0 success, 1 error (including inputs that could not be read: the rest is
/// still built), 2 usage error.
#[derive(Debug, Parser)]
#[command(
    name = "kgraph",
    version,
    propagate_version = true,
    max_term_width = 100
)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Print no notes and no progress bar (warnings, errors and the summary stay).
    ///
    /// The progress bar of `build`, `extract`, `export` and `train` is drawn only when
    /// standard error is a terminal.
    #[arg(long, short = 'q', global = true)]
    pub quiet: bool,
}

/// Where the store is, shared by every command that reads or writes it.
#[derive(Debug, clap::Args)]
pub struct StoreArgs {
    /// The store folder.
    ///
    /// Created by `build` when missing. Defaults to `.kgraph` in the current folder, or
    /// the KGRAPH_STORE environment variable when set.
    #[arg(long, value_name = "DIR", env = "KGRAPH_STORE", default_value = ".kgraph", value_hint = ValueHint::DirPath)]
    pub store: PathBuf,
}

/// What to read and how to extract it, shared by `build` and `extract`.
#[derive(Debug, clap::Args)]
pub struct ExtractionArgs {
    /// Files, folders, or `-` for standard input.
    #[arg(required = true, value_name = "INPUT", value_hint = ValueHint::AnyPath)]
    pub inputs: Vec<String>,
    #[command(flatten)]
    pub options: GraphOptionArgs,
}

/// The options that change the graph (and the extraction key), shared by `build`,
/// `extract` and the steps of a sharded build (`resolve`, `merge`).
#[derive(Debug, clap::Args)]
pub struct GraphOptionArgs {
    /// Base IRI under which documents and entities are named (must end in `/` or `#`).
    #[arg(long, value_name = "IRI", default_value = kgraph::vocab::DEFAULT_BASE)]
    pub base: String,
    /// Worker threads for extraction (default: one per core).
    #[arg(long, short = 'j', value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// A file of same / not-same decisions that override entity merging.
    ///
    /// One decision per line: `same<TAB>name<TAB>name` or `not-same<TAB>name<TAB>name`;
    /// `#` starts a comment.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub decisions: Option<PathBuf>,
    /// A file of extra verbs that state relations, in the format of the built-in
    /// `data/relations/verbs.tsv`.
    ///
    /// One predicate per line: `name<TAB>label<TAB>verbs<TAB>nouns`, e.g.
    /// `acquired<TAB>acquired<TAB>acquire|buy|bought<TAB>acquisition`; a Wikidata property
    /// may be named as `wdt:P26`. `#` starts a comment.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub relations: Option<PathBuf>,
    /// A gazetteer of names to recognise and link (repeatable): TSV
    /// `name<TAB>type<TAB>IRI<TAB>aliases`, or RDF (.ttl, .nt, .rdf) with schema.org types
    /// and labels.
    ///
    /// Its names are found wherever they appear capitalised, an entry's aliases are one
    /// entity, and the entity gets `owl:sameAs` the entry's IRI.
    #[arg(long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub gazetteer: Vec<PathBuf>,
    /// What finds the names: `default` (the shipped tagger model), a model file made by
    /// `kgraph train`, or `rules` (the rule recogniser alone).
    ///
    /// The model is part of the extraction key: stored documents extracted with another
    /// one are extracted again.
    #[arg(long, value_name = "MODEL", default_value = "default")]
    pub model: String,
    /// How much provenance each document graph keeps: `lean` (mentions as their IRI
    /// `<document>#char=B,E`, entity, sentence and rule: about three quads each), `full`
    /// (NIF 2.0: offsets, texts and contexts on every span: about eleven quads a mention)
    /// or `entities` (no mentions: documents, statements and the entity graph).
    ///
    /// A store keeps one mode: building into a store of another mode is refused.
    #[arg(long, value_name = "MODE", default_value = "lean", value_parser = provenance())]
    pub provenance: Provenance,
}

/// The steps of a sharded build that `extract` runs (README: "Beyond one machine").
#[derive(Debug, clap::Args)]
pub struct ShardArgs {
    /// `entities`: step 1 of a sharded build: write this shard's documents and the
    /// entities they name (for `kgraph resolve`), not N-Quads.
    #[arg(long, value_name = "STEP", value_parser = ["entities"], conflicts_with_all = ["entities", "format"])]
    pub stage: Option<String>,
    /// Step 3 of a sharded build: link entities through this entity table (from `kgraph
    /// resolve`) and write only the shard's document graphs; the entity graph's part
    /// goes to --contribution.
    #[arg(long, value_name = "TABLE", requires = "contribution", conflicts_with = "format", value_hint = ValueHint::FilePath)]
    pub entities: Option<PathBuf>,
    /// With --entities: where to write the shard's contribution to the entity graph (for
    /// `kgraph merge`).
    #[arg(long, value_name = "FILE", requires = "entities", value_hint = ValueHint::FilePath)]
    pub contribution: Option<PathBuf>,
    /// With --stage or --entities: read only part K of N (from 0) of the inputs' files,
    /// file i going to part i % N, each document keeping the id it has in the whole
    /// corpus. Run parts 0 to N-1 to cover the inputs.
    #[arg(long, value_name = "K/N")]
    pub part: Option<kgraph::shards::Part>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read documents and add what they say to the store.
    ///
    /// INPUT is a file, a folder (read recursively in sorted order; .txt, .md, .html,
    /// .jsonl; a .kgraphignore file excludes paths) or `-` for standard input. Documents
    /// already stored with the same content are skipped; changed ones are replaced.
    Build {
        #[command(flatten)]
        extraction: ExtractionArgs,
        #[command(flatten)]
        store: StoreArgs,
        /// Build in memory only: print the summary, keep nothing.
        #[arg(long)]
        memory: bool,
        /// Remove stored documents that the inputs no longer have, so the store mirrors
        /// them (skipped when an input cannot be read).
        #[arg(long)]
        prune: bool,
    },
    /// Extract without a store: write the N-Quads a fresh build would store.
    ///
    /// For splitting a large corpus across machines: entity IRIs are minted from content,
    /// so the outputs can be bulk-loaded into one triple store. The summary goes to
    /// standard error.
    Extract {
        #[command(flatten)]
        extraction: ExtractionArgs,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        /// `nquads`: the quads a fresh build would store; `jsonl`: one JSON object per
        /// document with its mentions and relations (offsets in code points).
        #[arg(long, value_name = "FORMAT", default_value = "nquads", value_parser = ["nquads", "jsonl"])]
        format: String,
        #[command(flatten)]
        shard: ShardArgs,
    },
    /// Step 2 of a sharded build: resolve the entities of every shard into the entity
    /// table.
    ///
    /// SHARD is a file written by `kgraph extract --stage entities`, one per shard. Give
    /// the options that change the graph (--base, --decisions, --relations, --gazetteer,
    /// --model) exactly as to every other step: files made with others are refused.
    Resolve {
        /// The shards' entity files.
        #[arg(required = true, value_name = "SHARD", value_hint = ValueHint::FilePath)]
        shards: Vec<PathBuf>,
        /// Write the entity table to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        #[command(flatten)]
        options: GraphOptionArgs,
    },
    /// Step 4 of a sharded build: add up the shards' contributions and write the entity
    /// graph as N-Quads.
    ///
    /// CONTRIBUTION is a file written by `kgraph extract --entities TABLE --contribution
    /// FILE`, one per shard, all made with TABLE. The shards' document graphs (step 3)
    /// and this output together are what `kgraph extract` of the whole corpus writes.
    Merge {
        /// The entity table the contributions were made with (from `kgraph resolve`).
        #[arg(long, required = true, value_name = "TABLE", value_hint = ValueHint::FilePath)]
        entities: PathBuf,
        /// The shards' contributions.
        #[arg(value_name = "CONTRIBUTION", value_hint = ValueHint::FilePath)]
        contributions: Vec<PathBuf>,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        #[command(flatten)]
        options: GraphOptionArgs,
    },
    /// Run a SPARQL query (SELECT, ASK, CONSTRUCT, DESCRIBE) on the store.
    ///
    /// The default graph is the union of all graphs. Predeclared prefixes: rdf, rdfs, owl,
    /// xsd, skos, schema, prov, nif, itsrdf, dcterms, wd, wdt, kgo, kg, doc, person, org,
    /// place, law.
    Query {
        /// The query text (or use --file).
        #[arg(
            value_name = "QUERY",
            required_unless_present = "file",
            conflicts_with = "file"
        )]
        query: Option<String>,
        /// Read the query from a .rq file.
        #[arg(long, short = 'f', value_name = "FILE.rq", value_hint = ValueHint::FilePath)]
        file: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
        /// Output format (default: table on a terminal, tsv otherwise; turtle for
        /// CONSTRUCT and DESCRIBE).
        #[arg(long, value_parser = result_format())]
        format: Option<ResultFormat>,
        /// Stop the query after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 60)]
        timeout: u64,
    },
    /// Write the whole graph in an RDF format, or draw the entity graph.
    ///
    /// `--format dot` writes Graphviz DOT: one node per entity (shape and colour by type),
    /// solid arrows for relations (labelled with the predicate, thicker when stated more
    /// often), grey dashed lines between entities named in the same sentence (labelled
    /// with the number of sentences), and a legend. `svg`, `png` and `pdf` draw it with
    /// Graphviz (`dot`, Debian package `graphviz`). The graph options narrow the drawing.
    Export {
        /// The format (default: from the --output extension, else N-Quads).
        #[arg(long, value_parser = export_target())]
        format: Option<ExportTarget>,
        /// Write to this file instead of standard output.
        #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
        #[command(flatten)]
        graph: GraphArgs,
    },
    /// List the entities: type, name, mentions, other names.
    Entities {
        /// Only entities of this type.
        #[arg(long = "type", value_parser = entity_type())]
        entity_type: Option<EntityType>,
        /// Show why the names of entities matching NAME were merged.
        #[arg(long, value_name = "NAME")]
        explain: Option<String>,
        /// Print JSON lines instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Answer SPARQL over HTTP: a read-only SPARQL 1.1 Protocol endpoint on the store.
    ///
    /// GET /sparql?query=... or POST (a form with query=..., or an application/sparql-query
    /// body). Results by the Accept header: SELECT and ASK as SPARQL JSON (default), XML,
    /// CSV, TSV; CONSTRUCT and DESCRIBE as Turtle (default), N-Triples or RDF/XML. Updates and
    /// SERVICE are refused. GET / is a page to type queries in. Ctrl-C stops it.
    Serve {
        /// The address to listen on (port 0: any free port). Anything but a loopback
        /// address makes the store readable by the network.
        #[arg(long, value_name = "ADDRESS:PORT", default_value = "127.0.0.1:7878")]
        bind: std::net::SocketAddr,
        #[command(flatten)]
        store: StoreArgs,
        /// Stop each query after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
        timeout: u64,
        /// Refuse answers with more results (rows, or triples) than this; the client is
        /// told to add LIMIT.
        #[arg(long, value_name = "N", default_value_t = 10_000, value_parser = clap::value_parser!(u64).range(1..))]
        max_results: u64,
        /// Queries answered at once (default: twice the number of cores); one more is
        /// answered 503 with Retry-After at once.
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
        max_queries: Option<u64>,
        /// Connections open at once; one more is answered 503 and closed.
        #[arg(long, value_name = "N", default_value_t = 512, value_parser = clap::value_parser!(u64).range(1..))]
        max_connections: u64,
        /// Seconds a client has to send a request's headers (also the longest a kept-alive
        /// connection stays idle), to send its body, and to take each part of an answer.
        #[arg(long, value_name = "SECONDS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
        client_timeout: u64,
        /// Stop running queries (503), the one running longest first, while the process's
        /// heap holds more than this many MB.
        #[arg(long, value_name = "MB", default_value_t = 2048, value_parser = clap::value_parser!(u64).range(64..))]
        max_memory: u64,
    },
    /// Send the graph to another store over the SPARQL 1.1 Graph Store HTTP Protocol.
    ///
    /// Each named graph (one per document, plus the entity graph) replaces the graph of
    /// the same name there (HTTP PUT of N-Triples to ENDPOINT?graph=IRI); with --graph,
    /// the union of all graphs replaces that one graph. Basic and Digest logins are
    /// answered; http:// only.
    Push {
        /// The Graph Store Protocol URL, e.g. http://localhost:8890/sparql-graph-crud-auth
        /// (Virtuoso) or http://localhost:3030/ds/data (Fuseki).
        #[arg(long, value_name = "URL", value_hint = ValueHint::Url)]
        endpoint: String,
        /// Put everything into this one graph instead.
        #[arg(long, value_name = "IRI")]
        graph: Option<String>,
        /// User name for the endpoint's login.
        #[arg(long, value_name = "USER", requires = "password")]
        user: Option<String>,
        /// Password for the endpoint's login (or the KGRAPH_PASSWORD environment variable).
        #[arg(
            long,
            value_name = "PASSWORD",
            env = "KGRAPH_PASSWORD",
            hide_env_values = true,
            requires = "user"
        )]
        password: Option<String>,
        /// Give up on a request after this many seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 300)]
        timeout: u64,
        #[command(flatten)]
        store: StoreArgs,
    },
    /// Score recognition against a gold file (JSON lines with entity spans).
    Eval {
        /// The gold mentions: runs the recogniser on each gold text and scores it.
        #[arg(long, value_name = "FILE.jsonl", value_hint = ValueHint::FilePath, required_unless_present = "facts")]
        gold: Option<PathBuf>,
        /// The gold facts (`subject<TAB>relation<TAB>object`): scores the relations of the
        /// store (build it from the facts' documents first).
        #[arg(long, value_name = "FILE.tsv", value_hint = ValueHint::FilePath)]
        facts: Option<PathBuf>,
        #[command(flatten)]
        store: StoreArgs,
        /// Also list misses and false alarms with context.
        #[arg(long)]
        errors: bool,
        /// Print the scores as JSON.
        #[arg(long)]
        json: bool,
        /// What finds the names (`default`, a model file or `rules`); repeat to compare
        /// several in one table.
        #[arg(long, value_name = "MODEL")]
        model: Vec<String>,
    },
    /// Train a tagger model on gold annotations (the `eval` format), for `--model`.
    ///
    /// Prints progress and, after every epoch, precision, recall and F1 on the
    /// development set. The same gold files and options always give the same model.
    Train {
        /// Gold JSON Lines to learn from (repeatable); `FILE=WEIGHT` weighs its
        /// corrections (default 1; less for noisier or off-domain text).
        #[arg(long, value_name = "FILE.jsonl[=WEIGHT]", required = true)]
        gold: Vec<String>,
        /// Gold JSON Lines to score after every epoch (repeatable); never learned from.
        #[arg(long, value_name = "FILE.jsonl", value_hint = ValueHint::FilePath)]
        dev: Vec<PathBuf>,
        /// Continue from this model: `default` (the shipped one) or a model file.
        #[arg(long, value_name = "MODEL")]
        from: Option<String>,
        /// Where to write the model.
        #[arg(long, short = 'o', value_name = "FILE", value_hint = ValueHint::FilePath)]
        output: PathBuf,
        /// Passes over the training data.
        #[arg(long, value_name = "N", default_value_t = 10, value_parser = clap::value_parser!(u16).range(1..))]
        epochs: u16,
        /// Features seen fewer times than this are not learned.
        #[arg(long, value_name = "N", default_value_t = 1)]
        min_count: u32,
        /// The share of feature occurrences left out of each training step (0 to 1):
        /// the model leans less on the words it was shown and more on their context.
        #[arg(long, value_name = "P", default_value_t = 0.3, value_parser = share)]
        dropout: f32,
        /// Training rounds, each in its own order; the model is their mean.
        #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u16).range(1..))]
        rounds: u16,
    },
}

/// What to draw of the entity graph (`export --format dot|svg|png|pdf` only).
#[derive(Debug, Default, clap::Args)]
#[command(next_help_heading = "Graph options (dot, svg, png, pdf)")]
pub struct GraphArgs {
    /// Only entities of this type (repeat for several).
    #[arg(long = "type", value_name = "TYPE", value_parser = entity_type())]
    pub types: Vec<EntityType>,
    /// Only edges of this relation (repeat for several); entities left without an edge are
    /// not drawn.
    ///
    /// NAME is a predicate's label ("position held"), local name (P39), prefixed name
    /// (wdt:P39) or IRI, in any case; `co-mention` selects the co-mention edges.
    #[arg(long = "relation", value_name = "NAME")]
    pub relations: Vec<String>,
    /// Only entities mentioned at least N times (in the one document with --document).
    #[arg(long, value_name = "N")]
    pub min_mentions: Option<usize>,
    /// Only the entity called NAME (a name or other name, any case; or its IRI) and its
    /// neighbours up to --depth edges away.
    #[arg(long, value_name = "NAME")]
    pub focus: Option<String>,
    /// How many edges away from the --focus entity to draw.
    #[arg(long, value_name = "N", requires = "focus", default_value_t = 1)]
    pub depth: usize,
    /// Only the entities and edges of one document (its id, path or IRI).
    #[arg(long, value_name = "ID", conflicts_with = "construct")]
    pub document: Option<String>,
    /// Draw the triples this SPARQL CONSTRUCT query returns: entity-to-entity triples
    /// become edges.
    #[arg(long, value_name = "FILE.rq", value_hint = ValueHint::FilePath)]
    pub construct: Option<PathBuf>,
}

impl GraphArgs {
    /// The option names given, for the error when the format is not a drawing.
    pub fn given(&self) -> Vec<&'static str> {
        [
            ("--type", !self.types.is_empty()),
            ("--relation", !self.relations.is_empty()),
            ("--min-mentions", self.min_mentions.is_some()),
            ("--focus", self.focus.is_some()),
            ("--document", self.document.is_some()),
            ("--construct", self.construct.is_some()),
        ]
        .into_iter()
        .filter_map(|(name, given)| given.then_some(name))
        .collect()
    }

    /// The library's filter.
    pub fn filter(&self) -> Filter {
        Filter {
            types: self.types.clone(),
            relations: self.relations.clone(),
            min_mentions: self.min_mentions.unwrap_or(0),
            focus: self.focus.clone(),
            depth: self.depth,
        }
    }
}

/// What `export` writes: an RDF serialisation, or a drawing of the entity graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportTarget {
    /// An RDF format.
    Rdf(ExportFormat),
    /// Graphviz DOT of the entity graph.
    Dot,
    /// The entity graph drawn by Graphviz.
    Image(ImageFormat),
}

/// Parses `--format` of `export`: the RDF formats' names, `dot`, or an image format.
fn export_target() -> impl TypedValueParser<Value = ExportTarget> {
    let names: Vec<&str> = ExportFormat::NAMES
        .iter()
        .copied()
        .chain(["dot"])
        .chain(ImageFormat::NAMES.iter().copied())
        .collect();
    PossibleValuesParser::new(names).map(|name| match name.as_str() {
        "dot" => ExportTarget::Dot,
        other => match other.parse::<ImageFormat>() {
            Ok(image) => ExportTarget::Image(image),
            Err(_) => ExportTarget::Rdf(other.parse().expect("listed names parse")),
        },
    })
}

/// Parses `--format` of `query` into the library's result format.
fn result_format() -> impl TypedValueParser<Value = ResultFormat> {
    PossibleValuesParser::new(ResultFormat::NAMES)
        .map(|name| name.parse().expect("listed names parse"))
}

/// Parses `--type` into an entity type.
fn provenance() -> impl TypedValueParser<Value = Provenance> {
    PossibleValuesParser::new(Provenance::ALL.map(Provenance::name))
        .map(|name| name.parse().expect("listed names parse"))
}

fn entity_type() -> impl TypedValueParser<Value = EntityType> {
    PossibleValuesParser::new(EntityType::ALL.map(EntityType::folder))
        .map(|name| name.parse().expect("listed names parse"))
}

/// Exits with a usage error of `subcommand` (code 2) in clap's style.
pub fn usage_error(subcommand: &str, message: &str) -> ! {
    use clap::CommandFactory;
    let mut command = Cli::command();
    command.build();
    command
        .find_subcommand_mut(subcommand)
        .expect("a declared subcommand")
        .error(clap::error::ErrorKind::ArgumentConflict, message)
        .exit()
}

/// A share from 0 to 1 (`--dropout`).
fn share(value: &str) -> Result<f32, String> {
    match value.parse::<f32>() {
        Ok(share) if (0.0..1.0).contains(&share) => Ok(share),
        _ => Err(format!(
            "{value:?} is not a number from 0 up to (not including) 1"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }

    #[test]
    fn parses_and_rejects() {
        let ok: &[&[&str]] = &[
            &["kgraph", "build", "seeds"],
            &["kgraph", "build", "a", "b", "--memory", "-j", "2"],
            &["kgraph", "query", "SELECT * {}", "--format", "csv"],
            &["kgraph", "query", "-f", "q.rq"],
            &["kgraph", "export", "--format", "trig", "-o", "x.trig"],
            &["kgraph", "entities", "--type", "person"],
            &["kgraph", "export", "--format", "svg", "-o", "g.svg"],
            &[
                "kgraph",
                "export",
                "--format",
                "dot",
                "--type",
                "person",
                "--type",
                "org",
                "--relation",
                "co-mention",
                "--min-mentions",
                "2",
                "--focus",
                "Trump",
                "--depth",
                "2",
                "--document",
                "a.txt",
            ],
            &["kgraph", "export", "--format", "png", "--construct", "q.rq"],
            &["kgraph", "eval", "--gold", "g.jsonl", "--errors"],
            &["kgraph", "serve"],
            &[
                "kgraph",
                "serve",
                "--bind",
                "127.0.0.1:0",
                "--max-results",
                "5",
            ],
            &[
                "kgraph",
                "push",
                "--endpoint",
                "http://h/x",
                "--graph",
                "http://g",
            ],
            &[
                "kgraph",
                "push",
                "--endpoint",
                "http://h/x",
                "--user",
                "dba",
                "--password",
                "dba",
            ],
            &[
                "kgraph",
                "extract",
                "seeds",
                "-o",
                "x.nq",
                "--base",
                "http://e.org/",
            ],
        ];
        for args in ok {
            assert!(Cli::try_parse_from(*args).is_ok(), "{args:?}");
        }
        let bad: &[&[&str]] = &[
            &["kgraph", "build"],
            &["kgraph", "query"],
            &["kgraph", "query", "SELECT * {}", "-f", "q.rq"],
            &["kgraph", "export", "--format", "yaml"],
            &["kgraph", "entities", "--type", "misc"],
            &["kgraph", "export", "--format", "dot", "--depth", "2"],
            &["kgraph", "export", "--format", "gif"],
            &["kgraph", "export", "--type", "misc"],
            &["kgraph", "export", "--min-mentions", "-1"],
            &["kgraph", "export", "--document", "a", "--construct", "q.rq"],
            &["kgraph", "build", "x", "-j", "0"],
            &["kgraph", "frobnicate"],
            &["kgraph", "serve", "--bind", "localhost"],
            &["kgraph", "serve", "--timeout", "0"],
            &["kgraph", "push"],
            &[
                "kgraph",
                "push",
                "--endpoint",
                "http://h/x",
                "--user",
                "dba",
            ],
        ];
        for args in bad {
            assert!(Cli::try_parse_from(*args).is_err(), "{args:?}");
        }
    }
}
