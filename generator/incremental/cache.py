"""What one build leaves for the next: the checked content, converted Markdown and the
state of the output.

Everything lives in `PROJECT/.briefing-cache/`, is keyed by the generator's own code,
and is safe to delete: without it a build is simply a cold one. The project folder may
come from someone else (a clone, an archive), and loading a pickle runs code: every
pickled file is sealed with an HMAC under a key private to this user, outside the
project, and a file whose seal does not match is ignored.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import hmac
import io
import json
import os
import pickle
import re
from pathlib import Path
from typing import Any, BinaryIO, Callable

from .. import theme
from .stats import Stats, digest_of, folders_of, listed_digest, stats

PACKAGE = theme.PACKAGE  # the generator package: its code and its theme key every cache


def _code_digest() -> str:
    """Changes whenever the generator's code or built-in theme changes."""
    h = hashlib.sha1()
    for root in (PACKAGE, *(folder for folder in (theme.TEMPLATES, theme.STATIC) if PACKAGE not in folder.parents)):
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(root.parent).as_posix().encode())
                h.update(path.read_bytes())
    return h.hexdigest()[:16]


_SEAL = b"briefing-seal-1"
_MAC = 32  # bytes of an HMAC-SHA256


@functools.lru_cache(maxsize=1)
def _key() -> bytes:
    """This user's key for sealing caches, made once; without a place to keep it, a key
    for this process alone (its caches are then not read by the next)."""
    try:
        home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "briefing"
    except (RuntimeError, KeyError):  # no home folder at all (a bare service account)
        return os.urandom(_MAC)
    path = home / "cache-key"
    try:
        home.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        try:
            key = path.read_bytes()
            if len(key) == _MAC:
                return key
        except OSError:
            pass
        return os.urandom(_MAC)
    except OSError:
        return os.urandom(_MAC)
    key = os.urandom(_MAC)
    with os.fdopen(fd, "wb") as f:
        f.write(key)
    return key


class _Sealed:
    """A cache file being written: its bytes are authenticated as they go, and `seal()`
    appends the HMAC."""

    def __init__(self, file):
        self.file = file
        self.mac = hmac.new(_key(), digestmod="sha256")

    def write(self, data) -> int:
        self.mac.update(data)
        return self.file.write(data)

    def seal(self) -> str:
        """Seal the file; returns the seal, which names this very content."""
        mac = self.mac.digest()
        self.file.write(mac + _SEAL)
        return mac.hex()


def _unsealed(path: Path, seal: str | None = None) -> bytes | None:
    """The file's content if this user's key sealed it (with `seal`: that very seal), else None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    end = len(data) - len(_SEAL) - _MAC
    if end < 0 or not data.endswith(_SEAL):
        return None
    payload = memoryview(data)[:end]
    if seal is not None and data[end:end + _MAC].hex() != seal:
        return None
    if not hmac.compare_digest(hmac.new(_key(), payload, "sha256").digest(), data[end:end + _MAC]):
        return None
    return payload


def _unpickled(payload: memoryview | None) -> Any:
    """What a sealed file holds, or None: made by other code (a class gone or changed)."""
    try:
        return None if payload is None else pickle.loads(payload)
    except (pickle.PickleError, EOFError, ValueError, AttributeError, TypeError, ImportError, KeyError):
        return None


def read_parts(path: Path) -> dict:
    """Every pickled dict in the sealed file, one after the other, merged."""
    merged: dict = {}
    payload = _unsealed(path)
    if payload is None:
        return merged
    f = io.BytesIO(payload)
    try:
        while f.tell() < len(payload):
            data = pickle.load(f)
            if isinstance(data, dict):
                merged.update(data)
    except (pickle.PickleError, EOFError, ValueError, AttributeError):
        pass
    return merged


class Part:
    """What a render worker keeps for the next build (conversions, page contexts), appended
    chunk by chunk so that it never holds it all. The file is sealed once complete, and
    named `path` then; without a `path` it stays `tmp`, for the build to name once it has
    succeeded."""

    def __init__(self, path: Path | None, tmp: Path | None = None):
        self.path = path
        self.tmp = tmp or path.with_suffix(".writing")
        try:
            self.tmp.parent.mkdir(exist_ok=True)
            self.file = _Sealed(self.tmp.open("wb"))
        except OSError:
            self.file = None  # only a cache

    def add(self, kept: dict) -> None:
        if self.file and kept:
            pickle.dump(kept, self.file, protocol=pickle.HIGHEST_PROTOCOL)

    def close(self) -> None:
        if self.file:
            self.file.seal()
            self.file.file.close()
            if self.path:
                os.replace(self.tmp, self.path)


_WRITER = re.compile(r"\.(?:tmp|part)-(\d+)")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


class BuildCache:
    def __init__(self, project: Path, out: Path, base_url: str | None):
        self.folder = project / ".briefing-cache"
        self.project = project
        self.out = out
        self.target = (project, out, base_url)
        self.code = _code_digest()
        target = f"{out.absolute()}|{base_url}".encode()
        self.state_file = self.folder / f"state-{hashlib.sha1(target).hexdigest()[:12]}.json"
        # The state in short: the digests of the inputs' and outputs' stats, and the count.
        self.answer_file = self.state_file.with_name(self.state_file.stem.replace("state-", "answer-") + ".json")
        self.model_file = self.folder / f"model-{self.code}.pickle"
        self.answer: tuple[int | None, Stats, dict] | None = None

    @functools.cached_property
    def markdown_file(self) -> Path:
        """Converted Markdown depends on our Markdown settings and on the libraries that
        convert and sanitize it, not on the rest of the code: it outlives most upgrades.
        (A property: the no-change check never needs it, nor to import those libraries.)"""
        from importlib.metadata import version

        versions = f"{version('markdown')}|{version('nh3')}|".encode()
        code = b"".join((PACKAGE / "pages" / name).read_bytes() for name in ("markup.py", "shortcuts.py"))
        return self.folder / f"markdown-{hashlib.sha1(versions + code).hexdigest()[:12]}.pickle"

    def inputs(self) -> Stats:
        return stats(self.project, ("content", "templates", "static", "editions"))

    def unchanged(self, out: Path) -> tuple[int | None, Stats, dict]:
        """(number of files, inputs, state): the count is None unless no input and no
        output file changed since the last build recorded its state."""
        inputs = self.inputs()
        if not out.is_dir():
            self.answer = (None, inputs, self.load_state())
            return self.answer
        # The short answer first: reading the whole state takes longer than the question,
        # and stat'ing the files it names is quicker than walking the folder.
        short = self._load_json(self.answer_file)
        if short.get("outputs") and short.get("inputs") == digest_of(inputs):
            if short["outputs"] == listed_digest(out, short.get("files", []), short.get("folders", [])):
                return short["count"], inputs, {}
        state = self.load_state()
        if state and state["inputs"] == inputs:
            outputs = stats(out)
            if outputs == state["outputs"]:
                return len(outputs), inputs, state
        self.answer = (None, inputs, state)
        return self.answer

    def outputs(self, out: Path, state: dict) -> Stats:
        """The stats of the files in `out`: as `state` recorded them while the folder is
        as the last build left it (a stat for each file and folder it holds), else walked."""
        short = self._load_json(self.answer_file)
        files = short.get("files")  # the answer is of the same build as the state
        if (state.get("outputs") and short.get("outputs") and files == list(state["outputs"])
                and short["outputs"] == listed_digest(out, files, short.get("folders", []))):
            return state["outputs"]
        return stats(out)

    def take_answer(self, out: Path) -> tuple[int | None, Stats, dict]:
        """`unchanged()`'s answer, from the call a moment ago (the command line asks first,
        before loading the pipeline) or made now."""
        answer, self.answer = self.answer, None
        return answer or self.unchanged(out)

    def load_markdown(self, fold: bool = True) -> dict[str, str]:
        """The converted Markdown, with the parts that render workers left; with `fold`,
        they are folded into one file for the next build."""
        cache = read_parts(self.markdown_file)
        parts = sorted(self.folder.glob(self.markdown_file.stem + ".part-*.pickle"))
        for part in parts:
            cache.update(read_parts(part))
        if parts and fold:
            self.save_markdown(cache)
            for part in parts:
                part.unlink(missing_ok=True)
        return cache

    def save_markdown(self, cache: dict[str, str]) -> None:
        self._pickle(self.markdown_file, cache)

    def markdown_part(self) -> Part:
        """For a render worker: a file of its own for the Markdown it converts."""
        return Part(self.folder / f"{self.markdown_file.stem}.part-{os.getpid()}.pickle")

    def load_model(self) -> Any:
        """What the last process learned of the content (documents by stat, checked and
        linked results), or None. Made by this very code, or not used."""
        return _unpickled(_unsealed(self.model_file))

    def save_model(self, model: Any) -> Callable[[], None]:
        """Write the model in a forked child while the caller goes on (it is some 40 MB at
        10,000 notes); returns the function that waits for it."""
        def write() -> None:
            self._pickle(self.model_file, model)
            for old in self.folder.glob("model-*.pickle"):  # made by other versions
                if old != self.model_file:
                    old.unlink(missing_ok=True)

        from ..fork import spawn  # (not on the no-change path: it loads ctypes)

        pid = spawn(write)
        if pid is None:
            write()
            return lambda: None
        return lambda: os.waitpid(pid, 0) and None

    @property
    def reads_file(self) -> Path:
        return self.state_file.with_name(self.state_file.stem.replace("state-", "reads-") + f"-{self.code}.pickle")

    def load_reads(self, seal: str | None) -> Any:
        """What each page read when the last build made it (incremental/reads.py), or None.
        Only the reads the state names by their `seal`: a build stopped after saving its
        reads and before its state leaves reads of content the state does not describe."""
        return _unpickled(_unsealed(self.reads_file, seal)) if seal else None

    def save_reads(self, reads: Any) -> str | None:
        """Their seal, for the state; None when not saved (a read-only project, a full disk)."""
        seal = self._pickle(self.reads_file, reads)
        if seal is None:
            return None
        for old in self.folder.glob(self.reads_file.name.rsplit("-", 1)[0] + "-*.pickle"):  # other versions'
            if old != self.reads_file:
                old.unlink(missing_ok=True)
        return seal

    @property
    def plan_file(self) -> Path:
        return self.state_file.with_name(self.state_file.stem.replace("state-", "plan-") + f"-{self.code}.pickle")

    def save_plan(self, data: bytes) -> str | None:
        """A build's plan, pickled (restyle.py); its seal, for the state to name: a plan is
        used only with the state of the build that made it."""
        return self._seal_into(self.plan_file, lambda sealed: sealed.write(data))

    def load_plan(self, seal: str | None) -> Any:
        """The plan the state names by its `seal`, or None (another build's, or none)."""
        return _unpickled(_unsealed(self.plan_file, seal)) if seal else None

    def load_state(self) -> dict:
        return self._load_json(self.state_file)

    def _load_json(self, path: Path) -> dict:
        try:
            state = json.loads(path.read_text())
        except (OSError, ValueError):
            return {}
        return state if isinstance(state, dict) and state.get("code") == self.code else {}

    def save_state(self, inputs: Stats, outputs: Stats, keys: dict[str, str], digests: dict[str, str],
                   book_pages: int | None = None, plan: str | None = None, reads: str | None = None) -> None:
        """`plan`, `reads`: the seals of the files this state goes with."""
        self._sweep()
        data = {"code": self.code, "inputs": inputs, "outputs": outputs, "keys": keys, "digests": digests,
                "book_pages": book_pages, "plan": plan, "reads": reads}
        self._atomic(self.state_file, json.dumps(data, separators=(",", ":")).encode())
        files = list(outputs)
        folders = folders_of(files)
        short = {"code": self.code, "inputs": digest_of(inputs), "files": files, "folders": folders,
                 "outputs": listed_digest(self.out, files, folders), "count": len(outputs)}
        self._atomic(self.answer_file, json.dumps(short).encode())

    def _sweep(self) -> None:
        """Remove what a killed build left half written here (its pid is in the name)."""
        for path in self.folder.glob("*.*"):
            found = _WRITER.search(path.name)
            if found and (path.suffix.startswith(".tmp-") or path.suffix == ".writing") and not _alive(int(found[1])):
                path.unlink(missing_ok=True)

    def _atomic(self, path: Path, data: bytes) -> None:
        self._replace(path, lambda f: f.write(data))

    def _pickle(self, path: Path, value: Any) -> str | None:
        """`value` pickled and sealed into `path` as it is made, never held whole in memory."""
        return self._seal_into(path, lambda sealed: pickle.dump(value, sealed, protocol=pickle.HIGHEST_PROTOCOL))

    def _seal_into(self, path: Path, fill: Callable[[_Sealed], Any]) -> str | None:
        """`path` replaced whole by what `fill` writes, sealed: the seal, or None when the
        file was left as it was."""
        seals: list[str] = []

        def write(file: BinaryIO) -> None:
            sealed = _Sealed(file)
            fill(sealed)
            seals.append(sealed.seal())

        return seals[0] if self._replace(path, write) else None

    def _replace(self, path: Path, fill: Callable[[BinaryIO], Any]) -> bool:
        """`path` replaced whole by what `fill` writes (True), or left as it was."""
        tmp = path.with_suffix(f".tmp-{os.getpid()}")
        try:
            self.folder.mkdir(exist_ok=True)
            with tmp.open("wb") as file:
                fill(file)
            os.replace(tmp, path)
            return True
        except (OSError, pickle.PickleError):  # a read-only project builds every time from scratch
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return False
