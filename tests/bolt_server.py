"""A real Bolt server for the Neo4j-path tests and benchmarks: ArcadeDB in a child process.

Neo4j itself cannot be installed from the registries this project reaches;
ArcadeDB (PyPI ``arcadedb-embedded``, with its own JRE) speaks Bolt through
its ``BoltProtocolPlugin``, so the official ``neo4j`` driver talks to it the
way it talks to Neo4j. :class:`BoltServer` starts it in a child Python
process (the JVM stays out of the test process) on free loopback ports,
waits until Bolt answers a query on the database, and stops it.

ArcadeDB writes a ``log/`` folder into its working directory: the child
runs with the server's own folder as its working directory, never the
repository.

Run as a script, this file is the child: ``python bolt_server.py ROOT
HTTP_PORT BOLT_PORT DATABASE`` with the root password in
``$RELGRAPH_BOLT_PASSWORD`` (not on the command line, where ``ps`` shows
it); it serves until its standard input closes.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["BoltServer", "BoltTarget"]

_PASSWORD_VAR = "RELGRAPH_BOLT_PASSWORD"


@dataclass(frozen=True)
class BoltTarget:
    """How to reach a Bolt server: URI, user, password, database."""

    uri: str
    user: str
    password: str | None = field(repr=False)
    database: str | None
    external: bool = False

    def wipe(self) -> None:
        """Delete every node and relationship of the database."""
        from neo4j import GraphDatabase

        with GraphDatabase.driver(self.uri, auth=(self.user, self.password)) as driver:
            driver.execute_query("MATCH (n) DETACH DELETE n", database_=self.database)

    def open_store(self, **options: object) -> Any:
        """A relgraph ``Neo4jStore`` on it, credentials passed (not read from the environment)."""
        from relgraph.stores import open_store

        return open_store(
            self.uri, user=self.user, password=self.password, database=self.database, **options
        )

    def env(self) -> dict[str, str]:
        """The ``NEO4J_*`` variables relgraph reads (the URI goes on the command line)."""
        out = {"NEO4J_USERNAME": self.user}
        if self.password is not None:
            out["NEO4J_PASSWORD"] = self.password
        if self.database:
            out["NEO4J_DATABASE"] = self.database
        return out


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class BoltServer:
    """ArcadeDB with the Bolt plugin, in a child process; use as a context manager.

    Args:
        workdir: An empty folder for the server's databases and logs.
        password: The root password.
        database: Created at start; the tests load into it.
        timeout: Seconds to wait for Bolt to answer.
    """

    def __init__(
        self, workdir: Path, *, password: str, database: str = "relgraph", timeout: float = 240
    ) -> None:
        self.workdir = Path(workdir)
        self.password = password
        self.database = database
        self.timeout = timeout
        self.bolt_port = 0
        self.http_port = 0
        self.root = self.workdir
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def target(self) -> BoltTarget:
        """Where the running server listens."""
        uri = f"bolt://127.0.0.1:{self.bolt_port}"
        return BoltTarget(uri, "root", self.password, self.database)

    @property
    def log(self) -> Path:
        """The child's standard output and error."""
        return self.workdir / "server.out"

    def __enter__(self) -> BoltTarget:
        self.start()
        return self.target

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        """Start the child and wait until Bolt answers (a few tries if a port was taken)."""
        for attempt in range(3):
            self.bolt_port = _free_port()
            self.http_port = _free_port()
            self.root = self.workdir / f"server-{attempt}"
            self.root.mkdir(parents=True)
            self._spawn()
            if self._wait():
                return
            self.stop()
        tail = self.log.read_text(errors="replace")[-3000:]
        raise RuntimeError(f"ArcadeDB did not start (see {self.log}):\n{tail}")

    def restart(self) -> None:
        """Start again after `stop`: the same folder (its databases) and the same ports."""
        self._spawn()
        if not self._wait():
            self.stop()
            tail = self.log.read_text(errors="replace")[-3000:]
            raise RuntimeError(f"ArcadeDB did not restart (see {self.log}):\n{tail}")

    def _spawn(self) -> None:
        env = {**os.environ, _PASSWORD_VAR: self.password}
        with self.log.open("ab") as out:
            self._proc = subprocess.Popen(
                [sys.executable, __file__, str(self.root), str(self.http_port),
                 str(self.bolt_port), self.database],
                cwd=self.root,
                env=env,
                stdin=subprocess.PIPE,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def _wait(self) -> bool:
        from neo4j import GraphDatabase
        from neo4j.exceptions import DriverError, Neo4jError

        deadline = time.monotonic() + self.timeout
        target = self.target
        assert self._proc is not None
        while time.monotonic() < deadline:
            if self._proc.poll() is not None:
                return False
            try:
                auth = (target.user, self.password)
                with (
                    GraphDatabase.driver(target.uri, auth=auth, connection_timeout=2) as driver,
                    driver.session(database=self.database) as session,
                ):
                    session.run("RETURN 1").consume()
                return True
            except (DriverError, Neo4jError, OSError):
                time.sleep(0.5)
        return False

    def stop(self) -> None:
        """Close the child's input (it stops the server and exits); kill it if it hangs."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        try:
            if proc.stdin:
                proc.stdin.close()
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=30)


def _serve(root: str, http_port: int, bolt_port: int, database: str) -> None:
    """The child: start ArcadeDB, create the database, serve until stdin closes."""
    from arcadedb_embedded import create_server

    server = create_server(
        root_path=root,
        root_password=os.environ[_PASSWORD_VAR],
        config={
            "host": "127.0.0.1",  # every listener on loopback only
            "http_port": http_port,
            "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "bolt_port": bolt_port,
        },
    )
    server.start()
    try:
        server.create_database(database)
        print("ready", flush=True)
        sys.stdin.buffer.read()  # returns when the parent closes the pipe (or dies)
    finally:
        server.stop()


if __name__ == "__main__":
    _serve(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
