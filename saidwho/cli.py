"""The ``saidwho`` command: parse flags, call one library function, report.

Results go to stdout, messages and progress to stderr. Exit codes: 0 all inputs processed,
1 some inputs failed (each named on stderr), 2 bad usage.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TextIO, TypeVar

import click

from saidwho.errors import SaidwhoError
from saidwho.records import Article, Failure
from saidwho.settings import EXTRACTORS

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("saidwho")


def _verbosity(func: F) -> F:
    func = click.option("-v", "--verbose", count=True, help="More log messages (-vv for debug).")(func)
    return click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")(func)


def _extractor_option(func: F) -> F:
    return click.option("--extractor", default=None, type=click.Choice(EXTRACTORS),
                        help="Attribution extractor [default: rules].")(func)


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="saidwho: %(levelname)s: %(message)s", stream=sys.stderr)


def _progress(items: Iterable[Article | Failure], quiet: bool, unit: str = "article") -> Iterator[Article | Failure]:
    from tqdm import tqdm

    # disable=None turns the bar off when stderr is not a terminal (CI, pipes).
    return iter(tqdm(items, unit=unit, disable=True if quiet else None, file=sys.stderr))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="saidwho")
def cli() -> None:
    """saidwho: who said what in news articles.

    Reads articles (.txt, .html, .warc/.warc.gz, .jsonl, folders, or - for stdin) and writes
    every attribution (source, cue, content) and every speaker in them.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="json", show_default=True,
              type=click.Choice(["json", "jsonl", "table", "brat"]),
              help="json: an indented object per article; jsonl: one line per article; "
                   "table: who said what, for people; brat: PolNeAR-style .ann files (needs --out).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write one file per article into this folder instead of stdout.")
@_extractor_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: 1].")
@click.option("--batch-size", type=click.IntRange(min=1), default=None,
              help="Articles per nlp.pipe batch [default: 16].")
@_verbosity
def extract(paths: tuple[str, ...], fmt: str, out_dir: Path | None, extractor: str | None,
            jobs: int | None, batch_size: int | None, verbose: int, quiet: bool) -> None:
    """Extract who said what from articles.

    Example: saidwho extract article.txt --format table
    """
    from saidwho.export import output_stem, to_json, to_jsonl, to_table
    from saidwho.export.brat import write_ann
    from saidwho.ingest import read_inputs
    from saidwho.pipeline import process
    from saidwho.settings import load_settings

    _setup_logging(verbose, quiet)
    if fmt == "brat" and out_dir is None:
        raise click.UsageError("--format brat writes one .ann file per article: add --out DIR.")
    try:
        settings = load_settings({"extractor": extractor, "jobs": jobs, "batch_size": batch_size})
    except SaidwhoError as exc:
        raise click.UsageError(str(exc)) from exc
    render = {"json": to_json, "jsonl": to_jsonl, "table": to_table}.get(fmt)
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = done = 0
    results = process(read_inputs(paths, settings=settings), settings=settings)
    for result in _progress(results, quiet):
        if isinstance(result, Failure):
            failed += 1
            click.echo(f"saidwho: error: {result.message}", err=True)
            continue
        done += 1
        if out_dir is None:
            assert render is not None
            _emit(sys.stdout, render(result), fmt)
        elif fmt == "brat":
            stem = output_stem(result.source)
            (out_dir / f"{stem}.ann").write_text(write_ann(result), encoding="utf-8")
            if not result.source.endswith(".txt"):
                # Offsets index the extracted text, not the input file: ship it alongside.
                (out_dir / f"{stem}.txt").write_text(result.text, encoding="utf-8")
        else:
            assert render is not None
            ext = {"json": "json", "jsonl": "jsonl", "table": "txt"}[fmt]
            (out_dir / f"{output_stem(result.source)}.{ext}").write_text(render(result) + "\n", encoding="utf-8")
    _summary(done, failed, quiet)


def _emit(stream: TextIO, rendered: str, fmt: str) -> None:
    stream.write(rendered + ("\n\n" if fmt == "table" else "\n"))


def _summary(done: int, failed: int, quiet: bool) -> None:
    if not quiet:
        click.echo(f"saidwho: {done} articles processed, {failed} failed", err=True)
    if failed:
        sys.exit(1)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--pred", "pred_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folder of predicted .ann files; without it, the extractor runs on GOLD_DIR/text.")
@_extractor_option
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="Worker processes [default: 1].")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_verbosity
def eval_(gold_dir: Path, pred_dir: Path | None, extractor: str | None, jobs: int | None,
          as_json: bool, verbose: int, quiet: bool) -> None:
    """Score attributions against BRAT gold (e.g. PolNeAR's dev split).

    GOLD_DIR holds .ann files, or attributions/ and text/ folders as PolNeAR does.

    Example: saidwho eval ../shared/data/polnear/dev
    """
    from saidwho.evaluate import evaluate, format_table
    from saidwho.settings import load_settings

    _setup_logging(verbose, quiet)
    try:
        settings = load_settings({"extractor": extractor, "jobs": jobs})
        scores = evaluate(gold_dir, pred_dir=pred_dir, settings=settings,
                          progress=lambda it: _progress(it, quiet))
    except SaidwhoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(scores.as_dict(), indent=2) if as_json else format_table(scores))


@cli.command()
@click.option("--data", "data_dir", required=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="PolNeAR folder with train/ and dev/ (each text/ and attributions/).")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Where to write tagger.onnx, tokenizer.json and model.json.")
@click.option("--epochs", type=click.IntRange(min=1), default=4, show_default=True)
@click.option("--seed", type=int, default=13, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--lr", type=float, default=5e-5, show_default=True, help="Encoder learning rate.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Train on the first N articles only.")
@_verbosity
def train(data_dir: Path, out_dir: Path, epochs: int, seed: int, batch_size: int, lr: float,
          limit: int | None, verbose: int, quiet: bool) -> None:
    """Rebuild the attribution model from PolNeAR (needs: pip install 'saidwho[train]').

    Trains on DATA/train, keeps the epoch with the best dev score, writes an int8 ONNX model.

    Example: saidwho train --data ../shared/data/polnear --out saidwho/models/tagger
    """
    from tqdm import tqdm

    _setup_logging(verbose, quiet)
    try:
        from saidwho.train import train as run_training
    except ImportError as exc:
        raise click.ClickException(
            f"training needs extra packages ({exc.name} is missing). Run: pip install 'saidwho[train]'"
        ) from exc
    card = run_training(data_dir, out_dir, epochs=epochs, seed=seed, batch_size=batch_size, lr=lr,
                        limit=limit,
                        progress=lambda it: tqdm(it, unit="batch", disable=True if quiet else None))
    click.echo(json.dumps({k: card[k] for k in ("best_epoch", "train_minutes", "history")}, indent=2))


@cli.command()
def schema() -> None:
    """Print the JSON Schema of extract's JSON output (shipped as saidwho/data/output.schema.json).

    Example: saidwho schema > output.schema.json
    """
    import msgspec

    from saidwho.records import output_schema

    click.echo(msgspec.json.format(msgspec.json.encode(output_schema()), indent=2).decode())


def main() -> None:
    """Console-script entry point."""
    cli()
