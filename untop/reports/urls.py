from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/<slug:kind>/", views.report_new, name="new"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/download/", views.report_download, name="download"),
    # /download/docx/ and /download/xlsx/: the Word file and the spreadsheet; pdf too.
    path(
        "<int:pk>/download/<slug:file_format>/",
        views.report_download_format,
        name="download_format",
    ),
    path("<int:pk>/again/", views.report_build_again, name="again"),
    path("<int:pk>/preview/", views.report_preview, name="preview"),
    path("<int:pk>/narrative/", views.report_narrative, name="narrative"),
]
