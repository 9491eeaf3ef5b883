"""Serve the embedded store as a SPARQL endpoint, with Oxigraph's own server.

The server is the ``oxigraph`` program from the ``oxigraph`` package on PyPI (a mediakg
dependency). By default it is read-only and listens on 127.0.0.1 only; binding elsewhere and
accepting updates each take an explicit choice. Its default graph is the union of the named
graphs, so that any SPARQL client sees what ``mediakg query`` sees.

Endpoints, under ``http://HOST:PORT``: ``/query`` (SPARQL query), ``/update`` (SPARQL Update,
only with updates allowed), ``/store`` (Graph Store HTTP Protocol; writes only with updates
allowed), and ``/`` (a query page for a browser).
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import FrameType, TracebackType

from mediakg.errors import StoreError

__all__ = ["DEFAULT_HOST", "DEFAULT_PORT", "OxigraphServer", "oxigraph_executable", "serve"]

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7878


def oxigraph_executable() -> str:
    """Return the path of the ``oxigraph`` server program.

    It is looked for beside the running Python first (the same virtual environment), then on
    ``PATH``.

    Raises
    ------
    StoreError
        If it is not installed.
    """
    name = "oxigraph.exe" if os.name == "nt" else "oxigraph"
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which("oxigraph")
    if found is None:
        raise StoreError(
            "the Oxigraph server is not installed: pip install 'oxigraph>=0.5,<0.6' "
            "(it comes with mediakg)"
        )
    return found


def is_loopback(host: str) -> bool:
    """Tell whether ``host`` names this machine only.

    Examples
    --------
    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1")
    (True, True, True)
    >>> is_loopback("0.0.0.0")
    False
    """
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class OxigraphServer:
    """An Oxigraph server process over a store directory.

    Parameters
    ----------
    store : str or os.PathLike
        The embedded store's directory (it must exist).
    host : str
        Address to listen on; 127.0.0.1 unless you mean to share the store.
    port : int
        Port to listen on; ``0`` picks a free one.
    allow_update : bool
        Accept SPARQL Update and Graph Store writes (opens the store for writing, so no other
        process may have it open).
    timeout : float, optional
        Seconds a query may run on the server before it is cancelled.
    cors : bool
        Allow cross-origin requests (for browser applications on other origins).
    union_default_graph : bool
        Make the default graph the union of the named graphs, as mediakg's queries expect.
    executable : str, optional
        The ``oxigraph`` program; default :func:`oxigraph_executable`.

    Examples
    --------
    >>> server = OxigraphServer("mediakg-store", port=7878, executable="oxigraph")
    >>> server.command()[1:4]
    ['serve-read-only', '--location', 'mediakg-store']
    >>> server.command()[4:]
    ['--bind', '127.0.0.1:7878', '--union-default-graph']
    >>> server.query_url
    'http://127.0.0.1:7878/query'
    """

    def __init__(
        self,
        store: str | os.PathLike[str],
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        allow_update: bool = False,
        timeout: float | None = None,
        cors: bool = False,
        union_default_graph: bool = True,
        executable: str | None = None,
    ) -> None:
        self.store = Path(store)
        self.union_default_graph = union_default_graph
        self.host = host
        self.port = port
        self.allow_update = allow_update
        self.timeout = timeout
        self.cors = cors
        self.executable = executable
        self.process: subprocess.Popen[bytes] | None = None
        self._log: Path | None = None

    # -- addresses -------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """The server's base URL."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return f"{self.url}/query"

    @property
    def update_url(self) -> str:
        """The SPARQL Update endpoint (it refuses updates unless they are allowed)."""
        return f"{self.url}/update"

    @property
    def store_url(self) -> str:
        """The Graph Store HTTP Protocol endpoint."""
        return f"{self.url}/store"

    @property
    def pid(self) -> int:
        """The server's process id."""
        if self.process is None:
            raise StoreError("the server is not running")
        return self.process.pid

    def command(self) -> list[str]:
        """The command line that starts the server."""
        host = f"[{self.host}]" if ":" in self.host and not self.host.startswith("[") else self.host
        args = [
            self.executable or oxigraph_executable(),
            "serve" if self.allow_update else "serve-read-only",
            "--location",
            str(self.store),
            "--bind",
            f"{host}:{self.port}",
        ]
        if self.union_default_graph:
            args.append("--union-default-graph")
        if self.cors:
            args.append("--cors")
        if self.timeout is not None:
            args += ["--timeout-s", str(max(1, round(self.timeout)))]
        return args

    # -- running ---------------------------------------------------------------------------

    def start(self, *, wait: float = 15.0) -> OxigraphServer:
        """Start the server and return once it accepts connections.

        Raises
        ------
        StoreError
            If there is no store, the port is taken, or the server exits or stays silent for
            ``wait`` seconds; the message carries the server's own last words.
        """
        if not self.allow_update and not self.store.is_dir():
            raise StoreError(
                f"no store at {self.store}: run 'mediakg ingest' or 'mediakg demo' first"
            )
        if self.port == 0:
            self.port = free_port(self.host)
        command = self.command()
        import tempfile

        fd, log = tempfile.mkstemp(prefix="mediakg-serve-", suffix=".log")
        self._log = Path(log)
        with os.fdopen(fd, "wb") as sink:
            self.process = subprocess.Popen(
                command, stdin=subprocess.DEVNULL, stdout=sink, stderr=sink
            )
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                said = self._last_words()
                self.process = None
                raise StoreError(
                    f"the Oxigraph server for {self.store} stopped at once"
                    f"{': ' + said if said else ''}"
                )
            if _accepts(self.host, self.port):
                return self
            time.sleep(0.05)
        self.stop()
        raise StoreError(f"the Oxigraph server at {self.url} did not start within {wait:g} s")

    def stop(self, *, wait: float = 10.0) -> int | None:
        """Stop the server by its process id (SIGTERM, then SIGKILL); return its exit code."""
        process, self.process = self.process, None
        code: int | None = None
        if process is not None:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=wait)
                except subprocess.TimeoutExpired:
                    os.kill(process.pid, signal.SIGKILL)
                    process.wait(timeout=wait)
            code = process.returncode
        if self._log is not None:
            self._log.unlink(missing_ok=True)
            self._log = None
        return code

    def wait(self) -> int:
        """Wait until the server exits; return its exit code."""
        if self.process is None:
            raise StoreError("the server is not running")
        return self.process.wait()

    def __enter__(self) -> OxigraphServer:
        return self.start() if self.process is None else self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _last_words(self) -> str:
        if self._log is None or not self._log.exists():
            return ""
        lines = [line.strip() for line in self._log.read_text("utf-8", "replace").splitlines()]
        lines = [line for line in lines if line]
        return lines[-1][:300] if lines else ""


def serve(
    store: str | os.PathLike[str],
    *,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    allow_update: bool = False,
    timeout: float | None = None,
    cors: bool = False,
) -> int:
    """Serve ``store`` until interrupted (Ctrl-C or SIGTERM); return the server's exit code.

    Says where it listens, and warns when the store is reachable from other machines or
    writable, on stderr.

    Raises
    ------
    StoreError
        If the server cannot start (see :meth:`OxigraphServer.start`).
    """
    server = OxigraphServer(
        store, host=host, port=port, allow_update=allow_update, timeout=timeout, cors=cors
    )
    if not is_loopback(host):
        print(
            f"mediakg: warning: listening on {host}: anyone who can reach this machine can "
            f"{'change' if allow_update else 'query'} the store",
            file=sys.stderr,
        )

    def stop(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    # Stop the server with us, whether by Ctrl-C or by SIGTERM to our process id.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, stop) if main else None
    try:
        server.start()
        mode = "read-write" if allow_update else "read-only"
        print(
            f"mediakg: serving {server.store} ({mode}) at {server.query_url}"
            f"{f' and {server.update_url}' if allow_update else ''}; "
            f"process {server.pid}; Ctrl-C stops it",
            file=sys.stderr,
            flush=True,
        )
        code = server.wait()
    except KeyboardInterrupt:
        code = 0
    finally:
        server.stop()
        if main:
            signal.signal(signal.SIGTERM, previous if previous is not None else signal.SIG_DFL)
    return code


def free_port(host: str = DEFAULT_HOST) -> int:
    """Return a TCP port that is free on ``host`` right now."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host.strip("[]"), 0))
        port: int = sock.getsockname()[1]
        return port


def _accepts(host: str, port: int) -> bool:
    target = "127.0.0.1" if host in ("0.0.0.0", "") else "::1" if host.strip("[]") == "::" else host
    try:
        with socket.create_connection((target.strip("[]"), port), timeout=0.5):
            return True
    except OSError:
        return False
