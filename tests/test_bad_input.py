"""Bad input, file by file: one clear line each, the rest read, nothing stored lost.

The small files are in ``tests/data/bad/`` (see its README); what cannot or
should not be committed is made here: a 50 MB single line, an unreadable
file, symbolic link loops, a dangling link, a named pipe.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from relgraph.cli import cli
from relgraph.errors import InputError
from relgraph.io import read_articles
from relgraph.stores import open_store

BAD = Path(__file__).parent / "data" / "bad"
BIG = 50 * 1024 * 1024

# file (relative to the input folder, ":line" for rows) -> what its one line says
EXPECTED_ERRORS = {
    "empty.txt": r"empty article; expected some text",
    "blank.md": r"empty article; expected some text",
    "binary.txt": r"binary data \(a NUL byte at offset 8\); expected a text file",
    "invalid-utf8.txt": r"not valid UTF-8 text \(byte 0xff at offset 18\); re-encode the file as UTF-8",
    "deep.html:1": r"HTML elements nested more than 256 deep; expected a web page",
    "broken.jsonl:2": r"invalid JSON \(unterminated string starting at column 31\); "
    r"expected one JSON object per line",
    "broken.jsonl:3": r"expected a JSON object with a 'text' field, got list",
    "broken.jsonl:4": r"missing required field 'text'",
    "missing-columns.csv:3": r"expected 3 fields as in the header, got 2",
    "huge.txt": rf"file too large for one article \({BIG:,} bytes\); expected at most 2,000,000 bytes",
    "huge.jsonl:2": r"line too large for one article \(over 2,000,000 bytes\); expected at most",
    "unreadable.txt": r"cannot read file \((permission denied|input/output error)\)",
    "self-loop.txt": r"symbolic link loop; expected a file or folder",
    "ping.md": r"symbolic link loop; expected a file or folder",
    "pong.md": r"symbolic link loop; expected a file or folder",
    "dangling.txt": r"dangling symbolic link \(to nowhere\.txt\); expected a file or folder",
    "pipe.txt": r"not a regular file \(a device, pipe or socket\); expected an article file$",
}
# articles that must be read from the bad folder, by id -> a piece of their text
EXPECTED_ARTICLES = {
    "bad-jsonl-ok1": "Japan met South Korea.",
    "bad-jsonl-ok5": "Chile condemned Bolivia.",
    "bad-csv-ok1": "Brazil met Argentina.",
    "bad-csv-ok3": "India condemned Pakistan.",
    "malformed": "Germany condemned Russia on Tuesday.",
    "utf16-bom": "France imposed sanctions on Iran on Monday.",
    "windows-1252": "France condemned Iran \u2014 the caf\u00e9 talks in Gen\u00e8ve failed.",
    "huge-ok1": "Egypt met Jordan.",
    "huge-ok3": "Kenya condemned Somalia.",
}


def _unreadable(path: Path) -> None:
    """A file no read succeeds on, as any user (root ignores chmod 000)."""
    if os.geteuid() == 0:
        # /proc/self/mem is a regular file whose read at offset 0 fails with EIO
        # for every process, root included: a real kernel read error.
        path.symlink_to("/proc/self/mem")
    else:
        path.write_text("France met Iran.", encoding="utf-8")
        path.chmod(0)


@pytest.fixture(scope="module")
def bad_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed bad corpus plus what is made at test time, in one folder."""
    folder = tmp_path_factory.mktemp("bad") / "in"
    shutil.copytree(BAD, folder)
    with (folder / "huge.txt").open("wb") as out:  # 50 MB, one line, no newline
        chunk = b"sanctions " * (1024 * 1024 // 10) + b"xxxx"
        for _ in range(BIG // len(chunk)):
            out.write(chunk)
        out.write(b"y" * (BIG - out.tell()))
    with (folder / "huge.jsonl").open("wb") as out:
        out.write(b'{"id": "huge-ok1", "text": "Egypt met Jordan."}\n{"id": "huge-2", "text": "')
        out.write(b"a" * BIG)
        out.write(b'"}\n{"id": "huge-ok3", "text": "Kenya condemned Somalia."}\n')
    _unreadable(folder / "unreadable.txt")
    (folder / "self-loop.txt").symlink_to("self-loop.txt")
    (folder / "ping.md").symlink_to("pong.md")
    (folder / "pong.md").symlink_to("ping.md")
    (folder / "dangling.txt").symlink_to("nowhere.txt")
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to("..", target_is_directory=True)  # a folder loop
    (folder / "sub" / "again").symlink_to(folder, target_is_directory=True)
    os.mkfifo(folder / "pipe.txt")  # never opened: a read would wait forever
    return folder


def _read(paths: list[Path]) -> tuple[dict[str, str], list[str]]:
    errors: list[str] = []
    articles = {a.id: a.text for a in read_articles(paths, on_error=lambda e: errors.append(str(e)))}
    return articles, errors


def _by_location(folder: Path, errors: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for message in errors:
        assert "\n" not in message and "Traceback" not in message, message
        location, _, rest = message.partition(": ")
        assert location.startswith(f"{folder}/"), message
        key = location.removeprefix(f"{folder}/")
        assert key not in out, f"two errors for {key}"
        out[key] = rest
    return out


def test_bad_corpus_one_line_each_and_the_rest_read(bad_folder: Path) -> None:
    articles, errors = _read([bad_folder])
    found = _by_location(bad_folder, errors)
    assert set(found) == set(EXPECTED_ERRORS)
    for key, pattern in EXPECTED_ERRORS.items():
        assert re.match(pattern, found[key]), (key, found[key])
    assert set(articles) == set(EXPECTED_ARTICLES)  # each folder read once, loops ended
    for article_id, text in EXPECTED_ARTICLES.items():
        assert text in articles[article_id], article_id


def test_named_paths_unknown_suffix_pipe_loop(bad_folder: Path) -> None:
    """Named on the command line, what a folder scan passes over is an error too."""
    named = ["scan.pdf", "pipe.txt", "self-loop.txt", "dangling.txt", "sub/up"]
    articles, errors = _read([bad_folder / n for n in named[:-1]])
    assert not articles
    found = _by_location(bad_folder, errors)
    assert re.match(r"unknown article format '\.pdf'; expected one of: \.csv", found["scan.pdf"])
    assert found["pipe.txt"] == (
        "not a regular file (a device, pipe or socket); expected an article file"
    )
    assert set(found) == set(named[:-1])


@pytest.mark.skipif(os.geteuid() != 0, reason="the chmod 000 case below runs for other users")
def test_unreadable_as_root_is_a_kernel_read_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    _unreadable(path)
    assert _read([path])[1] == [f"{path}: cannot read file (input/output error)"]


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads a chmod 000 file; the /proc/self/mem case covers root"
)
def test_unreadable_chmod_000(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    _unreadable(path)
    assert _read([path])[1] == [f"{path}: cannot read file (permission denied)"]


def test_big_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch) -> None:
    """The size is checked with stat: not one byte of an oversize file is read."""
    path = tmp_path / "big.txt"
    with path.open("wb") as out:
        out.truncate(BIG)  # sparse: 50 MB of NULs, costs no disk
    reads: list[int] = []
    real_open = Path.open

    def spy(self, *args, **kwargs):
        stream = real_open(self, *args, **kwargs)
        real_read = stream.read

        def read(n=-1):
            data = real_read(n)
            reads.append(len(data))
            return data

        stream.read = read
        return stream

    monkeypatch.setattr(Path, "open", spy)
    assert _read([path])[1] == [
        f"{path}: file too large for one article ({BIG:,} bytes); "
        "expected at most 2,000,000 bytes (raise it with --max-article-bytes)"
    ]
    assert sum(reads) == 0


def test_max_article_bytes_setting(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("France met Iran. " * 10, encoding="utf-8")  # 170 bytes
    (tmp_path / "b.jsonl").write_text(
        '{"id": "short", "text": "Peru met Chile."}\n'
        + json.dumps({"id": "long", "text": "Peru met Chile. " * 20})
        + "\n",
        encoding="utf-8",
    )
    (tmp_path / "c.csv").write_text(
        'id,text\nshort-csv,"Peru met Chile."\nlong-csv,"' + "Peru met Chile. " * 20 + '"\n',
        encoding="utf-8",
    )
    got: list[str] = []
    ids = [
        a.id
        for a in read_articles([tmp_path], on_error=lambda e: got.append(str(e)), max_article_bytes=100)
    ]
    assert ids == ["short", "short-csv"]
    assert [m.split(": ")[0].removeprefix(f"{tmp_path}/") for m in got] == ["a.txt", "b.jsonl:2", "c.csv:3"]
    assert all("expected at most 100 bytes" in m for m in got)
    assert [a.id for a in read_articles([tmp_path], max_article_bytes=1000)] == [
        "a", "short", "long", "short-csv", "long-csv"
    ]
    with pytest.raises(InputError, match="max_article_bytes must be at least 1"):
        list(read_articles([tmp_path], max_article_bytes=0))


# --------------------------------------------------------------------------- ingest


def _records(store_dir: Path) -> dict[str, dict]:
    with open_store(store_dir, read_only=True) as store:
        return {r["id"]: r for r in store.records()}


@pytest.fixture(scope="module")
def stored_before(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, dict]]:
    """A store holding three good articles, and what it holds."""
    src = tmp_path_factory.mktemp("good") / "good.jsonl"
    src.write_text(
        '{"id": "kept-1", "text": "France imposed sanctions on Iran.", "published": "2024-01-02"}\n'
        '{"id": "kept-2", "text": "Germany condemned Russia."}\n'
        '{"id": "kept-3", "text": "Kim Jong Un met Vladimir Putin in Pyongyang."}\n',
        encoding="utf-8",
    )
    store = tmp_path_factory.mktemp("st") / "graph"
    result = CliRunner().invoke(cli, ["ingest", str(src), "--store", str(store)])
    assert result.exit_code == 0, result.output
    records = _records(store)
    assert set(records) == {"kept-1", "kept-2", "kept-3"}
    assert sum(len(r["relations"]) for r in records.values()) >= 3
    return store, records


def _copy_store(stored_before, tmp_path: Path) -> Path:
    store = tmp_path / "graph"
    shutil.copytree(stored_before[0], store)
    return store


def test_cli_ingest_skips_each_bad_input_and_keeps_the_store(
    bad_folder: Path, stored_before, tmp_path: Path
) -> None:
    store = _copy_store(stored_before, tmp_path)
    result = CliRunner().invoke(cli, ["ingest", str(bad_folder), "--store", str(store)])
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    errors = [line.removeprefix("error: ") for line in lines if line.startswith("error: ")]
    found = _by_location(bad_folder, errors)
    assert set(found) == set(EXPECTED_ERRORS)
    assert lines[-1] == f"{len(EXPECTED_ERRORS)} input(s) skipped because of errors (see above)"
    n = len(EXPECTED_ARTICLES)
    assert result.stdout.startswith(f"{n} articles read: {n} added, 0 updated, 0 unchanged")
    after = _records(store)
    assert set(after) == set(stored_before[1]) | set(EXPECTED_ARTICLES)
    for article_id, record in stored_before[1].items():
        assert after[article_id] == record  # nothing stored lost or changed


def test_cli_ingest_on_error_fail_stops_at_the_first_with_status_2(
    bad_folder: Path, stored_before, tmp_path: Path
) -> None:
    store = _copy_store(stored_before, tmp_path)
    result = CliRunner().invoke(
        cli, ["ingest", str(bad_folder), "--store", str(store), "--on-error", "fail"]
    )
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    # folders are read in name order: binary.txt is the first bad input
    assert result.stderr.splitlines() == [
        f"error: {bad_folder}/binary.txt: binary data (a NUL byte at offset 8); expected a text file"
    ]
    assert _records(store) == stored_before[1]


def test_cli_extract_limits_and_notes(tmp_path: Path) -> None:
    long_sentence = "France imposed sanctions on Iran, " + "and on others, " * 100 + "on Monday."
    src = tmp_path / "a.txt"
    src.write_text(f"Germany condemned Russia. {long_sentence}\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["extract", str(src), "--max-sentence-chars", "1000"])
    assert result.exit_code == 0, result.output
    rec = json.loads(result.stdout)
    assert {(r["type"], r["source"], r["target"]) for r in rec["relations"]} == {
        ("CONDEMNS", "DEU", "RUS")
    }
    assert result.stderr == (
        f"note: {src}: sentence of {len(long_sentence):,} characters left out of extraction; "
        "expected at most 1,000 (raise it with --max-sentence-chars)\n"
    )
    wide = CliRunner().invoke(cli, ["extract", str(src), "--max-sentence-chars", "5000"])
    assert ("SANCTIONS", "FRA", "IRN") in {
        (r["type"], r["source"], r["target"]) for r in json.loads(wide.stdout)["relations"]
    }
    assert wide.stderr == ""
    small = CliRunner().invoke(cli, ["extract", str(src), "--max-article-bytes", "100"])
    assert small.exit_code == 1 and small.stdout == ""
    assert small.stderr.splitlines()[0] == (
        f"error: {src}: file too large for one article ({src.stat().st_size:,} bytes); "
        "expected at most 100 bytes (raise it with --max-article-bytes)"
    )


def test_stdin_is_streamed_and_bounded(tmp_path: Path) -> None:
    """A JSON Lines stdin is read line by line (an oversize line skipped), plain text up to the limit."""
    lines = (
        b'{"id": "s1", "text": "Peru met Chile."}\n'
        + b'{"id": "s2", "text": "' + b"a" * 5000 + b'"}\n'
        + b'{"id": "s3", "text": "Chile met Peru."}\n'
    )
    result = CliRunner().invoke(cli, ["extract", "-", "--max-article-bytes", "1000"], input=lines)
    assert result.exit_code == 1
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["s1", "s3"]
    assert result.stderr.splitlines()[0] == (
        "error: <stdin>:2: line too large for one article (over 1,000 bytes); "
        "expected at most 1,000 bytes (raise it with --max-article-bytes)"
    )
    text = CliRunner().invoke(cli, ["extract", "-", "--max-article-bytes", "1000"],
                              input=b"Peru met Chile. " * 100)  # fmt: skip
    assert text.exit_code == 1 and text.stdout == ""
    assert text.stderr.splitlines()[0] == (
        "error: <stdin>: input too large for one article (over 1,000 bytes); "
        "expected at most 1,000 bytes (raise it with --max-article-bytes)"
    )
    assert "Traceback" not in result.output + text.output


def test_extractor_max_sentence_chars_in_the_api(small_gazetteer, caplog) -> None:
    from relgraph.extract import Extractor
    from relgraph.model import Article

    ex = Extractor(gazetteer=small_gazetteer, syntax=False, max_sentence_chars=60)
    long = "Russia condemned Ukraine, " + "again and again, " * 5 + "on Monday."
    article = Article(id="a1", text=f"France imposed sanctions on Iran. {long}")
    with caplog.at_level("WARNING", logger="relgraph.extract"):
        record = ex.extract(article)
    assert [(r["type"], r["source"], r["target"]) for r in record["relations"]] == [
        ("SANCTIONS", "FRA", "IRN")
    ]
    assert caplog.messages == [
        f"article 'a1': sentence of {len(long)} characters left out of extraction; "
        "expected at most 60 (raise it with --max-sentence-chars)"
    ]
    wide = Extractor(gazetteer=small_gazetteer, syntax=False, max_sentence_chars=500)
    assert ("CONDEMNS", "RUS", "UKR") in {
        (r["type"], r["source"], r["target"]) for r in wide.extract(article)["relations"]
    }
    with pytest.raises(InputError, match="max_sentence_chars must be at least 1"):
        Extractor(gazetteer=small_gazetteer, syntax=False, max_sentence_chars=0)


@pytest.mark.parametrize(
    ("text", "readable"),
    [
        ("Aid of \u20ac 5 million \u2013 \u00bfqu\u00e9? \u00a9 AFP, 20 \u00b0C", True),
        ("\u201eGespr\u00e4che\u201c in M\u00fcnchen \u2026 \u00a3 3 bn", True),
        ("Stray \u00ff byte", False),  # a lone letter between spaces: not prose
    ],
)
def test_windows_1252_prose_is_read_other_bytes_are_not(
    tmp_path: Path, text: str, readable: bool
) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("cp1252"))
    articles, errors = _read([path])
    if readable:
        assert articles == {"a": text} and errors == []
    else:
        assert not articles
        assert errors == [
            f"{path}: not valid UTF-8 text (byte 0xff at offset 6); re-encode the file as UTF-8"
        ]
