"""The risk matrix drawn: consequence 4→1 down the side, probability 1→4 along the bottom, each
risk's number in its cell, each cell coloured by its level (an inline SVG, no plotting stack)."""

from __future__ import annotations

from html import escape

from arshjul.reports.parts import Matrix

#: Fill of each band, as RGB hex: green, yellow, orange, red (the colours of a traffic light).
COLOURS = {"low": "92D050", "medium": "FFFF00", "high": "FFC000", "very_high": "FF5050"}

_CELL_W, _CELL_H = 120, 64
_LEFT, _TOP = 70, 10


def svg(matrix: Matrix, labels: dict[str, str]) -> str:
    width = _LEFT + 4 * _CELL_W + 10
    height = _TOP + 4 * _CELL_H + 60
    consequence, probability = escape(labels["consequence"]), escape(labels["probability"])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(labels["matrix"])}" font-family="Arial">',
        f'<text x="14" y="{_TOP + 2 * _CELL_H}" font-size="14" text-anchor="middle" '
        f'transform="rotate(-90 14 {_TOP + 2 * _CELL_H})">{consequence}</text>',
    ]
    for row, (c, cells) in enumerate(matrix.rows):
        y = _TOP + row * _CELL_H
        parts.append(
            f'<text x="{_LEFT - 14}" y="{y + _CELL_H / 2 + 5}" font-size="14" '
            f'text-anchor="end">{c}</text>'
        )
        for col, (_p, numbers, band) in enumerate(cells):
            x = _LEFT + col * _CELL_W
            parts.append(
                f'<rect x="{x}" y="{y}" width="{_CELL_W}" height="{_CELL_H}" '
                f'fill="#{COLOURS[band]}" stroke="#1b1b1b" stroke-width="1" data-band="{band}"/>'
            )
            if numbers:
                parts.append(
                    f'<text x="{x + _CELL_W / 2}" y="{y + _CELL_H / 2 + 6}" font-size="16" '
                    f'font-weight="bold" text-anchor="middle">{escape(numbers)}</text>'
                )
    bottom = _TOP + 4 * _CELL_H
    for col in range(4):
        parts.append(
            f'<text x="{_LEFT + col * _CELL_W + _CELL_W / 2}" y="{bottom + 20}" font-size="14" '
            f'text-anchor="middle">{col + 1}</text>'
        )
    parts.append(
        f'<text x="{_LEFT + 2 * _CELL_W}" y="{bottom + 46}" font-size="14" '
        f'text-anchor="middle">{probability}</text>'
    )
    parts.append("</svg>")
    return "".join(parts)
