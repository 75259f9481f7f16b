"""Detecting a SQLite file on a network share, where file locking is unreliable and corruption follows."""

from __future__ import annotations

import os
import sys
from pathlib import Path

# File systems whose locking SQLite cannot trust (sqlite.org/faq.html#q5, "SQLite over a network").
NETWORK_FS_TYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afs",
        "ncpfs",
        "9p",
        "ceph",
        "glusterfs",
        "fuse.sshfs",
        "sshfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "fuse.gvfsd-fuse",
        "webdav",
        "lustre",
    }
)


def _unescape_mount(path: str) -> str:
    # /proc/mounts escapes space, tab, newline and backslash as octal.
    return path.replace("\\040", " ").replace("\\011", "\t").replace("\\012", "\n").replace("\\134", "\\")


def linux_fs_type(path: Path, mounts_text: str | None = None) -> str | None:
    """File-system type of the mount that holds ``path`` (the longest matching mount point)."""
    if mounts_text is None:
        try:
            mounts_text = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    target = str(path)
    best: tuple[int, str] | None = None
    for line in mounts_text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        mount_point, fs_type = _unescape_mount(parts[1]), parts[2]
        prefix = mount_point.rstrip("/") + "/"
        if (target == mount_point or target.startswith(prefix) or mount_point == "/") and (
            best is None or len(mount_point) > best[0]
        ):
            best = (len(mount_point), fs_type)
    return best[1] if best else None


def windows_is_remote(path: str) -> bool:
    """UNC paths (\\\\server\\share) and mapped network drives (GetDriveTypeW == DRIVE_REMOTE)."""
    if path.startswith("\\\\") or path.startswith("//"):
        # \\?\C:\ is a local long path, not a share.
        return not (path.startswith("\\\\?\\") and not path.upper().startswith("\\\\?\\UNC\\"))
    if sys.platform != "win32":
        return False
    import ctypes

    drive = os.path.splitdrive(path)[0]
    if not drive:
        return False
    drive_remote = 4
    return ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == drive_remote  # type: ignore[attr-defined]


def is_network_path(path: Path, *, mounts_text: str | None = None, platform: str | None = None) -> bool:
    platform = platform or sys.platform
    raw = str(path)
    if platform == "win32" or raw.startswith("\\\\"):
        return windows_is_remote(raw)
    if platform.startswith("linux"):
        # resolve() follows symlinks of the part that exists, so a link into a share is caught too.
        fs = linux_fs_type(path.resolve(), mounts_text)
        return fs is not None and (fs in NETWORK_FS_TYPES or fs.startswith("nfs") or fs.startswith("fuse.sshfs"))
    if platform == "darwin":
        # statfs f_flags has MNT_LOCAL (0x1000) for local volumes; os.statvfs does not expose it, so ask `df -l`.
        import subprocess

        existing = path
        while not existing.exists() and existing.parent != existing:
            existing = existing.parent
        try:
            out = subprocess.run(["df", "-l", str(existing)], capture_output=True, text=True, timeout=5)
        except (OSError, subprocess.SubprocessError):
            return False
        return out.returncode != 0 or len(out.stdout.strip().splitlines()) < 2
    return False
