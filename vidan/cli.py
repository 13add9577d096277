"""The `vidan` command: Django's management commands plus the platform's own.

vidan migrate | runserver | demo | import-units | audit verify | token | compile-catalogue | …
"""

import os
import sys
from pathlib import Path


def compile_catalogue() -> int:
    """Compile every .po catalogue to .mo in pure Python, so no GNU gettext is needed."""
    import polib

    locale_dir = Path(__file__).resolve().parent / "locale"
    count = 0
    for po_path in sorted(locale_dir.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    print(f"compile-catalogue: {count} catalogue(s) compiled")
    return 0


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "compile-catalogue":
        sys.exit(compile_catalogue())
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vidan.config.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "vidan"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
