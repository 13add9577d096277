from django import forms
from django.utils.translation import gettext_lazy as _


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(label=_("Catalogue file (.xlsx or .csv)"))
    apply = forms.BooleanField(
        label=_("Write the changes (leave unticked to check the file first)"), required=False, initial=False
    )
