import pytest

from saidwho.claims import open_store


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "test.duckdb") as s:
        yield s
