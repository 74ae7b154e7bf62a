"""Output files written whole or not at all, and plain JSON.

Every file a command or an analysis writes goes through :class:`AtomicFiles`: each is written
to a temporary file beside its target and moved into place (``os.replace``) only when every file
of the batch has been written, so that an error leaves neither a partial file nor half a batch.

Examples
--------
>>> from osteoimmune.io.files import AtomicFiles, write_json
>>> with AtomicFiles() as files:  # doctest: +SKIP
...     files.add(Path("a.json"), lambda tmp: write_json(tmp, {"x": 1.0}))
...     files.add(Path("b.png"), figure.savefig)
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from osteoimmune.errors import InputError


def check_writable(path: Path, field: str, suffixes: Sequence[str] | None = None) -> None:
    """Fail before any work when ``path`` cannot be written.

    Parameters
    ----------
    path
        The file to be written.
    field
        What the path was given as (an option or argument name), for the message.
    suffixes
        The accepted file name endings (lower case, with the dot); ``None`` accepts any.

    Raises
    ------
    InputError
        When the suffix is not accepted, the path is a directory, or its directory is missing
        or not writable.
    """
    if suffixes is not None and path.suffix.lower() not in suffixes:
        raise InputError(field, str(path), f"a file name ending in {' or '.join(suffixes)}")
    if path.is_dir():
        raise InputError(field, str(path), "a file path, not a directory")
    parent = path.parent
    if not parent.is_dir():
        raise InputError(
            field, str(path), f"a path in an existing directory ({parent} does not exist)"
        )
    if not os.access(parent, os.W_OK | os.X_OK):
        raise InputError(field, str(path), f"a path in a writable directory ({parent} is not)")


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


#: The process's umask, read once at import: reading it means setting it, which is not safe while
#: other threads (the dashboard's request handlers) create files.
_UMASK = _read_umask()


class AtomicFiles:
    """A batch of output files, moved into place together when the ``with`` block succeeds.

    :meth:`add` writes a file at once to a temporary name beside its target (so an error is
    raised where it happens); leaving the block without an error moves every file into place,
    and leaving it with an error deletes them all. :attr:`written` lists the targets moved.
    """

    def __init__(self) -> None:
        self._pending: list[tuple[Path, Path]] = []
        self.written: list[Path] = []

    def add(self, target: Path, write: Callable[[Path], object]) -> None:
        """Write ``target`` by calling ``write(temporary_path)``; moved into place on success."""
        target = Path(target)
        fd, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=f".tmp{target.suffix}"
        )
        os.close(fd)
        tmp = Path(name)
        self._pending.append((tmp, target))
        write(tmp)
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; give it a normal file's mode

    def __enter__(self) -> AtomicFiles:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        pending, self._pending = self._pending, []
        if exc_type is not None:
            for tmp, _ in pending:
                tmp.unlink(missing_ok=True)
            return
        self._commit(pending)

    def _commit(self, pending: list[tuple[Path, Path]]) -> None:
        """Move every file into place, or none: a target that cannot be replaced (a directory,
        a read-only place) puts back the files already moved and the ones they replaced."""
        moved: list[tuple[Path, Path | None]] = []  # (target, backup of what it replaced)
        try:
            for tmp, target in pending:
                if target.is_dir():
                    raise IsADirectoryError(
                        21, "Is a directory (cannot write a file there)", str(target)
                    )
                backup = None
                if target.exists():
                    fd, name = tempfile.mkstemp(
                        dir=target.parent, prefix=f".{target.name}.", suffix=".bak"
                    )
                    os.close(fd)
                    backup = Path(name)
                    os.replace(target, backup)
                moved.append((target, backup))
                try:
                    os.replace(tmp, target)
                except OSError as exc:
                    raise type(exc)(exc.errno, exc.strerror, str(target)) from None
        except BaseException:
            for target, backup in reversed(moved):
                if backup is not None:
                    os.replace(backup, target)
                else:
                    target.unlink(missing_ok=True)
            for tmp, _ in pending:
                tmp.unlink(missing_ok=True)
            raise
        for target, backup in moved:
            if backup is not None:
                backup.unlink(missing_ok=True)
            self.written.append(target)


def jsonable(value: Any) -> Any:
    """Plain JSON values: numpy scalars and arrays to Python, non-finite floats to ``None``."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if hasattr(value, "tolist"):  # numpy scalar or array
        return jsonable(value.tolist())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, str | int | float | bool):
        return value
    return str(value)


def write_json(path: str | os.PathLike[str], doc: Any) -> None:
    """Write ``doc`` as indented JSON (see :func:`jsonable`; never ``NaN``)."""
    Path(path).write_text(
        json.dumps(jsonable(doc), indent=2, allow_nan=False) + "\n", encoding="utf-8"
    )


__all__ = ["AtomicFiles", "check_writable", "jsonable", "write_json"]
