"""How deep a JSON document nests, measured on its bytes as they arrive (no parsing).

Python's JSON decoder recurses once per ``[``/``{``: a 100,000-deep document raises
``RecursionError`` (a 500 wherever nobody expected it). Every JSON body is measured here first, in
one place: the request-body middleware feeds each received chunk to a :class:`JsonDepthGauge`, and
code that inflates a compressed body calls :func:`ensure_json_depth` on the inflated bytes.
"""

from __future__ import annotations

import re

# No vexe document nests deeper than a handful of levels (a tap batch is 4); 32 leaves room.
JSON_DEPTH_MAX = 32

# Only the bytes that can change the depth or the string state: quotes, backslashes, brackets.
_STRUCTURAL = re.compile(rb'[\\"\[\]{}]')
_QUOTE, _BACKSLASH = ord('"'), ord("\\")
_OPENERS = frozenset(b"[{")


class JsonTooDeep(ValueError):
    """The document nests deeper than allowed."""

    def __init__(self, max_depth: int) -> None:
        super().__init__(f"JSON nests deeper than {max_depth} levels")
        self.max_depth = max_depth


class JsonDepthGauge:
    """Streaming depth check: call :meth:`feed` with consecutive chunks of one document.

    Brackets inside strings do not count; an escaped quote does not end a string. Malformed JSON
    is left to the parser: this only guarantees that nothing deeper than ``max_depth`` reaches it.
    """

    __slots__ = ("_depth", "_escaped_at", "_in_string", "_offset", "max_depth")

    def __init__(self, max_depth: int = JSON_DEPTH_MAX) -> None:
        self.max_depth = max_depth
        self._depth = 0
        self._in_string = False
        self._escaped_at = -1  # absolute offset of the character a backslash escapes
        self._offset = 0

    def feed(self, chunk: bytes) -> None:
        for match in _STRUCTURAL.finditer(chunk):
            at = self._offset + match.start()
            byte = chunk[match.start()]
            if self._in_string:
                if at == self._escaped_at:
                    continue
                if byte == _BACKSLASH:
                    self._escaped_at = at + 1
                elif byte == _QUOTE:
                    self._in_string = False
            elif byte == _QUOTE:
                self._in_string = True
            elif byte in _OPENERS:
                self._depth += 1
                if self._depth > self.max_depth:
                    raise JsonTooDeep(self.max_depth)
            elif byte != _BACKSLASH:
                self._depth = max(0, self._depth - 1)
        self._offset += len(chunk)


def ensure_json_depth(raw: bytes, max_depth: int = JSON_DEPTH_MAX) -> None:
    """Raise :class:`JsonTooDeep` when the whole document ``raw`` nests deeper than allowed."""
    JsonDepthGauge(max_depth).feed(raw)
