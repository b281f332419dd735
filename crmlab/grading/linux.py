"""The few Linux system calls the grading sandbox makes that Python 3.11's ``os`` does not wrap.

``unshare`` (new namespaces for one submission), ``mount`` (its private /tmp,
/proc and a read-only /dev), and dropping every capability for good (bounding
set, ambient set, the three capability sets, ``no_new_privs``), through
``ctypes`` and the C library. Used only by :mod:`crmlab.grading.runner`,
inside the bubblewrap sandbox that :mod:`crmlab.grading.sandbox` starts.
"""

from __future__ import annotations

import ctypes
import os

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000

MS_RDONLY = 0x1
MS_NOSUID = 0x2
MS_NODEV = 0x4
MS_NOEXEC = 0x8
MS_REMOUNT = 0x20
MS_BIND = 0x1000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
_MS_NOATIME = 0x400
_MS_NODIRATIME = 0x800
_MS_RELATIME = 1 << 21

_PR_SET_PDEATHSIG = 1
_PR_CAPBSET_DROP = 24
_PR_SET_SECUREBITS = 28
_PR_SET_NO_NEW_PRIVS = 38
_PR_CAP_AMBIENT = 47
_PR_CAP_AMBIENT_CLEAR_ALL = 4
# SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | SECBIT_NO_SETUID_FIXUP | …_LOCKED | SECBIT_KEEP_CAPS_LOCKED:
# uid 0 regains no capability by running a program, and that cannot be undone.
_SECUREBITS_LOCKED_DOWN = 0x1 | 0x2 | 0x4 | 0x8 | 0x20
_CAP_LAST = 63  # above the kernel's last capability: PR_CAPBSET_DROP fails with EINVAL there, harmlessly

_libc = ctypes.CDLL(None, use_errno=True)


def _check(result: int, what: str) -> None:
    if result != 0:
        errno = ctypes.get_errno()
        raise OSError(errno, f"{what}: {os.strerror(errno)}")


def unshare(flags: int) -> None:
    """Move this (single-threaded) process into new namespaces (``CLONE_NEW*`` flags)."""
    _check(_libc.unshare(ctypes.c_int(flags)), "unshare")


def mount(source: str | None, target: str, fstype: str | None, flags: int, data: str | None = None) -> None:
    """mount(2); raises OSError naming the target."""
    def encode(text: str | None) -> bytes | None:
        return text.encode() if text is not None else None

    _check(_libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)),
           f"mount {target}")


def remount_read_only(target: str) -> None:
    """Make the mount at ``target`` read-only in this mount namespace, keeping its other flags (which a
    user namespace may not clear)."""
    kept = os.statvfs(target).f_flag & (MS_NOSUID | MS_NODEV | MS_NOEXEC | _MS_NOATIME | _MS_NODIRATIME
                                        | _MS_RELATIME)
    mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | kept)


def die_with_parent(signal_number: int) -> None:
    """Have the kernel send ``signal_number`` to this process when its parent dies."""
    _check(_libc.prctl(_PR_SET_PDEATHSIG, signal_number, 0, 0, 0), "prctl(PR_SET_PDEATHSIG)")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_capabilities() -> None:
    """Give up every capability, for this process and everything it runs, irreversibly.

    Bounding and ambient sets emptied (a program run later cannot gain any back), securebits locked
    (uid 0 is not special), the effective, permitted and inheritable sets zeroed, and ``no_new_privs``
    (set-uid programs and file capabilities stop working).
    """
    for cap in range(_CAP_LAST + 1):
        if _libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0 and ctypes.get_errno() != 22:  # EINVAL: no such cap
            _check(-1, f"prctl(PR_CAPBSET_DROP, {cap})")
    _check(_libc.prctl(_PR_CAP_AMBIENT, _PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0), "prctl(PR_CAP_AMBIENT)")
    _check(_libc.prctl(_PR_SET_SECUREBITS, _SECUREBITS_LOCKED_DOWN, 0, 0, 0), "prctl(PR_SET_SECUREBITS)")
    header, data = _CapHeader(0x20080522, 0), (_CapData * 2)()  # _LINUX_CAPABILITY_VERSION_3
    _check(_libc.capset(ctypes.byref(header), data), "capset")
    _check(_libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "prctl(PR_SET_NO_NEW_PRIVS)")


def capabilities() -> dict[str, int]:
    """This process's capability sets as /proc/self/status shows them (``CapEff`` …), as integers."""
    with open("/proc/self/status", encoding="ascii") as status:
        return {key: int(value, 16) for key, value in
                (line.split(":\t") for line in status if line.startswith("Cap"))}
