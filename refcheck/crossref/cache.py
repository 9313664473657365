"""The on-disk cache of Crossref answers: data only, validated, and thrown away when unreadable.

What is stored is exactly what the client validated: the HTTP status and the JSON text
of the body, under a hash of the request URL (the ``mailto`` parameter left out), with
an expiry time. Reading an entry back is ``json.loads`` plus the same schema check, so
nothing in the file can run code, whoever wrote it. (refcheck used requests-cache's
``CachedSession`` before, which pickles responses: a repository that pointed the cache
at a crafted file it ships ran its code on ``refcheck paper.txt``. A session cache
also reads whole bodies to store them, which a size cap on answers cannot allow; the
client streams, caps and validates first, and then stores here.)

A file that is not a cache of this format — corrupt, another program's, or a pickle
cache from an older refcheck — is deleted with one warning and started afresh; an entry
that fails validation on reading is deleted and fetched again. A cache problem never
stops a run: at worst the run goes on uncached.
"""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

FORMAT = "refcheck-crossref-answers-1"
_MANY = 500  # keys per query (SQLite allows 999 parameters in old builds)
SQLITE_MAGIC = b"SQLite format 3\x00"
_TABLES = {"meta", "answers"}
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS answers ("
    " key TEXT PRIMARY KEY, status INTEGER NOT NULL, body TEXT NOT NULL,"
    " expires REAL NOT NULL);"
)


def cache_key(url: str, params: dict[str, str]) -> str:
    """The same request gives the same key whatever ``mailto`` (a contact, not a query)."""
    query = "&".join(f"{k}={v}" for k, v in sorted(params.items()) if k != "mailto")
    return hashlib.sha256(f"GET {url}?{query}".encode()).hexdigest()


def _problem(path: Path) -> str:
    """Why the file at ``path`` is not a usable cache, or ``""`` (also for no file yet)."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return ""
        if not path.is_file():
            return "not a file"
        with open(path, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
                return "not an SQLite database"
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
        try:
            check = con.execute("PRAGMA quick_check").fetchone()
            if not check or check[0] != "ok":
                return "corrupt"
            tables = {
                r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return ""
            if not tables >= _TABLES:
                return "written by an older refcheck or another program"
            row = con.execute("SELECT value FROM meta WHERE name='format'").fetchone()
            if not row or row[0] != FORMAT:
                return "written by another version of refcheck"
            columns = [r[1] for r in con.execute("PRAGMA table_info(answers)")]
            if columns != ["key", "status", "body", "expires"]:
                return "unexpected layout"
        finally:
            con.close()
    except sqlite3.Error as exc:
        return f"unreadable ({exc})"
    except OSError as exc:
        return f"unreadable ({exc.strerror or exc})"
    return ""


def _remove(path: Path) -> None:
    for p in (path, *(Path(f"{path}{s}") for s in ("-journal", "-wal", "-shm"))):
        if p.is_symlink() or p.is_file():
            p.unlink()


class AnswerCache:
    """Validated Crossref answers on disk, shared by the client's threads.

    ``warn`` receives one line per problem (a discarded file, discarded entries), for
    the client to print; the cache itself never raises once it is open.
    """

    def __init__(
        self, path: Path, warn: Callable[[str], None], weeks: float, label: str = "Crossref"
    ) -> None:
        self.path = path
        self.label = label
        self.ttl = weeks * 7 * 24 * 3600
        self._warn = warn
        self._lock = threading.Lock()
        self.discarded = 0  # entries deleted because they failed validation
        problem = _problem(path)
        if problem:
            _remove(path)
            warn(f"the {label} cache {path} was {problem}; discarded it and started a new one")
        self._con: sqlite3.Connection | None = self._open()

    def _open(self) -> sqlite3.Connection:
        con = sqlite3.connect(str(self.path), timeout=10, check_same_thread=False)
        try:
            con.executescript(_SCHEMA)
            con.execute("INSERT OR IGNORE INTO meta VALUES ('format', ?)", (FORMAT,))
            con.execute("DELETE FROM answers WHERE expires < ?", (time.time(),))
            con.commit()
        except sqlite3.Error:
            con.close()
            raise
        return con

    def _failed(self, exc: sqlite3.Error) -> None:
        """The file broke during the run: drop it and go on without a cache."""
        if self._con is not None:
            self._con.close()
            self._con = None
            with contextlib.suppress(OSError):
                _remove(self.path)
            self._warn(f"the {self.label} cache {self.path} failed ({exc}); discarded it")

    def get(self, key: str) -> tuple[int, str] | None:
        """The stored (status, body) for ``key``, unless absent or expired."""
        with self._lock:
            if self._con is None:
                return None
            try:
                row = self._con.execute(
                    "SELECT status, body, expires FROM answers WHERE key = ?", (key,)
                ).fetchone()
            except sqlite3.Error as exc:
                self._failed(exc)
                return None
        if row is None:
            return None
        status, body, expires = row
        if not isinstance(status, int) or not isinstance(body, str):
            self.discard(key)
            return None
        if not isinstance(expires, (int, float)) or expires < time.time():
            return None
        return status, body

    def get_many(self, keys: list[str]) -> dict[str, tuple[int, str]]:
        """The stored, unexpired (status, body) of each of ``keys`` that has one, read
        in a few queries rather than one per key: a rerun answered from the cache pays
        for its hundreds of lookups about what it pays for one."""
        found: dict[str, tuple[int, str]] = {}
        now = time.time()
        for i in range(0, len(keys), _MANY):
            chunk = keys[i : i + _MANY]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                if self._con is None:
                    return found
                try:
                    rows = self._con.execute(
                        f"SELECT key, status, body, expires FROM answers WHERE key IN ({marks})",
                        chunk,
                    ).fetchall()
                except sqlite3.Error as exc:
                    self._failed(exc)
                    return found
            for key, status, body, expires in rows:
                if not isinstance(status, int) or not isinstance(body, str):
                    self.discard(key)
                elif isinstance(expires, (int, float)) and expires >= now:
                    found[key] = (status, body)
        return found

    def put(self, key: str, status: int, body: str) -> None:
        with self._lock:
            if self._con is None:
                return
            try:
                self._con.execute(
                    "INSERT OR REPLACE INTO answers VALUES (?, ?, ?, ?)",
                    (key, status, body, time.time() + self.ttl),
                )
                self._con.commit()
            except sqlite3.Error as exc:
                self._failed(exc)

    def discard(self, key: str) -> None:
        """Delete an entry that turned out unusable (it is fetched again)."""
        with self._lock:
            self.discarded += 1
            if self._con is None:
                return
            try:
                self._con.execute("DELETE FROM answers WHERE key = ?", (key,))
                self._con.commit()
            except sqlite3.Error as exc:
                self._failed(exc)

    def close(self) -> None:
        with self._lock:
            if self._con is not None:
                self._con.close()
                self._con = None


def open_cache(
    path: Path, warn: Callable[[str], None], weeks: float, label: str = "Crossref"
) -> AnswerCache | None:
    """The cache at ``path``, or ``None`` (with a warning) when it cannot be used at all.

    A folder that cannot be created is the caller's error (``OSError``): the user named
    it with ``--cache-dir``, and a typo there should not pass unnoticed.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return AnswerCache(path, warn, weeks, label)
    except (sqlite3.Error, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        warn(f"cannot use the {label} cache {path} ({reason}); continuing without it")
        return None


__all__ = ["FORMAT", "AnswerCache", "cache_key", "open_cache"]
