"""The back office's import, as a new user tries it: a Windows-1251 CSV of seminar sign-in
sheets shows a preview, then the confirm step imports it; a file with a bad row shows the
row and the column and offers no confirm button."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Activity
from untop.audit.models import AuditEntry

from .conftest import corpus, database_counts

IMPORT_URL = "admin:programs_activity_import"
CONFIRM_URL = "admin:programs_activity_process_import"


def _upload(client, name: str):
    return client.post(
        reverse(IMPORT_URL),
        {"import_file": SimpleUploadedFile(name, corpus(name)), "format": "0"},
    )


def _hidden(html: str, name: str) -> str:
    match = re.search(rf'<input type="hidden" name="{name}"(?: value="([^"]*)")?', html)
    return match.group(1) or ""


def test_a_windows_1251_sign_in_sheet_imports_after_a_preview(
    manager_client, manager, sheet_records
):
    preview = _upload(manager_client, "signin_sheets_cp1251.csv")

    assert preview.status_code == 200
    html = preview.content.decode()
    assert "Семинар «Толерантность в школе»" in html  # the Cyrillic read right
    assert "Госслужащие" in html
    assert "Confirm import" in html
    assert Activity.objects.count() == 0  # the preview saved nothing

    confirmed = manager_client.post(
        reverse(CONFIRM_URL),
        {
            name: _hidden(html, name)
            for name in ("import_file_name", "original_file_name", "format", "resource")
        },
        follow=True,
    )

    assert confirmed.status_code == 200
    assert "Import finished: 3 rows read: added 2, changed 0." in confirmed.content.decode()
    assert Activity.objects.count() == 2
    seminar = Activity.objects.get(title__startswith="Семинар")
    assert seminar.participants.count() == 2
    assert seminar.created_by == manager
    assert AuditEntry.objects.filter(actor=manager, object_id=str(seminar.pk)).exists()


def test_a_file_with_one_bad_row_names_it_and_cannot_be_confirmed(manager_client, sheet_records):
    before = database_counts()
    response = _upload(manager_client, "one_bad_row.csv")

    html = response.content.decode()
    assert "“twelve” is not a whole number." in html
    assert "<td>5 </td>" in html  # the spreadsheet's row number (the header is row 1)
    assert '<span class="validation-error-field-label">men</span>' in html
    assert "Confirm import" not in html
    assert database_counts() == before


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("zip_bomb.xlsx", "zip bomb"),
        ("wrong_encoding_koi8r.csv", "neither UTF-8 nor Windows-1251"),
        ("extra_column.csv", "Unknown column “womem”"),
    ],
)
def test_unreadable_files_get_their_message_in_the_back_office(
    manager_client, sheet_records, name, message
):
    before = database_counts()
    fmt = "1" if name.endswith(".xlsx") else "0"
    response = manager_client.post(
        reverse(IMPORT_URL),
        {"import_file": SimpleUploadedFile(name, corpus(name)), "format": fmt},
    )
    assert message in response.content.decode()
    assert "Confirm import" not in response.content.decode()
    assert database_counts() == before


def test_programme_staff_have_no_back_office_import(staff_client):
    response = staff_client.get(reverse(IMPORT_URL))
    assert response.status_code == 302  # to the admin's sign-in: staff are not is_staff


def test_a_large_file_is_sent_to_the_import_page(settings, manager_client, sheet_records):
    settings.UNTOP_IMPORT_BACKGROUND_ROWS = 2
    response = _upload(manager_client, "signin_sheets_cp1251.csv")
    assert (
        "The file has 3 rows: send it on the import page (/imports/)" in response.content.decode()
    )
    assert Activity.objects.count() == 0


def test_the_import_page_offers_the_blank_template(manager_client):
    page = manager_client.get(reverse(IMPORT_URL)).content.decode()
    assert reverse("imports:template", args=["activities", "xlsx"]) in page
