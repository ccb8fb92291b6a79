"""A damaged data edition is an error (exit 2) that names the file, the place and what to do; one run lists them all."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from napkg.cli import main
from napkg.graph.edition import load_edition
from napkg.graph.errors import DataError
from napkg.graph.problems import EditionErrors
from napkg.graph.settings import DEFAULT_DATA_DIR

PLAN = "plans/az-2020-2022/plan.yaml"
BODIES = "plans/az-2020-2022/bodies.yaml"
LETTER = "plans/az-2020-2022/progress-2021-08-31.yaml"
SOURCE = "sources/nap-2020-2022.txt"


@pytest.fixture()
def data(tmp_path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, copy)
    return copy


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _latin1(path: Path, line: int) -> int:
    """Put a Windows-1252 é at the start of ``line``'s text; returns its byte offset."""
    lines = path.read_bytes().split(b"\n")
    offset = sum(len(x) + 1 for x in lines[: line - 1])
    lines[line - 1] = b"# caf\xe9 " + lines[line - 1]
    path.write_bytes(b"\n".join(lines))
    return offset + len(b"# caf")


@pytest.mark.parametrize("file", [PLAN, BODIES, LETTER, SOURCE])
def test_a_file_that_is_not_utf8_names_its_line_and_byte(file, data, tmp_path, capsys):
    offset = _latin1(data / file, 3)
    out = tmp_path / "out"
    assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert Path(file).name in err and "not UTF-8" in err
    assert f"line 3, byte offset {offset}" in err and "save the file as UTF-8" in err
    assert "Traceback" not in err and not out.exists()


@pytest.mark.parametrize("file", [PLAN, BODIES, LETTER])
def test_an_empty_file_is_said_to_be_empty(file, data, capsys):
    (data / file).write_bytes(b"")
    assert main(["validate", "--data", str(data), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert Path(file).name in err and "the file is empty" in err and "NoneType" not in err


def test_every_error_of_the_edition_is_reported_in_one_run(data, capsys):
    _edit(data / PLAN, "period: {start: 2020, end: 2020}", "period: {start: 2020, end: 2019}")
    _edit(data / PLAN, 'code: "1.2"', 'code: "1.1"')
    _edit(data / PLAN, "implementers: [ministry-of-finance]", "implementers: [ministry-of-finanse]")
    _edit(data / BODIES, "name: Supreme Court", "name: Milli Majlis")
    _edit(data / LETTER, "status: complete", "status: finished")
    with pytest.raises(EditionErrors) as caught:
        load_edition(data)
    messages = [str(p) for p in caught.value.problems]
    assert len(messages) == 6, messages
    expected = [
        ("progress-2021-08-31.yaml", "unknown activity '1.2'"),  # it was renumbered
        ("plan.yaml", "ends (2019) before it starts (2020)"),
        ("plan.yaml", "activity 1.1: duplicated activity number"),
        ("plan.yaml", "unknown body id 'ministry-of-finanse'"),
        ("bodies.yaml", "body supreme-court"),
        ("progress-2021-08-31.yaml", "status 'finished'"),
    ]
    for file, words in expected:
        assert any(file in m and words in m for m in messages), (file, words, messages)
    assert main(["validate", "--data", str(data), "--quiet"]) == 2
    assert "6 error(s) in the data edition" in capsys.readouterr().err


def test_an_entry_that_failed_is_not_reported_again_where_it_is_used(data):
    _edit(data / BODIES, "kind: ministry", "kind: minstry")  # the first ministry: used by many activities
    with pytest.raises(DataError) as caught:
        load_edition(data)
    assert not isinstance(caught.value, EditionErrors)
    assert "kind 'minstry'" in str(caught.value)


def test_an_unreadable_bodies_file_does_not_make_every_body_unknown(data):
    (data / BODIES).write_bytes(b"")
    _edit(data / LETTER, "status: complete", "status: finished")
    with pytest.raises(EditionErrors) as caught:
        load_edition(data)
    assert len(caught.value.problems) == 2


def test_an_activity_of_a_plan_with_sections_must_name_its_section(data, capsys):
    text = (data / PLAN).read_text(encoding="utf-8")
    assert '    section: "3"\n' in text
    (data / PLAN).write_text(text.replace('    section: "3"\n', "", 1), encoding="utf-8")
    assert main(["validate", "--data", str(data), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "activity 3.1" in err and "missing required field 'section'" in err


def test_a_section_needs_the_plan_to_declare_sections(data):
    text = (data / PLAN).read_text(encoding="utf-8")
    start, end = text.index("\nsections:\n"), text.index("\nactivities:\n")
    (data / PLAN).write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DataError, match="declares no sections"):
        load_edition(data)
