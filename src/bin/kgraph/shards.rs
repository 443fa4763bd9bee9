//! The steps of a sharded build (`extract --stage entities`, `resolve`, `extract
//! --entities`, `merge`): each runs one library function and reports on standard error.

use crate::args::{ExtractionArgs, GraphOptionArgs, ShardArgs};
use crate::{extraction_options, graph_options, report_inputs, write_output};
use anyhow::Result;
use kgraph::shards::Part;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// How an output is named in errors.
fn name(path: Option<&Path>) -> String {
    path.map_or_else(|| "<stdout>".to_owned(), |p| p.display().to_string())
}

/// `extract` with `--stage entities` (step 1) or `--entities TABLE` (step 3).
pub(crate) fn extract(
    args: &ExtractionArgs,
    shard: &ShardArgs,
    output: Option<&Path>,
) -> Result<ExitCode> {
    match (&shard.entities, &shard.contribution) {
        (Some(table), Some(contribution)) => {
            extract_with_table(args, shard.part, output, table, contribution)
        }
        _ => extract_entities(args, shard.part, output),
    }
}

/// Step 1: the shard's documents and entities.
fn extract_entities(
    args: &ExtractionArgs,
    part: Option<Part>,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let (inputs, options) = extraction_options(args)?;
    let report = write_output(output, |out| {
        Ok(kgraph::pipeline::extract_entities(
            &inputs,
            part,
            &options,
            out,
            &name(output),
        )?)
    })?;
    eprintln!(
        "kgraph: step 1: read {} document(s) in {:.2} s",
        report.documents_read,
        report.elapsed.as_secs_f64()
    );
    Ok(report_inputs(&report))
}

/// Step 2: the entity table.
pub(crate) fn resolve(
    shards: &[PathBuf],
    args: &GraphOptionArgs,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let options = graph_options(args)?;
    let report = write_output(output, |out| {
        Ok(kgraph::pipeline::resolve_shards(
            shards,
            &options,
            out,
            &name(output),
        )?)
    })?;
    eprintln!(
        "kgraph: step 2: {} shard(s), {} document(s), {} entities in {:.2} s",
        shards.len(),
        report.documents_read,
        report.entities.values().sum::<usize>(),
        report.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}

/// Step 3: the shard's document graphs and its contribution.
fn extract_with_table(
    args: &ExtractionArgs,
    part: Option<Part>,
    output: Option<&Path>,
    table: &Path,
    contribution: &Path,
) -> Result<ExitCode> {
    let (inputs, options) = extraction_options(args)?;
    let report = write_output(Some(contribution), |contribution_out| {
        write_output(output, |out| {
            Ok(kgraph::pipeline::extract_with_table(
                &inputs,
                part,
                &options,
                table,
                |text| out.write_all(text.as_bytes()),
                contribution_out,
                &contribution.display().to_string(),
            )?)
        })
    })?;
    eprintln!(
        "kgraph: step 3: extracted {} document(s), {} quads in {:.2} s",
        report.documents_read,
        report.quads.unwrap_or(0),
        report.elapsed.as_secs_f64()
    );
    Ok(report_inputs(&report))
}

/// Step 4: the entity graph.
pub(crate) fn merge(
    table: &Path,
    contributions: &[PathBuf],
    args: &GraphOptionArgs,
    output: Option<&Path>,
) -> Result<ExitCode> {
    let options = graph_options(args)?;
    let report = write_output(output, |out| {
        Ok(kgraph::pipeline::merge_contributions(
            table,
            contributions,
            &options,
            |text| out.write_all(text.as_bytes()),
        )?)
    })?;
    eprintln!(
        "kgraph: step 4: merged {} contribution(s), {} quads in {:.2} s",
        contributions.len(),
        report.quads.unwrap_or(0),
        report.elapsed.as_secs_f64()
    );
    Ok(ExitCode::SUCCESS)
}
