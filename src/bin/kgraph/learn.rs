//! `kgraph train` and `kgraph eval --gold`: choosing, training and scoring recognisers.

use anyhow::{Context, Result, bail};
use kgraph::eval::{self, Evaluation, GoldDocument};
use kgraph::lexicon::Lexicon;
use kgraph::progress::{Progress as _, Stage};
use kgraph::recognise::tagger::train::{self, Corpus, Progress, TrainOptions};
use kgraph::recognise::{Engine, Model};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

/// The engine a `--model` argument names: `default`, `rules` or a model file.
pub fn engine(name: &str) -> Result<Engine> {
    Ok(match name {
        "default" => Engine::default(),
        "rules" => Engine::Rules,
        path => Engine::Tagger(load_model(Path::new(path))?),
    })
}

fn load_model(path: &Path) -> Result<Arc<Model>> {
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read model {}", path.display()))?;
    let model = Model::from_bytes(&bytes)
        .with_context(|| format!("cannot load model {}", path.display()))?;
    Ok(Arc::new(model))
}

fn read_gold(path: &Path) -> Result<Vec<GoldDocument>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    Ok(eval::parse_gold(&path.display().to_string(), &text)?)
}

/// What `kgraph train` was asked.
pub struct TrainArgs<'a> {
    pub gold: &'a [String],
    pub dev: &'a [PathBuf],
    pub from: Option<&'a str>,
    pub output: &'a Path,
    pub epochs: usize,
    pub min_count: u32,
    pub dropout: f32,
    pub rounds: usize,
}

/// A `--gold` argument: `FILE` or `FILE=WEIGHT`.
fn weighted(arg: &str) -> Result<(PathBuf, f32)> {
    if let Some((path, weight)) = arg.rsplit_once('=')
        && let Ok(weight) = weight.parse::<f32>()
        && !Path::new(arg).exists()
    {
        if !(weight > 0.0 && weight.is_finite()) {
            bail!("--gold {arg}: the weight must be a positive number");
        }
        return Ok((PathBuf::from(path), weight));
    }
    Ok((PathBuf::from(arg), 1.0))
}

/// Runs `kgraph train`.
pub fn train(args: &TrainArgs<'_>) -> Result<ExitCode> {
    let started = Instant::now();
    let mut corpora = Vec::new();
    for arg in args.gold {
        let (path, weight) = weighted(arg)?;
        corpora.push(Corpus {
            documents: read_gold(&path)?,
            weight,
        });
    }
    let mut dev = Vec::new();
    for path in args.dev {
        dev.extend(read_gold(path)?);
    }
    let from = match args.from {
        None => None,
        Some("default") => Some(Model::embedded()),
        Some(path) => Some(load_model(Path::new(path))?),
    };
    let options = TrainOptions {
        epochs: args.epochs,
        min_count: args.min_count,
        dropout: args.dropout,
        rounds: args.rounds,
        from,
        ..TrainOptions::default()
    };
    let bar = super::progress::bar();
    let mut step = 0;
    let documents: usize = corpora.iter().map(|c| c.documents.len()).sum();
    eprintln!(
        "kgraph: training on {documents} document(s) from {} file(s), {} development document(s)",
        corpora.len(),
        dev.len()
    );
    let model = train::train(
        &corpora,
        &dev,
        &options,
        Lexicon::embedded(),
        &mut |progress| match progress {
            Progress::Prepared {
                runs,
                tokens,
                names,
                unaligned,
                features,
            } => eprintln!(
                "kgraph: {runs} candidate runs, {tokens} tokens, {names} names ({unaligned} outside the runs or token boundaries), {features} features"
            ),
            Progress::Step {
                round,
                epoch,
                done,
                of,
            } => {
                if let Some(bar) = &bar {
                    if done < step || step == 0 {
                        let round = if args.rounds > 1 {
                            format!("round {round}, ")
                        } else {
                            String::new()
                        };
                        bar.stage(Stage {
                            name: format!("training, {round}epoch {epoch}").into(),
                            bytes: None,
                            documents: Some(of as u64),
                        });
                        step = 0;
                    }
                    bar.advance((done - step) as u64, 0);
                    step = done;
                }
            }
            Progress::Epoch {
                round,
                rounds,
                epoch,
                of,
                mistakes,
                dev,
            } => {
                if let Some(bar) = &bar {
                    bar.finish();
                    step = 0;
                }
                let scores = dev.map_or_else(String::new, |d| {
                    let o = &d.exact_overall;
                    format!(
                        "; dev P {:.3} R {:.3} F1 {:.3}",
                        o.precision, o.recall, o.f1
                    )
                });
                let round = if rounds > 1 {
                    format!("round {round}/{rounds}, ")
                } else {
                    String::new()
                };
                eprintln!(
                    "kgraph: {round}epoch {epoch}/{of}: {mistakes} runs wrong{scores} ({:.0} s)",
                    started.elapsed().as_secs_f64()
                );
            }
        },
    );
    if args.rounds > 1 && !dev.is_empty() {
        let recogniser =
            kgraph::recognise::with_model(Lexicon::embedded(), Arc::new(model.clone()), None);
        let o = eval::evaluate(&dev, &recogniser).exact_overall;
        eprintln!(
            "kgraph: the mean of {} rounds: dev P {:.3} R {:.3} F1 {:.3}",
            args.rounds, o.precision, o.recall, o.f1
        );
    }
    let bytes = model.to_bytes();
    // Written as FILE.partial and renamed, as every output file is: a failed write
    // leaves no half a model.
    super::write_output(Some(args.output), |out| Ok(out.write_all(&bytes)?))?;
    eprintln!(
        "kgraph: wrote {} ({} features, {:.1} MB) in {:.0} s",
        args.output.display(),
        model.feature_count(),
        bytes.len() as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Runs `kgraph eval --gold` with each of `models` (the default model when none).
pub fn evaluate(gold: &Path, models: &[String], show_errors: bool, json: bool) -> Result<ExitCode> {
    let documents = read_gold(gold)?;
    let names: Vec<String> = if models.is_empty() {
        vec!["default".to_owned()]
    } else {
        models.to_vec()
    };
    let lexicon = Lexicon::embedded();
    let mut results = Vec::new();
    for name in &names {
        let recogniser = kgraph::recognise::with_engine(lexicon, &engine(name)?, None);
        results.push(eval::evaluate(&documents, &recogniser));
    }
    let mut out = std::io::stdout().lock();
    if json {
        let value = if results.len() == 1 {
            serde_json::to_value(&results[0])?
        } else {
            serde_json::Value::Object(
                names
                    .iter()
                    .zip(&results)
                    .map(|(n, r)| Ok((n.clone(), serde_json::to_value(r)?)))
                    .collect::<Result<_>>()?,
            )
        };
        writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "{} document(s), {}", documents.len(), gold.display())?;
    if results.len() > 1 {
        compare(&mut out, &names, &results)?;
    } else {
        table(&mut out, &results[0])?;
    }
    if show_errors {
        for (name, result) in names.iter().zip(&results) {
            writeln!(out, "\nerrors of {name}")?;
            for e in &result.errors {
                writeln!(
                    out,
                    "{:<11} {:<6} {:?} in {}: …{}…",
                    e.kind, e.entity_type, e.text, e.document, e.context
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn table(out: &mut impl Write, result: &Evaluation) -> Result<()> {
    for (title, scores, overall) in [
        ("exact span and type", &result.exact, &result.exact_overall),
        (
            "overlapping span, same type",
            &result.overlap,
            &result.overlap_overall,
        ),
    ] {
        writeln!(
            out,
            "\n{title}\n{:<8}{:>7}{:>7}{:>7}{:>8}{:>8}{:>8}",
            "type", "gold", "found", "right", "P", "R", "F1"
        )?;
        for (label, s) in scores
            .iter()
            .map(|(l, s)| (l.as_str(), s))
            .chain([("overall", overall)])
        {
            writeln!(
                out,
                "{label:<8}{:>7}{:>7}{:>7}{:>8.3}{:>8.3}{:>8.3}",
                s.gold, s.predicted, s.correct, s.precision, s.recall, s.f1
            )?;
        }
    }
    Ok(())
}

/// One table of exact-match P / R / F1 per type, a column group per model.
fn compare(out: &mut impl Write, names: &[String], results: &[Evaluation]) -> Result<()> {
    writeln!(out, "\nexact span and type: P / R / F1")?;
    write!(out, "{:<8}{:>7}", "type", "gold")?;
    for name in names {
        // The last 20 characters: a model file's name ends a path.
        let short: String = name
            .chars()
            .skip(name.chars().count().saturating_sub(20))
            .collect();
        write!(out, "  {short:>20}")?;
    }
    writeln!(out)?;
    let labels: Vec<&String> = results[0].exact.keys().collect();
    let rows = labels
        .iter()
        .map(|l| {
            (
                l.as_str(),
                results.iter().map(|r| r.exact[*l]).collect::<Vec<_>>(),
            )
        })
        .chain([("overall", results.iter().map(|r| r.exact_overall).collect())]);
    for (label, scores) in rows {
        write!(out, "{label:<8}{:>7}", scores[0].gold)?;
        for s in scores {
            write!(
                out,
                "  {:>20}",
                format!("{:.3} {:.3} {:.3}", s.precision, s.recall, s.f1)
            )?;
        }
        writeln!(out)?;
    }
    Ok(())
}
