"""Web UI and JSON API over a store: ``saidwho serve``, or ``create_app`` under any ASGI server.

import uvicorn
from saidwho.serve import create_app

uvicorn.run(create_app(Path("saidwho.duckdb")), host="127.0.0.1", port=8000)
"""

from __future__ import annotations

from saidwho.serve.app import create_app

__all__ = ["create_app"]
