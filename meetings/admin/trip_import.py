"""Import and export on the trip changelist (django-import-export's admin views)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.forms import ExportForm, ImportForm

from ..importing import MAX_REPORT_BYTES
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

    def get_import_data_kwargs(self, **kwargs):
        # A confirmed import is all or nothing, invalid rows included.
        return {**super().get_import_data_kwargs(**kwargs), "rollback_on_validation_errors": True}
