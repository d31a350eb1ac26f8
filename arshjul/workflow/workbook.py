"""Opening an .xlsx workbook a user gave: a file that is not one (not a zip, a zip without the
parts of a workbook, XML that does not parse) is a BadInput naming the file and what is wrong."""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree.ElementTree import ParseError

from arshjul.errors import BadInput

#: What openpyxl lets through from a broken file (it checks little before it reads).
BROKEN = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ParseError,
    EOFError,
    KeyError,
    IndexError,
    TypeError,
    ValueError,
    AttributeError,
)


@contextmanager
def readable(path: Path) -> Iterator[None]:
    """Read the workbook at `path` inside this block; a broken one becomes a BadInput."""
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        yield
    except (*BROKEN, InvalidFileException) as exc:
        reason = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        raise BadInput("not_workbook", file=path.name, reason=reason[:200]) from None
