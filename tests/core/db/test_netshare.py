"""Network-share detection from the mount table and Windows path forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from kesos_desktop.core.db.netshare import is_network_path, linux_fs_type, windows_is_remote

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
//fileserver/data /mnt/kantor cifs rw,vers=3.0 0 0
nas:/export/home /home/bersama nfs4 rw 0 0
/dev/sdb1 /mnt/kantor/lokal ext4 rw 0 0
//srv/dengan\\040spasi /media/dengan\\040spasi smb3 rw 0 0
"""


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/home/admin/kesos.sqlite", "ext4"),
        ("/mnt/kantor/kesos.sqlite", "cifs"),
        ("/mnt/kantor/lokal/kesos.sqlite", "ext4"),
        ("/home/bersama/kesos.sqlite", "nfs4"),
        ("/media/dengan spasi/kesos.sqlite", "smb3"),
        ("/mnt/kantorku/kesos.sqlite", "ext4"),
    ],
)
def test_linux_fs_type_uses_longest_mount(path: str, expected: str) -> None:
    assert linux_fs_type(Path(path), MOUNTS) == expected


def test_is_network_path_on_linux(tmp_path: Path) -> None:
    assert is_network_path(Path("/mnt/kantor/kesos.sqlite"), mounts_text=MOUNTS, platform="linux")
    assert not is_network_path(Path("/mnt/kantor/lokal/x.sqlite"), mounts_text=MOUNTS, platform="linux")
    assert not is_network_path(tmp_path / "kesos.sqlite", platform="linux")


@pytest.mark.parametrize(
    ("path", "remote"),
    [
        (r"\\SERVER\Bersama\kesos.sqlite", True),
        ("//server/bersama/kesos.sqlite", True),
        (r"\\?\UNC\server\share\kesos.sqlite", True),
        (r"\\?\C:\Data\kesos.sqlite", False),
        (r"C:\Data\kesos.sqlite", False),
    ],
)
def test_windows_paths(path: str, remote: bool) -> None:
    assert windows_is_remote(path) is remote
