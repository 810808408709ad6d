"""HTML tokens: the events the standard library's ``html.parser`` gives for a page
(Python 3.11.7's rules, with ``convert_charrefs=False``; the 2025 security releases
changed some, and a page reads here the same on every Python), found without its
per-token bookkeeping.

``html.parser`` spends most of its time on what a page reader does not need: it
counts the lines of every piece it passes (``updatepos``), searches afresh for the
next ``<`` or ``&`` after each, and parses every attribute of every tag.  Here each
event carries its offset in the source directly; a plain start tag
(``<td class="x" colspan=2>``) is read by one precompiled pattern, and its attributes
are parsed only where the reader looks at them (see ``Sink.wants_attrs``).  Every
other construct is read with ``html.parser``'s own patterns and decisions, copied
below, so that a page reads the same as it did; ``tests/test_html_tokens.py`` compares
the two on the corpus and on generated markup (where the running Python's
``html.parser`` follows 3.11.7's rules).  The one construct not followed here,
``<![`` (a marked section, whose reading moves ``html.parser``'s own column count), makes
``scan`` return False: the caller then reads the page with ``html.parser`` itself.

The page is given whole and at once, as ``HTMLParser.feed`` then ``close`` would take
it; the two phases that differ (``feed`` stops at a construct it cannot finish, and
``close`` reads the rest with end-of-input rules) are kept apart by ``closing``.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Protocol

# html.parser's patterns (Python 3.11), with its names.  Its ``\s`` is Unicode's.
_INTERESTING = re.compile(r"[&<]")
_INCOMPLETE = re.compile(r"&[a-zA-Z#]")
_ENTITYREF = re.compile(r"&([a-zA-Z][-.a-zA-Z0-9]*)[^a-zA-Z0-9]")
_CHARREF = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")
_TAGFIND = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTRFIND = re.compile(
    r"((?<=[\'\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"(\'[^\']*\'|\"[^\"]*\"|(?![\'\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_LOCATESTARTTAGEND = re.compile(
    r"""
  <[a-zA-Z][^\t\n\r\f />\x00]*       # tag name
  (?:[\s/]*                          # optional whitespace before attribute name
    (?:(?<=['"\s/])[^\s/>][^\s/=>]*  # attribute name
      (?:\s*=+\s*                    # value indicator
        (?:'[^']*'                   # LITA-enclosed value
          |"[^"]*"                   # LIT-enclosed value
          |(?!['"])[^>\s]*           # bare value
         )
        \s*                          # possibly followed by a space
       )?(?:\s|/(?!>))*
     )*
   )?
  \s*                                # trailing whitespace
""",
    re.VERBOSE,
)
_ENDTAGFIND = re.compile(r"</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_COMMENTCLOSE = re.compile(r"--\s*>")
CDATA_CONTENT_ELEMENTS = ("script", "style")
_CDATA_END = {tag: re.compile(rf"</\s*{tag}\s*>", re.IGNORECASE) for tag in CDATA_CONTENT_ELEMENTS}

# The plain start tag: a name, then attributes each after ASCII white space, each value
# quoted or a bare word followed by white space or ">".  ``html.parser`` reads such a
# tag in the one obvious way, so its attributes can be split by the simple pattern
# below, and only when asked for.  Anything else (attributes run together, "=" twice,
# a bare value ending in "/", Unicode spaces) is read by html.parser's own steps.
_WS = r"[ \t\n\r\f]"
_ATTRS = (
    rf"(?:{_WS}+[a-zA-Z_:@][-a-zA-Z0-9_:.@]*"
    rf"(?:{_WS}*={_WS}*(?:\"[^\"]*\"|'[^']*'|[^\s\"'=<>`/]+(?={_WS}|>)))?)*"
)
# The common tokens, one pattern: text; a plain start tag; an end tag as html.parser's
# ``endtagfind`` reads it; an entity ended by ";".  Its groups say which matched.
_COMMON = re.compile(
    r"([^<&]+)"  # 1: text
    rf"|<([a-zA-Z][a-zA-Z0-9:-]*)({_ATTRS}){_WS}*(/?)>"  # 2, 3, 4: a plain start tag
    r"|</\s*([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>"  # 5: an end tag
    r"|(&(?:[a-zA-Z][-.a-zA-Z0-9]*|\#[0-9]+|\#[xX][0-9a-fA-F]+));"  # 6: an entity
)
_TEXT, _START_SLASH, _END, _ENTITY = 1, 4, 5, 6
_PLAIN_ATTR = re.compile(
    rf"([a-zA-Z_:@][-a-zA-Z0-9_:.@]*)"
    rf"(?:{_WS}*(=){_WS}*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'=<>`/]+)))?"
)

Attrs = list[tuple[str, "str | None"]]


class Sink(Protocol):
    """What receives the events (``_read.html``'s tree builder)."""

    def wants_attrs(self, tag: str, text: str) -> bool:
        """Whether the attributes of a plain start tag of ``tag`` are parsed (``text``:
        the tag's attributes as written); if not, it is given none."""

    def start(self, tag: str, attrs: Attrs, at: int) -> None: ...

    def start_end(self, tag: str, attrs: Attrs, at: int) -> None: ...

    def end(self, tag: str) -> None: ...

    def data(self, text: str, at: int) -> None: ...

    def entity(self, markup: str, at: int) -> None:
        """``&name`` or ``&#digits`` (without its ";", which may follow at the end)."""

    def cdata(self, tag: str) -> bool:
        """Whether the content of this ``<script>``/``<style>`` is read raw to its end tag."""


_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def scan(source: str, sink: Sink) -> bool:
    """Give the events of the page to ``sink``; False (having given some) if the page
    holds a construct read only by ``html.parser`` itself (``<![``): then read it
    again there.  Linear in the length of the page."""
    i = 0
    n = len(source)
    closing = False  # in close()'s phase: feed() stopped at a construct it could not finish
    cdata: str | None = None  # the script or style whose content is being read raw
    find = source.find
    startswith = source.startswith
    while i < n:
        if cdata is not None:
            m = _CDATA_END[cdata].search(source, i)
            if m is None:
                return True  # html.parser leaves an unclosed script's content unread
            if _ENDTAGFIND.match(source, m.start()) is None:
                # "</ſcript>": the pattern folds case beyond ASCII ("ſ" is "s", "ı" and
                # "İ" are "i"), html.parser's end tag names do not: text, read on.
                sink.data(source[i : m.end()], i)
                i = m.end()
                continue
            j = m.start()
            if i < j:
                sink.data(source[i:j], i)
            sink.end(cdata)
            cdata = None
            i = m.end()
            continue
        # The common tokens, one match each, for as long as they run.
        # (``scanner``: matches one after another, each where the last ended; untyped.)
        for m in iter(_COMMON.scanner(source, i).match, None):  # type: ignore[attr-defined]
            group = m.lastindex
            if group == _TEXT:
                sink.data(m[1], i)
            elif group == _START_SLASH:
                tag = m[2].lower()
                text = m[3]
                attrs: Attrs = []
                if text and sink.wants_attrs(tag, text):
                    attrs = _plain_attrs(text)
                if m[4]:
                    sink.start_end(tag, attrs, i)
                else:
                    sink.start(tag, attrs, i)
                    if tag in _CDATA_END and sink.cdata(tag):
                        cdata = tag
                        i = m.end()
                        break
            elif group == _END:
                sink.end(m[5].lower())
            else:
                sink.entity(m[6], i)
            i = m.end()
        if cdata is not None or i >= n:
            continue
        m = _INTERESTING.search(source, i)
        j = n if m is None else m.start()
        if i < j:
            sink.data(source[i:j], i)
        if j == n:
            break
        i = j
        char = source[i + 1 : i + 2]
        if source[i] == "&":
            if char == "#":
                m = _CHARREF.match(source, i)
                if m is not None:
                    k = m.end()
                    sink.entity(m.group()[:-1], i)
                    i = k if source[k - 1] == ";" else k - 1
                    continue
                if find(";", i) >= 0:
                    sink.data("&#", i)
                    i += 2
                    if not closing:
                        closing = True  # feed() stopped here; close() goes on
                        continue
                # close() stops here too, and gives the rest as text
                if i < n:
                    sink.data(source[i:], i)
                return True
            m = _ENTITYREF.match(source, i)
            if m is not None:
                k = m.end()
                sink.entity("&" + m[1], i)
                i = k if source[k - 1] == ";" else k - 1
                continue
            m = _INCOMPLETE.match(source, i)
            if m is not None:
                # Only at the end of the page: close() gives it as text (an "&x" that
                # is all that is left loses its "&").
                i += m.group() == source[i:]
                if i < n:
                    sink.data(source[i:], i)
                return True
            sink.data("&", i)
            i += 1
            continue
        # source[i] == "<"
        if char in _LETTERS:
            k, cdata = _start_tag(source, i, sink)
        elif char == "/":
            k = _end_tag(source, i, sink)
        elif char == "!":
            if startswith("<!--", i):
                m = _COMMENTCLOSE.search(source, i + 4)
                k = -1 if m is None else m.end()
            elif startswith("<![", i):
                return False
            elif source[i : i + 9].lower() == "<!doctype":
                k = find(">", i + 9)
                k = k if k < 0 else k + 1
            else:  # a bogus comment
                k = find(">", i + 2)
                k = k if k < 0 else k + 1
        elif char == "?":
            k = find(">", i + 2)
            k = k if k < 0 else k + 1
        elif i + 1 < n:
            sink.data("<", i)
            k = i + 1
        else:
            break
        if k < 0:
            # feed() stops at a construct it cannot finish; close() gives it as text,
            # up to and with the next ">".
            closing = True
            k = find(">", i + 1)
            if k < 0:
                k = find("<", i + 1)
                k = i + 1 if k < 0 else k
            else:
                k += 1
            sink.data(source[i:k], i)
        i = k
    if i < n and cdata is None:
        sink.data(source[i:], i)
    return True


def _plain_attrs(text: str) -> Attrs:
    """The attributes of a plain start tag, as html.parser gives them."""
    return [
        (name.lower(), (unescape(double + single + bare) if equals else None))
        for name, equals, double, single, bare in _PLAIN_ATTR.findall(text)
    ]


def _start_tag(source: str, i: int, sink: Sink) -> tuple[int, str | None]:
    """html.parser's ``parse_starttag`` and ``check_for_whole_start_tag``: the end of
    the tag (-1: not finished), and the element whose content is now read raw."""
    m = _LOCATESTARTTAGEND.match(source, i)
    assert m is not None  # it matches "<" and a letter at least
    j = m.end()
    after = source[j : j + 1]
    if after == ">":
        endpos = j + 1
    elif after == "/":
        if source.startswith("/>", j):
            endpos = j + 2
        else:  # a "/" at the end of the buffer (after which "/>" is the only case)
            return -1, None
    elif after == "" or after in "abcdefghijklmnopqrstuvwxyz=/ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        return -1, None
    else:
        endpos = j if j > i else i + 1
    found = _TAGFIND.match(source, i + 1)
    assert found is not None
    k = found.end()
    tag = found[1].lower()
    attrs: Attrs = []
    while k < endpos:
        a = _ATTRFIND.match(source, k)
        if a is None:
            break
        name, rest, value = a.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        attrs.append((name.lower(), value))
        k = a.end()
    end = source[k:endpos].strip()
    if end not in (">", "/>"):
        sink.data(source[i:endpos], i)
        return endpos, None
    if end.endswith("/>"):
        sink.start_end(tag, attrs, i)
        return endpos, None
    sink.start(tag, attrs, i)
    return endpos, tag if tag in _CDATA_END and sink.cdata(tag) else None


def _end_tag(source: str, i: int, sink: Sink) -> int:
    """html.parser's ``parse_endtag`` for an end tag that is not plain ("</td x>",
    "</ td>", "</>"): where it ends (-1: not finished)."""
    gt = source.find(">", i + 1)
    if gt < 0:
        return -1
    found = _TAGFIND.match(source, i + 2)
    if found is None:
        if source.startswith("</>", i):
            return i + 3
        gt = source.find(">", i + 2)  # a bogus comment
        return -1 if gt < 0 else gt + 1
    gt = source.find(">", found.end())
    sink.end(found[1].lower())
    return gt + 1
