# SPDX-License-Identifier: Apache-2.0
"""The GS1 Application Identifier table: every AI of the GS1 General Specifications.

Each AI has a format made of *components* (``N14``, ``X..20``, optional ``[X..16]``): a
character set (``N`` digits, ``X`` CSET 82, ``Y`` CSET 39, ``Z`` CSET 64), a fixed or
maximum length, and content checks (``csum`` mod-10 check digit, ``csumalpha`` check
character pair, ``yymmd0``/``yymmdd`` dates, ``hhmi`` times, ...). Flags:

* ``*`` predefined length: the AI never needs a separator after it (GenSpecs Fig. 7.8.4-2);
* ``?`` permitted as a GS1 Digital Link query attribute;
* ``pk`` / ``pk=22,10,21|235``: a Digital Link primary key and its ordered qualifier paths;
* ``ex=...``: AIs (or ``310n``/``31nn`` patterns) that must not appear in the same scan.

The rows were transcribed from the GS1 Barcode Syntax Dictionary
(https://github.com/gs1/gs1-syntax-dictionary, Apache-2.0, GS1 AISBL), which decomposes the
GenSpecs AI table. Mandatory-association rules (``req=``) are deliberately not carried: a
single symbol legitimately holds only part of a product's data (see docs/gs1.md).

Contracts: :data:`AI_TABLE` is immutable after import; :func:`lookup_ai` never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

__all__ = [
    "AI_TABLE",
    "PREDEFINED_LENGTH_PREFIXES",
    "AiSpec",
    "Component",
    "ai_length_for_prefix",
    "lookup_ai",
    "match_ai_at",
]


@dataclass(frozen=True, slots=True)
class Component:
    """One part of an AI's data field.

    ``charset`` is ``"N"``, ``"X"``, ``"Y"`` or ``"Z"``; ``min_len == max_len`` for a fixed
    component; ``optional`` components may be absent once the data is exhausted;
    ``checks`` names the content rules applied to the component (see ``linters.py``).
    """

    charset: str
    min_len: int
    max_len: int
    optional: bool
    checks: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AiSpec:
    """The definition of one Application Identifier."""

    ai: str
    title: str
    components: tuple[Component, ...]
    predefined_length: bool
    dl_attribute: bool
    dl_primary_key: bool
    dl_qualifier_paths: tuple[tuple[str, ...], ...]
    excludes: tuple[str, ...]

    @property
    def min_len(self) -> int:
        """Shortest valid data length."""
        return sum(c.min_len for c in self.components if not c.optional)

    @property
    def max_len(self) -> int:
        """Longest valid data length."""
        return sum(c.max_len for c in self.components)

    @property
    def fixed_length(self) -> bool:
        """True when the data field has exactly one valid length."""
        return self.min_len == self.max_len

    @property
    def needs_separator(self) -> bool:
        """True when a following element string must be preceded by FNC1/GS."""
        return not self.predefined_length

    @property
    def has_decimal_point(self) -> bool:
        """True for measure/amount AIs whose last digit gives the implied decimals."""
        return len(self.ai) == 4 and ("3100" <= self.ai <= "3695" or "3900" <= self.ai <= "3955")


PREDEFINED_LENGTH_PREFIXES: Final[dict[str, int]] = {
    **{p: 20 for p in ("00",)},
    **{p: 16 for p in ("01", "02", "03", "41")},
    "04": 18,
    **{p: 8 for p in ("11", "12", "13", "14", "15", "16", "17", "18", "19")},
    "20": 4,
    **{p: 10 for p in ("31", "32", "33", "34", "35", "36")},
}
"""GenSpecs Fig. 7.8.4-2: two-digit AI prefix -> total length (AI + data) needing no GS."""

_SPEC: Final[str] = """
00        *? N18,csum                          pk                 | SSCC
01        *? N14,csum                          ex=255,37 pk=22,10,21|235 | GTIN
02        *? N14,csum                          ex=01,03           | CONTENT
03        *  N14,csum                          ex=01,02,37        | MTO GTIN
10         ? X..20                                                | BATCH/LOT
11        *? N6,yymmd0                                            | PROD DATE
12        *? N6,yymmd0                                            | DUE DATE
13        *? N6,yymmd0                                            | PACK DATE
15        *? N6,yymmd0                                            | BEST BEFORE or BEST BY
16        *? N6,yymmd0                                            | SELL BY
17        *? N6,yymmd0                                            | USE BY or EXPIRY
20        *? N2                                                   | VARIANT
21           X..20                             ex=235             | SERIAL
22           X..20                                                | CPV
235          X..28                                                | TPX
240        ? X..30                                                | ADDITIONAL ID
241        ? X..30                                                | CUST. PART No.
242        ? N..6                                                 | MTO VARIANT
243        ? X..20                                                | PCN
250        ? X..30                                                | SECONDARY SERIAL
251        ? X..30                                                | REF. TO SOURCE
253        ? N13,csum [X..17]                  pk                 | GDTI
254          X..20                                                | GLN EXTENSION COMPONENT
255        ? N13,csum [N..12]                  pk ex=01,02,415,8006,8020,8026 | GCN
30         ? N..8                                                 | VAR. COUNT
3100-3105 *? N6                                ex=310n            | NET WEIGHT (kg)
3110-3115 *? N6                                ex=311n            | LENGTH (m)
3120-3125 *? N6                                ex=312n            | WIDTH (m)
3130-3135 *? N6                                ex=313n            | HEIGHT (m)
3140-3145 *? N6                                ex=314n            | AREA (m2)
3150-3155 *? N6                                ex=315n            | NET VOLUME (l)
3160-3165 *? N6                                ex=316n            | NET VOLUME (m3)
3200-3205 *? N6                                ex=320n            | NET WEIGHT (lb)
3210-3215 *? N6                                ex=321n            | LENGTH (in)
3220-3225 *? N6                                ex=322n            | LENGTH (ft)
3230-3235 *? N6                                ex=323n            | LENGTH (yd)
3240-3245 *? N6                                ex=324n            | WIDTH (in)
3250-3255 *? N6                                ex=325n            | WIDTH (ft)
3260-3265 *? N6                                ex=326n            | WIDTH (yd)
3270-3275 *? N6                                ex=327n            | HEIGHT (in)
3280-3285 *? N6                                ex=328n            | HEIGHT (ft)
3290-3295 *? N6                                ex=329n            | HEIGHT (yd)
3300-3305 *? N6                                ex=330n            | GROSS WEIGHT (kg)
3310-3315 *? N6                                ex=331n            | LENGTH (m), log
3320-3325 *? N6                                ex=332n            | WIDTH (m), log
3330-3335 *? N6                                ex=333n            | HEIGHT (m), log
3340-3345 *? N6                                ex=334n            | AREA (m2), log
3350-3355 *? N6                                ex=335n            | VOLUME (l), log
3360-3365 *? N6                                ex=336n            | VOLUME (m3), log
3370-3375 *? N6                                ex=337n            | KG PER m2
3400-3405 *? N6                                ex=340n            | GROSS WEIGHT (lb)
3410-3415 *? N6                                ex=341n            | LENGTH (in), log
3420-3425 *? N6                                ex=342n            | LENGTH (ft), log
3430-3435 *? N6                                ex=343n            | LENGTH (yd), log
3440-3445 *? N6                                ex=344n            | WIDTH (in), log
3450-3455 *? N6                                ex=345n            | WIDTH (ft), log
3460-3465 *? N6                                ex=346n            | WIDTH (yd), log
3470-3475 *? N6                                ex=347n            | HEIGHT (in), log
3480-3485 *? N6                                ex=348n            | HEIGHT (ft), log
3490-3495 *? N6                                ex=349n            | HEIGHT (yd), log
3500-3505 *? N6                                ex=350n            | AREA (in2)
3510-3515 *? N6                                ex=351n            | AREA (ft2)
3520-3525 *? N6                                ex=352n            | AREA (yd2)
3530-3535 *? N6                                ex=353n            | AREA (in2), log
3540-3545 *? N6                                ex=354n            | AREA (ft2), log
3550-3555 *? N6                                ex=355n            | AREA (yd2), log
3560-3565 *? N6                                ex=356n            | NET WEIGHT (t oz)
3570-3575 *? N6                                ex=357n            | NET VOLUME (oz)
3600-3605 *? N6                                ex=360n            | NET VOLUME (qt)
3610-3615 *? N6                                ex=361n            | NET VOLUME (gal.)
3620-3625 *? N6                                ex=362n            | VOLUME (qt), log
3630-3635 *? N6                                ex=363n            | VOLUME (gal.), log
3640-3645 *? N6                                ex=364n            | VOLUME (in3)
3650-3655 *? N6                                ex=365n            | VOLUME (ft3)
3660-3665 *? N6                                ex=366n            | VOLUME (yd3)
3670-3675 *? N6                                ex=367n            | VOLUME (in3), log
3680-3685 *? N6                                ex=368n            | VOLUME (ft3), log
3690-3695 *? N6                                ex=369n            | VOLUME (yd3), log
37         ? N..8                                                 | COUNT
3900-3909  ? N..15                             ex=390n,391n,394n,8111 | AMOUNT
3910-3919  ? N3 N..15                          ex=391n            | AMOUNT
3920-3929  ? N..15                             ex=392n,393n       | PRICE
3930-3939  ? N3 N..15                          ex=393n            | PRICE
3940-3943  ? N4                                ex=394n,8111       | PRCNT OFF
3950-3955  ? N6                                ex=392n,393n,395n,8005 | PRICE/UoM
400        ? X..30                                                | ORDER NUMBER
401        ? X..30,key                         pk                 | GINC
402        ? N17,csum                          pk                 | GSIN
403        ? X..30                                                | ROUTE
410       *? N13,csum                                             | SHIP TO LOC
411       *? N13,csum                                             | BILL TO
412       *? N13,csum                                             | PURCHASE FROM
413       *? N13,csum                                             | SHIP FOR LOC
414       *? N13,csum                          pk=254|7040        | LOC No.
415       *? N13,csum                          pk=8020            | PAY TO
416       *? N13,csum                                             | PROD/SERV LOC
417       *? N13,csum                          pk=7040            | PARTY
420        ? X..20                             ex=421             | SHIP TO POST
421        ? N3 X..9                           ex=4307            | SHIP TO POST
422        ? N3                                ex=426             | ORIGIN
423        ? N3 [N3] [N3] [N3] [N3]            ex=426             | COUNTRY - INITIAL PROCESS
424        ? N3                                ex=426             | COUNTRY - PROCESS
425        ? N3 [N3] [N3] [N3] [N3]            ex=426             | COUNTRY - DISASSEMBLY
426        ? N3                                                   | COUNTRY - FULL PROCESS
427        ? X..3                                                 | ORIGIN SUBDIVISION
4300       ? X..35,pcenc                                          | SHIP TO COMP
4301       ? X..35,pcenc                                          | SHIP TO NAME
4302       ? X..70,pcenc                                          | SHIP TO ADD1
4303       ? X..70,pcenc                                          | SHIP TO ADD2
4304       ? X..70,pcenc                                          | SHIP TO SUB
4305       ? X..70,pcenc                                          | SHIP TO LOC
4306       ? X..70,pcenc                                          | SHIP TO REG
4307       ? X2,alpha2                                            | SHIP TO COUNTRY
4308       ? X..30                                                | SHIP TO PHONE
4309       ? N10,latitude N10,longitude                           | SHIP TO GEO
4310       ? X..35,pcenc                                          | RTN TO COMP
4311       ? X..35,pcenc                                          | RTN TO NAME
4312       ? X..70,pcenc                                          | RTN TO ADD1
4313       ? X..70,pcenc                                          | RTN TO ADD2
4314       ? X..70,pcenc                                          | RTN TO SUB
4315       ? X..70,pcenc                                          | RTN TO LOC
4316       ? X..70,pcenc                                          | RTN TO REG
4317       ? X2,alpha2                                            | RTN TO COUNTRY
4318       ? X..20                                                | RTN TO POST
4319       ? X..30                                                | RTN TO PHONE
4320       ? X..35,pcenc                                          | SRV DESCRIPTION
4321       ? N1,yesno                                             | DANGEROUS GOODS
4322       ? N1,yesno                                             | AUTH TO LEAVE
4323       ? N1,yesno                                             | SIG REQUIRED
4324       ? N6,yymmd0 N4,hhmi                                    | NOT BEF DEL DT
4325       ? N6,yymmd0 N4,hhmi                                    | NOT AFT DEL DT
4326       ? N6,yymmdd                                            | REL DATE
4330       ? N6 [X1],hyphen                    ex=4331            | MAX TEMP F.
4331       ? N6 [X1],hyphen                    ex=4330            | MAX TEMP C.
4332       ? N6 [X1],hyphen                    ex=4333            | MIN TEMP F.
4333       ? N6 [X1],hyphen                    ex=4332            | MIN TEMP C.
7001       ? N13                                                  | NSN
7002       ? X..30                                                | MEAT CUT
7003       ? N6,yymmdd N4,hhmi                                    | EXPIRY TIME
7004       ? N..4                                                 | ACTIVE POTENCY
7005       ? X..12                                                | CATCH AREA
7006       ? N6,yymmdd                                            | FIRST FREEZE DATE
7007       ? N6,yymmdd [N6],yymmdd                                | HARVEST DATE
7008       ? X..3                                                 | AQUATIC SPECIES
7009       ? X..10                                                | FISHING GEAR TYPE
7010       ? X..2                                                 | PROD METHOD
7011       ? N6,yymmdd [N4],hhmi                                  | TEST BY DATE
7020       ? X..20                                                | REFURB LOT
7021       ? X..20                                                | FUNC STAT
7022       ? X..20                                                | REV STAT
7023       ? X..30,key                                            | GIAI - ASSEMBLY
7030-7039  ? N3 X..27                                             | PROCESSOR # {n}
7040         N1 X1 X1 X1,importeridx                              | UIC+EXT
7041         X..4                                                 | UFRGT UNIT TYPE
710        ? X..20                                                | NHRN PZN
711        ? X..20                                                | NHRN CIP
712        ? X..20                                                | NHRN CN
713        ? X..20                                                | NHRN DRN
714        ? X..20                                                | NHRN AIM
715        ? X..20                                                | NHRN NDC
716        ? X..20                                                | NHRN AIC
7230-7239  ? X2 X..28                                             | CERT # {n1}
7240       ? X..20                                                | PROTOCOL
7241       ? N2                                                   | AIDC MEDIA TYPE
7242       ? X..25                                                | VCN
7250       ? N8,yyyymmdd                       ex=7251            | DOB
7251       ? N8,yyyymmdd N4,hhmi               ex=7250            | DOB TIME
7252       ? N1                                                   | BIO SEX
7253       ? X..40,pcenc                       ex=7256,7259       | FAMILY NAME
7254       ? X..40,pcenc                       ex=7256,7259       | GIVEN NAME
7255       ? X..10                             ex=7256,7259       | SUFFIX
7256       ? X..90,pcenc                                          | FULL NAME
7257       ? X..70,pcenc                                          | PERSON ADDR
7258       ? X3                                                   | BIRTH SEQUENCE
7259       ? X..40,pcenc                       ex=7256            | BABY
8001       ? N4,nonzero N5,nonzero N3,nonzero N1,winding N1        | DIMENSIONS
8002       ? X..20                                                | CMT No.
8003       ? N1,zero N13,csum [X..16]          pk                 | GRAI
8004       ? X..30,key                         pk=7040            | GIAI
8005       ? N6                                                   | PRICE PER UNIT
8006       ? N14,csum N4,pieceoftotal          ex=01,37 pk=22,10,21 | ITIP
8007       ? X..34,iban                                           | IBAN
8008       ? N6,yymmdd N2,hh [N2],mi [N2],ss                      | PROD TIME
8009       ? X..50                                                | OPTSEN
8010       ? Y..30,key                         pk=8011            | CPID
8011         N..12,nozeroprefix                                   | CPID SERIAL
8012       ? X..20                                                | VERSION
8013       ? X..25,csumalpha,key               pk                 | GMN
8014         X..25,csumalpha,key,hasnondigit                      | MUDI
8017       ? N18,csum                          ex=8018 pk=8019    | GSRN - PROVIDER
8018       ? N18,csum                          ex=8017 pk=8019    | GSRN - RECIPIENT
8019         N..10                                                | SRIN
8020         X..25                                                | REF No.
8026       ? N14,csum N4,pieceoftotal          ex=02,8006         | ITIP CONTENT
8030       ? Z..90                                                | DIGSIG
8110       ? X..70                                                | COUPON CODE (NORTH AMERICA)
8111       ? N4                                                   | POINTS
8112       ? X..70                                                | COUPON OFFER (NORTH AMERICA)
8200         X..70                                                | PRODUCT URL
90         ? X..30                                                | INTERNAL
91-99      ? X..90                                                | INTERNAL
"""

_COMPONENT_RE: Final[re.Pattern[str]] = re.compile(
    r"^(\[?)([NXYZ])(\.\.)?(\d+)(\]?)((?:,[a-z0-9]+)*)$"
)


def _parse_component(token: str) -> Component:
    match = _COMPONENT_RE.match(token)
    if match is None:
        raise ValueError(f"bad component {token!r}")
    opening, charset, dots, length, closing, checks = match.groups()
    max_len = int(length)
    return Component(
        charset=charset,
        min_len=1 if dots else max_len,
        max_len=max_len,
        optional=bool(opening) and bool(closing),
        checks=tuple(c for c in checks.split(",") if c),
    )


def _qualifier_paths(value: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(q for q in alt.split(",") if q) for alt in value.split("|"))


def _parse_row(line: str) -> list[AiSpec]:
    body, _, title = line.partition(" | ")
    tokens = body.split()
    ais = tokens.pop(0)
    flags = tokens.pop(0) if tokens and set(tokens[0]) <= {"*", "?"} else ""
    components: list[Component] = []
    excludes: tuple[str, ...] = ()
    paths: tuple[tuple[str, ...], ...] = ()
    primary = False
    for token in tokens:
        if token.startswith("ex="):
            excludes = tuple(token[3:].split(","))
        elif token == "pk" or token.startswith("pk="):
            primary = True
            paths = _qualifier_paths(token[3:]) if "=" in token else ()
        else:
            components.append(_parse_component(token))
    first, _, last = ais.partition("-")
    specs = []
    for number in range(int(first), int(last or first) + 1):
        ai = str(number).zfill(len(first))
        index = number - int(first)
        name = title.strip().replace("{n}", str(index)).replace("{n1}", str(index + 1))
        specs.append(
            AiSpec(
                ai=ai,
                title=name,
                components=tuple(components),
                predefined_length="*" in flags,
                dl_attribute="?" in flags,
                dl_primary_key=primary,
                dl_qualifier_paths=paths,
                excludes=excludes,
            )
        )
    return specs


def _build_table() -> dict[str, AiSpec]:
    table: dict[str, AiSpec] = {}
    for line in _SPEC.strip().splitlines():
        for spec in _parse_row(line):
            table[spec.ai] = spec
    return table


AI_TABLE: Final[dict[str, AiSpec]] = _build_table()
"""Every known AI -> its :class:`AiSpec`."""

_LENGTH_BY_PREFIX: Final[dict[str, int]] = {ai[:2]: len(ai) for ai in AI_TABLE}


def ai_length_for_prefix(prefix: str) -> int | None:
    """Length (2-4) of every AI starting with the two-digit ``prefix``, or ``None``."""
    return _LENGTH_BY_PREFIX.get(prefix[:2])


def lookup_ai(ai: str) -> AiSpec | None:
    """The spec of ``ai`` or ``None`` for unknown AIs. Never raises."""
    return AI_TABLE.get(ai)


def match_ai_at(data: str, pos: int) -> AiSpec | None:
    """The known AI that starts ``data`` at ``pos`` (digits only), or ``None``."""
    length = ai_length_for_prefix(data[pos : pos + 2])
    if length is None:
        return None
    candidate = data[pos : pos + length]
    if len(candidate) != length or not candidate.isascii() or not candidate.isdigit():
        return None
    return AI_TABLE.get(candidate)
