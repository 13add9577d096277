"""The launch of the model and the departments' models, in the back office."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from vidan.core.errors import DomainError, refusal_fields
from vidan.model.commitments import may_act_for
from vidan.model.forms import ArticleForm, DepartmentModelForm, LaunchFilesForm, LaunchForm
from vidan.model.frameworks import framework_for
from vidan.model.launch import (
    department_model_add,
    launch_article_update,
    launch_files_add,
    launch_of,
    launch_record,
)
from vidan.model.selectors import departments_with_models, launch_page_data
from vidan.org.access import access_department
from vidan.org.gate import staff_page


def refusal_to_form(form, error: DomainError) -> None:
    """Show a service's refusal next to the fields it names (or above the form)."""
    for field, texts in refusal_fields(error).items():
        for text in texts:
            form.add_error(field if field in form.fields else None, str(text))


def _page(request, *, form=None, files_form=None, article_form=None, status=200):
    commune = request.commune
    launch = launch_of(commune)
    can_launch = request.actor.can("model.launch", commune.pk)
    context = {
        "launch": launch,
        "framework": launch.framework if launch else framework_for(commune, timezone.localdate()),
        "can_launch": can_launch,
        "form": form or (LaunchForm() if launch is None and can_launch else None),
        "files_form": files_form or (LaunchFilesForm() if launch and can_launch else None),
        "article_form": article_form
        or (
            ArticleForm(initial={"article_url": launch.article_url, "article_text": launch.article_text})
            if launch
            else None
        ),
        **launch_page_data(launch),
    }
    return render(request, "model/staff/launch.html", context, status=status)


@require_http_methods(["GET", "POST"])
@staff_page("model.view")
def launch_page(request):
    """The commune's launch: recorded once, by the leader; its attendees, documents, photos and article."""
    if request.method == "GET":
        return _page(request)
    form = LaunchForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        data = form.cleaned_data
        try:
            launch_record(
                actor=request.actor,
                commune=request.commune,
                held_on=data["held_on"],
                attendees=data["attendees"],
                place=data["place"],
                article_url=data["article_url"],
                article_text=data["article_text"],
                documents=form.checked["documents"],
                photos=form.checked["photos"],
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            refusal_to_form(form, error)
        else:
            messages.success(request, _("The launch of the model is recorded."))
            return redirect("model:launch")
    return _page(request, form=form, status=422 if form.errors else 200)


@require_POST
@staff_page("model.launch")
def launch_files(request):
    launch = launch_of(request.commune)
    if launch is None:
        messages.error(request, _("Record the launch first."))
        return redirect("model:launch")
    form = LaunchFilesForm(request.POST, request.FILES, request=request)
    if form.is_valid():
        try:
            launch_files_add(
                actor=request.actor,
                launch=launch,
                role=form.cleaned_data["role"],
                checked=form.checked["files"],
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            if error.status in (403, 404):
                raise
            refusal_to_form(form, error)
        else:
            messages.success(request, _("The files are added to the launch."))
            return redirect("model:launch")
    return _page(request, files_form=form, status=422)


@require_POST
@staff_page("model.launch")
def launch_article(request):
    launch = launch_of(request.commune)
    if launch is None:
        messages.error(request, _("Record the launch first."))
        return redirect("model:launch")
    form = ArticleForm(request.POST)
    if form.is_valid():
        launch_article_update(actor=request.actor, launch=launch, **form.cleaned_data)
        messages.success(request, _("The article is saved."))
        return redirect("model:launch")
    return _page(request, article_form=form, status=422)


@require_http_methods(["GET", "POST"])
@staff_page("model.view")
def departments_page(request):
    """The commune's departments, each with its model and its commitment."""
    commune = request.commune
    rows = departments_with_models(commune)
    for row in rows:
        row["may_act"] = may_act_for(request.actor, row["department"])
    without_model = [row["department"] for row in rows if row["model"] is None]
    can_launch = request.actor.can("model.launch", commune.pk)
    form = DepartmentModelForm(departments=without_model) if can_launch else None
    status = 200
    if request.method == "POST":
        form = DepartmentModelForm(request.POST, departments=without_model)
        if form.is_valid():
            data = form.cleaned_data
            department = access_department(request.actor, data["department"], permission="model.launch")
            try:
                department_model_add(
                    actor=request.actor,
                    department=department,
                    name=data["name"],
                    started_on=data["started_on"],
                    description=data["description"],
                )
            except DomainError as error:
                if error.status in (403, 404):
                    raise
                refusal_to_form(form, error)
            else:
                messages.success(request, _("The department's model is recorded."))
                return redirect("model:departments")
        status = 422
    context = {"rows": rows, "form": form, "can_launch": can_launch}
    return render(request, "model/staff/departments.html", context, status=status)
