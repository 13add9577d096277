"""Vì Dân — an open platform for the commune model "Chính quyền thân thiện, vì nhân dân phục vụ"."""

__version__ = "0.1.0"
