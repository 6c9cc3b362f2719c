import pytest

from saidwho.store import Store


@pytest.fixture
def store(tmp_path):
    with Store.open(tmp_path / "test.duckdb") as s:
        yield s
