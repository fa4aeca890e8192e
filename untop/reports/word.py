"""A report as a Word document, made from the same HTML as its PDF.

Managers edit the mandate-renewal letter further in Word before clearance, and donors ask
for their reports in Word. The document is built from the HTML that WeasyPrint lays out
(``report_render_html(..., preview=False)``), so it holds the same words and figures as
the PDF, read in the same snapshot.

The converter is hand-written: no maintained library turns HTML into DOCX with real Word
tables (a header row that repeats on every page, number columns aligned right), page-number
fields and running heads; the HTML-to-DOCX packages there are either unmaintained or drop
tables and fields. The report templates use a small, known set of elements (h1–h3, p, br,
strong/em, ul/ol/li, table, the letter's masthead classes, SVG charts), so a walk over them
with lxml and python-docx is short and keeps the document's structure: headings are Word
headings, tables are Word tables.

What is only for the web preview or only for the PDF is left out: the preview bar, the list
of texts missing in the letter's language (``missing-texts``) and the "Draft" watermark
(``draft-mark``), which becomes "Draft" in the page header instead.

The tables are also read here (``report_tables``) for the spreadsheet (sheets.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

import lxml.html
from django.utils import timezone
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml.html import HtmlElement

FONT = "Times New Roman"
BLUE = RGBColor(0x08, 0x68, 0xAC)
GREY = RGBColor(0x55, 0x55, 0x55)
HEADER_SHADING = "E6F2FA"
WORD_LANGUAGES = {"en": "en-GB", "ru": "ru-RU", "tg": "tg-Cyrl-TJ"}

# Left out of the document: preview-only notes and the PDF's own page furniture (the running
# head, foot and page number are the Word document's header and footer instead).
LEFT_OUT = {
    "preview-bar", "missing-texts", "draft-mark", "running-head", "running-foot", "page-number",
}  # fmt: skip
LEFT_OUT_TAGS = {"head", "script", "style", "template", "nav"}
BLOCK_TAGS = {
    "div", "section", "article", "aside", "header", "footer", "main", "p", "h1", "h2", "h3",
    "h4", "ul", "ol", "li", "table", "svg", "dl", "blockquote",
}  # fmt: skip
SPACES = re.compile(r"[ \t\n\r\f\v]+")  # not the no-break spaces that group Russian figures
# A <br> among the runs: a character no template writes, so that a newline between two tags
# (whitespace, collapsed like any other) is never taken for one.
LINE_BREAK = "\u2028"


# --- reading the HTML ------------------------------------------------------------------------


@dataclass
class Run:
    """A piece of text with its emphasis; ``text == LINE_BREAK`` is a line break (``<br>``)."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Cell:
    runs: list[Run]
    numeric: bool = False  # class "num": a figure, aligned right
    header: bool = False  # a <th>
    colspan: int = 1

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs).strip()


@dataclass
class ReportTable:
    """A table of the report: its header rows, its body, and its total rows (last, once).

    ``title`` is the heading the table stands under, or a chart's own title; ``chart`` marks
    the figures of a chart.
    """

    title: str
    head: list[list[Cell]] = field(default_factory=list)
    body: list[list[Cell]] = field(default_factory=list)
    totals: list[list[Cell]] = field(default_factory=list)
    chart: bool = False

    @property
    def width(self) -> int:
        return max(
            (sum(cell.colspan for cell in row) for row in self.head + self.body + self.totals),
            default=0,
        )


def _classes(element: HtmlElement) -> set[str]:
    return set((element.get("class") or "").split())


def _tag(element) -> str:
    return element.tag if isinstance(element.tag, str) else ""


def _add_inline(node: HtmlElement, bold: bool, italic: bool, runs: list[Run]) -> None:
    """Append an element's text and inline children as runs (its tail is the caller's)."""
    tag = _tag(node)
    bold = bold or tag in {"strong", "b", "th"}
    italic = italic or tag in {"em", "i", "cite"}
    if node.text:
        runs.append(Run(node.text, bold, italic))
    for child in node:
        child_tag = _tag(child)
        if child_tag == "br":
            runs.append(Run(LINE_BREAK, bold, italic))
        elif child_tag and child_tag not in LEFT_OUT_TAGS and not (_classes(child) & LEFT_OUT):
            _add_inline(child, bold, italic, runs)
        if child.tail:
            runs.append(Run(child.tail, bold, italic))


def inline_runs(element: HtmlElement, *, bold: bool = False, italic: bool = False) -> list[Run]:
    """The text inside an element as runs, whitespace collapsed as a browser would."""
    runs: list[Run] = []
    _add_inline(element, bold, italic, runs)
    return _collapsed(runs)


def _collapsed(runs: list[Run]) -> list[Run]:
    """Runs with spaces collapsed, none at the start or end of a line, empty runs dropped."""
    out: list[Run] = []
    after_space = True  # the start of a paragraph counts as after a space
    for run in runs:
        if run.text == LINE_BREAK:
            if out and out[-1].text.endswith(" "):
                out[-1].text = out[-1].text[:-1]
            out.append(run)
            after_space = True
            continue
        text = SPACES.sub(" ", run.text)
        if after_space:
            text = text.lstrip(" ")
        if text:
            out.append(Run(text, run.bold, run.italic))
            after_space = text.endswith(" ")
    if out and out[-1].text != LINE_BREAK:
        out[-1].text = out[-1].text.rstrip(" ")
    return [run for run in out if run.text]


def text_of(element: HtmlElement) -> str:
    return "".join(run.text for run in inline_runs(element)).replace(LINE_BREAK, " ").strip()


def read_table(table: HtmlElement, title: str) -> ReportTable:
    """A <table> as header rows, body rows and total rows (a tfoot, or rows of class total)."""
    result = ReportTable(title=title)
    for row in table.iter("tr"):
        section = row.getparent()
        cells = [
            Cell(
                runs=inline_runs(cell),
                numeric="num" in _classes(cell),
                header=_tag(cell) == "th",
                colspan=max(int(cell.get("colspan") or 1), 1),
            )
            for cell in row
            if _tag(cell) in {"td", "th"}
        ]
        if not cells:
            continue
        if _tag(section) == "thead":
            result.head.append(cells)
        elif _tag(section) == "tfoot" or "total" in _classes(row):
            result.totals.append(cells)
        else:
            result.body.append(cells)
    return result


def read_chart(svg: HtmlElement) -> ReportTable | None:
    """A chart's figures as a small table, read from its description (untop/reports/charts.py
    writes "label: series figure, series figure; label: …" for readers who cannot see it).

    None when the description does not read as such a table: the caller then prints it as it
    is, so no figure is lost.
    """
    title = (svg.findtext("title") or "").strip()
    description = (svg.findtext("desc") or "").strip()
    if not description:
        return None
    figure = re.compile(r"^(?P<series>.*?)\s+(?P<value>-?\d[\d\s\u00a0\u202f.,]*)$")
    series: list[str] = []
    rows: list[list[Cell]] = []
    for part in description.split("; "):
        label, sep, figures = part.partition(": ")
        if not sep:
            return None
        row = [Cell([Run(label.strip())])]
        names = []
        for item in figures.split(", "):
            match = figure.match(item.strip())
            if not match:
                return None
            names.append(match["series"])
            row.append(Cell([Run(match["value"].strip())], numeric=True))
        if series and names != series:
            return None
        series = names
        rows.append(row)
    head = [Cell([Run("")], header=True)] + [
        Cell([Run(name, bold=True)], numeric=True, header=True) for name in series
    ]
    return ReportTable(title=title, head=[head], body=rows, chart=True)


def _body(html: str) -> tuple[HtmlElement, HtmlElement]:
    document = lxml.html.document_fromstring(html)
    body = document.find("body")
    return document, body if body is not None else document


def report_tables(html: str) -> list[ReportTable]:
    """Every table of a report and every chart's figures, in order, each under its heading."""
    _document, body = _body(html)
    tables: list[ReportTable] = []
    heading = ""
    for element in body.iter():
        tag = _tag(element)
        if any(_classes(ancestor) & LEFT_OUT for ancestor in element.iterancestors()):
            continue
        if _classes(element) & LEFT_OUT:
            continue
        if tag in {"h1", "h2", "h3", "h4"}:
            heading = text_of(element)
        elif tag == "table":
            tables.append(read_table(element, heading))
        elif tag == "svg":
            chart = read_chart(element)
            if chart is not None:
                tables.append(chart)
    return tables


# --- writing the Word document ---------------------------------------------------------------


def _set_font(rpr_parent, name: str, language: str) -> None:
    """Set a style's or run's font for Latin, Cyrillic and complex scripts alike, and its
    language; theme fonts are removed, or Word would prefer them."""
    if hasattr(rpr_parent, "get_or_add_rPr"):
        rpr = rpr_parent.get_or_add_rPr()  # a style: its rPr in its place among the others
    else:
        rpr = rpr_parent.find(qn("w:rPr"))  # the document defaults: rPr is all they hold
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            rpr_parent.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(1 if rpr.find(qn("w:rStyle")) is not None else 0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        _insert_before(rpr, lang, "w:eastAsianLayout", "w:specVanish", "w:oMath")
    tag = WORD_LANGUAGES.get(language, language)
    for attribute in ("val", "eastAsia", "bidi"):
        lang.set(qn(f"w:{attribute}"), tag)


def _field(paragraph, instruction: str, placeholder: str = "1") -> None:
    """A Word field (PAGE, NUMPAGES) in a paragraph: Word fills it in on every page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    run._r.append(begin)
    run = paragraph.add_run()
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run._r.append(text)
    run = paragraph.add_run()
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    run._r.append(separate)
    paragraph.add_run(placeholder)
    run = paragraph.add_run()
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(end)


# Word reads a property list in the order the Office Open XML schema gives it, and calls a
# file damaged when it is not: what may follow a paragraph's borders and a cell's shading.
_AFTER_BORDERS = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip
_AFTER_SHADING = (
    "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark",
    "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange",
)  # fmt: skip


def _insert_before(parent, child, *successors: str) -> None:
    """Put a property before the first of those that must follow it, else at the end."""
    tags = {qn(name) for name in successors}
    for index, existing in enumerate(parent):
        if existing.tag in tags:
            parent.insert(index, child)
            return
    parent.append(child)


def _bottom_border(paragraph, size_pt: float) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(int(size_pt * 8)))  # eighths of a point
    bottom.set(qn("w:space"), "1")
    bottom.set(qn("w:color"), "111111")
    borders.append(bottom)
    _insert_before(paragraph._p.get_or_add_pPr(), borders, *_AFTER_BORDERS)


def _shade(cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    _insert_before(cell._tc.get_or_add_tcPr(), shading, *_AFTER_SHADING)


def _repeat_as_header(row) -> None:
    """Mark a table row to repeat at the top of every page the table runs over."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


def _keep_row_together(row) -> None:
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(cant_split)


def _add_runs(paragraph, runs: list[Run], *, bold: bool = False, size: float | None = None):
    for run in runs:
        if run.text == LINE_BREAK:
            paragraph.add_run().add_break()
            continue
        added = paragraph.add_run(run.text)
        added.bold = run.bold or bold or None
        added.italic = run.italic or None
        if size:
            added.font.size = Pt(size)
    return paragraph


class _WordWriter:
    """Walks a report's HTML body and writes it into a python-docx document."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.document = Document()
        self.break_before = False  # the next paragraph starts a page (the letter's annex)
        self._set_up()

    def _set_up(self) -> None:
        section = self.document.sections[0]
        # A4 with the PDF's margins.
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(22), Mm(24)
        section.left_margin = section.right_margin = Mm(20)
        section.header_distance = section.footer_distance = Mm(10)
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.size = Pt(11)
        _set_font(normal.element, FONT, self.language)
        normal.paragraph_format.space_after = Pt(6)
        # The document defaults too, so that every style (tables, lists) writes Cyrillic.
        defaults = self.document.styles.element.find(qn("w:docDefaults"))
        if defaults is not None:
            rpr_default = defaults.find(qn("w:rPrDefault"))
            if rpr_default is not None:
                _set_font(rpr_default, FONT, self.language)
        for name, size in (("Heading 1", 15), ("Heading 2", 13), ("Heading 3", 11.5)):
            style = styles[name]
            _set_font(style.element, FONT, self.language)
            style.font.size = Pt(size)
            style.font.bold = True
            style.font.color.rgb = RGBColor(0x11, 0x11, 0x11)
        present = {style.name for style in styles}
        for name in ("Header", "Footer", "List Bullet", "List Number", "Table Grid", "Title"):
            if name in present:
                _set_font(styles[name].element, FONT, self.language)

    # -- page furniture ------------------------------------------------------------------

    def header_and_footer(self, body: HtmlElement) -> None:
        """The running head in the header ("Draft" first for a draft), except on the first
        page, which opens with the masthead or title as in the PDF; the running foot and
        "Page X of Y" as fields in the footer of every page."""
        section = self.document.sections[0]
        section.different_first_page_header_footer = True
        head = next(iter(body.find_class("running-head")), None)
        head_text = text_of(head) if head is not None else ""
        mark = next(iter(body.find_class("draft-mark")), None)
        if mark is not None:
            draft = text_of(mark)
            if draft and draft.lower() not in head_text.lower():
                head_text = f"{draft} · {head_text}" if head_text else draft
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if head_text:
            run = header.add_run(head_text)
            run.font.size = Pt(9)
            run.font.color.rgb = BLUE
        for footer in (section.footer, section.first_page_footer):
            self._footer(footer, body)

    def _footer(self, footer_part, body: HtmlElement) -> None:
        footer = footer_part.paragraphs[0]
        foot = next(iter(body.find_class("running-foot")), None)
        if foot is not None and text_of(foot):
            run = footer.add_run(text_of(foot))
            run.font.size = Pt(8)
            run.font.color.rgb = GREY
            footer = footer_part.add_paragraph()
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        number = next(iter(body.find_class("page-number")), None)
        if number is None:
            _field(footer, "PAGE")
            return
        # "Page <span class=page/> of <span class=pages/>", in the report's language.
        if number.text and number.text.strip():
            footer.add_run(SPACES.sub(" ", number.text).lstrip())
        for child in number:
            classes = _classes(child)
            if "pages" in classes:
                _field(footer, "NUMPAGES")
            elif "page" in classes:
                _field(footer, "PAGE")
            if child.tail and child.tail.strip():
                footer.add_run(SPACES.sub(" ", child.tail))
        for run in footer.runs:
            run.font.size = Pt(8)

    # -- blocks --------------------------------------------------------------------------

    def paragraph(self, runs: list[Run], style: str | None = None, **options):
        if not runs:
            return None
        paragraph = self.document.add_paragraph(style=style)
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
        return _add_runs(paragraph, runs, **options)

    def blocks(self, element: HtmlElement, *, list_depth: int = 0) -> None:
        """Write an element's children: block elements each in their way, loose inline
        content gathered into paragraphs."""
        pending: list[Run] = []

        def flush() -> None:
            runs = _collapsed(pending[:])
            pending.clear()
            self.paragraph(runs)

        if element.text:
            pending.append(Run(element.text))
        for child in element:
            tag = _tag(child)
            if not tag or tag in LEFT_OUT_TAGS or _classes(child) & LEFT_OUT:
                if child.tail:
                    pending.append(Run(child.tail))
                continue
            if tag in BLOCK_TAGS:
                flush()
                self.block(child, list_depth=list_depth)
            elif tag == "br":
                pending.append(Run(LINE_BREAK))
            else:
                _add_inline(child, False, False, pending)
            if child.tail:
                pending.append(Run(child.tail))
        flush()

    def block(self, element: HtmlElement, *, list_depth: int = 0) -> None:
        tag, classes = _tag(element), _classes(element)
        if tag in {"h1", "h2", "h3", "h4"}:
            level = min(int(tag[1]), 3)
            self.paragraph(inline_runs(element), style=f"Heading {level}")
        elif tag == "p":
            self.text_paragraph(element, classes)
        elif tag in {"ul", "ol"}:
            self.list(element, tag, list_depth + 1)
        elif tag == "li":
            self.blocks(element, list_depth=list_depth)
        elif tag == "table":
            self.table(read_table(element, ""))
        elif tag == "svg":
            self.chart(element)
        elif "un-masthead" in classes:
            self.masthead(element)
        elif "un-organ" in classes:
            self.paragraph(inline_runs(element), bold=True, size=17)
        elif "un-distribution" in classes:
            for part in element:
                runs = inline_runs(part)
                if runs:
                    paragraph = self.paragraph(runs, size=9.5)
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    paragraph.paragraph_format.space_after = Pt(4)
            last = self.document.paragraphs[-1]
            last.paragraph_format.space_after = Pt(18)
        elif "figures" in classes:
            self.key_figures(element)
        else:
            if "annex" in classes:
                self.break_before = True
            self.blocks(element, list_depth=list_depth)

    def text_paragraph(self, element: HtmlElement, classes: set[str]) -> None:
        runs = inline_runs(element)
        if "subtitle" in classes:
            paragraph = self.paragraph(runs, size=12)
            if paragraph is not None:
                paragraph.paragraph_format.space_after = Pt(12)
        elif "signature" in classes:
            paragraph = self.paragraph(runs)
            if paragraph is not None:
                paragraph.paragraph_format.space_before = Pt(24)
        elif "provenance" in classes:
            paragraph = self.paragraph(runs, size=8.5)
            if paragraph is not None:
                for run in paragraph.runs:
                    run.font.color.rgb = GREY
        else:
            self.paragraph(runs)

    def list(self, element: HtmlElement, tag: str, depth: int) -> None:
        base = "List Bullet" if tag == "ul" else "List Number"
        style = base if depth == 1 else f"{base} {min(depth, 3)}"
        for item in element:
            if _tag(item) != "li":
                continue
            nested = [child for child in item if _tag(child) in {"ul", "ol"}]
            for child in nested:
                item.remove(child)
            self.paragraph(inline_runs(item), style=style)
            for child in nested:
                self.list(child, _tag(child), depth + 1)

    def masthead(self, element: HtmlElement) -> None:
        """The letter's masthead: "United Nations" at the left, the symbol at the right, on
        one line over a rule, as on a Security Council document."""
        name = next(iter(element.find_class("un-name")), None)
        symbol = next(iter(element.find_class("un-symbol")), None)
        paragraph = self.document.add_paragraph()
        width = self.document.sections[0].page_width - Mm(40)
        paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
        if name is not None:
            _add_runs(paragraph, inline_runs(name), size=13)
        paragraph.add_run("\t")
        if symbol is not None:
            _add_runs(paragraph, inline_runs(symbol), bold=True, size=15)
        paragraph.paragraph_format.space_after = Pt(4)
        _bottom_border(paragraph, 1.5)

    def key_figures(self, element: HtmlElement) -> None:
        """The donor report's headline figures: a two-column table, figure and what it counts."""
        figures = [
            (
                text_of(next(iter(figure.find_class("value")), figure)),
                text_of(next(iter(figure.find_class("label")), figure)),
            )
            for figure in element.find_class("figure")
        ]
        if not figures:
            self.blocks(element)
            return
        table = self.document.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for value, label in figures:
            cells = table.add_row().cells
            cells[0].paragraphs[0].add_run(value).bold = True
            cells[0].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            cells[1].paragraphs[0].add_run(label)
        _widths(table, [Mm(45), Mm(125)])
        self.document.add_paragraph()

    def chart(self, svg: HtmlElement) -> None:
        """A chart as its figures in a small table under its title.

        Word cannot take the SVG as it is (python-docx places raster images only), and a
        picture of a chart cannot be edited or read back; the figures can. A manager who
        wants a chart in Word draws it from this table in two clicks, and every figure of
        the PDF's chart is in the document. A description that does not read as a table is
        printed as it is.
        """
        title = (svg.findtext("title") or "").strip()
        if title:
            caption = self.paragraph([Run(title, bold=True)])
            if caption is not None:
                caption.paragraph_format.keep_with_next = True
        table = read_chart(svg)
        if table is not None:
            self.table(table)
        else:
            self.paragraph([Run((svg.findtext("desc") or "").strip())], size=9.5)

    def table(self, table: ReportTable) -> None:
        columns = table.width
        if not columns:
            return
        if self.break_before:
            self.paragraph([Run(" ")])
        word_table = self.document.add_table(rows=0, cols=columns)
        word_table.style = "Table Grid"
        word_table.alignment = WD_TABLE_ALIGNMENT.CENTER
        for rows, kind in ((table.head, "head"), (table.body, "body"), (table.totals, "total")):
            for cells in rows:
                row = word_table.add_row()
                _keep_row_together(row)
                if kind == "head":
                    _repeat_as_header(row)
                column = 0
                for cell in cells:
                    if column >= columns:
                        break
                    target = row.cells[column]
                    span = min(cell.colspan, columns - column)
                    if span > 1:
                        target = target.merge(row.cells[column + span - 1])
                    paragraph = target.paragraphs[0]
                    _add_runs(paragraph, cell.runs, bold=kind != "body" or cell.header, size=9.5)
                    if cell.numeric:
                        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    if kind == "head":
                        _shade(target, HEADER_SHADING)
                    column += span
        self.document.add_paragraph().paragraph_format.space_after = Pt(2)


def _widths(table, widths) -> None:
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=False):
            cell.width = width


def report_docx(html: str) -> bytes:
    """A report's HTML (as laid out for the PDF) as a Word document."""
    document, body = _body(html)
    language = (document.get("lang") or "en")[:2]
    writer = _WordWriter(language)
    writer.header_and_footer(body)
    writer.blocks(body)
    properties = writer.document.core_properties
    first_heading = next(iter(body.iter("h1")), None)
    properties.title = text_of(first_heading) if first_heading is not None else ""
    properties.title = properties.title or (document.findtext("head/title") or "").strip()
    properties.language = WORD_LANGUAGES.get(language, language)
    properties.author = properties.last_modified_by = "UNTOP"
    properties.created = properties.modified = timezone.now()
    properties.comments = ""
    properties.revision = 1
    out = io.BytesIO()
    writer.document.save(out)
    return out.getvalue()
