"""Vietnamese text folding, so that search ignores diacritics ("thuan hoa" finds "Thuận Hóa")."""

import unicodedata

# "đ" is a letter of its own, not "d" with a mark, so NFD leaves it alone.
_SPECIAL = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str) -> str:
    """Lower-case, drop diacritics and collapse whitespace."""
    decomposed = unicodedata.normalize("NFD", text.translate(_SPECIAL))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.lower().split())


def clean_text(text: str) -> str:
    """Text as typed, made comparable: composed Unicode (NFC) and single spaces, trimmed.

    Vietnamese keyboards in "Unicode tổ hợp" mode send decomposed letters; without this "Công an xã" could be
    stored twice and look the same.
    """
    return " ".join(unicodedata.normalize("NFC", text or "").split())
