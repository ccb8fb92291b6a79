"""`napkg build` never removes what the user did not ask it to replace, and says what to do instead."""

from __future__ import annotations

import json
import os
import stat

import pytest

from napkg.cli import main
from napkg.graph.folders import STAGING_MARKER, remove_stale_staging, swap_in
from napkg.graph.settings import DEFAULT_DATA_DIR

DEAD_PID = 2**31 - 1  # above any pid_max: no such process


def snapshot(folder):
    """Every file under ``folder`` (hidden ones too) with its bytes; ``build.json`` without the peak memory it measured."""
    files = {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    if "build.json" in files:
        marker = json.loads(files["build.json"])
        assert set(marker.pop("peak_memory_mb", {})) in ({"process", "children"}, set())
        files["build.json"] = json.dumps(marker, sort_keys=True).encode()
    return files


@pytest.fixture()
def user_files(tmp_path):
    keep = tmp_path / "keep"
    (keep / "chapter").mkdir(parents=True)
    (keep / "thesis.txt").write_bytes(b"three years of work\n")
    (keep / "chapter" / "one.md").write_bytes(b"# one\n")
    return keep


def test_a_folder_the_build_did_not_write_is_refused_and_left_byte_identical(tmp_path, user_files, capsys):
    before = snapshot(tmp_path)
    assert main(["build", "--out", str(user_files), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "not an earlier build output" in err and "thesis.txt" in err and "new or empty folder" in err
    assert snapshot(tmp_path) == before


def test_a_build_json_of_another_tool_does_not_mark_a_folder_as_ours(tmp_path, capsys):
    other = tmp_path / "other"
    other.mkdir()
    (other / "build.json").write_text('{"tool": "something-else"}')
    before = snapshot(tmp_path)
    assert main(["build", "--out", str(other), "--quiet"]) == 2
    assert "build.json written by nap-kg" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_the_data_edition_is_never_an_output(tmp_path, capsys):
    data = tmp_path / "data"
    (data / "plans").mkdir(parents=True)
    (data / "plans" / "mine.yaml").write_bytes(b"x: 1\n")
    before = snapshot(tmp_path)
    for out in (data, data / "out", data / "plans" / "deep", tmp_path):
        assert main(["build", "--data", str(data), "--out", str(out), "--quiet"]) == 2
        err = capsys.readouterr().err
        assert "data edition" in err and "outside it" in err, out
    assert main(["build", "--data", str(data), "--store", str(data / "store"), "--quiet"]) == 2
    assert "--store" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


def test_the_current_folder_and_an_existing_file_get_clear_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "notes.txt").write_bytes(b"my notes\n")
    assert main(["build", "--out", ".", "--quiet"]) == 2
    assert "current folder" in capsys.readouterr().err
    assert main(["build", "--out", "notes.txt", "--quiet"]) == 2
    assert "is a file, not a folder" in capsys.readouterr().err
    assert main(["build", "--out", "notes.txt/out", "--quiet"]) == 2
    assert "is a file" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_bytes() == b"my notes\n"


def test_a_folder_that_is_not_a_store_is_not_replaced_by_build_store(tmp_path, user_files, capsys):
    before = snapshot(tmp_path)
    assert main(["build", "--store", str(user_files), "--quiet"]) == 2
    assert "not an on-disk store" in capsys.readouterr().err
    assert snapshot(tmp_path) == before


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory):
    """An output built twice over, beside a user's ``.out-old`` folder and stale staging of killed runs."""
    root = tmp_path_factory.mktemp("rebuilt")
    (root / ".out-old").mkdir()
    (root / ".out-old" / "mine.txt").write_bytes(b"not the build's\n")
    lookalike = root / ".out.napkg-staging-0123abcd"  # our name, but no marker: not recognisably ours
    lookalike.mkdir()
    (lookalike / "keep.txt").write_bytes(b"keep\n")
    assert main(["build", "--out", str(root / "out"), "--quiet"]) == 0
    first = snapshot(root / "out")
    stale = root / ".out.napkg-staging-deadbeef"
    stale.mkdir()
    (stale / STAGING_MARKER).write_text(json.dumps({"tool": "nap-kg", "pid": DEAD_PID}))
    (stale / "graph.nq").write_bytes(b"half written")
    assert main(["build", "--out", str(root / "out"), "--quiet"]) == 0
    return root, first


def test_an_earlier_output_is_replaced_with_the_same_bytes(rebuilt):
    root, first = rebuilt
    assert snapshot(root / "out") == first
    marker = json.loads((root / "out" / "build.json").read_text())
    assert marker["tool"] == "nap-kg" and marker["format"] == 1


def test_a_sibling_named_like_the_old_swap_folder_is_someone_elses_and_stays(rebuilt):
    root, _ = rebuilt
    assert (root / ".out-old" / "mine.txt").read_bytes() == b"not the build's\n"


def test_staging_left_by_a_killed_build_is_removed_and_nothing_else(rebuilt):
    root, _ = rebuilt
    assert sorted(p.name for p in root.iterdir()) == [".out-old", ".out.napkg-staging-0123abcd", "out"]
    assert (root / ".out.napkg-staging-0123abcd" / "keep.txt").read_bytes() == b"keep\n"


def test_staging_of_a_running_build_is_kept(tmp_path):
    running = tmp_path / ".out.napkg-staging-00000000"
    running.mkdir()
    (running / STAGING_MARKER).write_text(json.dumps({"tool": "nap-kg", "pid": os.getpid()}))
    assert remove_stale_staging(tmp_path / "out") == []
    assert running.is_dir()


def test_a_user_file_added_to_an_earlier_output_stops_the_rebuild(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "build.json").write_text(json.dumps({"tool": "nap-kg", "format": 1}))
    (out / "analysis.ipynb").write_bytes(b"{}")
    assert main(["build", "--out", str(out), "--quiet"]) == 2
    assert "analysis.ipynb" in capsys.readouterr().err
    assert (out / "analysis.ipynb").read_bytes() == b"{}"


def test_swapped_in_folders_get_the_users_umask(tmp_path):
    staging = tmp_path / "staging"
    staging.mkdir(mode=0o700)
    (staging / "f").write_text("x")
    old = os.umask(0o027)
    try:
        swap_in(staging, tmp_path / "out")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o750
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_the_default_data_folder_is_never_an_output(capsys):
    assert main(["build", "--out", str(DEFAULT_DATA_DIR / "plans"), "--quiet"]) == 2
    assert "data edition" in capsys.readouterr().err


def test_synth_never_writes_into_the_shipped_edition_nor_over_a_file(tmp_path, capsys):
    assert main(["synth", "--activities", "10", "--out", str(DEFAULT_DATA_DIR)]) == 2
    assert "data edition" in capsys.readouterr().err
    (tmp_path / "notes.txt").write_bytes(b"mine")
    assert main(["synth", "--activities", "10", "--out", str(tmp_path / "notes.txt")]) == 2
    assert "is a file" in capsys.readouterr().err
    assert (tmp_path / "notes.txt").read_bytes() == b"mine"


def test_an_output_of_a_build_before_markers_named_their_tool_may_be_replaced(tmp_path):
    from napkg.graph.errors import OutputError
    from napkg.graph.publish import check_out_dir

    out = tmp_path / "out"
    out.mkdir()
    (out / "build.json").write_text(json.dumps({"plans": 1, "activities": 64, "triples": 7605, "conforms": True}))
    (out / "graph.nq").write_bytes(b"")
    check_out_dir(out, data_dir=DEFAULT_DATA_DIR)  # no error
    (out / "build.json").write_text(json.dumps({"name": "my-project", "version": 2}))
    with pytest.raises(OutputError, match="not an earlier build output"):
        check_out_dir(out, data_dir=DEFAULT_DATA_DIR)
