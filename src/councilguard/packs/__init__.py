"""Protocol packs as data: read from a directory, a zip or a mapping of file texts,
validated by the checker's own loader, compared, edited and re-scored.

Framework-free, like the checker: the web app keeps a version's files as text in its
database and hands them here; the checker only ever sees the loaded ``Protocol``.
"""

from .files import PackFiles, load_files, read_dir, read_zip, to_zip, write_dir

__all__ = ["PackFiles", "load_files", "read_dir", "read_zip", "to_zip", "write_dir"]
