"""Figures of the model as a Vietnamese reader writes them: 97,5 %, 1.234, and "—" for nothing to measure."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def figure(value, unit: str = "") -> str:
    if value is None or value == "":
        return "—"
    number = Decimal(value).normalize()
    if number == number.to_integral():
        text = f"{int(number):,}".replace(",", ".")
    else:
        whole, _dot, decimals = f"{number:f}".partition(".")
        text = f"{int(whole):,}".replace(",", ".") + "," + decimals
    return f"{text}\u00a0%" if unit == "percent" else text  # "98 %" never split across lines


@register.filter
def typed(value) -> str:
    """A value as it is typed back into a form: no thousands separator, a decimal comma ("97,5", "1234")."""
    if value is None or value == "":
        return ""
    number = Decimal(value).normalize()
    if number == number.to_integral():
        return str(int(number))
    return f"{number:f}".replace(".", ",")
