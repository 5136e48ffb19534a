"""The built wheel works when installed in a fresh venv, away from the source tree.

The wheel is built from the repository, installed (not editable) into a new
venv created without pip, and run with the working directory outside the
repository. The venv gets relgraph's dependencies through a ``.pth`` line
naming this environment's site-packages: lines in a ``.pth`` file are
appended to ``sys.path`` after the venv's own site-packages, and the ``.pth``
files inside them (such as the editable-install hook pointing at ``src/``)
are not processed, so ``relgraph`` and its ``_resources`` can only come from
the wheel. This keeps the test offline and fast.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# Top-level folders the build backend maps into relgraph/_resources (pyproject.toml).
RESOURCE_DIRS = ("schema", "queries", "data/gazetteer", "data/lexicon")


@dataclass(frozen=True)
class Installed:
    root: Path  # the working directory: a temporary folder, not the repository
    venv: Path
    env: dict[str, str]

    @property
    def python(self) -> Path:
        return self.venv / "bin" / "python"

    @property
    def relgraph(self) -> Path:
        return self.venv / "bin" / "relgraph"

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        return _run([str(a) for a in args], cwd=self.root, env=self.env)


def _run(
    args: list[str], *, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, (
        f"{' '.join(args)} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
    )
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    build = [sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "-q", "-w", str(dist)]
    if importlib.util.find_spec("hatchling") is not None:
        # The backend is already here: no need to fetch it into an isolated build env.
        build.append("--no-build-isolation")
    _run(build, cwd=root)
    (wheel,) = dist.glob("relgraph-*.whl")

    venv = root / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=root)
    python = venv / "bin" / "python"
    # This environment's pip installs into the new venv (pip >= 22.3: --python).
    install = ["install", "--no-deps", "--no-index", "-q", str(wheel)]
    _run([sys.executable, "-m", "pip", "--python", str(python), *install], cwd=root)

    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(_run([str(python), "-c", code], cwd=root).stdout.strip())
    deps = sorted({sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]})
    (site / "_relgraph_test_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "RELGRAPH_STORE"}
    }
    env["PYTHONNOUSERSITE"] = "1"
    return Installed(root=root, venv=venv, env=env)


def test_wheel_package_comes_from_the_wheel(installed):
    code = "import relgraph, relgraph.resources as r; print(relgraph.__file__, r.resource_path())"
    package, resources = installed.run(installed.python, "-c", code).stdout.split()
    assert Path(package).is_relative_to(installed.venv)
    assert Path(resources).is_relative_to(installed.venv)


@pytest.mark.parametrize("folder", RESOURCE_DIRS)
def test_wheel_ships_resource_files(installed, folder):
    code = "import relgraph.resources as r; print(r.resource_path())"
    shipped = Path(installed.run(installed.python, "-c", code).stdout.strip())
    expected = sorted(
        p.relative_to(REPO).as_posix()
        for p in (REPO / folder).rglob("*")
        if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts
    )
    assert expected, f"{folder}/ is empty in the repository"
    missing = [name for name in expected if not (shipped / name).is_file()]
    assert missing == []


@pytest.mark.parametrize(
    "command", [["{relgraph}", "--help"], ["{python}", "-m", "relgraph", "--help"]]
)
def test_wheel_cli_help(installed, command):
    args = [a.format(relgraph=installed.relgraph, python=installed.python) for a in command]
    out = installed.run(*args).stdout
    assert out.startswith("Usage:")
    assert "ingest" in out
    assert "query" in out


def test_wheel_ingest_and_query_sample_articles(installed):
    store = installed.root / "store"
    installed.run(installed.relgraph, "ingest", REPO / "data" / "articles", "--store", store)
    out = installed.run(
        installed.relgraph,
        "query",
        "shared_sanctions_exposure",
        "--store",
        store,
        "--format",
        "json",
    ).stdout
    rows = json.loads(out)
    pairs = {(row["state_a"], row["state_b"]): row for row in rows}
    assert ("PRK", "RUS") in pairs, rows
    sanctioners = pairs["PRK", "RUS"]["sanctioners"]
    if isinstance(sanctioners, str):
        sanctioners = sanctioners.split("|")
    assert "the-west" in sanctioners


def test_wheel_viz_writes_the_page_from_its_own_template(installed):
    store, page = installed.root / "viz-store", installed.root / "graph.html"
    installed.run(installed.relgraph, "ingest", REPO / "data" / "articles", "--store", store)
    installed.run(installed.relgraph, "viz", "--store", store, "-o", page)
    text = page.read_text(encoding="utf-8")
    assert 'id="graph-data"' in text and "vis-network" in text


@pytest.mark.parametrize("suffix", ["sparql", "cypher"])
def test_wheel_ships_the_assertions_queries_of_to_networkx(installed, suffix):
    code = f"from relgraph.analytics.graph import _query_text; print(_query_text({suffix!r}))"
    shipped = installed.run(installed.python, "-c", code).stdout
    source = REPO / "src" / "relgraph" / "analytics" / f"assertions.{suffix}"
    assert shipped == source.read_text(encoding="utf-8") + "\n"
