from hypothesis import given
from hypothesis import strategies as st

from vidan.core.text import fold


def test_fold_drops_vietnamese_marks_and_d_bar():
    assert fold("Thuận Hóa") == "thuan hoa"
    assert fold("ĐĂNG KÝ  KẾT HÔN") == "dang ky ket hon"
    assert fold("Đồng Lê") == "dong le"


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_clean_text_composes_decomposed_vietnamese():
    import unicodedata

    from vidan.core.text import clean_text

    typed = unicodedata.normalize("NFD", "  Công  an xã ")
    assert typed != "Công an xã"
    assert clean_text(typed) == "Công an xã"
