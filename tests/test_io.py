"""Tests for relgraph.io: every input format, folders, stdin, sidecar metadata, errors."""

from __future__ import annotations

import doctest
import io
import json
import re
import sys
from pathlib import Path

import pytest

import relgraph.io
from relgraph.errors import InputError
from relgraph.io import _common, markdown_to_text, parse_published, read_articles, rows, text
from relgraph.model import Article, text_id

ARTICLES = Path(__file__).parent / "data" / "articles"
SAMPLES = Path(__file__).parents[1] / "data" / "articles"


def read_all(*paths, **kwargs) -> list[Article]:
    return list(read_articles([str(p) for p in paths], **kwargs))


def error_of(*paths) -> str:
    with pytest.raises(InputError) as info:
        read_all(*paths)
    return str(info.value)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return path


@pytest.fixture
def stdin(monkeypatch):
    """Replace sys.stdin by a text stream over the given bytes."""

    def feed(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))

    return feed


# --- the hand-made folder -------------------------------------------------------------


def test_read_articles_folder_order_and_skips():
    ids = [a.id for a in read_all(ARTICLES)]
    # Name order, recursing into pages/ and pages/archive/; README.md, MANIFEST.tsv,
    # notes.dat and .hidden.txt are not articles.
    assert ids == [
        "dig-1",
        text_id("Mongolia, a landlocked state, signed a transit deal with Kazakhstan."),
        "fisheries",
        "old",
        "press-release",
        "short",
        "arctic-council-2024",
        "wire-1",
        "https://example.org/wire/2",
        text_id("Kenya and Tanzania signed a memorandum on cross-border power lines."),
    ]


@pytest.mark.parametrize("name", ["README.md", "notes.dat", ".hidden.txt"])
def test_read_articles_folder_skips_non_articles(name):
    origins = {a.origin.split(":")[0] for a in read_all(ARTICLES)}
    assert str(ARTICLES / name) not in origins


def test_read_articles_txt_title_line_and_manifest():
    (article,) = read_all(ARTICLES / "fisheries.txt")
    assert article == Article(
        id="fisheries",
        title="Chile and Peru Sign Pacific Fisheries Accord",
        text=(
            "Chile and Peru signed an agreement on Tuesday to patrol anchovy stocks off their "
            "shared coast together, ending a decade of quarrels over catch limits.\n\n"
            "The accord, reached in Lima after three rounds of talks, sets up a joint commission "
            "that will meet twice a year. Ecuador said it would consider joining."
        ),
        published="2023-03-14",
        url="https://example.org/fisheries",
        source="Hand-written test article",
        license="CC0-1.0",
        origin=str(ARTICLES / "fisheries.txt"),
    )


def test_read_articles_txt_without_title_line():
    (article,) = read_all(ARTICLES / "pages" / "archive" / "old.txt")
    assert article.title is None
    assert article.text.startswith("Brazil and Argentina renewed")


def test_read_articles_markdown_front_matter_heading_and_markup():
    (article,) = read_all(ARTICLES / "summit.md")
    assert article == Article(
        id="arctic-council-2024",
        title="Arctic Council Ministers Meet in Tromsø",
        text=(
            "Foreign ministers of Norway, Finland and Iceland met in Tromsø on Tuesday.\n\n"
            "Agenda\n\n"
            "Search and rescue cooperation\n"
            "Shipping rules for the Northern Sea Route\n"
            "A seat for observer_states\n\n"
            '"We share one ocean," the Norwegian minister said.\n\n'
            "Communiqué: *paragraph* 4 to follow.\n\n"
            "Sweden sent an observer, *not a minister*. See https://example.org/arctic-notes."
        ),
        published="2024-05-21",  # front matter `date` wins over the manifest's 2019-01-01
        url="https://example.org/arctic",
        source="Test Desk",  # missing in the front matter: filled from MANIFEST.tsv
        origin=str(ARTICLES / "summit.md"),
        meta=(("desk", "Nordic"),),
    )


def test_read_articles_html_with_trafilatura():
    (article,) = read_all(ARTICLES / "pages" / "press-release.html")
    assert article.id == "press-release"
    assert article.title == "Vietnam and the Philippines Agree on Coast Guard Hotline"
    assert article.published == "2024-01-30"
    assert article.url == "https://example.org/news/coast-guard-hotline"
    assert article.source == "Example Ledger"
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Vietnam and the Philippines agreed on Tuesday")
    assert (
        paragraphs[-1]
        == "China, which claims most of the sea, did not comment on the deal on Tuesday."
    )
    assert len(paragraphs) == 4


@pytest.mark.parametrize(
    "furniture", ["Subscribe now", "trackPageView", "font-family", "Related stories", "Copyright"]
)
def test_read_articles_html_leaves_out_page_furniture(furniture):
    (article,) = read_all(ARTICLES / "pages" / "press-release.html")
    assert furniture not in article.text


def test_read_articles_html_short_page_uses_paragraphs():
    (article,) = read_all(ARTICLES / "pages" / "short.htm")
    assert article.text == "Oman hosted talks on a Yemen truce.\n\nSaudi envoys attended."
    assert article.title == "Oman Hosts Yemen Talks"


def test_read_articles_html_fallback_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    monkeypatch.setattr(trafilatura, "extract_metadata", lambda *a, **k: None)
    (article,) = read_all(ARTICLES / "pages" / "press-release.html")
    assert article.title == "Vietnam and the Philippines Agree on Coast Guard Hotline"  # og:title
    assert article.published is None
    assert article.text.split("\n\n")[0].startswith("Vietnam and the Philippines agreed")
    assert "Copyright" not in article.text
    assert "Subscribe" not in article.text
    assert len(article.text.split("\n\n")) == 4


def test_read_articles_html_fallback_title_from_title_element(tmp_path, monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    monkeypatch.setattr(trafilatura, "extract_metadata", lambda *a, **k: None)
    page = write(
        tmp_path, "p.html", "<title> Laos  Votes </title><body><div>Laos voted.</div></body>"
    )
    (article,) = read_all(page)
    assert (article.title, article.text) == ("Laos Votes", "Laos voted.")


def test_read_articles_jsonl_ids_fields_and_meta():
    first, second, third = read_all(ARTICLES / "wire.jsonl")
    assert first == Article(
        id="wire-1",
        title="Ghana and Togo Reopen Border",
        text="Ghana and Togo reopened their land border on Monday.",
        published="2022-11-07",
        origin=f"{ARTICLES / 'wire.jsonl'}:1",
        meta=(("desk", "Africa"), ("priority", "2")),
    )
    assert (second.id, second.published) == ("https://example.org/wire/2", "2023-06-29")
    assert third.id == text_id(third.text)
    assert (third.source, third.published, third.origin) == (
        "Test Wire",
        None,
        f"{ARTICLES / 'wire.jsonl'}:4",
    )


def test_read_articles_jsonl_numeric_id_becomes_string(tmp_path):
    (article,) = read_all(write(tmp_path, "a.jsonl", '{"id": 17, "text": "Fiji joined."}\n'))
    assert article.id == "17"


def test_read_articles_csv_rows():
    first, second = read_all(ARTICLES / "digest.csv")
    assert first == Article(
        id="dig-1",
        title="Baltic Ferries",  # the header says " Title ": case and spaces do not matter
        text=(
            "Estonia and Finland agreed on a shared ferry timetable.\n\n"
            'Tallinn called it "a small step".'
        ),
        published="2021-02-01",
        origin=f"{ARTICLES / 'digest.csv'}:2",
        meta=(("section", "Europe"),),
    )
    assert second.id == text_id(
        "Mongolia, a landlocked state, signed a transit deal with Kazakhstan."
    )
    assert (second.title, second.origin) == (None, f"{ARTICLES / 'digest.csv'}:5")


# --- folders ---------------------------------------------------------------------------


def test_read_articles_folder_symlink_loop_read_once(tmp_path):
    write(tmp_path, "a/one.txt", "Niger and Chad met.")
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "b-alias").symlink_to(tmp_path / "a", target_is_directory=True)
    assert [a.id for a in read_all(tmp_path)] == ["one"]


def test_read_articles_same_folder_twice_read_once(tmp_path):
    write(tmp_path, "one.txt", "Niger and Chad met.")
    assert len(read_all(tmp_path, tmp_path)) == 1


def test_read_articles_named_readme_is_read():
    (article,) = read_all(ARTICLES / "README.md")
    assert article.title == "Test articles"


def test_read_articles_files_and_folders_in_given_order(tmp_path):
    write(tmp_path, "b/x.txt", "Qatar mediated.")
    write(tmp_path, "a.txt", "Oman mediated.")
    assert [a.id for a in read_all(tmp_path / "b", tmp_path / "a.txt")] == ["x", "a"]


# --- sidecar manifest ------------------------------------------------------------------


def test_manifest_covers_its_own_folder_only():
    # The top MANIFEST.tsv has a press-release row; the page sits in pages/.
    (article,) = read_all(ARTICLES / "pages" / "press-release.html")
    assert article.license is None


def test_manifest_applies_to_named_file_and_fills_gaps_only(tmp_path):
    write(
        tmp_path,
        "MANIFEST.tsv",
        "id\ttitle\tsource\tpublished\nx\tManifest Title\tWire\t2020-02-02T01:02:03\n",
    )
    write(tmp_path, "x.txt", "Own Title\n\nMali and Guinea met.")
    (article,) = read_all(tmp_path / "x.txt")
    assert (article.title, article.source, article.published) == ("Own Title", "Wire", "2020-02-02")


def test_manifest_sample_articles_get_dates():
    dates = {a.id: a.published for a in read_all(SAMPLES)}
    assert dates == {
        "002": "2020-09-27",
        "004": "2012-09-26",
        "007": "2014-07-31",
        "011": "2014-08-01",
        "seed": None,
    }


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        (
            "name\ttitle\nx\tT\n",
            "MANIFEST.tsv: no 'id' column in the header; found columns: 'name', 'title'",
        ),
        (
            "id\tpublished\nx\tlast week\n",
            "MANIFEST.tsv:2: invalid published date 'last week'; expected an ISO date such as "
            "2024-06-19 or a datetime such as 2024-06-19T08:30:00Z",
        ),
        ("id\ttitle\nx\tT\textra\n", "MANIFEST.tsv:2: expected 2 tab-separated fields, got 3"),
    ],
)
def test_manifest_errors_reported_and_reading_goes_on(tmp_path, manifest, message):
    write(tmp_path, "MANIFEST.tsv", manifest)
    write(tmp_path, "x.txt", "Mali and Guinea met.")
    errors: list[str] = []
    articles = read_all(tmp_path, on_error=lambda err: errors.append(str(err)))
    assert errors == [f"{tmp_path}/{message}"]
    assert [a.id for a in articles] == ["x"]


# --- stdin -----------------------------------------------------------------------------


def test_read_articles_stdin_plain_text(stdin):
    stdin("\ufeffBhutan Opens Embassy\n\nBhutan opened an embassy in Delhi.\n".encode())
    (article,) = read_all("-")
    assert article == Article(
        id=text_id("Bhutan opened an embassy in Delhi."),
        title="Bhutan Opens Embassy",
        text="Bhutan opened an embassy in Delhi.",
        origin="<stdin>",
    )


def test_read_articles_stdin_jsonl(stdin):
    stdin(b'\n  {"id": "s1", "text": "Nepal voted."}\n{"text": "Laos voted."}\n')
    articles = read_all("-")
    assert [(a.id, a.origin) for a in articles] == [
        ("s1", "<stdin>:2"),
        (text_id("Laos voted."), "<stdin>:3"),
    ]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"  \n", "<stdin>: empty article; expected some text"),
        (
            b"Caf\xc3\xa9 \xe9",  # UTF-8 broken by a Windows-1252 byte: no guess
            "<stdin>: not valid UTF-8 text (byte 0xe9 at offset 6); re-encode the file as UTF-8",
        ),
        (b'{"text": 1}', "<stdin>:1: field 'text' must be a string, got 1"),
    ],
)
def test_read_articles_stdin_errors(stdin, data, message):
    stdin(data)
    assert error_of("-") == message


# --- dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2020-09-27", "2020-09-27"),
        ("2020-09-27T23:30:00Z", "2020-09-27"),
        ("2020-09-27T23:30:00-05:00", "2020-09-27"),  # the date as written, not UTC
        ("2020-09-27 08:00", "2020-09-27"),
        ("  2020-09-27\n", "2020-09-27"),
        ("", None),
        (None, None),
    ],
)
def test_parse_published_accepts_iso(value, expected):
    assert parse_published(value) == expected


@pytest.mark.parametrize(
    "value", ["27/09/2020", "September 27, 2020", "2020-09", "2020-13-01", 2020]
)
def test_parse_published_rejects_others(value):
    with pytest.raises(
        InputError, match=re.escape(f"invalid published date {value!r}; expected an ISO date")
    ):
        parse_published(value)


# --- text and markdown helpers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "title"),
    [
        ("Talks End\n\nThey ended.", "Talks End"),
        ("Talks End?\n\nThey ended.", "Talks End?"),
        ("Talks ended.\n\nThey ended.", None),  # a sentence
        ("Dateline:\n\nThey ended.", None),  # a lead-in
        ("Talks End\nThey ended.", None),  # no blank line after it
        ("Talks End\n\n", None),  # nothing after it
        (("Long " * 41).strip() + "\n\nThey ended.", None),  # 204 characters
    ],
)
def test_split_title(source, title):
    assert text.split_title(source)[0] == title


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        (
            "**bold** and __strong__ and *it* and _em_ and ~~gone~~",
            "bold and strong and it and em and gone",
        ),
        ("snake_case_name stays", "snake_case_name stays"),
        ("see [the text](https://x.org/a_b) and [ref text][r]", "see the text and ref text"),
        ("before ![photo](a.jpg) after", "before  after"),
        ("### Third level ###", "Third level"),
        ("> quoted\n> > nested", "quoted\nnested"),
        ("1) first\n2. second\n- [x] done", "first\nsecond\ndone"),
        ("```python\nx = *y*\n```\nafter", "x = *y*\nafter"),
        ("~~~\n```\n~~~", "```"),
        ("a<br/>b <!-- note --> c", "ab  c"),
        ("Title\n=====\n\ntext", "Title\n\ntext"),
        ("para\n\n***\n\n\n\nnext", "para\n\nnext"),
        (r"\*literal\* and \_this\_", "*literal* and _this_"),
        ("[r]: https://x.org\nkept", "kept"),
    ],
)
def test_markdown_to_text(markdown, plain):
    assert markdown_to_text(markdown) == plain


@pytest.mark.parametrize(
    ("source", "fields"),
    [
        ("Title: x\n\nBody.", {}),  # no front matter
        ('---\nid: a1\ntitle: "Say \\"hi\\""\n---\nBody.', {"id": "a1", "title": 'Say "hi"'}),
        (
            "---\ntitle: 'It''s'\npublished: 2020-01-02\n---\nBody.",
            {"title": "It's", "published": "2020-01-02"},
        ),
        (
            "---\nLicence: CC0\nLink: https://x.org\n# comment\n\n...\nBody.",
            {"license": "CC0", "url": "https://x.org"},
        ),
    ],
)
def test_split_front_matter_fields(source, fields):
    assert text.split_front_matter(source, "a.md")[0] == fields


@pytest.mark.parametrize(
    ("name", "source", "body"),
    [
        ("a.txt", "---\ntitle: Aceh Accord\n---\nAceh accord\n\nAceh signed.", "Aceh signed."),
        (
            "a.txt",
            "---\ntitle: Aceh Accord\n---\nIn Helsinki\n\nAceh signed.",
            "In Helsinki\n\nAceh signed.",
        ),
        ("a.md", "---\ntitle: Aceh Accord\n---\n# Aceh *accord*\n\nAceh signed.", "Aceh signed."),
        (
            "a.md",
            "---\ntitle: Aceh Accord\n---\n# In Helsinki\n\nAceh signed.",
            "In Helsinki\n\nAceh signed.",
        ),
    ],
)
def test_read_articles_front_matter_title_keeps_other_first_line(tmp_path, name, source, body):
    (article,) = read_all(write(tmp_path, name, source))
    assert (article.title, article.text) == ("Aceh Accord", body)


def test_read_articles_markdown_setext_title(tmp_path):
    (article,) = read_all(write(tmp_path, "a.md", "Peace in *Aceh*\n===\n\nAceh signed."))
    assert (article.title, article.text) == ("Peace in Aceh", "Aceh signed.")


def test_read_articles_markdown_without_heading_uses_title_line(tmp_path):
    (article,) = read_all(write(tmp_path, "a.md", "**Peace in Aceh**\n\nAceh *signed*."))
    assert (article.title, article.text) == ("Peace in Aceh", "Aceh signed.")


def test_read_articles_txt_front_matter(tmp_path):
    path = write(tmp_path, "b.txt", "---\nid: own\nsource: Desk\n---\nHeadline\n\nBody here.\r\n")
    (article,) = read_all(path)
    assert (article.id, article.source, article.title, article.text) == (
        "own",
        "Desk",
        "Headline",
        "Body here.",
    )


# --- errors ----------------------------------------------------------------------------

KNOWN = ".csv, .htm, .html, .jsonl, .md, .txt"
NOT_UTF8 = "not valid UTF-8 text (byte 0xff at offset 6); re-encode the file as UTF-8"
BAD_DATE = (
    "invalid published date 'soon'; "
    "expected an ISO date such as 2024-06-19 or a datetime such as 2024-06-19T08:30:00Z"
)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("a.txt", b"", "a.txt: empty article; expected some text"),
        ("a.md", b" \n\n\t\n", "a.md: empty article; expected some text"),
        ("a.md", b"---\ntitle: T\n---\n\n", "a.md: empty article; expected some text"),
        ("a.jsonl", b"", "a.jsonl: empty article; expected some text"),
        ("a.csv", b"", "a.csv: empty article; expected some text"),
        ("a.html", b"<html><body><nav>Menu</nav></body></html>", "a.html: empty article; expected some text"),
        ("a.html", b"<!-- nothing -->", "a.html: cannot parse HTML (document is empty)"),
        ("a.txt", b"Hello \xff world", f"a.txt: {NOT_UTF8}"),
        (
            "a.jsonl",
            b'{"text": "ok"}\n{"text": "a" "b"}\n',
            "a.jsonl:2: invalid JSON (expecting ',' delimiter at column 14); expected one JSON object per line",
        ),
        ("a.jsonl", b'{"title": "T"}\n', "a.jsonl:1: missing required field 'text'"),
        (
            "a.jsonl",
            b'["text"]\n',
            "a.jsonl:1: expected a JSON object with a 'text' field, got list",
        ),
        (
            "a.jsonl",
            b'{"text": "x", "title": 12}\n',
            "a.jsonl:1: field 'title' must be a string, got 12",
        ),
        ("a.jsonl", b'{"text": "  "}\n', "a.jsonl:1: empty article; expected some text"),
        ("a.jsonl", b'{"text": "x", "published": "soon"}\n', f"a.jsonl:1: {BAD_DATE}"),
        (
            "a.csv",
            b"id,body\n1,Hi\n",
            "a.csv: no 'text' column in the header; found columns: 'id', 'body'",
        ),
        (
            "a.csv",
            b"id,text\n1,Hi\n2,Hi,extra\n",
            "a.csv:3: expected 2 fields as in the header, got 3",
        ),
        ("a.csv", b"id,text\n\n1,\n", "a.csv:3: empty article; expected some text"),
        ("a.csv", b"text,published\nHi,soon\n", f"a.csv:2: {BAD_DATE}"),
        ("a.txt", b"---\npublished: soon\n---\nBody.", f"a.txt: {BAD_DATE}"),
        (
            "a.md",
            b"---\ntitle: T\nno colon here\n---\nBody.",
            "a.md:3: front matter line 'no colon here' is not 'key: value'",
        ),
        ("a.md", b"---\ntitle: T\nBody.", "a.md:1: front matter opened with '---' is never closed"),
        ("a.pdf", b"%PDF", f"a.pdf: unknown article format '.pdf'; expected one of: {KNOWN}"),
        ("NOTES", b"x", f"NOTES: unknown article format ''; expected one of: {KNOWN}"),
    ],
)
def test_read_articles_error_messages(tmp_path, monkeypatch, name, content, message):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, name, content)
    assert error_of(name) == message


def test_read_articles_missing_path(tmp_path):
    assert error_of(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file or directory"


def test_read_articles_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path, "a.txt", "Text.")

    def refuse(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    assert error_of(path) == f"{path}: cannot read file (permission denied)"


def test_read_articles_invalid_utf8_offset_counts_bom(tmp_path):
    path = write(tmp_path, "a.txt", b"\xef\xbb\xbfab\x80")
    assert (
        error_of(path)
        == f"{path}: not valid UTF-8 text (byte 0x80 at offset 5); re-encode the file as UTF-8"
    )


def test_read_articles_on_error_collects_and_goes_on(tmp_path):
    write(
        tmp_path,
        "a.jsonl",
        '{"text": "Peru voted."}\nnot json\n{"id": "c", "text": "Chile voted."}\n',
    )
    write(tmp_path, "b.txt", b"\xff")
    write(tmp_path, "c.txt", "Cuba voted.")
    errors: list[InputError] = []
    articles = read_all(tmp_path, on_error=errors.append)
    assert [a.text for a in articles] == ["Peru voted.", "Chile voted.", "Cuba voted."]
    assert [str(e).split(": ")[0] for e in errors] == [f"{tmp_path}/a.jsonl:2", f"{tmp_path}/b.txt"]


def test_read_articles_without_on_error_stops_at_first_problem(tmp_path):
    write(tmp_path, "a.txt", "Peru voted.")
    write(tmp_path, "b.txt", "")
    write(tmp_path, "c.txt", "Cuba voted.")
    seen: list[str] = []
    articles = read_articles([tmp_path])
    seen.append(next(articles).id)
    with pytest.raises(InputError, match=r"b\.txt: empty article; expected some text$"):
        next(articles)
    assert seen == ["a"]


def test_error_messages_are_one_line_location_first(tmp_path, stdin):
    write(tmp_path, "a.jsonl", '{"text": "x", "published": "x"}\n[1]\n{\n{"title": "t"}\n')
    write(tmp_path, "b.csv", "a,b\n")
    write(tmp_path, "c.csv", 'text\n"open\n')
    write(tmp_path, "d.md", "---\nx\n---\n")
    write(tmp_path, "e.txt", b"\xc3")
    write(tmp_path, "f.html", "<html><body></body></html>")
    errors: list[str] = []
    read_all(tmp_path, tmp_path / "g.txt", on_error=lambda e: errors.append(str(e)))
    assert len(errors) == 9
    for message in errors:
        assert "\n" not in message
        assert not message.endswith(".")
        location, _, rest = message.partition(": ")
        assert re.fullmatch(rf"{re.escape(str(tmp_path))}/[a-g]\.\w+(:\d+)?", location), message
        assert rest[:1].islower(), message


# --- module hygiene --------------------------------------------------------------------


@pytest.mark.parametrize("module", [_common, rows, text])
def test_io_doctests(module):
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0
    assert result.failed == 0


def test_io_public_api():
    assert set(relgraph.io.__all__) == {
        "MANIFEST_NAME",
        "SUFFIXES",
        "markdown_to_text",
        "parse_published",
        "read_articles",
    }
    assert json.dumps(sorted(relgraph.io.SUFFIXES)) == json.dumps(KNOWN.split(", "))
