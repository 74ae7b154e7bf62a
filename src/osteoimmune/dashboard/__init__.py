"""The browser dashboard: ``osteoimmune dashboard`` (a Dash app served on loopback).

Dash was chosen over Panel and Streamlit because its callbacks are plain server-side functions
of the inputs (every value is validated by the same scenario reader as the command line, and no
user text is ever evaluated; what comes back from the browser is checked again on the server by
:func:`checked_scenario` and :func:`checked_data`), it is a Flask app (request-size limits and the bind address are
Flask's), and a page is ordinary HTML with stable element ids that a headless browser test can
drive.
"""

from osteoimmune.dashboard.app import (
    LIMITS,
    Limits,
    checked_data,
    checked_scenario,
    create_app,
    scenario_document,
    serve,
    table_download,
)

__all__ = [
    "LIMITS",
    "Limits",
    "checked_data",
    "checked_scenario",
    "create_app",
    "scenario_document",
    "serve",
    "table_download",
]
