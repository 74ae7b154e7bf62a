"""MkDocs hook: the model reference pages, generated from the declarations at build time.

Each page of :data:`PAGES` is rendered by
:func:`osteoimmune.report.model_reference.model_reference_markdown` from the installed package
every time the site is built (``mkdocs build`` or ``mkdocs serve``), so the reference can never
drift from the code. The pages exist only in the build; ``mkdocs.yml`` names them in its nav.
"""

from __future__ import annotations

import logging

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from osteoimmune.report.model_reference import model_reference_markdown

#: Generated page (path inside the docs) -> parameter set it documents.
PAGES = {
    "reference/model-human.md": "human",
    "reference/model-mouse.md": "mouse",
}

log = logging.getLogger("mkdocs.hooks.model_reference")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated model reference pages to the site's files.

    Parameters
    ----------
    files
        The documentation files MkDocs found in the docs folder.
    config
        The site configuration.

    Returns
    -------
    Files
        ``files`` with one generated Markdown page per entry of :data:`PAGES`.
    """
    for uri, parameter_set in PAGES.items():
        log.info("generating %s from parameter set %s", uri, parameter_set)
        files.append(File.generated(config, uri, content=model_reference_markdown(parameter_set)))
    return files
