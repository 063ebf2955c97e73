# SPDX-License-Identifier: Apache-2.0
"""A small ZPL reader for the label tests: fields, and barcodes' element strings rebuilt from
their ``^FD`` data by the rules of Zebra's ZPL II Programming Guide.

* ``^BC`` (Code 128): ``>9`` ``>:`` ``>;`` start code sets A/B/C; ``>8`` is FNC1 (first: the
  GS1 marker, scanners send ``]C1``; later: a separator, sent as GS); ``>5`` ``>6`` ``>7``
  switch code sets and carry no data; ``>0`` ``><`` ``>=`` are ``>`` ``^`` ``~``. Digits in
  code set C are digit pairs, so the text is the same in every set. With the ``e`` parameter
  (UCC check digit) set to Y, the printer appends the mod-10 check digit.
* ``^BX`` quality 200 (Data Matrix): if ``^FH`` is used, hexadecimal processing (the ``^FH``
  indicator and two hex digits) happens *before* escape processing; the escape character is
  the ``g`` parameter (``_`` if omitted): ``_1`` FNC1, ``__`` an underscore, ``_dNNN`` a
  character by decimal value, ``_X`` the control character X - 64 (``_@`` NUL, ``_]`` GS).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from drivers.gs1.check_digit import gs1_check_digit

GS = "\x1d"


@dataclass
class Field:
    """One ``^FO``...``^FS`` field: origin, the commands in it and the raw ``^FD`` data."""

    origin: tuple[int, int] | None = None
    commands: dict[str, list[str]] = field(default_factory=dict)
    data: str | None = None

    def params(self, name: str) -> list[str]:
        return self.commands.get(name, [])


@dataclass
class Label:
    """One ``^XA``...``^XZ`` format."""

    settings: dict[str, list[str]] = field(default_factory=dict)
    fields: list[Field] = field(default_factory=list)

    def barcodes(self) -> list[Field]:
        return [f for f in self.fields if "BC" in f.commands or "BX" in f.commands]


def _split(text: str) -> list[tuple[str, str]]:
    """(command, argument text) pairs in order; ``^FD`` data runs up to the next ``^FS``."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(text):
        if text[i] not in "^~":
            i += 1
            continue
        name = text[i + 1 : i + 3]
        if name == "FD" or name == "FV":
            end = text.index("^FS", i)
            out.append(("FD", text[i + 3 : end]))
            i = end
            continue
        j = i + 3
        while j < len(text) and text[j] not in "^~":
            j += 1
        out.append((name, text[i + 3 : j].strip()))
        i = j
    return out


def read_zpl(text: str) -> list[Label]:
    """Every label format in ``text``."""
    labels: list[Label] = []
    label: Label | None = None
    current = Field()
    for name, arg in _split(text):
        if name == "XA":
            label, current = Label(), Field()
        elif label is None:
            continue
        elif name == "XZ":
            labels.append(label)
            label = None
        elif name in ("FO", "FT"):
            x, y = (int(v or 0) for v in (arg.split(",") + ["0"])[:2])
            current.origin = (x, y)
        elif name == "FD":
            current.data = arg
        elif name == "FS":
            label.fields.append(current)
            current = Field()
        elif current.origin is not None or name in ("BY", "FH", "RF", "RS"):
            current.commands[name] = arg.split(",") if arg else []
        else:
            label.settings[name] = arg.split(",") if arg else []
    return labels


def bc_element_string(data: str, params: list[str]) -> tuple[bool, str]:
    """(FNC1 first?, element string with GS separators) of a ``^BC`` field's data."""
    e = params[4] if len(params) > 4 else "N"
    fnc1_first, out = False, []
    i = 0
    if data[:2] in (">9", ">:", ">;"):
        i = 2
    invoke = {"0": ">", "<": "^", "=": "~"}
    while i < len(data):
        ch = data[i]
        if ch == ">":
            code = data[i + 1]
            i += 2
            if code == "8":
                if not out and not fnc1_first:
                    fnc1_first = True
                else:
                    out.append(GS)
            elif code in invoke:
                out.append(invoke[code])
            elif code not in "567":
                raise ValueError(f"invocation >{code} has no place in GS1 data")
        else:
            out.append(ch)
            i += 1
    text = "".join(out)
    if e == "Y":
        text += str(gs1_check_digit(text[-17:]))
    return fnc1_first, text


def bx_element_string(data: str, escape: str = "_", fh: str | None = None) -> tuple[bool, str]:
    """(FNC1 first?, element string) of a quality-200 ``^BX`` field (``fh``: the ``^FH``
    indicator when ``^FH`` applies to the field)."""
    if fh is not None:
        data = re.sub(re.escape(fh) + "([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), data)
    fnc1_first, out = False, []
    i = 0
    while i < len(data):
        ch = data[i]
        if ch != escape:
            out.append(ch)
            i += 1
            continue
        code = data[i + 1]
        if code == "1":
            if not out and not fnc1_first:
                fnc1_first = True
            else:
                out.append(GS)
            i += 2
        elif code == escape:
            out.append(escape)
            i += 2
        elif code == "d":
            out.append(chr(int(data[i + 2 : i + 5])))
            i += 5
        elif "@" <= code <= "_":
            out.append(chr(ord(code) - 64))
            i += 2
        else:
            raise ValueError(f"escape {escape}{code} has no place in GS1 data")
    return fnc1_first, "".join(out)


def element_string(f: Field) -> tuple[bool, str]:
    """The element string of a ``^BC`` or ``^BX`` field, by the guide's rules."""
    assert f.data is not None
    fh = None
    if "FH" in f.commands:
        fh = (f.params("FH") or ["_"])[0] or "_"
    if "BX" in f.commands:
        params = f.params("BX")
        escape = params[6] if len(params) > 6 and params[6] else "_"
        return bx_element_string(f.data, escape, fh)
    return bc_element_string(f.data, f.params("BC"))


def gfa_bitmap(f: Field) -> npt.NDArray[np.bool_]:
    """The image of a ``^GFA`` field (True = black), by the guide's ASCII compression: ``G``-``Y``
    repeat the next hex digit 1-19 times, ``g``-``z`` 20-400 times (in twenties, added up);
    ``,`` fills the rest of the row with 0, ``!`` with F; ``:`` repeats the previous row."""
    params = f.params("GF")
    assert params[0] == "A", params
    total, bytes_per_row = int(params[1]), int(params[3])
    data = ",".join(params[4:])
    hex_per_row = 2 * bytes_per_row
    rows: list[str] = []
    row, count = "", 0
    for ch in data:
        if "G" <= ch <= "Y":
            count += ord(ch) - ord("G") + 1
        elif "g" <= ch <= "z":
            count += 20 * (ord(ch) - ord("g") + 1)
        elif ch in ",!:":
            if ch == ":":
                rows.append(rows[-1])
                continue
            rows.append(row.ljust(hex_per_row, "0" if ch == "," else "F"))
            row = ""
        else:
            row += ch * max(count, 1)
            count = 0
        if len(row) == hex_per_row:
            rows.append(row)
            row = ""
    assert len(rows) * bytes_per_row == total, (len(rows), bytes_per_row, total)
    packed = np.array([list(bytes.fromhex(r)) for r in rows], dtype=np.uint8)
    return np.unpackbits(packed, axis=1).astype(bool)


def graphic_symbols(label: Label) -> list[tuple[str, Field]]:
    """The GS1-128 symbols drawn as graphics (``^FX GS1-128 <HRI> as a graphic ...``): (HRI,
    field) in field order."""
    out = []
    for f in label.fields:
        note = " ".join(f.params("FX"))
        if "GF" in f.commands and note.startswith("GS1-128 "):
            out.append((note.split(" ")[1], f))
    return out


def graphic_element_string(f: Field) -> tuple[bool, str]:
    """(FNC1 first?, element string) of a GS1-128 drawn as a ``^GF`` graphic, decoded from its
    bitmap by zxing-cpp after adding the quiet zones a label gives it."""
    import zxingcpp

    bits = gfa_bitmap(f)
    quiet = np.zeros((bits.shape[0], 200), dtype=bool)
    image = np.where(np.hstack([quiet, bits, quiet]), 0, 255).astype(np.uint8)
    (read,) = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    return read.content_type == zxingcpp.ContentType.GS1, read.text
