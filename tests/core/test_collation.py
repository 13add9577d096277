from hypothesis import given
from hypothesis import strategies as st

from vidan.core.collation import vi_sort_key


def test_letters_follow_the_vietnamese_alphabet():
    names = ["Xuân", "Ưng Hòa", "Đồng Lê", "Ung Văn", "Ơn", "Ôn", "On", "Dương", "Ăn", "Ân", "An", "Zê"]
    assert sorted(names, key=vi_sort_key) == [
        "An", "Ăn", "Ân", "Dương", "Đồng Lê", "On", "Ôn", "Ơn", "Ung Văn", "Ưng Hòa", "Xuân", "Zê",
    ]  # fmt: skip


def test_tones_order_words_of_the_same_letters_only():
    # Given the six tones of "ma" and a longer word: the letters decide first, then the tones
    names = ["mạ", "má", "mã", "mả", "mà", "ma", "mai", "Mà"]
    assert sorted(names, key=vi_sort_key) == ["ma", "mà", "Mà", "mả", "mã", "má", "mạ", "mai"]


def test_the_communes_of_the_demo_sort_as_a_vietnamese_reader_expects():
    assert sorted(["Thuận Hóa", "Thạch Hà", "Đồng Lê", "Thuận Hoà"], key=vi_sort_key) == [
        "Đồng Lê", "Thạch Hà", "Thuận Hoà", "Thuận Hóa",
    ]  # fmt: skip


@given(st.text(alphabet="aăâdđeêoôơuưyAĐƯƠ \u0300\u0301\u0303\u0309\u0323", max_size=12))
def test_decomposed_and_composed_text_sort_alike(text):
    import unicodedata

    assert vi_sort_key(unicodedata.normalize("NFD", text)) == vi_sort_key(unicodedata.normalize("NFC", text))
