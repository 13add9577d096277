"""Vì Dân — an open platform for the commune model "Chính quyền thân thiện, vì nhân dân phục vụ"."""

from importlib.metadata import PackageNotFoundError, version


def _installed_version() -> str:
    """The version of the installed package (pyproject.toml's), which `pip install` records in its metadata: one
    number for the staff pages, `vidan --version`, the error reports and the CHANGELOG."""
    try:
        return version("vidan")
    except PackageNotFoundError:  # the source tree run without being installed
        return "0+unknown"


__version__ = _installed_version()
