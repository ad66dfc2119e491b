"""Errors a user sees. Each carries a one-line Chinese/English message and an exit code.

Exit codes of the ``ogi`` command (also in the README):

- 0 — every input was read and no finding is an error
- 1 — every input was read, and some finding is an error
- 2 — some input could not be read at all (missing, empty, binary, unrelated,
  too large, unsupported or corrupt format, its reader died, it took longer
  than ``--timeout`` or more memory than ``OGI_MAX_MEMORY``)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2


class OgiError(Exception):
    """Base of every error the reader raises on purpose."""

    code = "error"
    exit_code = EXIT_UNREADABLE

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def to_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "path": self.path}


class InputError(OgiError):
    """The input cannot be read: missing, empty, binary, too large, corrupt."""

    code = "input"


class NotAReportError(OgiError):
    """The input reads, but is not a government information disclosure annual report."""

    code = "not_a_report"


class UnsupportedFormatError(OgiError):
    code = "unsupported_format"


class CrashError(OgiError):
    """The process reading the input died (out of memory, a crash inside a library)."""

    code = "crash"


class ReadTimeoutError(OgiError):
    """Reading the input took longer than its time limit (``--timeout``)."""

    code = "timeout"

    @classmethod
    def after(cls, seconds: float | None, *, path: str | None = None) -> ReadTimeoutError:
        return cls(f"读取超时：超过 {seconds or 0:g} 秒 (reading timed out)", path=path)


class MemoryLimitError(OgiError):
    """Reading the input took more memory than a reading may (``OGI_MAX_MEMORY``): stopped."""

    code = "memory"

    @classmethod
    def after(cls, limit: int | None, *, path: str | None = None) -> MemoryLimitError:
        mb = (limit or 0) / (1024 * 1024)
        return cls(f"内存超限：读取时占用超过 {mb:g} MB，已停止 (reading exceeded the memory limit)", path=path)
