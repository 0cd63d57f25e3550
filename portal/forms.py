"""The login form: Django's, with its length limits actually enforced."""

from django.contrib.auth.forms import AuthenticationForm
from django.core.validators import MaxLengthValidator

# A longer password is not a password anyone types; refusing it early keeps the
# hasher from being fed megabytes.
PASSWORD_MAX_LENGTH = 1024


class PortalAuthenticationForm(AuthenticationForm):
    """AuthenticationForm sets the username's max_length after the field is built, so
    its validator is missing: a 10 000-character name reached the database (and broke
    axes' log on PostgreSQL). Both fields are checked here before authenticating."""

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))
        password = self.fields["password"]
        password.max_length = PASSWORD_MAX_LENGTH
        password.validators.append(MaxLengthValidator(PASSWORD_MAX_LENGTH))
