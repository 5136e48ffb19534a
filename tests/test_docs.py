"""docs/tutorial.md runs as written: every command's output and every Python result.

```console blocks hold ``$ relgraph ...`` commands, each followed by its
output; ``$ export NAME=VALUE`` sets an environment variable for the commands
after it. ```pycon blocks are doctests sharing one namespace. All run in a
fresh folder holding a link to the repository's ``data/``, so the tutorial's
relative paths and its store are the test's own.

``RELGRAPH_UPDATE_DOCS=1`` writes the outputs obtained into the file instead
of comparing them (then review the diff).
"""

from __future__ import annotations

import doctest
import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli

ROOT = Path(__file__).resolve().parents[1]
TUTORIAL = ROOT / "docs" / "tutorial.md"
UPDATE = os.environ.get("RELGRAPH_UPDATE_DOCS") == "1"
_BLOCK = re.compile(r"^```(console|pycon)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _console(text: str, env: dict[str, str]) -> tuple[str, list[tuple[str, str, str]]]:
    """Run a console block; return it rewritten with the outputs obtained, and the
    (command, expected, got) of each command."""
    commands: list[tuple[str, list[str]]] = []
    for line in text.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
        elif line.strip():
            raise AssertionError(f"output before any command in a console block: {line!r}")
    runner = CliRunner()
    out: list[str] = []
    results = []
    for command, expected in commands:
        args = shlex.split(command)
        if args[0] == "export":
            name, _, value = args[1].partition("=")
            env[name] = value
            got = ""
        else:
            assert args[0] == "relgraph", f"only relgraph commands run here: {command!r}"
            result = runner.invoke(cli, args[1:], env=env, catch_exceptions=False)
            got = result.output
        got_lines = [g.rstrip() for g in got.rstrip("\n").splitlines()]
        results.append((command, "\n".join(e.rstrip() for e in expected), "\n".join(got_lines)))
        out.append(f"$ {command}")
        out.extend(got_lines)
    return "\n".join(out) + "\n", results


class _Recorder(doctest.DocTestRunner):
    """A doctest runner that keeps what each example printed."""

    def __init__(self) -> None:
        super().__init__(optionflags=_FLAGS, verbose=False)
        self.got: dict[int, str] = {}
        self.failed: list[str] = []

    def report_success(self, out, test, example, got) -> None:  # type: ignore[no-untyped-def]
        self.got[id(example)] = example.want

    def report_failure(self, out, test, example, got) -> None:  # type: ignore[no-untyped-def]
        self.got[id(example)] = got
        self.failed.append(
            self._failure_header(test, example) + f"Expected:\n{example.want}Got:\n{got}"
        )

    def report_unexpected_exception(self, out, test, example, exc_info) -> None:  # type: ignore[no-untyped-def]
        self.failed.append(
            self._failure_header(test, example) + doctest._exception_traceback(exc_info)
        )


def _pycon(text: str, globs: dict, runner: _Recorder, lineno: int) -> str:
    """Run a pycon block in ``globs``; return it rewritten with the outputs obtained."""
    examples = doctest.DocTestParser().get_examples(text)
    test = doctest.DocTest(examples, globs, "tutorial", str(TUTORIAL), lineno, text)
    # outputs are keyed by id(example): start afresh, or a skipped example could
    # pick up the output of an earlier block's example that had the same id
    runner.got = {}
    runner.run(test, clear_globs=False)
    globs.update(test.globs)  # DocTest works on a copy; the next block sees these names
    out = []
    for ex in examples:
        lines = ex.source.rstrip("\n").split("\n")
        out.append(">>> " + lines[0])
        out.extend("... " + line for line in lines[1:])
        got = runner.got.get(id(ex), ex.want)
        out.extend(got.rstrip("\n").split("\n") if got else [])
    return "\n".join(out) + "\n"


def test_tutorial_runs_as_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RELGRAPH_STORE", raising=False)
    text = TUTORIAL.read_text(encoding="utf-8")
    env: dict[str, str] = {}
    globs: dict = {"__name__": "tutorial"}
    runner = _Recorder()
    mismatches: list[str] = []
    pieces: list[str] = []
    last = 0
    for block in _BLOCK.finditer(text):
        kind, body = block.group(1), block.group(2)
        lineno = text.count("\n", 0, block.start())
        if kind == "console":
            new, results = _console(body, env)
            mismatches += [
                f"$ {cmd}\n--- expected\n{want}\n--- got\n{got}"
                for cmd, want, got in results
                if want != got
            ]
        else:
            new = _pycon(body, globs, runner, lineno)
        pieces += [text[last : block.start(2)], new]
        last = block.end(2)
    pieces.append(text[last:])
    updated = "".join(pieces)
    if UPDATE:
        TUTORIAL.write_text(updated, encoding="utf-8")
        return
    hint = "\n(RELGRAPH_UPDATE_DOCS=1 make test PYTEST_ARGS=tests/test_docs.py rewrites them)"
    assert not mismatches, "\n\n".join(mismatches) + hint
    assert not runner.failed, "\n".join(runner.failed) + hint
    assert updated == text
    # the tutorial's files exist and are what it says they are
    assert (tmp_path / "graph.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "figure.svg").read_bytes().startswith(b"<?xml")
    assert not (tmp_path / "nothing.html").exists()
