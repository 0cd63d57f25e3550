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
    """The import form; files over 20 MB are refused before anything reads them."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > MAX_REPORT_BYTES:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


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
