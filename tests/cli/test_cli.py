"""The ogi command as a user runs it: outputs, exit codes, bad input."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, fixtures

OGI = [sys.executable, "-m", "ogi"]


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*OGI, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def seed(i: int) -> Path:
    return fixtures("seeds", (".txt",))[i]


def test_jsonl_shape_and_exit_code_ok() -> None:
    p = run("parse", "--format", "jsonl", str(seed(0)), str(seed(1)))
    assert p.returncode == 0, p.stderr
    objs = [json.loads(x) for x in p.stdout.splitlines()]
    assert len(objs) == 2
    for o in objs:
        assert {"source", "template", "year", "agency", "cells", "provenance", "findings"} <= set(o)
        assert Path(o["source"]["path"]).name.endswith(".txt")
        assert len(o["cells"]) == 200
        assert all({"rule", "severity", "message"} <= set(f) for f in o["findings"])


def test_exit_1_on_error_findings() -> None:
    p = run("check", str(seed(2)))  # truncated table 3: cells.missing
    assert p.returncode == 1
    assert "cells.missing" in p.stdout and "(七)总计" in p.stdout


def test_check_gives_no_pass_where_values_are_in_doubt(tmp_path: Path) -> None:
    """No error, but a value read in doubt: the report is not said to pass; it is said how many
    cells need checking against the original (exit 0: no error)."""
    from ogi.samples import generate, print_report

    rep = generate(9, tid="2021", scale=20)
    rep.layout.texts["t3.carried_out.legal"] = "1.229"  # a count printed with a point: 1229, in doubt
    f = tmp_path / "r.txt"
    f.write_text(print_report(rep, "pipe"), "utf-8")
    p = run("check", str(f))
    head = p.stdout.splitlines()[0]
    assert "通过" not in head and "读取存疑" in head, head
    # the doubt is called so, not 警告 (a warning about the report)
    assert any(ln.lstrip().startswith("读取存疑 cells.uncertain") for ln in p.stdout.splitlines()), p.stdout
    assert run("-h").returncode == 0
    clean = tmp_path / "clean.txt"
    clean.write_text(print_report(generate(9, tid="2021", scale=20), "pipe"), "utf-8")
    assert "通过" in run("check", str(clean)).stdout.splitlines()[0]


def test_check_gives_no_pass_to_a_report_not_naming_its_organ_or_year(tmp_path: Path) -> None:
    """A report that never names itself (a form filled with blanks under a bare title): no error, but
    no pass (an empty form, naming no year either, was said to pass, its year printed "None年")."""
    from ogi.samples import generate, print_report
    from ogi.samples.variants.kinds import BLANK_MARKS

    rep = generate(9, tid="2021", scale=20)
    rep.layout.title = ("政府信息公开工作年度报告",)
    rep.layout.intro = "本报告根据《中华人民共和国政府信息公开条例》编制。"
    rep.layout.back = ()
    rep.layout.texts.update(dict.fromkeys(rep.cells, BLANK_MARKS[1]))
    f = tmp_path / "form.txt"
    text = print_report(rep, "pipe")
    f.write_text(text.replace(rep.agency, "我单位"), "utf-8")
    head = run("check", str(f)).stdout.splitlines()[0]
    assert "通过" not in head and "None" not in head, head


def test_check_names_each_place_once(tmp_path: Path) -> None:
    """A finding on cells of one row names their line once (〔第53行〕, not 〔第53行；第53行〕)."""
    from ogi.samples import generate, print_report

    rep = generate(9, tid="2021", scale=20)
    rep.cells["t3.granted.natural"] += 2  # the row's total no longer its sum, nor the column's
    f = tmp_path / "r.txt"
    f.write_text(print_report(rep, "pipe"), "utf-8")
    p = run("check", str(f))
    places = [ln.rsplit("〔", 1)[1].rstrip("〕") for ln in p.stdout.splitlines() if "〔" in ln]
    assert places
    for ps in places:
        parts = ps.split("；")
        assert len(parts) == len(set(parts)), ps


@pytest.mark.needs_shared
def test_csv_one_row_per_report() -> None:
    p = run("parse", "--format", "csv", str(SHARED / "seeds"))
    rows = list(csv.reader(io.StringIO(p.stdout)))
    assert rows[0][:5] == ["path", "sha256", "format", "template", "year"]
    assert "t3.new.total" in rows[0]
    assert len(rows) == 1 + len(fixtures("seeds", (".txt",)))


def test_table_format_shows_four_tables() -> None:
    p = run("parse", "--format", "table", str(seed(3)))
    assert "表三" in p.stdout and "表四" in p.stdout and "自然人" in p.stdout


def test_json_single_report_pretty() -> None:
    p = run("parse", str(seed(1)))
    o = json.loads(p.stdout)
    assert o["agency"] == "卫滨区科技和工业信息化局"
    assert o["provenance"]["t3.new.total"]["line"] > 0


@pytest.mark.parametrize(
    "name,content",
    [
        ("empty.txt", b""),
        ("blank.txt", b"   \n\n  "),
        ("binary.bin", bytes(range(256)) * 64),
        ("unrelated.txt", "今天天气很好，我们去公园散步。\n晚上吃饺子。\n".encode()),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 100),
    ],
)
def test_bad_input_one_line_error_exit_2(tmp_path: Path, name: str, content: bytes) -> None:
    f = tmp_path / name
    f.write_bytes(content)
    p = run("parse", "--format", "jsonl", str(f))
    assert p.returncode == 2
    assert "Traceback" not in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1, p.stderr
    assert str(f) in p.stderr


def test_missing_file(tmp_path: Path) -> None:
    p = run("check", str(tmp_path / "nope.txt"))
    assert p.returncode == 2 and "Traceback" not in p.stderr + p.stdout


@pytest.mark.parametrize("command", ["parse", "check"])
def test_an_unreadable_input_is_one_line_on_stderr(tmp_path: Path, command: str) -> None:
    """As the README says for every command: ``ogi: PATH: message``, exit code 2."""
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    p = run(command, str(f))
    assert p.returncode == 2
    assert p.stderr.strip().splitlines() == [f"ogi: {f}: 文件为空 (empty input)"]


def test_huge_file_refused_quickly(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    with f.open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    p = run("parse", str(f))
    assert p.returncode == 2 and "过大" in p.stderr


def test_truncated_report_is_a_partial_reading(tmp_path: Path) -> None:
    text = seed(3).read_text("utf-8")
    f = tmp_path / "cut.txt"
    f.write_text(text[: len(text) // 2], encoding="utf-8")
    p = run("parse", "--format", "jsonl", str(f))
    assert p.returncode == 1
    o = json.loads(p.stdout)
    assert o["cells"]["t2.normative.in_force"] == 10
    assert o["cells"]["t4.review.total"] is None
    assert any(x["rule"] == "cells.missing" for x in o["findings"])


def test_mixed_good_and_bad_inputs_exit_2_but_good_ones_read(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    p = run("parse", "--format", "jsonl", str(seed(1)), str(bad))
    assert p.returncode == 2
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert lines[0]["cells"]["t3.new.total"] == 0
    assert lines[1]["error"]["code"] == "input"


@pytest.mark.needs_shared
def test_hostile_folder_never_tracebacks() -> None:
    d = SHARED / "hostile"
    if not d.is_dir():
        pytest.skip("no hostile folder")
    p = run("parse", "--format", "jsonl", str(d))
    assert "Traceback" not in p.stderr
    assert p.returncode in (0, 1, 2)


def test_env_no_network_needed() -> None:
    # The reader never opens a socket: run with a proxy that cannot exist.
    env = dict(os.environ, http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9")
    p = subprocess.run([*OGI, "parse", "--format", "jsonl", str(seed(0))], capture_output=True, text=True, env=env)
    assert p.returncode == 0


def test_parallel_reading_equals_serial(tmp_path: Path) -> None:
    from ogi.samples import STYLES, generate, print_report

    styles = sorted(STYLES)
    for i in range(24):
        (tmp_path / f"{i:03d}.txt").write_text(print_report(generate(i), styles[i % len(styles)]), encoding="utf-8")
    (tmp_path / "zz.txt").write_bytes(b"\x00\x01\x02" * 100)
    serial = run("parse", "-j", "1", "-f", "jsonl", "--no-sections", str(tmp_path))
    parallel = run("parse", "-j", "2", "-f", "jsonl", "--no-sections", str(tmp_path))
    assert serial.returncode == parallel.returncode == 2
    assert serial.stdout == parallel.stdout
    assert serial.stderr == parallel.stderr


def test_a_text_about_reports_is_not_a_report(tmp_path: Path) -> None:
    f = tmp_path / "notes.md"
    f.write_text(
        "# 说明\n本目录收录政府信息公开工作年度报告若干份，来源见下表。\n"
        "| 文件 | 来源 |\n|---|---|\n| a.html | 某网站 |\n"
    )
    p = run("parse", "--format", "jsonl", str(f))
    assert p.returncode == 2 and "不是政府信息公开工作年度报告" in p.stderr


def test_inputs_under_a_directory_as_pathlib_would_list_them(tmp_path: Path) -> None:
    """The directory walk (os.scandir, no stat per file) lists what sorted(rglob) filtered to
    regular, visible, non-JSON files lists, in the same order (links to directories not
    followed, so a loop of links ends)."""
    import os

    from ogi.runner.inputs import iter_inputs

    root = tmp_path / "in"
    names = ["b.txt", "a/z.html", "a/b/c.pdf", "a-b/x.txt", "a.b/y.txt", ".hidden", "t.json", "U.JSON", ".d/k.txt"]
    names += ["gen.py", "a/out.jsonl", "a/table.CSV"]  # the programs and data beside reports in a working folder
    for rel in names:
        f = root / rel
        f.parent.mkdir(parents=True, exist_ok=True)
        f.write_text("x", encoding="utf-8")
    (root / "empty").mkdir()
    os.symlink(root / "b.txt", root / "link.txt")
    os.symlink(root / "a" / "b", root / "linkdir")
    os.symlink(root / "missing", root / "broken.txt")
    os.mkfifo(root / "fifo")
    want = [
        f
        for f in sorted(root.rglob("*"))
        if f.is_file() and not f.name.startswith(".") and f.suffix.lower() not in (".json", ".py", ".jsonl", ".csv")
    ]
    assert list(iter_inputs([root])) == want
    assert root / "a" / "b" / "c.pdf" in want and root / "link.txt" in want
    os.symlink(root, root / "a" / "loop")
    assert list(iter_inputs([root])) == want


def test_parallel_reading_survives_a_worker_killed(tmp_path: Path) -> None:
    """A worker of `ogi parse` killed midway (as the out-of-memory killer would): the files it
    held are read again; every input still gets its line, in input order."""
    import signal
    import time

    from ogi.samples import STYLES, generate, print_report

    styles = sorted(STYLES)
    d = tmp_path / "in"
    d.mkdir()
    n = 600
    for i in range(n):
        (d / f"r{i:04d}.txt").write_text(print_report(generate(i), styles[i % len(styles)]), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("wb") as fh:
        p = subprocess.Popen([*OGI, "parse", str(d), "--format", "jsonl"], stdout=fh, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        workers: list[int] = []
        while not workers and p.poll() is None and time.monotonic() < deadline:
            if out.stat().st_size > 0:  # reading has begun
                workers = [
                    int(c)
                    for c in Path(f"/proc/{p.pid}/task/{p.pid}/children").read_text().split()
                    if b"resource_tracker" not in Path(f"/proc/{c}/cmdline").read_bytes()
                ]
            time.sleep(0.01)
        assert workers and p.poll() is None, "the reading finished before a worker could be killed"
        os.kill(workers[0], signal.SIGKILL)
        _, err = p.communicate(timeout=300)
    assert p.returncode in (0, 1), err
    lines = [json.loads(x) for x in out.read_text("utf-8").splitlines()]
    assert [Path(x["source"]["path"]).name for x in lines] == [f"r{i:04d}.txt" for i in range(n)]
    assert not [x for x in lines if "error" in x and "cells" not in x]


def test_an_input_past_the_timeout_is_unreadable_exit_2(tmp_path: Path) -> None:
    """--timeout bounds each input, read here or by workers; the others are read as usual."""
    from ogi.samples import generate, print_report

    p = run("parse", "--format", "jsonl", "--timeout", "0.0001", str(seed(0)))  # no reading finishes in 0.1 ms
    assert p.returncode == 2
    [o] = [json.loads(x) for x in p.stdout.splitlines()]
    assert o["error"]["code"] == "timeout" and "读取超时" in p.stderr
    d = tmp_path / "in"
    d.mkdir()
    for i in range(20):
        (d / f"r{i:02d}.txt").write_text(print_report(generate(i), "pipe"), encoding="utf-8")
    p = run("parse", "--format", "jsonl", "--jobs", "2", "--timeout", "0.0001", str(d))
    assert p.returncode == 2
    assert [json.loads(x)["error"]["code"] for x in p.stdout.splitlines()] == ["timeout"] * 20
    p = run("parse", "--format", "jsonl", "--jobs", "2", "--timeout", "60", str(d))
    assert p.returncode in (0, 1) and len(p.stdout.splitlines()) == 20


def test_a_parse_worker_stuck_in_c_code_is_killed(tmp_path: Path) -> None:
    """A worker stuck where the time limit never reaches is killed once silent past it; its other
    inputs are read again and the stuck one is unreadable (timeout), all in input order."""
    import time

    from dying_worker import read_or_hang
    from ogi.model import Report, Unreadable
    from ogi.runner import read_all
    from ogi.samples import generate, print_report

    d = tmp_path / "in"
    d.mkdir()
    for i in range(20):
        name = f"r{i:02d}-hang.txt" if i == 5 else f"r{i:02d}.txt"
        (d / name).write_text(print_report(generate(i), "pipe"), encoding="utf-8")
    t0 = time.monotonic()
    got = list(read_all([d], jobs=2, timeout=1.0, work=read_or_hang))
    assert time.monotonic() - t0 < 60
    assert [p.name[:3] for p, _ in got] == [f"r{i:02d}" for i in range(20)]
    assert [(p.name, r.code) for p, r in got if isinstance(r, Unreadable)] == [("r05-hang.txt", "timeout")]
    assert all(isinstance(r, Report) for p, r in got if "hang" not in p.name)


def test_a_directory_holding_no_file_is_said_and_exits_2(tmp_path: Path) -> None:
    """A mistyped or empty directory reads nothing: said on stderr, exit 2 (was 共 0 份 and exit 0)."""
    empty = tmp_path / "empty"
    empty.mkdir()
    for cmd in ("check", "parse"):
        p = run(cmd, str(empty))
        assert p.returncode == 2 and "未找到报告文件" in p.stderr, (cmd, p.stdout, p.stderr)


def test_version_option_prints_the_installed_version() -> None:
    """``ogi --version`` (and ``-V``, and ``ogi version``) print the distribution's version from its
    metadata and exit 0 (there was no --version: "No such option", exit 2)."""
    from importlib.metadata import version

    p = run("--version")
    assert (p.returncode, p.stdout) == (0, f"ogi {version('ogi-reports')}\n"), p.stderr
    assert run("-V").stdout == run("version").stdout == p.stdout


def test_version_without_metadata_is_the_source_trees(monkeypatch: pytest.MonkeyPatch) -> None:
    """Not installed (a source tree on PYTHONPATH): the version in the pyproject.toml beside it."""
    import importlib.metadata
    import tomllib

    import ogi

    def not_installed(name: str) -> str:
        raise importlib.metadata.PackageNotFoundError(name)

    root = Path(ogi.__file__).resolve().parents[2]
    want = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))["project"]["version"]
    ogi.version.cache_clear()
    monkeypatch.setattr(importlib.metadata, "version", not_installed)
    try:
        assert ogi.version() == ogi.__version__ == want
    finally:
        ogi.version.cache_clear()


def test_check_passes_over_notes_beside_the_reports_in_a_folder(tmp_path: Path) -> None:
    """A folder's notes (README.md, REPORT.md, SOURCES.md, a changelog) and truth files are not read
    as reports (each was 无法读取, exit 2): passed over, the summary says how many; a report named
    report-….txt is still read, and a notes file named on the command line is read (and refused)."""
    from ogi.samples import generate, print_report

    d = tmp_path / "folder"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(print_report(generate(9, tid="2021", scale=20), "pipe"), "utf-8")
    (d / "sub" / "report-2.txt").write_text(print_report(generate(10, tid="2021", scale=20), "pipe"), "utf-8")
    notes = "# 说明\n本目录收录政府信息公开工作年度报告若干份，核对结果见下。\n"
    for name in ("README.md", "REPORT.md", "sub/Sources.md", "CHANGELOG", "a.truth.json"):
        (d / name).write_text(notes, "utf-8")
    p = run("check", str(d))
    assert p.returncode == 0, p.stdout + p.stderr
    assert [ln.split()[0] for ln in p.stdout.splitlines() if not ln.startswith((" ", "共"))] == [
        str(d / "a.txt"),
        str(d / "sub" / "report-2.txt"),
    ]
    assert p.stdout.splitlines()[-1].startswith("共 2 份") and "另有 5 个文件不是报告" in p.stdout, p.stdout
    named = run("check", str(d / "README.md"))
    assert named.returncode == 2 and "不是政府信息公开工作年度报告" in named.stderr


def test_notes_are_passed_over_by_name_under_a_directory_only(tmp_path: Path) -> None:
    """Which names are notes (any case); a report named report.html or report-12.pdf is no note."""
    from ogi.runner.inputs import iter_inputs, not_a_report

    notes = ["README.md", "readme.txt", "ReadMe", "SOURCES.md", "sources.xlsx", "ChangeLog.md", "REPORT.md"]
    notes += ["report.rst", "REPORT", "x.truth.json", "zip.zip!/县/README.md"]
    reports = ["report.html", "report-12.pdf", "report.txt", "REPORT_2023.docx", "报告.md", "my-readme-report.pdf"]
    assert [n for n in notes if not not_a_report(n)] == [] and [n for n in reports if not_a_report(n)] == []
    for n in [*notes[:-1], *reports]:
        (tmp_path / n).write_text("x", "utf-8")
    skipped: list[str] = []
    assert sorted(p.name for p in iter_inputs([tmp_path], skipped=skipped)) == sorted(reports)
    assert sorted(Path(s).name for s in skipped) == sorted(notes[:-1])
    assert list(iter_inputs([tmp_path / "README.md"])) == [tmp_path / "README.md"]
