"""Vietnamese alphabetical order, for every list of names sorted in Python.

The alphabet is a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z of foreign words where a
Latin alphabet puts them). Names are compared on their letters first; only names with the same letters are
ordered by their tones (none, huyền, hỏi, ngã, sắc, nặng — the dictionaries' order), and last by case. Python's
own `sorted` puts "Đ" after "Z" and "Ư" after every other letter; `fold` would make "Đ" a "D" and "Ư" a "U".

A list sorted by a SQL `ORDER BY` follows the database's collation, which is not this one (and not the same on
SQLite and PostgreSQL): a list a commune holds a bounded number of is read whole and sorted here before it is
paginated.
"""

import unicodedata

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_BASE = {letter: 100 + position for position, letter in enumerate(_ALPHABET)}
# The three marks that make a letter of its own (ă â ê ô ơ ư), as NFD writes them after the base letter.
_LETTERS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# The five tone marks, in the dictionaries' order after the level tone (0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _rank(char: str) -> int:
    if char.isspace():
        return 0
    if not char.isalnum():
        return 1  # punctuation sorts with the space: "Hòa, Thuận" before "Hòa An"
    if char in "0123456789":
        return 10 + int(char)
    return _BASE.get(char, 1000 + ord(char))


def vi_sort_key(text: str) -> tuple:
    """A key that sorts strings in Vietnamese alphabetical order: `sorted(names, key=vi_sort_key)`."""
    letters: list[int] = []
    tones: list[int] = []
    cases: list[int] = []
    base = ""
    for char in unicodedata.normalize("NFD", " ".join((text or "").split())):
        if char in _TONES:
            if tones:
                tones[-1] = _TONES[char]
        elif (base, char) in _LETTERS:
            letters[-1] = _BASE[_LETTERS[base, char]]
        elif not unicodedata.combining(char):
            base = char.lower()
            letters.append(_rank(base))
            tones.append(0)
            cases.append(0 if base == char else 1)
    return (tuple(letters), tuple(tones), tuple(cases))
