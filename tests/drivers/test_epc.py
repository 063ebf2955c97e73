# SPDX-License-Identifier: Apache-2.0
"""EPC decoding and SGTIN-96 encoding against the GS1 TDS examples, and the `station epc` CLI."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from drivers.epc import (
    MAX_SERIAL_96,
    EpcError,
    count_by_gtin,
    decode_epc,
    describe_epc,
    encode_sgtin96,
    sgtin96_uri,
)
from station.cli import main

# /work/shared/reference/epc-tds.md §7: hex, tag URI, GS1 element string.
VECTORS = [
    (
        "3074257BF7194E4000001A85",
        "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
        "(01)80614141123458(21)6789",
    ),
    (
        "3034257BF7194E4000001A85",
        "urn:epc:tag:sgtin-96:1.0614141.812345.6789",
        "(01)80614141123458(21)6789",
    ),
    (
        "3034257BF7194E4000003039",
        "urn:epc:tag:sgtin-96:1.0614141.812345.12345",
        "(01)80614141123458(21)12345",
    ),
    (
        "3036142C8C008F8000053244",
        "urn:epc:tag:sgtin-96:1.8719139.000574.340548",
        "(01)08719139005740(21)340548",
    ),
    (
        "30C579D5D4ADB60000000000",
        "urn:epc:tag:sgtin-96:6.50712192365.88.0",
        "(01)85071219236581(21)0",
    ),
    (
        "3154257BF4499602D2000000",
        "urn:epc:tag:sscc-96:2.0614141.1234567890",
        "(00)106141412345678908",
    ),
    (
        "31583BF982DFDC1C35000000",
        "urn:epc:tag:sscc-96:2.061414.12345678901",
        "(00)106141423456789018",
    ),
    (
        "33B4257BF40C0E4000000190",
        "urn:epc:tag:grai-96:5.0614141.12345.400",
        "(8003)00614141123452400",
    ),
    (
        "3300393243FF743FFFFFFFFF",
        "urn:epc:tag:grai-96:0.061414113245..274877906943",
        "(8003)00614141132454274877906943",
    ),
    (
        "3434257BF400000000BC6038",
        "urn:epc:tag:giai-96:1.0614141.12345400",
        "(8004)061414112345400",
    ),
    (
        "3674257BF6B7A659B2C2BF1000000000000000000000000000",
        "urn:epc:tag:sgtin-198:3.0614141.712345.32a%2Fb",
        "(01)70614141123451(21)32a/b",
    ),
]


@pytest.mark.parametrize(("hex_text", "tag_uri", "element_string"), VECTORS)
def test_standard_examples_decode(hex_text: str, tag_uri: str, element_string: str) -> None:
    info = decode_epc(hex_text.lower())
    assert info.error is None
    assert info.hex == hex_text
    assert info.tag_uri == tag_uri
    assert info.fields["element_string"] == element_string
    prefix, rest = tag_uri.rsplit(":", 1)
    scheme = prefix.rsplit(":", 1)[1]
    filt, ident = rest.split(".", 1)
    assert info.scheme == scheme
    assert info.filter == int(filt)  # read from the bits: libraries that default it are wrong
    assert info.pure_uri == f"urn:epc:id:{scheme.split('-')[0]}:{ident}"


def test_annex_e_example_fields() -> None:
    info = decode_epc("3074257BF7194E4000001A85")
    assert info.to_json() == {
        "hex": "3074257BF7194E4000001A85",
        "scheme": "sgtin-96",
        "pure_uri": "urn:epc:id:sgtin:0614141.812345.6789",
        "tag_uri": "urn:epc:tag:sgtin-96:3.0614141.812345.6789",
        "filter": 3,
        "gtin": "80614141123458",
        "serial": "6789",
        "company_prefix": "0614141",
        "item_reference": "812345",
        "element_string": "(01)80614141123458(21)6789",
    }


def test_sscc_grai_giai_keys() -> None:
    assert decode_epc("3154257BF4499602D2000000").fields["sscc"] == "106141412345678908"
    grai = decode_epc("33B4257BF40C0E4000000190").fields
    assert (grai["grai"], grai["serial"], grai["asset_type"]) == (
        "00614141123452400",
        "400",
        "12345",
    )
    assert decode_epc("3434257BF400000000BC6038").fields["giai"] == "061414112345400"


@pytest.mark.parametrize(
    "hex_text",
    ["E28011606000020000000000", "3284257BF400000000000000", "AABBCCDD", "00" * 12],
)
def test_unknown_schemes_are_kept_raw_not_errors(hex_text: str) -> None:
    info = decode_epc(hex_text)
    assert info.error is None and info.ok
    assert info.to_json() == {
        "hex": hex_text,
        "scheme": "unknown",
        "raw_uri": f"urn:epc:raw:{len(hex_text) * 4}.x{hex_text}",
    }
    assert describe_epc(hex_text)["label"].endswith(hex_text)


@pytest.mark.parametrize(
    ("hex_text", "reason"),
    [
        ("3074257BF7194E4000001A", "needs 96 bits"),  # truncated
        ("307C257BF7194E4000001A85", "partition value 7"),
        ("3154257BF4499602D2000001", "unallocated bits"),
        ("3074257BF7194E4000001A8", "not an EPC in hex"),  # odd length
        ("30-74-25-XX", "not an EPC in hex"),
        ("", "not an EPC in hex"),
    ],
)
def test_invalid_epcs_report_an_error(hex_text: str, reason: str) -> None:
    info = decode_epc(hex_text)
    assert info.error is not None and reason in info.error
    assert "error" in info.to_json()


def test_input_forms_are_normalised() -> None:
    for form in ("30 74 25 7b f7 19 4e 40 00 00 1a 85", "0x3074257BF7194E4000001A85"):
        assert decode_epc(form).tag_uri == "urn:epc:tag:sgtin-96:3.0614141.812345.6789"
    assert decode_epc(bytes.fromhex("3074257BF7194E4000001A85")).fields["serial"] == "6789"


def test_describe_for_lookup() -> None:
    described = describe_epc("3074257BF7194E4000001A85")
    assert described["label"] == "GTIN 80614141123458 serial 6789"
    assert described["gtin"] == "80614141123458"
    assert described["filter_name"] == "reserved"
    case = describe_epc(encode_sgtin96("16975123000019", 7, 7, 2))
    assert case["label"] == "GTIN 16975123000019 serial 7"
    assert case["filter_name"] == "full case for transport"
    assert describe_epc("307C257BF7194E4000001A85")["label"].startswith("undecodable sgtin-96")


def test_encode_annex_e_example() -> None:
    assert encode_sgtin96("80614141123458", "6789", 7, 3) == "3074257BF7194E4000001A85"
    assert encode_sgtin96("80614141123458", 12345, 7, 1) == "3034257BF7194E4000003039"
    assert encode_sgtin96("08719139005740", 340548, 7, 1) == "3036142C8C008F8000053244"
    assert sgtin96_uri("80614141123458", 6789, 7) == "urn:epc:id:sgtin:0614141.812345.6789"


@pytest.mark.parametrize(
    ("gtin", "serial", "cpl", "filt", "reason"),
    [
        ("80614141123458", "06789", 7, 1, "leading zeros"),
        ("80614141123458", str(MAX_SERIAL_96 + 1), 7, 1, "2^38"),
        ("80614141123458", "12A", 7, 1, "not numeric"),
        ("80614141123459", "1", 7, 1, "check digit"),
        ("8061414112345", "1", 7, 1, "check digit"),
        ("80614141123458", "1", 5, 1, "6 to 12"),
        ("80614141123458", "1", 7, 8, "0 to 7"),
        ("ABC", "1", 7, 1, "digits"),
    ],
)
def test_encode_refuses_with_reason(
    gtin: str, serial: str, cpl: int, filt: int, reason: str
) -> None:
    with pytest.raises(EpcError, match=reason.replace("^", r"\^")):
        encode_sgtin96(gtin, serial, cpl, filt)


def _gtin14(body13: str) -> str:
    total = sum(int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(body13)))
    return body13 + str((10 - total % 10) % 10)


@settings(max_examples=300, deadline=None)
@given(
    body=st.text(alphabet="0123456789", min_size=13, max_size=13),
    serial=st.integers(min_value=0, max_value=MAX_SERIAL_96),
    cpl=st.integers(min_value=6, max_value=12),
    filt=st.integers(min_value=0, max_value=7),
)
def test_encode_decode_round_trip(body: str, serial: int, cpl: int, filt: int) -> None:
    gtin = _gtin14(body)
    epc = encode_sgtin96(gtin, str(serial), cpl, filt)
    assert len(epc) == 24
    info = decode_epc(epc)
    assert info.error is None
    assert (info.fields["gtin"], info.fields["serial"], info.filter) == (gtin, str(serial), filt)
    assert len(info.fields["company_prefix"]) == cpl
    assert info.pure_uri == sgtin96_uri(gtin, serial, cpl)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=40))
def test_arbitrary_bytes_never_crash(data: bytes) -> None:
    info = decode_epc(data)
    assert isinstance(info.to_json(), dict)
    assert isinstance(describe_epc(data.hex()), dict)


@settings(max_examples=300, deadline=None)
@given(st.binary(min_size=12, max_size=12).map(lambda b: b"\x30" + b[1:]))
def test_any_sgtin96_bits_decode_or_report(data: bytes) -> None:
    info = decode_epc(data)
    assert info.scheme == "sgtin-96"
    if info.error is None:
        assert info.fields["gtin"] and info.tag_uri and info.pure_uri


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_never_crashes(text: str) -> None:
    assert isinstance(decode_epc(text).to_json(), dict)


# -- station epc ------------------------------------------------------------------------


def test_cli_decode_json(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["epc", "decode", "--json", "3074257BF7194E4000001A85", "E2801160600002000000"])
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert lines[0]["scheme"] == "sgtin-96" and lines[0]["gtin"] == "80614141123458"
    assert lines[0]["filter"] == 3 and lines[0]["serial"] == "6789"
    assert lines[1] == {
        "hex": "E2801160600002000000",
        "scheme": "unknown",
        "raw_uri": "urn:epc:raw:80.xE2801160600002000000",
    }


def test_cli_decode_error_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["epc", "decode", "--json", "3154257BF4499602D2000000", "nothex"])
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert code == 1
    assert first["sscc"] == "106141412345678908" and "error" not in first
    assert second["error"] == "not an EPC in hex"


def test_cli_decode_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["epc", "decode", "33B4257BF40C0E4000000190"]) == 0
    out = capsys.readouterr().out
    assert "GRAI 00614141123452400" in out and "urn:epc:tag:grai-96:5.0614141.12345.400" in out


def test_cli_encode(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["epc", "encode", "--gtin", "80614141123458", "--serial", "6789"]
    assert main([*args, "--company-prefix-length", "7", "--filter", "3"]) == 0
    assert capsys.readouterr().out.strip() == "3074257BF7194E4000001A85"
    assert main([*args, "--company-prefix-length", "7", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["tag_uri"].startswith("urn:epc:tag:sgtin-96:1.")


@pytest.mark.parametrize(
    ("serial", "reason"), [("0042", "leading zeros"), ("274877906944", "2^38")]
)
def test_cli_encode_refuses_serial(
    serial: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["epc", "encode", "--gtin", "06975123000012", "--serial", serial]
        + ["--company-prefix-length", "7"]
    )
    captured = capsys.readouterr()
    assert code == 1 and captured.out == ""
    assert captured.err.startswith("station: ") and reason in captured.err


def test_bulk_count_by_gtin() -> None:
    unit = [encode_sgtin96("06975123000012", n, 7, 1) for n in range(1, 13)]
    case = [encode_sgtin96("16975123000019", n, 7, 2) for n in (5, 6)]
    other = ["3154257BF4499602D2000000", "E28011606000020000000000", "zz"]
    count = count_by_gtin([*unit, *case, *unit[:4], *other])  # a round may repeat tags
    assert count.items == {"06975123000012": 12, "16975123000019": 2}
    assert count.serials["16975123000019"] == ["5", "6"]
    assert count.serials["06975123000012"][:3] == ["1", "2", "3"]
    assert count.others == ["3154257BF4499602D2000000", "E28011606000020000000000", "zz"]


def test_iso_toggle_in_pc_means_not_a_gs1_epc() -> None:
    assert decode_epc("3074257BF7194E4000001A85", pc=0x3000).scheme == "sgtin-96"
    iso = decode_epc("3074257BF7194E4000001A85", pc=0x3100)
    assert iso.scheme == "unknown" and iso.ok and iso.raw_uri is not None
