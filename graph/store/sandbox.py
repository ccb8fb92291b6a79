"""The kernel guard of the query workers: no network sockets, by a seccomp filter."""

from __future__ import annotations

import sys

__all__ = ["deny_network"]


_SECCOMP_ARCH = {  # machine: (AUDIT_ARCH_*, __NR_socket, __NR_io_uring_setup)
    "x86_64": (0xC000003E, 41, 425),
    "aarch64": (0xC00000B7, 198, 425),
}


def deny_network() -> bool:
    """Forbid this process and every child it forks to open a socket other than ``AF_UNIX``.

    Installs a Linux seccomp filter (``socket()`` of any other family and ``io_uring_setup()``
    fail with ``EACCES``); irreversible. Returns False where the kernel or architecture does
    not allow it, in which case only the tokenizer's refusal of ``SERVICE`` protects the host.
    Call it only in a single-threaded process (the query fork server does).
    """
    import ctypes
    import errno
    import platform
    import socket

    arch = _SECCOMP_ARCH.get(platform.machine())
    if not sys.platform.startswith("linux") or arch is None:
        return False
    audit_arch, nr_socket, nr_io_uring_setup = arch
    ld, jeq, ret = 0x20, 0x15, 0x06  # BPF_LD|BPF_W|BPF_ABS, BPF_JMP|BPF_JEQ|BPF_K, BPF_RET|BPF_K
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EACCES  # SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO
    program = [
        (ld, 0, 0, 4),                   # 0: A = arch
        (jeq, 1, 0, audit_arch),         # 1: our arch? -> 3
        (ret, 0, 0, allow),              # 2: another ABI: leave alone
        (ld, 0, 0, 0),                   # 3: A = syscall number
        (jeq, 0, 1, nr_io_uring_setup),  # 4
        (ret, 0, 0, deny),               # 5
        (jeq, 0, 3, nr_socket),          # 6: not socket() -> 10
        (ld, 0, 0, 16),                  # 7: A = low word of args[0] (the family)
        (jeq, 1, 0, socket.AF_UNIX),     # 8: AF_UNIX -> 10
        (ret, 0, 0, deny),               # 9
        (ret, 0, 0, allow),              # 10
    ]

    class SockFilter(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte),
                    ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint32)]

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]

    filters = (SockFilter * len(program))(*(SockFilter(*row) for row in program))
    fprog = SockFprog(len(program), ctypes.cast(filters, ctypes.POINTER(SockFilter)))
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return False
    pr_set_no_new_privs, pr_set_seccomp, seccomp_mode_filter = 38, 22, 2
    if libc.prctl(pr_set_no_new_privs, 1, 0, 0, 0) != 0:
        return False
    return libc.prctl(pr_set_seccomp, seccomp_mode_filter, ctypes.byref(fprog), 0, 0) == 0
