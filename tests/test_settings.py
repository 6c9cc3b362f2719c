"""Settings: defaults, saidwho.toml, SAIDWHO_* variables and arguments, in that order."""

import pytest

from saidwho.errors import UsageError
from saidwho.settings import EXTRACTORS, load_settings


def test_settings_arguments_beat_environment_beat_toml(tmp_path, monkeypatch):
    toml = tmp_path / "saidwho.toml"
    toml.write_text('[saidwho]\nextractor = "rules"\nbatch_size = 4\njobs = 3\n')
    monkeypatch.setenv("SAIDWHO_BATCH_SIZE", "8")
    settings = load_settings({"jobs": 2}, toml=toml)
    assert (settings.extractor, settings.batch_size, settings.jobs) == ("rules", 8, 2)


def test_settings_extractors_are_the_registry(tmp_path):
    assert EXTRACTORS == ("model", "rules")
    assert load_settings(toml=tmp_path / "none.toml").extractor == "model"


def test_settings_unknown_extractor_lists_the_choices(tmp_path, monkeypatch):
    monkeypatch.setenv("SAIDWHO_EXTRACTOR", "magic")
    with pytest.raises(UsageError, match=r"unknown extractor 'magic'. Choose one of: model, rules."):
        load_settings(toml=tmp_path / "none.toml")
