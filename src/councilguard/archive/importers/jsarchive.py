"""Reading the files inside a social media download, whether unpacked into a folder
or still in the .zip the platform sent: both are a tree of named members."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path


class ArchiveTree:
    """A folder or a zip, listed and read by POSIX-style relative names."""

    def __init__(self, path: Path):
        self.path = path
        self._zip = zipfile.ZipFile(path) if path.is_file() else None

    def names(self) -> Iterator[str]:
        if self._zip is not None:
            yield from sorted(n for n in self._zip.namelist() if not n.endswith("/"))
        else:
            for file in sorted(self.path.rglob("*")):
                if file.is_file():
                    yield file.relative_to(self.path).as_posix()

    def read(self, name: str) -> bytes:
        if self._zip is not None:
            return self._zip.read(name)
        return (self.path / name).read_bytes()

    def close(self) -> None:
        if self._zip is not None:
            self._zip.close()

    def __enter__(self) -> ArchiveTree:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def zip_names(path: Path) -> list[str]:
    """Member names of a zip, or [] when it is not a readable zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return []
