"""Content problems as `path:line: field: message`, collected so one run reports them all."""

from __future__ import annotations

from dataclasses import dataclass, field


class WeishopError(Exception):
    """The root of every exception weishop raises on purpose: `except WeishopError` catches them all."""


@dataclass(frozen=True, order=True)
class SourceError:
    """One problem in the seller's files; `path` is relative to the shop folder."""

    path: str
    line: int
    field: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


@dataclass
class Problems:
    """Collects errors and warnings; stages add and go on, the build stops only between stages."""

    errors: list[SourceError] = field(default_factory=list)
    warnings: list[SourceError] = field(default_factory=list)

    def error(self, path: str, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.errors.append(SourceError(path, line, field_name, message, hint))

    def warn(self, path: str, line: int, field_name: str, message: str, hint: str = "") -> None:
        self.warnings.append(SourceError(path, line, field_name, message, hint))

    def extend(self, other: "Problems") -> None:
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)

    def __bool__(self) -> bool:
        return bool(self.errors)


class BuildFailed(WeishopError):
    """Raised when content errors stop the build; carries every error found."""

    def __init__(self, errors: list[SourceError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = sorted(errors)

    def __reduce__(self):  # survives pickling (a worker process's error reaches the parent whole)
        return (type(self), (self.errors,))


class Cancelled(WeishopError):
    """A build given up because a newer one is waiting (`weishop serve` after another save); nothing was written."""


class UsageError(WeishopError):
    """A command-line or setup mistake (exit 2), e.g. an output folder weishop must not touch."""
