"""A report's long closing table, drawn page by page with ReportLab in the look WeasyPrint
gives it.

Why not WeasyPrint alone: it lays out about seven pages of a table a second on the bench
machine whatever the table's CSS (fixed layout, blocks, parts joined with pypdf; `make
bench` times a naive one-table document as the reference), and a donor report's list of
activities is nine pages in ten of the report. The rows of such a table are plain text cells
that wrap at spaces: drawn with ReportLab's canvas, a page of them takes a few
milliseconds. No library lays out an HTML table that fast, so this module does that one
layout by hand, and nothing more.

How report.css stays the one home of the table's look: WeasyPrint lays out the document
with the table's rows left out, and three pages after it that only this module reads:

- the page where the table starts, with its head (the page the rows start on);
- a page where it continues, with its head repeated (every later page);
- a measuring page: the head, two sample rows (one line and two lines per cell) and the
  foot.

The page numbers are laid out on every page but not drawn (their place is read off the
first table page).

The column edges, fonts, sizes, colours, padding, rules, the rows' line height and the
foot's layout are read off that layout; the first two pages are kept as the background of
the drawn pages (running head and foot, draft mark, the table's head), the rows, the
foot and every page's number ("Page N of M") drawn over them, and the pages joined with
pypdf. Rows wrap in the cell's width where WeasyPrint wraps them, a row never splits across
pages, and each page closes with the foot, as WeasyPrint repeats it. The words are measured
without kerning: where kerning alone lets WeasyPrint fit a word on a line (about one row in
two thousand of the synthetic data set), the drawn row takes a line more.

A table is drawn when it is a ``table.long-table`` holding plain text cells and the last
thing in the document's body (the sections or blocks around it may close after it, if they
draw nothing below it: no bottom border, padding or margin in report.css), starts with room
for a row, and is set in the portal's own fonts; any other document is laid out by
WeasyPrint in one pass.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
from dataclasses import dataclass
from functools import cache
from html import escape
from types import SimpleNamespace
from urllib.parse import urljoin

import lxml.html
import tinycss2
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from weasyprint import HTML, Document
from weasyprint.formatting_structure.boxes import (
    BlockBox,
    TableBox,
    TableCellBox,
    TableRowBox,
    TableRowGroupBox,
    TextBox,
)

LONG_TABLE_TAG = re.compile(r'<table\b[^>]*\bclass="(?:[^"]*\s)?long-table(?:\s[^"]*)?"[^>]*>')
# After the table: the closing tags of the blocks around it, then of the document.
DOCUMENT_END = re.compile(r"(?:\s*</(?:div|section)>)*\s*</body>\s*</html>\s*")
MARK = "data-pdf-drawn"
# A line may break after a hyphen between two letters.
AFTER_HYPHEN = re.compile(r"(?<=[^\W\d_]-)(?=[^\W\d_])")
STYLESHEET = re.compile(r'<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"')
MEASURE_PAGE = "pdf-drawn-measure"

# A CSS pixel in PDF points.
PT = 0.75

# The extra style of the measuring document: the page numbers laid out but not drawn (the
# drawn ones replace them), with as many digits as the document's own, so that the running
# foot beside them wraps where it will; the measuring and later pages start a page; the
# later page's table at its top, as WeasyPrint continues a table there, with no margin
# above it.
MEASURING_CSS = (
    ".page-number {{ visibility: hidden; }}"
    ' .page-number .page::after, .page-number .pages::after {{ content: "{digits}"; }}'
    f" .{MEASURE_PAGE}, .pdf-drawn-later {{{{ break-before: page; }}}}"
    f" table[{MARK}=later] {{{{ margin-top: 0; }}}}"
)


logger = logging.getLogger(__name__)


class NotDrawable(ValueError):
    """The table cannot be drawn in its look (a font that is not the portal's own): the
    document is laid out by WeasyPrint in one pass."""


# --- the table, from the document ------------------------------------------------------------


@dataclass
class DrawnTable:
    """A document whose last element is a long table, cut into what WeasyPrint lays out
    and the rows drawn here."""

    head: str  # the document up to the end of <body>'s start tag
    before: str  # the body before the table (page furniture included)
    table_start: str  # the table's start tag, its <colgroup> and <thead>
    foot: str  # <tfoot>…</tfoot>, or nothing
    rows: list[list[str]]  # each row's cells' text, whitespace collapsed
    sample_cells: list[tuple[str, dict]]  # the first row's cells' tags and attributes
    page_number: lxml.html.HtmlElement | None  # the element saying "Page N of M"

    @classmethod
    def of(cls, html: str) -> DrawnTable | None:
        """The document's drawn table, or None when it has none this module can draw."""
        found = LONG_TABLE_TAG.search(html)
        if found is None:
            return None
        table_end = html.find("</table>", found.end())
        body = re.search(r"<body\b[^>]*>", html)
        tbody = html.find("<tbody>", found.end())
        tbody_end = html.find("</tbody>", tbody)
        if body is None or table_end < 0 or not found.end() <= tbody < tbody_end < table_end:
            return None
        if "<table" in html[found.end() : table_end]:  # a table within a cell
            return None
        if not DOCUMENT_END.fullmatch(html, table_end + len("</table>")):
            return None
        rows = lxml.html.fragment_fromstring(
            f"<table><tbody>{html[tbody + len('<tbody>') : tbody_end]}</tbody></table>"
        ).findall(".//tr")
        if not rows:
            return None
        cells = []
        for row in rows:
            # Plain text cells only: an element within one (a link, a line break) is
            # laid out by WeasyPrint.
            if any(len(cell) or cell.get("colspan") or cell.get("rowspan") for cell in row):
                return None
            cells.append([" ".join(cell.text_content().split()) for cell in row])
        if len({len(row) for row in cells}) != 1:
            return None
        foot_start = html.find("<tfoot", tbody_end, table_end)
        before = html[body.end() : found.start()]
        furniture = lxml.html.fragment_fromstring(before, create_parent="div")
        number = next(iter(furniture.find_class("page-number")), None)
        return cls(
            head=html[: body.end()],
            before=before,
            table_start=html[found.start() : tbody],
            foot=html[foot_start:table_end] if foot_start >= 0 else "",
            rows=cells,
            sample_cells=[(cell.tag, dict(cell.attrib)) for cell in rows[0]],
            page_number=number,
        )

    def _table(self, mark: str, body: str = "", foot: str = "") -> str:
        start = self.table_start.replace("<table", f"<table {MARK}={mark}", 1)
        return f"{start}<tbody>{body}</tbody>{foot}</table>"

    def _sample_row(self, text: str) -> str:
        cells = "".join(
            "<{tag}{attributes}>{text}</{tag}>".format(
                tag=tag,
                attributes="".join(
                    f' {name}="{escape(value)}"' for name, value in attributes.items()
                ),
                text=text,
            )
            for tag, attributes in self.sample_cells
        )
        return f"<tr>{cells}</tr>"

    def measuring_html(self, digits: int) -> str:
        """The document as WeasyPrint lays it out here: the body before the table, the
        table's first page and a later page with no rows, then the measuring page; its
        page numbers of `digits` digits."""
        css = MEASURING_CSS.format(digits="8" * digits)
        head = self.head.replace("</head>", f"<style>{css}</style></head>", 1)
        samples = self._sample_row("0") + self._sample_row("0<br>0")
        return "".join(
            (
                head,
                self.before,
                self._table("first"),
                f'<div class="pdf-drawn-later">{self._table("later")}</div>',
                f'<div class="{MEASURE_PAGE}">{self._table("measure", samples, self.foot)}</div>',
                "</body></html>",
            )
        )

    def page_number_text(self, page: int, pages: int) -> str:
        if self.page_number is None:
            return ""
        element = lxml.html.fragment_fromstring(lxml.html.tostring(self.page_number))
        for name, value in (("page", page), ("pages", pages)):
            for span in element.find_class(name):
                span.text = str(value)
        return " ".join(element.text_content().split())


# --- fonts -----------------------------------------------------------------------------------


@cache
def _font_faces(stylesheets: tuple[str, ...]) -> dict[tuple[str, int, str], str]:
    """The @font-face rules of the document's stylesheets (static paths): (family, weight,
    style) → the static path of the font file."""
    from untop.reports.pdf import _static_file

    faces = {}
    for sheet in stylesheets:
        path = _static_file(sheet)
        if path is None:
            continue
        folder = sheet.rsplit("/", 1)[0] if "/" in sheet else ""
        for rule in tinycss2.parse_stylesheet(
            path.read_text(encoding="utf-8"), skip_comments=True, skip_whitespace=True
        ):
            if rule.type != "at-rule" or rule.lower_at_keyword != "font-face":
                continue
            declarations = {
                item.lower_name: [t for t in item.value if t.type != "whitespace"]
                for item in tinycss2.parse_declaration_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
                if item.type == "declaration"
            }
            family = next(
                (t.value for t in declarations.get("font-family", []) if t.type == "string"), None
            )
            url = next((t.value for t in declarations.get("src", []) if t.type == "url"), None)
            weight = next(
                (t.int_value for t in declarations.get("font-weight", []) if t.type == "number"),
                400,
            )
            style = next(
                (t.lower_value for t in declarations.get("font-style", []) if t.type == "ident"),
                "normal",
            )
            if family and url:
                faces[(family, weight, style)] = _joined(folder, url)
    return faces


def _joined(folder: str, url: str) -> str:
    parts = [part for part in folder.split("/") if part]
    for part in url.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


@cache
def _registered_font(static_path: str) -> TTFont | None:
    """The font file of a static path, registered with ReportLab once a process."""
    from untop.reports.pdf import _static_file, _unpacked_font

    path = _static_file(static_path)
    if path is None:
        return None
    data = _unpacked_font(path) if path.suffix == ".woff2" else path.read_bytes()
    font = TTFont(f"untop-{hashlib.sha256(data).hexdigest()[:16]}", io.BytesIO(data))
    # ReportLab takes fonts of one face name (the Latin and Cyrillic files of Noto Serif
    # share theirs) for one font: each file is named after itself.
    font.face.name = path.stem.encode("ascii", "replace")
    pdfmetrics.registerFont(font)
    return font


class FontStack:
    """A computed style's font families as ReportLab fonts: each character is set in the
    first font that has it, as WeasyPrint falls back from one family to the next."""

    def __init__(self, fonts: list[TTFont], size_pt: float) -> None:
        self.fonts = fonts
        self.size = size_pt
        self._choice: dict[str, int] = {}
        self._widths: dict[str, float] = {}

    @classmethod
    def of(cls, style, stylesheets: tuple[str, ...]) -> FontStack:
        faces = _font_faces(stylesheets)
        weight = 700 if style["font_weight"] >= 600 else 400
        fonts = []
        for family in style["font_family"]:
            path = faces.get((family, weight, style["font_style"])) or faces.get(
                (family, weight, "normal")
            )
            font = _registered_font(path) if path else None
            if font is not None:
                fonts.append(font)
        if not fonts:
            raise NotDrawable(f"No font of {style['font_family']} is one of the portal's own.")
        return cls(fonts, style["font_size"] * PT)

    def runs(self, text: str) -> list[tuple[str, str]]:
        """The text as (font name, characters) runs."""
        runs: list[tuple[str, str]] = []
        current, start = -1, 0
        for index, character in enumerate(text):
            choice = self._choice.get(character)
            if choice is None:
                code = ord(character)
                choice = next(
                    (n for n, font in enumerate(self.fonts) if code in font.face.charToGlyph),
                    0,
                )
                self._choice[character] = choice
            if choice != current:
                if index > start:
                    runs.append((self.fonts[current].fontName, text[start:index]))
                current, start = choice, index
        if len(text) > start:
            runs.append((self.fonts[current].fontName, text[start:]))
        return runs

    def width(self, text: str) -> float:
        """The text's width in points (words are measured once)."""
        width = self._widths.get(text)
        if width is None:
            width = sum(
                pdfmetrics.stringWidth(part, name, self.size) for name, part in self.runs(text)
            )
            self._widths[text] = width
        return width

    def lines(self, text: str, width: float) -> list[str]:
        """The text broken into lines of at most `width` points where WeasyPrint breaks a
        cell's text: at spaces, and after a hyphen between letters ("Kurgan-|Tyube", not
        "SYN-|0104": Unicode's line breaking). A piece wider than the line stands alone on
        its line, as WeasyPrint leaves it."""
        if not text:
            return [""]
        space = self.width(" ")
        lines, line, used = [], "", 0.0
        for n, word in enumerate(text.split(" ")):
            for m, piece in enumerate(AFTER_HYPHEN.split(word)):
                spaced = n > 0 and m == 0
                measured = self.width(piece)
                gap = space if spaced else 0.0
                if line and used + gap + measured > width:
                    lines.append(line)
                    line, used = piece, measured
                else:
                    line, used = f"{line}{' ' if spaced else ''}{piece}", used + gap + measured
        lines.append(line)
        return lines

    def draw(self, text_object, x: float, y: float, text: str) -> None:
        text_object.setTextOrigin(x, y)
        for name, part in self.runs(text):
            if (text_object._fontname, text_object._fontsize) != (name, self.size):
                text_object.setFont(name, self.size)
            text_object.textOut(part)


# --- measuring -------------------------------------------------------------------------------


def _rgb(color) -> tuple[float, float, float]:
    red, green, blue = color.to("srgb").coordinates
    return red, green, blue


def _marked_table(page, mark: str) -> TableBox | None:
    for box in page._page_box.descendants():  # WeasyPrint's laid-out boxes
        if isinstance(box, TableBox) and box.element is not None and box.element.get(MARK) == mark:
            return box
    return None


def _rows(table: TableBox) -> tuple[list[TableRowBox], list[TableRowBox], list[TableRowBox]]:
    """The table's head, body and foot rows as laid out."""
    head, body, foot = [], [], []
    for group in table.children:
        if isinstance(group, TableRowGroupBox):
            rows = [row for row in group.children if isinstance(row, TableRowBox)]
            (head if group.is_header else foot if group.is_footer else body).extend(rows)
    return head, body, foot


def _text_boxes(box) -> list[TextBox]:
    return [child for child in box.descendants() if isinstance(child, TextBox)]


@dataclass
class Column:
    x: float  # the content's left edge, points from the page's left
    width: float
    align: str  # left, right or center
    font: FontStack
    color: tuple[float, float, float]
    baseline: float  # the first line's baseline below the row's top, points


@dataclass
class Rule:
    width: float
    color: tuple[float, float, float]


@dataclass
class Measures:
    """What the drawing needs, in points from the page's top left."""

    page_width: float
    page_height: float
    content_bottom: float
    first_top: float  # the first row's top on the table's first page
    later_top: float  # … on a later page
    left: float  # the rows' rules, from left to right
    right: float
    columns: list[Column]
    pitch: float  # a one-line row's height, rule included
    line: float  # each further line's
    row_rule: Rule | None
    foot_height: float
    foot_texts: list[tuple[FontStack, tuple[float, float, float], float, float, str]]
    foot_rules: list[tuple[float, Rule]]  # each below the foot's top
    number: tuple[FontStack, tuple[float, float, float], float, float] | None  # right, baseline


def _rule(style, side: str) -> Rule | None:
    width = style[f"border_{side}_width"]
    if not width or style[f"border_{side}_style"] in ("none", "hidden"):
        return None
    color = style[f"border_{side}_color"]
    if not hasattr(color, "to"):  # currentcolor
        color = style["color"]
    return Rule(width * PT, _rgb(color))


def measure(document: Document, table: DrawnTable, stylesheets: tuple[str, ...]):
    """The measures of the drawn pages, and the indexes of the table's first and later
    pages and of the measuring page in the laid-out document."""
    found = {}
    for index, page in enumerate(document.pages):
        for mark in ("first", "later", "measure"):
            if mark not in found and _marked_table(page, mark) is not None:
                found[mark] = index
    if set(found) != {"first", "later", "measure"}:
        raise NotDrawable("The table's measuring pages were not laid out.")
    first_page = document.pages[found["first"]]
    measuring = document.pages[found["measure"]]
    table_box = _marked_table(measuring, "measure")
    head, (one_line, two_lines), foot = _rows(table_box)

    def row_top(page, mark):
        """Where the body's first row starts on a page of the table."""
        page_head, _, _ = _rows(_marked_table(page, mark))
        return (page_head[-1].position_y + one_line.position_y - head[-1].position_y) * PT

    pitch = (two_lines.position_y - one_line.position_y) * PT
    foot_top = foot[0].position_y if foot else table_box.border_box_y() + table_box.border_height()
    line = (foot_top - two_lines.position_y) * PT - pitch
    cells = [cell for cell in one_line.children if isinstance(cell, TableCellBox)]
    columns = []
    for cell in cells:
        texts = _text_boxes(cell)
        align = cell.style["text_align_all"]
        columns.append(
            Column(
                x=cell.content_box_x() * PT,
                width=cell.width * PT,
                align="right" if align in ("right", "end") else align,
                font=FontStack.of(cell.style, stylesheets),
                color=_rgb(cell.style["color"]),
                baseline=(
                    (texts[0].position_y + texts[0].baseline - one_line.position_y) * PT
                    if texts
                    else 0.0
                ),
            )
        )
    foot_texts, foot_rules, foot_height = [], [], 0.0
    if foot:
        top = foot[0].position_y
        bottom = table_box.border_box_y() + table_box.border_height()
        foot_height = (bottom - top) * PT
        for row in foot:
            for cell in row.children:
                for text in _text_boxes(cell):
                    foot_texts.append(
                        (
                            FontStack.of(text.style, stylesheets),
                            _rgb(text.style["color"]),
                            text.position_x * PT,
                            (text.position_y + text.baseline - top) * PT,
                            text.text,
                        )
                    )
            for side, y in (("top", row.position_y), ("bottom", row.position_y + row.height)):
                rule = next(filter(None, (_rule(cell.style, side) for cell in row.children)), None)
                if rule is not None:
                    foot_rules.append(((y - top) * PT, rule))
    number = None
    for box in first_page._page_box.descendants():
        element = box.element if isinstance(box, BlockBox) else None
        if element is not None and "page-number" in (element.get("class") or "").split():
            texts = _text_boxes(box)
            if texts:
                number = (
                    FontStack.of(texts[0].style, stylesheets),
                    _rgb(texts[0].style["color"]),
                    (box.content_box_x() + box.width) * PT,
                    (texts[0].position_y + texts[0].baseline) * PT,
                )
            break
    page_box = first_page._page_box
    measures = Measures(
        page_width=first_page.width * PT,
        page_height=first_page.height * PT,
        content_bottom=(page_box.content_box_y() + page_box.height) * PT,
        first_top=row_top(first_page, "first"),
        later_top=row_top(document.pages[found["later"]], "later"),
        left=cells[0].border_box_x() * PT,
        right=(cells[-1].border_box_x() + cells[-1].border_width()) * PT,
        columns=columns,
        pitch=pitch,
        line=line,
        row_rule=_rule(cells[0].style, "bottom"),
        foot_height=foot_height,
        foot_texts=foot_texts,
        foot_rules=foot_rules,
        number=number,
    )
    return measures, found


# --- laying out and drawing ------------------------------------------------------------------


def paginate(table: DrawnTable, measures: Measures) -> list[list[tuple[list[list[str]], float]]]:
    """The rows page by page: each row's cells' lines and its height, a row never split,
    each page's rows and the foot within the page's content box."""
    pages: list[list[tuple[list[list[str]], float]]] = [[]]
    top = measures.first_top
    used = 0.0
    room = measures.content_bottom - measures.foot_height
    for row in table.rows:
        lines = [
            column.font.lines(text, column.width)
            for column, text in zip(measures.columns, row, strict=False)
        ]
        height = measures.pitch + (max(map(len, lines)) - 1) * measures.line
        if pages[-1] and top + used + height > room:
            pages.append([])
            top, used = measures.later_top, 0.0
        pages[-1].append((lines, height))
        used += height
    return pages


def _rule_line(canvas: Canvas, measures: Measures, rule: Rule, y: float) -> None:
    canvas.setStrokeColorRGB(*rule.color)
    canvas.setLineWidth(rule.width)
    flipped = measures.page_height - y
    canvas.line(measures.left, flipped, measures.right, flipped)


def draw(table: DrawnTable, measures: Measures, before_pages: int, rows_by_page: list) -> bytes:
    """The page numbers of the pages before the table, then the table's pages: its rows,
    its foot and their numbers, on transparent pages of the document's size."""
    total = before_pages + len(rows_by_page)
    out = io.BytesIO()
    # The canvas starts each page in a font of its own: one of the table's, not a standard
    # font the PDF would name without embedding it.
    first = measures.columns[0].font
    canvas = Canvas(
        out,
        pagesize=(measures.page_width, measures.page_height),
        pageCompression=1,
        invariant=1,
        initialFontName=first.fonts[0].fontName,
        initialFontSize=first.size,
    )
    height = measures.page_height

    def number(page: int) -> None:
        if measures.number is None:
            return
        font, color, right, baseline = measures.number
        text = table.page_number_text(page, total)
        writing = canvas.beginText()
        writing.setFillColorRGB(*color)
        font.draw(writing, right - font.width(text), height - baseline, text)
        canvas.drawText(writing)

    for page in range(1, before_pages + 1):
        number(page)
        canvas.showPage()
    for index, rows in enumerate(rows_by_page):
        top = measures.first_top if index == 0 else measures.later_top
        writing = canvas.beginText()
        for lines, row_height in rows:
            for column, cell_lines in zip(measures.columns, lines, strict=False):
                writing.setFillColorRGB(*column.color)
                for n, text in enumerate(cell_lines):
                    if not text:
                        continue
                    x = column.x
                    if column.align == "right":
                        x += column.width - column.font.width(text)
                    elif column.align == "center":
                        x += (column.width - column.font.width(text)) / 2
                    baseline = top + column.baseline + n * measures.line
                    column.font.draw(writing, x, height - baseline, text)
            top += row_height
            if measures.row_rule is not None:
                _rule_line(canvas, measures, measures.row_rule, top - measures.row_rule.width / 2)
        canvas.drawText(writing)
        for offset, rule in measures.foot_rules:
            _rule_line(canvas, measures, rule, top + offset)
        writing = canvas.beginText()
        for font, color, x, baseline, text in measures.foot_texts:
            writing.setFillColorRGB(*color)
            font.draw(writing, x, height - (top + baseline), text)
        canvas.drawText(writing)
        number(before_pages + index + 1)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _stylesheets(head: str) -> tuple[str, ...]:
    """The static paths of the stylesheets the document links."""
    from django.conf import settings

    from untop.reports.pdf import PORTAL_ORIGIN

    prefix = urljoin(f"{PORTAL_ORIGIN}/", settings.STATIC_URL)
    found = (urljoin(f"{PORTAL_ORIGIN}/", url) for url in STYLESHEET.findall(head))
    return tuple(url[len(prefix) :] for url in found if url.startswith(prefix))


def write_pdf(table: DrawnTable, fetcher, font_config) -> bytes | None:
    """The document as PDF: WeasyPrint's pages before the table, then the drawn table; None
    when the table starts too low on its page for its first row and its foot (WeasyPrint
    would move it to the next page), or cannot be drawn in its look (NotDrawable): the
    document is then laid out in one pass."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    from untop.reports.pdf import PORTAL_ORIGIN

    stylesheets = _stylesheets(table.head)
    # A guess of the page count's digits (about 18 rows a page), laid out again when wrong.
    digits = len(str(len(table.rows) // 10 + 20))
    while True:
        document = HTML(
            string=table.measuring_html(digits), base_url=f"{PORTAL_ORIGIN}/", url_fetcher=fetcher
        ).render(font_config=font_config)
        try:
            measures, found = measure(document, table, stylesheets)
        except NotDrawable as reason:
            logger.warning("The long table is laid out by WeasyPrint alone: %s", reason)
            return None
        before = found["first"]
        rows_by_page = paginate(table, measures)
        pages = before + len(rows_by_page)
        if len(str(pages)) == digits or table.page_number is None:
            break
        digits = len(str(pages))
    if measures.first_top + rows_by_page[0][0][1] > measures.content_bottom - measures.foot_height:
        return None
    laid_out = document.pages
    kept = [*laid_out[: before + 1], laid_out[found["later"]]]
    backgrounds = PdfReader(io.BytesIO(document.copy(kept).write_pdf()))
    drawn = PdfReader(io.BytesIO(draw(table, measures, before, rows_by_page)))
    del document
    writer = PdfWriter()
    for index in range(before):
        page = writer.add_page(backgrounds.pages[index])
        _stack(writer, page, _form(writer, drawn.pages[index]), under=False)
    first, later = (_form(writer, backgrounds.pages[before + n]) for n in (0, 1))
    for index in range(len(rows_by_page)):
        page = writer.add_page(drawn.pages[before + index])
        _stack(writer, page, first if index == 0 else later, under=True)
    if backgrounds.metadata:
        writer.add_metadata(dict(backgrounds.metadata))
    language = backgrounds.trailer["/Root"].get("/Lang")
    if language is not None:
        writer._root_object[NameObject("/Lang")] = language
    marks = [
        SimpleNamespace(width=page.width, height=page.height, bookmarks=page.bookmarks)
        for page in laid_out[: before + 1]
    ]
    marks += [SimpleNamespace(width=marks[-1].width, height=marks[-1].height, bookmarks=[])] * (
        len(rows_by_page) - 1
    )
    add_outline(writer, marks)
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# pypdf's merge_page parses both pages' drawing to rename what they share, at 25 ms a page:
# a page drawn over or under another is instead kept once as a form (a PDF drawing that
# pages can place, with its own resources) and placed on each page that shows it.


def _form(writer, page):
    """A page of a reader as a form of the writer's (an indirect reference)."""
    from pypdf.generic import NameObject, StreamObject

    contents = page.get_contents()
    form = StreamObject()
    form.set_data(contents.get_data() if contents is not None else b"")
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): page.mediabox.clone(writer),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def _stack(writer, page, form, under: bool) -> None:
    """Place the form under or over a page of the writer, its drawing left as it is."""
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

    name = f"/UntopForm{form.idnum}"
    resources = page["/Resources"].get_object()
    forms = resources.get("/XObject")
    if forms is None:
        forms = resources[NameObject("/XObject")] = DictionaryObject()
    forms.get_object()[NameObject(name)] = form

    def stream(data: bytes):
        made = StreamObject()
        made.set_data(data)
        return writer._add_object(made)

    place = stream(f"q {name} Do Q".encode())
    existing = page["/Contents"].get_object()
    drawing = list(existing) if isinstance(existing, ArrayObject) else [page.raw_get("/Contents")]
    # Over a page, the form starts from the state the page started from.
    parts = [place, *drawing] if under else [stream(b"q"), *drawing, stream(b"Q"), place]
    page[NameObject("/Contents")] = ArrayObject(parts)


def add_outline(writer, marks: list) -> None:
    """The joined document's outline (its headings), nested as WeasyPrint nests it."""
    from pypdf.generic import Fit

    # Document.make_bookmark_tree reads only each page's size and bookmarks.
    tree = Document.make_bookmark_tree(SimpleNamespace(pages=marks), 0.75, True)

    def add(items, parent=None):
        for label, (page, x, y), children, state in items:
            item = writer.add_outline_item(
                title=label,
                page_number=page,
                parent=parent,
                fit=Fit.xyz(x, y, 0),
                is_open=state != "closed",
            )
            add(children, item)

    add(tree)
