"""Files and folders written so that a failure or a crash (even SIGKILL) never leaves a partial one, and text
read so that bad bytes are named by line and column: the one place files are written.

- `write_atomically`: one file, through a synced temporary file renamed over it.
- `folder_lock`: one writer per folder; a second is refused (exit 2) with the holder named.
- `replace_folder`: a whole folder replaced in one step (a release); `recover_folder` undoes what a killed
  swap left. The invariant, at every instant: the folder holds the old files or the new ones, whole.
- `remove_stale_temps`: the temporary files a killed `write_atomically` left.
New files get the umask's mode; a file written over keeps its mode.
"""

import errno
import os
import re
import shutil
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import InputError

_AT_FDCWD, _RENAME_EXCHANGE = -100, 2  # from <fcntl.h> and <linux/fs.h>


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def new_file_mode(target: Path) -> int:
    """The mode target keeps (if it exists) or a new file gets (0666 less the umask)."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return 0o666 & ~_umask()


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new entry in folder survive a crash (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomically(target: Path, data: bytes) -> None:
    """Write data to target through a temporary file in the same folder (`.NAME.XXXXXXXX.tmp`), synced, then
    renamed over target: a failure or a crash leaves either the old file or the new one. The file keeps an
    existing file's mode, else gets the umask's. An OSError names target, not the temporary file."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        mode = new_file_mode(target)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as e:
        raise OSError(e.errno, f"cannot write: {e.strerror}", str(target)) from e
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_folder(target.parent)


def remove_stale_temps(folder: Path, names) -> None:
    """Remove the temporary files write_atomically left in folder for names when a crash stopped it (call
    under folder_lock, so that no other writer's are removed)."""
    for name in names:
        pattern = re.compile(rf"\.{re.escape(name)}\.[\w]{{8}}\.tmp")
        for path in Path(folder).glob(f".{name}.*.tmp"):
            if pattern.fullmatch(path.name):
                path.unlink(missing_ok=True)


def utf8_text(data: bytes, where: str) -> str:
    """data decoded as UTF-8 (a byte-order mark dropped); bytes that are not raise InputError naming where, the
    line and the column."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        start = data.rfind(b"\n", 0, e.start) + 1
        column = len(data[start:e.start].decode("utf-8", "replace")) + 1
        raise InputError(f"{where}:{line}:{column}: not UTF-8 text (byte 0x{data[e.start]:02x}); "
                         "save the file as UTF-8") from e


# -- one writer per folder ------------------------------------------------------------------------------------

@contextmanager
def folder_lock(target: Path, command: str, param: str | None = None):
    """Hold the lock of folder target while writing into it: `.NAME.lock` beside it, locked with flock (so a
    killed holder's lock is released by the system) and naming its holder. When another process holds it,
    raise InputError (exit 2) naming that process. The lock file is removed when the lock is let go."""
    import fcntl  # POSIX only: imported here so that the rest of the module works anywhere

    target = Path(target)
    path = target.parent / f".{target.name}.lock"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        while True:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, new_file_mode(path))
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = os.read(fd, 500).decode("utf-8", "replace").strip()
                os.close(fd)
                raise InputError(f"{target}: {holder or 'another process'} is writing into it (lock {path}); "
                                 "wait for it to end", param=param) from None
            if os.path.exists(path) and os.path.samestat(os.fstat(fd), os.stat(path)):
                break
            os.close(fd)  # the file was removed by a holder letting go: lock the new one
    except OSError as e:
        raise OSError(e.errno, f"cannot write into it: {e.strerror}", str(target)) from e
    import datetime
    import socket

    try:
        since = datetime.datetime.now().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.write(fd, f"kaifm-kg {command} (pid {os.getpid()} on {socket.gethostname()}, since {since})\n".encode())
        yield
    finally:
        Path(path).unlink(missing_ok=True)
        os.close(fd)


# -- a folder replaced in one step ----------------------------------------------------------------------------

def _leftover(target: Path, kind: str) -> re.Pattern:
    return re.compile(rf"\.{re.escape(target.name)}\.{kind}-[\w]{{8}}")


def _exchange(a: Path, b: Path) -> bool:
    """Swap the paths a and b in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where the system or
    the file system cannot."""
    import ctypes

    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EXDEV):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove(path: Path) -> None:
    """Remove a folder left over (a symbolic link, if the swapped folder was one, is unlinked)."""
    if path.is_symlink():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _write_new(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)  # a name may hold folders ("queries/index.html")
    with open(path, "xb") as handle:  # mode: 0666 less the umask
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def replace_folder(target: Path, files: dict[str, bytes]) -> None:
    """Make target a folder holding exactly files (names relative to it, with / between folders), in one step.
    Call under folder_lock, after recover_folder.

    The files are written and synced into a new folder `.NAME.new-XXXXXXXX` beside target, which then takes
    target's place: in one atomic exchange where the system has one (Linux), so target is never missing;
    elsewhere by two renames, the old folder set aside as `.NAME.old-XXXXXXXX/NAME` until the new one is in
    (recover_folder puts it back if a crash comes between). The old folder is removed last."""
    target = Path(target)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    try:
        for name, data in files.items():
            _write_new(staging / name, data)
        os.chmod(staging, 0o777 & ~_umask())
        for folder in sorted({(staging / name).parent for name in files}, reverse=True):
            fsync_folder(folder)
        if not target.exists():
            os.rename(staging, target)
        elif not _exchange(staging, target):
            aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
            os.rename(target, aside / target.name)
            try:
                os.rename(staging, target)
            except BaseException:
                os.rename(aside / target.name, target)
                shutil.rmtree(aside, ignore_errors=True)
                raise
            staging = aside  # the old folder now: removed below
        fsync_folder(target.parent)
    finally:
        _remove(staging)


def recover_folder(target: Path) -> None:
    """Undo what a killed replace_folder left beside target: when target is missing, put back the folder an
    interrupted swap set aside; then remove every `.NAME.new-*` and `.NAME.old-*`. Call under folder_lock."""
    target = Path(target)
    if not target.parent.is_dir():
        return
    new, old = _leftover(target, "new"), _leftover(target, "old")
    leftovers = sorted(p for p in target.parent.iterdir() if new.fullmatch(p.name) or old.fullmatch(p.name))
    if not os.path.lexists(target):
        for path in leftovers:
            if old.fullmatch(path.name) and os.path.lexists(path / target.name):
                os.rename(path / target.name, target)
                fsync_folder(target.parent)
                break
    for path in leftovers:
        _remove(path)
