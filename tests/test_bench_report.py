"""bench/report.py: the floors it holds and the tables it writes, on results made up here."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).parent.parent
REPORT = ROOT / "bench" / "report.py"


def _report() -> ModuleType:
    spec = importlib.util.spec_from_file_location("report", REPORT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["report"] = module
    spec.loader.exec_module(module)
    return module


def _accuracy(source=0.82, cue=0.76, content=0.66, attribution=0.79) -> dict:
    cell = lambda f1: {"p": f1, "r": f1, "f1": f1}  # noqa: E731
    roles = {"source": cell(source), "cue": cell(cue), "content": cell(content)}
    views = {view: roles for view in ("exact", "piece", "overlap", "token")}
    return {
        "cpus": 2,
        "machine": "x86_64",
        "python": "3.11",
        "commit": "abc1234",
        "scores": {"documents": 84, **views, "attribution": cell(attribution)},
    }


def _long_docs(ratio: float = 4.1, peak_mb: int = 1000) -> dict:
    run = {"sizes": [], "ratio_1mb_250kb": ratio, "peak_mb_1mb": peak_mb}
    return {"texts": {t: {"runs": {"model": run, "rules": run}} for t in ("example", "dense")}}


def _offgenre(heldout2_recall: float = 0.9) -> dict:
    """Off-genre figures that all hold (heldout2's recall as given)."""
    heldout2 = {"attribution_f1": 0.93, "attribution_recall": heldout2_recall, "checklist": {"share": 0.975}}
    parts = {"heldout": {"attribution_f1": 0.9}, "heldout2": heldout2}
    return {"extractors": {"model": {"parts": parts, "checklist": {"share": 0.975}}}}


def _results(tmp_path: Path, **files: dict) -> Path:
    """A results folder whose figures all hold, except those ``files`` (``accuracy_model=``) replace."""
    payloads = {
        "accuracy-model": _accuracy(),
        "speed-model": {"extract_jobs1_words_per_s": 3500},
        "speed-against-model": {"over_spacy_n_process_2": {"new_jobs1": 0.6, "old_jobs1": 0.5}},
        "offgenre": _offgenre(),
        "speaker-identity": {"overall": {"share": 0.97}},
        "claims-group": {"held_out": {"group": {"f1": 0.95}}},
        "claims-board": {"crowded": {"recall": 0.82, "stance": 0.81, "other_event": 0.0}},
        "stance": {"dev": {"emergent": {"accuracy": 0.75}}},
        "long-docs": _long_docs(),
    }
    payloads.update({name.replace("_", "-"): payload for name, payload in files.items()})
    for name, payload in payloads.items():
        (tmp_path / f"{name}.json").write_text(json.dumps(payload))
    return tmp_path


def _check(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(REPORT), "--check", "--results", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_report_check_passes_when_every_figure_holds(tmp_path):
    run = _check(_results(tmp_path))
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.splitlines()
    assert len(lines) == 25 and all(line.startswith("ok") for line in lines)  # no scrapes.json: no line


def test_report_check_fails_with_one_line_per_figure_under_its_floor(tmp_path):
    folder = _results(
        tmp_path, accuracy_model=_accuracy(content=0.649), speed_model={"extract_jobs1_words_per_s": 2999}
    )
    run = _check(folder)
    assert run.returncode == 1
    under = [line for line in run.stdout.splitlines() if line.startswith("UNDER")]
    assert len(under) == 2
    assert "model exact content F1: 0.649 < floor 0.65" in under[0]
    assert "model words/s, extract --jobs 1: 2999 < floor 3000" in under[1]


@pytest.mark.parametrize("floor, ok", [(0.89, False), (0.9, True)])
def test_report_check_holds_every_heldout_scrape_split_to_090_when_present(tmp_path, floor, ok):
    report = _report()
    scrapes = {"tuned": {"floor": 0.5}, "heldout": {"floor": 0.95}, "heldout2": {"floor": floor}}
    lines = report.check(report.load(_results(tmp_path, scrapes=scrapes)))
    scrape = {line.split(":")[0]: good for good, line in lines if "scrape" in line}
    assert scrape == {
        "ok       scrape checks right, heldout layouts": True,
        f"{'ok      ' if ok else 'UNDER   '} scrape checks right, heldout2 layouts": ok,
    }


@pytest.mark.parametrize("floor, ok", [(0.949, False), (0.95, True)])
def test_report_check_holds_heldout3_scrapes_to_095_but_not_their_first_figure(tmp_path, floor, ok):
    report = _report()
    scrapes = {"heldout": {"floor": 0.95}, "heldout3": {"floor": floor}, "heldout3_untuned": {"floor": 0.8}}
    lines = report.check(report.load(_results(tmp_path, scrapes=scrapes)))
    scrape = {line.split(":")[0]: good for good, line in lines if "scrape" in line}
    assert scrape == {
        "ok       scrape checks right, heldout layouts": True,
        f"{'ok      ' if ok else 'UNDER   '} scrape checks right, heldout3 layouts": ok,
    }


def test_report_check_fails_when_a_required_result_is_missing(tmp_path):
    (_results(tmp_path) / "speed-model.json").unlink()
    run = _check(tmp_path)
    assert run.returncode == 1
    assert "missing  model words/s" in run.stdout and "python bench/speed.py" in run.stdout


def test_report_long_docs_table_says_failed_instead_of_timing_a_failure():
    row = {"kb": 60.0, "seconds": 0.02, "peak_mb": 336, "failures": ["x.txt: no article text"]}
    good = {"kb": 60.0, "seconds": 2.1, "peak_mb": 747, "failures": []}
    runs = {"model": {"sizes": [good]}, "rules": {"sizes": [row]}}
    table = _report().long_docs_table({"texts": {"dense": {"seed": "dense.txt", "runs": runs}}})
    assert table[0].endswith("`dense.txt` repeated:")
    assert table[4] == "| 60 KB | 2.1 | 747 | failed | 336 |"


@pytest.mark.parametrize(
    "ratio, peak_mb, over",
    [
        (4.4, 1200, []),
        (4.41, 1200, ["time(1 MB) / time(250 KB): 4.41 > ceiling 4.4"]),
        (4.0, 1201, ["peak MB at 1 MB: 1201 > ceiling 1200"]),
    ],
)
def test_report_check_holds_long_documents_under_their_ceilings(tmp_path, ratio, peak_mb, over):
    """A long document's time grows with its length, its memory stays bounded."""
    report = _report()
    dense = _long_docs()
    dense["texts"]["dense"]["runs"]["model"] = {"ratio_1mb_250kb": ratio, "peak_mb_1mb": peak_mb}
    lines = report.check(report.load(_results(tmp_path, long_docs=dense)))
    failed = [line for ok, line in lines if not ok]
    assert failed == [f"OVER     model, dense text: {o} (bench/results/long-docs.json)" for o in over]


def test_report_check_holds_speaker_identity_and_claim_grouping(tmp_path):
    folder = _results(
        tmp_path,
        speaker_identity={"overall": {"share": 0.94}},
        claims_group={"held_out": {"group": {"f1": 0.93}}},
    )
    under = [line for line in _check(folder).stdout.splitlines() if line.startswith("UNDER")]
    assert [line.split(":")[0] for line in under] == [
        "UNDER    statements under their person's canonical speaker, PolNeAR dev store",
        "UNDER    claim grouping B-cubed F1, held-out Emergent claims",
    ]


def test_report_against_table_gives_each_command_over_spacy_and_the_old_tree():
    ab = {
        "rev": "7658eff",
        "rounds": 3,
        "load_average_per_round": [5.8, 4.6],
        "words_per_s": {
            "new_jobs1": 2327,
            "new_jobs2": 1808,
            "old_jobs1": 2115,
            "old_jobs2": 1937,
            "spacy_n_process_2": 4205,
        },
        "over_spacy_n_process_2": {"new_jobs1": 0.55, "new_jobs2": 0.43, "old_jobs1": 0.5, "old_jobs2": 0.46},
        "new_over_old": {"jobs1": 1.1, "jobs2": 0.93},
    }
    table = _report().against_table(ab)
    assert table[2] == "| this revision, `--jobs 1` | 2,327 | 0.55 |"
    assert table[6] == "| spaCy alone, `nlp.pipe(n_process=2)` | 4,205 | 1.00 |"
    assert table[-1].startswith("This revision over `7658eff`: 1.10x with `--jobs 1`, 0.93x with `--jobs 2`")


@pytest.mark.parametrize("recall, ok", [(0.88, True), (0.879, False)])
def test_report_check_holds_heldout2_recall_to_088(tmp_path, recall, ok):
    run = _check(_results(tmp_path, offgenre=_offgenre(heldout2_recall=recall)))
    assert run.returncode == (0 if ok else 1)
    line = next(x for x in run.stdout.splitlines() if "attribution recall, held-out wire" in x)
    assert line.startswith("ok" if ok else "UNDER")


@pytest.mark.parametrize(("ratio", "ok"), [(0.55, True), (0.54, False)])
def test_report_check_holds_extract_to_055_of_spacys_own_parse(tmp_path, ratio, ok):
    against = {"over_spacy_n_process_2": {"new_jobs1": ratio, "old_jobs1": 0.6}}
    run = _check(_results(tmp_path, speed_against_model=against))
    assert run.returncode == (0 if ok else 1)
    (line,) = [x for x in run.stdout.splitlines() if "nlp.pipe(n_process=2)" in x]
    assert line.startswith("ok" if ok else "UNDER")
