"""Change detection for the dev server: file events in, debounced batches out.

`classify()` is a pure function from a changed path to what it affects; `ChangeQueue`
coalesces a burst of events into one batch (and the events that arrive during a build
into exactly one more); `Watcher` feeds it from watchdog, with inotify where the platform
has reliable events and polling where it does not.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer
from watchdog.observers.polling import PollingObserver

# editions/ too: recording an edition while serving changes the What changed page and the overview.
WATCHED = ("content", "templates", "static", "editions")
# File systems whose change events are missing or late: poll there instead.
UNRELIABLE_FS = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "virtiofs", "vboxsf",
                 "fuse.grpcfuse", "fakeowner", "fuse.osxfs", "davfs"}


def classify(project: Path, path: Path) -> str | None:
    """What a changed path affects: 'content' (an edition is read with the content),
    'template', 'static', or None to ignore it."""
    try:
        rel = path.absolute().relative_to(project.absolute())
    except ValueError:
        return None
    parts = rel.parts
    if not parts or parts[0] not in WATCHED:
        return None
    name = parts[-1]
    # Editors' swap, backup and probe files are not content.
    if (name.startswith((".", "#")) or name.endswith(("~", ".swp", ".swx", ".tmp", ".part"))
            or name == "4913"):
        return None
    return {"content": "content", "editions": "content", "templates": "template", "static": "static"}[parts[0]]


def css_only(project: Path, paths: set[Path]) -> bool:
    """True when every change is a stylesheet: the browser can swap it without reloading."""
    return bool(paths) and all(classify(project, p) == "static" and p.suffix == ".css" for p in paths)


class ChangeQueue:
    """Collects changed paths; hands them out as one batch once they stop coming."""

    def __init__(self, quiet: float = 0.03, longest: float = 0.5):
        self.quiet = quiet  # a batch ends after this long without a new event...
        self.longest = longest  # ...or this long after it began, whichever comes first
        self._paths: set[Path] = set()
        self._last = 0.0
        self._cond = threading.Condition()

    def add(self, path: Path) -> None:
        with self._cond:
            self._paths.add(path)
            self._last = time.monotonic()
            self._cond.notify_all()

    def pending(self) -> bool:
        with self._cond:
            return bool(self._paths)

    def wait_batch(self, timeout: float) -> set[Path] | None:
        """The next batch, or None when nothing changed within `timeout` seconds."""
        with self._cond:
            if not self._paths and not self._cond.wait_for(lambda: bool(self._paths), timeout):
                return None
            began = time.monotonic()
            while True:
                now = time.monotonic()
                left = min(self._last + self.quiet, began + self.longest) - now
                if left <= 0:
                    break
                self._cond.wait(left)
            batch, self._paths = self._paths, set()
            return batch


class _Handler(FileSystemEventHandler):
    def __init__(self, project: Path, queue: ChangeQueue):
        self.project = project
        self.queue = queue

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        if event.is_directory and event.event_type == "modified":
            return  # a folder's own timestamp: the files inside report themselves
        for raw in (event.src_path, getattr(event, "dest_path", "")):
            if raw:
                path = Path(raw.decode() if isinstance(raw, bytes) else raw)
                if classify(self.project, path):
                    self.queue.add(path)


def _unreliable(path: Path) -> bool:
    """True when `path` lies on a file system known to drop or delay change events."""
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    best, fstype = "", ""
    target = str(path.resolve())
    for line in mounts:
        fields = line.split()
        if len(fields) > 2 and (target == fields[1] or target.startswith(fields[1].rstrip("/") + "/")):
            if len(fields[1]) > len(best):
                best, fstype = fields[1], fields[2]
    return fstype in UNRELIABLE_FS


class Watcher:
    """Watches content/, templates/, static/ and editions/ of a project (and their creation)."""

    def __init__(self, project: Path, queue: ChangeQueue, poll: bool = False):
        self.project = project.absolute()
        self.polling = poll or _unreliable(self.project)
        self.queue = queue
        self._observer = self._start()

    def _start(self):
        self._handler = _Handler(self.project, self.queue)
        self._folders: set[Path] = set()
        observer = PollingObserver(timeout=0.5) if self.polling else Observer()
        # The project folder itself, not recursively: sees templates/ or static/ appear.
        observer.schedule(self._handler, str(self.project), recursive=False)
        self._observer = observer
        self.rescan()
        try:
            observer.start()
        except OSError:
            if self.polling:
                raise
            self.polling = True  # out of inotify watches, or none on this platform
            return self._start()
        return observer

    def rescan(self) -> None:
        """Watch each folder of WATCHED that exists and is not watched yet."""
        for name in WATCHED:
            folder = self.project / name
            if folder.is_dir() and folder not in self._folders:
                self._observer.schedule(self._handler, str(folder), recursive=True)
                self._folders.add(folder)

    def stop(self) -> None:
        self._observer.stop()
        self._observer.join(timeout=5)
