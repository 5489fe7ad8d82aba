"""Administration in the browser: staff (create, edit, disable, password reset, 支援措置) and departments."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from madoguchi.accounts.forms import (
    DepartmentEditForm,
    DepartmentForm,
    PasswordResetForm,
    RestrictedAccessForm,
    StaffCreateForm,
    StaffForm,
)
from madoguchi.accounts.models import Department, Staff
from madoguchi.accounts.roles import Role
from madoguchi.accounts.selectors import department_list, restricted_grant_of, staff_list, staff_roles
from madoguchi.accounts.services import (
    department_create,
    department_update,
    staff_active_set,
    staff_create,
    staff_password_set,
    staff_restricted_access_set,
    staff_update,
)
from madoguchi.audit.services import client_address_of

administrators_only = permission_required("accounts.administer", raise_exception=True)


def _actor(request: HttpRequest) -> Staff:
    assert isinstance(request.user, Staff)
    return request.user


def _saved(form: Form, write: Callable[[], object]) -> bool:
    """Run a service; show its ValidationError beside the fields it names (or above the form)."""
    try:
        write()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return False
    return True


@login_required
@administrators_only
def staff_index(request: HttpRequest) -> HttpResponse:
    members: list[Staff] = list(staff_list())
    context = {"members": members, "today": timezone.localdate()}
    return render(request, "accounts/staff_list.html", context)


@login_required
@administrators_only
@require_http_methods(["GET", "POST"])
def staff_new(request: HttpRequest) -> HttpResponse:
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[Staff] = []

        def write() -> None:
            try:
                created.append(_create(request, data))
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    raise
                # The only error without a field is the password validators'.
                raise ValidationError({"password": error.messages}) from None

        if _saved(form, write):
            messages.success(
                request, f"職員「{data['username']}」を登録しました。仮パスワードを本人に伝えてください。"
            )
            return redirect("accounts:staff_detail", pk=created[0].pk)
    return render(request, "accounts/staff_new.html", {"form": form})


def _create(request: HttpRequest, data: dict[str, Any]) -> Staff:
    return staff_create(
        username=data["username"],
        password=data["password"],
        display_name=data["display_name"],
        roles=[Role(value) for value in data["roles"]],
        department_codes=[d.code for d in data["departments"]],
        created_by=_actor(request),
        client_address=client_address_of(request),
        must_change_password=True,
    )


def _detail(request: HttpRequest, member: Staff, status: int = 200, **forms: Form) -> HttpResponse:
    """Render a member's page; a form given (bound, with errors) replaces its empty one."""
    grant = restricted_grant_of(member)
    context: dict[str, Any] = {
        "member": member,
        "grant": grant,
        "today": timezone.localdate(),
        "edit_form": StaffForm(
            initial={
                "display_name": member.display_name,
                "roles": [role.value for role in staff_roles(member)],
                "departments": list(member.departments.all()),
            }
        ),
        "reset_form": PasswordResetForm(),
        "restricted_form": RestrictedAccessForm(
            initial={"granted": grant is not None, "valid_until": grant.valid_until if grant else None}
        ),
        **forms,
    }
    return render(request, "accounts/staff_detail.html", context, status=status)


@login_required
@administrators_only
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(Staff, pk=pk))


@login_required
@administrators_only
@require_POST
def staff_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk)
    form = StaffForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            staff_update(
                staff=member,
                display_name=data["display_name"],
                roles=[Role(value) for value in data["roles"]],
                department_codes=[d.code for d in data["departments"]],
                actor=_actor(request),
                client_address=client_address_of(request),
            )

        if _saved(form, write):
            messages.success(request, "役割・所属課を保存しました。")
            return redirect("accounts:staff_detail", pk=member.pk)
    return _detail(request, member, status=400, edit_form=form)


@login_required
@administrators_only
@require_POST
def staff_active(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk)
    active = request.POST.get("active") == "1"
    try:
        staff_active_set(
            staff=member, active=active, actor=_actor(request), client_address=client_address_of(request)
        )
    except ValidationError as error:
        messages.error(request, "・".join(error.messages))
    else:
        messages.success(
            request, "有効にしました。" if active else "無効にしました。この職員はログインできません。"
        )
    return redirect("accounts:staff_detail", pk=member.pk)


@login_required
@administrators_only
@require_POST
def staff_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk)
    form = PasswordResetForm(request.POST)
    if form.is_valid():

        def write() -> None:
            try:
                staff_password_set(
                    staff=member,
                    password=form.cleaned_data["password"],
                    changed_by=_actor(request),
                    client_address=client_address_of(request),
                    must_change=True,
                )
            except ValidationError as error:
                raise ValidationError({"password": error.messages}) from None

        if _saved(form, write):
            messages.success(
                request, "仮パスワードを設定しました。本人は次のログインでパスワードを変更します。"
            )
            return redirect("accounts:staff_detail", pk=member.pk)
    return _detail(request, member, status=400, reset_form=form)


@login_required
@administrators_only
@require_POST
def staff_restricted(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(Staff, pk=pk)
    form = RestrictedAccessForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            staff_restricted_access_set(
                staff=member,
                granted=data["granted"],
                valid_until=data["valid_until"] if data["granted"] else None,
                actor=_actor(request),
                client_address=client_address_of(request),
            )

        if _saved(form, write):
            messages.success(request, "支援措置の閲覧権限を保存しました。")
            return redirect("accounts:staff_detail", pk=member.pk)
    return _detail(request, member, status=400, restricted_form=form)


@login_required
@administrators_only
@require_http_methods(["GET", "POST"])
def department_index(request: HttpRequest) -> HttpResponse:
    form = DepartmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            department_create(
                code=data["code"],
                name=data["name"],
                order=data["order"],
                actor=_actor(request),
                client_address=client_address_of(request),
            )

        if _saved(form, write):
            messages.success(request, f"課「{data['name']}」を登録しました。")
            return redirect("accounts:departments")
    status = 400 if form.errors else 200
    return render(
        request,
        "accounts/department_list.html",
        {"form": form, "departments": department_list()},
        status=status,
    )


@login_required
@administrators_only
@require_http_methods(["GET", "POST"])
def department_edit(request: HttpRequest, pk: int) -> HttpResponse:
    department = get_object_or_404(Department, pk=pk)
    initial = {"name": department.name, "order": department.order}
    form = DepartmentEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def write() -> None:
            department_update(
                department=department,
                name=data["name"],
                order=data["order"],
                actor=_actor(request),
                client_address=client_address_of(request),
            )

        if _saved(form, write):
            messages.success(request, "課を保存しました。")
            return redirect("accounts:departments")
    status = 400 if form.errors else 200
    return render(
        request, "accounts/department_edit.html", {"form": form, "department": department}, status=status
    )
