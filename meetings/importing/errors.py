"""Errors raised while reading or parsing a trip report."""

from django.utils.translation import gettext_lazy as _


class ReportError(Exception):
    """A report that cannot be read or parsed; the message is meant for the user.

    ``field`` names the trip-document key at fault when the error concerns one field.
    """

    def __init__(self, message=None, field=None):
        self.message = message if message is not None else _("The report could not be read.")
        self.field = field
        super().__init__(self.message)

    def __str__(self):
        return str(self.message)
