from django import forms


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
