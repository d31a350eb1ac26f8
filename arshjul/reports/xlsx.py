"""Workbooks written as they are read: SpreadsheetML straight into the zip, a row at a time.

A report of 100,000 measures is 900,000 cells; a general spreadsheet library makes an object of
each and costs about fifteen times more than writing their XML. This writer knows what the
reports need and no more: sheets with column widths, a frozen header, print setup (A4, as wide
as the page, title rows) and merged cells; cells of text or numbers, styled by font, fill, thin
borders and alignment. Text is always written as text (an inline string), never as a formula,
so a title like `=HYPERLINK(…)` stays a title in every spreadsheet program.
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any
from xml.sax.saxutils import escape, quoteattr

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_ROWS_PER_WRITE = 500


@dataclass(frozen=True)
class Style:
    """How a cell looks. Colours are RGB hex, as "1F3864"."""

    bold: bool = False
    size: float | None = None  # points; the default font's 11 when None
    colour: str | None = None
    fill: str | None = None
    border: bool = False  # thin grey lines all round
    wrap: bool = False
    horizontal: str | None = None  # left | center
    vertical: str | None = None  # top | center
    rotation: int = 0  # degrees, 90: text up the cell


PLAIN = Style()


def column(n: int) -> str:
    """The letters of column `n` (1 is A, 27 is AA)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


_COLUMNS = [column(n) for n in range(1, 16385)]  # as many as a sheet may have
#: Text as cell XML holds it, in one pass: & < > escaped, and what XML 1.0 cannot hold at all
#: dropped (the engine refuses control characters in texts anyway).
_TEXT = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
    | dict.fromkeys([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0xFFFE, 0xFFFF])
)


class Book:
    """`with Book(target) as book:`, then `book.sheet(...)` for each sheet in order: a sheet is
    written while it is the newest, and closed when the next one starts or the book ends."""

    def __init__(self, target: Path | IO[bytes]) -> None:
        self._zip = zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[Sheet] = []
        self._styles = _Styles()

    def __enter__(self) -> Book:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if kind is None:
            self.close()
        else:
            self._zip.close()  # the caller removes what was half written

    def sheet(
        self,
        title: str,
        widths: Sequence[float],
        *,
        landscape: bool = False,
        freeze_header: bool = False,
        title_rows: tuple[int, int] | None = None,
    ) -> Sheet:
        if self._sheets:
            self._sheets[-1].close()
        sheet = Sheet(self, len(self._sheets) + 1, title[:31], widths, landscape, freeze_header)
        sheet.title_rows = title_rows
        self._sheets.append(sheet)
        return sheet

    def close(self) -> None:
        if self._sheets:
            self._sheets[-1].close()
        else:  # a workbook has at least one sheet
            self.sheet("Sheet1", []).close()
        names = [s.title for s in self._sheets]
        self._write(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for n in range(1, len(names) + 1)
            )
            + "</Types>",
        )
        self._write(
            "_rels/.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}">'
            f'<Relationship Id="rId1" Type="{_DOC}" Target="xl/workbook.xml"/></Relationships>',
        )
        sheet_type = f"{_RELS}/worksheet"
        self._write(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{_PACKAGE_RELS}">'
            + "".join(
                f'<Relationship Id="rId{n}" Type="{sheet_type}" Target="worksheets/sheet{n}.xml"/>'
                for n in range(1, len(names) + 1)
            )
            + f'<Relationship Id="rId{len(names) + 1}" Type="{_RELS}/styles" Target="styles.xml"/>'
            "</Relationships>",
        )
        titles = "".join(
            f'<definedName name="_xlnm.Print_Titles" localSheetId="{n}">'
            f"{escape(_quoted(s.title))}!${s.title_rows[0]}:${s.title_rows[1]}</definedName>"
            for n, s in enumerate(self._sheets)
            if s.title_rows
        )
        self._write(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_RELS}"><sheets>'
            + "".join(
                f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
                for n, name in enumerate(names, start=1)
            )
            + "</sheets>"
            + (f"<definedNames>{titles}</definedNames>" if titles else "")
            + "</workbook>",
        )
        self._write("xl/styles.xml", self._styles.xml())
        self._zip.close()

    def _write(self, name: str, xml: str) -> None:
        self._zip.writestr(name, _XML + xml)


class Sheet:
    """One sheet, its rows written as they are added."""

    def __init__(
        self,
        book: Book,
        number: int,
        title: str,
        widths: Sequence[float],
        landscape: bool,
        freeze_header: bool,
    ) -> None:
        self.book, self.title, self.landscape = book, title, landscape
        self.widths = widths
        self.title_rows: tuple[int, int] | None = None
        self.line = 0  # rows written
        self._merges: list[str] = []
        self._pending: list[str] = []
        self._out: IO[bytes] | None = book._zip.open(f"xl/worksheets/sheet{number}.xml", "w")
        view = (
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>'
            if freeze_header
            else ""
        )
        cols = "".join(
            f'<col min="{n}" max="{n}" width="{width}" customWidth="1"/>'
            for n, width in enumerate(widths, start=1)
        )
        self._out.write(
            (
                f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_RELS}">'
                '<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>'
                f'<sheetViews><sheetView workbookViewId="0">{view}</sheetView></sheetViews>'
                '<sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "")
                + "<sheetData>"
            ).encode()
        )

    def row(
        self,
        values: Sequence[Any],
        styles: Sequence[Style] | Style | None = None,
        *,
        height: float | None = None,
    ) -> None:
        """The next row; `styles` gives each cell's (or every cell's) style. None and "" are
        empty cells, which keep their style (a bordered empty cell is drawn)."""
        self.line += 1
        r = self.line
        if isinstance(styles, Style):
            indexes = [self.book._styles.index(styles)] * len(values)
        else:
            indexes = [self.book._styles.index(style) for style in styles or ()]
            indexes += [0] * (len(values) - len(indexes))
        cells = []
        for n, (value, s) in enumerate(zip(values, indexes, strict=True)):
            ref = f"{_COLUMNS[n]}{r}"
            styled = f' s="{s}"' if s else ""
            if value is None or value == "":
                if s:
                    cells.append(f'<c r="{ref}"{styled}/>')
            elif isinstance(value, bool):
                cells.append(f'<c r="{ref}"{styled} t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int | float):
                cells.append(f'<c r="{ref}"{styled}><v>{value}</v></c>')
            else:
                text = str(value).translate(_TEXT)
                cells.append(
                    f'<c r="{ref}"{styled} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'
                )
        tall = f' ht="{height}" customHeight="1"' if height else ""
        self._pending.append(f'<row r="{r}"{tall}>{"".join(cells)}</row>')
        if len(self._pending) >= _ROWS_PER_WRITE:
            self._flush()

    def merge(self, first_col: int, last_col: int, *, rows: tuple[int, int] | None = None) -> None:
        """Merge columns `first_col`..`last_col` of the row just written (or of `rows`)."""
        top, bottom = rows or (self.line, self.line)
        self._merges.append(f"{column(first_col)}{top}:{column(last_col)}{bottom}")

    def close(self) -> None:
        if self._out is None:
            return
        self._flush()
        merges = "".join(f'<mergeCell ref="{ref}"/>' for ref in self._merges)
        orientation = "landscape" if self.landscape else "portrait"
        self._out.write(
            (
                "</sheetData>"
                + (
                    f'<mergeCells count="{len(self._merges)}">{merges}</mergeCells>'
                    if merges
                    else ""
                )
                + '<printOptions gridLines="0"/>'
                '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'
                f'<pageSetup paperSize="9" orientation="{orientation}" fitToWidth="1" fitToHeight="0"/>'
                "</worksheet>"
            ).encode()
        )
        self._out.close()
        self._out = None

    def _flush(self) -> None:
        if self._pending and self._out is not None:
            self._out.write("".join(self._pending).encode())
            self._pending = []


class _Styles:
    """The workbook's cell formats: each Style used gets one, made of a font, a fill, a border
    and an alignment, each written once."""

    def __init__(self) -> None:
        self._xfs: dict[Style, int] = {PLAIN: 0}
        self._fonts: dict[tuple[Any, ...], int] = {(False, None, None): 0}
        self._fills: dict[str | None, int] = {None: 0}  # 1 is the gray125 every file has

    def index(self, style: Style) -> int:
        if style not in self._xfs:
            self._xfs[style] = len(self._xfs)
            key = (style.bold, style.size, style.colour)
            self._fonts.setdefault(key, len(self._fonts))
            if style.fill is not None:
                self._fills.setdefault(style.fill, len(self._fills) + 1)
        return self._xfs[style]

    def xml(self) -> str:
        fonts = []
        for bold, size, colour in self._fonts:
            fonts.append(
                "<font>"
                + ("<b/>" if bold else "")
                + f'<sz val="{size or 11}"/>'
                + (f'<color rgb="FF{colour}"/>' if colour else "")
                + '<name val="Calibri"/><family val="2"/></font>'
            )
        fills = ['<fill><patternFill patternType="none"/></fill>']
        fills.append('<fill><patternFill patternType="gray125"/></fill>')
        fills += [
            f'<fill><patternFill patternType="solid"><fgColor rgb="FF{rgb}"/>'
            '<bgColor indexed="64"/></patternFill></fill>'
            for rgb in self._fills
            if rgb is not None
        ]
        side = '<{0} style="thin"><color rgb="FF808080"/></{0}>'
        borders = (
            "<border><left/><right/><top/><bottom/><diagonal/></border>"
            "<border>" + "".join(side.format(s) for s in ("left", "right", "top", "bottom"))
        ) + "<diagonal/></border>"
        xfs = []
        for style in self._xfs:
            font = self._fonts[(style.bold, style.size, style.colour)]
            fill = self._fills[style.fill] if style.fill is not None else 0
            border = 1 if style.border else 0
            attrs = (
                f' fontId="{font}" fillId="{fill}" borderId="{border}" numFmtId="0" xfId="0"'
                + (' applyFont="1"' if font else "")
                + (' applyFill="1"' if fill else "")
                + (' applyBorder="1"' if border else "")
            )
            align = "".join(
                f' {name}="{value}"'
                for name, value in (
                    ("horizontal", style.horizontal),
                    ("vertical", style.vertical),
                    ("textRotation", style.rotation or None),
                    ("wrapText", 1 if style.wrap else None),
                )
                if value is not None
            )
            if align:
                xfs.append(f'<xf{attrs} applyAlignment="1"><alignment{align}/></xf>')
            else:
                xfs.append(f"<xf{attrs}/>")
        return (
            f'<styleSheet xmlns="{_MAIN}">'
            f'<fonts count="{len(fonts)}">{"".join(fonts)}</fonts>'
            f'<fills count="{len(fills)}">{"".join(fills)}</fills>'
            f'<borders count="2">{borders}</borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            f'<cellXfs count="{len(xfs)}">{"".join(xfs)}</cellXfs>'
            '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
            "</styleSheet>"
        )


def _quoted(title: str) -> str:
    """A sheet's name as a formula names it."""
    return "'" + title.replace("'", "''") + "'"
