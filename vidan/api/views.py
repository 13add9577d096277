"""A staff member's own API tokens in the back office: issue one (shown once), see when each was last used,
revoke."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from vidan.api.forms import ApiTokenForm
from vidan.api.tokens import access_api_token, api_token_issue, api_token_revoke, api_tokens_of
from vidan.org.gate import staff_page


@never_cache
@staff_page()
def api_tokens(request):
    raw = issued = None
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        issued, raw = api_token_issue(
            actor=request.actor,
            staff=request.user,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
            scope=form.cleaned_data["scope"],
        )
        form = ApiTokenForm()
    tokens = api_tokens_of(request.user)
    context = {"form": form, "tokens": tokens, "raw": raw, "issued": issued, "now": timezone.now()}
    return render(request, "api/tokens.html", context)


@require_POST
@staff_page()
def api_token_revoke_view(request, token_id: int):
    token = access_api_token(request.actor, token_id)
    api_token_revoke(actor=request.actor, token=token)
    messages.success(request, _("The token has been revoked."))
    return redirect("apitokens:list")
