"""Fuzzing each reader: seeded random inputs, and the contract each must keep.

The contract: ``parse(str)`` returns a report for any text; ``parse_bytes`` returns a
report or raises ``ReadError`` (``LimitError`` included) for any bytes; and no report
ever says ``PARSE-INTERNAL`` (the parser met a state it does not handle).  Each input
must also be read within ``SECONDS`` (the largest input here is some 100 KB).

Inputs are mutations of real-looking reports (``render``, ``markup``; the PDF of the
corpus): spans deleted, repeated, swapped and cut, and pieces of the tables' own
vocabulary, markup and separators put in at random places, so that the inputs stay near
the shapes the readers take apart.  ``tests/test_fuzz.py`` runs a few thousand cases of
each reader in CI; for a long run on your machine::

    python tests/fuzz.py --reader all --cases 100000 --seed 1     # about an hour
    python tests/fuzz.py --reader html --cases 20000 --seed 7

A failing case is written to ``fuzz-failures/`` with the seed that makes it, and the
run goes on.
"""

from __future__ import annotations

import argparse
import io
import random
import time
import traceback
import zipfile
from collections.abc import Callable
from pathlib import Path

import govinfo_report as gr
from govinfo_report._format.schema import vocabulary
from markup import docx_bytes, render_docx, render_html
from render import EDITIONS, LAYOUTS, consistent_values, render

SECONDS = 5.0
READERS = ("text", "html", "docx", "pdf")

# What is put in at random places: the tables' words, numbers in every form, the
# separators of every layout, markup of every kind the readers handle.
_WORDS = vocabulary()
_PIECES = (
    *("\t", "\n", "\n\n", "\r\n", "\r", " | ", "|", "||", "  ", "\u3000", "\xa0", "\ufeff"),
    *("0", "7", "12", "３", "-3", "+5", "1,234", "12.5", "251000元", "3.5万元", "—", "/", "无"),
    *("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"),
    *("四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "（七）总计"),
    *("六、其他需要报告的事项", "[image: 表]", "— 3 —", "第2页", "2023年政府信息公开工作年度报告"),
    *("0000000", "640020470", "1" * 40, "（", "）", "(", ")", "、", "。", "#", "---|---"),
)
_MARKUP = (
    *("<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", '<td rowspan="22">'),
    *('<td colspan="3">', "<p>", "</p>", "<br>", "<br/>", "<div>", "</div>", "<span>", "</span>"),
    *("<select>", "<option>", "</select>", "<script>", "</script>", "<style>", "<title>"),
    *("</title>", "<head>", "</head>", "<body>", "<svg>", "<path>", "</svg>", "<noscript>"),
    *('<img src="a/b.png">', '<a href="x">', "</a>", "<ul><li>", '<p style="display:none">'),
    *("<!--", "-->", "<!DOCTYPE html>", "<?xml?>", "<![CDATA[", "]]>", "&nbsp;", "&amp;"),
    *("&#", "&#12345;", "<", ">", "</", "<tbody>", "<o:p>", "</o:p>", "<font>", "<b"),
)
_XML = (
    *("<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>", "<w:tbl>", "</w:tbl>"),
    *("<w:tr>", "</w:tr>", "<w:tc>", "</w:tc>", "<w:br/>", "<w:tab/>", '<w:gridSpan w:val="3"/>'),
    *("<w:tcPr><w:vMerge/></w:tcPr>", '<w:tcPr><w:vMerge w:val="restart"/></w:tcPr>'),
    *("<w:sdt><w:sdtContent>", "</w:sdtContent></w:sdt>", "<w:drawing/>", "<w:delText>x"),
    *("<w:tcPr><w:hMerge/></w:tcPr>", '<w:tcPr><w:hMerge w:val="restart"/></w:tcPr>'),
    *("<w:customXml>", "</w:customXml>", "<w:moveTo>", "</w:moveTo>", "<w:moveFrom>"),
    *("<w:rPr><w:vanish/></w:rPr>", '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'),
    *("<w:rPr><w:webHidden/></w:rPr>", "<w:noBreakHyphen/>", '<w:sym w:char="-2D"/>'),
    *('<w:sym w:font="Symbol" w:char="F02D"/>', '<w:sym w:char="D800"/>', "<w:ruby><w:rt>"),
    *("&amp;", "&lt;", "<!DOCTYPE x>", "<?xml version='1.0' encoding='x-nope'?>", "<"),
)


def _mutate(text: str, rng: random.Random, extra: tuple[str, ...]) -> str:
    """A few random edits of a text: delete, repeat or move a span, cut it short, put a
    piece in."""
    for _ in range(rng.randint(1, 8)):
        n = len(text)
        i = rng.randrange(n + 1)
        j = min(n, i + rng.choice((1, 2, 5, 20, 200, 2000)))
        edit = rng.randrange(6)
        if edit == 0:
            text = text[:i] + text[j:]
        elif edit == 1:
            text = text[:j] + text[i:j] * rng.randint(1, 4) + text[j:]
        elif edit == 2 and n:
            k = rng.randrange(n)
            text = text[:k] + text[i:j] + text[k:]
        elif edit == 3:
            text = text[: rng.randrange(n + 1)]
        else:
            pieces = extra if edit == 4 else (_PIECES if rng.random() < 0.7 else _WORDS)
            text = text[:i] + rng.choice(pieces) + text[i:]
    return text


def _report_text(rng: random.Random) -> str:
    edition = rng.choice(EDITIONS)
    values = consistent_values(rng, edition)
    return render(values, edition, rng.choice(LAYOUTS), rng)


def text_case(rng: random.Random) -> str:
    return _mutate(_report_text(rng), rng, _PIECES)


def html_case(rng: random.Random) -> bytes:
    edition = rng.choice(EDITIONS)
    values = consistent_values(rng, edition)
    page = render_html(values, edition, rng)
    return _mutate(page, rng, _MARKUP).encode("utf-8", errors="surrogatepass")


def docx_case(rng: random.Random) -> bytes:
    edition = rng.choice(EDITIONS)
    values = consistent_values(rng, edition)
    data = render_docx(values, edition, rng)
    if rng.random() < 0.7:  # break the XML, keep the zip
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            xml = archive.read("word/document.xml").decode("utf-8")
        data = docx_bytes(_mutate(xml, rng, _XML).encode("utf-8", errors="surrogatepass"))
    return _flip(data, rng) if rng.random() < 0.3 else data


def _flip(data: bytes, rng: random.Random) -> bytes:
    """Random bytes of the data changed, cut or repeated."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        if not out:
            break
        i = rng.randrange(len(out))
        edit = rng.randrange(3)
        if edit == 0:
            out[i] = rng.randrange(256)
        elif edit == 1:
            del out[i : i + rng.randint(1, 64)]
        else:
            out[i:i] = out[i : i + rng.randint(1, 64)]
    return bytes(out)


def pdf_case(rng: random.Random, seeds: list[bytes]) -> bytes:
    return _flip(rng.choice(seeds), rng)


def pdf_seeds(corpus: Path | None) -> list[bytes]:
    """PDFs to mutate: the corpus's real PDF, and a small one made here."""
    from pdf_objects import lines, one_page, pdf_of, text

    seeds = [
        pdf_of(
            one_page(
                text(72, 700, "Table 3")
                + lines((70, 690, 400, 690), (70, 670, 400, 670), (70, 650, 400, 650))
                + text(72, 675, "total 1 0 0 0 0 0 1")
                + text(72, 655, "0 0 0 0 0")
            )
        )
    ]
    if corpus is not None and (corpus / "real" / "010.pdf").exists():
        seeds.append((corpus / "real" / "010.pdf").read_bytes())
    return seeds


def check(data: str | bytes) -> str | None:
    """What is wrong with how the parser takes this input, or None if nothing."""
    start = time.perf_counter()
    try:
        # Pictures are not read (ocr=False): a scanned page costs the recogniser seconds
        # in proportion to its pixels (bounded by Limits.max_picture_pixels), which
        # would mask the parser's own time; tests/test_ocr.py covers the recogniser.
        report = gr.parse(data) if isinstance(data, str) else gr.parse_bytes(data, ocr=False)
    except gr.ReadError:
        report = None
        if isinstance(data, str):
            return "parse(str) raised ReadError"
    except Exception:
        return traceback.format_exc()
    seconds = time.perf_counter() - start
    if report is not None:
        internal = [d.message for d in report.diagnostics if d.code == "PARSE-INTERNAL"]
        if internal:
            return f"PARSE-INTERNAL: {internal[0]}"
    if seconds > SECONDS:
        return f"took {seconds:.1f} s"
    return None


def cases(reader: str, seed: int, count: int, corpus: Path | None) -> list[str | bytes]:
    """``count`` inputs for a reader, the same ones for the same seed."""
    rng = random.Random(f"{reader}/{seed}")
    make: Callable[[random.Random], str | bytes]
    if reader == "pdf":
        seeds = pdf_seeds(corpus)

        def make(r: random.Random) -> bytes:
            return pdf_case(r, seeds)
    else:
        makers: dict[str, Callable[[random.Random], str | bytes]] = {
            "text": text_case,
            "html": html_case,
            "docx": docx_case,
        }
        make = makers[reader]
    return [make(random.Random(rng.getrandbits(64))) for _ in range(count)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reader", choices=(*READERS, "all"), default="all")
    parser.add_argument("--cases", type=int, default=10_000, help="per reader")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--corpus", type=Path, default=Path(__file__).parents[2] / "shared/corpus")
    args = parser.parse_args(argv)
    out = Path("fuzz-failures")
    failures = 0
    for reader in READERS if args.reader == "all" else (args.reader,):
        start = time.perf_counter()
        slowest = 0.0
        # Batches of 500, so that a long run holds few inputs at once.
        for batch in range(0, args.cases, 500):
            size = min(500, args.cases - batch)
            for i, data in enumerate(cases(reader, args.seed * 10**6 + batch, size, args.corpus)):
                t = time.perf_counter()
                problem = check(data)
                slowest = max(slowest, time.perf_counter() - t)
                if problem is not None:
                    failures += 1
                    out.mkdir(exist_ok=True)
                    name = out / f"{reader}-{args.seed}-{batch + i}"
                    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
                    name.with_suffix(".in").write_bytes(raw)
                    name.with_suffix(".txt").write_text(problem, encoding="utf-8")
                    print(f"{reader} case {batch + i}: {problem.splitlines()[-1]}", flush=True)
        seconds = time.perf_counter() - start
        print(
            f"{reader}: {args.cases} cases in {seconds:.0f} s, slowest {slowest:.2f} s",
            flush=True,
        )
    print(f"{failures} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
