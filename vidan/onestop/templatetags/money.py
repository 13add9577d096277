"""Amounts of money as Vietnamese write them: whole đồng, thousands grouped with dots (12.000)."""

from django import template

register = template.Library()


@register.filter
def dong(amount) -> str:
    """12000 → "12.000"; anything that is not a whole number is shown as it is."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        return "" if amount is None else str(amount)
    return f"{amount:,}".replace(",", ".")
