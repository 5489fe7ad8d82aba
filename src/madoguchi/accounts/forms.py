"""Forms of the login page and of staff and department administration."""

from __future__ import annotations

from typing import Any

from django import forms

from madoguchi.accounts.models import Department
from madoguchi.accounts.roles import Role


class LoginForm(forms.Form):
    username = forms.CharField(
        label="職員ID", max_length=150, widget=forms.TextInput(attrs={"autocomplete": "username"})
    )
    password = forms.CharField(
        label="パスワード",
        strip=False,
        max_length=1024,  # hashing a megabyte-long "password" costs the server, never the guesser
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _role_choices() -> list[tuple[str, str]]:
    return [(role.value, role.value) for role in Role]


class StaffForm(forms.Form):
    """What an administrator edits of a member of staff: name shown, roles and departments."""

    display_name = forms.CharField(label="表示名（氏名）", max_length=80)
    roles = forms.MultipleChoiceField(
        label="役割", choices=_role_choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    departments = forms.ModelMultipleChoiceField(
        label="所属課",
        queryset=Department.objects.order_by("order", "code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class StaffCreateForm(StaffForm):
    """A new member of staff with a temporary password they must change at the first login."""

    username = forms.CharField(
        label="職員ID",
        max_length=150,
        help_text="半角の英数字と @ . + - _ が使えます。後から変更できません。",
    )
    password = forms.CharField(
        label="仮パスワード",
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="初回ログイン時に本人が変更します。",
    )
    field_order = ["username", "display_name", "password", "roles", "departments"]


class PasswordResetForm(forms.Form):
    """A temporary password set by an administrator."""

    password = forms.CharField(
        label="仮パスワード",
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="本人は次のログインで自分のパスワードに変更します。",
    )


class PasswordChangeForm(forms.Form):
    """One's own new password, typed twice, after the current one."""

    current_password = forms.CharField(
        label="現在のパスワード",
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label="新しいパスワード",
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="12文字以上。職員IDや氏名に似たもの、よく使われるものは使えません。",
    )
    new_password_again = forms.CharField(
        label="新しいパスワード（確認）",
        strip=False,
        max_length=1024,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        new, again = cleaned.get("new_password"), cleaned.get("new_password_again")
        if new and again and new != again:
            self.add_error("new_password_again", "確認用のパスワードが一致しません。")
        return cleaned


class RestrictedAccessForm(forms.Form):
    """The 支援措置 entitlement with its last valid day (人事異動の前日など)."""

    granted = forms.BooleanField(label="支援措置の対象者を閲覧できる", required=False)
    valid_until = forms.DateField(
        label="有効期限（この日まで）",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="異動・退職の予定日の前日などを指定します。",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("granted") and not cleaned.get("valid_until") and "valid_until" not in self.errors:
            self.add_error("valid_until", "権限を与えるときは有効期限を指定してください。")
        return cleaned


class DepartmentForm(forms.Form):
    """A department (課): its code for the pack and the system, its name and display order."""

    code = forms.SlugField(
        label="課コード",
        max_length=40,
        help_text="半角英数字とハイフン（例: hoken-nenkin）。後から変更できません。",
    )
    name = forms.CharField(label="課名", max_length=80)
    order = forms.IntegerField(label="表示順", min_value=0, max_value=100000, initial=0)


class DepartmentEditForm(DepartmentForm):
    """Everything but the code, which tasks and packs refer to."""

    code = None  # type: ignore[assignment]
