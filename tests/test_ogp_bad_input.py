"""``napkg import-ogp`` on damaged copies of an export: every bad input is an error (exit 2) that names
the file, the RFC 7111 row and what to do, or a bad row that is skipped; never a traceback."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from napkg.cli import main
from napkg.graph.errors import DataError
from napkg.graph.ogp import convert, import_ogp

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "ogp-commitments" / "ogp-commitments-sample.csv"
ODD_ROWS = Path(__file__).resolve().parent / "data" / "ogp-odd-rows.csv"
BAD_ROWS = Path(__file__).resolve().parent / "data" / "ogp-bad-rows.csv"


@pytest.fixture(scope="module")
def sample_rows() -> list[list[str]]:
    """The records of OGP's sample (header first), as the csv module reads them."""
    if not SAMPLE.exists():
        if os.environ.get("CI"):
            pytest.fail(f"the OGP sample is missing: {SAMPLE}")
        pytest.skip(f"the OGP sample is not beside the repository ({SAMPLE})")
    return list(csv.reader(io.StringIO(SAMPLE.read_text(encoding="utf-8-sig"), newline="")))


def _write(path: Path, rows: list[list[str]], *, delimiter: str = ",") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _import(capsys, *args: str) -> tuple[int, str]:
    code = main(["import-ogp", *args, "--quiet"])
    return code, capsys.readouterr().err


# Not UTF-8
# ---------------------------------------------------------------------------


def test_a_byte_that_is_not_utf8_is_refused_with_its_row_line_and_offset(sample_rows, tmp_path, capsys):
    data = SAMPLE.read_bytes()
    title = sample_rows[9][sample_rows[0].index("Commitment Title")]  # RFC 7111 row 10
    offset = data.index(title.encode("utf-8"))
    damaged = tmp_path / "export.csv"
    damaged.write_bytes(data[:offset] + b"Caf\xe9 " + data[offset:])
    line = data[:offset].count(b"\n") + 1
    assert line != 10  # cells before it hold line breaks: the row is not the line

    code, err = _import(capsys, str(damaged), "--out", str(tmp_path / "out"))

    assert code == 2
    assert f"{damaged}: row 10 (line {line}, byte {offset + 3}) is not UTF-8: byte 0xe9" in err
    assert "iconv -f WINDOWS-1252 -t UTF-8 export.csv > export-utf8.csv" in err
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_windows_1252_file_imports_once_converted_as_the_message_says(tmp_path, capsys):
    text = ODD_ROWS.read_text(encoding="utf-8-sig")
    latin = tmp_path / "odd.csv"
    latin.write_bytes(text.encode("cp1252"))

    code, err = _import(capsys, str(latin), "--out", str(tmp_path / "out"))
    assert code == 2 and "is not UTF-8" in err and "in Windows-1252, 'á'" in err

    converted = tmp_path / "odd-utf8.csv"
    converted.write_bytes(latin.read_bytes().decode("cp1252").encode("utf-8"))  # what iconv does
    assert main(["import-ogp", str(converted), "--out", str(tmp_path / "out"), "-q"]) == 0
    again, original = convert(converted), convert(ODD_ROWS)
    assert [p["activities"] for p in again.plans] == [p["activities"] for p in original.plans]
    assert again.bodies == original.bodies


# A cell too long for a cell
# ---------------------------------------------------------------------------


@pytest.fixture()
def one_megabyte_cell(sample_rows, tmp_path) -> tuple[Path, str]:
    """A copy of the sample whose row 6 holds a Full Text of 1,000,000 characters."""
    rows = [list(r) for r in sample_rows]
    rows[5][rows[0].index("Full Text")] = "x" * 1_000_000
    ident = rows[5][rows[0].index("Commitment Unique Identifier")]
    return _write(tmp_path / "long.csv", rows), ident


def test_a_one_megabyte_cell_skips_its_row_named_by_its_rfc7111_row(one_megabyte_cell, sample_rows):
    path, ident = one_megabyte_cell
    limit = csv.field_size_limit()

    conversion = convert(path)

    assert [(b.row, b.identifier) for b in conversion.bad_rows] == [(6, ident)]
    assert "'Full Text' cell holds 1,000,000 characters" in conversion.bad_rows[0].problem
    imported = {a["identifier"] for plan in conversion.plans for a in plan["activities"]}
    assert len(imported) == len(sample_rows) - 2 and ident not in imported
    assert csv.field_size_limit() == limit  # the csv module's limit is given back


def test_the_command_skips_the_long_row_by_default_and_fails_on_request(one_megabyte_cell, tmp_path, capsys):
    path, ident = one_megabyte_cell

    code, err = _import(capsys, str(path), "--out", str(tmp_path / "out"))
    assert code == 0 and f"skipped row 6 ({ident}): the 'Full Text' cell holds 1,000,000 characters" in err

    with pytest.raises(DataError, match=r"1 bad row\(s\); nothing written:\n  row 6 "):
        import_ogp(path, tmp_path / "strict", on_bad_row="fail")
    assert not (tmp_path / "strict").exists()


# Another separator
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("delimiter", "name"), [("\t", "tab"), (";", "semicolon")])
def test_a_file_with_another_separator_is_named_so(sample_rows, tmp_path, capsys, delimiter, name):
    path = _write(tmp_path / "export.txt", sample_rows[:20], delimiter=delimiter)

    code, err = _import(capsys, str(path), "--out", str(tmp_path / "out"))

    assert code == 2
    assert f"{path}: this looks {name}-separated ({len(sample_rows[0])} {name}-separated columns" in err
    assert "save the sheet as CSV (comma-separated, UTF-8)" in err
    assert "missing column" not in err


def test_a_folder_given_as_the_file_is_an_error(tmp_path, capsys):
    code, err = _import(capsys, str(tmp_path), "--out", str(tmp_path / "out"))
    assert code == 2 and f"{tmp_path}: is a folder" in err


# Where the import goes
# ---------------------------------------------------------------------------


def test_without_out_the_import_goes_to_imported_not_into_the_data_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    code, err = _import(capsys, str(BAD_ROWS))
    assert code == 0
    assert (tmp_path / "imported" / "import-report.json").is_file()
    assert "note:" not in err


def test_an_import_into_the_data_folder_says_what_it_changes_and_how_to_undo_it(tmp_path, monkeypatch, capsys):
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    monkeypatch.setenv("NAPKG_DATA_DIR", str(data))

    code, err = _import(capsys, str(BAD_ROWS), "--out", str(data / "ogp"))

    assert code == 0
    assert f"is inside the data folder {data}, which every command reads when it is given no --data" in err
    assert "these 2 plan(s) together with the reviewed edition" in err
    assert f"rm -r {data / 'ogp'}" in err
