# SPDX-License-Identifier: Apache-2.0
"""``station epc decode|encode``: what an RFID tag's EPC means, and SGTIN-96 EPCs to print.

Documented in docs/cli/epc.md. Exit codes: 0 done, 1 an EPC that could not be decoded or an
encoding that was refused (the reason on stderr), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys

from . import Command


def _configure(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="epc_action", metavar="ACTION", required=True)
    decode = actions.add_parser(
        "decode",
        help="decode EPCs (hex) to URIs and GS1 keys",
        description="Decode EPCs given in hex (SGTIN-96, SSCC-96, GRAI-96, GIAI-96, SGTIN-198).",
    )
    decode.add_argument(
        "hex", nargs="+", metavar="HEX", help="an EPC in hex (24 digits for 96 bits)"
    )
    decode.add_argument("--json", action="store_true", help="print one JSON object per EPC")
    encode = actions.add_parser(
        "encode",
        help="encode an SGTIN-96 EPC from a GTIN and serial",
        description="Print the SGTIN-96 EPC (hex) of a GTIN and a numeric serial.",
    )
    encode.add_argument("--gtin", required=True, help="GTIN-8, -12, -13 or -14")
    encode.add_argument("--serial", required=True, help="numeric serial, no leading zeros, < 2^38")
    encode.add_argument(
        "--company-prefix-length",
        type=int,
        required=True,
        metavar="N",
        help="digits of the GS1 company prefix in the GTIN (6-12)",
    )
    encode.add_argument(
        "--filter", type=int, default=1, metavar="F", help="filter value 0-7 (default 1: POS item)"
    )
    encode.add_argument("--json", action="store_true", help="print a JSON object with the URIs")


def _decode(args: argparse.Namespace) -> int:
    from drivers.epc import decode_epc, describe_epc

    failed = False
    for text in args.hex:
        info = decode_epc(text)
        failed = failed or info.error is not None
        if args.json:
            print(json.dumps(info.to_json(), ensure_ascii=False), flush=True)
            continue
        described = describe_epc(text)
        line = f"{info.hex}  {info.scheme:10} {described['label']}"
        if info.tag_uri:
            line += f"\n    {info.tag_uri}\n    {info.pure_uri}"
        print(line, flush=True)
    return 1 if failed else 0


def _encode(args: argparse.Namespace) -> int:
    from drivers.epc import EpcError, decode_epc, encode_sgtin96

    try:
        epc = encode_sgtin96(args.gtin, args.serial, args.company_prefix_length, args.filter)
    except EpcError as exc:
        print(f"station: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(decode_epc(epc).to_json(), ensure_ascii=False))
    else:
        print(epc)
    return 0


def _run(args: argparse.Namespace) -> int:
    return _decode(args) if args.epc_action == "decode" else _encode(args)


COMMANDS = {"epc": Command("decode RFID tag EPCs, or encode an SGTIN-96", _configure, _run)}
