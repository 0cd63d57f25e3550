"""The form an editor records a register upload with, on the trip page."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegisterUploadForm(forms.Form):
    uploaded_on = forms.DateField(
        label=_("Uploaded to the register on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Enter the day the report was uploaded."),
            "invalid": _("Enter the day as YYYY-MM-DD."),
        },
    )
    system_id = forms.CharField(
        label=_("System id (系統識別號)"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to keep the one the trip has."),
    )
    version = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, trip=None, **kwargs):
        if trip is not None:
            kwargs.setdefault(
                "initial",
                {
                    "uploaded_on": trip.register_uploaded_on or timezone.localdate(),
                    "system_id": trip.system_id or "",
                    "version": str(trip.version),
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["system_id"].widget.attrs["aria-describedby"] = "id_system_id_helptext"
