//! The `kgraph` binary: parses arguments, runs one command, prints, sets the exit code.
//! All the work is in the library; this is the only place that prints.
#![expect(
    clippy::print_stderr,
    reason = "the binary is the one place that prints (standard output goes through writers, so a closed pipe is no panic)"
)]

mod args;
mod learn;
mod progress;
mod shards;

use anyhow::{Context, Result, bail};
use args::{Cli, Command, ExportTarget, ExtractionArgs, GraphArgs, GraphOptionArgs, StoreArgs};
use clap::Parser;
use kgraph::entity_type::EntityType;
use kgraph::export::{self, ExportFormat as RdfExportFormat};
use kgraph::gazetteer::Gazetteer;
use kgraph::graph::{self, ImageFormat, Source};
use kgraph::pipeline::{BuildOptions, BuildReport};
use kgraph::query::{self, ResultFormat};
use kgraph::rdf::Iris;
use kgraph::relate::Inventory;
use kgraph::resolve::Decisions;
use kgraph::{Input, KgStore, catalog, eval};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

/// mimalloc, counting the bytes in use so that `kgraph serve` can stop queries that take
/// too much memory ([`heap_in_use`]). It gives freed memory back sooner than the C
/// allocator (the server's peak under load) and allocates faster (Oxigraph's bulk loader
/// makes a buffer per key). RocksDB's C++ side keeps the C allocator; the vendored
/// Oxigraph frees RocksDB's error messages with it (`vendor/oxigraph/KGRAPH.md`).
#[global_allocator]
static ALLOCATOR: cap::Cap<mimalloc::MiMalloc> = cap::Cap::new(mimalloc::MiMalloc, usize::MAX);

/// The bytes the program has allocated and not freed.
fn heap_in_use() -> Option<u64> {
    u64::try_from(ALLOCATOR.allocated()).ok()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    progress::set_quiet(cli.quiet);
    match run(cli) {
        Ok(code) => code,
        Err(error) if is_broken_pipe(&error) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("kgraph: error: {error:#}");
            ExitCode::from(1)
        }
    }
}

/// Whether the error is standard output closed by its reader (a network connection closed
/// during `push` is a real failure).
fn is_broken_pipe(error: &anyhow::Error) -> bool {
    if error.downcast_ref::<kgraph::push::PushError>().is_some() {
        return false;
    }
    error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            || cause.to_string().contains("Broken pipe")
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build {
            extraction,
            store,
            memory,
            prune,
        } => build(&extraction, &store, memory, prune),
        Command::Extract {
            extraction,
            output,
            format,
            shard,
        } => match (format.as_str(), &shard.stage, &shard.entities) {
            (_, Some(_), _) | (_, _, Some(_)) => {
                shards::extract(&extraction, &shard, output.as_deref())
            }
            (_, None, None) if shard.part.is_some() => args::usage_error(
                "extract",
                "--part goes with --stage entities or --entities TABLE: a part of a corpus extracted alone is not part of the whole one's graph",
            ),
            ("jsonl", ..) => extract_jsonl(&extraction, output.as_deref()),
            _ => extract(&extraction, output.as_deref()),
        },
        Command::Resolve {
            shards,
            output,
            options,
        } => shards::resolve(&shards, &options, output.as_deref()),
        Command::Merge {
            entities,
            contributions,
            output,
            options,
        } => shards::merge(&entities, &contributions, &options, output.as_deref()),
        Command::Query {
            query,
            file,
            store,
            format,
            timeout,
        } => {
            let text = match (query, file) {
                (Some(text), _) => text,
                (None, Some(file)) => std::fs::read_to_string(&file)
                    .with_context(|| format!("cannot read query file {}", file.display()))?,
                (None, None) => bail!("give a query or --file FILE.rq"),
            };
            let store = open_existing(&store)?;
            let format = format.unwrap_or(if std::io::stdout().is_terminal() {
                ResultFormat::Table
            } else {
                ResultFormat::Tsv
            });
            let limit = Duration::from_secs(timeout);
            let _watchdog = Watchdog::start(limit);
            let mut out = std::io::stdout().lock();
            query::run(&store, &text, format, Some(limit), &mut out)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            format,
            output,
            store,
            graph: graph_args,
        } => {
            let target = format.unwrap_or_else(|| target_for(output.as_deref()));
            if let ExportTarget::Rdf(_) = target {
                let given = graph_args.given();
                if !given.is_empty() {
                    args::usage_error(
                        "export",
                        &format!(
                            "the graph options ({}) need --format dot, svg, png or pdf",
                            given.join(", ")
                        ),
                    );
                }
            }
            let store = open_existing(&store)?;
            match target {
                ExportTarget::Dot | ExportTarget::Image(_) => {
                    draw(&store, &graph_args, target, output.as_deref())?;
                }
                ExportTarget::Rdf(format) => {
                    let count = write_output(output.as_deref(), |out| {
                        Ok(export::export(&store, format, out, &progress::sink())?)
                    })?;
                    if let Some(path) = &output {
                        let unit = if format.keeps_graphs() {
                            "quads"
                        } else {
                            "triples"
                        };
                        eprintln!("kgraph: wrote {count} {unit} to {}", path.display());
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Entities {
            entity_type,
            explain,
            json,
            store,
        } => {
            let store = open_existing(&store)?;
            entities(&store, entity_type, explain.as_deref(), json)
        }
        Command::Serve {
            bind,
            store,
            timeout,
            max_results,
            max_queries,
            max_connections,
            client_timeout,
            max_memory,
        } => {
            let store = open_existing(&store)?;
            let count = |n: u64| usize::try_from(n).unwrap_or(usize::MAX);
            let defaults = kgraph::serve::ServeOptions::default();
            let options = kgraph::serve::ServeOptions {
                limits: query::Limits {
                    timeout: Some(Duration::from_secs(timeout)),
                    max_results: Some(count(max_results)),
                },
                max_queries: max_queries.map_or(defaults.max_queries, count),
                max_connections: count(max_connections),
                client_timeout: Duration::from_secs(client_timeout),
                max_memory: Some(max_memory.saturating_mul(1 << 20)),
                memory_in_use: heap_in_use,
            };
            let endpoint = kgraph::serve::Endpoint::start(store, bind, options)?;
            let address = endpoint.address();
            let mut out = std::io::stdout().lock();
            writeln!(
                out,
                "kgraph: SPARQL endpoint at http://{address}/sparql, explorer at http://{address}/, query page at http://{address}/query (read-only; Ctrl-C stops)"
            )?;
            out.flush()?;
            drop(out);
            endpoint.join()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Push {
            endpoint,
            graph,
            user,
            password,
            timeout,
            store,
        } => {
            let store = open_existing(&store)?;
            let options = kgraph::push::PushOptions {
                endpoint,
                graph,
                credentials: user.zip(password),
                timeout: Duration::from_secs(timeout),
            };
            let report = kgraph::push::push(&store, &options)?;
            eprintln!(
                "kgraph: pushed {} triples in {} graph(s) to {}",
                report.triples, report.graphs, options.endpoint
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Train {
            gold,
            dev,
            from,
            output,
            epochs,
            min_count,
            dropout,
            rounds,
        } => learn::train(&learn::TrainArgs {
            gold: &gold,
            dev: &dev,
            from: from.as_deref(),
            output: &output,
            epochs: usize::from(epochs),
            min_count,
            dropout,
            rounds: usize::from(rounds),
        }),
        Command::Eval {
            gold,
            facts,
            store,
            errors,
            json,
            model,
        } => {
            let mut code = ExitCode::SUCCESS;
            if let Some(gold) = gold {
                code = learn::evaluate(&gold, &model, errors, json)?;
            }
            if let Some(facts) = facts {
                code = evaluate_facts(&open_existing(&store)?, &facts, errors, json)?;
            }
            Ok(code)
        }
    }
}

fn open_existing(args: &StoreArgs) -> Result<KgStore> {
    Ok(KgStore::open_read_only(&args.store)?)
}

/// The inputs and build options the command line asks for.
fn extraction_options(args: &ExtractionArgs) -> Result<(Vec<Input>, BuildOptions)> {
    let inputs = args.inputs.iter().map(|i| Input::from_arg(i)).collect();
    Ok((inputs, graph_options(&args.options)?))
}

/// The build options the command line asks for.
fn graph_options(args: &GraphOptionArgs) -> Result<BuildOptions> {
    let iris = Iris::new(&args.base)?;
    let decisions = match &args.decisions {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            Decisions::parse(&path.display().to_string(), &text)?
        }
        None => Decisions::default(),
    };
    let mut inventory = Inventory::embedded();
    if let Some(path) = &args.relations {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        inventory.add(&path.display().to_string(), &text)?;
    }
    let mut gazetteer = Gazetteer::default();
    for path in &args.gazetteer {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        gazetteer.add_file(&path.display().to_string(), &text)?;
    }
    let options = BuildOptions {
        iris,
        decisions,
        inventory,
        gazetteer: std::sync::Arc::new(gazetteer),
        engine: learn::engine(&args.model)?,
        prune: false,
        jobs: args.jobs.map(usize::from),
        progress: progress::sink(),
        provenance: args.provenance,
    };
    Ok(options)
}

/// Reports notes and bad inputs on standard error; exit code 1 if any input was bad.
pub(crate) fn report_inputs(report: &BuildReport) -> ExitCode {
    if progress::notes_wanted() {
        for note in &report.notes {
            eprintln!("kgraph: note: {note}");
        }
    }
    for error in &report.errors {
        eprintln!("kgraph: warning: {error}");
    }
    if report.errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!(
            "kgraph: {} input(s) could not be read; everything else was processed",
            report.errors.len()
        );
        ExitCode::from(1)
    }
}

fn extract_jsonl(args: &ExtractionArgs, output: Option<&Path>) -> Result<ExitCode> {
    let (inputs, options) = extraction_options(args)?;
    let (mut documents, mut mentions, mut relations) = (0, 0, 0);
    let report = write_output(output, |out| {
        let report = kgraph::pipeline::extract_records(&inputs, &options, |record| {
            serde_json::to_writer(&mut *out, record)?;
            documents += 1;
            mentions += record.mentions.len();
            relations += record.relations.len();
            out.write_all(b"\n")
        })?;
        Ok(report)
    })?;
    let code = report_inputs(&report);
    eprintln!(
        "kgraph: extracted {documents} document(s): {mentions} mention(s), {relations} relation(s)"
    );
    Ok(code)
}

fn extract(args: &ExtractionArgs, output: Option<&Path>) -> Result<ExitCode> {
    let (inputs, options) = extraction_options(args)?;
    let report = write_output(output, |out| {
        let report = kgraph::pipeline::extract_nquads(&inputs, &options, |text| {
            out.write_all(text.as_bytes())
        })?;
        Ok(report)
    })?;
    eprintln!(
        "kgraph: extracted {} document(s), {} quads in {:.2} s",
        report.documents_read,
        report.quads.unwrap_or(0),
        report.elapsed.as_secs_f64()
    );
    Ok(report_inputs(&report))
}

fn build(
    args: &ExtractionArgs,
    store_args: &StoreArgs,
    memory: bool,
    prune: bool,
) -> Result<ExitCode> {
    let (inputs, mut options) = extraction_options(args)?;
    options.prune = prune;
    let store = if memory {
        KgStore::in_memory()?
    } else {
        KgStore::open(&store_args.store)?
    };
    let report = kgraph::build(&store, &inputs, &options)?;
    let code = report_inputs(&report);
    print_summary(&report, &store.location())?;
    Ok(code)
}

fn print_summary(report: &BuildReport, location: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "Read {} document(s): {} new or changed, {} unchanged{}. Store {location}: {} document(s), {}. {:.2} s",
        report.documents_read,
        report.documents_written,
        report.documents_unchanged,
        match report.documents_removed {
            0 => String::new(),
            n => format!(", {n} removed"),
        },
        report.documents_in_store,
        match (report.quads, report.written) {
            (Some(quads), _) => format!("{quads} quads"),
            (None, Some(written)) => format!(
                "{} quads written, {} removed",
                written.quads_written, written.quads_removed
            ),
            (None, None) => "already up to date".to_owned(),
        },
        report.elapsed.as_secs_f64()
    )?;
    writeln!(out, "{:<8}{:>10}{:>10}", "type", "mentions", "entities")?;
    let (mut mentions, mut entities) = (0, 0);
    for t in EntityType::ALL {
        let m = report.mentions.get(&t).copied().unwrap_or(0);
        let e = report.entities.get(&t).copied().unwrap_or(0);
        mentions += m;
        entities += e;
        writeln!(out, "{:<8}{m:>10}{e:>10}", t.label())?;
    }
    writeln!(out, "{:<8}{mentions:>10}{entities:>10}", "total")
}

fn entities(
    store: &KgStore,
    only: Option<EntityType>,
    explain: Option<&str>,
    json: bool,
) -> Result<ExitCode> {
    let mut entries = catalog::entities(store, only)?;
    if let Some(name) = explain {
        let wanted = kgraph::lexicon::fold(name);
        entries.retain(|e| {
            kgraph::lexicon::fold(&e.label) == wanted
                || e.alt_labels
                    .iter()
                    .any(|a| kgraph::lexicon::fold(a) == wanted)
        });
        if entries.is_empty() {
            bail!("no entity is called {name:?}; `kgraph entities` lists them all");
        }
    }
    let mut out = std::io::stdout().lock();
    let iris = kgraph::query::store_iris(store);
    let prefixes = kgraph::query::prefixes(&iris);
    for entry in &entries {
        if json {
            writeln!(out, "{}", serde_json::to_string(entry)?)?;
            continue;
        }
        let iri = kgraph::query::display_term(
            &oxigraph::model::NamedNode::new_unchecked(entry.iri.clone()).into(),
            &prefixes,
        );
        writeln!(
            out,
            "{:<7} {:<40} {:>4} mention(s) in {} doc(s)  {iri}",
            entry.entity_type.label(),
            entry.label,
            entry.mentions,
            entry.documents
        )?;
        if !entry.alt_labels.is_empty() {
            writeln!(out, "        also: {}", entry.alt_labels.join(" | "))?;
        }
        if explain.is_some() {
            if entry.merges.is_empty() {
                writeln!(out, "        merged only by identical names")?;
            }
            for (rule, name, into) in &entry.merges {
                writeln!(out, "        {name:?} joined {into:?} by rule {rule}")?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Draws the entity graph (DOT, or an image through Graphviz) to `output` or standard
/// output.
fn draw(
    store: &KgStore,
    args: &GraphArgs,
    target: ExportTarget,
    output: Option<&Path>,
) -> Result<()> {
    if let (ExportTarget::Image(format @ (ImageFormat::Png | ImageFormat::Pdf)), None) =
        (target, output)
        && std::io::stdout().is_terminal()
    {
        bail!(
            "will not write {} to a terminal: add --output FILE.{0} or redirect",
            format.name()
        );
    }
    let query;
    let source = match (&args.document, &args.construct) {
        (Some(document), _) => Source::Document(document),
        (None, Some(file)) => {
            query = std::fs::read_to_string(file)
                .with_context(|| format!("cannot read query file {}", file.display()))?;
            Source::Construct(&query)
        }
        (None, None) => Source::Store,
    };
    let built = graph::from_store(store, source).with_context(|| match &args.construct {
        Some(file) => format!("cannot draw the results of {}", file.display()),
        None => "cannot draw the entity graph".to_owned(),
    })?;
    let drawn = graph::apply(&built, &args.filter())?;
    // The focus entity is always drawn; it is highlighted.
    let focus = match &args.focus {
        Some(name) => Some(graph::find_entity(&drawn, name)?),
        None => None,
    };
    let dot = graph::to_dot(&drawn, focus);
    let warnings = write_output(output, |out| match target {
        ExportTarget::Image(format) => {
            Ok(graph::render(&dot, format, graph::render::GRAPHVIZ, out)?)
        }
        _ => {
            out.write_all(dot.as_bytes())?;
            Ok(String::new())
        }
    })?;
    for line in warnings.lines().filter(|l| !l.trim().is_empty()) {
        eprintln!("kgraph: graphviz: {line}");
    }
    if let Some(path) = output {
        eprintln!(
            "kgraph: drew {} entities and {} edges to {}",
            drawn.node_count(),
            drawn.edge_count(),
            path.display()
        );
    }
    Ok(())
}

fn evaluate_facts(store: &KgStore, path: &Path, show_errors: bool, json: bool) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let gold = eval::facts::parse_facts(&path.display().to_string(), &text)?;
    let result = eval::facts::evaluate_facts(store, &gold)?;
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&result)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} gold fact(s), {}", gold.len(), path.display())?;
    writeln!(
        out,
        "\nrelations\n{:>7}{:>7}{:>12}{:>12}{:>8}{:>8}{:>8}",
        "gold", "stated", "stated-ok", "gold-found", "P", "R", "F1"
    )?;
    writeln!(
        out,
        "{:>7}{:>7}{:>12}{:>12}{:>8.3}{:>8.3}{:>8.3}",
        result.gold,
        result.stated,
        result.stated_right,
        result.gold_found,
        result.precision,
        result.recall,
        result.f1
    )?;
    if show_errors {
        writeln!(out)?;
        for miss in &result.misses {
            writeln!(
                out,
                "miss         {} | {} | {}   (line {})",
                miss.subject, miss.relation, miss.object, miss.line
            )?;
        }
        for alarm in &result.false_alarms {
            writeln!(
                out,
                "false-alarm  {} | {} | {}   «{}»",
                alarm.subject, alarm.relation, alarm.object, alarm.evidence
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The export target for an output file: from its extension, else N-Quads.
fn target_for(output: Option<&Path>) -> ExportTarget {
    let extension = output.and_then(|p| p.extension()).and_then(|e| e.to_str());
    if let Some(image) = extension.and_then(ImageFormat::from_extension) {
        return ExportTarget::Image(image);
    }
    match extension {
        Some("dot" | "gv") => ExportTarget::Dot,
        other => ExportTarget::Rdf(
            other
                .and_then(RdfExportFormat::from_extension)
                .unwrap_or(RdfExportFormat::NQuads),
        ),
    }
}

/// Runs `write` on standard output, or on `path` through a temporary file (`path` with
/// `.partial` added) that is renamed into place only when everything was written (a failed
/// export leaves nothing behind). A `path` that exists and is not a regular file (a device
/// such as `/dev/null`, a named pipe) is written directly: renaming over it would replace
/// it.
pub(crate) fn write_output<T>(
    path: Option<&Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<T>,
) -> Result<T> {
    let Some(path) = path else {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        let value = write(&mut out)?;
        out.flush()?;
        return Ok(value);
    };
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .with_context(|| format!("cannot open {}", path.display()))?;
        let mut out = std::io::BufWriter::new(file);
        let value = write(&mut out)?;
        out.flush()
            .with_context(|| format!("cannot write {}", path.display()))?;
        return Ok(value);
    }
    let mut partial_name = path.as_os_str().to_owned();
    partial_name.push(".partial");
    let partial = std::path::PathBuf::from(partial_name);
    let file = std::fs::File::create(&partial)
        .with_context(|| format!("cannot create {}", partial.display()))?;
    let mut out = std::io::BufWriter::new(file);
    let value = write(&mut out);
    let finished = value.and_then(|v| {
        out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
        Ok(v)
    });
    match finished {
        Ok(value) => {
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            Ok(value)
        }
        Err(error) => {
            let _ = std::fs::remove_file(&partial);
            Err(error)
        }
    }
}

/// Ends the process when a query outlives its timeout by a grace second.
///
/// Oxigraph checks its cancellation token only while reading the store, so a query busy
/// joining data it already read would run on; the process exits instead, with the same
/// message the cooperative timeout gives.
struct Watchdog {
    done: Option<std::sync::mpsc::Sender<()>>,
}

impl Watchdog {
    fn start(limit: Duration) -> Self {
        let (done, finished) = std::sync::mpsc::channel::<()>();
        std::thread::spawn(move || {
            if let Err(std::sync::mpsc::RecvTimeoutError::Timeout) =
                finished.recv_timeout(limit + Duration::from_secs(1))
            {
                eprintln!(
                    "kgraph: error: {}",
                    kgraph::query::QueryError::Timeout(limit)
                );
                std::process::exit(1);
            }
        });
        Self { done: Some(done) }
    }
}

impl Drop for Watchdog {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
    }
}
