from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.import_index, name="index"),
    path(
        "templates/<slug:key>.<str:extension>",
        views.import_template,
        name="template",
    ),
    path("jobs/<int:pk>/", views.import_job, name="job"),
]
