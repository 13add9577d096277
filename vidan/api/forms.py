"""The form of the API tokens' page."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("What the token is for"), max_length=80, help_text=_("For example: the commune's reporting script.")
    )
