#!/usr/bin/env python3
"""Builds a kgraph graph on Apache Spark: the four steps of a sharded build (README,
"Beyond one machine"), the map steps in Spark's executors, the reduce steps on the driver.

    python3 scripts/spark/build.py INPUT... --output DIR [--partitions N] [--kgraph PATH]
        [--master URL] [--base IRI] [--gazetteer FILE]... [--decisions FILE]
        [--relations FILE] [--model MODEL] [--jobs N]

Writes DIR/part-00000.nq ... (one per partition: its documents' graphs) and one more part
(the entity graph). Sorted and concatenated they are byte for byte what
`kgraph extract INPUT...` writes, sorted.

1. map: partition K runs `kgraph extract INPUT... --part K/N --stage entities`; the
   entity files (a few MB: distinct entities, not documents) come back to the driver;
2. reduce (driver): `kgraph resolve` writes the entity table, shipped to the executors
   with SparkContext.addFile;
3. map: partition K runs `kgraph extract INPUT... --part K/N --entities TABLE
   --contribution FILE`, its document graphs written as a part file, its contribution
   coming back to the driver;
4. reduce (driver): `kgraph merge` writes the entity graph as the last part.

The binary is shipped to the executors with SparkContext.addFile. The inputs, and the
files the graph options name, must be readable at the same paths on every executor (a
shared file system, or local mode): a document's source path is part of its graph, and a
gazetteer's path part of the extraction key. DIR is a local path (or file:// URI), written
by the executors directly, so on a cluster it must be on the shared file system too; any
other Hadoop URI (hdfs://, s3a://, ...) is written through Spark's Hadoop output instead,
the quads passing through Python.

Local mode (`local[*]`) when --master is not given. Exits non-zero, naming the step and
the partition, if any kgraph run fails.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from urllib.parse import urlparse


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Build a kgraph graph on Apache Spark (the sharded build's four steps).")
    parser.add_argument("inputs", nargs="+", metavar="INPUT",
                        help="files or folders, as `kgraph extract` takes them")
    parser.add_argument("--output", required=True, metavar="DIR",
                        help="folder (local path or Hadoop URI) for part-*.nq; must not exist")
    parser.add_argument("--partitions", type=int, default=0, metavar="N",
                        help="shards (default: Spark's default parallelism)")
    parser.add_argument("--kgraph", metavar="PATH",
                        help="the kgraph binary (default: kgraph on PATH)")
    parser.add_argument("--master", metavar="URL", help="Spark master (default: local[*])")
    parser.add_argument("--jobs", type=int, default=0, metavar="N",
                        help="threads per kgraph run (default: spark.task.cpus)")
    graph = parser.add_argument_group("graph options, passed to every kgraph step")
    graph.add_argument("--base", metavar="IRI")
    graph.add_argument("--gazetteer", action="append", default=[], metavar="FILE")
    graph.add_argument("--decisions", metavar="FILE")
    graph.add_argument("--relations", metavar="FILE")
    graph.add_argument("--model", metavar="MODEL")
    args = parser.parse_args(argv)
    if args.partitions < 0:
        parser.error("--partitions must be positive")
    return args


def graph_options(args):
    """The kgraph options that change the graph, as given."""
    options = []
    if args.base:
        options += ["--base", args.base]
    for gazetteer in args.gazetteer:
        options += ["--gazetteer", gazetteer]
    if args.decisions:
        options += ["--decisions", args.decisions]
    if args.relations:
        options += ["--relations", args.relations]
    if args.model:
        options += ["--model", args.model]
    return options


def run(command, what, cwd=None):
    """Runs a kgraph step; raises with its standard error if it fails."""
    done = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{what} failed (exit {done.returncode}): {' '.join(command)}\n"
                           f"{done.stderr.strip()}")
    return done.stderr


class Job:
    """What every task needs: picklable, shipped to the executors with the closures."""

    def __init__(self, args, partitions, binary_name, jobs):
        self.inputs = args.inputs
        self.options = graph_options(args) + ["--jobs", str(jobs)]
        self.partitions = partitions
        self.binary_name = binary_name
        self.cwd = os.getcwd()

    def binary(self):
        from pyspark import SparkFiles
        path = SparkFiles.get(self.binary_name)
        if not os.access(path, os.X_OK):
            os.chmod(path, 0o755)
        return path

    def workdir(self):
        """The driver's folder, so relative inputs and option files resolve as there."""
        return self.cwd if os.path.isdir(self.cwd) else None

    def extract(self, part, extra):
        return ([self.binary(), "extract", *self.inputs, "--part", f"{part}/{self.partitions}"]
                + extra + self.options)


def step1(job):
    """Partition K's entity file, as bytes."""
    def task(part, _):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "entities")
            run(job.extract(part, ["--stage", "entities", "-o", out]),
                f"step 1 (partition {part})", job.workdir())
            with open(out, "rb") as f:
                yield part, f.read()
    return task


def step3(job, table_name, part, tmp, quads):
    """Runs step 3 for partition PART, its graphs to QUADS; its contribution, as bytes."""
    from pyspark import SparkFiles
    contribution = os.path.join(tmp, "contribution")
    run(job.extract(part, ["--entities", SparkFiles.get(table_name),
                           "--contribution", contribution, "-o", quads]),
        f"step 3 (partition {part})", job.workdir())
    with open(contribution, "rb") as f:
        return f.read()


def step3_direct(job, table_name, output):
    """Writes partition K's document graphs to OUTPUT/part-K.nq; its contribution, as bytes."""
    def task(part, _):
        with tempfile.TemporaryDirectory() as tmp:
            quads = os.path.join(output, f"part-{part:05d}.nq")
            yield part, step3(job, table_name, part, tmp, quads)
    return task


def step3_lines(job, table_name, contributions):
    """Partition K's document graph lines; its contribution goes to an accumulator."""
    def task(part, _):
        with tempfile.TemporaryDirectory() as tmp:
            quads = os.path.join(tmp, "quads.nq")
            contributions.add({part: step3(job, table_name, part, tmp, quads)})
            with open(quads, encoding="utf-8") as f:
                for line in f:
                    yield line.rstrip("\n")
    return task


def write_parts(tmp, parts, prefix):
    """Writes each (part, bytes) to TMP/PREFIX-K; their paths, in part order."""
    paths = []
    for part, data in sorted(parts):
        path = os.path.join(tmp, f"{prefix}-{part:05d}")
        with open(path, "wb") as f:
            f.write(data)
        paths.append(path)
    return paths


def failure(error):
    """What a failed step said: a task's RuntimeError comes back inside Spark's Java
    exception, after Python and Java stack traces."""
    text = str(error)
    start = text.rfind("RuntimeError: step")
    if start < 0:
        return text
    text = text[start + len("RuntimeError: "):]
    for end in ("\n\tat ", " SQLSTATE", "\n\n"):
        if end in text:
            text = text[:text.index(end)]
    return text.strip()


def hadoop_fs(sc, uri):
    jvm = sc._jvm
    path = jvm.org.apache.hadoop.fs.Path(uri)
    return path.getFileSystem(sc._jsc.hadoopConfiguration()), path, jvm


def main(argv):
    args = parse_args(argv)
    binary = args.kgraph or shutil.which("kgraph")
    if not binary or not os.access(binary, os.X_OK):
        sys.exit("build.py: no kgraph binary: give --kgraph PATH or put kgraph on PATH")
    binary = os.path.abspath(binary)
    scheme = urlparse(args.output).scheme
    direct = scheme in ("", "file")
    output = urlparse(args.output).path if scheme == "file" else args.output
    if direct:
        if os.path.exists(output):
            sys.exit(f"build.py: {args.output} exists: give a new folder")

    started = time.monotonic()
    from pyspark import AccumulatorParam, SparkConf, SparkContext
    conf = (SparkConf().setAppName("kgraph build").setMaster(args.master or "local[*]")
            .set("spark.ui.showConsoleProgress", "false"))
    sc = SparkContext(conf=conf)
    sc.setLogLevel("WARN")
    startup = time.monotonic() - started
    try:
        partitions = args.partitions or sc.defaultParallelism
        jobs = args.jobs or int(sc.getConf().get("spark.task.cpus", "1"))
        sc.addFile(binary)
        job = Job(args, partitions, os.path.basename(binary), jobs)
        options = graph_options(args)
        shards = sc.parallelize(range(partitions), partitions)
        with tempfile.TemporaryDirectory(prefix="kgraph-spark-") as tmp:
            # 1. map: each partition's entities.
            entity_files = write_parts(
                tmp, shards.mapPartitionsWithIndex(step1(job)).collect(), "entities")
            t1 = time.monotonic()
            # 2. reduce: the entity table.
            table = os.path.join(tmp, "entity-table")
            run([binary, "resolve", *entity_files, "-o", table] + options, "step 2 (resolve)")
            sc.addFile(table)
            t2 = time.monotonic()
            # 3. map: document graphs, and contributions.
            if direct:
                os.makedirs(output)
                parts = shards.mapPartitionsWithIndex(
                    step3_direct(job, "entity-table", os.path.abspath(output))).collect()
            else:
                class Parts(AccumulatorParam):
                    def zero(self, value):
                        return {}

                    def addInPlace(self, a, b):
                        a.update(b)
                        return a

                contributions = sc.accumulator({}, Parts())
                shards.mapPartitionsWithIndex(
                    step3_lines(job, "entity-table", contributions)).saveAsTextFile(args.output)
                parts = list(contributions.value.items())
                if len(parts) != partitions:
                    raise RuntimeError(f"step 3 returned {len(parts)} of {partitions} contributions")
            contribution_files = write_parts(tmp, parts, "contribution")
            t3 = time.monotonic()
            # 4. reduce: the entity graph, the last part.
            last = f"part-{partitions:05d}.nq"
            merged = os.path.join(output if direct else tmp, last)
            run([binary, "merge", "--entities", table, *contribution_files, "-o", merged]
                + options, "step 4 (merge)")
            if not direct:
                fs, root, jvm = hadoop_fs(sc, args.output)
                for status in fs.listStatus(root):
                    name = status.getPath().getName()
                    if name.startswith("part-") and not name.endswith(".nq"):
                        fs.rename(status.getPath(), jvm.org.apache.hadoop.fs.Path(root, name + ".nq"))
                fs.copyFromLocalFile(jvm.org.apache.hadoop.fs.Path(merged),
                                     jvm.org.apache.hadoop.fs.Path(root, last))
            t4 = time.monotonic()
        print(f"build.py: {partitions} partitions: Spark start-up {startup:.1f} s; "
              f"step 1 {t1 - started - startup:.1f} s, step 2 {t2 - t1:.1f} s, "
              f"step 3 {t3 - t2:.1f} s, step 4 {t4 - t3:.1f} s; "
              f"job {t4 - started - startup:.1f} s without start-up", file=sys.stderr)
    except Exception as error:  # a failed step: say which, and stop
        print(f"build.py: error: {failure(error)}", file=sys.stderr)
        return 1
    finally:
        sc.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
