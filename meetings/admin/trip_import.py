"""Import and export on the trip changelist (django-import-export's admin views).

The preview of a report is also where an editor checks and corrects it: the fields
the parser was unsure of are highlighted and every field of the trip's facts,
travellers and meetings can be edited (`TripConfirmImportForm`); the corrected trip
is what the confirm step imports, through the same service, in one transaction.
"""

import re

from django import forms
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ConfirmImportForm, ExportForm, ImportForm

from delegates.models import Agency, Person

from ..importing import MAX_REPORT_BYTES, ReportError
from ..models import Trip
from ..services.import_review import clean_correction
from .resources import (
    DOCX,
    PDF,
    TXT,
    TripDocumentJSON,
    TripDocumentResource,
    TripListResource,
    is_document_format,
)
from .spreadsheet_formats import SafeCSV, SafeXLSX

CORRECTION_RE = re.compile(r"^fix-(?P<row>\d{1,4})-(?P<path>[a-z_.0-9]{1,40})$")
# A flagged field the editor has checked and found right as read.
CHECKED_RE = re.compile(r"^ok-(?P<row>\d{1,4})-(?P<path>[a-z_.0-9]{1,40})$")
ACCESS_HELP = _(
    "Restricted (限閱): only the sending agency sees the trip, from the moment it is "
    "created. Applies to reports and JSON trip documents; CSV and XLSX lists carry "
    "their own access column."
)


class TripImportForm(ImportForm):
    """The import form; files over 20 MB are refused before anything reads them.

    The file type may be left to the file's extension; a file of a type the portal
    does not read (a PNG, say) is answered with a message in the user's language
    instead of the browser's "Please select an item in the list"."""

    def __init__(self, formats, resources, **kwargs):
        super().__init__(formats, resources, **kwargs)
        self.extensions = [f().get_extension() for f in formats]
        field = self.fields["format"]
        field.required = False
        field.label = _("File type")
        field.help_text = _("Leave it to the file's extension, or choose one.")
        field.choices = [("", _("From the file's extension")), *field.choices[1:]]
        upload = self.fields["import_file"]
        upload.label = _("File to import")
        upload.widget.attrs["accept"] = ",".join(f".{ext}" for ext in self.extensions)

    access = forms.ChoiceField(
        label=_("Access"),
        choices=[("", _("As stored (a new trip is open to all staff)")), *Trip.Access.choices],
        required=False,
        help_text=ACCESS_HELP,
    )

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("import_file")
        if upload is None or cleaned.get("format") not in (None, ""):
            return cleaned
        extension = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
        if extension in self.extensions:
            cleaned["format"] = str(self.extensions.index(extension))
        else:
            self.add_error(
                "import_file",
                _(
                    "This file type (%(type)s) cannot be imported. Upload a trip report "
                    "(.txt, .docx or .pdf), a JSON trip document, or a trip list (.csv or "
                    ".xlsx)."
                )
                % {"type": f".{extension}" if extension else _("no extension")},
            )
        return cleaned


class CorrectionField(forms.CharField):
    """A field corrected in the preview (`fix-<row>-<path>`), checked as the trip
    document will hold it."""

    def __init__(self, path, **kwargs):
        super().__init__(required=False, strip=True, max_length=600, **kwargs)
        self.path = path

    def clean(self, value):
        value = super().clean(value)
        try:
            clean_correction(self.path, value)
        except ReportError as err:
            raise forms.ValidationError(err.message) from err
        return value


class TripConfirmImportForm(ConfirmImportForm):
    """The preview's form: the import form's choices, who answers for the trip's
    follow-ups, and the editor's corrections (one field per corrected path)."""

    access = forms.ChoiceField(
        choices=[("", ""), *Trip.Access.choices], required=False, widget=forms.HiddenInput()
    )
    responsible_agency = forms.ModelChoiceField(
        label=_("Responsible agency for the follow-ups"),
        queryset=Agency.objects.order_by("name"),
        required=False,
        empty_label=_("The trip's sending agency"),
        help_text=_("Who of our side answers for the follow-ups this import creates."),
    )
    responsible_person = forms.CharField(
        label=_("Responsible person for the follow-ups"),
        max_length=100,
        required=False,
        help_text=_(
            "A name, optional. Left empty: the person named as the trip's contact, when "
            "the portal knows them and no other agency is chosen."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.data or {}:
            match = CORRECTION_RE.match(name)
            if match:
                self.fields[name] = CorrectionField(match["path"])
            elif CHECKED_RE.match(name):
                self.fields[name] = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("responsible_person")
        if name:
            people = Person.objects.filter(name=name)
            if cleaned.get("responsible_agency"):
                people = people.filter(agency=cleaned["responsible_agency"])
            found = list(people[:2])
            if len(found) != 1:
                self.add_error(
                    "responsible_person",
                    _("No single person of that name (in that agency) is known.")
                    if not found
                    else _("Several people have that name: choose their agency as well."),
                )
            else:
                cleaned["responsible_person"] = found[0]
        else:
            cleaned["responsible_person"] = None
        return cleaned

    def corrections(self):
        """{row number: {path: value}} of the submitted corrections."""
        found = {}
        for name, value in self.cleaned_data.items():
            match = CORRECTION_RE.match(name)
            if match:
                found.setdefault(int(match["row"]), {})[match["path"]] = value
        return found

    def checked(self):
        """{row number: paths} of the flagged fields ticked as right as read."""
        found = {}
        for name, value in self.cleaned_data.items():
            match = CHECKED_RE.match(name)
            if match and value:
                found.setdefault(int(match["row"]), set()).add(match["path"])
        return found


class TripImportExportMixin(ImportExportMixin):
    """Reports (TXT, DOCX, PDF) and JSON trip documents go through the report import;
    CSV and XLSX carry flat trip lists.  Exports hold only the trips the user may see
    (the changelist's queryset); importing needs the add permission, and an editor
    imports only trips of their own agency scope."""

    resource_classes = [TripListResource]
    # CSV and XLSX cells never open as formulas (portal.spreadsheets).
    import_formats = [TXT, DOCX, PDF, TripDocumentJSON, SafeCSV, SafeXLSX]
    export_formats = [TripDocumentJSON, SafeCSV, SafeXLSX]
    import_form_class = TripImportForm
    confirm_form_class = TripConfirmImportForm
    # Field selection means nothing for trip documents: exports carry every column.
    export_form_class = ExportForm
    import_template_name = "admin/meetings/trip/import.html"
    # Uploaded files wait for the confirm step in the (private) media storage.
    tmp_storage_class = "import_export.tmp_storages.MediaStorage"

    @staticmethod
    def _chosen_format(form, formats):
        try:
            return formats[int(form.cleaned_data["format"])]
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            return None

    def choose_import_resource_class(self, form, request):
        chosen = self._chosen_format(form, self.get_import_formats())
        if chosen is not None and is_document_format(chosen):
            return TripDocumentResource
        return TripListResource

    def choose_export_resource_class(self, form, request):
        chosen = self._chosen_format(form, self.get_export_formats())
        if chosen is not None and is_document_format(chosen):
            return TripDocumentResource
        return TripListResource

    def create_confirm_form(self, request, import_form=None):
        form = super().create_confirm_form(request, import_form)
        if isinstance(form, TripConfirmImportForm):
            # Not an agency known only through another agency's restricted trips.
            form.fields["responsible_agency"].queryset = Agency.objects.visible_to(
                request.user
            ).order_by("name")
        return form

    def get_confirm_form_initial(self, request, import_form):
        initial = super().get_confirm_form_initial(request, import_form)
        if import_form is not None:
            initial["access"] = import_form.cleaned_data["access"]
        return initial

    def get_import_data_kwargs(self, **kwargs):
        form = kwargs.get("form")
        choices = {}
        if form is not None and hasattr(form, "cleaned_data"):
            choices["access"] = form.cleaned_data.get("access")
            if isinstance(form, TripConfirmImportForm):
                choices["corrections"] = form.corrections()
                choices["checked"] = form.checked()
                choices["responsible_agency"] = form.cleaned_data.get("responsible_agency")
                choices["responsible_person"] = form.cleaned_data.get("responsible_person")
        # A confirmed import is all or nothing, invalid rows included.
        return {
            **super().get_import_data_kwargs(**kwargs),
            **choices,
            "rollback_on_validation_errors": True,
        }

    def process_import(self, request, **kwargs):
        """The confirm step.  A correction that does not fit shows the preview again
        with the editor's input and the reason beside the field; nothing is written."""
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_confirm_form(request)
            if not form.is_valid() and self._can_preview_again(form):
                return self._preview_again(request, form)
        return super().process_import(request, **kwargs)

    @staticmethod
    def _can_preview_again(form):
        base = ("import_file_name", "original_file_name", "format", "access")
        return not any(name in form.errors for name in base)

    def _preview_again(self, request, form):
        import_formats = self.get_import_formats()
        try:
            input_format = import_formats[int(form.cleaned_data["format"])](
                encoding=self.from_encoding
            )
        except (ValueError, IndexError):
            return super().process_import(request)
        tmp_storage = self.get_tmp_storage_class()(
            name=form.cleaned_data["import_file_name"],
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
            **self.get_tmp_storage_class_kwargs(),
        )
        try:
            dataset = input_format.create_dataset(tmp_storage.read())
        except OSError:
            return super().process_import(request)
        resource = self.choose_import_resource_class(form, request)(
            **self.get_import_resource_kwargs(request, form=form)
        )
        result = resource.import_data(
            dataset,
            dry_run=True,
            raise_errors=False,
            file_name=form.cleaned_data["original_file_name"],
            user=request.user,
            access=form.cleaned_data["access"],
        )
        for row in result.valid_rows():
            trip = getattr(row, "trip_preview", None)
            for field in trip["fields"] if trip else ():
                name = f"fix-{trip['row']}-{field.path}"
                if name in form.data:
                    field.value = form.data[name]
                field.checked = f"ok-{trip['row']}-{field.path}" in form.data
                field.errors = tuple(form.errors.get(name, ()))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Import"),
            "opts": self.model._meta,
            "result": result,
            "confirm_form": form,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context, status=400)

    def process_result(self, result, request):
        # A confirmed import that failed wrote nothing (it rolled back): say so rather
        # than report success.
        if result.has_errors() or result.has_validation_errors():
            context = {
                **self.admin_site.each_context(request),
                "title": _("Import"),
                "opts": self.model._meta,
                "result": result,
            }
            request.current_app = self.admin_site.name
            return TemplateResponse(request, [self.import_template_name], context, status=400)
        return super().process_result(result, request)
