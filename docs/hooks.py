"""MkDocs hooks: the model reference pages, generated from the declarations at build time, and
the math of every page typeset as MathML at build time.

Each page of :data:`PAGES` is rendered by
:func:`osteoimmune.report.model_reference.model_reference_markdown` from the installed package
every time the site is built (``mkdocs build`` or ``mkdocs serve``), so the reference can never
drift from the code. The pages exist only in the build; ``mkdocs.yml`` names them in its nav.
"""

from __future__ import annotations

import logging
import re
from html import unescape

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from osteoimmune.cli.reference import commands_markdown, options_markdown, usage
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
    files.append(File.generated(config, CLI_OPTIONS, content=options_markdown()))
    return files


#: the generated page of every command's options
CLI_OPTIONS = "reference/cli-options.md"
_USAGE = re.compile(r"^<!-- usage: ([a-z-]+) -->$", re.M)


def on_page_markdown(markdown: str, page: Page, **_: object) -> str:
    """Put the parser's synopses in the command-line guide: each ``<!-- usage: COMMAND -->``
    line becomes the usage ``osteoimmune COMMAND --help`` prints, and ``<!-- commands -->``
    the table of commands.

    Parameters
    ----------
    markdown
        The page's Markdown.
    page
        The page (only ``cli.md`` is changed).

    Returns
    -------
    str
        The Markdown with the synopses in place.
    """
    if page.file.src_uri != "cli.md":
        return markdown
    markdown = markdown.replace("<!-- commands -->", commands_markdown())
    return _USAGE.sub(lambda m: f"```text\n{usage(m.group(1))}\n```", markdown)


#: the math pymdownx.arithmatex leaves in a page (generic mode): display and inline
_DISPLAY = re.compile(r'<div class="arithmatex">\s*\\\[(.*?)\\\]\s*</div>', re.S)
_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)


#: a Sphinx role left in front of a name by a numpydoc docstring (``:class:`Scenario```), which
#: the API reference shows as the code it marks
_SPHINX_ROLE = re.compile(r":(?:py:)?(?:class|attr|func|meth|data|mod|obj|exc|math):(?=<code)")


def on_page_content(html: str, **_: object) -> str:
    """Typeset the page's math as MathML at build time, which browsers render natively: the
    site needs no script and no network (no MathJax from a CDN), offline too. Sphinx roles
    of docstrings (``:class:``) are dropped before the names they mark.

    Parameters
    ----------
    html
        The page's HTML, with the ``arithmatex`` spans and blocks of its ``$...$`` and ``$$``
        math.

    Returns
    -------
    str
        The page with each of them replaced by its MathML.
    """
    from latex2mathml.converter import convert

    def display(m: re.Match[str]) -> str:
        return f'<div class="math">{convert(unescape(m.group(1)), display="block")}</div>'

    def inline(m: re.Match[str]) -> str:
        return convert(unescape(m.group(1)))

    html = _SPHINX_ROLE.sub("", html)
    return _INLINE.sub(inline, _DISPLAY.sub(display, html))
